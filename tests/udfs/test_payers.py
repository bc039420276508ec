"""PAYERSPLIT: a change in case costs split between municipality and state by the refusion for particularly
expensive single cases (barnets lov § 198 since 2024; before that serviceloven § 176 a / § 176), hand-worked
on Roskilde's activity table (ROS), and any number of steps against an independent integration of the
marginal rates."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trappen import udfs
from trappen.udfs import documents as doc
from trappen.udfs import payers
from trappen.udfs.payers import refund_per_case

from .conftest import ROSKILDE_BASE, ROSKILDE_TARGET

# The rule for children under 18 in 2020 (sm.dk, "Satser på socialområdet for 2020", § 176 a): 25 % of
# the part of a case's yearly cost above 830.000 kr. and 50 % above 1.630.000 kr.
RULE_2020 = ([830_000, 1_630_000], [0.25, 0.5])
# Barnets lov § 198, stk. 1 (2022-niveau): 25 % above 860.000, 50 % above 1.680.000, 75 % above 2.120.000.
RULE_2022 = ([860_000, 1_680_000, 2_120_000], [0.25, 0.5, 0.75])



def test_payersplit_roskilde_born_og_unge_with_the_2020_rule():
    """ROS: −6.480.000 kr. in all; 8 fewer institution placements at 950.000 kr. each cost the state
    25 % × 120.000 = 30.000 kr. less; network and foster placements are below the threshold."""
    municipality, state = udfs.payersplit(ROSKILDE_BASE, ROSKILDE_TARGET, doc.ACTIVITY_COST_PER_CASE, *RULE_2020)
    assert state == -8 * 30_000
    assert municipality == doc.ACTIVITY_EFFECT_TOTAL_PRINTED + 240_000
    assert municipality + state == udfs.activityeffect(ROSKILDE_BASE, ROSKILDE_TARGET, doc.ACTIVITY_COST_PER_CASE)


def test_refund_per_case_by_hand_for_each_step_of_the_2022_rule():
    """2.500.000 kr.: 25 % × 820.000 + 50 % × 440.000 + 75 % × 380.000 = 205.000 + 220.000 + 285.000."""
    costs = [500_000, 1_000_000, 2_000_000, 2_500_000]
    expected = [0, 0.25 * 140_000, 0.25 * 820_000 + 0.5 * 320_000, 205_000 + 220_000 + 285_000]
    np.testing.assert_allclose(refund_per_case(costs, *map(np.asarray, RULE_2022)), expected)
    # One expensive placement falling away: the municipality saves 2.500.000 − 710.000.
    assert udfs.payersplit([1], [0], [2_500_000], *RULE_2022).tolist() == [-1_790_000, -710_000]


def test_payersplit_by_year_from_the_activity_table():
    """ROS activity table, 2019–2023 against September 2017: one split per year (2 rows × 5 years)."""
    years = [row[1:] for row in doc.ACTIVITY_COUNTS]
    split = udfs.payersplit([[b] for b in ROSKILDE_BASE], years, doc.ACTIVITY_COST_PER_CASE, *RULE_2020)
    assert split.shape == (2, 5)
    institutions_fewer = np.array([1, 2, 4, 6, 8])  # 30 → 29, 28, 26, 24, 22
    assert split[1].tolist() == (-30_000 * institutions_fewer).tolist()
    np.testing.assert_allclose(split.sum(axis=0), udfs.activityeffect([[b] for b in ROSKILDE_BASE], years,
                                                                      doc.ACTIVITY_COST_PER_CASE))


@pytest.mark.parametrize("thresholds, rates, message", [
    ([1_630_000, 830_000], [0.25, 0.5], "thresholds: 830.000 står efter 1.630.000"),
    ([830_000, 830_000], [0.25, 0.5], "thresholds: 830.000 står to gange"),
    ([830_000], [0.25, 0.5], "rates: har 2 værdier, men thresholds har 1 værdi"),
    ([830_000], [25], "rates: 25 er over 1"),
    ([-1], [0.25], "thresholds: -1 er negativ"),
])
def test_payersplit_bad_rules(thresholds, rates, message):
    with pytest.raises(udfs.TrappenError, match=message):
        udfs.payersplit(ROSKILDE_BASE, ROSKILDE_TARGET, doc.ACTIVITY_COST_PER_CASE, thresholds, rates)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_municipality_plus_state_is_the_whole_effect(data):
    types = data.draw(st.integers(1, 6))
    counts = st.lists(st.integers(0, 100), min_size=types, max_size=types)
    base, target = data.draw(counts), data.draw(counts)
    costs = data.draw(st.lists(st.floats(0, 5e6), min_size=types, max_size=types))
    steps = sorted(set(data.draw(st.lists(st.floats(0, 4e6), min_size=1, max_size=3))))
    rates = data.draw(st.lists(st.floats(0, 1), min_size=len(steps), max_size=len(steps)))
    municipality, state = udfs.payersplit(base, target, costs, steps, rates)
    total = udfs.activityeffect(base, target, costs)
    assert municipality + state == pytest.approx(total, rel=1e-12, abs=1e-6)
    # The state never pays more than the top rate of the part above the lowest threshold.
    above = np.maximum(np.asarray(costs) - steps[0], 0)
    assert abs(state) <= max(rates) * np.abs(np.subtract(target, base)) @ above + 1e-6


def test_the_template_rule_is_barnets_lov_198():
    """The thresholds and rates the template labels "barnets lov § 198, stk. 1 (2022-niveau)" are the law's."""
    from trappen.udfs import payers

    assert (list(payers.BARNETS_LOV_THRESHOLDS), list(payers.BARNETS_LOV_RATES)) == RULE_2022
    assert payers.BARNETS_LOV_YEAR == 2022 and "§ 198" in payers.BARNETS_LOV_SOURCE


