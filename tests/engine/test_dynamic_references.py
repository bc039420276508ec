"""OFFSET and INDIRECT with static arguments, resolved into references (addin/engine/dynamic_references.py).

Built from Microsoft's pages: "OFFSET function",
https://support.microsoft.com/en-us/office/offset-function-c8de19ae-dd79-4b9b-a14e-b4d906d11b66 (its examples
=OFFSET(D3,3,-2,1,1) "displays the value in cell B6", =SUM(OFFSET(D3:F5,3,-2,3,3)) "sums the range B6:D8",
=OFFSET(D3,-3,-3) "returns an error, because the reference is to a non-existent range on the worksheet"; its
remarks: over the edge of the worksheet #REF!, height and width default to the reference's), and "INDIRECT
function", https://support.microsoft.com/en-us/office/indirect-function-474b3a3a-8a26-4f44-b491-92b6306fa261
(its example table: A2 holds "B2", B2 1,333; A3 holds "B3", B3 45; =INDIRECT(A2) is 1,333, =INDIRECT(A3) 45;
=INDIRECT("B"&A5) is not static). The workbooks are written with xlsxwriter, whose saved values are
placeholders: the refresh computes every formula, and the workbook saved as Excel saves it reproduces them.
"""

from __future__ import annotations

import zipfile
from types import SimpleNamespace

import pytest
import xlsxwriter

from tests.conftest import as_saved_by_excel
from trappen.addin.app import refresh
from trappen.addin.engine import calculation
from trappen.addin.engine.contents import read_contents
from trappen.addin.engine.dynamic_references import resolve

REASON = "Excel-funktion, som Trappen ikke kan beregne uden Excel: OFFSET"


def write(path, cells: dict[str, object], sheet_name: str = "Ark1", names: dict[str, str] | None = None):
    book = xlsxwriter.Workbook(path)
    for name, text in (names or {}).items():
        book.define_name(name, text)
    sheet = book.add_worksheet(sheet_name)
    book.add_worksheet("Andet ark").write("C4", 7)
    for cell, value in cells.items():
        if isinstance(value, tuple):  # (formula, the value Excel saves for it)
            sheet.write_formula(cell, value[0], None, value[1])
        elif isinstance(value, str) and value.startswith("="):
            sheet.write_formula(cell, value)
        else:
            sheet.write(cell, value)
    book.close()
    return path


def grid() -> dict[str, object]:
    """B2:F8 holding 10·row + column number (B6 = 62, C7 = 73 ...): each cell tells where it is."""
    return {f"{'ABCDEF'[c - 1]}{r}": 10 * r + c for r in range(2, 9) for c in range(2, 7)}


def test_microsofts_offset_examples_are_computed(tmp_path):
    """B6 is 62; B6:D8 sums 62+63+64+72+73+74+82+83+84 = 657; OFFSET(D3,-3,-3) is off the sheet: #REF!."""
    path = write(tmp_path / "offset.xlsx", grid() | {
        "H1": "=OFFSET(D3,3,-2,1,1)", "H2": "=SUM(OFFSET(D3:F5,3,-2,3,3))", "H3": "=OFFSET(D3,-3,-3)",
        "H4": "=SUM(OFFSET(B2:C3,1,1))",  # height and width default to the reference's: C3:D4, 33+34+43+44
        "H5": "=OFFSET($B$2,$J$1,$J$2)", "J1": 5, "J2": 1,  # rows and cols from constant cells: C7 = 73
        "H6": "=OFFSET('Andet ark'!A1,3,2)"})  # another sheet's C4
    result = refresh.refresh(path)
    values = [result.value("Ark1", f"H{r}") for r in range(1, 7)]
    assert values[:2] == [62, 657] and str(values[2]) == "#REF!" and values[3:] == [154, 73, 7]
    again = refresh.refresh(as_saved_by_excel(path), verify=True)
    assert again.kept == [] and again.differences == []


def test_microsofts_indirect_examples_are_computed(tmp_path):
    """=INDIRECT(A2) is B2's 1,333, =INDIRECT(A3) B3's 45, =INDIRECT(A4) over the defined name "George" B4's 10;
    a literal text, another sheet, R1C1 with a1 FALSE; a sheet that does not exist is #REF!."""
    path = write(tmp_path / "indirect.xlsx", {
        "A2": "B2", "B2": 1.333, "A3": "B3", "B3": 45, "D1": "=INDIRECT(A2)", "D2": "=INDIRECT(A3)",
        "D3": '=INDIRECT("B3")*2', "D4": "=INDIRECT(\"'Andet ark'!C4\")", "D5": '=INDIRECT("R3C2",FALSE)',
        "D6": '=SUM(INDIRECT("B2:B3"))', "D7": '=INDIRECT("Intet!A1")',
        "A4": "George", "B4": 10, "D8": "=INDIRECT(A4)"}, names={"George": "=Ark1!$B$4"})
    result = refresh.refresh(path)
    values = [result.value("Ark1", f"D{r}") for r in range(1, 9)]
    assert values[:6] == [1.333, 45, 90, 7, 45, pytest.approx(46.333)] and str(values[6]) == "#REF!"
    assert values[7] == 10  # the page: "George" is a defined name for B4, whose value is 10
    again = refresh.refresh(as_saved_by_excel(path), verify=True)
    assert again.kept == [] and again.differences == []


