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
from trappen.udfs.scenario import ROWS
from trappen.udfs.uncertainty import ASSUMPTIONS, draw_assumptions

NET, CUMULATIVE = ROWS.index("net"), ROWS.index("cumulative")
AABENRAA = Path(__file__).resolve().parent / "data" / "aabenraa_raaderum_2018.txt"  # KL's article, copied

ROSKILDE = doc.ROSKILDE["Børn og Unge"]
ROSKILDE_BASE = [row[0] for row in doc.ACTIVITY_COUNTS]
ROSKILDE_TARGET = [row[-1] for row in doc.ACTIVITY_COUNTS]
ROSKILDE_PHASE_IN = [(s or 0) / ROSKILDE["savings"][-1] for s in ROSKILDE["savings"]]
INSTITUTION = 5  # "Anbringelse på institution", the 5th row of the activity table
ROSKILDE_CASE = (ROSKILDE_BASE, ROSKILDE_TARGET, ROSKILDE_PHASE_IN, doc.ACTIVITY_COST_PER_CASE,
                 ROSKILDE["investment_total"])

BALLERUP_PHASE_IN = [-r / 15.0 for r in doc.BALLERUP_SAVINGS_REQUIREMENT]
BALLERUP_OTHER = udfs.netsaving(0, 0, doc.BALLERUP_PLACEMENT_FINANCING, doc.BALLERUP_FURTHER_FINANCING)
BALLERUP_CASE = ([1], [0], BALLERUP_PHASE_IN, [15.0], 5.5)


def pays_back(case, horizon, **options) -> bool:
    """Brute force, one case at a time: does INVESTMENTCASE's cumulative net reach ≤ 0 within the horizon?"""
    return bool(np.any(udfs.investmentcase(*case, **options)[CUMULATIVE][:horizon] <= 0))


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
    (5, dict(price_growth=-0.01, home_share=0.2, preventive_share=0.1, deadweight=0.1, optimism_bias=0.1)),
], ids=["roskilde-2019-2022", "roskilde-2019-2023", "roskilde-with-every-assumption"])
def test_breakevenfall_agrees_with_a_brute_force_grid(horizon, options):
    """ROS "Børn og Unge": the smallest fall in institution placements (of 30) that pays back within the
    horizon, against a grid of 0.01 placements evaluated one INVESTMENTCASE at a time."""
    fall = udfs.breakevenfall(*ROSKILDE_CASE, INSTITUTION, horizon, **options)
    step = 0.01
    grid = np.arange(0, 30 + step / 2, step)
    first = next(f for f in grid if pays_back(with_target(30 - f), horizon, **options))
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


def test_breakevenfall_not_reached_is_na_with_a_message():
    """ROS: even with all 30 institution placements gone by the plan's phasing it cannot pay back in 2 years."""
    with pytest.raises(udfs.NotReachedError, match="type_row: selv hvis alle 30 anbringelser af type 5 forsvinder"):
        udfs.breakevenfall(*ROSKILDE_CASE, INSTITUTION, 2, 0, 0, 0)
    outcome = udfs.REGISTRY["BREAKEVENFALL"].call(*ROSKILDE_CASE, INSTITUTION, 2, 0, 0, 0)
    assert isinstance(outcome, udfs.Failure) and outcome.code == "#N/A"


@pytest.mark.parametrize("row, horizon, message", [
    (0, 4, "type_row: 0 er under 1"), (6, 4, "type_row: 6 er over 5"), (2.5, 4, "type_row: 2,5 er ikke et helt tal"),
    (5, 6, "horizon: er 6 år, men casen har 5 år"), (5, 0, "horizon: 0 er under 1"), (5, 101, "horizon: 101 er over 100"),
])
def test_breakevenfall_bad_row_or_horizon(row, horizon, message):
    with pytest.raises(udfs.TrappenError, match=message):
        udfs.breakevenfall(*ROSKILDE_CASE, row, horizon)


