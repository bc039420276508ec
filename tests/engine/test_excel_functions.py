"""SUBTOTAL, AGGREGATE and HYPERLINK as the engine computes them (addin/engine/excel_functions.py).

Each test is built from Microsoft's page for the function — its example table and its remarks — and, where
the shared real workbooks hold the function, from the value Excel saved there. The workbooks are written
with xlsxwriter; its saved values are placeholders, so every formula is computed (or refused by name).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import xlsxwriter

from tests.conftest import as_saved_by_excel
from trappen.addin.app import refresh
from trappen.addin.engine import calculation
from trappen.addin.engine.contents import read_contents

REAL = Path(__file__).parents[1] / "data" / "workbooks"


def computed(tmp_path, cells: dict[str, object], formulas: dict[str, str], *, hidden_rows=(), autofilter=None,
             filtered_rows=()):
    """Write ``cells`` (A1 → number or formula) and ``formulas`` on Ark1, refresh, return the formulas' values.

    ``hidden_rows``: rows hidden by hand; ``autofilter``: (area, column, criterion) of a filter whose
    ``filtered_rows`` it hides (xlsxwriter writes the filter; rows are hidden as Excel would hide them)."""
    path = tmp_path / "bog.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Ark1")
    for cell, value in cells.items():
        if isinstance(value, str) and value.startswith("="):
            sheet.write_formula(cell, value)
        else:
            sheet.write(cell, value)
    for cell, formula in formulas.items():
        sheet.write_formula(cell, formula)
    for row in hidden_rows:
        sheet.set_row(row - 1, None, None, {"hidden": True})
    if autofilter:
        area, column, criterion = autofilter
        sheet.autofilter(area)
        sheet.filter_column(column, criterion)
        for row in filtered_rows:
            sheet.set_row(row - 1, None, None, {"hidden": True})
    book.close()
    result = refresh.refresh(path)
    return {cell: result.value("Ark1", cell) for cell in formulas}


# --- SUBTOTAL ----------------------------------------------------------------------------------------

def test_subtotal_microsofts_example(tmp_path):
    """https://support.microsoft.com/en-us/office/subtotal-function-7b027003-f060-4ade-9040-e478765b9939:
    data 120, 10, 150, 23 in A2:A5; =SUBTOTAL(9,A2:A5) is 303, =SUBTOTAL(1,A2:A5) 75,75."""
    values = computed(tmp_path, {"A2": 120, "A3": 10, "A4": 150, "A5": 23},
                      {"B1": "=SUBTOTAL(9,A2:A5)", "B2": "=SUBTOTAL(1,A2:A5)"})
    assert values == {"B1": 303, "B2": 75.75}


def test_subtotal_101_to_111_equal_1_to_11_where_no_row_is_hidden(tmp_path):
    """Without hidden rows each function number gives its function's value, and 101–111 the same (hand-worked
    over 2, 4, 4, 4, 5, 5, 7, 9 and a text that only COUNTA counts: sum 40, mean 5, STDEV √(32/7), STDEVP 2)."""
    data = {f"A{i}": v for i, v in enumerate([2, 4, 4, 4, 5, 5, 7, 9, "tekst"], start=1)}
    formulas = {f"B{n}": f"=SUBTOTAL({n},A1:A9)" for n in range(1, 12)}
    formulas |= {f"C{n}": f"=SUBTOTAL({100 + n},A1:A9)" for n in range(1, 12)}
    values = computed(tmp_path, data, formulas)
    expected = [5, 8, 9, 9, 2, 2 * 4 * 4 * 4 * 5 * 5 * 7 * 9, (32 / 7) ** 0.5, 2, 40, 32 / 7, 4]
    for n, value in enumerate(expected, start=1):
        assert values[f"B{n}"] == pytest.approx(value, rel=1e-12), n
        assert values[f"C{n}"] == pytest.approx(value, rel=1e-12), n


def test_subtotal_leaves_out_nested_subtotals(tmp_path):
    """Remark: "If there are other subtotals within ref1, ref2,… (or nested subtotals), these nested subtotals
    are ignored to avoid double counting." 1+2 = 3 in A3, then 1+2+4 = 7, not 10."""
    values = computed(tmp_path, {"A1": 1, "A2": 2, "A3": "=SUBTOTAL(9,A1:A2)", "A4": 4},
                      {"A5": "=SUBTOTAL(9,A1:A4)", "A6": "=SUM(A1:A4)"})
    assert values == {"A5": 7, "A6": 10}


