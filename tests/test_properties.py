"""The laws a budget officer relies on, checked on random numbers (hypothesis), and the bad-input laws.

Part 1 states the arithmetic laws of each function: a net saving is the sum of its parts, doubling every
count doubles the cost, reordering placement types does not change the total, and so on.

Part 2 states the bad-input laws for EVERY function in :data:`udfs.REGISTRY`, read from the registry
(no function is listed here by hand): starting from each function's worked example (``spec.example``),
one argument at a time is corrupted (text, booleans, a share given in per cent, a negative count, a zero
denominator, a range of the wrong length, an empty cell ...). The Python function must raise
:class:`udfs.TrappenError` and never return a number; the Excel twin must return a :class:`udfs.Failure`
whose one-line message names the argument. What each argument is (a count, a share, an amount ...) is
read from its declared unit and help text.

Part 3 checks what xlwings hands over (2-D ranges, 1×1 ranges, ``None`` for empty cells) and feeds
random garbage to every Excel twin: it answers with numbers or a Failure, never an exception, NaN or inf.

Part 4 checks that every message a cell can show is Danish (:func:`assert_danish`: one line, the argument
named as the Insert Function dialog shows it, no English words, Danish decimals): each function's bad
inputs of Part 2, a missing argument, and every message the garbage of Part 3 brings out.

Part 5 pins down the findings of issue 9 (a finite wrong number for bad input) and their siblings in
other functions: overflowing totals, types laid out in a row, year rows that are not increasing whole
years, unbounded offsets, spill-over shares above 1 together, numpy dates, missing arguments, a whole
column of cells (1.048.576 rows, as xlwings hands it over).

Tolerances: results are compared with a relative tolerance of 1e-9; where a law subtracts large sums
(cancellation), an absolute tolerance of 1e-12 × the size of the terms is added, because the law holds
exactly only in exact arithmetic.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import re

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from trappen import udfs
from trappen.udfs import REGISTRY, Failure, NotReachedError, TrappenError
from trappen.udfs.registry import Argument, ExcelFunction

LAW = settings(max_examples=60, deadline=None)
ANY_INPUT = settings(max_examples=80, deadline=None)

# --- strategies ---------------------------------------------------------------------------------------

AMOUNT = st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False)
POSITIVE_AMOUNT = st.floats(0, 1e9, allow_nan=False, allow_infinity=False)
PRICE = POSITIVE_AMOUNT
COUNT = st.integers(0, 10_000)
SHARE = st.floats(0, 1, allow_nan=False)
#: SPILLOVER's home-based and preventive shares: each a decimal, together at most 1 (of the same fall).
SPILLOVER_SHARES = st.tuples(SHARE, SHARE).map(lambda pair: (pair[0], pair[1] * (1 - pair[0])))
GROWTH = st.floats(-0.5, 1, allow_nan=False)  # annual price growth / discount rate as a decimal
ADVISERS = st.floats(0.1, 10_000, allow_nan=False)  # full-time equivalents: fractional, above 0
AS_LIST_OR_ARRAY = st.sampled_from([list, np.asarray])


def rows_of(elements, length):
    return st.lists(elements, min_size=length, max_size=length)


@st.composite
def placement_tables(draw, min_years=1, max_years=6):
    """A block of counts (placement types × years) and one unit price per type."""
    types = draw(st.integers(1, 10))
    years = draw(st.integers(min_years, max_years))
    counts = draw(hnp.arrays(np.float64, (types, years), elements=COUNT.map(float)))
    prices = draw(hnp.arrays(np.float64, types, elements=PRICE))
    return counts, prices


def close(actual, expected, *, scale=0.0) -> bool:
    """rtol 1e-9, plus an absolute tolerance of 1e-12 × ``scale`` (the size of the terms) for cancellation."""
    return bool(np.allclose(actual, expected, rtol=1e-9, atol=1e-12 * float(scale) + 1e-300))


# ======================================================================================================
# Part 1: the arithmetic laws
# ======================================================================================================

# --- investment case ----------------------------------------------------------------------------------

@LAW
@given(data=st.data(), years=st.integers(1, 12), others=st.integers(0, 3))
def test_net_saving_is_investment_plus_other_costs_minus_savings(data, years, others):
    def row_or_scalar(elements):
        # a row of one value per year, or a single number that counts for every year
        return data.draw(st.one_of(elements, rows_of(elements, years).map(np.asarray)))

    investment = row_or_scalar(AMOUNT)
    savings = row_or_scalar(POSITIVE_AMOUNT)
    other_costs = [row_or_scalar(AMOUNT) for _ in range(others)]
    as_given = data.draw(AS_LIST_OR_ARRAY)
    given_args = [as_given(a) if isinstance(a, np.ndarray) else a for a in (investment, savings, *other_costs)]

    result = udfs.netsaving(*given_args)

    parts = [np.asarray(a, dtype=float) for a in (investment, savings, *other_costs)]
    expected = parts[0] + sum(parts[2:], np.zeros(())) - parts[1]
    scale = sum(np.max(np.abs(p)) for p in parts)
    assert close(result, expected, scale=scale)
    if all(p.ndim == 0 for p in parts):
        assert isinstance(result, float)  # scalars in, scalar out
    else:
        assert np.shape(result) == (years,)


def test_net_saving_refuses_a_negative_saving_and_shows_the_fix():
    with pytest.raises(TrappenError, match="-B5:F5"):
        udfs.netsaving([5.5, 5.5], [-3.0, -11.2])


@LAW
@given(net=st.lists(AMOUNT, min_size=1, max_size=20))
def test_cumulative_ends_in_the_sum_and_steps_by_each_year(net):
    running = udfs.cumulative(net)
    scale = sum(abs(x) for x in net)
    assert np.shape(running) == (len(net),)
    assert close(running[-1], math.fsum(net), scale=scale)
    assert close(np.diff(running), net[1:], scale=scale)
    assert close(udfs.cumulative([net]), [running], scale=scale)  # a 1 × n row from Excel: same, as a row


@LAW
@given(net=st.lists(AMOUNT, min_size=1, max_size=15), first_year=st.integers(2000, 2040))
def test_payback_year_is_the_first_year_whose_cumulative_result_is_at_most_zero(net, first_year):
    years = list(range(first_year, first_year + len(net)))

    def brute_force():
        running = 0.0
        for amount, year in zip(net, years):
            running += amount
            if running <= 0:
                return year
        return None

    expected = brute_force()
    if expected is None:
        with pytest.raises(NotReachedError):
            udfs.paybackyear(net, years)
        assert REGISTRY["PAYBACKYEAR"].call(net, years).code == "#N/A"
    else:
        assert udfs.paybackyear(net, years) == expected


@LAW
@given(amounts=st.lists(AMOUNT, min_size=1, max_size=30))
def test_present_value_at_rate_zero_is_the_plain_sum(amounts):
    assert close(udfs.presentvalue(amounts, 0.0), math.fsum(amounts), scale=sum(map(abs, amounts)))


@LAW
@given(amounts=st.lists(AMOUNT, min_size=1, max_size=30), rate=GROWTH)
def test_present_value_offset_by_one_year_is_discounted_once_more(amounts, rate):
    undiscounted_first = udfs.presentvalue(amounts, rate, 0)
    scale = sum(abs(v) / (1 + rate) ** t for t, v in enumerate(amounts))
    assert close(udfs.presentvalue(amounts, rate, 1), undiscounted_first / (1 + rate), scale=scale)


@LAW
@given(rises=st.lists(POSITIVE_AMOUNT, min_size=1, max_size=10), shares=SPILLOVER_SHARES)
def test_spillover_is_zero_for_rises_in_placement_costs(rises, shares):
    home, preventive = shares
    assert np.all(udfs.spillover(rises, home, preventive) == 0)
    assert udfs.spillover(rises[0], home, preventive).tolist() == [0.0, 0.0]


@LAW
@given(changes=st.lists(AMOUNT, min_size=2, max_size=10), shares=SPILLOVER_SHARES,
       factor=st.floats(0, 100, allow_nan=False))
def test_spillover_is_proportional_to_the_fall(changes, shares, factor):
    home, preventive = shares
    fall = np.maximum(-np.asarray(changes), 0.0)
    result = udfs.spillover(changes, home, preventive)
    assert close(result, np.vstack([fall * home, fall * preventive]))  # row in: home row, preventive row
    assert close(udfs.spillover(np.multiply(changes, factor), home, preventive), result * factor)
    single = udfs.spillover(changes[0], home, preventive)
    assert close(single, [fall[0] * home, fall[0] * preventive])


# --- placements and prices ----------------------------------------------------------------------------

@LAW
@given(table=placement_tables())
def test_doubling_every_count_doubles_the_placement_cost(table):
    counts, prices = table
    assert close(udfs.placementcost(2 * counts, prices), 2 * np.asarray(udfs.placementcost(counts, prices)))


@LAW
@given(table=placement_tables(), data=st.data())
def test_reordering_placement_types_does_not_change_the_totals(table, data):
    counts, prices = table
    order = data.draw(st.permutations(range(len(prices))))
    assert close(udfs.placementcost(counts[order], prices[order]), udfs.placementcost(counts, prices))


@LAW
@given(table=placement_tables(), growth=GROWTH)
def test_price_growth_over_zero_years_changes_nothing(table, growth):
    counts, prices = table
    plain = udfs.placementcost(counts, prices)
    assert np.array_equal(udfs.placementcost(counts, prices, growth, 0), plain)
    assert np.array_equal(udfs.placementcost(counts, prices, growth, [0] * counts.shape[1]), plain)


@LAW
@given(table=placement_tables(), growth=GROWTH, data=st.data())
def test_price_growth_g_over_y_years_multiplies_the_cost_by_one_plus_g_to_the_y(table, growth, data):
    counts, prices = table
    years = data.draw(rows_of(st.integers(0, 30), counts.shape[1]))
    expected = np.asarray(udfs.placementcost(counts, prices)) * (1 + growth) ** np.asarray(years, dtype=float)
    assert close(udfs.placementcost(counts, prices, growth, years), expected)


@LAW
@given(table=placement_tables(), data=st.data())
def test_activity_effect_is_the_cost_of_the_target_minus_the_cost_of_the_base(table, data):
    target, costs = table
    base = data.draw(rows_of(COUNT, len(costs)))
    effect = udfs.activityeffect(base, target, costs)
    target_cost = np.asarray(udfs.placementcost(target, costs))
    base_cost = udfs.placementcost(base, costs)
    assert close(effect, target_cost - base_cost, scale=np.max(target_cost) + base_cost)


@LAW
@given(table=placement_tables(), data=st.data())
def test_activity_effect_per_row_sums_to_the_total(table, data):
    target, costs = table
    base = data.draw(rows_of(COUNT, len(costs)))
    per_row = udfs.activityeffect(base, target, costs, True)
    total = udfs.activityeffect(base, target, costs)
    scale = float(np.max(np.abs(target - np.asarray(base)[:, None]).T @ costs))
    assert close(np.sum(per_row, axis=0), total, scale=scale)
    # the same with one column of counts, as lists: one effect per measure
    one_year = target[:, 0].tolist()
    assert np.shape(udfs.activityeffect(base, one_year, costs, True)) == (len(costs),)


@LAW
@given(table=placement_tables(max_years=4))
def test_placement_mix_columns_are_shares_that_sum_to_one(table):
    counts, _ = table
    assume(counts.shape[0] > 1 and np.all(counts.sum(axis=0) > 0))
    mix = udfs.placementmix(counts)
    assert mix.shape == counts.shape
    assert np.all((mix >= 0) & (mix <= 1))
    assert close(mix.sum(axis=0), 1.0)
    assert close(udfs.placementmix(counts[:, 0].tolist()).sum(), 1.0)  # one column, as a list
    # The same types laid out in a row (1 × types): one set of types, the same shares, as a row.
    assert close(udfs.placementmix([counts[:, 0].tolist()]), [mix[:, 0]])


def test_placement_mix_of_no_placements_at_all_is_div0():
    assert REGISTRY["PLACEMENTMIX"].call([0, 0, None]).code == "#DIV/0!"


def test_an_empty_price_is_an_error_only_where_its_count_is_not_zero():
    assert udfs.placementcost([3, 0], [100, None]) == 300.0
    with pytest.raises(TrappenError, match="unit_prices"):
        udfs.placementcost([3, 1], [100, None])
    assert udfs.activityeffect([3, 5], [4, 5], [100, "-"]) == 100.0
    with pytest.raises(TrappenError, match="cost_per_case"):
        udfs.activityeffect([3, 5], [4, 6], [100, "-"])


@LAW
@given(cost=AMOUNT, count=st.integers(1, 10_000), as_given=AS_LIST_OR_ARRAY)
def test_unit_price_times_count_is_the_total_cost(cost, count, as_given):
    assert math.isclose(udfs.unitprice(cost, count) * count, cost, rel_tol=1e-9, abs_tol=1e-300)
    assert close(udfs.unitprice(as_given([cost, cost]), as_given([count, 1])) * [count, 1], [cost, cost])


@LAW
@given(data=st.data(), amount=st.one_of(AMOUNT, st.lists(AMOUNT, min_size=1, max_size=6)))
def test_moving_an_amount_to_another_price_level_and_back_returns_the_amount(data, amount):
    years = data.draw(st.lists(st.integers(1990, 2040), min_size=2, max_size=8, unique=True))
    index = data.draw(rows_of(st.floats(1, 1000, allow_nan=False), len(years)))
    from_year, to_year = data.draw(st.sampled_from(years)), data.draw(st.sampled_from(years))
    moved = udfs.priceindex(amount, from_year, to_year, years, index)
    assert close(udfs.priceindex(moved, to_year, from_year, years, index), amount)
    assert close(udfs.priceindex(amount, from_year, from_year, years, index), amount)


# --- staffing -----------------------------------------------------------------------------------------

@LAW
@given(cases=COUNT, advisers=ADVISERS)
def test_caseload_times_advisers_is_the_number_of_cases(cases, advisers):
    assert math.isclose(udfs.caseload(cases, advisers) * advisers, cases, rel_tol=1e-9)


@LAW
@given(years=st.integers(1, 10), data=st.data())
def test_caseload_per_year_times_advisers_per_year_is_the_cases_per_year(years, data):
    cases = np.asarray(data.draw(rows_of(COUNT, years)), dtype=float)
    advisers = np.asarray(data.draw(rows_of(ADVISERS, years)))
    assert close(udfs.caseload(cases, advisers) * advisers, cases)
    assert close(udfs.caseload([cases.tolist()], advisers.reshape(-1, 1)).reshape(-1) * advisers, cases)


@LAW
@given(cases=COUNT, target=ADVISERS, current=st.floats(0, 1000, allow_nan=False))
def test_advisers_needed_at_the_target_caseload_carry_all_the_cases(cases, target, current):
    needed = udfs.advisersneeded(cases, target, 0)
    assert math.isclose(needed * target, cases, rel_tol=1e-9)
    assert math.isclose(udfs.advisersneeded(cases, target, current), needed - current,
                        rel_tol=1e-9, abs_tol=1e-12 * (needed + current))


@LAW
@given(advisers=st.floats(0, 1000, allow_nan=False), cost=PRICE, other=AMOUNT)
def test_adviser_cost_is_advisers_times_cost_plus_other_costs(advisers, cost, other):
    assert math.isclose(udfs.advisercost(advisers, cost, other), advisers * cost + other,
                        rel_tol=1e-9, abs_tol=1e-12 * (advisers * cost + abs(other)))


# --- accounts and monitoring --------------------------------------------------------------------------

@LAW
@given(budget=AMOUNT, actual=AMOUNT, transferred=AMOUNT)
def test_overspend_is_actual_plus_transferred_minus_budget(budget, actual, transferred):
    scale = abs(budget) + abs(actual) + abs(transferred)
    assert close(udfs.overspend(budget, actual, transferred), actual + transferred - budget, scale=scale)
    assert close(udfs.overspend([budget] * 3, [actual] * 3, transferred), [actual + transferred - budget] * 3,
                 scale=scale)


@LAW
@given(actuals=st.lists(AMOUNT, min_size=1, max_size=8), baseline=st.lists(AMOUNT, min_size=1, max_size=6))
def test_extra_spend_is_actual_minus_the_baseline_average(actuals, baseline):
    expected = np.asarray(actuals) - math.fsum(baseline) / len(baseline)
    scale = max(map(abs, actuals)) + max(map(abs, baseline))
    assert close(udfs.extraspend(actuals, baseline), expected, scale=scale)


@LAW
@given(count=COUNT, population=st.integers(1, 10_000_000))
def test_permille_times_population_over_1000_is_the_count(count, population):
    assert math.isclose(udfs.permille(count, population) * population / 1000, count, rel_tol=1e-9)


@LAW
@given(count=COUNT, day=st.dates(dt.date(1901, 1, 1), dt.date(2100, 12, 31)))
def test_annualize_scales_the_count_by_days_in_the_year_over_days_elapsed(count, day):
    elapsed = day.timetuple().tm_yday
    days = (dt.date(day.year, 12, 31) - dt.date(day.year, 1, 1)).days + 1
    assert math.isclose(udfs.annualize(count, day) * elapsed / days, count, rel_tol=1e-9)
    assert udfs.annualize(count, dt.date(day.year, 12, 31)) == count  # on 31 December: the count itself


# ======================================================================================================
# Part 2: a bad argument raises, never returns a number — for every function in the registry
# ======================================================================================================

# What an argument holds, read from its declared unit (Argument.unit): the registry says it once.
COUNT_UNITS = {"antal", "sager", "årsværk", "personer", "sager pr. rådgiver",
               "nr.", "heltal"}  # a type's row number (BREAKEVENFALL) and a seed (MONTECARLO): whole, not below 0


def kind(arg: Argument) -> str:
    unit = arg.unit
    if unit.startswith("andel"):
        return "share"  # a decimal share or rate: 0.2, not 20
    if unit == "SAND/FALSK":
        return "flag"
    if unit == "dato":
        return "date"
    if unit == "indeks":
        return "index"
    if unit == "år":
        return "year"
    if unit in COUNT_UNITS:
        return "count"
    if unit.startswith("kr. pr."):
        return "price"  # a price per case/placement/adviser
    if unit == "kr.":
        return "amount"
    raise AssertionError(f"unit {unit!r} of {arg.name} is not classified in test_properties.kind()")


def empty_means_zero(spec: ExcelFunction, arg: Argument) -> bool:
    """The help text (of the argument or of the whole function) says empty cells count as 0."""
    return "Tomme celler = 0" in arg.help or "Tomme celler = 0" in spec.help


def empty_only_where_unused(arg: Argument) -> bool:
    """A price may be empty only where its count is 0 / does not change ("Tom kun hvor ...")."""
    return arg.help.startswith("Tom kun") or " Tom kun " in f" {arg.help} "


def zero_is_refused(arg: Argument) -> bool:
    """Denominators and index values: the help says "Over 0" (above 0) or "Ikke 0" (not 0)."""
    return "Over 0" in arg.help or "Ikke 0" in arg.help


def negative_is_refused(arg: Argument) -> bool:
    """Counts, prices, index values and dates are never below 0; savings are entered POSITIVE."""
    return kind(arg) in {"count", "price", "index", "date"} or "POSITIVE" in arg.help


#: Arguments whose length is independent of the other ranges, keyed by argument name.
INDEPENDENT_LENGTH = {
    "baseline": "the base period is averaged: any number of base years against any number of years",
    "actuals": "the years assessed are compared with the baseline's average, whatever its length",
}

#: Arguments that hold one row per placement type or measure: Excel hands them over as a column.
COLUMN_ARGUMENTS = {"counts", "unit_prices", "base_counts", "target_counts", "cost_per_case"}


def full_call(spec: ExcelFunction) -> list:
    """The worked example's arguments, plus every optional argument it leaves out, at its default."""
    args = copy.deepcopy(list(spec.example.args))
    for arg in spec.arguments[len(args):]:
        if arg.optional and not arg.repeating:
            args.append(arg.default)
    return args


