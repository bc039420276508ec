"""The input adapter (udfs/inputs.py): what Excel, an engine or Python hands over, as clean float arrays.

One test per convention of the contract (shared/FUNCTIONS.md): empty cells and dashes, 1×1 ranges and
2-D lists, numpy and pandas, text quoted in the message, booleans and dates refused, Excel error values,
an engine's own empty token and error class, ranges that must line up, shares as decimals, division by 0.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from trappen.udfs import inputs
from trappen.udfs.errors import TrappenError, ZeroDenominatorError


def message_of(call, *args, **kwargs) -> str:
    with pytest.raises(TrappenError) as raised:
        call(*args, **kwargs)
    message = str(raised.value)
    assert "\n" not in message
    return message


# --- empty cells ------------------------------------------------------------------------------------

EMPTIES = [None, "", "   ", "-", "–", "—", " - "]


@pytest.mark.parametrize("empty", EMPTIES, ids=repr)
def test_none_blank_and_dashes_are_empty_cells(empty):
    assert math.isnan(inputs.as_array(empty, "x"))
    assert inputs.numbers([1, empty, 3], "x", empty="zero").tolist() == [1.0, 0.0, 3.0]
    kept = inputs.numbers([1, empty, 3], "x", empty="keep")
    assert kept[0] == 1 and math.isnan(kept[1]) and kept[2] == 3


def test_empty_cells_are_an_error_where_the_rule_says_so():
    assert message_of(inputs.numbers, [1, None, "-"], "baseline") == \
        "baseline: has an empty cell — type a number (0 if there is none)"
    assert message_of(inputs.numbers, [None, "–"], "baseline").startswith("baseline: is empty")
    assert message_of(inputs.numbers, [], "baseline").startswith("baseline: is empty")


def test_an_empty_scalar_takes_its_default_or_is_an_error():
    assert inputs.scalar(None, "first_year_offset", default=0.0) == 0.0
    assert inputs.scalar("-", "home_share", default=0.2) == 0.2
    assert message_of(inputs.scalar, None, "rate").startswith("rate: is empty")


def test_counts_and_amounts_read_empty_cells_as_zero():
    assert inputs.counts([3, None, "-"], "counts").tolist() == [3.0, 0.0, 0.0]
    assert inputs.amounts([-1.5, ""], "investment").tolist() == [-1.5, 0.0]
    assert message_of(inputs.counts, [3, -1], "counts") == "counts: -1 is negative — counts and prices cannot be below 0"


def test_a_nan_from_python_is_an_empty_cell_and_infinity_is_refused():
    assert inputs.numbers([1.0, math.nan], "x", empty="zero").tolist() == [1.0, 0.0]
    assert "infinite" in message_of(inputs.numbers, [1.0, math.inf], "x")
    assert "infinite" in message_of(inputs.scalar, -math.inf, "x")


# --- shapes: 1×1 ranges, 2-D lists, numpy, pandas ---------------------------------------------------

@pytest.mark.parametrize("single_cell", [5, 5.0, [5], [[5]], np.array([[5]]), np.float32(5), np.int64(5)],
                         ids=["int", "float", "list", "1x1", "numpy-1x1", "float32", "int64"])
def test_a_single_cell_is_one_number_however_it_comes(single_cell):
    assert inputs.scalar(single_cell, "cases") == 5.0
    assert isinstance(inputs.scalar(single_cell, "cases"), float)


def test_a_range_where_one_number_is_wanted_is_refused_with_its_size():
    assert message_of(inputs.scalar, [[1, 2, 3]], "rate") == \
        "rate: is a range of 1 rows × 3 columns — give a single cell or number"


def test_2d_lists_keep_their_shape():
    block = inputs.as_array([[1, 2, 3], [4, None, 6]], "counts")
    assert block.shape == (2, 3) and block.dtype == np.float64 and math.isnan(block[1, 1])
    assert inputs.as_array([[1], [2]], "x").shape == (2, 1)
    assert inputs.as_array(7, "x").shape == ()


def test_more_than_two_dimensions_is_refused():
    assert message_of(inputs.as_array, [[[1]], [[2]]], "counts").startswith("counts: has 3 dimensions")


def test_a_vector_is_one_row_or_one_column_never_a_block():
    assert inputs.vector([[1, 2, 3]], "years").tolist() == [1.0, 2.0, 3.0]
    assert inputs.vector([[1], [2], [3]], "years").tolist() == [1.0, 2.0, 3.0]
    assert inputs.vector(4, "years").tolist() == [4.0]
    assert message_of(inputs.vector, [[1, 2], [3, 4]], "years") == \
        "years: is a block of 2 rows × 2 columns — give one row or one column"


def test_a_block_makes_a_list_into_one_column():
    assert inputs.block([1, 2, 3], "counts").shape == (3, 1)
    assert inputs.block(5, "counts").shape == (1, 1)
    assert inputs.block([[1, 2], [3, 4]], "counts").shape == (2, 2)


@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.int64, np.uint16, np.float32])
def test_numpy_integer_and_float32_arrays_become_float64(dtype):
    array = inputs.as_array(np.array([[1, 2], [3, 4]], dtype=dtype), "counts")
    assert array.dtype == np.float64 and array.tolist() == [[1.0, 2.0], [3.0, 4.0]]


def test_a_float64_array_passes_through_without_a_copy():
    counts = np.arange(12.0).reshape(3, 4)
    assert inputs.as_array(counts, "counts") is counts
    assert inputs.numbers(counts, "counts") is counts  # no NaN, nothing to fill: still no copy


def test_an_object_array_is_read_cell_by_cell():
    assert inputs.amounts(np.array([1, None, "-", 2.5], dtype=object), "x").tolist() == [1.0, 0.0, 0.0, 2.5]


def test_pandas_series_and_frames_are_read_like_ranges():
    assert inputs.numbers(pd.Series([1, None, 3]), "x", empty="zero").tolist() == [1.0, 0.0, 3.0]
    assert inputs.numbers(pd.Series([1, None], dtype="Int64"), "x", empty="zero").tolist() == [1.0, 0.0]
    frame = pd.DataFrame({"2018": [1, 2], "2019": [3, 4]})
    assert inputs.block(frame, "counts").tolist() == [[1.0, 3.0], [2.0, 4.0]]
    assert "'1.234,5' is text" in message_of(inputs.numbers, pd.Series([1, "1.234,5"], dtype=object), "x")


# --- text, booleans, dates, error values --------------------------------------------------------------

def test_text_is_quoted_and_a_danish_number_is_suggested_never_assumed():
    message = message_of(inputs.numbers, [1, "1.234,5"], "counts")
    assert message == "counts: '1.234,5' is text, not a number — type it as a number (1234.5), not as text"


@pytest.mark.parametrize("text, fix", [
    ("abc", "type the number without quotes or spaces"),
    ("12", "type the number without quotes or spaces"),  # a number typed as text is still text
    ("0,2", "type it as a number (0.2), not as text"),
    ("1 234,50", "type it as a number (1234.5), not as text"),
    ("12,5 %", "type the number without quotes or spaces"),
])
def test_text_in_a_number_argument_is_an_error_quoting_it(text, fix):
    assert message_of(inputs.scalar, text, "rate") == f"rate: '{text}' is text, not a number — {fix}"


def test_long_text_is_shortened_in_the_message():
    message = message_of(inputs.numbers, "x" * 100, "counts")
    assert f"'{'x' * 37}...' is text" in message and len(message) < 120


@pytest.mark.parametrize("value, shown", [(True, "TRUE"), (False, "FALSE"), (np.bool_(True), "TRUE")],
                         ids=["TRUE", "FALSE", "numpy-bool"])
def test_booleans_are_not_numbers(value, shown):
    assert message_of(inputs.scalar, value, "cases") == \
        f"cases: {shown} is a logical value, not a number — type a number"
    assert f"{shown} is a logical value" in message_of(inputs.numbers, [1, value], "counts")
    assert "logical value" in message_of(inputs.numbers, np.array([1, 2, 3]) > 1, "counts")  # a bool array


@pytest.mark.parametrize("date", [dt.date(2018, 6, 13), dt.datetime(2018, 6, 13, 12), np.datetime64("2018-06-13")],
                         ids=["date", "datetime", "datetime64"])
def test_dates_are_refused_as_numbers(date):
    assert "is a date, not a number" in message_of(inputs.numbers, [1, date], "count")
    assert "is a date, not a number" in message_of(inputs.scalar, date, "count")


@pytest.mark.parametrize("date, serial", [
    (dt.date(2018, 6, 13), 43264.0),
    (dt.datetime(2018, 6, 13), 43264.0),
    (dt.datetime(2018, 6, 13, 12), 43264.5),
    (dt.datetime(2018, 6, 13, 6), 43264.25),
    (np.datetime64("2018-06-13"), 43264.0),
    (np.datetime64("2018-06-13T18:00"), 43264.75),
    (np.datetime64("2018-06-13T12:00:00.000000000"), 43264.5),
    (dt.date(1900, 3, 1), 61.0),
    (dt.date(9999, 12, 31), 2958465.0),
    (43264, 43264.0),
    ([[43264]], 43264.0),
    ([[dt.date(2018, 6, 13)]], 43264.0),
], ids=str)
def test_date_serial_reads_dates_as_excel_serial_numbers(date, serial):
    assert inputs.date_serial(date, "as_of_date") == serial


def test_serial_to_date_is_the_inverse_of_date_serial():
    day = dt.date(1900, 3, 1)
    while day < dt.date(2101, 1, 1):
        assert inputs.serial_to_date(inputs.date_serial(day, "d")) == day
        day += dt.timedelta(days=97)


@pytest.mark.parametrize("value, problem", [
    ("13-06-2018", "'13-06-2018' is text, not a date"),
    (0, "0 is not a date"),
    (3e6, "3e+06 is not a date"),
    ([[1, 2]], "is a range of 1 rows × 2 columns"),
    (None, "is empty"),
    (True, "TRUE is a logical value"),
    ("#N/A", "a cell holds the error #N/A"),
], ids=str)
def test_date_serial_refuses_what_is_not_one_date(value, problem):
    assert problem in message_of(inputs.date_serial, value, "as_of_date")


@pytest.mark.parametrize("error", ["#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#SPILL!", "#div/0!"])
def test_excel_error_values_are_refused_with_their_text(error):
    message = message_of(inputs.numbers, [1, error], "actual")
    assert message == f"actual: a cell holds the error {error.upper()} — correct that cell first"
    assert error.upper() in message_of(inputs.scalar, error, "budget")


def test_a_cell_that_is_neither_number_text_nor_date_is_refused():
    assert "is not a number" in message_of(inputs.numbers, [1, {"a": 1}], "counts")
    assert "is not a number" in message_of(inputs.scalar, 1j, "counts")


# --- an engine's own values ---------------------------------------------------------------------------

class EngineEmpty:
    """A headless engine's token for an empty cell (compared by identity, whatever its __eq__ says)."""

    def __eq__(self, other):
        return True

    __hash__ = object.__hash__

    def __repr__(self):
        return "<empty>"


