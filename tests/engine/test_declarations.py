"""What the engine and Excel's hosts must know of one of our functions is declared on the function
(``ExcelFunction``), and they read it from there: the column-wise functions whose copies run as one call, the
functions that take a date, the heavy ones Excel's Insert Function dialog does not compute. No list of our
functions' names is kept anywhere else. And our functions' messages belong to the evaluation that made the
call, constant arguments or not."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import xlsxwriter

from trappen.addin.engine import calculation, functions, runs
from trappen.addin.engine import formula_text as text
from trappen.addin.engine.contents import read_contents
from trappen.udfs import REGISTRY, registry

ROOT = Path(__file__).resolve().parents[2]


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
    assert {n for n, s in REGISTRY.items() if s.heavy} == {
        "INVESTMENTCASE", "BREAKEVENFALL", "BREAKEVENGROWTH", "TORNADO", "MONTECARLO"}
    assert not hasattr(registry, "HEAVY")


def _name_lists(text: str, where: str) -> list[str]:
    """Literal tuples, lists, sets and dict keys in a module's text holding two or more of our functions' Excel
    names."""
    found = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Dict):
            items = node.keys
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            items = node.elts
        else:
            continue
        names = {item.value for item in items if isinstance(item, ast.Constant) and item.value in REGISTRY}
        if len(names) >= 2:
            found.append(f"{where}:{node.lineno} {sorted(names)}")
    return found


def test_no_list_of_our_functions_by_name_outside_their_declarations():
    """What sets some of our functions apart (column-wise, takes a date, heavy ...) is a field of each
    declaration, not a list of names that a new function would have to join."""
    modules = sorted((ROOT / "udfs").rglob("*.py")) + sorted((ROOT / "addin").rglob("*.py"))
    assert len(modules) > 30
    assert [found for path in modules
            for found in _name_lists(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))] == []


def test_the_name_scan_finds_a_list_of_names():
    assert _name_lists('HEAVY = frozenset({"TORNADO", "MONTECARLO"})', "x.py") == ["x.py:1 ['MONTECARLO', 'TORNADO']"]
    assert _name_lists('WIDE = ("NETSAVING", "CASELOAD")\nTEXT = {"PRICEINDEX": 1, "UNITPRICE": 2}', "y.py") == [
        "y.py:1 ['CASELOAD', 'NETSAVING']", "y.py:2 ['PRICEINDEX', 'UNITPRICE']"]
    assert _name_lists('ONE = ("TORNADO", "low")', "z.py") == []


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


def constants(path):
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Sagstal")
    sheet.write_row("A1", [770, 0])
    sheet.write_formula("C1", "=CASELOAD(A1,B1)")  # references: called when the cell is computed
    sheet.write_formula("C2", "=CASELOAD(770,0)")  # constants only: formulas computes it while compiling
    sheet.write_formula("C3", "=CASELOAD(770,0)")  # a copy: shares the compiled formula, no call of its own
    sheet.write_formula("D2", "=CASELOAD(770,0)+1")  # a constant part of a larger formula
    sheet.write_formula("E2", "=TRAPPENFEJL(C2)")
    book.close()
    return path


@pytest.mark.parametrize("fast", [True, False])
def test_a_call_with_constants_only_keeps_its_message(tmp_path, fast):
    """``=CASELOAD(770;0)`` is computed by formulas when it compiles the formula, outside any cell: its
    message is recorded for each cell the compiled formula computes, as a call with references records its own."""
    result = calculation.calculate(read_contents(constants(tmp_path / "konstanter.xlsx")), fast=fast)
    expected = "advisers: er 0, så sagstallet kan ikke beregnes — skriv et tal over 0"
    assert sorted(result.error_cells) == [("Sagstal", cell, "#DIV/0!") for cell in ("C1", "C2", "C3", "D2")]
    for cell in ("C1", "C2", "C3", "D2"):
        assert result.messages.of("Sagstal", cell) == expected, cell
    assert result.values["SAGSTAL"]["E2"] == f"#DIV/0! {expected}"


def test_the_refreshs_error_list_names_the_message_of_a_constant_call(tmp_path):
    from trappen.addin.app.refresh import refresh

    refreshed = refresh(constants(tmp_path / "konstanter.xlsx"))
    messages = {error.cell: error.message for error in refreshed.errors}
    assert set(messages) == {"C1", "C2", "C3", "D2"}
    assert all(message.startswith("advisers: er 0") for message in messages.values()), messages
