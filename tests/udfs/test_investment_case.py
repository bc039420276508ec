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
from trappen.udfs.investment_case import ROW_LABELS, ROWS

from .conftest import BALLERUP_PHASE_IN, ROSKILDE, ROSKILDE_BASE, ROSKILDE_PHASE_IN, ROSKILDE_TARGET

ONE_DECIMAL = 0.1 + 1e-9
ROSKILDE_FULL_SAVING = -doc.ACTIVITY_EFFECT_TOTAL_PRINTED  # 6.480.000 kr. in 2023
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

def test_investment_case_reproduces_roskilde_born_og_unge_samlet_driftsaendring_2019_2023():
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


def test_investment_case_roskilde_from_excel_ranges_with_dashes():
    """ROS as xlwings hands it over: types as columns, "-" for no price, years as 1×5 rows; the table spills."""
    cost = [["-" if c is None else c] for c in doc.ACTIVITY_COST_PER_CASE]
    phase = [["-" if s is None else s / ROSKILDE_FULL_SAVING for s in ROSKILDE["savings"]]]
    outcome = udfs.INVESTMENTCASE([[b] for b in ROSKILDE_BASE], [[t] for t in ROSKILDE_TARGET], phase, cost,
                                  [ROSKILDE["investment_total"]], [[0]], [[0]], [[0]], None, None, None, None,
                                  [doc.ROSKILDE_YEARS])
    assert len(outcome) == 9 and all(len(row) == 5 for row in outcome)
    assert np.round(outcome[NET]).tolist() == ROSKILDE["net_printed"]


@pytest.mark.parametrize("scenario", list(doc.ROSKILDE))
def test_investment_case_reproduces_each_roskilde_scenario_as_one_saving_type(scenario):
    """ROS "Børn" / "Unge" / "Børn og Unge": with the 2023 Driftsbesparelse as one type (1 → 0) and the printed
    phasing, the net row is each scenario's "Samlet driftsændring" (only Børn og Unge has an activity table)."""
    case = doc.ROSKILDE[scenario]
    full = case["savings"][-1]
    table = udfs.investmentcase([1], [0], [(s or 0) / full for s in case["savings"]], [full],
                                case["investment_total"], 0, 0, 0)
    assert table[NET].round().tolist() == case["net_printed"]


def test_investment_case_reproduces_ballerup_nettobesparelse_2018_2022():
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


def test_price_growth_against_todays_budget_is_carried_by_the_case():
    """Budget pressure (view 2): 10 → 8 placements at 100, 10 % growth: year 2 costs 8 × 110 = 880 against
    the budget's 1000 at today's prices."""
    table = udfs.investmentcase([10], [8], [0.5, 1], [100], 0, 0.1, 0, 0, price_view=2)
    np.testing.assert_allclose(table[0], [900, 880])
    np.testing.assert_allclose(table[1], [-100, -120])
    assert udfs.investmentcase([10], [10], [0.5, 1], [100], 0, 0.1, 0, 0, price_view=2)[1, 1] == pytest.approx(100)


def test_price_growth_at_the_same_prices_raises_the_saving():
    """The same prices (view 1, the template's): without the case 10 × 110 = 1100, with it 8 × 110 = 880, so
    the saving of year 2 is 220, not 200; an unchanged count brings no change at any growth."""
    table = udfs.investmentcase([10], [8], [0.5, 1], [100], 0, 0.1, 0, 0, price_view=1)
    np.testing.assert_allclose(table[0], [900, 880])
    np.testing.assert_allclose(table[1], [-100, -220])
    assert udfs.investmentcase([10], [10], [0.5, 1], [100], 0, 0.1, 0, 0, price_view=1)[1].tolist() == [0, 0]


def test_left_out_the_view_of_prices_is_budget_pressure_as_price_growth_was_in_0_1():
    """price_view came in 0.2.0; a formula written for 0.1 leaves it out and must keep 0.1's figures, in
    which price growth was budget pressure (view 2)."""
    np.testing.assert_allclose(udfs.investmentcase([10], [8], [0.5, 1], [100], 0, 0.1, 0, 0),
                               udfs.investmentcase([10], [8], [0.5, 1], [100], 0, 0.1, 0, 0, price_view=2))
    np.testing.assert_allclose(udfs.investmentcase([10], [8], [0.5, 1], [100], 0, 0.1, 0, 0)[1], [-100, -120])


