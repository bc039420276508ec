"""Switching values, the tornado and Monte Carlo: against brute force (grids and loops over the same
draws, computed with INVESTMENTCASE one case at a time), on Roskilde's "Børn og Unge" (ROS) and Ballerup's
2018–22 case (BAL-N), with Aabenraa's four-year rule (AAB) as the default horizon.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from trappen import udfs
from trappen.udfs import documents as doc
from trappen.udfs import uncertainty
from trappen.udfs.investment_case import ROWS
from trappen.udfs.uncertainty import ASSUMPTIONS, draw_assumptions

from . import roskilde_by_hand
from .conftest import BALLERUP_PHASE_IN, ROSKILDE, ROSKILDE_BASE, ROSKILDE_PHASE_IN, ROSKILDE_TARGET

NET, CUMULATIVE = ROWS.index("net"), ROWS.index("cumulative")
AABENRAA = Path(__file__).resolve().parents[1] / "data" / "aabenraa_raaderum_2018.txt"  # KL's article, copied

INSTITUTION = 5  # "Anbringelse på institution", the 5th row of the activity table
ROSKILDE_CASE = (ROSKILDE_BASE, ROSKILDE_TARGET, ROSKILDE_PHASE_IN, doc.ACTIVITY_COST_PER_CASE,
                 ROSKILDE["investment_total"])

BALLERUP_OTHER = udfs.netsaving(0, 0, doc.BALLERUP_PLACEMENT_FINANCING, doc.BALLERUP_FURTHER_FINANCING)
BALLERUP_CASE = ([1], [0], BALLERUP_PHASE_IN, [15.0], 5.5)


def pays_back(case, horizon, **options) -> bool:
    """Brute force, one case at a time: does INVESTMENTCASE's cumulative net reach ≤ 0 within the horizon?"""
    return bool(np.any(udfs.investmentcase(*case, **options)[CUMULATIVE][:horizon] <= 0))


def grid_turn(passes, low: float, high: float, step: float, first: bool = True) -> float:
    """Brute force over the grid low, low + step, ... high, one case at a time: the first grid value that passes
    (or the last, with ``first=False``). The case turns once, so the grid is walked every ten steps first and then
    step by step inside the ten steps where it turns: the same value as walking all of it."""
    coarse = low + 10 * step * np.arange(int((high - low) / (10 * step)) + 1)
    flags = [passes(v) for v in coarse]
    k = flags.index(True) if first else len(flags) - 1 - flags[::-1].index(True)
    start = coarse[k - 1] if first and k > 0 else coarse[k]
    fine = [v for v in start + step * np.arange(11) if v <= high + step / 2]
    found = [v for v in fine if passes(v)]
    return found[0] if first else found[-1]


def with_target(count: float) -> tuple:
    target = list(ROSKILDE_TARGET)
    target[INSTITUTION - 1] = count
    return (ROSKILDE_BASE, target, *ROSKILDE_CASE[2:])


# --- Aabenraa's rule ---------------------------------------------------------------------------------------

def test_the_default_horizon_is_aabenraas_four_year_balance():
    """AAB: "En initial investering skal balancere økonomisk over en fireårig periode" → horizon 4."""
    assert doc.AABENRAA_BALANCE_SENTENCE in AABENRAA.read_text(encoding="utf-8")
    for name in ("BREAKEVENFALL", "BREAKEVENGROWTH", "TORNADO"):
        horizon = next(a for a in udfs.REGISTRY[name].arguments if a.name == "horizon")
        assert horizon.default == doc.AABENRAA_BALANCE_YEARS