def argument_at(spec: ExcelFunction, position: int) -> Argument:
    last = spec.arguments[-1]
    if last.repeating and position >= len(spec.arguments) - 1:
        return last
    return spec.arguments[position]


def with_last_cell(value: list, cell) -> list:
    changed = copy.deepcopy(value)
    changed[-1] = cell
    return changed


def negated(value):
    if isinstance(value, list):
        return with_last_cell(value, -1)
    return -abs(value) if value else -1


def zeroed(value):
    return with_last_cell(value, 0) if isinstance(value, list) else 0


def _case(spec, position, arg, label, bad, must_say=None, skip=None):
    marks = [pytest.mark.skip(reason=skip)] if skip else []
    return pytest.param(spec.name, position, bad, must_say, marks=marks,
                        id=f"{spec.name}-{arg.name}{position if arg.repeating else ''}-{label}")


def bad_inputs():
    """One corruption of one argument of one worked example at a time, for every registered function."""
    for spec in REGISTRY.values():
        args = full_call(spec)
        ranges = [p for p, v in enumerate(args) if isinstance(v, list)]
        for position, value in enumerate(args):
            arg = argument_at(spec, position)
            what = kind(arg)
            is_range = isinstance(value, list)

            # Text is never a number (nor a date, nor TRUE/FALSE). A lone '-' counts as empty by design.
            yield _case(spec, position, arg, "text_danish_number", "1.234,5", must_say="'1.234,5'")
            yield _case(spec, position, arg, "text_abc", "abc", must_say="'abc'")
            if is_range:
                yield _case(spec, position, arg, "text_in_range", with_last_cell(value, "abc"), must_say="'abc'")
                yield _case(spec, position, arg, "error_in_range", with_last_cell(value, "#DIV/0!"),
                            must_say="#DIV/0!")

            # Booleans are not numbers (Excel's SUM skips them too) ...
            flag_skip = "a TRUE/FALSE argument: booleans are its values" if what == "flag" else None
            yield _case(spec, position, arg, "TRUE", True, skip=flag_skip)
            yield _case(spec, position, arg, "FALSE", False, skip=flag_skip)
            if is_range:
                yield _case(spec, position, arg, "TRUE_in_range", with_last_cell(value, True))
            if what == "flag":  # ... and a number other than 1/0 is not TRUE/FALSE
                yield _case(spec, position, arg, "number_20", 20)

            # A share is a decimal: 20 (per cent) is refused with the hint 0.2; -5 is below any share.
            if what == "share":
                yield _case(spec, position, arg, "per_cent_20", 20, must_say="skriv 0,2 for 20 %")
                yield _case(spec, position, arg, "minus_5", -5)

            # Negative counts, prices, index values, dates and savings.
            if negative_is_refused(arg):
                yield _case(spec, position, arg, "negative", negated(value))
            elif what in {"amount", "year"}:
                reason = {"amount": "amounts may be negative (negative = saving, the municipal sign convention)",
                          "year": "years and year offsets are positions in time; any sign is meaningful"}[what]
                yield _case(spec, position, arg, "negative", negated(value), skip=reason)

            # Zero denominators (advisers, count, population, target caseload) and zero index values.
            if zero_is_refused(arg):
                yield _case(spec, position, arg, "zero", zeroed(value))

            # A range of another length where the lengths must match.
            if is_range and len(ranges) > 1:
                skip = INDEPENDENT_LENGTH.get(arg.name)
                longer = copy.deepcopy(value) + [next((v for v in reversed(value) if v is not None), 1)]
                yield _case(spec, position, arg, "longer_range", longer, must_say=arg.name, skip=skip)
                if len(value) > 1:
                    yield _case(spec, position, arg, "shorter_range", copy.deepcopy(value[:-1]),
                                must_say=arg.name, skip=skip)

            # An empty cell where empty is not allowed (optional arguments: see the default test below).
            if arg.optional:
                continue
            label = "empty_cell" if is_range else "empty"
            bad = with_last_cell(value, None) if is_range else None
            if empty_means_zero(spec, arg):
                skip = "the help says 'Tomme celler = 0': tested in test_empty_cells_count_as_zero..."
            elif empty_only_where_unused(arg):
                skip = "empty only where the count is 0: test_an_empty_price_is_an_error_only_where..."
            else:
                skip = None
            yield _case(spec, position, arg, label, bad, skip=skip)