def test_spillover_follows_the_fall_the_case_brings():
    """Ballerup's 20 % / 10 %: of a fall of 100 and of 220 (200 placements' worth at 10 % higher prices), in
    either view of prices."""
    for view, change in ((1, -220), (2, -120)):
        table = udfs.investmentcase([10], [8], [0.5, 1], [100], 0, 0.1, 0.2, 0.1, price_view=view)
        np.testing.assert_allclose(table[2], [30, 66])
        np.testing.assert_allclose(table[NET], [-100 + 30, change + 66])
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
    (dict(phase_in=[0.5, 20]), "phase_in: år 2: 20 er over 3 — en andel skrives som decimaltal: skriv 0,2 for 20 %"),
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

    view = data.draw(st.sampled_from([1, 2]))

    batch = case_table(base, target, phase, prices, investment, price_growth=growth, achieved=achieved,
                       deadweight=deadweight, optimism_bias=bias, home_share=home, price_view=view)
    scale = 1e-9 * (np.abs(batch.placement_cost).max() + np.abs(investment).max() * 2 + 1)
    parts = batch.change + batch.spillover + batch.investment + batch.other_costs
    np.testing.assert_allclose(batch.net, parts, rtol=0, atol=scale)
    for s in range(3):  # scenario s of the batch is the case computed alone
        alone = case_table(base, target, phase, prices, investment, price_growth=growth[s], achieved=achieved[s],
                           deadweight=deadweight[s], optimism_bias=bias[s], home_share=home[s], price_view=view)
        np.testing.assert_array_equal(batch.net[s], alone.net[0])
        # Row 1 − row 2 is the situation without the case: the base counts moved by the deadweight part,
        # at each year's prices (view 1) or at the prices' own year (view 2).
        reached = np.asarray(phase) * achieved[s]
        change = np.dot(np.subtract(target, base), prices)
        baseline = np.dot(base, prices) + deadweight[s] * reached * change
        if view == 1:
            baseline = baseline * (1 + growth[s]) ** np.arange(years)
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


# --- the case on Ballerup's placements, the two views of prices, optimism on both sides ---------------------

MIO = 1e6
BALLERUP_PRICES_MIO = [p / MIO for p in doc.BALLERUP_CASE_PRICES]
BALLERUP_INFLOW = [v or 0.0 for v in doc.BALLERUP_NEED_INFLOW]  # "Øget tilgang", mio. kr.


def ballerup_placements(**options):
    """BAL-N on its placements: January 2017 → "Fremtidigt scenarie" 2018–2022 at 2017 prices (mio. kr.)."""
    arguments = dict(other_costs=BALLERUP_INFLOW, years=doc.BALLERUP_YEARS, price_offset=1)
    arguments.update(options)
    return udfs.investmentcase(doc.BALLERUP_CASE_BASE, doc.BALLERUP_CASE_PLAN, [1] * 5, BALLERUP_PRICES_MIO,
                               doc.BALLERUP_ADVISERS_COST_MIO, **arguments)


def by_loop(base, plan, prices, growth, offset, view, deadweight=0.0, savings_bias=0.0):
    """Independent: the change against the situation without the case, type by type and year by year.

    With the case each type has its planned count; without it, its base count moved by the deadweight part
    of the (optimism-corrected) change. View 1 values both at year t's prices; view 2 values the situation
    without the case at the prices' own year.
    """
    changes = []
    for t in range(len(plan[0])):
        factor = (1 + growth) ** (t + offset)
        planned = sum((plan[k][t] - base[k]) * prices[k] for k in range(len(base)))
        if planned < 0:
            planned *= 1 - savings_bias
        with_case = sum(base[k] * prices[k] for k in range(len(base))) * factor + planned * factor
        without = sum(base[k] * prices[k] for k in range(len(base))) + deadweight * planned
        without *= factor if view == 1 else 1
        changes.append(with_case - without)
    return changes


def test_ballerup_on_its_placements_reaches_bdos_requirement_and_knap_14_on_institutions():
    """BAL-N: from January 2017 (149 placements) to the scenario at 2017 prices the placements cost 15,4 mio. kr.
    less at full phase-in, near BDO's requirement of 15,0 (introduction: "knap 14,0 mio. kr. på
    institutionsanbringelser og 1,5 mio. kr. ... familiepleje" = 15,5); institutions alone 13,7 ("knap 14,0")."""
    table = ballerup_placements()
    full = table[1, 2]  # 2020, the first year at full phase-in, at 2017 prices (no growth)
    assert full == pytest.approx(-15.41, abs=0.005)
    assert abs(full) == pytest.approx(-doc.BALLERUP_SAVINGS_REQUIREMENT[-1], abs=0.5)
    institutions = udfs.activityeffect([doc.BALLERUP_CASE_BASE[i] for i in doc.BALLERUP_INSTITUTION_ROWS],
                                       [doc.BALLERUP_CASE_PLAN[i][2] for i in doc.BALLERUP_INSTITUTION_ROWS],
                                       [BALLERUP_PRICES_MIO[i] for i in doc.BALLERUP_INSTITUTION_ROWS])
    assert 13.5 < -institutions < doc.BDO_INSTITUTION_SAVING_MIO  # "knap 14,0"
    # Row 1 is the scenario's placement cost, about 77 mio. kr. in 2018 (PLACEMENTCOST of the scenario).
    np.testing.assert_allclose(table[0], udfs.placementcost(doc.BALLERUP_CASE_PLAN, BALLERUP_PRICES_MIO))
    # Row 2 year by year is ACTIVITYEFFECT of the scenario's column against January 2017.
    np.testing.assert_allclose(table[1], udfs.activityeffect([[b] for b in doc.BALLERUP_CASE_BASE],
                                                             doc.BALLERUP_CASE_PLAN, BALLERUP_PRICES_MIO))