def test_an_offset_whose_rows_are_a_formula_is_kept_with_its_reason(tmp_path):
    """J1 is a formula: OFFSET's target is known only when it runs. Excel's saved value is kept, named."""
    path = write(tmp_path / "ikke_statisk.xlsx", grid() | {"J1": ("=1+1", 2), "H1": "=OFFSET(B2,J1,0)",
                                                           "H2": '=INDIRECT("B"&J1)'})
    with pytest.raises(calculation.CannotCompute, match=REASON):
        refresh.refresh(path)
    kept = refresh.refresh(as_saved_by_excel(path), verify=True).kept
    assert [(k.cell, k.reason.split(" —")[0]) for k in kept] == \
        [("H1", REASON), ("H2", "Excel-funktion, som Trappen ikke kan beregne uden Excel: INDIRECT")]


def test_a_value_spilled_by_an_array_formula_is_not_a_constant(tmp_path):
    """K2 holds a value only because the array formula in K1:K2 put it there: OFFSET over it is left to Excel."""
    path = tmp_path / "spild.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Ark1")
    sheet.write_array_formula("K1:K2", "{=ROW(A1:A2)}", None, 1)
    sheet.write_formula("H1", "=OFFSET(B2,K2,0)")
    book.close()
    formula = read_contents(path).sheets[0].formulas[(1, 8)]
    assert formula.text == "OFFSET(B2,K2,0)" and formula.written is None


@pytest.mark.parametrize("formula", [
    "=OFFSET(B2,1,0,0,1)",  # height 0: "must be a positive number", Excel's answer is not documented
    "=OFFSET(B2,1,0,-2,1)",  # a negative height: likewise
    "=OFFSET(B2,1.5,0)",  # not a whole number
    "=OFFSET(B2,J3,0)",  # an empty cell
    "=OFFSET(Navn,1,0)",  # a defined name, not a plain reference
    '=INDIRECT("Navn")',  # a name the workbook does not define
    '=INDIRECT("A1+1")',  # text that is no reference
])
def test_what_excel_does_not_document_or_is_not_static_stays_as_written(formula):
    assert resolve(formula, Workbook(), "Ark1", 1, 8) == formula


def test_a_shared_formula_is_resolved_only_where_its_copies_agree():
    """A shared formula's text is its first cell's: a relative cell argument is another cell in each copy."""
    book = Workbook()
    assert resolve("=OFFSET(B2,J1,0)", book, "Ark1", 1, 8, shared=True) == "=OFFSET(B2,J1,0)"
    assert resolve("=OFFSET(B2,$J$1,0)", book, "Ark1", 1, 8, shared=True) == "=B7"  # moves with the copy
    assert resolve("=OFFSET($B2:$C3,$J$1,0)", book, "Ark1", 1, 8, shared=True) == "=$B7:$C8"
    # a mixed reference changes size from copy to copy: left as written
    assert resolve("=OFFSET($B$2:$C3,$J$1,0)", book, "Ark1", 1, 8, shared=True) == "=OFFSET($B$2:$C3,$J$1,0)"
    assert resolve("=OFFSET(B2,$J$1,0)", book, "Ark1", 1, 8) == "=$B$7"
    # off the sheet in the first cell, on it in a copy further down: left as written; fixed, #REF! in every copy
    assert resolve("=OFFSET(B2,-2,0)", book, "Ark1", 1, 8, shared=True) == "=OFFSET(B2,-2,0)"
    assert resolve("=OFFSET($B$2,-2,0)", book, "Ark1", 1, 8, shared=True) == "=#REF!"


class Workbook:
    """Contents with one sheet, Ark1, whose J1 holds the constant 5 (what :func:`resolve` reads of it)."""

    def __init__(self):
        self.ark1 = SimpleNamespace(name="Ark1", values={(1, 10): 5.0}, formulas={}, data_tables=[])
        self.sheets, self.names = [self.ark1], []

    def sheet(self, name):
        return self.ark1 if name.upper() == "ARK1" else None


def test_the_file_keeps_the_offset_as_written_and_the_engine_reads_the_reference(tmp_path):
    """The engine computes $B$6; the formula in the file stays OFFSET(D3,3,-2,1,1) after the refresh."""
    path = write(tmp_path / "bevar.xlsx", grid() | {"H1": "=OFFSET(D3,3,-2,1,1)+1"})
    formula = read_contents(path).sheets[0].formulas[(1, 8)]
    assert (formula.text, formula.written) == ("$B$6+1", "OFFSET(D3,3,-2,1,1)+1")
    assert refresh.refresh(path).value("Ark1", "H1") == 63
    with zipfile.ZipFile(path) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>OFFSET(D3,3,-2,1,1)+1</f>" in sheet and "$B$6" not in sheet
    assert read_contents(path).sheets[0].formulas[(1, 8)].written == "OFFSET(D3,3,-2,1,1)+1"


def test_an_upgrade_writes_the_offset_as_written(tmp_path):
    """``trappen upgrade`` rewrites a formula of ours as an array formula: with the file's text, not $A$1:$A$2."""
    from trappen.addin.app.upgrade import find_changes

    path = write(tmp_path / "opgrader.xlsx", {"A1": 1.5, "A2": 2.5, "D1": "=NETSAVING(OFFSET(A1,0,0,2,1)*1000,0)"})
    assert read_contents(path).sheets[0].formulas[(1, 4)].text == "NETSAVING($A$1:$A$2*1000,0)"
    assert [change.formula for change in find_changes(path)] == ["=NETSAVING(OFFSET(A1,0,0,2,1)*1000,0)"]
