"""The causes found on real workbooks, each fixed or refused by name (issue 9, items 1–3).

The workbooks are written with xlsxwriter, giving each formula the value Excel would have saved; where a
test needs saved values that count as computed, :func:`as_saved_by_excel` rewrites the calculation
flags the way Excel leaves them (no ``fullCalcOnLoad``).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from tests.conftest import as_saved_by_excel
from trappen.addin.app import refresh
from trappen.addin.engine import calculation
from trappen.addin.engine.contents import read_contents


def cell_xml(path: Path, part: str, cell: str) -> str:
    with zipfile.ZipFile(path) as zf:
        xml = zf.read(part).decode()
    return re.search(rf'<c r="{cell}"[^>]*?(?:/>|>.*?</c>)', xml).group(0)


def test_booleans_are_written_as_booleans_not_as_text(tmp_path):
    path = tmp_path / "sand.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Ark1")
    sheet.write_row("A1", [1, 2])
    sheet.write_formula("C1", "=A1<B1", None, True)
    sheet.write_formula("D1", "=NOT(C1)", None, False)
    book.close()
    result = refresh.refresh(as_saved_by_excel(path), verify=True)
    assert result.value("Ark1", "C1") is True and result.value("Ark1", "D1") is False
    assert re.search(r't="b".*<v>1</v>', cell_xml(path, "xl/worksheets/sheet1.xml", "C1"))
    assert re.search(r't="b".*<v>0</v>', cell_xml(path, "xl/worksheets/sheet1.xml", "D1"))


def test_sheet_names_with_an_apostrophe_danish_letters_and_spaces(tmp_path):
    path = tmp_path / "genitiv.xlsx"
    book = xlsxwriter.Workbook(path)
    aarhus = book.add_worksheet("Aarhus' budget")
    aarhus.write_row("A1", [10.5, 20.25])
    summary = book.add_worksheet("Nøgletal 2018")
    summary.write_formula("A1", "='Aarhus'' budget'!A1+'Aarhus'' budget'!B1", None, 30.75)
    summary.write_formula("A2", "=SUM('Aarhus'' budget'!A1:B1)*2", None, 61.5)
    book.close()
    result = refresh.refresh(as_saved_by_excel(path), verify=True)
    assert result.value("Nøgletal 2018", "A1") == 30.75
    assert result.value("Nøgletal 2018", "A2") == 61.5


def test_names_scoped_to_a_sheet_hidden_names_and_sum_of_a_name(tmp_path):
    path = tmp_path / "navne.xlsx"
    book = xlsxwriter.Workbook(path)
    first, second = book.add_worksheet("Ballerup"), book.add_worksheet("Roskilde")
    first.write_column("A1", [1, 2, 3])
    second.write_column("A1", [10, 20, 30])
    book.define_name("Ballerup!Antal", "=Ballerup!$A$1:$A$3")
    book.define_name("Roskilde!Antal", "=Roskilde!$A$1:$A$3")
    book.define_name("Rente", "=0.05")
    book.define_name("_Skjult", "=Roskilde!$A$2")
    first.write_formula("B1", "=SUM(Antal)", None, 6)
    second.write_formula("B1", "=SUM(Antal)", None, 60)
    second.write_formula("B2", "=SUM(Ballerup!Antal)+Rente", None, 6.05)
    second.write_formula("B3", "=_Skjult*2", None, 40)
    book.close()
    with zipfile.ZipFile(path) as zf:
        workbook_xml = zf.read("xl/workbook.xml")
    hidden = workbook_xml.replace(b'name="_Skjult"', b'name="_Skjult" hidden="1"')
    _replace_part(path, "xl/workbook.xml", hidden)
    result = refresh.refresh(as_saved_by_excel(path), verify=True)
    assert result.value("Ballerup", "B1") == 6 and result.value("Roskilde", "B1") == 60
    assert result.value("Roskilde", "B2") == pytest.approx(6.05)
    assert result.value("Roskilde", "B3") == 40


def test_a_relative_name_refers_relative_to_the_cell_that_uses_it(tmp_path):
    """Excel stores a relative name relative to A1, wrapping round the sheet: 'the cell to the left'."""
    path = tmp_path / "relativ.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Ark1")
    sheet.write_column("A1", [54.375, 56.25])
    book.define_name("Venstre", "=Ark1!XFD1")  # from A1: one column to the left, same row
    sheet.write_formula("B1", "=Venstre", None, 54.375)
    sheet.write_formula("B2", "=Venstre*2", None, 112.5)
    book.close()
    result = refresh.refresh(as_saved_by_excel(path), verify=True)
    assert result.value("Ark1", "B1") == 54.375
    assert result.value("Ark1", "B2") == 112.5


def test_whole_columns_and_rows_are_bounded_by_the_used_range(tmp_path):
    path = tmp_path / "kolonner.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Ark1")
    sheet.write_column("A1", [4, 5, 6])
    sheet.write_formula("C1", "=SUM(A:A)", None, 15)
    sheet.write_formula("C2", "=INDEX(A:A,3)", None, 6)
    sheet.write_formula("C3", "=SUM(1:1)", None, 19)
    book.close()
    contents = read_contents(as_saved_by_excel(path))
    assert (contents.sheets[0].last_row, contents.sheets[0].last_column) == (3, 3)
    result = refresh.refresh(path, verify=True)
    assert [result.value("Ark1", c) for c in ("C1", "C2", "C3")] == [15, 6, 19]


def test_another_workbook_is_never_read(tmp_path):
    """A formula on another file keeps Excel's cached value (trusted) or is refused by name — never read."""
    other = tmp_path / "andet.xlsx"
    book = xlsxwriter.Workbook(other)
    book.add_worksheet("Ark1").write("A1", 999)
    book.close()
    path = tmp_path / "link.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Ark1")
    sheet.write_formula("A1", "=[andet.xlsx]Ark1!A1*2", None, 84)
    sheet.write_formula("A2", "=A1+1", None, 85)
    book.close()
    before = path.read_bytes()
    with pytest.raises(calculation.CannotCompute, match="henviser til en anden projektmappe"):
        refresh.refresh(path)  # xlsxwriter's zeros are no saved values: A1 would have to be computed
    assert path.read_bytes() == before
    result = refresh.refresh(as_saved_by_excel(path), verify=True)
    assert result.value("Ark1", "A1") == 84 and result.value("Ark1", "A2") == 85
    assert [k.cell for k in result.kept] == ["A1"] and "anden projektmappe" in result.kept[0].reason


