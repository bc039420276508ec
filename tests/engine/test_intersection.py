"""Implicit intersection: the headless engine computes what Excel computes for a legacy formula's range.

Microsoft's rule ("Implicit intersection operator: @", support.microsoft.com): in a formula stored the
legacy way (not as an array formula), "if the value is a range, then return the value from the cell on the
same row or column as the formula"; where the range meets neither, the result is #VALUE!. An array formula
(CSE, and every dynamic-array formula, which Excel 365 stores as an array formula) computes the whole range.

The workbooks are made here with the values Excel's rule gives saved in their cells, as Excel saves them;
the refresh in full verification mode (``--kontroller``) must reproduce every saved value, else it refuses
the workbook. A control workbook saves what the engine computed before the rule (the whole range) and must
be refused, so the test can fail.
"""

from __future__ import annotations

import re
import zipfile

import pytest
import xlsxwriter
from formulas.tokens.operand import XlError

from trappen.addin.app import refresh
from trappen.addin.engine import calculation, intersection
from trappen.addin.engine import formula_text as refs
from trappen.addin.workbook.cells import column_letters


def saved_by_excel(path):
    """The calculation flags Excel writes when it saves after calculating (no fullCalcOnLoad)."""
    with zipfile.ZipFile(path) as zf:
        parts = {info: zf.read(info.filename) for info in zf.infolist()}
    with zipfile.ZipFile(path, "w") as zf:
        for info, data in parts.items():
            if info.filename == "xl/workbook.xml":
                data = re.sub(rb"<calcPr[^>]*/>", b'<calcPr calcId="191029"/>', data)
            zf.writestr(info, data)
    return path


def workbook(path, cells):
    """A sheet "Ark1" with A2:A6 = 10..50 and B1:F1 = 1..5, and ``cells``: (cell, formula, saved, kind)."""
    book = xlsxwriter.Workbook(path)
    ws = book.add_worksheet("Ark1")
    for k in range(1, 6):
        ws.write_number(k, 0, 10 * k)
        ws.write_number(0, k, k)
    for cell, formula, saved, kind in cells:
        if kind == "array":
            ws.write_array_formula(f"{cell}:{cell}", "{" + formula + "}", None, saved)
        elif kind == "dynamic":
            ws.write_dynamic_array_formula(f"{cell}:{cell}", formula, None, saved)
        else:
            ws.write_formula(cell, formula, None, saved)
    book.close()
    return saved_by_excel(path)


#: (cell, formula, Excel's value, how it is stored), by Microsoft's rule.
EXCEL = [
    ("H2", "=$A$2:$A$6*2", 20, "legacy"),  # row 2 meets A2
    ("H4", "=$A$2:$A$6*2", 60, "legacy"),  # row 4 meets A4
    ("H6", "=-$A$2:$A$6", -50, "legacy"),  # a sign is an operator
    ("H9", "=$A$2:$A$6*2", "#VALUE!", "legacy"),  # row 9 meets no row of A2:A6
    ("D11", "=$B$1:$F$1+100", 103, "legacy"),  # a row of cells: column D meets D1
    ("I12", "=$B$1:$F$1+100", "#VALUE!", "legacy"),  # column I meets no column of B1:F1
    ("J3", "=$A$2:$A$6", 20, "legacy"),  # the whole formula a range: the cell in its row
    ("J4", '=IF($A$2:$A$6>25,"stor","lille")', "stor", "legacy"),  # a comparison intersects: A4 = 30
    ("K2", "=SUM($A$2:$A$6)", 150, "legacy"),  # a function's range argument is not intersected
    ("K3", "=SUMPRODUCT($A$2:$A$6*2)", 300, "legacy"),  # SUMPRODUCT evaluates its arguments as arrays
    ("K4", "=SUM($A$2:$A$6*2)", 60, "legacy"),  # the operator inside SUM intersects: A4*2
    ("K20", "=SUM($A$2:$A$6*2)", "#VALUE!", "legacy"),
    ("K5", "=SUM($A$2:$A$6*2)", 300, "array"),  # Ctrl+Shift+Enter: the whole range
    ("K21", "=SUM($A$2:$A$6*2)", 300, "dynamic"),  # Excel 365's dynamic-array formula: the whole range
    ("L3", "=$A3*2", 40, "legacy"),  # one cell: nothing to intersect
]


def test_the_formulas_are_read_as_excel_reads_them():
    wrapped = {formula: refs.write(intersection.implicit(refs.read(formula))) for _, formula, _, _ in EXCEL}
    assert wrapped["=$A$2:$A$6*2"] == "_TRAPPEN.INTERSECT($A$2:$A$6)*2"
    assert wrapped["=SUM($A$2:$A$6)"] == "SUM($A$2:$A$6)"
    assert wrapped["=SUMPRODUCT($A$2:$A$6*2)"] == "SUMPRODUCT($A$2:$A$6*2)"
    assert wrapped['=IF($A$2:$A$6>25,"stor","lille")'] == 'IF(_TRAPPEN.INTERSECT($A$2:$A$6)>25,"stor","lille")'
    assert wrapped["=$A3*2"] == "$A3*2"
    # our functions take ranges: a reference argument stays whole, an expression over one is intersected
    assert refs.write(intersection.implicit(refs.read("=NETSAVING(B8:F8,B5:F5)"))) == "NETSAVING(B8:F8,B5:F5)"
    assert refs.write(intersection.implicit(refs.read("=BREAKEVENFALL(B5:B9,'A'!$F$18:$F$24/1e+06)"))) == \
        "BREAKEVENFALL(B5:B9,_TRAPPEN.INTERSECT('A'!$F$18:$F$24)/1e+06)"
    # text in quotes is text, not an operator
    assert refs.write(intersection.implicit(refs.read('=CONCAT("a-",A1:A3)'))) == 'CONCAT("a-",A1:A3)'