# --- BREAKEVENFALL -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("horizon, options", [
    (4, dict(price_growth=0, home_share=0, preventive_share=0)),
    (5, dict(price_growth=0, home_share=0, preventive_share=0)),
    (5, dict(price_growth=0.01, home_share=0.2, preventive_share=0.1, deadweight=0.05, optimism_bias=0.05,
             savings_bias=0.05, price_view=1)),
    (5, dict(price_growth=-0.01, home_share=0.2, preventive_share=0.1, deadweight=0.1, optimism_bias=0.1,
             price_view=2)),
], ids=["roskilde-2019-2022", "roskilde-2019-2023", "roskilde-with-every-assumption", "roskilde-budget-pressure"])
def test_breakevenfall_agrees_with_a_brute_force_grid(horizon, options):
    """ROS "Børn og Unge": the smallest fall in institution placements (of 30) that pays back within the
    horizon, against a grid of 0.01 placements evaluated one INVESTMENTCASE at a time."""
    fall = udfs.breakevenfall(*ROSKILDE_CASE, INSTITUTION, horizon, **options)
    step = 0.01
    first = grid_turn(lambda f: pays_back(with_target(30 - f), horizon, **options), 0, 30, step)
    assert first - step < fall <= first + 1e-9
    assert pays_back(with_target(30 - fall), horizon, **options)
    assert not pays_back(with_target(30 - fall + 1e-6), horizon, **options)


def test_breakevenfall_roskilde_by_hand():
    """ROS: Σ investment 2019–22 = Σ phase-in 2019–22 (6.000/6.480) × (fall × 950.000 − 7 × 160.000)."""
    fall = udfs.breakevenfall(*ROSKILDE_CASE, INSTITUTION, 4, 0, 0, 0)
    by_hand = (sum(ROSKILDE["investment_total"][:4]) * 6480 / 6000 + 7 * 160_000) / 950_000
    assert fall == pytest.approx(by_hand, abs=1e-9)
    assert 29.6 < fall < 29.7  # of 30: the plan's fall of 8 is far from enough within four years


def test_breakevenfall_is_zero_when_the_case_pays_back_without_that_type():
    """Ballerup's case pays back in 2022 on its own: no fall of an extra, unchanged type is needed."""
    assert udfs.breakevenfall([1, 5], [0, 5], BALLERUP_PHASE_IN, [15.0, 100], 5.5, 2, 5, 0, 0, 0, 0, 0,
                              BALLERUP_OTHER) == 0.0


def test_breakevenfall_on_a_plan_by_year_replaces_the_types_row_in_every_year():
    """BAL-N on its placements (a block types × years): the smallest fall in døgninstitution placements from
    January 2017 (24) that pays back within four years, against a brute-force grid of 0,01 placements with the
    type's row of the plan replaced by 24 − fall."""
    prices = [p / 1e6 for p in doc.BALLERUP_CASE_PRICES]
    inflow = [v or 0 for v in doc.BALLERUP_NEED_INFLOW]
    options = dict(savings_bias=0.15, optimism_bias=0.05, price_growth=0.02, price_view=2, price_offset=1)
    fall = udfs.breakevenfall(doc.BALLERUP_CASE_BASE, doc.BALLERUP_CASE_PLAN, [1] * 5, prices, 5.5, 5, 4,
                              options["price_growth"], 0.2, 0.1, 0, options["optimism_bias"], inflow,
                              options["savings_bias"], options["price_view"], options["price_offset"])

    def passes(value):
        plan = [list(row) for row in doc.BALLERUP_CASE_PLAN]
        plan[4] = [24 - value] * 5
        table = udfs.investmentcase(doc.BALLERUP_CASE_BASE, plan, [1] * 5, prices, 5.5, other_costs=inflow,
                                    **options)
        return bool(np.any(table[CUMULATIVE][:4] <= 0))

    first = grid_turn(passes, 0, 24, 0.01)
    assert first - 0.01 < fall <= first + 1e-9
    assert passes(fall) and not passes(fall - 1e-6)


def test_breakevenfall_not_reached_is_na_with_a_message():
    """ROS: even with all 30 institution placements gone by the plan's phasing it cannot pay back in 2 years."""
    with pytest.raises(udfs.NotReachedError, match="type_row: selv hvis alle 30 anbringelser af type 5 forsvinder"):
        udfs.breakevenfall(*ROSKILDE_CASE, INSTITUTION, 2, 0, 0, 0)
    outcome = udfs.REGISTRY["BREAKEVENFALL"].call(*ROSKILDE_CASE, INSTITUTION, 2, 0, 0, 0)
    assert isinstance(outcome, udfs.Failure) and outcome.code == "#N/A"