@pytest.mark.parametrize("formula, reason", [
    ("=SUM(Tabel1[Beløb])", "tabelreference"),
    ("=OFFSET(A1,A2+1,0)", "Excel-funktion, som Trappen ikke kan beregne uden Excel: OFFSET"),  # rows not static
    ("=_xlfn.BASE(A1,2)", "Excel-funktion, som Trappen ikke kan beregne uden Excel: _XLFN.BASE"),
    ('=INDIRECT("A"&1)', "Excel-funktion, som Trappen ikke kan beregne uden Excel: INDIRECT"),
    ("=FOOBAR(A1)", "funktioner, som hverken Excel eller Trappen kender: FOOBAR"),
])
def test_what_the_engine_cannot_compute_is_named(tmp_path, formula, reason):
    path = tmp_path / "navngivet.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Ark1")
    sheet.write_column("A1", [1, 2])
    sheet.write_formula("B1", formula, None, 3)
    sheet.write_formula("B2", formula + "+NETSAVING(A1,0)", None, 4)
    book.close()
    before = path.read_bytes()
    with pytest.raises(calculation.CannotCompute, match=re.escape(reason)):
        refresh.refresh(path)
    assert path.read_bytes() == before
    with pytest.raises(calculation.CannotCompute, match=re.escape(reason) + ".*Ark1!B2|Ark1!B2.*" + re.escape(reason)):
        refresh.refresh(as_saved_by_excel(path))  # B2 calls ours: it must be computed, no saved value helps


def test_1904_dates_are_refused_where_a_formula_turns_numbers_into_dates(tmp_path):
    path = tmp_path / "mac.xlsx"
    book = xlsxwriter.Workbook(path, {"date_1904": True})
    sheet = book.add_worksheet("Ark1")
    sheet.write("A1", 43000)
    sheet.write_formula("B1", "=A1+1", None, 43001)
    sheet.write_formula("C1", "=YEAR(A1)", None, 2021)
    book.close()
    with pytest.raises(calculation.CannotCompute, match="1904-datosystemet"):
        refresh.refresh(path)
    result = refresh.refresh(as_saved_by_excel(path), verify=True)  # kept as Excel computed it
    assert result.value("Ark1", "C1") == 2021 and result.value("Ark1", "B1") == 43001


