"""The committee's language: no function name, number code or tool talk in any printed label or text.

Every text the print shows — typed labels and notes, texts computed by formulas (read from the refreshed
workbook), chart titles, series names and axis titles — of both examples is scanned for the Excel names of
Trappen's functions (from ``trappen.udfs.REGISTRY``), for number codes ("(1 = samme priser, 2 = budgetpres)",
"(1–6)", "(nr.)", "0 = ..."), and for words about the tool instead of the case. Choices are words picked from
a list in the cell (data validation), never numbers standing for words.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from trappen import udfs
from trappen.addin.app import refresh
from trappen.templates.build import build
from trappen.templates.example import EXAMPLES

#: An Excel name of one of our functions, as a word (PLACEMENTCOST, not PLACEMENTCOSTS' part).
FUNCTION = re.compile(r"\b(" + "|".join(sorted(udfs.REGISTRY, key=len, reverse=True)) + r")\b")
#: A number standing for a word: "(1 = samme priser", "2 = budgetpres", "(1–6)", "(nr.)", "0 = aldrig".
CODE = re.compile(r"\d\s*=\s*[A-Za-zÆØÅæøå]|\(\s*\d+\s*[–-]\s*\d+\s*\)|\(nr\.\)")
#: Talk about the tool, not the case: formulas, functions, spilling, simulation runs called "forløb".
TOOL = re.compile(r"\b(formler?|formlerne|funktion(?:en|er|erne)?|spill|dynamisk matrix|Trappens|Trappen|xlwings|"
                  r"forløb)\b", re.IGNORECASE)
#: Sheets another engineer brings to the committee's language in the same issue (item 7 there): checked once
#: their branch is merged, expected to fail here until then.
OTHERS = {"Sammendrag", "Scenarier", "Usikkerhed", "Investeringscase", "Sagstal"}

DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/main}t"


def printed_texts(workbook: Path) -> dict[str, list[str]]:
    """Sheet -> every text it prints: text cells (typed or computed) and its charts' texts."""
    book = openpyxl.load_workbook(workbook, data_only=True)
    texts = {sheet.title: [" ".join(cell.value.split()) for row in sheet.iter_rows() for cell in row
                           if isinstance(cell.value, str) and cell.value.strip()]
             for sheet in book.worksheets if sheet.sheet_state == "visible"}
    with zipfile.ZipFile(workbook) as zf:
        order = [sheet.title for sheet in book.worksheets]
        for name in zf.namelist():
            if not re.fullmatch(r"xl/worksheets/_rels/sheet\d+\.xml\.rels", name):
                continue
            sheet = order[int(re.search(r"sheet(\d+)", name).group(1)) - 1]
            if sheet not in texts:
                continue
            for drawing in re.findall(r'Target="\.\./drawings/(drawing\d+\.xml)"', zf.read(name).decode()):
                rels = zf.read(f"xl/drawings/_rels/{drawing}.rels").decode()
                for chart in re.findall(r'Target="\.\./charts/(chart\d+\.xml)"', rels):
                    root = etree.fromstring(zf.read(f"xl/charts/{chart}"))
                    texts[sheet] += [node.text for node in root.iter(DRAWING) if node.text]
                    texts[sheet] += [node.text for node in root.iter("{*}v") if node.text and not
                                     re.fullmatch(r"[\d.,\-E+ ]+", node.text)]
    return texts


@pytest.fixture(scope="module", params=sorted(EXAMPLES))
def texts(request, tmp_path_factory) -> dict[str, list[str]]:
    path = build(tmp_path_factory.mktemp(f"language-{request.param}") / "investeringscase.xlsx",
                 EXAMPLES[request.param])
    refresh.refresh(path, keep_backup=False)
    return printed_texts(path)


def offending(texts: list[str]) -> list[tuple[str, str]]:
    found = []
    for text in texts:
        for pattern in (FUNCTION, CODE, TOOL):
            match = pattern.search(text)
            if match:
                found.append((match.group(), text[:90]))
    return found


def test_the_scan_finds_what_it_looks_for():
    """The patterns catch the issue's examples, and pass the committee's own words."""
    for text in ("Udgiften beregnes med PLACEMENTCOST", "Prisvisning (1 = samme priser, 2 = budgetpres)",
                 "Evidensgrad (1–6)", "Anbringelsestype (nr.) 5", "Tilbagebetalingsår (0 = aldrig)",
                 "Alle tal og sætninger på denne side er formler", "10.000 forløb"):
        assert offending([text]), text
    for text in ("Andel af planens besparelse nået (efter følgeudgifter)", "Regnskab 2016 i 2017-P/L",
                 "Serviceloven § 176 a (børn og unge)", "Tærskel 1 (kr.)", "Jan 16 *)", "2018–2020"):
        assert not offending([text]), text


def test_no_printed_text_names_a_function_or_a_code(texts):
    for sheet, strings in texts.items():
        if sheet in OTHERS:
            continue
        assert not offending(strings), (sheet, offending(strings))


def test_no_printed_text_names_a_function_or_a_code_on_the_other_sheets(texts):
    for sheet, strings in texts.items():
        if sheet in OTHERS:
            assert not offending(strings), (sheet, offending(strings))