# --- BREAKEVENGROWTH ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("case, horizon, options", [
    (ROSKILDE_CASE, 5, dict(home_share=0, preventive_share=0)),
    (([10], [6], [0.5, 1, 1, 1], [1.0], 3.0), 4, dict(home_share=0, preventive_share=0)),
    (([44, 24, 59], [38, 15, 55], [0.6, 0.9, 1, 1, 1], [957_106, 885_961, 303_447], 5_500_000), 4,
     dict(deadweight=0.2, optimism_bias=0.1)),
], ids=["roskilde-2019-2023", "hand-worked", "ballerup-types-with-spillover"])
def test_breakevengrowth_agrees_with_a_brute_force_grid(case, horizon, options):
    """The largest growth that still pays back within the horizon, against a grid of 0,05 percentage points
    over [-0.99, 1] evaluated one INVESTMENTCASE at a time (last passing value)."""
    growth = udfs.breakevengrowth(*case, horizon, **options)
    step = 0.0005
    grid = np.arange(-0.99, 1 + step / 2, step)
    passing = [g for g in grid if pays_back(case, horizon, price_growth=g, **options)]
    last = passing[-1]
    assert last - 1e-9 <= growth < last + step
    assert pays_back(case, horizon, price_growth=growth, **options)
    assert not pays_back(case, horizon, price_growth=growth + 1e-6, **options)


def test_breakevengrowth_hand_worked_root():
    """10 → 6 placements at 1,0, investment 3,0: cumulative year 3 = 6g² + 18g − 1 → g = (√348 − 18)/12."""
    growth = udfs.breakevengrowth([10], [6], [0.5, 1, 1, 1], [1.0], 3.0, 4, 0, 0)
    assert growth == pytest.approx((348 ** 0.5 - 18) / 12, abs=1e-10)


def test_breakevengrowth_roskilde_needs_falling_prices():
    """ROS: the case does not pay back by 2023 at the budget's prices; the switch is a fall of about 3,2 %."""
    growth = udfs.breakevengrowth(*ROSKILDE_CASE, 5, 0, 0)
    assert growth == pytest.approx(udfs.REGISTRY["BREAKEVENGROWTH"].example.result, abs=1e-10)  # hand-worked root
    assert -0.033 < growth < -0.032
    table = udfs.investmentcase(*ROSKILDE_CASE, growth, 0, 0)
    assert table[CUMULATIVE, -1] == pytest.approx(0, abs=1e-3)  # kr.


def test_breakevengrowth_top_of_the_range_and_not_reached():
    """A case that pays back in its first year holds at any growth (1 = the top of the range); a case
    whose investment exceeds every saving never pays back (#N/A)."""
    assert udfs.breakevengrowth([10], [0], [1, 1, 1, 1], [100], 1.0) == 1.0
    with pytest.raises(udfs.NotReachedError, match="horizon: casen tjener sig ikke hjem inden for 4 år"):
        udfs.breakevengrowth([10], [9], [1, 1, 1, 1], [1], 1e9, 4, 0, 0)


# --- TORNADO -----------------------------------------------------------------------------------------------

LOW = [-0.01, 0.6, 0.0, 0.0, -0.1]
HIGH = [0.03, 1.0, 0.25, 0.3, 0.2]


@pytest.mark.parametrize("present_value", [False, True])
def test_tornado_is_each_assumption_varied_alone_in_investmentcase(present_value):
    """ROS "Børn og Unge" with spill-over: each row is INVESTMENTCASE with one assumption at low / high —
    achieved share scales the phase-in, overrun the investment — and the others at the case's values."""
    point = dict(price_growth=0.01, home_share=0.2, preventive_share=0.1, deadweight=0.05, optimism_bias=0.1,
                 discount_rate=0.035)
    horizon = 5
    table = udfs.tornado(*ROSKILDE_CASE, LOW, HIGH, *point.values(), 0, horizon, present_value)
    assert table.shape == (5, 3)
    row = ROWS.index("present_value" if present_value else "cumulative")

    def result(k, value):
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
        return case[row, horizon - 1]

    for k in range(5):
        assert table[k, 0] == pytest.approx(result(k, LOW[k]), rel=1e-12)
        assert table[k, 1] == pytest.approx(result(k, HIGH[k]), rel=1e-12)
        assert table[k, 2] == pytest.approx(abs(table[k, 1] - table[k, 0]), rel=1e-12)


