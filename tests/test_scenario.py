"""INVESTMENTCASE and its core: Roskilde's "Børn og Unge" (ROS) and Ballerup's 2018–22 case (BAL-N)
reproduced from their inputs, hand-worked checks of each assumption, and the laws of the table.

Tolerances: Roskilde is reproduced to the krone (whole kroner; the phase-in shares are fractions, so the
rows are compared after rounding to whole kroner). Ballerup's printed table has one decimal (mio. kr.):
2018–2021 are exact, 2022 is −1,9 against the printed −1,8 (SHEETS.md §22.2).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trappen import udfs
from trappen.udfs import documents as doc
from trappen.udfs.case_model import case_table
from trappen.udfs.scenario import ROW_LABELS, ROWS

ONE_DECIMAL = 0.1 + 1e-9
ROSKILDE = doc.ROSKILDE["Børn og Unge"]
ROSKILDE_BASE = [row[0] for row in doc.ACTIVITY_COUNTS]
ROSKILDE_TARGET = [row[-1] for row in doc.ACTIVITY_COUNTS]
ROSKILDE_FULL_SAVING = -doc.ACTIVITY_EFFECT_TOTAL_PRINTED  # 6.480.000 kr. in 2023
#: The printed Driftsbesparelse as a share of the full saving: 0, 750/6480, 1750/6480, 3500/6480, 1.
ROSKILDE_PHASE_IN = [(s or 0) / ROSKILDE_FULL_SAVING for s in ROSKILDE["savings"]]

BALLERUP_PHASE_IN = [-r / 15.0 for r in doc.BALLERUP_SAVINGS_REQUIREMENT]  # 0,2; 11,2/15; 1; 1; 1
BALLERUP_OTHER = [doc.BALLERUP_PLACEMENT_FINANCING, doc.BALLERUP_FURTHER_FINANCING]  # two rows, summed

NET, CUMULATIVE, PAYBACK = ROWS.index("net"), ROWS.index("cumulative"), ROWS.index("payback_year")


def roskilde_case(**options):
    """ROS "Børn og Unge": activity counts Sept. 2017 → 2023, cost per case, phased as the Driftsbesparelse."""
    arguments = dict(price_growth=0, home_share=0, preventive_share=0, years=doc.ROSKILDE_YEARS)
    arguments.update(options)
    return udfs.investmentcase(ROSKILDE_BASE, ROSKILDE_TARGET, ROSKILDE_PHASE_IN, doc.ACTIVITY_COST_PER_CASE,
                               ROSKILDE["investment_total"], **arguments)


def ballerup_case(**options):
    """BAL-N: the savings requirement as one "type" (1 → 0 at 15,0 mio. kr.), the investment, the needs."""
    arguments = dict(price_growth=0, home_share=0, preventive_share=0, other_costs=BALLERUP_OTHER,
                     years=doc.BALLERUP_YEARS)
    arguments.update(options)
    return udfs.investmentcase([1], [0], BALLERUP_PHASE_IN, [15.0], 5.5, **arguments)


# --- the documents ---------------------------------------------------------------------------------------

def test_investmentcase_reproduces_roskilde_born_og_unge_samlet_driftsaendring_2019_2023():
    """ROS "Børn og Unge": the net row is "Samlet driftsændring" to the krone; no payback by 2023."""
    table = roskilde_case()
    assert table.shape == (9, 5)
    assert table[NET].round().tolist() == ROSKILDE["net_printed"]
    # Row 2 is the printed Driftsbesparelse as a negative change ("-" in 2019 is 0) ...
    assert (-table[1]).round().tolist() == [s or 0 for s in ROSKILDE["savings"]]
    # ... reaching the activity table's økonomisk effekt in 2023; row 4 is "Investering i alt".
    assert table[1, -1] == doc.ACTIVITY_EFFECT_TOTAL_PRINTED
    assert table[3].tolist() == ROSKILDE["investment_total"]
    # Row 1: the priced placements (netværk, plejefamilie, institution) at the phased counts.
    assert table[0, 0] == udfs.placementcost(ROSKILDE_BASE[2:], doc.ACTIVITY_COST_PER_CASE[2:])
    assert table[0, -1] == udfs.placementcost(ROSKILDE_TARGET[2:], doc.ACTIVITY_COST_PER_CASE[2:])
    # It never pays back by 2023: 0 in the payback cell, and PAYBACKYEAR on row 6 says #N/A.
    assert table[PAYBACK].tolist() == [0.0] * 5
    with pytest.raises(udfs.NotReachedError, match="stadig over 0 i 2023"):
        udfs.paybackyear(table[NET], doc.ROSKILDE_YEARS)


def test_investmentcase_roskilde_from_excel_ranges_with_dashes():
    """ROS as xlwings hands it over: types as columns, "-" for no price, years as 1×5 rows; the table spills."""
    cost = [["-" if c is None else c] for c in doc.ACTIVITY_COST_PER_CASE]
    phase = [["-" if s is None else s / ROSKILDE_FULL_SAVING for s in ROSKILDE["savings"]]]
    outcome = udfs.INVESTMENTCASE([[b] for b in ROSKILDE_BASE], [[t] for t in ROSKILDE_TARGET], phase, cost,
                                  [ROSKILDE["investment_total"]], [[0]], [[0]], [[0]], None, None, None, None,
                                  [doc.ROSKILDE_YEARS])
    assert len(outcome) == 9 and all(len(row) == 5 for row in outcome)
    assert np.round(outcome[NET]).tolist() == ROSKILDE["net_printed"]


@pytest.mark.parametrize("scenario", list(doc.ROSKILDE))
def test_investmentcase_reproduces_each_roskilde_scenario_as_one_saving_type(scenario):
    """ROS "Børn" / "Unge" / "Børn og Unge": with the 2023 Driftsbesparelse as one type (1 → 0) and the printed
    phasing, the net row is each scenario's "Samlet driftsændring" (only Børn og Unge has an activity table)."""
    case = doc.ROSKILDE[scenario]
    full = case["savings"][-1]
    table = udfs.investmentcase([1], [0], [(s or 0) / full for s in case["savings"]], [full],
                                case["investment_total"], 0, 0, 0)
    assert table[NET].round().tolist() == case["net_printed"]


