"""Merudgift in fixed prices: Socialstyrelsen's method works in one year's P/L ("Alle udgifter er opgjort i
2017-PL"), so each year's spending is moved to that year's prices with PRICEINDEX before EXTRASPEND compares it
with the base period's average. Checked against a plain loop over the years."""

from __future__ import annotations

import numpy as np
import pytest

from trappen import udfs
from trappen.udfs import documents as doc

#: 2 % a year, as Ballerup's note's "almindelige prisudvikling på 2 %" (the template's assumed P/L index).
INDEX_YEARS = [2014, 2015, 2016, 2017]
INDEX = [100.0, 102.0, 104.04, 106.1208]
SCHOOLS_TOTAL = np.sum(list(doc.SCHOOLS.values()), axis=0)  # BAL-N "Udgifter til behandlingsskoler", 1.000 kr.


def test_priceindex_moves_a_row_of_years_to_one_years_pl():
    """Each amount by its own year's index: 2014's × 106,1208/100, ..., 2017's unchanged."""
    moved = udfs.priceindex(SCHOOLS_TOTAL, doc.SCHOOL_YEARS, 2017, INDEX_YEARS, INDEX)
    by_loop = [amount * INDEX[-1] / INDEX[INDEX_YEARS.index(year)]
               for amount, year in zip(SCHOOLS_TOTAL, doc.SCHOOL_YEARS, strict=True)]
    np.testing.assert_allclose(moved, by_loop, rtol=1e-15)
    assert moved[-1] == SCHOOLS_TOTAL[-1]
    # A year outside the table is named.
    with pytest.raises(udfs.TrappenError, match="from_year: 2013 findes ikke i index_years"):
        udfs.priceindex(SCHOOLS_TOTAL, [2013, 2015, 2016, 2017], 2017, INDEX_YEARS, INDEX)


def test_extraspend_in_fixed_prices_is_the_merudgift_of_2017_pl():
    """BAL-N "Udgifter til behandlingsskoler", base period 2014–2015: the merudgift of 2016 and 2017 in 2017-P/L,
    by hand: each year's total × index(2017)/index(year), less the mean of the base years so moved."""
    in_2017_pl = udfs.priceindex(SCHOOLS_TOTAL, doc.SCHOOL_YEARS, 2017, INDEX_YEARS, INDEX)
    extra = udfs.extraspend(in_2017_pl[2:], in_2017_pl[:2])
    base = (74_442 * 1.061208 + 76_710 * 1.061208 / 1.02) / 2
    by_hand = [86_790 * 1.02 - base, 96_529 - base]  # 2016 × 1,02; 2017 as it stands
    np.testing.assert_allclose(extra, by_hand, rtol=1e-12)
    # In current prices the merudgift is larger: the base years' lower price level counts as extra spending.
    current = udfs.extraspend(SCHOOLS_TOTAL[2:], SCHOOLS_TOTAL[:2])
    assert np.all(current > extra)
    assert SCHOOLS_TOTAL.tolist() == [74_442, 76_710, 86_790, 96_529]