def without_accepted(cases):
    """The corruptions a function must refuse: those accepted by design (reason given where they are made) are left out."""
    return [case for case in cases if not any(mark.name == "skip" for mark in case.marks)]


@pytest.mark.parametrize("name, position, bad, must_say", without_accepted(bad_inputs()))
def test_a_bad_argument_raises_and_never_returns_a_number(name, position, bad, must_say):
    spec = REGISTRY[name]
    arg = argument_at(spec, position)
    args = full_call(spec)
    args[position] = bad

    with pytest.raises(TrappenError):
        spec.python(*args)

    outcome = spec.call(*args)
    assert isinstance(outcome, Failure), f"the Excel twin returned {outcome!r}"
    assert arg.name in outcome.message
    assert_one_line(outcome.message)
    if must_say:
        assert must_say in outcome.message
    cell = spec.excel(*args)  # what xlwings writes into the cell
    assert isinstance(cell, str) and cell.startswith(outcome.code)


def assert_one_line(message: str) -> None:
    assert message and len(message.splitlines()) == 1 and "\n" not in message, repr(message)
    assert "Traceback" not in message


#: English words that have no place in a message for the officer (none of them is also a Danish word:
#: "give", "have", "type", "over", "under", "for" and "to" are, so they are not listed).
ENGLISH_WORDS = frozenset("""
    a an the is are be been not no has but and or of in on with without than this that these there it
    its if even still only one first put use check correct extend select must should cannot
    number numbers value values cell cells text empty above below range rows row columns column block
    dimensions single logical date whole infinite finite large too unexpected quotes spaces share decimal
    calendar index table lowest highest order assumptions scenarios results years year pay back payback
    cumulative savings amounts saved entered requirement gone does placements placement price prices count
    counts case within e.g. per""".split())