def test_investmentcase_reproduces_ballerup_nettobesparelse_2018_2022():
    """BAL-N "Nettobesparelse": 2,3 1,3 −0,7 −1,5 −1,9 (printed −1,8: SHEETS §22.2); pays back in 2022."""
    table = ballerup_case()
    np.testing.assert_allclose(table[NET], [2.3, 1.3, -0.7, -1.5, -1.9], atol=1e-9)
    np.testing.assert_allclose(table[NET], doc.BALLERUP_NET_PRINTED, atol=ONE_DECIMAL)
    # The same as NETSAVING on the printed rows, and as the contract's own NETSAVING example.
    np.testing.assert_allclose(table[NET], udfs.netsaving(doc.BALLERUP_INVESTMENT,
                                                          [-r for r in doc.BALLERUP_SAVINGS_REQUIREMENT],
                                                          *BALLERUP_OTHER), atol=1e-12)
    np.testing.assert_allclose(table[1], doc.BALLERUP_SAVINGS_REQUIREMENT, atol=1e-12)  # Besparelseskrav
    assert table[PAYBACK, 0] == 2022 == udfs.paybackyear(table[NET], doc.BALLERUP_YEARS)
    # Printed parts: the cumulative result is −0,4 in 2022 with the printed −1,8, −0,5 with the exact −1,9.
    assert table[CUMULATIVE, -1] == pytest.approx(-0.5)


def test_ballerup_other_costs_may_be_two_rows_or_their_sum():
    """BAL-N: the two financing-need rows as a block are summed; the row of sums gives the same table."""
    summed = udfs.netsaving(0, 0, *BALLERUP_OTHER)
    np.testing.assert_array_equal(ballerup_case(), ballerup_case(other_costs=summed))
    np.testing.assert_allclose(ballerup_case()[4], summed, atol=0)


# --- hand-worked checks on a small case --------------------------------------------------------------------

def small_case(**options):
    """10 placements at 100 each fall to 6 (half in year 1, all in year 2); investment 100 a year."""
    arguments = dict(price_growth=0, home_share=0, preventive_share=0)
    arguments.update(options)
    return udfs.investmentcase([10], [6], [0.5, 1], [100], [100, 100], **arguments)