def test_trusted_saved_values_stay_and_only_our_functions_and_their_dependents_are_computed(tmp_path):
    path = tmp_path / "delvis.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Investeringscase")
    sheet.write_row("A1", [5.5, 5.5])
    sheet.write_row("A2", [3.0, 11.2])
    sheet.write_formula("A3", "=A1*2", None, 999)  # a saved value this engine would not compute
    sheet.write_formula("B3", "=NETSAVING(B1,B2)", None, "#NAME?")  # saved by a program without our functions
    sheet.write_formula("C3", "=B3+A3", None, 0)
    book.close()
    as_saved_by_excel(path)
    result = refresh.refresh(path)
    assert result.trusted and result.computed == 2
    assert result.value("Investeringscase", "A3") == 999  # kept: not computed
    assert result.value("Investeringscase", "B3") == pytest.approx(-5.7)
    assert result.value("Investeringscase", "C3") == pytest.approx(993.3)

    with pytest.raises(calculation.NotReproduced, match=r"Investeringscase!A3 =A1\*2: gemt 999, Trappen 11"):
        refresh.refresh(path, verify=True)
    kept = refresh.refresh(path, verify=True, keep_saved=True)
    assert [str(d) for d in kept.differences] == ["Investeringscase!A3 =A1*2: gemt 999, Trappen 11"]
    assert kept.value("Investeringscase", "A3") == 999


def test_manual_calculation_without_calculation_on_save_is_not_trusted(tmp_path):
    path = tmp_path / "manuel.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Ark1")
    sheet.write("A1", 2)
    sheet.write_formula("A2", "=A1*2", None, 999)
    book.close()
    stale = refresh.refresh(as_saved_by_excel(Path(path), ' calcMode="manual" calcOnSave="0"'))
    assert not stale.trusted and stale.value("Ark1", "A2") == 4
    path = tmp_path / "manuel.xlsx"
    saved_on_save = refresh.refresh(as_saved_by_excel(path, ' calcMode="manual"'))
    assert saved_on_save.trusted


def _replace_part(path: Path, name: str, data: bytes) -> None:
    with zipfile.ZipFile(path) as zf:
        parts = {info: zf.read(info.filename) for info in zf.infolist()}
    with zipfile.ZipFile(path, "w") as zf:
        for info, old in parts.items():
            zf.writestr(info, data if info.filename == name else old)


def test_data_tables_and_macro_sheets_with_an_empty_relationship(tmp_path):
    path = tmp_path / "hvadhvis.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Ark1")
    sheet.write_row("A1", [2, 3])
    sheet.write_formula("B2", "=A1*B1", None, 6)
    sheet.write("C2", 6)
    book.close()
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("xl/worksheets/sheet1.xml")
        workbook_xml = zf.read("xl/workbook.xml")
    xml = re.sub(rb'<c r="C2"([^>]*)><v>6</v></c>', rb'<c r="C2"\1><f t="dataTable" ref="C2" dt2D="0" dtr="0" '
                 rb'r1="A1"/><v>6</v></c>', xml)
    _replace_part(path, "xl/worksheets/sheet1.xml", xml)
    macro = workbook_xml.replace(b"</sheets>", b'<sheet name="Makro1" sheetId="9" r:id=""/></sheets>')
    _replace_part(path, "xl/workbook.xml", macro)
    with pytest.raises(calculation.CannotCompute, match="datatabel"):
        refresh.refresh(path)
    result = refresh.refresh(as_saved_by_excel(path), verify=True)
    assert result.value("Ark1", "C2") == 6 and result.value("Ark1", "B2") == 6
    assert [k.cell for k in result.kept] == ["C2"]


def test_a_damaged_sheet_is_refused_in_one_line_not_with_a_traceback(tmp_path):
    path = tmp_path / "skadet.xlsx"
    book = xlsxwriter.Workbook(path)
    book.add_worksheet("Ark1").write_formula("A1", "=1+1", None, 2)
    book.close()
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("xl/worksheets/sheet1.xml")
    _replace_part(path, "xl/worksheets/sheet1.xml", xml.replace(b"<f>1+1</f><v>2</v>", b'<f>1+1</f><v>2</v></c>'
                                                                 b'<c r="B1" t="s"><v>99</v>'))
    before = path.read_bytes()
    says = "skadet.xlsx: er beskadiget: en celle henviser til tekst nr. 99"
    with pytest.raises(refresh.WorkbookError, match=says) as refused:
        refresh.refresh(path)
    assert "\n" not in str(refused.value) and path.read_bytes() == before
