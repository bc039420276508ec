"""Random garbage fed to every Excel twin (hypothesis): it answers with a finite number, a rectangular table of
finite numbers or a one-line Danish Failure, never an exception, NaN or inf; and the edge cases the garbage
found, pinned down."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trappen.udfs import REGISTRY, Failure
from trappen.udfs.registry import ExcelFunction

from .conftest import argument_at, assert_danish, assert_one_line, full_call

ANY_INPUT = settings(max_examples=80, deadline=None)

# Any float (huge, tiny, NaN, ±inf): an overflowing result must come back as #NUM!, never as inf or
# NaN. Any text, line breaks included: the message stays one line. Python ints too large for a float
# (which Excel cannot produce) are pinned down separately below.
GARBAGE_NUMBER = st.one_of(st.integers(-100, 100), st.integers(-(2 ** 64), 2 ** 64), st.floats(),
                           st.floats(-100, 100), st.sampled_from([1e308, 5e-324, -0.0]))
GARBAGE_TEXT = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=12),
    st.sampled_from(["1.234,5", "-", "–", "—", "", " ", "#DIV/0!", "#N/A", "#VALUE! savings: is negative",
                     "TRUE", "SAND", "FALSK", "12 %", "1e3", "0,2"]),
)
GARBAGE_DATE = st.one_of(st.dates(), st.datetimes(),
                         st.dates(dt.date(1900, 1, 1), dt.date(2200, 1, 1)).map(np.datetime64))
#: numpy date arrays as pandas hands them over (nanoseconds): never to be read as a count of nanoseconds.
GARBAGE_DATE_ARRAY = st.lists(st.dates(dt.date(1900, 1, 1), dt.date(2200, 1, 1)), min_size=1, max_size=3).map(
    lambda days: np.array(days, dtype="datetime64[ns]"))
GARBAGE_CELL = st.one_of(st.none(), st.booleans(), GARBAGE_NUMBER, GARBAGE_TEXT, GARBAGE_DATE)
GARBAGE = st.one_of(
    GARBAGE_CELL,
    st.lists(GARBAGE_CELL, max_size=5),
    st.lists(st.lists(GARBAGE_CELL, min_size=1, max_size=3), min_size=1, max_size=3),  # ragged too
    st.lists(st.lists(st.lists(GARBAGE_NUMBER, max_size=2), max_size=2), max_size=2),  # 3-D
    st.lists(GARBAGE_NUMBER, min_size=1, max_size=6).map(np.asarray),
    st.lists(st.lists(GARBAGE_NUMBER, min_size=2, max_size=2), min_size=1, max_size=3).map(np.asarray),
    GARBAGE_DATE_ARRAY,
)


def assert_excel_outcome(outcome, spec: ExcelFunction) -> None:
    """A finite number, a rectangular 2-D list of finite numbers, or a one-line Danish Failure.

    A bad argument's message starts with the argument's name; a result too large to compute (#NUM!)
    starts with the function's name, or the argument's whose sum overflows.
    """
    if isinstance(outcome, Failure):
        assert outcome.code in {"#VALUE!", "#DIV/0!", "#N/A", "#NUM!"}
        assert_danish(outcome.message, spec)
        named = outcome.message.split(":", 1)[0].split(" ")[0]
        if outcome.code != "#NUM!":  # a result too large may name the function; anything else an argument
            assert named in {a.name for a in spec.arguments}, outcome.message
    elif isinstance(outcome, list):
        assert outcome and all(isinstance(row, list) and len(row) == len(outcome[0]) for row in outcome)
        for row in outcome:
            for value in row:
                assert isinstance(value, (int, float)) and not isinstance(value, bool), outcome
                assert math.isfinite(value), outcome
    else:
        assert isinstance(outcome, (int, float)) and not isinstance(outcome, bool), outcome
        assert math.isfinite(outcome), outcome


@pytest.mark.parametrize("spec", REGISTRY.values(), ids=REGISTRY)
@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # numpy warns on overflow; the outcome is checked
@ANY_INPUT
@given(data=st.data())
def test_garbage_in_gives_a_number_or_an_excel_error_never_an_exception(spec, data):
    required = sum(1 for a in spec.arguments if not a.optional and not a.repeating)
    most = len(spec.arguments) + (2 if spec.arguments[-1].repeating else 0)
    count = data.draw(st.integers(required, most), label="number of arguments")
    args = [data.draw(GARBAGE, label=argument_at(spec, p).name) for p in range(count)]
    assert_excel_outcome(spec.call(*args), spec)


@pytest.mark.parametrize("spec", REGISTRY.values(), ids=REGISTRY)
@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # numpy warns on overflow; the outcome is checked
@ANY_INPUT
@given(data=st.data())
def test_one_garbage_argument_in_a_worked_example_gives_a_number_or_an_excel_error(spec, data):
    args = full_call(spec)
    position = data.draw(st.integers(0, len(args) - 1), label="position")
    args[position] = data.draw(GARBAGE, label=argument_at(spec, position).name)
    assert_excel_outcome(spec.call(*args), spec)


# --- edge cases found by the garbage tests, pinned down -------------------------------------------------

@pytest.mark.parametrize("name, args", [("UNITPRICE", ("1.234\n5", 1)), ("ANNUALIZE", (1, "13.6\n2018"))],
                         ids=["number", "date"])
def test_a_message_quoting_text_with_a_line_break_is_still_one_line(name, args):
    outcome = REGISTRY[name].call(*args)
    assert isinstance(outcome, Failure) and outcome.code == "#VALUE!"
    assert_one_line(outcome.message)


@pytest.mark.parametrize("name, args", [
    ("PLACEMENTCOST", ([1], [1e308], 1, 100)),     # 1e308 × 2 ** 100 overflows: inf
    ("PRESENTVALUE", ([1] * 200, -0.99)),          # 1 / 0.01 ** 199 = 1 / 0.0: inf
    ("PRESENTVALUE", ([0] * 200, -0.99)),          # 0 / 0.0: NaN
    ("UNITPRICE", (98284, 2.2250738585e-313)),     # a subnormal count: 98284 / 2e-313 overflows: inf
    ("CASELOAD", (770, 1e-307)),                   # 770 / 1e-307 overflows: inf
], ids=["placementcost-inf", "presentvalue-inf", "presentvalue-nan", "unitprice-inf", "caseload-inf"])
@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # numpy's overflow warning: the result is what counts
def test_a_result_too_large_for_excel_is_num_not_inf_or_nan(name, args):
    spec = REGISTRY[name]
    outcome = spec.call(*args)
    assert isinstance(outcome, Failure) and outcome.code == "#NUM!", outcome
    assert_one_line(outcome.message)
    assert spec.excel(*args).startswith("#NUM!")


def test_a_number_too_large_for_a_float_is_refused_naming_the_argument():
    outcome = REGISTRY["UNITPRICE"].call(10 ** 400, 1)
    assert isinstance(outcome, Failure) and outcome.message.startswith("total_cost:"), outcome


def test_a_huge_number_as_true_false_is_refused_naming_the_argument():
    outcome = REGISTRY["ACTIVITYEFFECT"].call([1], [2], [3], 10 ** 400)
    assert isinstance(outcome, Failure) and outcome.message.startswith("per_row:"), outcome