def test_deadweight_leaves_only_its_complement_as_the_cases_effect():
    """25 % deadweight: the baseline falls by 25 % of the planned change, so the effect is 75 % of it."""
    table = small_case(deadweight=0.25)
    assert table[0].tolist() == [800, 600]  # the placements with the case are the same
    assert table[1].tolist() == [-150, -300]  # 0.75 × (−200, −400)
    assert table[NET].tolist() == [-50, -200]


def test_optimism_bias_raises_investment_and_other_costs_not_savings():
    """50 % optimism bias: investment 100 → 150; other costs 10 → 15, but −20 (a saving) stays −20."""
    table = small_case(optimism_bias=0.5, other_costs=[10, -20])
    assert table[3].tolist() == [150, 150]
    assert table[4].tolist() == [15, -20]
    assert table[NET].tolist() == [-200 + 150 + 15 + 0, -400 + 150 - 20]


def test_price_growth_beyond_the_budget_is_carried_by_the_case():
    """10 → 8 placements at 100, 10 % growth: year 2 costs 8 × 110 = 880 against the budget's 1000."""
    table = udfs.investmentcase([10], [8], [0.5, 1], [100], 0, 0.1, 0, 0)
    np.testing.assert_allclose(table[0], [900, 880])
    np.testing.assert_allclose(table[1], [-100, -120])
    assert udfs.investmentcase([10], [10], [0.5, 1], [100], 0, 0.1, 0, 0)[1, 1] == pytest.approx(100)


def test_spillover_follows_the_fall_the_case_brings():
    """Ballerup's 20 % / 10 %: of a fall of 100 and of 220 (200 placements' worth at 10 % higher prices)."""
    table = udfs.investmentcase([10], [8], [0.5, 1], [100], 0, 0.1, 0.2, 0.1)
    np.testing.assert_allclose(table[2], [30, 66])
    np.testing.assert_allclose(table[NET], [-100 + 30, -120 + 66])
    # Without price growth the fall is row 2 itself, and row 3 is SPILLOVER's two rows added up.
    flat = udfs.investmentcase([10], [8], [0.5, 1], [100], 0, 0, 0.2, 0.1)
    np.testing.assert_allclose(flat[2], udfs.spillover(flat[1]).sum(axis=0))


def test_a_rise_in_placements_brings_no_spillover():
    table = udfs.investmentcase([10], [12], [1, 1], [100], 0)
    assert table[1].tolist() == [200, 200] and table[2].tolist() == [0, 0]


def test_rows_follow_cumulative_presentvalue_and_paybackyear():
    """Row 7 is CUMULATIVE of row 6; row 8 is PRESENTVALUE of row 6 up to each year; row 9 is PAYBACKYEAR."""
    table = ballerup_case(discount_rate=0.035, home_share=0.2, preventive_share=0.1)
    np.testing.assert_allclose(table[CUMULATIVE], udfs.cumulative(table[NET]), atol=1e-12)
    for year in range(5):
        assert table[7, year] == pytest.approx(udfs.presentvalue(table[NET][: year + 1], 0.035), abs=1e-12)
    with pytest.raises(udfs.NotReachedError):  # with the spill-over Ballerup does not pay back by 2022
        udfs.paybackyear(table[NET], doc.BALLERUP_YEARS)
    assert table[PAYBACK, 0] == 0


def test_payback_year_without_years_is_the_years_number():
    assert ballerup_case(years=None)[PAYBACK].tolist() == [5, 0, 0, 0, 0]


def test_years_as_a_column_turn_the_table():
    """Per-year ranges given as columns (n×1): the table spills with the years down the rows (5 × 9)."""
    column = udfs.investmentcase([1], [0], [[p] for p in BALLERUP_PHASE_IN], [15.0], [[5.5]] * 5, 0, 0, 0,
                                 other_costs=[[v] for v in udfs.netsaving(0, 0, *BALLERUP_OTHER)])
    np.testing.assert_allclose(column, ballerup_case(years=None).T, atol=1e-12)


def test_row_labels_name_every_row():
    assert len(ROW_LABELS) == len(ROWS) == 9
    assert ROW_LABELS[NET] == "Nettoresultat"


