"""FOLLOWUP: the case's planned savings against the accounts, built from Ballerup's accounts (BAL-N
"Faktisk udgiftsfordeling", BAL-R Tabel 2) and BDO's savings requirement (BAL-N "Investeringscase")."""

from __future__ import annotations

import numpy as np
import pytest

from trappen import udfs
from trappen.udfs import documents as doc
from trappen.udfs.accounts import ROW_LABELS

BDO_2017 = -doc.BDO_SAVINGS_REQUIREMENT[0] * 1000  # 1,5 mio. kr. as 1.000 kr.


def test_followup_ballerup_centre_2017_against_2016():
    """BAL-N: the centre spent 184.861 (2016) and 182.819 (2017) (1.000 kr.): 2.042 saved against BDO's 1.500."""
    realised, gap, share = udfs.followup(BDO_2017, doc.ACCOUNTS_TOTAL_2017_PRINTED, doc.ACCOUNTS_TOTAL_2016_PRINTED)
    assert (realised, gap) == (2_042, 542)
    assert share == pytest.approx(2_042 / 1_500)
    # BAL-R Tabel 2 prints the same 2017 accounts (I alt, Regnskab 2017).
    assert doc.ACCOUNTS_2017_TOTAL[2] == doc.ACCOUNTS_TOTAL_2017_PRINTED


def test_followup_by_track_is_the_fall_against_2016():
    """BAL-N / BAL-R: per track, realised = 2016 − 2017; placements (indgribende) fell 2.567, home-based
    help (foregribende) rose 2.175: the move down the stair. Then BDO's 1.500 against placements alone."""
    realised = udfs.followup([1] * 4, doc.ACCOUNTS_2017_BY_TRACK, doc.ACCOUNTS_2016)[0]
    assert realised.tolist() == [2_474, -2_175, 2_567, -722]
    for track, saved in enumerate(realised):  # the realised saving is EXTRASPEND against that one base year, negated
        assert saved == -udfs.extraspend(doc.ACCOUNTS_2017_BY_TRACK[track], [doc.ACCOUNTS_2016[track]])
    placements = udfs.followup(BDO_2017, doc.ACCOUNTS_2017_BY_TRACK[2], doc.ACCOUNTS_2016[2])
    np.testing.assert_allclose(placements, [2_567, 1_067, 2_567 / 1_500])


def test_followup_years_as_rows_or_columns():
    """A hand-worked two-year follow-up (1.000 kr.): plan 1.500 and 3.000 against the 2016 base 98.284;
    the accounts 95.717 (2017, BAL-R) and, say, 96.284 the year after."""
    rows = udfs.followup([1_500, 3_000], [95_717, 96_284], 98_284)
    np.testing.assert_allclose(rows, [[2_567, 2_000], [1_067, -1_000], [2_567 / 1_500, 2 / 3]])
    columns = udfs.followup([[1_500], [3_000]], [[95_717], [96_284]], [[98_284]])
    np.testing.assert_allclose(columns, rows.T)
    assert len(ROW_LABELS) == rows.shape[0]


@pytest.mark.parametrize("planned, message, error", [
    ([1_500, 0], "planned_saving: er 0 i et år, så andelen af planen kan ikke beregnes", udfs.ZeroDenominatorError),
    ([-1_500, 3_000], "planned_saving: -1.500 er negativ", udfs.TrappenError),
    ([1_500, None], "planned_saving: har en tom celle", udfs.TrappenError),
    ([1_500, 3_000, 4_000], "actual: har 2 værdier, men planned_saving har 3 værdier", udfs.TrappenError),
])
def test_followup_bad_plans(planned, message, error):
    with pytest.raises(error) as raised:
        udfs.followup(planned, [95_717, 96_284], 98_284)
    assert str(raised.value).startswith(message)
    outcome = udfs.REGISTRY["FOLLOWUP"].call(planned, [95_717, 96_284], 98_284)
    assert outcome.code == error.excel_error


# --- on the plan's footing: fixed prices, knock-on costs, the investment -----------------------------------------

#: BAL-N "Faktisk udgiftsfordeling" (1.000 kr., current prices), Regnskab 2016 and Regnskab 2017.
PREVENTIVE = (10_647, 8_173)
HOME_BASED = (50_994, 53_169)
PLACEMENTS = (98_284, 95_717)
#: The workbook's P/L index: 2 % a year (BAL-N "den almindelige prisudvikling på 2 %"), 2016 → 2017.
PL_2016_TO_2017 = 1.02
INVESTMENT = 5_500  # BAL-N: "bevilget kr. 5,5 mio. til ansættelsen af yderligere 12 socialrådgivere"


