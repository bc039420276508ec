"""What xlwings hands over: every range as rows × columns (``ndim=2``), a single cell as a 1×1 range, a row of
years as a column, ``None`` for an empty cell. Each function's worked example gives the same numbers in every
such shape (the result spills as a row, a column or a table)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from trappen.udfs import REGISTRY, Failure
from trappen.udfs.registry import ExcelFunction

from .conftest import argument_at

#: Arguments that hold one row per placement type or measure: Excel hands them over as a column.
COLUMN_ARGUMENTS = {"counts", "unit_prices", "base_counts", "target_counts", "cost_per_case"}

def excel_values(result):
    """A worked example's result as the Excel twin returns it: a number, or a 2-D list (1-D = one row)."""
    if isinstance(result, (list, tuple)):
        array = np.asarray(result, dtype=float)
        return (array.reshape(1, -1) if array.ndim == 1 else array).tolist()
    return float(result)


def assert_matches_example(outcome, spec: ExcelFunction, *, any_orientation=False):
    expected = excel_values(spec.example.result)
    tolerance = spec.example.tolerance
    assert not isinstance(outcome, Failure), str(outcome)
    if isinstance(expected, list):
        assert isinstance(outcome, list) and all(isinstance(row, list) for row in outcome), outcome
        if any_orientation and min(np.shape(expected)) > 1:
            # A table (rows × years, e.g. INVESTMENTCASE): years given as a column turn it (years down).
            assert np.shape(outcome) in {np.shape(expected), np.shape(expected)[::-1]}, np.shape(outcome)
            outcome = outcome if np.shape(outcome) == np.shape(expected) else np.transpose(outcome)
        elif any_orientation:  # a column of types in gives a column out, a row of years a row
            assert 1 in np.shape(outcome)
            outcome, expected = np.ravel(outcome), np.ravel(expected)
        else:
            assert np.shape(outcome) == np.shape(expected)
        assert np.allclose(outcome, expected, rtol=tolerance, atol=tolerance)
    else:
        assert isinstance(outcome, (int, float)) and not isinstance(outcome, bool), outcome
        assert math.isclose(outcome, expected, rel_tol=tolerance, abs_tol=tolerance)


def as_xlwings(arg_name: str, value):
    """What xlwings hands over with ndim=2: every cell a 1×1 range, a row 1×n, a type list n×1."""
    if isinstance(value, list):
        return [[v] for v in value] if arg_name in COLUMN_ARGUMENTS else [list(value)]
    return [[value]]


@pytest.mark.parametrize("spec", REGISTRY.values(), ids=REGISTRY)
def test_excel_twin_gives_the_worked_example(spec):
    assert_matches_example(spec.call(*spec.example.args), spec)


@pytest.mark.parametrize("spec", REGISTRY.values(), ids=REGISTRY)
def test_excel_twin_gives_the_worked_example_from_xlwings_2d_ranges(spec):
    args = [as_xlwings(argument_at(spec, p).name, v) for p, v in enumerate(spec.example.args)]
    assert_matches_example(spec.call(*args), spec, any_orientation=True)


@pytest.mark.parametrize("spec", REGISTRY.values(), ids=REGISTRY)
def test_a_single_cell_as_a_1x1_range_is_the_number(spec):
    expected = spec.call(*spec.example.args)
    assert_matches_example(expected, spec)  # the number (or table) itself, not a Failure both sides would share
    for position, value in enumerate(spec.example.args):
        if isinstance(value, list):
            continue
        for wrapped in ([[value]], np.array([[value]]), [value]):
            args = list(spec.example.args)
            args[position] = wrapped
            assert spec.call(*args) == expected


@pytest.mark.parametrize("spec", REGISTRY.values(), ids=REGISTRY)
def test_a_row_of_years_may_come_as_a_column(spec):
    """Per-year rows given as columns (n×1) give the same numbers (the result spills as a column)."""
    args = [[[v] for v in value] if isinstance(value, list) and argument_at(spec, p).name not in COLUMN_ARGUMENTS
            else value for p, value in enumerate(spec.example.args)]
    assert_matches_example(spec.call(*args), spec, any_orientation=True)
