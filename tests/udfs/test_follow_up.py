"""FOLLOWUP: the case's planned savings against the accounts, built from Ballerup's accounts (BAL-N
"Faktisk udgiftsfordeling", BAL-R Tabel 2) and BDO's savings requirement (BAL-N "Investeringscase")."""

from __future__ import annotations

import numpy as np
import pytest

from trappen import udfs
from trappen.udfs import documents as doc
from trappen.udfs.follow_up import ROW_LABELS

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