class EngineError(Exception):
    """An engine's class for Excel error values; str() is the error code."""


@pytest.fixture
def clean_engine_registry(monkeypatch):
    """Registered engine values are module state: give each test fresh lists and restore afterwards."""
    monkeypatch.setattr(inputs, "_engine_empty", [])
    monkeypatch.setattr(inputs, "_engine_error_types", [])


def test_an_engines_empty_token_is_an_empty_cell(clean_engine_registry):
    token = EngineEmpty()
    with pytest.raises(TrappenError):
        inputs.numbers([1, token], "counts")  # unknown before registration
    inputs.register_engine_values(empty=[token])
    inputs.register_engine_values(empty=[token])  # registering twice keeps one
    assert len(inputs._engine_empty) == 1
    assert inputs.numbers([1, token, 3], "counts", empty="zero").tolist() == [1.0, 0.0, 3.0]
    assert inputs.scalar(token, "rate", default=0.5) == 0.5
    assert "is not a number" in message_of(inputs.numbers, [EngineEmpty()], "x")  # another object: not empty


def test_an_engines_error_class_is_an_excel_error(clean_engine_registry):
    inputs.register_engine_values(error_types=[EngineError])
    inputs.register_engine_values(error_types=[EngineError])
    assert inputs._engine_error_types == [EngineError]
    message = message_of(inputs.numbers, [1, EngineError("#DIV/0!")], "actual")
    assert message == "actual: a cell holds the error #DIV/0! — correct that cell first"


