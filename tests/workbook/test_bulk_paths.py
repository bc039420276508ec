"""The bulk reader and the splicing writer give what the per-cell lxml paths give, cell for cell.

``engine.contents`` reads the plain number cells of a sheet straight from its bytes and the rest through
lxml; ``workbook.splice`` writes the cached values into the sheet's bytes. Each is held here to the path it
replaces (every cell through lxml: ``_plain_numbers`` switched off; the tree writer
``writer.patch_sheet_tree``): the same values of the same types, the same formulas in the same order, the
same XML (canonical form) and statistics — on the real workbooks, on growth workbooks of both shapes, and
on a sheet written by hand with every kind of cell.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import sys
import zipfile
from pathlib import Path

import pytest
from formulas.tokens.operand import Error
from lxml import etree

from trappen.addin.engine import contents
from trappen.addin.workbook import ooxml, splice, writer
from trappen.addin.workbook.cells import cell
from trappen.addin.workbook.failures import WorkbookError

FOLDER = Path(__file__).parents[1] / "data" / "workbooks"
REAL = sorted(FOLDER.rglob("*.xls[xm]"))
MAIN = ooxml.MAIN

WORKBOOK = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="{MAIN}" xmlns:r="{ooxml.REL}"><sheets><sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets>
<calcPr calcId="191029"/></workbook>"""
RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{ooxml.PKG_REL}">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
 Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
 Target="sharedStrings.xml"/></Relationships>"""
STRINGS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="{MAIN}" count="3" uniqueCount="3"><si><t>Ballerup</t></si>
<si><r><rPr><b/><family val="2"/></rPr><t>fed </t></r><r><t>tekst</t></r><rPh><t>x</t></rPh></si><si><t/></si></sst>"""

#: Every kind of cell: numbers in every spelling, shared and inline strings (rich text), booleans, errors,
#: dates, t="str" and t="n", empty cached values, styled empty cells, shared formulas, an array formula with
#: its range, a dynamic array, pretty-printed whitespace.
CELLS = """<row r="1" spans="1:6"><c r="A1"><v>1</v></c><c r="B1" s="2"><v>-0.5</v></c><c r="C1"><v>1E-3</v></c>
<c r="D1" s="1"/><c r="E1"><v>+5</v></c><c r="F1"><v>.5</v></c></row>
<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s" s="3"><v>1</v></c>
<c r="C2" t="inlineStr"><is><r><t>in</t></r><r><rPr><family val="2"/></rPr><t>line</t></r></is></c>
<c r="D2" t="b"><v>1</v></c><c r="E2" t="e"><v>#DIV/0!</v></c><c r="F2" t="d"><v>2024-02-29T12:00:00</v></c></row>
<row r="3"><c r="A3" t="str"><v>tekst</v></c><c r="B3" t="n"><v>7</v></c><c r="C3"><v></v></c><c r="D3"><v>1e400</v></c>
<c r="E3"><v>12345678901234567890</v></c><c r="F3" t="s"><v>2</v></c></row>
<row r="4">
  <c r="A4" s="1">
    <f>A1+B1</f>
    <v>0.5</v>
  </c>
  <c r="B4"><f t="shared" ref="B4:D4" si="0">B1*2</f><v>-1</v></c><c r="C4"><f t="shared" si="0"/><v>0.002</v></c>
  <c r="D4" t="str"><f t="shared" si="0"/><v>gammel</v></c>
  <c r="E4" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="F4" t="b"><f>A1=1</f><v>1</v></c>
</row>
<row r="5"><c r="A5" t="str"><f>A3&amp;"&lt;&gt;"</f><v>tekst&lt;&gt;</v></c><c r="B5"><f>A1</f></c>
<c r="C5" t="inlineStr"><f>"x"</f><is><t>x</t></is></c><c r="D5"><f t="array" ref="D5:E6">A1:B2*1</f><v>1</v></c>
<c r="E5"><v>-0.5</v></c><c r="F5" cm="1"><f t="array" ref="F5:F6">SEQUENCE(2)</f><v>1</v></c></row>
<row r="6"><c r="A6"><f>DATE(2024,2,29)</f><v>45351</v></c><c r="D6" t="s"><v>0</v></c><c r="E6" t="b"><v>1</v></c>
<c r="F6"/></row>"""


def sheet_xml(cells: str, head: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{head}<worksheet xmlns="{MAIN}" '
            f'xmlns:r="{ooxml.REL}"><dimension ref="A1:F6"/><sheetData>{cells}</sheetData></worksheet>')


