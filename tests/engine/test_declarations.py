"""What the engine must know of one of our functions is declared on the function (``ExcelFunction``), and
the engine reads it from there: the column-wise functions whose copies run as one call, and the functions
that take a date. And our functions' messages belong to the evaluation that made the call."""

from __future__ import annotations

import pytest
import xlsxwriter

from trappen.addin.engine import calculation, functions, runs
from trappen.addin.engine import formula_text as text
from trappen.addin.engine.contents import read_contents
from trappen.udfs import REGISTRY


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_a_run_is_made_only_of_functions_declared_column_wise(name):
    call = runs.single_call(text.read(f"={name}(A1:A3,$B$1)"))  # one column wide: may run along a row
    assert runs.eligible(call, "row") is REGISTRY[name].along_row
    call = runs.single_call(text.read(f"={name}(A1:C1,$B$1)"))  # one row high: may run down a column
    assert runs.eligible(call, "column") is REGISTRY[name].down_column


def test_the_declarations_are_the_engines_former_lists():
    """The column-wise and date-taking functions the engine used to list by name, now declared on each."""
    assert {n for n, s in REGISTRY.items() if s.along_row} == {
        "PLACEMENTCOST", "NETSAVING", "CASELOAD", "ADVISERSNEEDED", "ADVISERCOST", "UNITPRICE", "PERMILLE",
        "OVERSPEND", "EXTRASPEND"}
    assert {n for n, s in REGISTRY.items() if s.down_column} == {
        "CASELOAD", "ADVISERSNEEDED", "ADVISERCOST", "UNITPRICE", "PERMILLE", "OVERSPEND"}
    assert {n for n, s in REGISTRY.items() if s.takes_date} == {"ANNUALIZE"}
    assert "ANNUALIZE" in functions.DATES and "PLACEMENTCOST" not in functions.DATES


def test_a_declared_date_function_is_refused_in_a_1904_workbook(tmp_path):
    path = tmp_path / "1904.xlsx"
    book = xlsxwriter.Workbook(path, {"date_1904": True})
    sheet = book.add_worksheet("Ark1")
    sheet.write_row("A1", [120, 43100])
    sheet.write_formula("C1", "=ANNUALIZE(A1,B1)")
    book.close()
    with pytest.raises(calculation.CannotCompute, match="ANNUALIZE"):
        calculation.calculate(read_contents(path))


def sagstal(path, advisers):
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Sagstal")
    sheet.write_row("A1", [770, advisers])
    sheet.write_formula("C1", "=CASELOAD(A1,B1)")
    book.close()
    return read_contents(path)


def test_each_evaluation_keeps_its_own_messages(tmp_path):
    """No process-wide list: a second workbook's computation neither clears nor inherits the first's messages."""
    failing = calculation.calculate(sagstal(tmp_path / "nul.xlsx", 0))
    sound = calculation.calculate(sagstal(tmp_path / "godt.xlsx", 32))
    assert "advisers" in failing.messages.of("Sagstal", "C1") and "er 0" in failing.messages.of("Sagstal", "C1")
    assert sound.messages.of("Sagstal", "C1") == "" and sound.messages.by_cell == {}
    assert not hasattr(functions, "MESSAGES")
    assert functions.collecting.get() is None  # nothing left collecting after the evaluation
