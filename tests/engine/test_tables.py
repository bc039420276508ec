"""Excel tables' structured references resolved into A1 references and computed (addin/engine/tables.py).

The references and what they refer to are Microsoft's: "Using structured references with Excel tables",
https://support.microsoft.com/en-us/office/using-structured-references-with-excel-tables-f5ed2452-2337-4f71-bed3-c8ae6d2b276e
— its Department Sales table (DeptSales, A1:E8: a header row, six data rows, a totals row; columns Sales
Person, Region, Sales Amount, % Commission, Commission Amount), its table of examples ("This structured
reference: … Refers to: …") and its syntax rules (the escape character ``'``). The shared real workbook
tests_data_Calculation_TableFormulae.xlsx is that very table, saved by Excel: its saved values are the
yardstick for the end-to-end test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import xlsxwriter

from tests.conftest import as_saved_by_excel
from trappen.addin.app import refresh
from trappen.addin.engine import calculation
from trappen.addin.engine.contents import read_contents
from trappen.addin.engine.tables import Column, Table, parse_brackets, resolve

REAL = Path(__file__).parents[1] / "data" / "workbooks" / "phpspreadsheet"

DEPT_SALES = Table("DeptSales", "Sheet1", 1, 1, 8, 5, header_rows=1, totals_rows=1,
                   columns=[Column(name) for name in ("Sales Person", "Region", "Sales Amount", "% Commission",
                                                      "Commission Amount")])
TABLES = {"DEPTSALES": DEPT_SALES}


@pytest.mark.parametrize("reference, cells", [
    # Microsoft's "Examples of using structured references"
    ("DeptSales[[#All],[Sales Amount]]", "$C$1:$C$8"),
    ("DeptSales[[#Headers],[% Commission]]", "$D$1"),
    ("DeptSales[[#Totals],[Region]]", "$B$8"),
    ("DeptSales[[#All],[Sales Amount]:[% Commission]]", "$C$1:$D$8"),
    ("DeptSales[[#Data],[% Commission]:[Commission Amount]]", "$D$2:$E$7"),
    ("DeptSales[[#Headers],[Region]:[Commission Amount]]", "$B$1:$E$1"),
    ("DeptSales[[#Totals],[Sales Amount]:[Commission Amount]]", "$C$8:$E$8"),
    ("DeptSales[[#Headers],[#Data],[% Commission]]", "$D$1:$D$7"),
    # the page's components: the table name alone and a column are the data rows ("=SUM(C2:C7)")
    ("DeptSales[Sales Amount]", "$C$2:$C$7"),
    ("DeptSales", "$A$2:$E$7"),
    ("DeptSales[]", "$A$2:$E$7"),
    ("DeptSales[#All]", "$A$1:$E$8"),
    ("DeptSales[#Data]", "$A$2:$E$7"),
    ("DeptSales[#Headers]", "$A$1:$E$1"),
    ("DeptSales[#Totals]", "$A$8:$E$8"),
    ("DeptSales[[#Data],[#Totals],[Sales Amount]]", "$C$2:$C$8"),
    ("deptsales[sales amount]", "$C$2:$C$7"),  # names regardless of case, as in Excel
    ("DeptSales[[#Totaler],[Region]]", "$B$8"),  # Danish Excel's spelling
])
def test_microsofts_examples_refer_to_the_cells_the_page_names(reference, cells):
    assert resolve(f"={reference}", TABLES, "Sheet1", 10, 8) == f"='Sheet1'!{cells}"


def test_this_row_is_the_formulas_own_row_and_moves_with_it():
    """"DeptSales[[#This Row], [Commission Amount]]: E5 if the current row is 5" (Microsoft's example, with its
    space after the comma); [@Col] is how Excel shows it. The row is relative, so a copied formula moves along."""
    assert resolve("=DeptSales[[#This Row], [Commission Amount]]", TABLES, "Sheet1", 5, 6) == "='Sheet1'!$E5"
    assert resolve("=[@[Sales Amount]]*[@[% Commission]]", TABLES, "Sheet1", 3, 5) == "='Sheet1'!$C3*'Sheet1'!$D3"
    assert resolve("=SUM(DeptSales[@[Sales Amount]:[% Commission]])", TABLES, "Sheet1", 4, 9) == \
        "=SUM('Sheet1'!$C4:$D4)"
    assert resolve("=DeptSales[@]", TABLES, "Sheet1", 2, 9) == "='Sheet1'!$A2:$E2"
    # a simple column name may go without brackets in the list (xlsxwriter writes [@Antal] so)
    assert resolve("=[[#This Row],Region]", TABLES, "Sheet1", 6, 5) == "='Sheet1'!$B6"


def test_a_reference_without_the_tables_name_belongs_to_the_table_around_the_cell():
    """The totals row's formulas as Excel writes them: SUBTOTAL(109,[Sales Amount])."""
    assert resolve("=SUBTOTAL(109,[Sales Amount])", TABLES, "Sheet1", 8, 3) == "=SUBTOTAL(109,'Sheet1'!$C$2:$C$7)"
    # outside the table the same text refers to no table: left as written
    assert resolve("=SUBTOTAL(109,[Sales Amount])", TABLES, "Sheet1", 9, 3) == "=SUBTOTAL(109,[Sales Amount])"