def test_tornado_roskilde_by_hand():
    """ROS: achieving half the change costs half the 12.480.000 kr. saved 2019–2023; 30 % deadweight 30 %."""
    table = udfs.tornado(*ROSKILDE_CASE, [0, 0.5, 0, 0, 0], [0, 1, 0.3, 0, 0], 0, 0, 0, horizon=5)
    assert table[1].round().tolist() == [18_573_255 + 6_240_000, 18_573_255, 6_240_000]
    assert table[2].round().tolist() == [18_573_255, 18_573_255 + 3_744_000, 3_744_000]
    assert table[[0, 3, 4], 2].tolist() == [0, 0, 0]  # low = high: not varied


@pytest.mark.parametrize("low, high, message", [
    ([0, 1, 0, 0], [0, 1, 0, 0, 0], "low: har 4 værdier, men der er 5 forudsætninger"),
    ([0, 1, 0, 0, 0, 0], [0, 1, 0, 0, 0], "low: har 6 værdier, men der er 5 forudsætninger"),
    ([0, 1, 0, 0, 0], [0, 1, 0, 0], "high: har 4 værdier"),
    ([0, 0.9, 0, 0, 0], [0, 0.8, 0, 0, 0], "low: række 2 (opnået andel): 0,9 er over high 0,8"),
    ([2, 1, 0, 0, 0], [2, 1, 0, 0, 0], "low: række 1 (prisvækst): 2 er over 1"),
    ([0, 1, 20, 0, 0], [0, 1, 20, 0, 0],
     "low: række 3 (dødvægt): 20 er over 1 — en andel skrives som decimaltal: skriv 0,2 for 20 %"),
    ([0, 1, 0, 0, None], [0, 1, 0, 0, 0], "low: har en tom celle"),
])
def test_bad_ranges_are_refused(low, high, message):
    with pytest.raises(udfs.TrappenError, match=re.escape(message)):
        udfs.tornado(*ROSKILDE_CASE, low, high)
    with pytest.raises(udfs.TrappenError, match=re.escape(message)):
        udfs.montecarlo(*ROSKILDE_CASE, low, high)


# --- MONTECARLO --------------------------------------------------------------------------------------------

MC_LOW = [-0.01, 0.7, 0.0, 0.0, -0.05]
MC_HIGH = [0.03, 1.0, 0.3, 0.4, 0.25]


@pytest.mark.parametrize("triangular", [False, True], ids=["uniform", "triangular"])
def test_montecarlo_equals_a_python_loop_over_the_same_draws(triangular):
    """ROS "Børn og Unge": the vectorised simulation gives exactly what INVESTMENTCASE gives one scenario
    at a time on the same draws (identical numbers), summarised the same way."""
    n, seed = 400, 7
    result = udfs.montecarlo(*ROSKILDE_CASE, MC_LOW, MC_HIGH, 0.2, 0.1, 0, n, seed, [0.05, 0.5, 0.95], triangular)
    draws = draw_assumptions(np.array(MC_LOW), np.array(MC_HIGH), n, seed, triangular)
    nets, paid = [], []
    for growth, achieved, deadweight, bias, overrun in draws:
        table = udfs.investmentcase(ROSKILDE_BASE, ROSKILDE_TARGET, np.asarray(ROSKILDE_PHASE_IN) * achieved,
                                    doc.ACTIVITY_COST_PER_CASE,
                                    np.asarray(ROSKILDE["investment_total"], dtype=float) * (1 + overrun),
                                    growth, 0.2, 0.1, deadweight, bias)
        nets.append(table[NET])
        paid.append(np.minimum.accumulate(table[CUMULATIVE]) <= 0)
    np.testing.assert_array_equal(result[:3], np.quantile(np.array(nets), [0.05, 0.5, 0.95], axis=0))
    np.testing.assert_array_equal(result[3], np.mean(paid, axis=0))