def test_subtotal_hidden_rows_counted_by_1_to_11_and_left_out_by_101_to_111(tmp_path):
    """Function_num: "1-11 includes manually-hidden rows, while 101-111 excludes them". Row 3 (150) hidden:
    9 gives 303, 109 gives 153; 1 gives 75,75, 101 gives 51."""
    values = computed(tmp_path, {"A2": 120, "A3": 150, "A4": 10, "A5": 23},
                      {"B1": "=SUBTOTAL(9,A2:A5)", "C1": "=SUBTOTAL(109,A2:A5)",
                       "B2": "=SUBTOTAL(1,A2:A5)", "C2": "=SUBTOTAL(101,A2:A5)"}, hidden_rows=[3])
    assert values == {"B1": 303, "C1": 153, "B2": 75.75, "C2": 51}


def test_subtotal_leaves_out_filtered_rows_whatever_the_number(tmp_path):
    """Function_num: "filtered-out cells are always excluded". A filter keeps the rows of "Ja": 120 and 23."""
    cells = {"A1": "Med", "B1": "Beløb", "A2": "Ja", "B2": 120, "A3": "Nej", "B3": 150, "A4": "Nej", "B4": 10,
             "A5": "Ja", "B5": 23}
    values = computed(tmp_path, cells, {"D1": "=SUBTOTAL(9,B2:B5)", "D2": "=SUBTOTAL(109,B2:B5)",
                                        "D3": "=SUBTOTAL(3,A2:A5)"},
                      autofilter=("A1:B5", 0, "x == Ja"), filtered_rows=[3, 4])
    assert values == {"D1": 143, "D2": 143, "D3": 2}


@pytest.mark.parametrize("formula, error", [
    ("=SUBTOTAL(12,A1:A2)", "#VALUE!"),  # not one of the function numbers
    ("=SUBTOTAL(0,A1:A2)", "#VALUE!"),
    ("=SUBTOTAL(112,A1:A2)", "#VALUE!"),
    ("=SUBTOTAL(9,A1:A3)", "#DIV/0!"),  # an error in a counted cell is the result, as in SUM
    ("=SUBTOTAL(A3,A1:A2)", "#DIV/0!"),  # an error as the function number too
])
def test_subtotal_errors(tmp_path, formula, error):
    values = computed(tmp_path, {"A1": 1, "A2": 2, "A3": "=1/0"}, {"B1": formula})
    assert str(values["B1"]) == error


def test_subtotal_in_the_shared_workbooks_reproduces_excels_saved_values():
    """Excel's saved values: outline02 collapses rows 2–5 and 7–10 (hidden), SUBTOTAL(9,...) counts them and
    leaves the nested subtotals out (6.400 = 4.300 + 2.100); tableTest's totals row SUBTOTAL(109,...) over a
    table. Every SUBTOTAL cell computed, none kept, each equal to the saved value."""
    for name, sheet, cells in [
        ("xlsxwriter/xlsxwriter_test_comparison_xlsx_files_outline02.xlsx", "COLLAPSED ROWS",
         {"B6": 4300, "B11": 2100, "B12": 6400}),
        ("phpspreadsheet/tests_data_Reader_XLSX_outline.xlsx", "SHEET2", {"B15": 1910}),
        ("phpspreadsheet/tests_data_Reader_XLSX_tableTest.xlsx", "WORKSHEET", {"C16": 8150, "G16": 31405}),
    ]:
        result = calculation.calculate(read_contents(REAL / name), verify=True)
        assert result.kept == [] and result.differences == [], name
        for cell, value in cells.items():
            assert result.values[sheet][cell] == pytest.approx(value, rel=1e-12), (name, cell)


# --- AGGREGATE ---------------------------------------------------------------------------------------

MICROSOFT_DATA = {**{f"A{i}": v for i, v in enumerate(["=1/0", 72, 30, "=SQRT(-1)", 31, 96, 32, 81, 33, 53, 34],
                                                      start=1)},
                  **{f"B{i}": v for i, v in enumerate([82, 65, 95, 63, 53, 71, 55, 83, 100, 91, 89], start=1)}}


def test_aggregate_microsofts_example(tmp_path):
    """https://support.microsoft.com/en-us/office/aggregate-function-43b9278e-6aa7-4f17-92b6-e19993fa26df:
    its example table (A1 #DIV/0!, A4 #NUM!) and formulas. Worked by hand: the largest
    number of A ignoring errors is 96, the third largest 72; SMALL without k is #VALUE!; the median of the
    twenty numbers of A and B ignoring errors is (65 + 71)/2 = 68; MAX over the error is the error."""
    values = computed(tmp_path, MICROSOFT_DATA, {
        "C1": "=AGGREGATE(4,6,A1:A11)", "C2": "=AGGREGATE(14,6,A1:A11,3)", "C3": "=AGGREGATE(15,6,A1:A11)",
        "C4": "=AGGREGATE(12,6,A1:A11,B1:B11)", "C5": "=MAX(A1:A3)"})
    assert values["C1"] == 96 and values["C2"] == 72 and values["C4"] == 68
    assert str(values["C3"]) == "#VALUE!" and str(values["C5"]) == "#DIV/0!"