#: Names that are not words of the message: Excel's functions the fixes name, error codes.
EXCEL_NAMES = frozenset({"TRANSPONER", "DATO", "SAND", "FALSK"})


def assert_danish(message: str, spec: ExcelFunction) -> None:
    """A message a cell can show: one line, naming an argument (or the function), in Danish.

    Left out before looking for English: the text the officer typed (quoted as typed, in '...'), argument
    and function names (as the Insert Function dialog shows them), Excel's error codes. A number written
    with a dot must be Danish thousands (1.234, 1.048.576), never an English decimal (0.2).
    """
    assert_one_line(message)
    named, separator, text = message.partition(": ")
    assert separator and text, message
    assert named.split(" ")[0] in {a.name for a in spec.arguments} | {spec.name}, message
    words = re.sub(r"'.*'", " ", text)  # the officer's own text: at most one quotation, greedy
    words = re.sub(r"#[A-Z0-9/]+[!?]?", " ", words)  # Excel's error codes: #N/A, #DIV/0!
    names = {a.name for a in spec.arguments} | set(REGISTRY) | EXCEL_NAMES
    tokens = [t for t in re.findall(r"[\w.]+", words) if t.strip(".") not in names]
    english = [t for t in tokens if t.strip(".").lower() in ENGLISH_WORDS]
    assert not english, f"English {english} in {message!r}"
    for number in re.findall(r"\d+(?:\.\d+)+", words):
        assert all(len(group) == 3 for group in number.split(".")[1:]), f"not a Danish number {number!r}: {message!r}"