def test_montecarlo_degenerate_ranges_reproduce_investmentcase_exactly():
    """low = high: every percentile is INVESTMENTCASE's net row, bit for bit (BAL-N and ROS)."""
    result = udfs.montecarlo(*BALLERUP_CASE, [0, 1, 0, 0, 0], [0, 1, 0, 0, 0], 0, 0, BALLERUP_OTHER, 1000)
    table = udfs.investmentcase(*BALLERUP_CASE, 0, 0, 0, other_costs=BALLERUP_OTHER)
    for row in result[:3]:
        np.testing.assert_array_equal(row, table[NET])
    assert result[3].tolist() == [0, 0, 0, 0, 1]  # Ballerup pays back in 2022 (BAL-N)
    point = [0.02, 1, 0.1, 0.15, 0]
    result = udfs.montecarlo(*ROSKILDE_CASE, point, point, 0.2, 0.1, 0, 500, 3, [0.1, 0.9], True)
    table = udfs.investmentcase(*ROSKILDE_CASE, 0.02, 0.2, 0.1, 0.1, 0.15)
    np.testing.assert_array_equal(result[:2], [table[NET], table[NET]])
    assert result[2].tolist() == [0] * 5  # ROS never pays back by 2023


def test_montecarlo_is_deterministic_given_the_seed():
    first = udfs.montecarlo(*ROSKILDE_CASE, MC_LOW, MC_HIGH, n=2000, seed=42)
    np.testing.assert_array_equal(first, udfs.montecarlo(*ROSKILDE_CASE, MC_LOW, MC_HIGH, n=2000, seed=42))
    assert not np.array_equal(first, udfs.montecarlo(*ROSKILDE_CASE, MC_LOW, MC_HIGH, n=2000, seed=43))
    # The Excel twin with the default seed gives the same numbers on every recalculation.
    assert udfs.MONTECARLO(*ROSKILDE_CASE, MC_LOW, MC_HIGH) == udfs.MONTECARLO(*ROSKILDE_CASE, MC_LOW, MC_HIGH)


def test_montecarlo_blocks_of_scenarios_change_nothing(monkeypatch):
    """Scenarios are computed in blocks (memory); the blocks' size does not change any number."""
    whole = udfs.montecarlo(*ROSKILDE_CASE, MC_LOW, MC_HIGH, n=1000, seed=5)
    monkeypatch.setattr(uncertainty, "_CHUNK", 7)
    np.testing.assert_array_equal(udfs.montecarlo(*ROSKILDE_CASE, MC_LOW, MC_HIGH, n=1000, seed=5), whole)


def test_draws_are_seeded_uniform_or_symmetric_triangular_within_the_ranges():
    low, high = np.array(MC_LOW), np.array(MC_HIGH)
    u = np.random.default_rng(11).random((50_000, 5))
    np.testing.assert_array_equal(draw_assumptions(low, high, 50_000, 11), low + (high - low) * u)
    for triangular in (False, True):
        x = draw_assumptions(low, high, 50_000, 11, triangular)
        assert np.all((x >= low) & (x <= high))
        np.testing.assert_allclose(x.mean(axis=0), (low + high) / 2, atol=0.01 * (high - low).max())
    # Triangular: a quarter of the mass lies below low + (high − low) × sqrt(1/8).
    t = (draw_assumptions(low, high, 50_000, 11, True) - low) / (high - low)
    assert np.mean(t < np.sqrt(1 / 8), axis=0) == pytest.approx([0.25] * 5, abs=0.01)


def test_montecarlo_columns_of_years_turn_the_result():
    rows = udfs.montecarlo(*BALLERUP_CASE, MC_LOW, MC_HIGH, 0, 0, BALLERUP_OTHER, 300)
    columns = udfs.montecarlo([1], [0], [[p] for p in BALLERUP_PHASE_IN], [15.0], 5.5, MC_LOW, MC_HIGH, 0, 0,
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
        udfs.montecarlo(*ROSKILDE_CASE, MC_LOW, MC_HIGH, **options)


def test_montecarlo_caps_scenarios_times_years():
    phase = [1] * 20
    with pytest.raises(udfs.TrappenError, match="n: 1.000.000 scenarier × 20 år er over 10.000.000"):
        udfs.montecarlo([1], [0], phase, [1.0], 0.5, MC_LOW, MC_HIGH, n=1_000_000)