@pytest.mark.parametrize("row, horizon, message", [
    (0, 4, "type_row: 0 er under 1"), (6, 4, "type_row: 6 er over 5"), (2.5, 4, "type_row: 2,5 er ikke et helt tal"),
    (5, 6, "horizon: er 6 år, men casen har 5 år"), (5, 0, "horizon: 0 er under 1"),
    (5, 101, "horizon: 101 er over 100"),
])
def test_breakevenfall_bad_row_or_horizon(row, horizon, message):
    with pytest.raises(udfs.TrappenError, match=message):
        udfs.breakevenfall(*ROSKILDE_CASE, row, horizon)


# --- BREAKEVENGROWTH ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("view", [1, 2], ids=["same-prices", "budget-pressure"])
@pytest.mark.parametrize("case, horizon, options", [
    (ROSKILDE_CASE, 5, dict(home_share=0, preventive_share=0)),
    (([10], [6], [0.5, 1, 1, 1], [1.0], 3.0), 4, dict(home_share=0, preventive_share=0)),
    (([44, 24, 59], [38, 15, 55], [0.6, 0.9, 1, 1, 1], [957_106, 885_961, 303_447], 5_500_000), 4,
     dict(deadweight=0.2, optimism_bias=0.1, savings_bias=0.15)),
], ids=["roskilde-2019-2023", "hand-worked", "ballerup-types-with-spillover"])
def test_breakevengrowth_agrees_with_a_brute_force_grid(case, horizon, options, view):
    """The growth where the case turns, against a grid of 0,05 percentage points over [-0.99, 1] evaluated one
    INVESTMENTCASE at a time: against today's budget the last growth that passes, at the same prices the first."""
    growth = udfs.breakevengrowth(*case, horizon, **options, price_view=view)
    step = 0.0005

    def passes(g):
        return pays_back(case, horizon, price_growth=g, price_view=view, **options)

    if view == 2:  # the case passes below the switch: the last growth that passes
        last = grid_turn(passes, -0.99, 1, step, first=False)
        assert last - 1e-9 <= growth < last + step
        assert not pays_back(case, horizon, price_growth=growth + 1e-6, price_view=view, **options)
    else:  # the same prices: a rise raises the saving, so the case passes above the switch
        first = grid_turn(passes, -0.99, 1, step)
        assert first - step < growth <= first + 1e-9
        assert not pays_back(case, horizon, price_growth=growth - 1e-6, price_view=view, **options)
    assert pays_back(case, horizon, price_growth=growth, price_view=view, **options)


def test_breakevengrowth_hand_worked_root():
    """Against today's budget: 10 → 6 placements at 1,0, investment 3,0: cumulative year 3 = 6g² + 18g − 1
    → g = (√348 − 18)/12. At the same prices, with x = 1 + g, the net is 1, 3 − 4x, 3 − 4x², 3 − 4x³: the
    cumulative of year 4 is 10 − 4(x + x² + x³), ≤ 0 from the root of x³ + x² + x = 2,5 up."""
    growth = udfs.breakevengrowth([10], [6], [0.5, 1, 1, 1], [1.0], 3.0, 4, 0, 0, price_view=2)
    assert growth == pytest.approx((348 ** 0.5 - 18) / 12, abs=1e-10)
    growth = udfs.breakevengrowth([10], [6], [0.5, 1, 1, 1], [1.0], 3.0, 4, 0, 0, price_view=1)
    root = next(r.real for r in np.roots([1, 1, 1, -2.5]) if abs(r.imag) < 1e-12)
    assert growth == pytest.approx(root - 1, abs=1e-10)