def test_followup_on_the_plans_footing_hand_computed_from_ballerups_accounts():
    """2017 in 2017-P/L, written out by hand (1.000 kr.):

    placements 2016 in 2017-P/L = 98.284 × 1,02 = 100.249,68; realised saving = 100.249,68 − 95.717 = 4.532,68
    home-based:  53.169 − 50.994 × 1,02 = 53.169 − 52.013,88 = +1.155,12 (a knock-on cost)
    preventive:   8.173 − 10.647 × 1,02 =  8.173 − 10.859,94 = −2.686,94 (that area fell too)
    knock-on = 1.155,12 − 2.686,94 = −1.531,82
    realised net = 5.500 + (−1.531,82) − 4.532,68 = −564,50 (a net saving of 0,6 mio. kr.)
    planned net (BDO 2017) = 5.500 + 0 − 1.500 = +4.000; gap = −564,50 − 4.000 = −4.564,50
    share of the plan's saving = (4.532,68 + 1.531,82) / 1.500 = 4,043
    """
    base = PLACEMENTS[0] * PL_2016_TO_2017
    knock_on = (HOME_BASED[1] - HOME_BASED[0] * PL_2016_TO_2017) + (PREVENTIVE[1] - PREVENTIVE[0] * PL_2016_TO_2017)
    assert base == pytest.approx(100_249.68) and knock_on == pytest.approx(-1_531.82)
    net, planned_net, gap, share = udfs.followup(BDO_2017, PLACEMENTS[1], base, knock_on, INVESTMENT)
    assert net == pytest.approx(-564.50)
    assert planned_net == pytest.approx(4_000.0)
    assert gap == pytest.approx(-4_564.50)
    assert share == pytest.approx(6_064.50 / 1_500)
    # the same with PRICEINDEX moving the 2016 accounts, as the template does
    moved = udfs.priceindex(list(zip(PREVENTIVE, HOME_BASED, PLACEMENTS, strict=True))[0], 2016, 2017,
                            [2016, 2017], [100, 102])
    np.testing.assert_allclose(moved, [10_859.94, 52_013.88, 100_249.68])


def test_followup_in_current_prices_and_without_the_investment_flatters():
    """The old figure (171,1 %: placements alone, current prices, no investment) and what each step does:
    current prices with the knock-on costs: (2.567 − (2.175 − 2.474)) / 1.500 = 191,1 %, net +2.634."""
    realised, _, share = udfs.followup(BDO_2017, PLACEMENTS[1], PLACEMENTS[0])
    assert (realised, round(share, 3)) == (2_567, 1.711)
    knock_on = (HOME_BASED[1] - HOME_BASED[0]) + (PREVENTIVE[1] - PREVENTIVE[0])
    assert knock_on == -299
    net, planned_net, gap, share = udfs.followup(BDO_2017, PLACEMENTS[1], PLACEMENTS[0], knock_on, INVESTMENT)
    assert (net, planned_net, gap) == (2_634, 4_000, -1_366)
    assert share == pytest.approx(2_866 / 1_500)


def test_followup_knock_on_and_investment_by_year_and_defaults():
    """Two years as a row: knock-on costs and investment per year; an omitted planned investment is the
    realised one; planned knock-on costs lower the plan's saving the share is measured against."""
    rows = udfs.followup([1_500, 3_000], [95_717, 96_284], 98_284, [200, 300], [5_500, 5_500], [100, 100])
    # saved = (2.567 − 200, 2.000 − 300); net = 5.500 + knock-on − realised; planned = 5.500 + 100 − plan
    np.testing.assert_allclose(rows, [[3_133, 3_800], [4_100, 2_600], [-967, 1_200],
                                      [2_367 / 1_400, 1_700 / 2_900]])
    assert udfs.followup(1_500, 95_717, 98_284, None, 5_500, None, 6_000)[1] == 4_500
    with pytest.raises(udfs.TrappenError, match="investment: mangler"):
        udfs.followup(1_500, 95_717, 98_284, None, None, None, 6_000)
    assert udfs.REGISTRY["FOLLOWUP"].call(1_500, 95_717, 98_284, "x", 5_500).code == "#VALUE!"
