"""Placements (anbringelser): their cost, the budget effect of changing their number, their mix."""

from __future__ import annotations

import numpy as np

from . import documents as doc
from . import inputs
from .errors import TrappenError, count
from .registry import PLACEMENTS, Example, excel_function

# Ballerup's note: "Fremtidigt scenarie", 2018 column, at "Udviklingen i enhedspriser", 2017 column (kr. per
# placement-year), for the scenario's six types (no kommunal plejefamilie).
_BALLERUP_COUNTS_2018 = [row[0] for row in doc.SCENARIO_COUNTS]
_BALLERUP_PRICES_2017 = [doc.UNIT_PRICES[row][-1] for row in doc.SCENARIO_ROWS]


#: Up to this many placement types a column's total is summed type by type; beyond it, per column at once.
_TYPES_SUMMED_ONE_BY_ONE = 64


def column_totals(block: np.ndarray, prices: np.ndarray) -> np.ndarray:
    """Σ over types of count × price for each column of ``block`` (types × columns).

    Each column's total comes out the same, bit for bit, whether the column stands alone or in a block of
    any width (a copied formula must give what the spilled one gives; a matrix product sums in an order
    that depends on the block's width): type by type for a handful of types, else each column's products
    summed over contiguous memory, which does not depend on the other columns either.
    """
    if prices.size <= _TYPES_SUMMED_ONE_BY_ONE:
        totals = np.zeros(block.shape[1])
        for price, row in zip(prices, block, strict=True):
            totals += price * row
        return totals
    return np.multiply(block.T, prices, order="C").sum(axis=1)


@excel_function(
    "PLACEMENTCOST",
    along_row=True,
    category=PLACEMENTS,
    help="Udgift til anbringelser pr. år: antal × enhedspris, summeret over anbringelsestyperne "
         "(evt. med prisudvikling). Ét resultat pr. kolonne af antal.",
    result="beløb pr. år i enhedsprisernes enhed (kr., 1.000 kr. ...); omregnes aldrig",
    counts=("Antal anbringelser: en kolonne med én række pr. type, eller en blok typer × år. "
            "Tomme celler = 0.", "antal"),
    unit_prices=("Enhedspris pr. type (én pr. række i antal), fx kr. pr. helårsanbringelse. "
                 "Tom kun hvor antallet er 0.", "kr. pr. år"),
    price_growth=("Valgfri: årlig prisudvikling som decimal, fx 0,02 for 2 %. Standard 0.", "andel pr. år"),
    years=("Valgfri: år efter prisåret, ét pr. kolonne af antal (fx 1;2;3). Standard 0.", "år"),
    example=Example(
        formula="=PLACEMENTCOST(B5:B10; C5:C10)",
        args=(_BALLERUP_COUNTS_2018, _BALLERUP_PRICES_2017),
        result=77_040_389.0,
        source="Ballerup-notatet: Fremtidigt scenarie 2018 × enhedspriser 2017",
    ),
)
def placementcost(counts, unit_prices, price_growth=0.0, years=0.0):
    """Cost of placements per year: Σ over types of count × unit price (anbringelsesudgift).

    Given a count per placement type (a column) or a block of types × years, and one unit price per
    type, return the total cost of each column. With a price growth rate and a row of years after the
    price year, each year's prices are ``price × (1 + price_growth) ** years``.

    Parameters
    ----------
    counts : array_like
        Number of placements (anbringelser) per type; rows are types, columns are years. Empty cells
        count as 0. Counts cannot be negative. A single row with one count per price is read as the
        types laid out across (one year).
    unit_prices : array_like
        Yearly cost of one placement of each type, one per row of ``counts`` (kr. per placement-year,
        or 1.000 kr.: the result is in the same unit, never rescaled). A price may be empty only where
        every count of its type is 0.
    price_growth : float, optional
        Annual price growth as a decimal (0.02 for 2 %), above -1 and at most 1. Default 0.
    years : float or array_like, optional
        Years after the price year, one per column of ``counts`` (e.g. 1, 2, 3), at most 100 either way.
        Default 0.

    Returns
    -------
    float or ndarray
        One total per column of ``counts`` (a single total for a single column), in the unit of the
        prices. Positive: an expenditure.

    Notes
    -----
    ``cost_j = (1 + g) ** years_j × Σ_t counts[t, j] × price[t]``

    Examples
    --------
    Ballerup's future scenario for 2018 (BAL-N "Fremtidigt scenarie") at the 2017 unit prices
    (BAL-N "Udviklingen i enhedspriser"):

    >>> placementcost([42, 4, 5, 17, 7, 57], [957106, 62472, 354552, 885961, 351639, 303447])
    77040389.0

    The same counts two years on with 2 % price growth:

    >>> round(placementcost([42, 4, 5, 17, 7, 57], [957106, 62472, 354552, 885961, 351639, 303447], 0.02, 2))
    80152821
    """
    block = inputs.block(counts, "counts", nonnegative=True)
    prices = inputs.vector(unit_prices, "unit_prices", empty="keep", nonnegative=True)
    if block.shape[0] == 1 and block.shape[1] == prices.size > 1:
        block = block.T  # the types laid out in a row: one type per price, one year
    if block.shape[0] != prices.size:
        if block.shape[1] == prices.size:
            raise TrappenError("counts", f"har {count(block.shape[0], 'række')}, men unit_prices har "
                               f"{count(prices.size, 'værdi')}",
                               "sæt én anbringelsestype pr. række (brug TRANSPONER på counts)")
        raise TrappenError("unit_prices", f"har {count(prices.size, 'værdi')}, men counts har "
                           f"{count(block.shape[0], 'række')}", "giv én pris pr. anbringelsestype")
    prices = inputs.prices_where_used(prices, lambda: block.any(axis=1), "unit_prices",
                                      "typens antal er ikke 0", "skriv prisen")
    totals = column_totals(block, prices)
    growth = inputs.share(price_growth, "price_growth", default=0.0, lowest=-0.99)
    year_offsets = inputs.vector(years, "years", empty="keep")
    year_offsets = np.zeros(1) if np.isnan(year_offsets).all() else inputs.vector(years, "years", empty="error")
    if growth != 0.0 or np.any(year_offsets != 0):
        if year_offsets.size not in (1, totals.size):
            raise TrappenError("years", f"har {count(year_offsets.size, 'værdi')}, men counts har "
                               f"{count(totals.size, 'kolonne')}", "giv ét år pr. kolonne i counts")
        inputs.bounded(year_offsets, "years", -MAX_YEARS, MAX_YEARS,
                       f"skriv antal år efter prisåret, fx 1; 2; 3 (højst {MAX_YEARS})")
        totals = totals * (1.0 + growth) ** year_offsets
    return float(totals[0]) if totals.size == 1 else totals