def test_aggregate_options_say_what_is_left_out(tmp_path):
    """The options table: 4 ignores nothing (the error is the result), 6 error values, 5 hidden rows, 0 nested
    SUBTOTAL and AGGREGATE, 3 all three. Row 4 (40) hidden by hand, A5 a SUBTOTAL (7), A6 #DIV/0!."""
    cells = {"A1": 1, "A2": 2, "A3": 4, "A4": 40, "A5": "=SUBTOTAL(9,A1:A2)", "A6": "=1/0"}
    values = computed(tmp_path, cells, {
        "B1": "=AGGREGATE(9,4,A1:A6)", "B2": "=AGGREGATE(9,6,A1:A6)", "B3": "=AGGREGATE(9,7,A1:A6)",
        "B4": "=AGGREGATE(9,2,A1:A6)", "B5": "=AGGREGATE(9,3,A1:A6)", "B6": "=AGGREGATE(9,5,A1:A5)",
        "B7": "=AGGREGATE(9,0,A1:A5)"}, hidden_rows=[4])
    assert str(values["B1"]) == "#DIV/0!"
    assert values["B2"] == 1 + 2 + 4 + 40 + 3 and values["B3"] == 1 + 2 + 4 + 3
    assert values["B4"] == 1 + 2 + 4 + 40 and values["B5"] == 1 + 2 + 4
    assert values["B6"] == 1 + 2 + 4 + 3 and values["B7"] == 1 + 2 + 4 + 40


def test_aggregate_array_form_takes_a_calculation(tmp_path):
    """Array form: "An array, an array formula, or a reference to a range of cells"; the note: hidden rows and
    nested subtotals are not left out "if the array argument includes a calculation". The largest number of A
    above 50, errors (and the #DIV/0! of the division by FALSE) ignored: 96; the second smallest: 72."""
    values = computed(tmp_path, MICROSOFT_DATA, {"C1": "=AGGREGATE(14,6,A1:A11/(A1:A11>50),1)",
                                                 "C2": "=AGGREGATE(15,6,A1:A11/(A1:A11>50),2)"})
    assert values == {"C1": 96, "C2": 72}


@pytest.mark.parametrize("formula", ["=AGGREGATE(20,6,A1:A2)", "=AGGREGATE(0,6,A1:A2)", "=AGGREGATE(9,8,A1:A2)",
                                     "=AGGREGATE(9,6,A1:A2*2)", "=AGGREGATE(14,6,A1:A2,1,2)"])
def test_aggregate_arguments_it_does_not_have_give_value_errors(tmp_path, formula):
    """Function numbers 1–19 and options 0–7 only; the reference form takes references (a calculation there
    gives #VALUE!); the array form takes the array and k."""
    values = computed(tmp_path, {"A1": 1, "A2": 2}, {"B1": formula})
    assert str(values["B1"]) == "#VALUE!"


def test_aggregate_keeping_hidden_rows_over_a_filter_is_refused_by_name(tmp_path):
    """Whether AGGREGATE with an option that keeps hidden rows counts the rows a filter hides, Microsoft's page
    does not say: the cell is refused by name, with the reason, rather than computed."""
    cells = {"A1": "Med", "B1": "Beløb", "A2": "Ja", "B2": 120, "A3": "Nej", "B3": 150}
    reason = "Excel-funktion, som Trappen ikke kan beregne uden Excel: AGGREGATE over rækker, som er skjult i et"
    with pytest.raises(calculation.CannotCompute, match=reason):
        computed(tmp_path, cells, {"D1": "=AGGREGATE(9,4,B2:B3)"}, autofilter=("A1:B3", 0, "x == Ja"),
                 filtered_rows=[3])
    kept = refresh.refresh(as_saved_by_excel(tmp_path / "bog.xlsx"), verify=True).kept  # Excel's value stays
    assert [(k.cell, k.reason.split(" —")[0]) for k in kept] == [("D1", reason + " filtreret område")]


# --- HYPERLINK ---------------------------------------------------------------------------------------

