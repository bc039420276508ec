"""The print for the committee: ``trappen refresh --pdf`` on an English machine, read page by page.

LibreOffice (installed by ``.ci/run``) renders the refreshed template, Ballerup's and Roskilde's, through the
command line's own PDF path; poppler's ``pdftotext`` reads the pages back. Each page is checked for what a
reader would notice: the summary first, the sheet's title on top of every page, "Side x af N" counting printed
pages only (the technical sheets neither printed nor counted), no error value and no ``###``, numbers the
Danish way (1.234,5; 2,0 %) although the machine's locale is English, every text printed in full (none cut
off by its neighbour or its row), no word printed over another, no chart over a filled cell or across a page
break, and as many pages as the sheets' page breaks plan (no page runs over).
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pytest
from lxml import etree
from typer.testing import CliRunner

from trappen.addin.cli import app
from trappen.templates.build import build
from trappen.templates.example import EXAMPLES

#: An English machine: LibreOffice would show 1,234.5 and 2.0% here unless the print says Danish itself.
ENGLISH = {"LANG": "en_US.UTF-8", "LC_ALL": "en_US.UTF-8", "LANGUAGE": "en_US"}

#: The pages each example prints (Sammendrag 2, Forudsætninger 2 (the refusion table by year on its own page),
#: Anbringelser 2, Nøgletal 2 (the other municipality's comparison on its own page), Scenarier 3, Usikkerhed 3,
#: Opfølgning 2 ...).
PAGES = {"ballerup": 19, "roskilde": 13}

ERRORS = re.compile(r"#(NAME\?|VALUE!|REF!|DIV/0!|NUM!|N/A|NULL!|I/T|NAVN\?|VÆRDI!|REFERENCE!|TAL!)|Err:\d+|###")
NUMBER = re.compile(r"^[−-]?[\d.,]+%?$")
#: A number the Danish way: 1.234.567 or 1234, with at most two decimals after a comma (the template's formats).
DANISH = re.compile(r"^[−-]?([1-9]\d{0,2}(\.\d{3})+|\d+)(,\d{1,2})?$")
PUNCTUATION = "()[]:;,.\"'"
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


@dataclass
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    def overlap(self, other: Word) -> float:
        """The share of the smaller word's box that the other covers."""
        width = min(self.x1, other.x1) - max(self.x0, other.x0)
        height = min(self.y1, other.y1) - max(self.y0, other.y0)
        if width <= 0 or height <= 0:
            return 0.0
        smaller = min((self.x1 - self.x0) * (self.y1 - self.y0), (other.x1 - other.x0) * (other.y1 - other.y0))
        return width * height / smaller if smaller > 0 else 0.0


@dataclass
class Page:
    number: int
    sheet: str
    layout: str  # pdftotext -layout: lines as they look
    raw: str  # pdftotext -raw: the text in the order it was drawn, a cell's lines together
    words: list[Word] = field(default_factory=list)


@dataclass
class Printed:
    example: str
    workbook: Path
    pages: list[Page]

    def sheets(self) -> list[openpyxl.worksheet.worksheet.Worksheet]:
        book = openpyxl.load_workbook(self.workbook, data_only=True)
        return book.worksheets

    def pages_of(self, sheet: str) -> list[Page]:
        return [page for page in self.pages if page.sheet == sheet]


