"""Sammendrag's one headline: the other answers beside it, the bridge from the document's table, the names.

Each test refreshes a template (Ballerup, Roskilde, or one with a changed input) and checks that the bridge's
steps sum exactly to the difference between the document's table and the headline, that the headline is the
case computed directly (with every further cost and the year before the first), that the workbook-level
names give the same figures, and that a changed price view, range or first year moves them consistently.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import openpyxl
import pytest

from trappen import udfs
from trappen.templates.example import BALLERUP, ROSKILDE
from trappen.templates.sheets.summary import NAMES

from .test_template_case import CUMULATIVE, NET, Refreshed, case_arguments, direct_case, summary
from .test_template_refresh import cells_of


@pytest.fixture(scope="module")
def ballerup(tmp_path_factory):
    return Refreshed(tmp_path_factory.mktemp("b"), BALLERUP)


@pytest.fixture(scope="module")
def roskilde(tmp_path_factory):
    return Refreshed(tmp_path_factory.mktemp("r"), ROSKILDE)


def bridge(refreshed: Refreshed) -> tuple[float, list[float], float]:
    start = refreshed.values("summary_bridge_start")[0]
    return start, list(refreshed.values("summary_bridge_effects")), refreshed.values("summary_bridge_end")[0]


def check_bridge(refreshed: Refreshed) -> None:
    """The steps sum to the difference exactly (each is a difference of successive whole cases), the end is the
    headline, and the start is the document's own table."""
    start, effects, end = bridge(refreshed)
    headline = refreshed.values("summary_cumulative")[-1]
    assert math.fsum(effects) == pytest.approx(headline - start, abs=1e-9 * max(1.0, abs(headline)))
    assert end == pytest.approx(headline, abs=1e-9 * max(1.0, abs(headline)))
    assert refreshed.values("bridge_end")[0] == headline
    # the last case of the bridge is the headline case itself
    assert refreshed.values("bridge_cumulative")[-1] == pytest.approx(headline, rel=1e-12)
    assert start == refreshed.values("cumulative")[-1]
    np.testing.assert_allclose(refreshed.values("summary_cumulative"), direct_case(refreshed.example)[CUMULATIVE],
                               rtol=1e-12, atol=1e-9)


def test_ballerups_bridge_sums_exactly_from_the_notes_table_to_the_headline(ballerup):
    """Ballerup: from the note's −0,4 mio. kr. (2022) to the case's 24,2: the placements' own arithmetic −25,2,
    the spill-over of the fall against January 2017 +13,9, growth −0,5, the view 0, deadweight +4,9, optimism
    +6,6 and +1,8, the inflow 0 (in both), the advisers for caseload 20 +15,6, the State's share +2,3
    (each year under its own refusion rule), 2017 +5,0."""
    check_bridge(ballerup)
    start, effects, end = bridge(ballerup)  # kr., shown in mio. kr.
    assert round(start / 1e6, 1) == -0.4 and round(end / 1e6, 1) == 24.2
    assert [round(e / 1e6, 1) for e in effects] == [-25.2, 13.9, -0.5, 0.0, 4.9, 6.6, 1.8, 0.0, 15.6, 2.3, 5.0]
    # 2017: 12 advisers hired 1 February 2017, 11 months at 5,5 mio. kr. a year
    assert effects[-1] == pytest.approx(12 * 11 / 12 * 5.5e6 / 12)
    # the advisers the caseload target needs: (770/20 − 32) advisers × 5,5/12 mio. kr., five years
    assert effects[-3] == pytest.approx(5 * (770 / 20 - 32) * 5.5e6 / 12 * 1.05)


def test_roskildes_bridge_starts_at_the_notes_boern_og_unge_and_its_first_steps_are_nil(roskilde):
    """Roskilde: the case computed from the activity table is the note's "Børn og Unge" to the krone, so the
    first steps are 0; deadweight, the optimism corrections and the State's share make the difference."""
    check_bridge(roskilde)
    start, effects, end = bridge(roskilde)
    assert start == pytest.approx(18_573_255)
    assert effects[:4] == pytest.approx([0, 0, 0, 0], abs=1e-6)
    assert effects[4] == pytest.approx(0.1 * 12_480_000)  # 10 % deadweight of Σ phase × 6.480.000
    assert end == pytest.approx(23_909_876.74, abs=0.01)  # the State's share by each year's rule