def test_hyperlink_shows_its_friendly_name_or_its_link(tmp_path):
    """https://support.microsoft.com/en-us/office/hyperlink-function-333c7ce6-c5ae-4164-9c47-7de9b76f577f:
    =HYPERLINK("http://example.microsoft.com/report/budget report.xlsx", "Click for report") shows "Click for
    report"; without friendly_name the cell shows link_location; an error as friendly_name is shown."""
    values = computed(tmp_path, {"A1": "=1/0"}, {
        "B1": '=HYPERLINK("http://example.microsoft.com/report/budget report.xlsx", "Click for report")',
        "B2": '=HYPERLINK("#Ark1!A1")', "B3": '=HYPERLINK("#Ark1!A1",A1)'})
    assert values["B1"] == "Click for report" and values["B2"] == "#Ark1!A1" and str(values["B3"]) == "#DIV/0!"


def test_the_shared_workbook_with_hyperlinks_computes_them_and_names_what_only_excel_can():
    """issue.3720: HYPERLINK cells without saved values are now computed; INDIRECT stays Excel-only, named."""
    path = REAL / "phpspreadsheet" / "tests_data_Reader_XLSX_issue.3720.xlsx"
    with pytest.raises(calculation.CannotCompute) as refused:
        calculation.calculate(read_contents(path), verify=True)
    assert "INDIRECT" in str(refused.value) and "HYPERLINK" not in str(refused.value)
    assert "Excel-funktion, som Trappen ikke kan beregne uden Excel: INDIRECT" in str(refused.value)


def test_saved_by_excel_the_new_functions_reproduce_what_the_refresh_wrote(tmp_path):
    """The refresh's own values, saved as Excel saves them, are reproduced in verification: nothing kept."""
    path = tmp_path / "igen.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Ark1")
    sheet.write_column("A1", [3, 4, 5])
    sheet.write_formula("B1", "=SUBTOTAL(109,A1:A3)")
    sheet.write_formula("B2", "=AGGREGATE(1,6,A1:A3)")
    sheet.write_formula("B3", '=HYPERLINK("#Ark1!A1","Til toppen")')
    book.close()
    refresh.refresh(path)
    again = refresh.refresh(as_saved_by_excel(path), verify=True)
    assert again.kept == [] and again.differences == []
    assert [again.value("Ark1", c) for c in ("B1", "B2", "B3")] == [12, 4, "Til toppen"]


# --- SEQUENCE ----------------------------------------------------------------------------------------

def sequence_book(path, formulas: dict[str, str], cells: dict[str, object] | None = None):
    """Each formula a dynamic array over its area ("A1:E4" → formula), as Excel 365 writes it (cm="1")."""
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Ark1")
    for cell, value in (cells or {}).items():
        sheet.write(cell, value)
    for area, formula in formulas.items():
        sheet.write_dynamic_array_formula(area, formula)
    book.close()
    return path


def test_sequence_microsofts_example_spills_four_rows_of_five(tmp_path):
    """https://support.microsoft.com/en-us/office/sequence-function-57467a98-57e0-4817-9f14-2eb78519ca90:
    =SEQUENCE(4,5) "creates an array 4 rows tall by 5 columns wide" holding 1 to 20 row by row; start and
    step move it (=SEQUENCE(1,3,10,5): 10, 15, 20); "any missing optional arguments will default to 1"; rows
    from a cell; inside another function it is an array (=SUM(SEQUENCE(3,1,10,5)) = 45)."""
    path = sequence_book(tmp_path / "sekvens.xlsx", {"A1:E4": "=SEQUENCE(4,5)", "G1:I1": "=SEQUENCE(1,3,10,5)",
                                                     "K2:K3": "=SEQUENCE(K1)", "M1": "=SUM(SEQUENCE(3,1,10,5))",
                                                     "G3:H4": "=SEQUENCE(2,2,-1,0.5)"}, {"K1": 2})
    result = refresh.refresh(path)
    assert [[result.value("Ark1", f"{c}{r}") for c in "ABCDE"] for r in range(1, 5)] == \
        [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12, 13, 14, 15], [16, 17, 18, 19, 20]]
    assert [result.value("Ark1", c) for c in ("G1", "H1", "I1", "K2", "K3", "M1")] == [10, 15, 20, 1, 2, 45]
    assert [result.value("Ark1", c) for c in ("G3", "H3", "G4", "H4")] == [-1, -0.5, 0, 0.5]
    again = refresh.refresh(as_saved_by_excel(path), verify=True)
    assert again.kept == [] and again.differences == []


def test_sequence_of_no_rows_is_left_to_excel_by_name(tmp_path):
    """Microsoft's page does not say what a size below 1 gives: the cell is refused by name, not guessed."""
    path = sequence_book(tmp_path / "nul.xlsx", {"A1": "=SEQUENCE(0)"})
    with pytest.raises(calculation.CannotCompute, match="Excel-funktion, som Trappen ikke kan beregne uden Excel: "
                                                         "SEQUENCE med et antal rækker"):
        refresh.refresh(path)