def marginal_integral(cost: float, thresholds, rates, step: float = 50.0) -> float:
    """Independent: the refund as the integral of the marginal rate from 0 to the cost (midpoint rule, 50 kr.
    steps): at each krone the rate of the highest threshold below it."""
    points = np.arange(step / 2, cost, step)
    rate = np.zeros_like(points)
    for threshold, share in zip(thresholds, rates, strict=True):
        rate = np.where(points > threshold, share, rate)
    return float(rate.sum() * step)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_payersplit_with_any_number_of_steps_against_the_integral_of_the_marginal_rate(data):
    """One to five steps (increasing thresholds, any rates): the state's part of ending each case is the
    integral of the marginal refusion rate over its cost, case by case."""
    steps = data.draw(st.integers(1, 5))
    thresholds = sorted(data.draw(st.lists(st.integers(1, 60).map(lambda k: k * 50_000.0), min_size=steps,
                                           max_size=steps, unique=True)))
    rates = data.draw(st.lists(st.sampled_from([0.1, 0.25, 0.5, 0.75, 1.0]), min_size=steps, max_size=steps))
    costs = data.draw(st.lists(st.integers(0, 80).map(lambda k: k * 50_000.0), min_size=1, max_size=4))
    municipality, state = udfs.payersplit([1] * len(costs), [0] * len(costs), costs, thresholds, rates)
    expected = -sum(marginal_integral(c, thresholds, rates) for c in costs)
    assert state == pytest.approx(expected, abs=1e-6)
    assert municipality + state == pytest.approx(-sum(costs), abs=1e-6)


def test_refusion_at_average_prices_understates_the_case_by_case_refusion():
    """The refund is convex in a case's cost, so the refund at the average cost is at most the average refund
    (Jensen): two institution placements at 600.000 and 1.300.000 kr. earn 110.000 kr., at their average 45.000."""
    _, by_case = udfs.payersplit([1, 1], [0, 0], [600_000, 1_300_000], *RULE_2022)
    _, at_average = udfs.payersplit([2], [0], [950_000], *RULE_2022)
    assert (by_case, at_average) == (-110_000, -45_000)
    rng = np.random.default_rng(198)
    for _ in range(50):
        costs = rng.uniform(100_000, 3_000_000, size=6)
        _, by_case = udfs.payersplit([1] * 6, [0] * 6, costs, *RULE_2022)
        _, at_average = udfs.payersplit([6], [0], [costs.mean()], *RULE_2022)
        assert by_case <= at_average + 1e-6  # both negative: the case-by-case refund is at least as large