def test_roskildes_three_models_side_by_side_with_the_years_they_would_take(roskilde):
    """The note's three models beside the case: accumulated 2023 as printed, and how long each would take at
    its 2023 net result (Unge −156.143 a year: 2101; Børn og Unge −449.349: 2065; Børn +1.211.794: never)."""
    names = summary(roskilde, "summary_answers")
    assert names[2:] == [f"Notatets model: {m} (Investeringscase)" for m in ("Børn", "Unge", "Børn og Unge")]
    np.testing.assert_allclose(roskilde.values("summary_answers_cumulative")[2:], [11_983_970, 12_144_285, 18_573_255])
    assert summary(roskilde, "summary_answers_payback") == ["ikke inden 2023"] * 5
    later = summary(roskilde, "summary_answers_later")
    assert later[2:] == ["aldrig", f"ca. {2023 + math.ceil(12_144_285 / 156_143)}",
                         f"ca. {2023 + math.ceil(18_573_255 / 449_349)}"]
    assert later[2:] == ["aldrig", "ca. 2101", "ca. 2065"]


def test_two_price_views_that_agree_are_reconciled_in_words(roskilde, ballerup, tmp_path):
    """Roskilde's note counts no price growth beyond P/L, so "budgetpres" gives the same accumulated result as
    "faste priser"; the note under the answers says why. Ballerup's growth (0,3 %) separates them: no such
    sentence. With Ballerup's growth set to 0 the two agree and the sentence appears."""
    same = "giver her det samme som faste priser, fordi casen ikke regner med prisvækst ud over P/L"
    cumulative = roskilde.values("summary_answers_cumulative")
    assert cumulative[0] == pytest.approx(cumulative[1], rel=1e-12)
    assert same in summary(roskilde, "summary_answers_note")[0]
    views = ballerup.values("summary_answers_cumulative")
    assert views[0] != pytest.approx(views[1])
    assert same not in summary(ballerup, "summary_answers_note")[0]
    flat = Refreshed(tmp_path, dataclasses.replace(BALLERUP, extra_growth=0.0))
    assert same in summary(flat, "summary_answers_note")[0]
    cumulative = flat.values("summary_answers_cumulative")
    assert cumulative[0] == pytest.approx(cumulative[1], rel=1e-12)


def test_roskildes_effects_count_placements_only(roskilde):
    """"Anbragte" counts slægt/netværk, plejefamilie and institution (7 + 66 + 30 = 103 → 14 + 66 + 22 = 102),
    not the § 11 and § 52 cases; family care 73/103 → 80/102; caseload 33 → 22,5."""
    assert roskilde.values("summary_effects") == pytest.approx([103, 102, 73 / 103, 80 / 102, 33, 22.5])


def test_the_median_lies_beside_the_base_case(ballerup, roskilde):
    """Two-sided ranges around the most likely values: the median's accumulated result is within 2 % of the base
    case, which lies between P10 and P90."""
    for refreshed in (ballerup, roskilde):
        base, median, p10, p90 = refreshed.values("summary_percentiles")
        assert p10 < base < p90
        assert median == pytest.approx(base, rel=0.02)


def defined(refreshed: Refreshed, name: str) -> list:
    """The values a workbook-level name refers to, in the refreshed file."""
    book = openpyxl.load_workbook(refreshed.result.path, data_only=True)
    target = book.defined_names[name].attr_text
    if target.startswith('"'):
        return [target.strip('"')]
    sheet, cells = cells_of(target)
    return [refreshed.result.value(sheet, cell) for cell in cells]


def test_the_headline_is_what_its_names_say(ballerup, roskilde):
    for refreshed in (ballerup, roskilde):
        ex = refreshed.example
        case = direct_case(ex)
        assert defined(refreshed, NAMES["years"]) == list(ex.years)
        np.testing.assert_allclose(defined(refreshed, NAMES["net"]), case[NET], rtol=1e-12, atol=1e-9)
        np.testing.assert_allclose(defined(refreshed, NAMES["cumulative"]), case[CUMULATIVE], rtol=1e-12, atol=1e-9)
        assert defined(refreshed, NAMES["present_value"])[0] == pytest.approx(case[7, -1])
        assert defined(refreshed, NAMES["payback"]) == [case[8, 0]]
        assert defined(refreshed, NAMES["payback_words"]) == summary(refreshed, "summary_payback")
        assert defined(refreshed, NAMES["price_view"]) == ["Faste priser"]
        assert defined(refreshed, NAMES["unit"]) == ["mio. kr."]
        assert defined(refreshed, NAMES["answers"]) == summary(refreshed, "summary_answers")
        assert defined(refreshed, NAMES["answers_later"]) == summary(refreshed, "summary_answers_later")
        assert defined(refreshed, NAMES["bridge_effects"]) == summary(refreshed, "summary_bridge_effects")