# --- ranges that must line up -------------------------------------------------------------------------

def test_aligned_takes_a_row_and_a_column_of_the_same_length_as_the_same_years():
    row, column = np.ones((1, 5)), np.arange(5.0).reshape(5, 1)
    (a, b), shape = inputs.aligned({"investment": row, "savings": column})
    assert shape == (1, 5) and a.shape == b.shape == (1, 5) and b.tolist() == [[0, 1, 2, 3, 4]]
    (a, b), shape = inputs.aligned({"investment": np.ones(5), "savings": row})
    assert shape == (5,) and b.shape == (5,)


def test_aligned_broadcasts_single_values():
    (a, b, c), shape = inputs.aligned({"advisers": np.asarray(11.0), "cost_per_adviser": np.array([[5.0]]),
                                       "other_costs": np.arange(3.0)})
    assert shape == (3,) and a.shape == b.shape == () and (a * b + c).tolist() == [55.0, 56.0, 57.0]
    (a, b), shape = inputs.aligned({"budget": np.asarray(1.0), "actual": np.array([[2.0]])})
    assert shape == (1, 1) and a.shape == b.shape == (1, 1)


def test_aligned_refuses_blocks_of_different_shape_naming_both_arguments_and_sizes():
    message = message_of(inputs.aligned, {"budget": np.ones((2, 3)), "actual": np.ones((3, 2))})
    assert message == ("actual: has 3 rows × 2 columns but budget has 2 rows × 3 columns — "
                       "the ranges must be the same size (one value per year)")