def test_breakevengrowth_roskilde_needs_falling_prices_against_todays_budget():
    """ROS: the case does not pay back by 2023; against today's budget the switch is a fall of about 3,2 %."""
    growth = udfs.breakevengrowth(*ROSKILDE_CASE, 5, 0, 0, price_view=2)
    assert growth == pytest.approx(roskilde_by_hand.growth_at_balance(), abs=1e-10)  # the hand-worked root
    assert -0.033 < growth < -0.032
    table = udfs.investmentcase(*ROSKILDE_CASE, growth, 0, 0, price_view=2)
    assert table[CUMULATIVE, -1] == pytest.approx(0, abs=1e-3)  # kr.


def test_breakevengrowth_ends_of_the_range_and_not_reached():
    """A case that pays back in its first year holds at any growth: the end where it is worse (1 against the
    budget; −0,99 at the same prices, where falling prices shrink the saving); a case whose investment
    exceeds every saving never pays back (#N/A)."""
    assert udfs.breakevengrowth([10], [0], [1, 1, 1, 1], [100], 1.0, price_view=2) == 1.0
    assert udfs.breakevengrowth([10], [0], [1, 1, 1, 1], [100], 1.0, price_view=1) == -0.99
    with pytest.raises(udfs.NotReachedError, match="horizon: casen tjener sig ikke hjem inden for 4 år ved nogen "
                                                   "prisvækst fra -0,99 til 1"):
        udfs.breakevengrowth([10], [9], [1, 1, 1, 1], [1], 1e9, 4, 0, 0)


# --- TORNADO -----------------------------------------------------------------------------------------------

LOW = [-0.01, 0.6, 0.0, 0.0, 0.0, -0.1]
HIGH = [0.03, 1.2, 0.25, 0.3, 0.25, 0.2]


def varied_alone(point: dict, k: int, value: float, row: str, horizon: int) -> float:
    """Brute force: INVESTMENTCASE (ROS "Børn og Unge") with assumption k set to ``value`` and the rest at
    ``point``; achieved share scales the phase-in, overrun the investment."""
    options = dict(point)
    phase, investment = np.asarray(ROSKILDE_PHASE_IN), np.asarray(ROSKILDE["investment_total"], dtype=float)
    if ASSUMPTIONS[k].name == "achieved":
        phase = phase * value
    elif ASSUMPTIONS[k].name == "overrun":
        investment = investment * (1 + value)
    else:
        options[ASSUMPTIONS[k].name] = value
    case = udfs.investmentcase(ROSKILDE_BASE, ROSKILDE_TARGET, phase, doc.ACTIVITY_COST_PER_CASE, investment,
                               **options)
    return case[ROWS.index(row), horizon - 1]


@pytest.mark.parametrize("view", [1, 2], ids=["same-prices", "budget-pressure"])
@pytest.mark.parametrize("present_value", [False, True])
def test_tornado_is_each_assumption_varied_alone_and_sorted_by_swing(present_value, view):
    """ROS "Børn og Unge" with spill-over: each row is INVESTMENTCASE with one assumption at low / high and
    the others at the case's values, computed one case at a time; the rows are sorted by the swing, largest
    first, and the bars are the results less the base case's."""
    point = dict(price_growth=0.01, home_share=0.2, preventive_share=0.1, deadweight=0.05, optimism_bias=0.1,
                 discount_rate=0.035, savings_bias=0.1, price_view=view)
    horizon = 5
    row = "present_value" if present_value else "cumulative"
    table = udfs.tornado(*ROSKILDE_CASE, LOW, HIGH, 0.01, 0.2, 0.1, 0.05, 0.1, 0.035, 0, horizon, present_value,
                         0.1, view)
    assert table.shape == (6, 6)
    base = udfs.investmentcase(*ROSKILDE_CASE, **point)[ROWS.index(row), horizon - 1]
    expected = []
    for k in range(6):
        low, high = varied_alone(point, k, LOW[k], row, horizon), varied_alone(point, k, HIGH[k], row, horizon)
        expected.append([k + 1, low, high, low - base, high - base, abs(high - low)])
    expected.sort(key=lambda r: -r[-1])
    np.testing.assert_allclose(table, expected, rtol=1e-12, atol=1e-6)
    assert list(table[:, 5]) == sorted(table[:, 5], reverse=True)
    assert sorted(table[:, 0]) == [1, 2, 3, 4, 5, 6]