#: Years before or after the price year that PLACEMENTCOST grows prices over (1e308 years would give 0).
MAX_YEARS = 100


#: The help of the arguments of a change in case numbers, shared by ACTIVITYEFFECT and PAYERSPLIT (written once).
CASE_COUNTS_HELP = dict(
    base_counts=("Antal sager nu, én række pr. indsats (fx aktivitetstal sep. 2017). Tomme celler = 0.", "antal"),
    target_counts=("Antal sager i målåret, én række pr. indsats; en blok indsatser × år giver ét "
                   "resultat pr. år. Tomme celler = 0.", "antal"),
    cost_per_case=("Udgift pr. sag pr. år, én pr. række. Tom kun hvor antallet ikke ændres.", "kr. pr. sag"),
)


@excel_function(
    "ACTIVITYEFFECT",
    category=PLACEMENTS,
    help="Budgetvirkningen af at ændre antallet af sager pr. indsats: Σ (mål − nu) × udgift pr. sag "
         "(Roskildes \"økonomisk effekt\"). Negativ = besparelse.",
    result="beløb i udgiftens enhed (kr. ...); negativ = mindreudgift",
    **CASE_COUNTS_HELP,
    per_row=("Valgfri: SAND giver virkningen for hver række (spill); FALSK (standard) giver summen.",
             "SAND/FALSK"),
    example=Example(
        formula="=ACTIVITYEFFECT(B5:B9; G5:G9; I5:I9)",
        args=(doc.ROSKILDE_BASE, doc.ROSKILDE_TARGET, doc.ACTIVITY_COST_PER_CASE),
        result=doc.ACTIVITY_EFFECT_TOTAL_PRINTED,
        source="Roskilde-notatet: Børn og Unge samlet, 2023 mod aktivitetstal september 2017",
    ),
)
def activityeffect(base_counts, target_counts, cost_per_case, per_row=False):
    """Budget effect of changing the number of cases per measure: Σ (target − base) × cost per case.

    Roskilde's "økonomisk effekt" (aktivitetstal × udgift pr. sag). A fall in cases gives a negative
    result: a saving (mindreudgift).

    Parameters
    ----------
    base_counts : array_like
        Cases per measure now (one per row). Empty cells count as 0; no negatives.
    target_counts : array_like
        Cases per measure in the target year, one per row; a block of measures × years gives one effect
        per year (column).
    cost_per_case : array_like
        Yearly cost of one case per measure (kr. per case; the result is in the same unit). May be empty
        (or "-") only where the count does not change.
    per_row : bool, optional
        False (default): the total; True: the effect of each row (and column).

    Returns
    -------
    float or ndarray
        kr. (the unit of ``cost_per_case``); negative = saving.

    Notes
    -----
    ``effect_j = Σ_r (target[r, j] − base[r]) × cost[r]``

    Examples
    --------
    Roskilde (ROS, "Børn og Unge samlet"): network placements 7 → 14 at 160.000 kr., foster families
    66 → 66 at 510.000 kr., institutions 30 → 22 at 950.000 kr.; § 11 and § 52 unchanged (no price):

    >>> activityeffect([42, 259, 7, 66, 30], [42, 259, 14, 66, 22], [None, None, 160000, 510000, 950000])
    -6480000.0
    >>> activityeffect([7, 66, 30], [14, 66, 22], [160000, 510000, 950000], True).tolist()
    [1120000.0, 0.0, -7600000.0]
    """
    base = inputs.block(base_counts, "base_counts", nonnegative=True)
    target = inputs.block(target_counts, "target_counts", nonnegative=True)
    cost = inputs.vector(cost_per_case, "cost_per_case", empty="keep", nonnegative=True)
    rows_as_1d = np.ndim(base_counts) < 2
    if base.shape[1] != 1:
        if base.shape != target.shape:
            raise TrappenError("base_counts", f"har {count(base.shape[1], 'kolonne')}",
                               "giv én kolonne med antal nu (eller samme blok som target_counts)")
    if base.shape[0] != target.shape[0]:
        raise TrappenError("target_counts", f"har {count(target.shape[0], 'række')}, men base_counts har "
                           f"{count(base.shape[0], 'række')}", "giv én række pr. indsats i begge")
    if cost.size != base.shape[0]:
        raise TrappenError("cost_per_case", f"har {count(cost.size, 'værdi')}, men base_counts har "
                           f"{count(base.shape[0], 'række')}", "giv én udgift pr. indsats")
    change = target - base
    cost = inputs.prices_where_used(cost, lambda: np.any(change != 0, axis=1), "cost_per_case",
                                    "antallet ændres", "skriv udgiften pr. sag")
    effects = change * cost[:, None]
    if inputs.flag(per_row, "per_row", default=False):
        if rows_as_1d and effects.shape[1] == 1:
            return effects[:, 0]
        return effects
    totals = effects.sum(axis=0)
    return float(totals[0]) if totals.size == 1 else totals


