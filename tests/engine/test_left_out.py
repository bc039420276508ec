"""An empty argument to one of our functions is left out, in the headless engine as in Excel's hosts.

``=INVESTMENTCASE(B5:B9;C5:G9;B12:F12;H5:H9;B14:F14;;0,2)``: Excel on Windows hands classic xlwings the empty
argument as VBA's "missing" marker (DISP_E_PARAMNOTFOUND), and ``xlwings.udfs.call_udf`` puts the Python default
in its place; Office.js hands xlwings Server and Lite a null, and ``custom_functions_call`` does the same. formulas'
parser reads an empty argument as 0, so the engine marks the empty arguments of our functions
(``formula_text.mark_left_out``) and hands our function the default (``functions.left_out``). A reference to an
empty cell is not an empty argument: it keeps the function's documented rule for an empty cell.

Each workbook is built with xlsxwriter; the yardstick is ``ExcelFunction.call`` with the argument left out.
"""

from __future__ import annotations

import copy
import math

import numpy as np
import pytest
import xlsxwriter
from formulas.tokens.operand import XlError

from trappen.addin.engine import calculation, functions
from trappen.addin.engine import formula_text as text
from trappen.addin.engine.contents import read_contents
from trappen.addin.workbook.cells import column_letters
from trappen.udfs import REGISTRY, Failure

OPTIONAL = [name for name, spec in REGISTRY.items() if any(a.optional for a in spec.arguments)]


def full_call(spec) -> list:
    """The worked example's arguments, then every optional argument it leaves out at its default."""
    args = copy.deepcopy(list(spec.example.args))
    for arg in spec.arguments[len(args):]:
        if arg.optional and not arg.repeating:
            args.append(arg.default)
    return args


def as_cells(value, along_row: bool = False) -> list[list]:
    """An example argument as the cells Excel holds it: a list a column (a row where the example's formula gives
    a row, ``along_row``), a list of lists rows, one value one cell."""
    if isinstance(value, (list, tuple)):
        if any(isinstance(v, (list, tuple)) for v in value):
            return [list(v) for v in value]
        return [list(value)] if along_row else [[v] for v in value]
    return [[value]]


def rows_in_example(spec) -> list[bool]:
    """For each argument of the worked example's formula: whether it is a range one row high, several wide."""
    inner = spec.example.formula.partition("(")[2].rpartition(")")[0]
    out = []
    for part in inner.split(";"):
        refs = text.read(part.strip()).refs
        out.append(len(refs) == 1 and refs[0].r1 == refs[0].r2 and refs[0].c2 > refs[0].c1)
    return out


def write_cells(sheet, row: int, column: int, cells: list[list]) -> str:
    """``cells`` written from (row, column) (0-based) on the sheet Data; the absolute reference to them."""
    for r, values in enumerate(cells):
        for c, cell in enumerate(values):
            if cell is None:
                continue
            if isinstance(cell, bool):
                sheet.write_boolean(row + r, column + c, cell)
            else:
                sheet.write_number(row + r, column + c, cell)
    first = f"${column_letters(column + 1)}${row + 1}"
    last = f"${column_letters(column + len(cells[0]))}${row + len(cells)}"
    return f"Data!{first}:{last}"