def test_the_worked_examples_of_the_guide_are_the_hand_worked_values():
    """The user guide prints BREAKEVENGROWTH's and TORNADO's worked examples (the registry's): each is Roskilde's
    hand-worked value (tests/udfs/roskilde_by_hand.py), and so is what the function gives for its arguments."""
    growth = udfs.REGISTRY["BREAKEVENGROWTH"].example
    assert growth.result == pytest.approx(roskilde_by_hand.growth_at_balance(), rel=1e-12)
    assert udfs.breakevengrowth(*growth.args) == pytest.approx(roskilde_by_hand.growth_at_balance(), abs=1e-10)
    table = udfs.REGISTRY["TORNADO"].example
    assert list(table.args[5:7]) == [roskilde_by_hand.LOW, roskilde_by_hand.HIGH]
    assert table.args[14] == 5 and table.args[-1] == 1  # horizon 2023, at the same prices (price_view 1)
    np.testing.assert_allclose(table.result, roskilde_by_hand.tornado(), rtol=1e-12, atol=1e-6)
    np.testing.assert_allclose(udfs.tornado(*table.args), roskilde_by_hand.tornado(), rtol=1e-12, atol=1e-6)
    assert roskilde_by_hand.CUMULATIVE == 18_573_255 == udfs.investmentcase(*ROSKILDE_CASE, 0, 0, 0)[CUMULATIVE, -1]


def test_tornado_roskilde_by_hand():
    """ROS: achieving half the change costs half the 12.480.000 kr. saved 2019–2023; 30 % deadweight 30 %;
    an optimism reduction of 15 % on the savings 15 %. Unvaried assumptions (low = high) swing 0 and come last
    in their own order."""
    table = udfs.tornado(*ROSKILDE_CASE, [0, 0.5, 0, 0, 0, 0], [0, 1, 0.3, 0, 0.15, 0], 0, 0, 0, horizon=5)
    assert table[:, 0].tolist() == [2, 3, 5, 1, 4, 6]
    assert table[0, 1:].round().tolist() == [18_573_255 + 6_240_000, 18_573_255, 6_240_000, 0, 6_240_000]
    assert table[1, 1:].round().tolist() == [18_573_255, 18_573_255 + 3_744_000, 0, 3_744_000, 3_744_000]
    assert table[2, 1:].round().tolist() == [18_573_255, 18_573_255 + 1_872_000, 0, 1_872_000, 1_872_000]
    assert table[3:, 5].tolist() == [0, 0, 0]


@pytest.mark.parametrize("low, high, message", [
    ([0, 1, 0, 0, 0], [0, 1, 0, 0, 0, 0], "low: har 5 værdier, men der er 6 forudsætninger"),
    ([0, 1, 0, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0], "low: har 7 værdier, men der er 6 forudsætninger"),
    ([0, 1, 0, 0, 0, 0], [0, 1, 0, 0, 0], "high: har 5 værdier"),
    ([0, 0.9, 0, 0, 0, 0], [0, 0.8, 0, 0, 0, 0], "low: række 2 (opnået andel af planen): 0,9 er over high 0,8"),
    ([2, 1, 0, 0, 0, 0], [2, 1, 0, 0, 0, 0], "low: række 1 (prisvækst): 2 er over 1"),
    ([0, 1, 20, 0, 0, 0], [0, 1, 20, 0, 0, 0],
     "low: række 3 (dødvægt): 20 er over 1 — en andel skrives som decimaltal: skriv 0,2 for 20 %"),
    ([0, 1, 0, 0, 0, None], [0, 1, 0, 0, 0, 0], "low: har en tom celle"),
    ([0, 1, 0, 0, 1.5, 0], [0, 1, 0, 0, 1.5, 0], "low: række 5 (fradrag i besparelsen): 1,5 er over 1"),
])
def test_bad_ranges_are_refused(low, high, message):
    with pytest.raises(udfs.TrappenError, match=re.escape(message)):
        udfs.tornado(*ROSKILDE_CASE, low, high)
    with pytest.raises(udfs.TrappenError, match=re.escape(message)):
        udfs.montecarlo(*ROSKILDE_CASE, low, high)


