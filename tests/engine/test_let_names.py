"""LET written out into its calculation (addin/engine/let_names.py).

Microsoft's page "LET function",
https://support.microsoft.com/en-us/office/let-function-34842dd8-b92b-4d3f-b325-b8b8f9908999: its first
example =LET(x, 5, SUM(x, 1)) is 6; a name's value may use the names before it; the calculation is the last
argument. Excel writes ``_xlfn.LET`` and each name ``_xlpm.x`` in the file, as the workbooks here are written.
"""

from __future__ import annotations

import pytest
import xlsxwriter

from tests.conftest import as_saved_by_excel
from trappen.addin.app import refresh
from trappen.addin.engine import calculation
from trappen.addin.engine.contents import read_contents
from trappen.addin.engine.let_names import resolve


def book(path, formulas: dict[str, str], cells: dict[str, object] | None = None):
    workbook = xlsxwriter.Workbook(path)
    sheet = workbook.add_worksheet("Ark1")
    for cell, value in (cells or {}).items():
        sheet.write(cell, value)
    for cell, formula in formulas.items():
        sheet.write_dynamic_array_formula(f"{cell}:{cell}", formula)
    workbook.close()
    return path


def test_microsofts_example_and_names_that_use_the_names_before_them(tmp_path):
    """=LET(x, 5, SUM(x, 1)) is 6 (the page); by hand: x = A1 = 4, y = x·2 = 8, y + x = 12; OFFSET inside LET
    with a name as its rows is static once the name is written out: OFFSET(A1, 1, 0) is A2 = 7."""
    path = book(tmp_path / "let.xlsx", {
        "C1": "=_xlfn.LET(_xlpm.x,5,SUM(_xlpm.x,1))",
        "C2": "=_xlfn.LET(_xlpm.x,A1,_xlpm.y,_xlpm.x*2,_xlpm.y+_xlpm.x)",
        "C3": '=_xlfn.LET(_xlpm.tekst,"_xlpm.tekst",_xlpm.tekst&"!")',  # a name's spelling in a string stays text
        "C4": "=_xlfn.LET(_xlpm.n,1,OFFSET(A1,_xlpm.n,0))"}, {"A1": 4, "A2": 7})
    result = refresh.refresh(path)
    assert [result.value("Ark1", f"C{r}") for r in range(1, 5)] == [6, 12, "_xlpm.tekst!", 7]
    again = refresh.refresh(as_saved_by_excel(path), verify=True)
    assert again.kept == [] and again.differences == []
    formula = read_contents(path).sheets[0].formulas[(1, 3)]
    assert formula.written == "_xlfn.LET(_xlpm.x,5,SUM(_xlpm.x,1))"  # the file's text, what is written back


def test_a_sheets_own_name_is_not_a_let_name():
    """Ark1!x is the sheet Ark1's defined name x, not the LET name x (and another sheet's A1 stays A1)."""
    assert resolve("=_xlfn.LET(_xlpm.x,Ark1!A1,_xlpm.x+Ark1!_xlpm.x)") == "=((Ark1!A1)+Ark1!_xlpm.x)"


@pytest.mark.parametrize("formula", [
    "=_xlfn.LET(_xlpm.x,1,_xlfn.LET(_xlpm.x,2,_xlpm.x))",  # a name shadowed inside
    "=_xlfn.LET(_xlpm.x,1,_xlpm.x,2,_xlpm.x)",  # a name given twice
    "=_xlfn.LET(_xlpm.x,1)",  # no calculation
    "=_xlfn.LET(_xlpm.f,_xlfn.LAMBDA(_xlpm.a,_xlpm.a+1),_xlpm.f(2))",  # LAMBDA
])
def test_what_is_not_plain_stays_as_written(formula):
    assert resolve(formula) == formula


def test_a_let_that_is_not_plain_is_kept_with_its_reason(tmp_path):
    path = book(tmp_path / "skygge.xlsx", {"C1": "=_xlfn.LET(_xlpm.x,1,_xlfn.LET(_xlpm.x,2,_xlpm.x))"})
    with pytest.raises(calculation.CannotCompute,
                       match="Excel-funktion, som Trappen ikke kan beregne uden Excel: _XLFN.LET"):
        refresh.refresh(path)