def test_aligned_refuses_rows_of_different_length_naming_both_arguments_and_sizes():
    message = message_of(inputs.aligned, {"investment": np.ones(5), "savings": np.ones(4)})
    assert message.startswith("savings: has 4 values but investment has 5 values")
    message = message_of(inputs.aligned, {"cases": np.ones((1, 5)), "advisers": np.ones((4, 1))})
    assert message.startswith("advisers: has 4 rows × 1 columns but cases has 1 rows × 5 columns")


def test_aligned_refuses_a_block_against_a_row_with_as_many_cells():
    message = message_of(inputs.aligned, {"budget": np.ones(6), "actual": np.ones((2, 3))})
    assert message.startswith("actual: has 2 rows × 3 columns but budget has 6 values")


def test_shaped_gives_a_plain_float_for_a_single_value():
    assert inputs.shaped(np.array([[3.0]]), ()) == 3.0 and isinstance(inputs.shaped(np.array(3.0), ()), float)
    assert inputs.shaped(np.arange(3.0), (1, 3)).shape == (1, 3)


# --- shares, flags, division --------------------------------------------------------------------------

def test_a_share_is_a_decimal_and_20_suggests_0_2():
    assert inputs.share(0.2, "home_share") == 0.2
    assert message_of(inputs.share, 20, "home_share") == \
        "home_share: 20 is above 1 — a share is a decimal: type 0.2 for 20 %"
    assert "type 0.035 for 3.5 %" in message_of(inputs.share, 3.5, "rate")


def test_a_share_has_a_floor_and_a_default():
    assert inputs.share(-0.5, "price_growth", lowest=-0.99) == -0.5
    assert message_of(inputs.share, -1, "price_growth", lowest=-0.99).startswith("price_growth: -1 is below -0.99")
    assert message_of(inputs.share, -0.1, "home_share").startswith("home_share: -0.1 is below 0")
    assert inputs.share(None, "home_share", default=0.2) == 0.2
    assert inputs.share([[0.1]], "home_share") == 0.1


@pytest.mark.parametrize("value, expected", [
    (True, True), (False, False), (np.bool_(True), True), (1, True), (0, False), (1.0, True),
    ("TRUE", True), ("false", False), ("SAND", True), ("Falsk", False), ([[True]], True), (None, "default"),
    ("", "default"), ("-", "default"),
], ids=repr)
def test_flag_reads_true_and_false_as_excel_does(value, expected):
    default = False
    assert inputs.flag(value, "per_row", default=default) == (default if expected == "default" else expected)


@pytest.mark.parametrize("value", [2, "ja", [[True, False]], 0.5])
def test_flag_refuses_what_is_not_true_or_false(value):
    assert "TRUE or FALSE" in message_of(inputs.flag, value, "per_row", default=False)


def test_divide_by_zero_raises_a_zero_denominator_error_shown_as_div0():
    assert inputs.divide(np.array([10.0, 9.0]), np.array([2.0, 3.0]), "advisers", "caseload").tolist() == [5.0, 3.0]
    with pytest.raises(ZeroDenominatorError) as raised:
        inputs.divide(np.array([770.0, 700.0]), np.array([32.0, 0.0]), "advisers", "caseload")
    error = raised.value
    assert isinstance(error, TrappenError) and error.excel_error == "#DIV/0!"
    assert error.argument == "advisers" and str(error).startswith("advisers: is 0, so there is no caseload")


def test_trappen_error_is_one_line_argument_problem_fix():
    error = TrappenError("counts", "'x' is text, not a number", "type a number")
    assert (error.argument, error.problem, error.fix) == ("counts", "'x' is text, not a number", "type a number")
    assert str(error) == "counts: 'x' is text, not a number — type a number"
    assert str(TrappenError("rate", "is empty")) == "rate: is empty"
    assert isinstance(error, ValueError) and error.excel_error == "#VALUE!"