# --- MONTECARLO --------------------------------------------------------------------------------------------

MC_LOW = [-0.01, 0.7, 0.0, 0.0, 0.0, -0.05]
MC_HIGH = [0.03, 1.2, 0.3, 0.4, 0.3, 0.25]
#: The case's own values (the likely values): growth 1 %, deadweight 5 %, optimism 10 % on costs, 10 % on savings.
MC_CASE = dict(price_growth=0.01, deadweight=0.05, optimism_bias=0.1, savings_bias=0.1, discount_rate=0.035)
MC_LIKELY = [0.01, 1.0, 0.05, 0.1, 0.1, 0.0]


def mc(case=ROSKILDE_CASE, low=MC_LOW, high=MC_HIGH, n=400, seed=7, percentiles=(0.05, 0.5, 0.95), triangular=True,
       view=1, **options):
    """MONTECARLO on the case's own values MC_CASE, in the order of its arguments."""
    values = {**MC_CASE, **options}
    return udfs.montecarlo(*case, low, high, values["price_growth"], values.get("home_share", 0.2),
                           values.get("preventive_share", 0.1), values["deadweight"],
                           values["optimism_bias"], values["discount_rate"], 0, n, seed, list(percentiles),
                           triangular, values["savings_bias"], view)


@pytest.mark.parametrize("view", [1, 2], ids=["same-prices", "budget-pressure"])
@pytest.mark.parametrize("triangular", [True, False], ids=["triangular", "uniform"])
def test_montecarlo_equals_a_python_loop_over_the_same_draws(triangular, view):
    """ROS "Børn og Unge": the vectorised simulation gives exactly what INVESTMENTCASE gives one scenario at a
    time on the same draws (low / likely = the case's own values / high), for the net, the cumulative net and
    the present value, summarised the same way."""
    n, seed, levels = 400, 7, [0.05, 0.5, 0.95]
    result = mc(triangular=triangular, view=view)
    assert result.shape == (10, 5)
    draws = draw_assumptions(np.array(MC_LOW), np.array(MC_HIGH), n, seed, triangular, np.array(MC_LIKELY))
    measures, paid = {"net": [], "cumulative": [], "present_value": []}, []
    for growth, achieved, deadweight, bias, savings_bias, overrun in draws:
        table = udfs.investmentcase(ROSKILDE_BASE, ROSKILDE_TARGET, np.asarray(ROSKILDE_PHASE_IN) * achieved,
                                    doc.ACTIVITY_COST_PER_CASE,
                                    np.asarray(ROSKILDE["investment_total"], dtype=float) * (1 + overrun),
                                    growth, 0.2, 0.1, deadweight, bias, 0.035, savings_bias=savings_bias,
                                    price_view=view)
        for name, rows in measures.items():
            rows.append(table[ROWS.index(name)])
        paid.append([bool(np.any(table[CUMULATIVE][:year + 1] <= 0)) for year in range(5)])
    for m, name in enumerate(measures):
        np.testing.assert_allclose(result[3 * m:3 * m + 3], np.quantile(np.array(measures[name]), levels, axis=0),
                                   rtol=1e-12, atol=1e-6)
    np.testing.assert_array_equal(result[9], np.mean(paid, axis=0))


