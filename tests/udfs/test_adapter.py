"""The input adapter (udfs/inputs.py): what Excel, an engine or Python hands over, as clean float arrays.

One test per convention of the contract (shared/FUNCTIONS.md): empty cells and dashes, 1×1 ranges and
2-D lists, numpy and pandas, text quoted in the message, booleans and dates refused, Excel error values,
an engine's own empty token and error class, ranges that must line up, shares as decimals, division by 0.
Each message is asserted whole where it is the adapter's own: one Danish line, in the vocabulary of
``udfs.errors`` (``argument: what is wrong — what to do``).
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
        "baseline: har en tom celle — skriv et tal (0, hvis der ikke er noget)"
    assert message_of(inputs.numbers, [None, "–"], "baseline").startswith("baseline: er tom")
    assert message_of(inputs.numbers, [], "baseline") == "baseline: er tom — vælg mindst én celle"


def test_an_empty_scalar_takes_its_default_or_is_an_error():
    assert inputs.scalar(None, "first_year_offset", default=0.0) == 0.0
    assert inputs.scalar("-", "home_share", default=0.2) == 0.2
    assert message_of(inputs.scalar, None, "rate") == "rate: er tom — skriv et tal"


def test_counts_and_amounts_read_empty_cells_as_zero():
    assert inputs.counts([3, None, "-"], "counts").tolist() == [3.0, 0.0, 0.0]
    assert inputs.amounts([-1.5, ""], "investment").tolist() == [-1.5, 0.0]
    assert message_of(inputs.counts, [3, -1.5], "counts") == "counts: -1,5 er negativ — skriv 0 eller mere"


def test_a_nan_from_python_is_an_empty_cell_and_infinity_is_refused():
    assert inputs.numbers([1.0, math.nan], "x", empty="zero").tolist() == [1.0, 0.0]
    assert message_of(inputs.numbers, [1.0, math.inf], "x") == \
        "x: indeholder en uendelig værdi — skriv et endeligt tal"
    assert message_of(inputs.scalar, -math.inf, "x") == "x: er uendelig — skriv et endeligt tal"


# --- shapes: 1×1 ranges, 2-D lists, numpy, pandas ---------------------------------------------------

@pytest.mark.parametrize("single_cell", [5, 5.0, [5], [[5]], np.array([[5]]), np.float32(5), np.int64(5)],
                         ids=["int", "float", "list", "1x1", "numpy-1x1", "float32", "int64"])
def test_a_single_cell_is_one_number_however_it_comes(single_cell):
    assert inputs.scalar(single_cell, "cases") == 5.0
    assert isinstance(inputs.scalar(single_cell, "cases"), float)


def test_a_range_where_one_number_is_wanted_is_refused_with_its_size():
    assert message_of(inputs.scalar, [[1, 2, 3]], "rate") == \
        "rate: er et område på 1 række × 3 kolonner — giv én celle eller ét tal"


def test_2d_lists_keep_their_shape():
    block = inputs.as_array([[1, 2, 3], [4, None, 6]], "counts")
    assert block.shape == (2, 3) and block.dtype == np.float64 and math.isnan(block[1, 1])
    assert inputs.as_array([[1], [2]], "x").shape == (2, 1)
    assert inputs.as_array(7, "x").shape == ()


def test_more_than_two_dimensions_is_refused():
    assert message_of(inputs.as_array, [[[1]], [[2]]], "counts") == \
        "counts: har 3 dimensioner — giv ét område (rækker × kolonner)"
    assert message_of(inputs.as_array, np.ones((2, 2, 2)), "counts").startswith("counts: har 3 dimensioner")


def test_a_vector_is_one_row_or_one_column_never_a_block():
    assert inputs.vector([[1, 2, 3]], "years").tolist() == [1.0, 2.0, 3.0]
    assert inputs.vector([[1], [2], [3]], "years").tolist() == [1.0, 2.0, 3.0]
    assert inputs.vector(4, "years").tolist() == [4.0]
    assert message_of(inputs.vector, [[1, 2], [3, 4]], "years") == \
        "years: er en blok på 2 rækker × 2 kolonner — giv én række eller én kolonne"


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
    assert "'1.234,5' er tekst" in message_of(inputs.numbers, pd.Series([1, "1.234,5"], dtype=object), "x")
    dates = pd.Series(pd.to_datetime(["2018-06-13", "2018-06-14"]))  # datetime64[ns] underneath
    assert message_of(inputs.numbers, dates, "x") == "x: 13-06-2018 er en dato, ikke et tal — skriv selve tallet"


# --- text, booleans, dates, error values --------------------------------------------------------------

def test_text_is_quoted_and_a_danish_number_is_suggested_never_assumed():
    message = message_of(inputs.numbers, [1, "1.234,5"], "counts")
    assert message == "counts: '1.234,5' er tekst, ikke et tal — skriv det som et tal (1.234,5), ikke som tekst"


@pytest.mark.parametrize("text, fix", [
    ("abc", "skriv tallet uden anførselstegn og mellemrum"),
    ("12", "skriv tallet uden anførselstegn og mellemrum"),  # a number typed as text is still text
    ("0,2", "skriv det som et tal (0,2), ikke som tekst"),
    ("1 234,50", "skriv det som et tal (1.234,5), ikke som tekst"),
    ("0.2", "skriv det som et tal (0,2), ikke som tekst"),  # English notation: the Danish way to type it
    ("1.234", "skriv tallet uden anførselstegn og mellemrum"),  # 1234 or 1,234? Not guessed
    ("12,5 %", "skriv tallet uden anførselstegn og mellemrum"),
])
def test_text_in_a_number_argument_is_an_error_quoting_it(text, fix):
    assert message_of(inputs.scalar, text, "rate") == f"rate: '{text}' er tekst, ikke et tal — {fix}"


def test_long_text_is_shortened_in_the_message():
    message = message_of(inputs.numbers, "x" * 100, "counts")
    assert f"'{'x' * 37}...' er tekst" in message and len(message) < 120


@pytest.mark.parametrize("value, shown", [(True, "SAND"), (False, "FALSK"), (np.bool_(True), "SAND")],
                         ids=["TRUE", "FALSE", "numpy-bool"])
def test_booleans_are_not_numbers(value, shown):
    assert message_of(inputs.scalar, value, "cases") == \
        f"cases: {shown} er en logisk værdi, ikke et tal — skriv et tal"
    assert f"{shown} er en logisk værdi" in message_of(inputs.numbers, [1, value], "counts")
    assert "FALSK er en logisk værdi" in message_of(inputs.numbers, np.array([1, 2, 3]) > 1, "counts")  # bools


@pytest.mark.parametrize("date, shown", [
    (dt.date(2018, 6, 13), "13-06-2018"), (dt.datetime(2018, 6, 13, 12), "13-06-2018 12:00"),
    (np.datetime64("2018-06-13"), "13-06-2018"), (np.datetime64("2018-06-13T12:00:00.000000000"), "13-06-2018 12:00"),
], ids=["date", "datetime", "datetime64", "datetime64-ns"])
def test_dates_are_refused_as_numbers(date, shown):
    assert message_of(inputs.numbers, [1, date], "count") == \
        f"count: {shown} er en dato, ikke et tal — skriv selve tallet"
    assert f"{shown} er en dato, ikke et tal" in message_of(inputs.scalar, date, "count")


@pytest.mark.parametrize("unit", ["ns", "us", "s", "D"])
def test_a_numpy_date_array_is_a_date_never_its_count_of_nanoseconds(unit):
    """Issue 9: datetime64[ns] arrays were read as nanoseconds (1.5e18), a finite wrong number."""
    dates = np.array(["2018-06-13", "2019-01-01"], dtype=f"datetime64[{unit}]")
    for given in (dates, dates.reshape(2, 1), dates[:1]):
        assert "13-06-2018 er en dato, ikke et tal" in message_of(inputs.numbers, given, "counts")
    assert inputs.date_serial(dates[:1], "as_of_date") == 43264.0
    assert inputs.date_serial(dates[:1].reshape(1, 1), "as_of_date") == 43264.0
    assert message_of(inputs.date_serial, dates, "as_of_date").startswith("as_of_date: er et område på 2 værdier")


@pytest.mark.parametrize("date, serial", [
    (dt.date(2018, 6, 13), 43264.0),
    (dt.datetime(2018, 6, 13), 43264.0),
    (dt.datetime(2018, 6, 13, 12), 43264.5),
    (dt.datetime(2018, 6, 13, 6), 43264.25),
    (np.datetime64("2018-06-13"), 43264.0),
    (np.datetime64("2018-06-13T18:00"), 43264.75),
    (np.datetime64("2018-06-13T12:00:00.000000000"), 43264.5),
    (np.array(["2018-06-13T12:00:00.000000000"], dtype="datetime64[ns]"), 43264.5),
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
    ("13-06-2018", "'13-06-2018' er tekst, ikke en dato — skriv en dato, fx DATO(2018;6;13)"),
    (0, "0 er ikke en dato i Excels kalender (1900–9999)"),
    (3e6, "3.000.000 er ikke en dato i Excels kalender"),
    (dt.date(1899, 12, 1), "01-12-1899 er ikke en dato i Excels kalender"),
    (np.datetime64("NaT"), "er ikke en dato i Excels kalender"),
    (np.datetime64("20000-01-01"), "er ikke en dato i Excels kalender"),
    ([[1, 2]], "er et område på 1 række × 2 kolonner — giv én dato"),
    (None, "er tom"),
    (True, "SAND er en logisk værdi"),
    ("#N/A", "en celle indeholder fejlen #N/A"),
], ids=str)
def test_date_serial_refuses_what_is_not_one_date(value, problem):
    assert problem in message_of(inputs.date_serial, value, "as_of_date")


@pytest.mark.parametrize("error", ["#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#SPILL!", "#div/0!"])
def test_excel_error_values_are_refused_with_their_text(error):
    message = message_of(inputs.numbers, [1, error], "actual")
    assert message == f"actual: en celle indeholder fejlen {error.upper()} — ret den celle først"
    assert error.upper() in message_of(inputs.scalar, error, "budget")


def test_a_cell_that_is_neither_number_text_nor_date_is_refused():
    assert message_of(inputs.numbers, [1, {"a": 1}], "counts") == "counts: {'a': 1} er ikke et tal — skriv et tal"
    assert "1j er ikke et tal" in message_of(inputs.scalar, 1j, "counts")
    assert message_of(inputs.numbers, [10 ** 400], "counts") == \
        "counts: indeholder et tal, der er for stort til at regne med — ret cellen"


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
    assert "<empty> er ikke et tal" in message_of(inputs.numbers, [EngineEmpty()], "x")  # another object: not empty


def test_an_engines_error_class_is_an_excel_error(clean_engine_registry):
    inputs.register_engine_values(error_types=[EngineError])
    inputs.register_engine_values(error_types=[EngineError])
    assert inputs._engine_error_types == [EngineError]
    message = message_of(inputs.numbers, [1, EngineError("#DIV/0!")], "actual")
    assert message == "actual: en celle indeholder fejlen #DIV/0! — ret den celle først"


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
    assert message == ("actual: har 3 rækker × 2 kolonner, men budget har 2 rækker × 3 kolonner — "
                       "giv lige store områder (én værdi pr. år)")


def test_aligned_refuses_rows_of_different_length_naming_both_arguments_and_sizes():
    message = message_of(inputs.aligned, {"investment": np.ones(5), "savings": np.ones(4)})
    assert message.startswith("savings: har 4 værdier, men investment har 5 værdier")
    message = message_of(inputs.aligned, {"cases": np.ones((1, 5)), "advisers": np.ones((4, 1))})
    assert message.startswith("advisers: har 4 rækker × 1 kolonne, men cases har 1 række × 5 kolonner")


def test_aligned_refuses_a_block_against_a_row_with_as_many_cells():
    message = message_of(inputs.aligned, {"budget": np.ones(6), "actual": np.ones((2, 3))})
    assert message.startswith("actual: har 2 rækker × 3 kolonner, men budget har 6 værdier")


def test_shaped_gives_a_plain_float_for_a_single_value():
    assert inputs.shaped(np.array([[3.0]]), ()) == 3.0 and isinstance(inputs.shaped(np.array(3.0), ()), float)
    assert inputs.shaped(np.arange(3.0), (1, 3)).shape == (1, 3)


# --- shares, flags, division --------------------------------------------------------------------------

def test_a_share_is_a_decimal_and_20_suggests_0_2():
    assert inputs.share(0.2, "home_share") == 0.2
    assert message_of(inputs.share, 20, "home_share") == \
        "home_share: 20 er over 1 — en andel skrives som decimaltal: skriv 0,2 for 20 %"
    assert "skriv 0,035 for 3,5 %" in message_of(inputs.share, 3.5, "rate")


def test_a_share_has_a_floor_and_a_default():
    assert inputs.share(-0.5, "price_growth", lowest=-0.99) == -0.5
    assert message_of(inputs.share, -1, "price_growth", lowest=-0.99) == \
        "price_growth: -1 er under -0,99 — skriv en andel som decimaltal, fx 0,02"
    assert message_of(inputs.share, -0.1, "home_share").startswith("home_share: -0,1 er under 0")
    assert message_of(inputs.share, -1e-7, "home_share").startswith("home_share: -1e-07 er under 0")
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


@pytest.mark.parametrize("value, shown", [(2, "2"), ("ja", "'ja'"), (0.5, "0,5"), (10 ** 400, "et meget stort tal")],
                         ids=str)
def test_flag_refuses_what_is_not_true_or_false(value, shown):
    assert message_of(inputs.flag, value, "per_row", default=False) == \
        f"per_row: {shown} er hverken SAND eller FALSK — skriv SAND eller FALSK"
    assert message_of(inputs.flag, [[True, False]], "per_row", default=False) == \
        "per_row: er et område — skriv SAND eller FALSK"


def test_divide_by_zero_raises_a_zero_denominator_error_shown_as_div0():
    assert inputs.divide(np.array([10.0, 9.0]), np.array([2.0, 3.0]), "advisers", "caseload").tolist() == [5.0, 3.0]
    with pytest.raises(ZeroDenominatorError) as raised:
        inputs.divide(np.array([770.0, 700.0]), np.array([32.0, 0.0]), "advisers", "sagstallet")
    error = raised.value
    assert isinstance(error, TrappenError) and error.excel_error == "#DIV/0!"
    assert error.argument == "advisers"
    assert str(error) == "advisers: er 0, så sagstallet kan ikke beregnes — skriv et tal over 0"


def test_trappen_error_is_one_line_argument_problem_fix():
    error = TrappenError("counts", "'x' er tekst, ikke et tal", "skriv et tal")
    assert (error.argument, error.problem, error.fix) == ("counts", "'x' er tekst, ikke et tal", "skriv et tal")
    assert str(error) == "counts: 'x' er tekst, ikke et tal — skriv et tal"
    assert str(TrappenError("rate", "er tom")) == "rate: er tom"
    assert isinstance(error, ValueError) and error.excel_error == "#VALUE!"