def test_budget_pressure_moves_the_headline_the_bridge_and_the_other_answer(tmp_path, ballerup):
    """With Budgetpres chosen: the headline is INVESTMENTCASE's price view 2, the bridge's price-view step is
    the difference, and the other answer is now "faste priser" with the first headline's figures."""
    budget = Refreshed(tmp_path, dataclasses.replace(BALLERUP, price_view=2))
    check_bridge(budget)
    assert summary(budget, "summary_answers")[:2] == ["Casen: budgetpres (Scenarier)",
                                                       "Samme case med faste priser (Scenarier)"]
    first = ballerup.values("summary_answers_cumulative")
    second = budget.values("summary_answers_cumulative")
    assert second[0] == pytest.approx(first[1]) and second[1] == pytest.approx(first[0])
    assert second[2] == first[2]  # the note's table does not move
    effects = budget.values("summary_bridge_effects")
    assert effects[3] != 0 and ballerup.values("summary_bridge_effects")[3] == 0


def test_a_changed_range_moves_the_percentiles_not_the_headline(tmp_path, ballerup):
    wide = dataclasses.replace(BALLERUP, uncertainty_high=(0.011, 1.2, 0.4, 0.05, 0.15, 0.05))
    refreshed = Refreshed(tmp_path, wide)
    check_bridge(refreshed)
    assert refreshed.values("summary_cumulative")[-1] == ballerup.values("summary_cumulative")[-1]
    assert refreshed.values("summary_percentiles")[3] > ballerup.values("summary_percentiles")[3]


def test_leaving_out_the_year_before_moves_the_headline_and_its_step(tmp_path, ballerup):
    """Without the 11 months of 2017 (the case starts in 2018) the headline and the bridge's last step fall by
    the same 5,04 mio. kr., and the case is the function's without prior_costs."""
    later = dataclasses.replace(BALLERUP, prior_months=None)
    refreshed = Refreshed(tmp_path, later)
    check_bridge(refreshed)
    drop = ballerup.values("summary_cumulative")[-1] - refreshed.values("summary_cumulative")[-1]
    assert drop == pytest.approx(12 * 11 / 12 * 5.5e6 / 12)  # kr.
    assert refreshed.values("summary_bridge_effects")[-1] == 0
    case, options = case_arguments(later)
    assert options["prior_costs"] == 0
    np.testing.assert_allclose(refreshed.values("summary_net"), ballerup.values("summary_net"))


def test_prior_costs_start_the_cumulative_and_present_value_and_count_for_payback():
    """By hand: 2 spent before the first year, then −1 a year: cumulative 1, 0, −1; pays back in year 2."""
    table = udfs.investmentcase([1], [0], [1, 1, 1], [1.0], 0, 0, 0, 0, years=[2018, 2019, 2020], prior_costs=2)
    assert table[5].tolist() == [-1, -1, -1]
    assert table[6].tolist() == [1, 0, -1]
    assert table[7].tolist() == [1, 0, -1]
    assert table[8, 0] == 2019
    without = udfs.investmentcase([1], [0], [1, 1, 1], [1.0], 0, 0, 0, 0, years=[2018, 2019, 2020])
    assert without[8, 0] == 2018


def test_a_changed_count_moves_the_bridge_and_it_still_sums(tmp_path, ballerup):
    """One døgninstitution placement fewer in 2020–2022: the bridge's placements step moves, and it sums."""
    from .test_template_case import CHANGED

    refreshed = Refreshed(tmp_path, CHANGED)
    check_bridge(refreshed)
    assert refreshed.values("summary_bridge_effects")[0] < ballerup.values("summary_bridge_effects")[0]
    assert refreshed.values("summary_bridge_start")[0] != ballerup.values("summary_bridge_start")[0]