def package(path: Path, sheet: str) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", RELS)
        zf.writestr("xl/sharedStrings.xml", STRINGS)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def read_cell_by_cell(path: Path, monkeypatch) -> contents.Contents:
    """The contents as every cell read through lxml (the bulk reading of plain numbers switched off)."""
    with monkeypatch.context() as patched:
        patched.setattr(contents, "_plain_numbers", lambda xml, values, columns: (xml, 0, 0, 0))
        return contents.read_contents(path)


def shown(value) -> tuple[str, str]:
    return ("no value", "") if value is contents.NO_VALUE else (type(value).__name__, repr(value))


def assert_same_contents(a: contents.Contents, b: contents.Contents) -> None:
    assert [s.name for s in a.sheets] == [s.name for s in b.sheets]
    for x, y in zip(a.sheets, b.sheets, strict=True):
        assert {k: shown(v) for k, v in x.values.items()} == {k: shown(v) for k, v in y.values.items()}, x.name
        assert [(k, f.text, shown(f.saved), f.array, f.problem, f.shared_from) for k, f in x.formulas.items()] == \
            [(k, f.text, shown(f.saved), f.array, f.problem, f.shared_from) for k, f in y.formulas.items()], x.name
        assert (x.last_row, x.last_column, x.data_tables) == (y.last_row, y.last_column, y.data_tables), x.name


def canonical(xml: bytes) -> bytes:
    return etree.tostring(etree.fromstring(xml, ooxml.XML_PARSER), method="c14n")


KINDS = [2.5, 3.0, -0.0, 1e300, float("inf"), "tekst & <mere> \r\n\tlinje", "", "æøå", True, False,
         Error.errors["#DIV/0!"], Error.errors["#N/A"], None, dt.date(2024, 2, 29), 12, 1e16]


def values_of_every_kind(sheet: contents.Sheet) -> dict[str, object]:
    """A value of another kind for each formula cell and each cell of an array range (types change)."""
    out, i = {}, 0
    for (row, column), formula in sheet.formulas.items():
        r1, c1, r2, c2 = formula.array or (row, column, row, column)
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                out[cell(r, c)] = KINDS[i % len(KINDS)]
                i += 1
    return out


def assert_same_writing(xml: bytes, values: dict[str, object], spliced_expected: bool | None = None) -> None:
    spliced = splice.splice_values(xml, values, writer.xml_value)
    if spliced_expected is not None:
        assert (spliced is not None) == spliced_expected
    if spliced is None:
        return
    tree = writer.patch_sheet_tree(xml, values)
    assert canonical(spliced[0]) == canonical(tree[0])
    assert spliced[1] == tree[1]
    assert writer.patch_sheet(xml, values)[0] == spliced[0]


