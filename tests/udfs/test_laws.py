"""The laws a budget officer relies on, checked on random numbers (hypothesis): a net saving is the sum of its
parts, doubling every count doubles the cost, reordering placement types does not change the total, and so on.

Tolerances: results are compared with a relative tolerance of 1e-9; where a law subtracts large sums
(cancellation), an absolute tolerance of 1e-12 × the size of the terms is added, because the law holds
exactly only in exact arithmetic.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from trappen import udfs
from trappen.udfs import REGISTRY, NotReachedError

LAW = settings(max_examples=60, deadline=None)

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
        for amount, year in zip(net, years, strict=True):
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