@pytest.mark.parametrize("spec", REGISTRY.values(), ids=REGISTRY)
def test_every_argument_unit_is_classified(spec):
    for arg in spec.arguments:
        kind(arg)  # raises for a unit this file does not know: decide what its bad inputs are


def optional_arguments():
    for spec in REGISTRY.values():
        for position, arg in enumerate(spec.arguments):
            if arg.optional:
                yield _case(spec, position, arg, "default", None)


@pytest.mark.parametrize("name, position, bad, must_say", list(optional_arguments()))
def test_an_empty_optional_argument_takes_its_default(name, position, bad, must_say):
    spec = REGISTRY[name]
    with_default = full_call(spec)
    with_default[position] = spec.arguments[position].default
    left_empty = full_call(spec)
    left_empty[position] = None  # an empty cell (or "-") given for an optional argument
    assert spec.call(*left_empty) == spec.call(*with_default)


def empty_cells_meaning_zero():
    for spec in REGISTRY.values():
        for position, value in enumerate(full_call(spec)):
            arg = argument_at(spec, position)
            if empty_means_zero(spec, arg):
                yield pytest.param(spec.name, position, id=f"{spec.name}-{arg.name}{position}")


@pytest.mark.parametrize("name, position", list(empty_cells_meaning_zero()))
def test_empty_cells_count_as_zero_where_the_help_says_so(name, position):
    spec = REGISTRY[name]
    args = full_call(spec)
    value = args[position]
    for empty in (None, "", "-", "–"):
        as_empty, as_zero = list(args), list(args)
        as_empty[position] = with_last_cell(value, empty) if isinstance(value, list) else empty
        as_zero[position] = with_last_cell(value, 0) if isinstance(value, list) else 0
        assert spec.call(*as_empty) == spec.call(*as_zero)


# ======================================================================================================
# Part 3: what xlwings hands over, and garbage
# ======================================================================================================

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


# --- garbage ------------------------------------------------------------------------------------------

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


# ======================================================================================================
# Part 4: every message a cell can show is Danish
# ======================================================================================================