# --- rules by date: each of the case's years under its own year's row ----------------------------------------------

def _table(years):
    """REFUSION_RULES' rows for ``years`` as the template's table: thresholds and rates padded to three steps."""
    rows = [rule for rule in payers.REFUSION_RULES if rule[0] in years]
    pad = lambda values: [*values, *[None] * (3 - len(values))]  # noqa: E731
    return [pad(rule[2]) for rule in rows], [pad(rule[3]) for rule in rows], [rule[0] for rule in rows]


def test_payersplit_by_year_hand_computed_from_the_laws_tables():
    """One case of 2.500.000 kr. a year ends (2020, 2021, 2024), amounts at their stated levels, by hand:
    2020, serviceloven § 176 a (830.000 / 1.630.000; 25 % / 50 %): 0,25 × 800.000 + 0,5 × 870.000 = 635.000;
    2021, § 176 (830.000 / 1.630.000 / 2.050.000; 25 / 50 / 75 %): 200.000 + 0,5 × 420.000 + 0,75 × 450.000 = 747.500;
    2024, barnets lov § 198 (860.000 / 1.680.000 / 2.120.000): 205.000 + 0,5 × 440.000 + 0,75 × 380.000 = 710.000.
    """
    thresholds, rates, years = _table({2020, 2021, 2024})
    municipality, state = udfs.payersplit([1], [[0, 0, 0]], [2_500_000], thresholds, rates, [2020, 2021, 2024], years)
    assert state.tolist() == [-635_000, -747_500, -710_000]
    assert (municipality + state).tolist() == [-2_500_000] * 3
    # the same as the one-rule form, year by year
    for k, year in enumerate((2020, 2021, 2024)):
        rule = next(r for r in payers.REFUSION_RULES if r[0] == year)
        assert udfs.payersplit([1], [0], [2_500_000], list(rule[2]), list(rule[3]))[1] == state[k]


def test_the_dated_table_has_the_servicelov_before_2024_and_barnets_lov_from_2024_each_with_its_source():
    for year, law, thresholds, rates, level, source, checked in payers.REFUSION_RULES:
        assert ("Barnets lov § 198" in law) == (year >= 2024), (year, law)
        assert len(thresholds) == len(rates) == (2 if year <= 2020 else 3), year
        assert source and level <= max(year, 2022)
        assert checked == (year not in (2018, 2019, 2023)), year  # no document at hand states those years' amounts
        if not checked:
            assert "står ikke i kilderne" in source


def test_payersplit_by_year_refuses_a_year_not_in_the_table_and_half_given_rules():
    thresholds, rates, years = _table({2020, 2021})
    with pytest.raises(udfs.TrappenError, match="years: 2025 står ikke i refusionstabellen"):
        udfs.payersplit([1], [[0, 0]], [2_500_000], thresholds, rates, [2020, 2025], years)
    with pytest.raises(udfs.TrappenError, match="rule_years: mangler"):
        udfs.payersplit([1], [[0, 0]], [2_500_000], thresholds, rates, [2020, 2021])
    with pytest.raises(udfs.TrappenError, match="thresholds: 2020 har en sats uden tærskel"):
        udfs.payersplit([1], [[0]], [2_500_000], [[830_000, None, None]], [[0.25, 0.5, None]], [2020], [2020])
    # an empty row (a year still to come) is not read; a duplicated year is refused
    result = udfs.payersplit([1], [[0]], [2_500_000], [*thresholds, [None] * 3], [*rates, [None] * 3], [2021],
                             [*years, None])
    assert result[1] == -747_500
    with pytest.raises(udfs.TrappenError, match="rule_years: 2020 står der flere gange"):
        udfs.payersplit([1], [[0]], [2_500_000], thresholds, rates, [2020], [2020, 2020])