def test_the_engine_reproduces_excels_saved_values(tmp_path):
    path = workbook(tmp_path / "ii.xlsx", EXCEL)
    result = refresh.refresh(path, verify=True, keep_backup=False)  # refuses any value it does not reproduce
    for cell, _, saved, _ in EXCEL:
        value = result.value("Ark1", cell)
        if isinstance(saved, str) and saved.startswith("#"):
            assert isinstance(value, XlError) and str(value) == saved, (cell, value)
        else:
            assert value == saved, (cell, value)


def test_whole_range_values_in_a_legacy_formula_are_refused(tmp_path):
    """The control: the values of array evaluation saved in legacy formulas are not what Excel computes."""
    wrong = [("H2", "=SUM($A$2:$A$6*2)", 300, "legacy"), ("H9", "=$A$2:$A$6*2", 20, "legacy")]
    path = workbook(tmp_path / "wrong.xlsx", wrong)
    with pytest.raises(calculation.NotReproduced) as refused:
        refresh.refresh(path, verify=True, keep_backup=False)
    assert "H2" in str(refused.value.differences) and "H9" in str(refused.value.differences)


def test_our_functions_get_the_intersected_value_in_a_legacy_formula(tmp_path):
    """A legacy =CUMULATIVE($A$2:$A$6/10) in row 3 is CUMULATIVE(A3/10); in row 9 it gets #VALUE!; as a
    dynamic-array formula it gets the whole column (and spills)."""
    book = xlsxwriter.Workbook(tmp_path / "ours.xlsx")
    ws = book.add_worksheet("Ark1")
    for k in range(1, 6):
        ws.write_number(k, 0, 10 * k)
    ws.write_formula("C3", "=CUMULATIVE($A$2:$A$6/10)")
    ws.write_formula("C9", "=CUMULATIVE($A$2:$A$6/10)")
    ws.write_dynamic_array_formula("E2:E6", "=CUMULATIVE($A$2:$A$6/10)")
    book.close()
    result = refresh.refresh(saved_by_excel(tmp_path / "ours.xlsx"), keep_backup=False)
    assert result.value("Ark1", "C3") == 2.0
    assert isinstance(result.value("Ark1", "C9"), XlError)
    assert [result.value("Ark1", f"E{r}") for r in range(2, 7)] == [1.0, 3.0, 6.0, 10.0, 15.0]


@pytest.mark.parametrize("example", ["ballerup", "roskilde"])
def test_no_template_formula_leaves_excel_an_implicit_intersection(tmp_path, example):
    """Every template formula that passes an expression over a range (``'Anbringelser'!$F$18:$F$24/1e+06``)
    is a dynamic-array formula, so Excel 365 and the engine both take the whole range."""
    from trappen.addin.engine.contents import read_contents
    from trappen.templates.build import build
    from trappen.templates.example import EXAMPLES

    contents = read_contents(build(tmp_path / "t.xlsx", EXAMPLES[example]))
    legacy = []
    for sheet in contents.sheets:
        for (row, column), formula in sheet.formulas.items():
            pieces = refs.read(formula.text)
            if formula.array is None and intersection.implicit(pieces) is not pieces:
                legacy.append(f"{sheet.name}!{column_letters(column)}{row}: {formula.text}")
    assert not legacy, "\n".join(legacy)
    usikkerhed = next(s for s in contents.sheets if s.name == "Usikkerhed")
    assert usikkerhed.formulas[(16, 2)].array and usikkerhed.formulas[(17, 2)].array  # B16, B17


def test_trappenfejl_in_the_headless_refresh_shows_the_message(tmp_path):
    """A workbook using =TRAPPENFEJL(B1) (classic Excel's way to read a message) refreshes headlessly too."""
    book = xlsxwriter.Workbook(tmp_path / "fejl.xlsx")
    ws = book.add_worksheet("Sagstal")
    ws.write_number("A1", 770)
    ws.write_number("A2", 0)
    ws.write_formula("B1", "=CASELOAD(A1,A2)")
    ws.write_formula("C1", "=TRAPPENFEJL(B1)")
    ws.write_formula("B2", "=CASELOAD(A1,32)")
    ws.write_formula("C2", "=TRAPPENFEJL(B2)")
    ws.write_formula("B3", "=B1+1")
    ws.write_formula("C3", "=TRAPPENFEJL(B3)")
    book.close()
    result = refresh.refresh(tmp_path / "fejl.xlsx", keep_backup=False)
    assert str(result.value("Sagstal", "B1")) == "#DIV/0!"
    assert result.value("Sagstal", "C1") == \
        "#DIV/0! advisers: er 0, så sagstallet kan ikke beregnes — skriv et tal over 0"
    assert result.value("Sagstal", "C2") == ""
    assert result.value("Sagstal", "C3").startswith("B3: fejlen opstår ikke i en af Trappens funktioner")