def test_the_escape_character_lets_a_column_name_hold_brackets_hash_and_quotes():
    """Microsoft's syntax rules: "[ ] # '" in a column header are preceded by the escape character '."""
    table = Table("Table1", "Ark 1", 3, 2, 9, 6, 1, 1,
                  [Column(n) for n in ("Column1", "Column'", "Column#", "Column[", "Column]")])
    tables = {"TABLE1": table}
    assert parse_brackets("[Column'']", 0) == (["Column'"], 10)
    for text, column in (("[Column'']", "C"), ("[Column'#]", "D"), ("[Column'[]", "E"), ("[Column']]", "F")):
        expected = f"=SUBTOTAL(109,'Ark 1'!${column}$4:${column}$8)"
        assert resolve(f"=SUBTOTAL(109,{text})", tables, "Ark 1", 9, 3) == expected


@pytest.mark.parametrize("formula", [
    "=DeptSales[Bonus]",  # no such column
    "=DeptSales[[#This Row],[Region]]",  # row 10 is outside the table's data rows
    "=DeptSales[[#Headers],[#Totals]]",  # a combination Excel does not have
    '="DeptSales[Region]"',  # text, not a reference
    "=[1]Budget!A1+DeptSales[Region",  # another workbook first: the rest stays as written
    "=Other[Region]",  # no such table
])
def test_what_cannot_be_resolved_stays_as_written(formula):
    assert resolve(formula, TABLES, "Sheet1", 10, 8) == formula


def test_no_headers_or_no_totals_row_is_left_as_written():
    """"#Totals: … If there is no Totals row, then it returns null": not a reference the engine can give."""
    table = Table("Plain", "Ark1", 1, 1, 4, 2, header_rows=0, totals_rows=0, columns=[Column("A"), Column("B")])
    assert resolve("=Plain[[#Totals],[A]]", {"PLAIN": table}) == "=Plain[[#Totals],[A]]"
    assert resolve("=Plain[#Headers]", {"PLAIN": table}) == "=Plain[#Headers]"
    assert resolve("=SUM(Plain[B])", {"PLAIN": table}) == "=SUM('Ark1'!$B$1:$B$4)"


def test_microsofts_department_sales_table_saved_by_excel_is_computed_and_reproduced(tmp_path):
    """The real workbook holding Microsoft's DeptSales table: every table formula (the calculated column, the
    totals row's SUBTOTAL(109,...), the defined name CommissionTotal = DeptSales[[#Totals],[Commission
    Amount]]) computed, none kept, each equal to Excel's saved value."""
    source = REAL / "tests_data_Calculation_TableFormulae.xlsx"
    contents = read_contents(source)
    assert [t.name for t in contents.table_parts] == ["DeptSales"]
    result = calculation.calculate(contents, verify=True)
    assert result.kept == [] and result.differences == []
    values = result.values["SHEET1"]
    assert values["E2"] == pytest.approx(26.0) and values["E5"] == pytest.approx(49.2)
    assert values["C8"] == pytest.approx(3970.0) and values["E8"] == pytest.approx(570.2)
    assert values["C10"] == pytest.approx(570.2)