def test_montecarlo_degenerate_ranges_reproduce_investmentcase_exactly():
    """low = high = the case's values: every percentile is INVESTMENTCASE's row, bit for bit (BAL-N and ROS)."""
    result = udfs.montecarlo(*BALLERUP_CASE, [0, 1, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0], 0, 0, 0, 0, 0, 0,
                             BALLERUP_OTHER, 1000)
    table = udfs.investmentcase(*BALLERUP_CASE, 0, 0, 0, other_costs=BALLERUP_OTHER)
    for row in result[:3]:
        np.testing.assert_array_equal(row, table[NET])
    for row in result[3:9]:  # no discounting: the present value is the cumulative net
        np.testing.assert_array_equal(row, table[CUMULATIVE])
    assert result[9].tolist() == [0, 0, 0, 0, 1]  # Ballerup pays back in 2022 (BAL-N)
    point = [0.02, 1, 0.1, 0.15, 0.2, 0]
    result = udfs.montecarlo(*ROSKILDE_CASE, point, point, 0.02, 0.2, 0.1, 0.1, 0.15, 0.035, 0, 500, 3,
                             [0.1, 0.9], True, 0.2)
    table = udfs.investmentcase(*ROSKILDE_CASE, 0.02, 0.2, 0.1, 0.1, 0.15, 0.035, savings_bias=0.2)
    np.testing.assert_array_equal(result[:6], [table[NET]] * 2 + [table[CUMULATIVE]] * 2 + [table[7]] * 2)
    assert result[6].tolist() == [0] * 5  # ROS never pays back by 2023


def test_the_base_case_lies_inside_the_distribution():
    """BAL-N as the note prints it pays back just in 2022 (cumulative −0,5): with symmetric ranges around its
    own values about half the scenarios have paid back by 2022 — not 0 %, as draws all worse than the base case
    would give — and the median cumulative net is near the base case's."""
    low, high = [-0.02, 0.9, 0, 0, 0, -0.1], [0.02, 1.1, 0, 0, 0, 0.1]
    result = udfs.montecarlo(*BALLERUP_CASE, low, high, 0, 0, 0, 0, 0, 0, BALLERUP_OTHER, 20_000, 2018)
    base = udfs.investmentcase(*BALLERUP_CASE, 0, 0, 0, other_costs=BALLERUP_OTHER)[CUMULATIVE, -1]
    assert result[4, -1] == pytest.approx(base, abs=0.1)
    assert 0.3 < result[9, -1] < 0.7


def test_montecarlo_refuses_ranges_that_leave_out_the_case():
    """The likely value is the case's own: low above it or high below it is refused, with the row and the value."""
    with pytest.raises(udfs.TrappenError, match=r"low: række 3 \(dødvægt\): 0,1 er over casens egen værdi 0,05"):
        mc(low=[-0.01, 0.7, 0.1, 0, 0, 0])
    with pytest.raises(udfs.TrappenError,
                       match=r"high: række 2 \(opnået andel af planen\): 0,9 er under casens egen værdi 1"):
        mc(high=[0.03, 0.9, 0.3, 0.4, 0.3, 0.25])


def test_montecarlo_is_deterministic_given_the_seed():
    first = mc(n=2000, seed=42)
    np.testing.assert_array_equal(first, mc(n=2000, seed=42))
    assert not np.array_equal(first, mc(n=2000, seed=43))
    # The Excel twin with the default seed gives the same numbers on every recalculation.
    call = (*ROSKILDE_CASE, MC_LOW, MC_HIGH, 0.01, 0.2, 0.1, 0.05, 0.1)
    cells = udfs.MONTECARLO(*call)
    assert isinstance(cells, list) and np.shape(cells) == (10, 5), cells  # numbers, not one message twice
    assert cells == udfs.MONTECARLO(*call)


def test_montecarlo_blocks_of_scenarios_change_nothing(monkeypatch):
    """Scenarios are computed in blocks (memory); the blocks' size does not change any number."""
    whole = mc(n=1000, seed=5)
    monkeypatch.setattr(uncertainty, "_CHUNK", 7)
    np.testing.assert_array_equal(mc(n=1000, seed=5), whole)