@excel_function(
    "PLACEMENTMIX",
    category=PLACEMENTS,
    help="Anbringelsesmønster: hver types andel af alle anbringelser (andelene summer til 1). "
         "En blok typer × datoer giver andele pr. kolonne.",
    result="andele (decimal), samme form som antal",
    counts=("Antal anbringelser pr. type (kolonne), evt. blok typer × datoer. Tomme celler = 0.", "antal"),
    example=Example(
        formula="=PLACEMENTMIX(B5:B11)",
        args=([row[0] for row in doc.PLACEMENTS_BY_DATE],),
        result=[44 / 149, 7 / 149, 6 / 149, 2 / 149, 24 / 149, 7 / 149, 59 / 149],
        source="Ballerup-notatet: Anbringelsesmønster, januar 2017 (baseline, i alt 149)",
    ),
)
def placementmix(counts):
    """Placement mix (anbringelsesmønster): each type's share of the total, per column.

    Parameters
    ----------
    counts : array_like
        Placements per type (rows), optionally several dates (columns). Empty cells count as 0. A single
        row is one set of types laid out across (its shares sum to 1 along the row).

    Returns
    -------
    ndarray
        Shares as decimals, same shape as ``counts``; each column (or the single row) sums to 1.

    Notes
    -----
    ``share[t, j] = counts[t, j] / Σ_t counts[t, j]``

    Examples
    --------
    Ballerup (BAL-N "Anbringelsesmønster"), January 2017: 24 of 149 placements in døgninstitution:

    >>> round(float(placementmix([44, 7, 6, 2, 24, 7, 59])[4]), 4)
    0.1611
    """
    array = inputs.counts(counts, "counts")
    row_of_types = array.ndim == 2 and array.shape[0] == 1 and array.shape[1] > 1
    if array.ndim == 0 or row_of_types:
        array = array.reshape(-1)  # the types laid out in a row are one set of types, not one type per column
    totals = inputs.total(array, "counts", axis=0)
    mix = inputs.divide(array, totals, "counts", "andelene", zero="summen er 0 (ingen anbringelser)",
                        fix="giv mindst én anbringelse pr. kolonne")
    return mix.reshape(1, -1) if row_of_types else mix