def constant(value) -> str:
    """A default typed into the formula (a number or TRUE/FALSE); '' (left empty) for None or a tuple."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return repr(value)
    return ""


def reference(spec, python: list):
    outcome = spec.call(*python)
    if isinstance(outcome, Failure):
        return outcome
    return np.atleast_2d(np.asarray(outcome, dtype=float))


def workbook(tmp_path, spec):
    """One formula per optional argument of ``spec``, that argument left empty, the example's arguments in cells;
    for each, the same call in Python: the cells as xlwings hands them over (rows of cells), the argument at its
    default, as xlwings puts it in the place of a missing one."""
    path = tmp_path / f"{spec.name.lower()}.xlsx"
    book = xlsxwriter.Workbook(path)
    data = book.add_worksheet("Data")
    calls = book.add_worksheet("Calls")
    given = len(spec.example.args)
    refs, handed, column = [], [], 0
    rows = rows_in_example(spec) + [False] * given
    for value, along_row in zip(spec.example.args, rows, strict=False):
        cells = as_cells(value, along_row)
        refs.append(write_cells(data, 0, column, cells))
        handed.append(cells)
        column += len(cells[0]) + 1
    cases = {}
    row = 0
    full = full_call(spec)
    for position, arg in enumerate(spec.arguments):
        if not arg.optional:
            continue
        count = max(given, position + 1)
        python = handed + full[given:count]
        python[position] = arg.default
        texts = [refs[i] if i < given else constant(v) for i, v in enumerate(full[:count])]
        texts[position] = ""
        formula = f"={spec.name}({','.join(texts)})"
        expected = reference(spec, python)
        if isinstance(expected, Failure):
            calls.write_formula(row, 0, formula)
            height = 1
        else:
            height, width = expected.shape
            calls.write_dynamic_array_formula(row, 0, row + height - 1, width - 1, formula)
        cases[arg.name] = (row, formula, python, expected)
        row += height + 1
    book.close()
    return read_contents(path), cases


def assert_computed(values: dict, row: int, expected, formula: str) -> None:
    if isinstance(expected, Failure):
        got = values[f"A{row + 1}"]
        assert isinstance(got, XlError) and str(got) == expected.code, (formula, got, expected)
        return
    height, width = expected.shape
    got = np.array([[values[f"{column_letters(c + 1)}{row + r + 1}"] for c in range(width)]
                    for r in range(height)], dtype=object)
    assert not any(isinstance(v, XlError) for v in got.flat), (formula, got)
    # equal but for the last digit: xlsxwriter stores a number with 16 significant digits, not 17
    assert np.allclose(got.astype(float), expected, rtol=1e-12, atol=1e-9, equal_nan=True), (formula, got, expected)


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "cell-by-cell"])
@pytest.mark.parametrize("name", OPTIONAL)
def test_an_empty_argument_is_the_call_with_it_left_out(tmp_path, name, fast):
    spec = REGISTRY[name]
    contents, cases = workbook(tmp_path, spec)
    result = calculation.calculate(contents, everything=True, fast=fast)
    for arg_name, (row, formula, python, expected) in cases.items():
        assert_computed(result.values["CALLS"], row, expected, formula)
        position = [a.name for a in spec.arguments].index(arg_name)
        if position == len(python) - 1:  # the last argument: as if the formula stopped before it
            shorter = reference(spec, python[:-1])
            if isinstance(expected, Failure):
                assert shorter == expected
            else:
                assert np.array_equal(shorter, expected, equal_nan=True)


def test_the_default_is_not_formulas_zero(tmp_path):
    """The tests above can fail: the defaults that are not 0 give other numbers than 0 would."""
    spec = REGISTRY["SPILLOVER"]
    path = tmp_path / "spill.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Ark1")
    sheet.write("A1", -1_000_000)
    formulas = {"B1": "=SPILLOVER(A1,,)",  # home_share 0,2, preventive_share 0,1
                "B2": "=SPILLOVER(A1,0,0)",  # typed 0: stays 0
                "B3": "=SPILLOVER(A1,,0)",
                "B4": "=SPILLOVER(A1)"}
    for cell, formula in formulas.items():
        sheet.write_dynamic_array_formula(f"{cell}:C{cell[1:]}", formula)
    sheet.write_formula("B6", "=SUM(SPILLOVER(A1,,))")  # inside another function
    sheet.write_formula("B7", "=IF(TRUE,,2)")  # Excel's own IF: its empty argument stays 0
    book.close()
    expected = {"B1": [[200_000.0, 100_000.0]], "B2": [[0.0, 0.0]], "B3": [[200_000.0, 0.0]],
                "B4": [[200_000.0, 100_000.0]]}
    assert expected["B1"] == spec.call(-1_000_000.0) and expected["B2"] == spec.call(-1_000_000.0, 0.0, 0.0)
    assert expected["B3"] == spec.call(-1_000_000.0, 0.2, 0.0)
    for fast in (True, False):
        values = calculation.calculate(read_contents(path), everything=True, fast=fast).values["ARK1"]
        for cell, pair in expected.items():
            assert [[values[cell], values[f"C{cell[1:]}"]]] == pair, (fast, formulas[cell])
        assert values["B6"] == 300_000.0 and values["B7"] == 0.0


@pytest.mark.parametrize("tail, python", [
    (",,0.2", (None, 0.2)),  # the issue's formula: price_growth left empty (its default 0 is also formulas' 0)
    (",0.02,,0.3", (0.02, None, 0.3)),  # home_share left empty: its default is 0,2, not 0
])
def test_the_issue_s_investment_case_with_an_argument_left_empty(tmp_path, tail, python):
    """``=INVESTMENTCASE(B5:B9;C5:G9;B12:F12;H5:H9;B14:F14;;0,2)`` and one that leaves home_share empty."""
    spec = REGISTRY["INVESTMENTCASE"]
    path = tmp_path / "case.xlsx"
    book = xlsxwriter.Workbook(path)
    data = book.add_worksheet("Data")
    refs, args = [], []
    for index, (value, along_row) in enumerate(zip(spec.example.args[:5], rows_in_example(spec)[:5], strict=True)):
        args.append(as_cells(value, along_row))
        refs.append(write_cells(data, 0, 10 * index, args[-1]))
    calls = book.add_worksheet("Calls")
    given = [spec.arguments[5 + i].default if v is None else v for i, v in enumerate(python)]
    expected = np.atleast_2d(np.asarray(spec.call(*args, *given), dtype=float))
    calls.write_dynamic_array_formula(0, 0, expected.shape[0] - 1, expected.shape[1] - 1,
                                      f"=INVESTMENTCASE({','.join(refs)}{tail})")
    book.close()
    contents = read_contents(path)
    for fast in (True, False):
        values = calculation.calculate(contents, everything=True, fast=fast).values["CALLS"]
        assert_computed(values, 0, expected, tail)
    if python[1] is None:  # formulas' 0 for home_share would have been another case
        with_zero = np.atleast_2d(np.asarray(spec.call(*args, 0.02, 0.0, 0.3), dtype=float))
        assert not np.array_equal(with_zero, expected)


def test_a_reference_to_an_empty_cell_is_not_an_empty_argument(tmp_path):
    """``=OVERSPEND(A1;B1;C1)`` with C1 empty hands our function the empty cell, as classic xlwings hands
    ``[[None]]``: the function's rule for an empty cell applies (here the same number as the default), and a
    required argument's empty cell keeps its own rule, never the left-out one (None)."""
    path = tmp_path / "tom.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Ark1")
    sheet.write_row("A1", [120, 100])
    sheet.write_formula("E1", "=OVERSPEND(A1,B1,C1)")  # C1: an empty cell for the optional transferred
    sheet.write_formula("E2", "=OVERSPEND(A1,B1,)")
    sheet.write_formula("E3", "=OVERSPEND(A1,D1)")  # D1: an empty cell for the required budget
    sheet.write_formula("E4", "=OVERSPEND(A1,)")  # the budget left out: what the hosts hand over, None
    book.close()
    spec = REGISTRY["OVERSPEND"]
    for fast in (True, False):
        values = calculation.calculate(read_contents(path), everything=True, fast=fast).values["ARK1"]
        assert values["E1"] == spec.call(120.0, 100.0, [[None]])
        assert values["E2"] == spec.call(120.0, 100.0)
        for cell, python in (("E3", spec.call(120.0, [[None]])), ("E4", spec.call(120.0, None))):
            if isinstance(python, Failure):
                assert isinstance(values[cell], XlError) and str(values[cell]) == python.code, (cell, values[cell])
            else:
                assert values[cell] == python, cell