def messages_of_bad_inputs(spec: ExcelFunction):
    """The message of each of the function's bad inputs (Part 2), a missing argument and one too many."""
    for case in without_accepted(bad_inputs()):
        name, position, bad, _ = case.values
        if name == spec.name:
            args = full_call(spec)
            args[position] = bad
            yield case.id, spec.call(*args)
    required = sum(1 for a in spec.arguments if not a.optional and not a.repeating)
    yield "missing", spec.call(*full_call(spec)[:required - 1])
    if not spec.arguments[-1].repeating:
        yield "too_many", spec.call(*full_call(spec), 1.0)


@pytest.mark.parametrize("spec", REGISTRY.values(), ids=REGISTRY)
def test_every_bad_input_message_is_danish(spec):
    """Issue 11: "every message a cell can show is Danish (tested over the registry: each function's bad-input
    message)". The form is ``argument: what is wrong — what to do``; numbers as a Danish Excel types them."""
    seen = 0
    for case_id, outcome in messages_of_bad_inputs(spec):
        assert isinstance(outcome, Failure), (case_id, outcome)
        assert_danish(outcome.message, spec)
        assert " — " in outcome.message, f"{case_id}: no fix in {outcome.message!r}"
        seen += 1
    assert seen >= 6  # text, booleans, a missing argument ... at least


@pytest.mark.parametrize("spec", REGISTRY.values(), ids=REGISTRY)
def test_a_missing_argument_is_named_and_the_call_is_shown(spec):
    """Issue 9: "a call with arguments missing says 'unexpected TypeError'"; now it names the argument."""
    required = [a for a in spec.arguments if not a.optional and not a.repeating]
    for present in range(len(required)):
        outcome = spec.call(*full_call(spec)[:present])
        assert isinstance(outcome, Failure) and outcome.code == "#VALUE!", outcome
        assert outcome.message == (f"{required[present].name}: mangler — giv mindst {len(required)} "
                                   f"argument{'er' if len(required) > 1 else ''}: {spec.signature}")
        assert spec.excel(*full_call(spec)[:present]) == str(outcome)
    if not spec.arguments[-1].repeating:
        outcome = spec.call(*full_call(spec), 1.0)
        assert outcome.message.startswith(f"{spec.name}: har {len(spec.arguments) + 1} argumenter, men tager højst "
                                          f"{len(spec.arguments)}")


def test_a_share_in_per_cent_gets_the_decimal_to_type_in_danish():
    outcome = REGISTRY["SPILLOVER"].call(-1.0, 20)
    assert outcome.message == "home_share: 20 er over 1 — en andel skrives som decimaltal: skriv 0,2 for 20 %"
    assert REGISTRY["PRESENTVALUE"].call([1, 2], 3.5).message.endswith("skriv 0,035 for 3,5 %")


def test_the_troubleshooting_page_quotes_the_messages_as_the_functions_write_them():
    """docs/fejlsoegning.md shows the officer what a cell says: each quoted message (``...`` for a part left
    out) is what one of these calls writes into its cell."""
    from pathlib import Path

    cells = [
        udfs.NETSAVING([[5.5, 5.5]], [[-3.0, -11.2]]), udfs.NETSAVING([[5.5]]), udfs.CASELOAD(770, 0),
        udfs.PAYBACKYEAR([[6380651, 5630651, 4430651, 2580651, -449349]], [[2019, 2020, 2021, 2022, 2023]]),
        udfs.PLACEMENTCOST([[1]], [[1e308]], 1, 100), udfs.PLACEMENTMIX([[1e308], [1e308]]),
        udfs.PLACEMENTCOST([[1]], [["1.234,5"]]).replace("unit_prices", "counts"), udfs.SPILLOVER(-1, 20),
        udfs.CUMULATIVE([[1.0, "#SPILL!"]]),
    ]
    page = (Path(__file__).resolve().parents[1] / "docs" / "fejlsoegning.md").read_text(encoding="utf-8")
    page = " ".join(page.split())  # the page wraps its lines
    quoted = re.findall(r"`((?:#[A-Z/0!?]+ )?(?!argument:)[a-z_A-Z]+: [^`]+)`", page)  # not the form itself
    assert len(quoted) >= 8, quoted
    for text in quoted:
        parts = [part.strip() for part in text.split("...") if part.strip()]
        assert any(all(part in cell for part in parts) for cell in cells), f"no cell says {text!r}"


def test_an_unexpected_error_is_one_danish_line_without_a_traceback(monkeypatch):
    spec = REGISTRY["CASELOAD"]

    def broken(*args):
        raise KeyError("internal detail\nwith a second line")

    monkeypatch.setattr(spec, "python", broken)
    outcome = spec.call(770, 32)
    assert outcome == Failure("#VALUE!", "CASELOAD: uventet fejl i beregningen (KeyError) — tjek argumenterne, og "
                                         "meld fejlen til Trappens udviklere")
    assert_danish(outcome.message, spec)


# ======================================================================================================
# Part 5: issue 9's findings (a finite wrong number for bad input) and their siblings
# ======================================================================================================

FULL_COLUMN = 1_048_576  # rows in an Excel sheet: the largest range Excel can pass


def test_placement_mix_of_counts_whose_total_overflows_is_num_not_zero():
    """Issue 9: PLACEMENTMIX([1e308;1e308]) gave 0 and 0 (the total overflows; x / inf = 0)."""
    outcome = REGISTRY["PLACEMENTMIX"].call([[1e308], [1e308]])
    assert outcome == Failure("#NUM!", "counts: summen af tallene er for stor til at regne med — tjek for "
                                       "fejltastninger")
    assert REGISTRY["PLACEMENTMIX"].call([[1e307], [1e307]]) == [[0.5], [0.5]]  # large, but its total is not


def test_payback_year_of_a_running_total_that_overflows_is_num_not_na():
    """Sibling: the cumulative net 1e308 + 1e308 overflows to inf and never comes back to 0, so PAYBACKYEAR
    said #N/A although the true running total is 0 in the fourth year."""
    outcome = REGISTRY["PAYBACKYEAR"].call([[1e308, 1e308, -1e308, -1e308]], [[2019, 2020, 2021, 2022]])
    assert outcome.code == "#NUM!" and outcome.message.startswith("net_by_year: den akkumulerede sum er for stor")
    assert REGISTRY["PAYBACKYEAR"].call([[1e307, 1e307, -1e307, -1e307]], [[2019, 2020, 2021, 2022]]) == 2022