@pytest.mark.parametrize("compact", [False, True], ids=["pretty-printed", "compact"])
def test_every_kind_of_cell_reads_and_writes_as_cell_by_cell(tmp_path, monkeypatch, compact):
    """Pretty-printed, the formula cells are found one by one; compact (and no formula cell holding an inline
    string), by the one scan for the common form."""
    cells = re.sub(r">\s+<", "><", CELLS).replace("<is><t>x</t></is>", "") if compact else CELLS
    path = package(tmp_path / "kinds.xlsx", sheet_xml(cells))
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    start, end = splice.plain_sheet_data(xml)
    assert splice._common_cells(xml, start, end, {}, []) == compact
    bulk, by_cell = contents.read_contents(path), read_cell_by_cell(path, monkeypatch)
    assert_same_contents(bulk, by_cell)
    assert contents._plain_numbers(zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml"), {}, {})[1] == 8
    values = bulk.sheets[0].values
    assert values[(1, 1)] == 1.0 and values[(1, 3)] == 0.001 and values[(1, 5)] == 5.0 and (1, 4) not in values
    assert values[(2, 2)] == "fed tekst" and values[(2, 3)] == "inline" and values[(3, 3)] == ""
    assert values[(3, 4)] == float("inf") and values[(3, 5)] == 12345678901234567890.0
    sheet = bulk.sheets[0]
    assert_same_writing(xml, values_of_every_kind(sheet), spliced_expected=True)
    saved = {cell(r, c): sheet.values.get((r, c)) for (r, c) in sheet.formulas}
    assert_same_writing(xml, saved, spliced_expected=True)
    assert_same_writing(xml, {}, spliced_expected=True)  # nothing computed: every formula cell said so


def test_a_reference_met_twice_is_read_in_the_sheets_order(tmp_path, monkeypatch):
    twice = '<row r="1"><c r="A1"><v>1</v></c><c r="A1" t="s"><v>0</v></c><c r="B1"><v>2</v></c></row>'
    path = package(tmp_path / "twice.xlsx", sheet_xml(twice))
    assert_same_contents(contents.read_contents(path), read_cell_by_cell(path, monkeypatch))
    assert contents.read_contents(path).sheets[0].values[(1, 1)] == "Ballerup"


@pytest.mark.parametrize("form", ["comment", "cdata", "prefix", "utf16", "missing array cell", "control"])
def test_other_forms_are_left_to_lxml(tmp_path, monkeypatch, form):
    cells = CELLS
    head = ""
    values = None
    if form == "comment":
        cells = '<!-- <row r="9"><c r="A9"><v>9</v></c></row> -->' + CELLS
    elif form == "cdata":
        cells = CELLS.replace("<v>tekst</v>", "<v><![CDATA[tekst]]></v>")
    elif form == "missing array cell":
        cells = CELLS.replace('<c r="E6" t="b"><v>1</v></c>', "")
    elif form == "control":
        values = {"A4": "bad \x01 text"}
    xml = sheet_xml(cells, head)
    if form == "prefix":
        xml = xml.replace("<worksheet xmlns=", "<x:worksheet xmlns:x=").replace("</worksheet>", "</x:worksheet>")
        xml = xml.replace("<", "<x:").replace("<x:/", "</x:").replace("<x:?", "<?").replace("<x:!", "<!")
        xml = xml.replace("</x:x:", "</x:").replace("<x:x:", "<x:")
    data = xml.encode("utf-16") if form == "utf16" else xml.encode("utf-8")
    path = package(tmp_path / f"{form}.xlsx", data)
    if form != "utf16":
        assert_same_contents(contents.read_contents(path), read_cell_by_cell(path, monkeypatch))
    assert splice.splice_values(data, values or {"A4": 1.0}, writer.xml_value) is None
    if form == "control":
        with pytest.raises(ValueError):
            writer.patch_sheet(data, values)
    elif form == "missing array cell":
        assert writer.patch_sheet(data, {"D5": 1.0, "E5": 2.0, "D6": 3.0, "E6": 4.0})[1]["inserted"] == 1


def growth(path: Path, cells: int, spilled: bool) -> Path:
    bench = _load("trappen_bench_refresh", Path(__file__).parents[2] / "benchmarks" / "refresh.py")
    return bench.growth_workbook(path, cells, spilled)


@pytest.mark.parametrize("spilled", [False, True], ids=["one call per cell", "spilled rows"])
def test_growth_workbooks_read_and_write_as_cell_by_cell(tmp_path, monkeypatch, spilled):
    path = growth(tmp_path / "vaekst.xlsx", 300, spilled)
    bulk = contents.read_contents(path)
    assert_same_contents(bulk, read_cell_by_cell(path, monkeypatch))
    with monkeypatch.context() as patched:  # the sheet split in many slices of rows, as a large one is
        patched.setattr(contents, "_SLICE", 700)
        assert_same_contents(contents.read_contents(path), bulk)
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    # every constant in bulk (prices, counts) and, spilled, the cells of each array range but its anchor
    assert contents._plain_numbers(xml, {}, {})[1] == 6 + 30 * 6 * 10 + (30 * 9 if spilled else 0)
    assert_same_writing(xml, values_of_every_kind(bulk.sheets[0]), spliced_expected=True)


@pytest.mark.parametrize("path", REAL, ids=[p.name for p in REAL])
def test_real_workbooks_read_and_write_as_cell_by_cell(path, monkeypatch):
    try:
        bulk = contents.read_contents(path)
    except WorkbookError:
        with pytest.raises(WorkbookError):
            read_cell_by_cell(path, monkeypatch)
        return
    assert_same_contents(bulk, read_cell_by_cell(path, monkeypatch))
    with zipfile.ZipFile(path) as zf:
        parts = ooxml.sheet_parts(zf)
        for sheet in bulk.sheets:
            if sheet.part not in parts.values() or not sheet.formulas:
                continue
            xml = ooxml.read_part(zf, sheet.part)
            assert_same_writing(xml, values_of_every_kind(sheet))
            assert_same_writing(xml, {cell(r, c): v for (r, c), v in sheet.values.items()})