# --- bad input ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("change, message", [
    (dict(phase_in=[0.5, 20]), "phase_in: år 2: 20 er over 1 — en andel skrives som decimaltal: skriv 0,2 for 20 %"),
    (dict(optimism_bias=3), "optimism_bias: 3 er over 2"),
    (dict(deadweight=-0.1), "deadweight: -0,1 er under 0"),
    (dict(investment=[1, 2, 3]), "investment: har 3 værdier, men phase_in har 2 værdier"),
    (dict(target_counts=[6, 1]), "target_counts: har 2 værdier, men base_counts har 1 værdi"),
    (dict(unit_prices=[None]), "unit_prices: række 1 er tom, men typens antal ændres"),
    (dict(years=[2019, None]), "years: har en tom celle"),
    (dict(years=[0, 1]), "years: 0 er ikke et årstal"),
    (dict(years=[2020, 2019]), "years: 2019 står efter 2020"),
    (dict(years=[2019.5, 2020]), "years: 2019,5 er ikke et årstal"),
    (dict(home_share=0.9, preventive_share=0.2), "preventive_share: 0,2 + home_share 0,9 er 1,1, over 1"),
    (dict(base_counts=[-1]), "base_counts: -1 er negativ"),
])
def test_bad_input_is_refused_with_a_one_line_message_naming_the_argument(change, message):
    arguments = dict(base_counts=[10], target_counts=[6], phase_in=[0.5, 1], unit_prices=[100], investment=100)
    arguments.update(change)
    with pytest.raises(udfs.TrappenError) as error:
        udfs.investmentcase(**arguments)
    assert str(error.value).startswith(message)


# --- laws --------------------------------------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(data=st.data(), years=st.integers(1, 8))
def test_net_is_the_sum_of_its_parts_and_the_batch_is_each_scenario(data, years):
    types = data.draw(st.integers(1, 6))
    base = data.draw(st.lists(st.integers(0, 200).map(float), min_size=types, max_size=types))
    target = data.draw(st.lists(st.integers(0, 200).map(float), min_size=types, max_size=types))
    prices = data.draw(st.lists(st.floats(0, 2e6), min_size=types, max_size=types))
    phase = data.draw(st.lists(st.floats(0, 1), min_size=years, max_size=years))
    investment = data.draw(st.lists(st.floats(-1e7, 1e7), min_size=years, max_size=years))
    share = st.floats(0, 1)
    assumptions = [data.draw(st.lists(st.floats(-0.5, 0.5), min_size=3, max_size=3))] + [
        data.draw(st.lists(share, min_size=3, max_size=3)) for _ in range(4)]
    growth, achieved, deadweight, bias, home = (np.asarray(a) for a in assumptions)

    batch = case_table(base, target, phase, prices, investment, price_growth=growth, achieved=achieved,
                       deadweight=deadweight, optimism_bias=bias, home_share=home)
    scale = 1e-9 * (np.abs(batch.placement_cost).max() + np.abs(investment).max() * 2 + 1)
    parts = batch.change + batch.spillover + batch.investment + batch.other_costs
    np.testing.assert_allclose(batch.net, parts, rtol=0, atol=scale)
    for s in range(3):  # scenario s of the batch is the case computed alone
        alone = case_table(base, target, phase, prices, investment, price_growth=growth[s], achieved=achieved[s],
                           deadweight=deadweight[s], optimism_bias=bias[s], home_share=home[s])
        np.testing.assert_array_equal(batch.net[s], alone.net[0])
        # Row 1 − row 2 is the baseline: the base counts moved by the deadweight part, at base prices.
        reached = np.asarray(phase) * achieved[s]
        change = np.dot(np.subtract(target, base), prices)
        baseline = np.dot(base, prices) + deadweight[s] * reached * change
        np.testing.assert_allclose(batch.placement_cost[s] - batch.change[s], baseline, rtol=1e-9, atol=scale)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_reordering_the_placement_types_does_not_change_the_table(data):
    types = data.draw(st.integers(2, 6))
    base = np.array(data.draw(st.lists(st.integers(0, 100), min_size=types, max_size=types)), dtype=float)
    target = np.array(data.draw(st.lists(st.integers(0, 100), min_size=types, max_size=types)), dtype=float)
    prices = np.array(data.draw(st.lists(st.integers(0, 10 ** 6), min_size=types, max_size=types)), dtype=float)
    order = data.draw(st.permutations(range(types)))
    table = udfs.investmentcase(base, target, [0.3, 1, 1], prices, 1e6, 0.02)
    again = udfs.investmentcase(base[order], target[order], [0.3, 1, 1], prices[order], 1e6, 0.02)
    np.testing.assert_allclose(again, table, rtol=1e-12, atol=1e-6)