@pytest.mark.parametrize("name", ["INVESTMENTCASE", "BREAKEVENFALL", "BREAKEVENGROWTH", "TORNADO", "MONTECARLO"])
def test_a_case_whose_placement_costs_overflow_is_num_not_na(name):
    """Sibling: with a price of 1e308 the case's costs overflow; the switching values said #N/A ("does not pay
    back") for a case that saves more than any investment."""
    spec = REGISTRY[name]
    args = full_call(spec)
    args[0], args[3] = [10] * len(args[0]), [1e308] * len(args[3])  # 10 placements at 1e308 kr.: inf
    outcome = spec.call(*args)
    assert outcome == Failure("#NUM!", "unit_prices: summen af tallene er for stor til at regne med — tjek for "
                                       "fejltastninger"), outcome


def test_placement_mix_with_the_types_laid_out_in_a_row_shares_out_the_row():
    """Issue 9: PLACEMENTMIX with the types in a row gave seven 1,0s (each column its own total)."""
    january_2017 = [44, 7, 6, 2, 24, 7, 59]  # Ballerup's note, Anbringelsesmønster (i alt 149)
    as_row = REGISTRY["PLACEMENTMIX"].call([january_2017])
    assert np.allclose(as_row, [[count / 149 for count in january_2017]], rtol=1e-12)
    assert np.allclose(np.ravel(REGISTRY["PLACEMENTMIX"].call([[c] for c in january_2017])), np.ravel(as_row))


def test_placement_cost_with_the_types_laid_out_in_a_row_is_the_cost_of_the_column():
    """Sibling: a single row of counts, one per price, is the types laid out across (one year)."""
    counts, prices = [42, 4, 5, 17, 7, 57], [957106, 62472, 354552, 885961, 351639, 303447]
    assert REGISTRY["PLACEMENTCOST"].call([counts], [[p] for p in prices]) == 77_040_389.0
    assert REGISTRY["PLACEMENTCOST"].call([counts], [prices]) == 77_040_389.0
    # Two types over three years (a block) is not turned: three prices for two rows is refused.
    assert REGISTRY["PLACEMENTCOST"].call([[1, 2, 3], [4, 5, 6]], [[1], [2], [3]]).message.startswith(
        "counts: har 2 rækker, men unit_prices har 3 værdier")


@pytest.mark.parametrize("years, message", [
    ([[2019, 2018]], "years: 2018 står efter 2019"),
    ([[2018.5, 2019.5]], "years: 2018,5 er ikke et årstal"),
    ([[2019, 2019]], "years: 2019 står to gange"),
    ([[0, 1]], "years: 0 er ikke et årstal"),
    ([[2019, 1e308]], "years: 1e+308 er ikke et årstal"),
], ids=["decreasing", "fraction", "twice", "zero", "huge"])
def test_payback_year_refuses_years_that_are_not_increasing_whole_years(years, message):
    """Issue 9: PAYBACKYEAR accepted [2019;2018] and 2018,5 and returned them."""
    outcome = REGISTRY["PAYBACKYEAR"].call([[1.0, -2.0]], years)
    assert outcome.code == "#VALUE!" and outcome.message.startswith(message), outcome


def test_the_year_rows_of_other_functions_are_checked_alike():
    """Siblings: INVESTMENTCASE's years (its payback year) and PRICEINDEX's index table."""
    case = ([10], [6], [0.5, 1], [100], 100)
    assert REGISTRY["INVESTMENTCASE"].call(*case, 0, 0, 0, 0, 0, 0, 0, [2020, 2019]).message.startswith(
        "years: 2019 står efter 2020")
    assert REGISTRY["INVESTMENTCASE"].call(*case, 0, 0, 0, 0, 0, 0, 0, [2019.5, 2020]).message.startswith(
        "years: 2019,5 er ikke et årstal")
    index = ([[100, 102, 104.04]], )
    assert REGISTRY["PRICEINDEX"].call(1, 2015, 2017, [[2015, 2016.5, 2017]], *index).message.startswith(
        "index_years: 2016,5 er ikke et årstal")
    assert REGISTRY["PRICEINDEX"].call(1, 2015, 2017, [[2015, 2015, 2017]], *index).message.startswith(
        "index_years: 2015 står der flere gange")


@pytest.mark.parametrize("name, args, message", [
    ("PRESENTVALUE", ([[1.0, 2.0]], 0.035, 1e308), "first_year_offset: 1e+308 er over 100"),
    ("PRESENTVALUE", ([[1.0, 2.0]], 0.035, -101), "first_year_offset: -101 er under -100"),
    ("PLACEMENTCOST", ([[42]], [[957106]], -0.5, 1e308), "years: 1e+308 er over 100"),
    ("PLACEMENTCOST", ([[42, 42]], [[957106]], 0.02, [[1, -1e308]]), "years: -1e+308 er under -100"),
], ids=["presentvalue", "presentvalue-negative", "placementcost", "placementcost-row"])
def test_offsets_in_years_are_bounded(name, args, message):
    """Issue 9: PRESENTVALUE accepted an offset of 1e308 (every amount discounted to 0); PLACEMENTCOST's years
    likewise ((1 − 0,5) ** 1e308 = 0). At most 100 years either way."""
    outcome = REGISTRY[name].call(*args)
    assert outcome.code == "#VALUE!" and outcome.message.startswith(message), outcome
    assert_danish(outcome.message, REGISTRY[name])


def spillover_functions():
    return [spec for spec in REGISTRY.values()
            if {"home_share", "preventive_share"} <= {a.name for a in spec.arguments}]