def test_draws_are_seeded_triangular_low_likely_high_or_uniform_within_the_ranges():
    """The draws against closed forms: uniform is low + (high − low) u; the triangular's mean is
    (low + likely + high)/3 and its distribution function F(x) = (x − a)² / ((b − a)(c − a)) below the likely
    value c, 1 − (b − x)² / ((b − a)(b − c)) above it."""
    low, high, likely = np.array(MC_LOW), np.array(MC_HIGH), np.array(MC_LIKELY)
    n = 50_000
    u = np.random.default_rng(11).random((n, 6))
    np.testing.assert_array_equal(draw_assumptions(low, high, n, 11, False), low + (high - low) * u)
    x = draw_assumptions(low, high, n, 11, True, likely)
    assert np.all((x >= low) & (x <= high))
    np.testing.assert_allclose(x.mean(axis=0), (low + likely + high) / 3, atol=0.01 * (high - low).max())
    a, b, c = low, high, likely
    for q in (0.25, 0.5, 0.75):
        point = a + q * (b - a)
        closed = np.where(point <= c, (point - a) ** 2 / ((b - a) * (c - a)),
                          1 - (b - point) ** 2 / ((b - a) * (b - c)))
        np.testing.assert_allclose(np.mean(x <= point, axis=0), closed, atol=0.01)
    # Without a likely value the peak is at the midpoint; low = high gives exactly low.
    fixed = draw_assumptions(np.zeros(6), np.zeros(6), 10, 1, True)
    assert np.all(fixed == 0)


def test_montecarlo_columns_of_years_turn_the_result():
    low, high = [0, 0.9, 0, 0, 0, 0], [0.02, 1.1, 0.1, 0.1, 0.1, 0.1]
    rows = udfs.montecarlo(*BALLERUP_CASE, low, high, 0, 0, 0, 0, 0, 0, BALLERUP_OTHER, 300)
    columns = udfs.montecarlo([1], [0], [[p] for p in BALLERUP_PHASE_IN], [15.0], 5.5, low, high, 0, 0, 0, 0, 0, 0,
                              [[v] for v in BALLERUP_OTHER], 300)
    np.testing.assert_array_equal(columns, rows.T)


@pytest.mark.parametrize("options, message", [
    (dict(n=1_000_001), "n: 1.000.001 er over 1.000.000"),
    (dict(n=0), "n: 0 er under 1"),
    (dict(n=10.5), "n: 10,5 er ikke et helt tal"),
    (dict(seed=-1), "seed: -1 er under 0"),
    (dict(percentiles=[0.1, 50]), "percentiles: værdi 2: 50 er over 1"),
    (dict(triangular=2), "triangular: 2 er hverken SAND eller FALSK"),
    (dict(home_share=0.5, preventive_share=0.6), "preventive_share: 0,6 + home_share 0,5 er 1,1, over 1"),
])
def test_montecarlo_bad_options(options, message):
    with pytest.raises(udfs.TrappenError, match=re.escape(message)):
        mc(**options)


def test_montecarlo_caps_scenarios_times_years():
    phase = [1] * 20
    with pytest.raises(udfs.TrappenError, match="n: 1.000.000 scenarier × 20 år er over 4.000.000"):
        udfs.montecarlo([1], [0], phase, [1.0], 0.5, [0, 1, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0], n=1_000_000)


@pytest.mark.parametrize("scenarios", [1, 2, 9, 100, 1001])
def test_percentiles_are_numpys_quantile_bit_for_bit(scenarios):
    """MONTECARLO sorts once instead of calling np.quantile (a whole column of years); the same numbers."""
    measures = np.random.default_rng(scenarios).normal(size=(3, scenarios, 40)) * 1e6
    for levels in ([0.1, 0.5, 0.9], [0.0, 0.05, 0.25, 0.75, 0.95, 1.0], [1 / 3]):
        expected = np.quantile(measures, levels, axis=1)
        assert np.array_equal(uncertainty.percentile_rows(measures.copy(), np.array(levels)), expected)