@pytest.mark.parametrize("view", [1, 2], ids=["same-prices", "budget-pressure"])
@pytest.mark.parametrize("growth, deadweight, savings_bias", [(0.02, 0, 0), (0.044, 0.25, 0.15), (-0.03, 0.1, 0.4)])
def test_the_two_views_of_prices_agree_with_a_loop_over_types_and_years(view, growth, deadweight, savings_bias):
    """Row 2 against an independent loop over Ballerup's types and years (with and without the case)."""
    table = ballerup_placements(price_growth=growth, deadweight=deadweight, savings_bias=savings_bias,
                                price_view=view, home_share=0, preventive_share=0)
    expected = by_loop(doc.BALLERUP_CASE_BASE, doc.BALLERUP_CASE_PLAN, BALLERUP_PRICES_MIO, growth, 1, view,
                       deadweight, savings_bias)
    np.testing.assert_allclose(table[1], expected, rtol=1e-12, atol=1e-12)


def test_rising_prices_raise_the_saving_at_the_same_prices_and_cost_against_todays_budget():
    """BAL-N: 2 % growth beyond P/L makes the case better at the same prices and worse against the budget."""
    flat = ballerup_placements()[6, -1]
    assert ballerup_placements(price_growth=0.02, price_view=1)[6, -1] < flat < ballerup_placements(
        price_growth=0.02, price_view=2)[6, -1]
    np.testing.assert_allclose(ballerup_placements(price_view=2), ballerup_placements())  # no growth: the same


def test_optimism_on_both_sides_moves_the_spillover_with_the_reduced_saving():
    """The spill-over follows the saving that is left: 30 % of 400 × 0,85 = 102 in year 2."""
    table = small_case(savings_bias=0.15, optimism_bias=0.05, home_share=0.2, preventive_share=0.1)
    np.testing.assert_allclose(table[2], [0.3 * 170, 0.3 * 340])
    np.testing.assert_allclose(table[3], [105, 105])


def test_an_achieved_share_above_the_plan_is_allowed_and_scales_the_change():
    """Aabenraa beat its plan (AAB): 120 % of the planned fall of 4 placements is 4,8 placements' worth."""
    table = udfs.investmentcase([10], [6], [1.2, 1.2], [100], 0, 0, 0, 0)
    np.testing.assert_allclose(table[1], [-480, -480])
    with pytest.raises(udfs.TrappenError, match="phase_in: år 2: 3,5 er over 3"):
        udfs.investmentcase([10], [6], [1, 3.5], [100], 0)


def test_a_plan_by_year_is_the_same_as_a_target_reached_by_the_phase_in():
    """A block types × years whose columns lie on the line base → target is that target phased in."""
    block = [[10 - 4 * 0.5, 10 - 4 * 1.0], [5 + 2 * 0.5, 5 + 2 * 1.0]]
    np.testing.assert_allclose(udfs.investmentcase([10, 5], block, [1, 1], [100, 50], 30, 0.03),
                               udfs.investmentcase([10, 5], [6, 7], [0.5, 1], [100, 50], 30, 0.03), atol=1e-12)


@pytest.mark.parametrize("change, message", [
    (dict(target_counts=[[6, 6, 6], [1, 1, 1]]), "target_counts: har 2 rækker, men base_counts har 1 typer"),
    (dict(target_counts=[[6, 6, 6]]), "target_counts: har 3 kolonner (år), men phase_in har 2 værdier"),
    (dict(price_view=3), "price_view: 3 er over 2"),
    (dict(savings_bias=1.5), "savings_bias: 1,5 er over 1"),
    (dict(price_offset=0.5), "price_offset: 0,5 er ikke et helt tal"),
])
def test_the_new_arguments_refuse_bad_input(change, message):
    arguments = dict(base_counts=[10], target_counts=[6], phase_in=[0.5, 1], unit_prices=[100], investment=100)
    arguments.update(change)
    with pytest.raises(udfs.TrappenError) as error:
        udfs.investmentcase(**arguments)
    assert str(error.value).startswith(message)
@pytest.mark.parametrize("grade, reduction", [(1, 0.0), (2, 0.05), (4, 0.15), (6, 0.4)])
def test_optimism_bias_on_savings_by_evidence_grade(grade, reduction):
    """GMCA's confidence grades (0, 5, 10, 15, 25, 40 %): the grade's reduction of a planned saving, by hand —
    10 → 6 placements at 100 save 400 a year, of which (1 − reduction) counts; a rise is not reduced."""
    from trappen.templates.example import OPTIMISM_BIAS_GRADES

    bias = OPTIMISM_BIAS_GRADES[grade - 1][2]
    assert bias == reduction
    table = small_case(savings_bias=bias)
    np.testing.assert_allclose(table[1], [-200 * (1 - reduction), -400 * (1 - reduction)])
    rise = udfs.investmentcase([10], [12], [1, 1], [100], 0, savings_bias=bias)
    assert rise[1].tolist() == [200, 200]