@pytest.mark.parametrize("spec", spillover_functions(), ids=lambda spec: spec.name)
def test_home_and_preventive_shares_together_are_at_most_one(spec):
    """Issue 9: SPILLOVER and INVESTMENTCASE accepted 0,9 + 0,2 (a fall of 10 brought 11 of new costs);
    every function that applies the spill-over rule refuses it, and accepts shares that make exactly 1."""
    names = [a.name for a in spec.arguments]
    args = full_call(spec)
    args[names.index("home_share")], args[names.index("preventive_share")] = 0.9, 0.2
    outcome = spec.call(*args)
    assert outcome == Failure("#VALUE!", "preventive_share: 0,2 + home_share 0,9 er 1,1, over 1 — andelene af "
                                         "det samme fald kan højst give 1 tilsammen"), outcome
    args[names.index("preventive_share")] = 0.1
    outcome = spec.call(*args)  # 0,9 + 0,1: exactly the fall, allowed (the case may still not pay back: #N/A)
    assert not isinstance(outcome, Failure) or outcome.code == "#N/A", outcome


def test_spillover_of_a_fall_never_exceeds_the_fall():
    assert udfs.spillover(-10.0, 0.9, 0.1).tolist() == [9.0, 1.0]


@pytest.mark.parametrize("spec", REGISTRY.values(), ids=REGISTRY)
def test_numpy_dates_in_nanoseconds_are_dates_in_every_argument(spec):
    """Issue 9: numpy datetime64[ns] arrays were read as nanoseconds. In a number argument a date is refused
    (naming the date); in a date argument (ANNUALIZE's as_of_date) it is that date."""
    dates = np.array(["2018-06-13"], dtype="datetime64[ns]")
    for position, arg in enumerate(spec.arguments):
        args = full_call(spec)
        if arg.repeating:
            args.append(None)
            position = len(args) - 1
        args[position] = dates
        outcome = spec.call(*args)
        named = f"{arg.name} {position - len(spec.arguments) + 2}" if arg.repeating else arg.name
        if arg.unit == "dato":
            assert outcome == spec.call(*full_call(spec)[:position], dt.date(2018, 6, 13))
        elif arg.unit == "SAND/FALSK":
            assert outcome.message.startswith(f"{named}: 13-06-2018 er hverken SAND eller FALSK"), outcome
        else:
            assert outcome.message.startswith(f"{named}: 13-06-2018 er en dato, ikke et tal"), outcome


def test_annualize_reads_a_date_of_any_numpy_precision():
    for unit in ("ns", "us", "ms", "s", "D"):
        when = np.array([["2018-06-13"]], dtype=f"datetime64[{unit}]")
        assert round(REGISTRY["ANNUALIZE"].call(207, when)) == 461


# --- a whole column, as xlwings hands it over ------------------------------------------------------------

@pytest.fixture(scope="module")
def full_column():
    """1.048.576 rows × 1 column of numbers with empty cells (None, '', '-') mixed in, as xlwings hands it over."""
    cells = [[float(i % 7)] for i in range(FULL_COLUMN)]
    for i in range(0, FULL_COLUMN, 5):
        cells[i] = [None]
    cells[3], cells[FULL_COLUMN // 2] = [""], ["-"]
    return cells


def test_a_full_column_is_read_cell_for_cell_like_a_short_one(full_column):
    from trappen.udfs import inputs

    array = inputs.amounts(full_column, "amounts")
    assert array.shape == (FULL_COLUMN, 1) and array[0, 0] == 0 and array[1, 0] == 1 and array[3, 0] == 0
    assert array.sum() == sum(float(i % 7) for i in range(FULL_COLUMN) if i % 5 and i not in (3, FULL_COLUMN // 2))
    with_text = [*full_column[:-1], ["1.234,5"]]  # text in the very last cell is still found
    outcome = REGISTRY["CUMULATIVE"].call(with_text)
    assert outcome.message == "net_by_year: '1.234,5' er tekst, ikke et tal — skriv det som et tal (1.234,5), ikke som tekst"


def test_the_case_functions_answer_for_a_full_column_of_years(full_column):
    """Issue 9: "each twin answers within 2 s for any range Excel can pass" (timed in benchmarks/functions.py).
    Behaviour here: a phase-in row of 1.048.576 years is computed, not refused, and the functions that look
    only at a horizon look only at its years (the switching values' search stays small)."""
    phase = [[cell[0] / 6 if isinstance(cell[0], float) else cell[0]] for cell in full_column]  # empty = 0
    case = ([10], [6], phase, [1.0], 0.5)
    table = REGISTRY["INVESTMENTCASE"].call(*case)
    assert len(table) == FULL_COLUMN and len(table[0]) == 9  # years down: the table spills as a column
    assert REGISTRY["BREAKEVENFALL"].call(*case, 1, 4) == REGISTRY["BREAKEVENFALL"].call(
        [10], [6], phase[:4], [1.0], 0.5, 1, 4)
    low, high = [0, 0.5, 0, 0, 0, 0], [0.02, 1, 0.3, 0.2, 0.1, 0.1]
    tornado = REGISTRY["TORNADO"].call(*case, low, high)
    assert tornado == REGISTRY["TORNADO"].call([10], [6], phase[:4], [1.0], 0.5, low, high)
    # No price growth: 1,02 ** 1.048.575 overflows, and MONTECARLO would rightly say #NUM!.
    simulated = REGISTRY["MONTECARLO"].call(*case, low, [0, 1, 0.3, 0.2, 0.1, 0.1], 0, 0.2, 0.1, 0, 0, 0, 0, 2)
    assert len(simulated) == FULL_COLUMN and len(simulated[0]) == 10  # 3 measures × 3 percentiles + paid back
    assert REGISTRY["BREAKEVENFALL"].call(*case, 1, 101).message.startswith("horizon: 101 er over 100")


def test_a_case_has_at_most_1000_placement_types():
    """The switching values search ~1.000 candidates × types at once; a whole column of types (a million) would
    need 8 GB. No municipality has more than a handful of placement types: the case functions refuse more than
    1.000, in Danish, before computing anything."""
    types = [[1.0]] * 1001
    for name in ("INVESTMENTCASE", "BREAKEVENFALL", "TORNADO"):
        spec = REGISTRY[name]
        args = full_call(spec)
        args[0] = types
        outcome = spec.call(*args)
        assert outcome.message == ("base_counts: har 1.001 værdier, men en case har højst 1.000 typer — giv ét antal "
                                   "pr. anbringelsestype"), outcome