@pytest.mark.parametrize("formula, marked", [
    ("=INVESTMENTCASE(B5:B9,C5:G9,,H5:H9)", '=INVESTMENTCASE(B5:B9,C5:G9,"\x00",H5:H9)'),
    ("=CASELOAD(A1,)", '=CASELOAD(A1,"\x00")'),
    ("=caseload(A1, )", '=caseload(A1, "\x00")'),
    ("=CASELOAD(,)", '=CASELOAD("\x00","\x00")'),
    ("=CASELOAD()", "=CASELOAD()"),  # no argument at all
    ("=IF(A1,,2)", "=IF(A1,,2)"),  # Excel's own functions: formulas' rule
    ("=CASELOAD(IF(A1,,2),)", '=CASELOAD(IF(A1,,2),"\x00")'),
    ('=CASELOAD(",,",,{1,2})', '=CASELOAD(",,","\x00",{1,2})'),  # strings and array constants
    ("=CASELOAD('a,,b'!A1,(A1,B1),)", "=CASELOAD('a,,b'!A1,(A1,B1),\"\x00\")"),  # sheet names, unions
    ("=SUM(CASELOAD(A1,),1)", '=SUM(CASELOAD(A1,"\x00"),1)'),
])
def test_the_empty_arguments_of_our_functions_are_marked(formula, marked):
    assert text.mark_left_out(formula, set(REGISTRY)) == marked
    assert "\x00" == text.LEFT_OUT  # no workbook's XML can hold it


def test_left_out_is_the_default_or_none():
    spec = REGISTRY["INVESTMENTCASE"]
    assert functions.left_out(spec, 6) == 0.2 and functions.left_out(spec, 14) == 2
    assert functions.left_out(spec, 0) is None and functions.left_out(spec, 40) is None
    assert math.isclose(functions.left_out(REGISTRY["SPILLOVER"], 2), 0.1)