def pdftotext(pdf: Path, *options: str) -> str:
    return subprocess.run(["pdftotext", *options, str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


def read(pdf: Path) -> list[Page]:
    layouts = pdftotext(pdf, "-layout").split("\f")
    raws = pdftotext(pdf, "-raw").split("\f")
    boxes = pdftotext(pdf, "-bbox").split("<page ")[1:]
    pages = []
    # the text outputs end with a form feed (an empty last element): the pages are the boxes' pages
    for number, (layout, raw, box) in enumerate(zip(layouts, raws, boxes, strict=False), start=1):
        footer = [line for line in layout.splitlines() if line.strip()][-1]
        sheet = re.split(r"\s{2,}", footer.strip())[0]
        words = [Word(float(a), float(b), float(c), float(d), etree.fromstring(f"<w>{text}</w>").text or "")
                 for a, b, c, d, text in _WORD.findall(box)]
        pages.append(Page(number, sheet, layout, raw, words))
    return pages


@pytest.fixture(scope="module", params=sorted(PAGES))
def printed(request, tmp_path_factory) -> Printed:
    """The example's template, refreshed and printed by ``trappen refresh --pdf`` under an English locale."""
    folder = tmp_path_factory.mktemp(f"print-{request.param}")
    workbook = build(folder / "investeringscase.xlsx", EXAMPLES[request.param])
    pdf = folder / "investeringscase.pdf"
    result = CliRunner().invoke(app, ["refresh", str(workbook), "--pdf", str(pdf), "--no-backup"], env=ENGLISH)
    assert result.exit_code == 0, result.output
    return Printed(request.param, workbook, read(pdf))


def normal(text: str) -> str:
    return " ".join(text.split())


def strings(sheet) -> list[str]:
    """The texts the officer sees on a sheet: its text cells, typed or computed (the refresh's cached values)."""
    return [normal(cell.value) for row in sheet.iter_rows() for cell in row
            if isinstance(cell.value, str) and cell.value.strip()]


# --- pages, titles, page numbers ---------------------------------------------------------------------------------

def test_the_summary_comes_first_and_every_page_has_its_title_and_its_number(printed):
    visible = [s for s in printed.sheets() if s.sheet_state == "visible"]
    n = len(printed.pages)
    assert printed.pages[0].sheet == visible[0].title == "Sammendrag"
    for page in printed.pages:
        lines = [line.strip() for line in page.layout.splitlines() if line.strip()]
        sheet = next(s for s in visible if s.title == page.sheet)
        assert lines[0] == sheet["A1"].value, (page.number, lines[0])  # the title row repeats on every page
        assert re.fullmatch(rf"{re.escape(page.sheet)}\s+Side {page.number} af {n}", lines[-1]), lines[-1]
    # every visible sheet prints, in order, each on as many pages as its page breaks plan: no page runs over
    planned = [s.title for s in visible for _ in range(len(s.row_breaks.brk) + 1)]
    assert [page.sheet for page in printed.pages] == planned
    assert n == PAGES[printed.example]


def test_the_technical_sheets_are_hidden_and_not_printed(printed):
    """xlwings' settings, and the charts' data in the chosen unit (Diagramdata), are neither shown nor printed."""
    hidden = [s.title for s in printed.sheets() if s.sheet_state != "visible"]
    assert hidden == ["xlwings.conf", "Diagramdata"]
    assert not any("UDF Modules" in page.raw or page.sheet in hidden for page in printed.pages)
    assert not any("Diagrammernes tal" in page.raw for page in printed.pages)


# --- what a reader would notice -----------------------------------------------------------------------------------

def test_no_page_shows_an_error_value_or_hashes(printed):
    for page in printed.pages:
        assert not ERRORS.search(page.layout), (page.number, ERRORS.search(page.layout).group())


def test_numbers_print_the_danish_way_on_an_english_machine(printed):
    for sheet in printed.sheets():
        typed = {token.strip(PUNCTUATION) for text in strings(sheet) for token in text.split()}
        for page in printed.pages_of(sheet.title):
            for word in page.words:
                token = word.text.strip(PUNCTUATION)
                if not NUMBER.match(token) or token in typed:
                    continue
                assert not token.endswith("%"), (page.number, token)  # Danish: "2,0 %", with a space
                assert DANISH.match(token), (page.number, sheet.title, token)
    if printed.example == "ballerup":  # the documents' figures, as the committee reads them
        text = normal(" ".join(page.layout for page in printed.pages))
        for figure in ("77,0", "5,9", "2,0 %", "0,46", "461", "13-06-2018", "-15,4", "2,3 1,3 -0,7 -1,5 -1,9",
                       "171,1 %", "404,3 %", "830.000", "2.050.000"):
            assert figure in text, figure


def test_every_text_prints_in_full(printed):
    """A label cut by the cell beside it, or a note cut by its row's height, misses its last words. A text that
    appears in several cells must print as often: a short name cut in one column ("Fradrag i besparels") is not
    made whole by the same words printed in full in a table further down."""
    for sheet in printed.sheets():
        pages = printed.pages_of(sheet.title)
        if not pages:
            continue
        text = normal(" ".join(page.raw for page in pages))
        for string, times in Counter(strings(sheet)).items():
            assert text.count(string) >= times, (sheet.title, string, times)


def test_no_word_prints_over_another(printed):
    """Labels spilling over a neighbour, a note over a table, a chart's text over the cells: boxes that overlap."""
    for page in printed.pages:
        words = sorted(page.words, key=lambda w: w.x0)
        for i, word in enumerate(words):
            for other in words[i + 1:]:
                if other.x0 >= word.x1:
                    break
                assert word.overlap(other) < 0.2, (page.sheet, page.number, word.text, other.text)


def test_no_chart_covers_a_cell_or_crosses_a_page_break(printed):
    anchors = chart_anchors(printed.workbook)
    for sheet in printed.sheets():
        filled = {(cell.row - 1, cell.column - 1) for row in sheet.iter_rows() for cell in row
                  if cell.value not in (None, "")}
        breaks = [b.id for b in sheet.row_breaks.brk]
        for (row1, col1), (row2, col2) in anchors.get(sheet.title, []):
            covered = {(r, c) for r in range(row1, row2 + 1) for c in range(col1, col2 + 1)}
            assert not covered & filled, (sheet.title, sorted(covered & filled)[:3])
            assert not [b for b in breaks if row1 < b <= row2], (sheet.title, breaks)


def chart_anchors(workbook: Path) -> dict[str, list[tuple[tuple[int, int], tuple[int, int]]]]:
    """Each sheet's charts as the cells they lie over: ((first row, first col), (last row, last col)), 0-based."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
          "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
          "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"}

    def targets(zf, rels: str, folder: str) -> dict[str, str]:
        if rels not in zf.namelist():
            return {}
        root = etree.fromstring(zf.read(rels))
        return {r.get("Id"): str(Path(folder, r.get("Target")).resolve().relative_to(Path("/").resolve()))
                for r in root.iterfind("rel:Relationship", ns)}

    out = {}
    with zipfile.ZipFile(workbook) as zf:
        book = etree.fromstring(zf.read("xl/workbook.xml"))
        parts = targets(zf, "xl/_rels/workbook.xml.rels", "/xl")
        for sheet in book.iterfind("m:sheets/m:sheet", ns):
            part = parts[sheet.get(f"{{{ns['r']}}}id")]
            folder, name = part.rsplit("/", 1)
            for drawing in targets(zf, f"{folder}/_rels/{name}.rels", f"/{folder}").values():
                if "drawings/" not in drawing:
                    continue
                root = etree.fromstring(zf.read(drawing))
                for anchor in root.iterfind("xdr:twoCellAnchor", ns):
                    (c1, o1, r1, p1), (c2, o2, r2, p2) = (
                        [int(anchor.find(f"xdr:{end}/xdr:{tag}", ns).text)
                         for tag in ("col", "colOff", "row", "rowOff")]
                        for end in ("from", "to"))
                    last = (r2 if p2 > 0 else r2 - 1, c2 if o2 > 0 else c2 - 1)
                    out.setdefault(sheet.get("name"), []).append(((r1, c1), last))
    return out


# --- one answer to each question, or each other answer named --------------------------------------------------

_ANSWER = re.compile(r"^\s*(?P<name>(Casen: .*?\(Scenarier\)|.*?\(Investeringscase\)))\s+(?P<rest>.*)$")
_WHEN = re.compile(r"(ikke inden \d{4}|ikke i årene|\b(19|20)\d{2}\b)")


def meaning(text: str) -> str | None:
    """What a printed payback says: its year, or "never" (within the case's years); None if it says nothing."""
    found = _WHEN.search(text)
    if not found:
        return None
    return "ikke" if found.group(1).startswith("ikke") else found.group(1)


def test_every_printed_payback_is_the_headlines_or_named_and_listed_beside_it(printed):
    """Each page's "Tilbagebetalingsår" either gives the headline's answer (Sammendrag's case) or names whose
    answer it is (the note's table, BDO's), and then it is the answer Sammendrag lists for that name: a payback
    year on one page that another page contradicts without a name is the defect issue 16 found."""
    summary = printed.pages_of("Sammendrag")[0].layout.splitlines()
    answers = {}
    for line in summary:
        match = _ANSWER.match(line)
        if match:
            numbers = re.sub(r"^([−-]?[\d.,]+\s+){3}", "", match.group("rest").strip())
            answers.setdefault(match.group("name"), meaning(numbers))  # the table, not the bridge below it
    headline = next(meaning(line.split(")", 1)[1]) for line in summary if line.strip().startswith("Tilbagebetalingsår"))
    case = next(value for name, value in answers.items() if name.startswith("Casen: "))
    assert headline == case and headline is not None
    named = {"notatets tabel": next(v for n, v in answers.items() if "notatets tabel" in n or "Notatets model" in n),
             "BDO's tabel": next((v for n, v in answers.items() if n.startswith("BDO's tabel")), None)}
    seen = 0
    for page in printed.pages:
        for line in page.layout.splitlines():
            label = line.strip()
            if not label.startswith("Tilbagebetalingsår"):
                continue
            seen += 1
            said = meaning(label.replace("(akkumuleret ≤ 0)", ""))
            owner = next((name for name in named if name in label), None)
            expected = named[owner] if owner else headline
            assert said == expected, (page.number, page.sheet, label, expected)
    assert seen >= (3 if printed.example == "ballerup" else 2)


def test_the_cases_accumulated_result_prints_the_same_on_every_page_that_shows_it(printed):
    """Sammendrag's, Scenarier's and the Monte Carlo's base case print one accumulated result year by year; the
    note's own table (Investeringscase, named so) is the only other, and Sammendrag lists it by name."""
    rows = {}
    for page in printed.pages:
        for line in page.layout.splitlines():
            label = line.strip()
            if label.startswith("Akkumuleret nettoresultat ") or label.startswith("Basiscasen (Scenarier): akk"):
                numbers = re.findall(r"(?<![\d,])[−-]?\d+,\d(?![\d,])", label)[:5]
                if len(numbers) == 5 and page.sheet != "Investeringscase":
                    rows.setdefault(page.sheet, numbers)
    assert {"Sammendrag", "Scenarier", "Usikkerhed"} <= set(rows)
    assert len({tuple(numbers) for numbers in rows.values()}) == 1, rows


def test_no_unwrapped_text_is_wider_than_its_cell_when_the_next_cell_is_filled(printed):
    """LibreOffice cuts a text that does not wrap where the next cell holds something ("Fradrag i besparels"),
    and the words printed in full elsewhere (the tornado's labels, its chart) hide that from the text scan: a
    text's width, estimated from its characters and font size, must fit its column (Excel's width unit is about
    one character of the 11 pt font)."""
    from openpyxl.utils import get_column_letter

    book = openpyxl.load_workbook(printed.workbook, data_only=True)
    cut = []
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue
        merged = {(r, c) for m in sheet.merged_cells.ranges
                  for r in range(m.min_row, m.max_row + 1) for c in range(m.min_col, m.max_col + 1)}
        for row in sheet.iter_rows():
            for cell in row:
                if (not isinstance(cell.value, str) or (cell.row, cell.column) in merged or cell.alignment.wrap_text
                        or sheet.cell(cell.row, cell.column + 1).value in (None, "")):
                    continue
                width = sheet.column_dimensions[get_column_letter(cell.column)].width or 8.43
                if len(cell.value) * (cell.font.sz or 11) / 11 * 0.95 > width:
                    cut.append(f"{sheet.title}!{cell.coordinate}: {cell.value}")
    assert not cut, cut


def test_another_municipalitys_name_appears_only_as_a_labelled_comparison(printed):
    """Roskilde's pages name Ballerup only to say a value is taken from or like Ballerup's ("som Ballerup-notatet",
    "fx Ballerups 20 %"), never as if Ballerup's note were Roskilde's source (the price view's explanation once
    said "Ballerup-notatets finansieringsbehov" in Roskilde's workbook)."""
    other = {"roskilde": "Ballerup", "ballerup": "Roskilde"}[printed.example]
    for page in printed.pages:
        for sentence in re.split(r"(?<=[.;])\s", normal(page.raw)):
            for found in re.finditer(other, sentence):
                before = sentence[:found.start()]
                assert re.search(r"\b(som|fx)\b[^.;]*$", before), (page.number, page.sheet, sentence)