def test_a_table_written_with_a_calculated_column_and_totals_is_computed_from_its_rows(tmp_path):
    """A table like an officer's: a calculated column [@Antal]*[@Pris] and a totals row, on a sheet whose name
    needs quotes; another sheet refers to the table's column and totals by name. Hand-computed: 3·1.000 = 3.000,
    2·2.500 = 5.000, 4·750 = 3.000, in all 11.000."""
    path = tmp_path / "tabel.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Sager 2024")
    sheet.add_table("B2:E6", {"name": "Tabel1", "total_row": True,
                              "data": [["a", 3, 1000], ["b", 2, 2500], ["c", 4, 750]],
                              "columns": [{"header": "Sag", "total_string": "I alt"}, {"header": "Antal"},
                                          {"header": "Pris"},
                                          {"header": "Beløb", "formula": "[@Antal]*[@Pris]",
                                           "total_function": "sum"}]})
    summary = book.add_worksheet("Oversigt")
    summary.write_formula("A1", "=SUM(Tabel1[Beløb])")
    summary.write_formula("A2", "=Tabel1[[#Totals],[Beløb]]")
    summary.write_formula("A3", "=COUNTA(Tabel1[[#All],[Sag]])")
    book.close()
    result = refresh.refresh(path)  # xlsxwriter's zeros are placeholders: every formula is computed
    assert [result.value("Sager 2024", f"E{r}") for r in (3, 4, 5, 6)] == [3000, 5000, 3000, 11000]
    assert [result.value("Oversigt", c) for c in ("A1", "A2", "A3")] == [11000, 11000, 5]
    again = refresh.refresh(as_saved_by_excel(path), verify=True)  # and the written values reproduce
    assert again.differences == [] and again.kept == []


def test_the_formula_as_written_is_kept_beside_the_resolved_one_and_is_what_an_upgrade_writes(tmp_path):
    """The engine reads Tabel1[Beløb] as A1 references; the text the officer wrote stays with the formula
    (``written``), and ``trappen upgrade``, which rewrites a formula as an array formula, writes that text."""
    from trappen.addin.app.upgrade import find_changes

    path = tmp_path / "opgrader.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Ark1")
    sheet.add_table("A1:B3", {"name": "Tabel1", "data": [["a", 1.5], ["b", 2.5]],
                              "columns": [{"header": "Sag"}, {"header": "Beløb"}]})
    sheet.write_formula("D1", "=NETSAVING(Tabel1[Beløb]*1000,0)")
    book.close()
    formula = read_contents(path).sheets[0].formulas[(1, 4)]
    assert formula.text == "NETSAVING('Ark1'!$B$2:$B$3*1000,0)"
    assert formula.written == "NETSAVING(Tabel1[Beløb]*1000,0)"
    assert [change.formula for change in find_changes(path)] == ["=NETSAVING(Tabel1[Beløb]*1000,0)"]


def test_the_table_part_is_read_with_its_columns_formulas():
    """DeptSales' part holds the calculated column's formula and the totals row's; the cells hold them too
    (as in every shared workbook with a table), and the engine computes the cells' own formulas."""
    table = read_contents(REAL / "tests_data_Calculation_TableFormulae.xlsx").table_parts[0]
    assert (table.sheet, table.r1, table.c1, table.r2, table.c2) == ("Sheet1", 1, 1, 8, 5)
    assert (table.header_rows, table.totals_rows, table.filtered) == (1, 1, False)
    columns = {c.name: c for c in table.columns}
    # this workbook names the column "Sales Amount" with a no-break space, in the part and in the cells alike
    assert columns["Commission Amount"].calculated == \
        "DeptSales[[#This Row],[Sales\xa0Amount]]*DeptSales[[#This Row],[% Commission]]"
    assert columns["Sales\xa0Amount"].totals_function == "custom"
    assert columns["Sales\xa0Amount"].totals_formula == "SUBTOTAL(109,DeptSales[Sales\xa0Amount])"
