"""Who pays (betaler): a change in placement costs split between the municipality and the state.

The state reimburses part of the cost of particularly expensive single cases (statsrefusion for særligt
dyre enkeltsager): since 1 January 2024 barnets lov § 198, stk. 1 (before that serviceloven § 176 a and
§ 176). The rule is a ladder of marginal rates on the part of one case's yearly cost above each
threshold: in the law's text 25 % above 860.000 kr., 50 % above 1.680.000 kr. and 75 % above 2.120.000 kr.
a year (2022-niveau; the amounts are regulated every year, and the Social- og Boligministerium publishes
the year's). Until 2020 the rule for children had two steps (25 % and 50 %). PAYERSPLIT takes the steps
as arguments, any number of them, so any year's rule (and its price level) is the officer's to give; or a
dated table of rules (one row per year, :data:`REFUSION_RULES` for the template) from which each of the
case's years takes its own row.

The refusion is computed case by case. Counted at a type's average cost per case it is understated when
the cases' costs differ (a case far above the threshold earns more than a case below it loses): give each
expensive case its own row (count 1 now, 0 in the target, its own yearly cost) where the data allow.

Sign convention: positive = extra expenditure (merudgift), negative = saving. Amounts are in the unit of
the inputs and never rescaled.
"""

from __future__ import annotations

import numpy as np

from . import danish, inputs
from . import documents as doc
from .errors import TrappenError, count
from .placements import CASE_COUNTS_HELP, activityeffect
from .registry import INVESTMENT, Example, excel_function

# Roskilde (ROS) "Børn og Unge samlet": counts September 2017 and 2023 and cost per case (kr.) of the
# activity table's rows with a cost per case.
_PRICED = slice(2, None)
_ROSKILDE_BASE = doc.ROSKILDE_BASE[_PRICED]
_ROSKILDE_TARGET = doc.ROSKILDE_TARGET[_PRICED]
_ROSKILDE_COST = doc.ACTIVITY_COST_PER_CASE[_PRICED]
#: Barnets lov § 198, stk. 1: the thresholds (kr. per case per year, 2022-niveau) and the rates above them.
BARNETS_LOV_YEAR = 2022
BARNETS_LOV_THRESHOLDS = (860_000, 1_680_000, 2_120_000)
BARNETS_LOV_RATES = (0.25, 0.5, 0.75)
BARNETS_LOV_SOURCE = "barnets lov § 198, stk. 1 (2022-niveau), i kraft 1. januar 2024"

_L197 = ("Lov om ændring af lov om social service (tilpasning af den centrale refusionsordning), lovforslag L 197 "
         "(2019/20), i kraft 1. januar 2021: serviceloven § 176, stk. 1")
_SATSER_2020 = "Social- og Indenrigsministeriet (sm.dk), \"Satser på socialområdet for 2020\", serviceloven § 176 a"
#: The refusion rule by year, for the template's dated table: (year, law, thresholds in kr. per case per year,
#: rates, the price level the amounts are stated at, source, checked). ``checked`` is False where no source at
#: hand states that year's amounts: the row carries the nearest stated amounts of the same rule, moved by the
#: P/L index, and the officer must check it against the consolidated act in force that year.
REFUSION_RULES = (
    (2018, "Serviceloven § 176 a (børn og unge)", (830_000, 1_630_000), (0.25, 0.5), 2020,
     "Beløbene for 2018 står ikke i kilderne: her 2020-beløbene (sm.dk) omregnet med P/L", False),
    (2019, "Serviceloven § 176 a (børn og unge)", (830_000, 1_630_000), (0.25, 0.5), 2020,
     "Beløbene for 2019 står ikke i kilderne: her 2020-beløbene. (§ 176, stk. 1, for alle: 950.000 og "
     "1.770.000 kr., lovbekendtgørelse nr. 798 af 7. august 2019)", False),
    (2020, "Serviceloven § 176 a (børn og unge)", (830_000, 1_630_000), (0.25, 0.5), 2020, _SATSER_2020, True),
    (2021, "Serviceloven § 176, stk. 1 (ny)", (830_000, 1_630_000, 2_050_000), (0.25, 0.5, 0.75), 2020, _L197, True),
    (2022, "Serviceloven § 176, stk. 1", (860_000, 1_680_000, 2_120_000), (0.25, 0.5, 0.75), 2022,
     "Serviceloven § 176, stk. 1, lovens tekst 2022 (2022-niveau)", True),
    (2023, "Serviceloven § 176, stk. 1", (860_000, 1_680_000, 2_120_000), (0.25, 0.5, 0.75), 2022,
     "Beløbene for 2023 står ikke i kilderne: her 2022-beløbene omregnet med P/L", False),
    (2024, "Barnets lov § 198, stk. 1", BARNETS_LOV_THRESHOLDS, BARNETS_LOV_RATES, BARNETS_LOV_YEAR,
     "Barnets lov § 198, stk. 1 (2022-niveau), i kraft 1. januar 2024", True),
)


def refund_per_case(cost_per_case: np.ndarray, thresholds: np.ndarray, rates: np.ndarray) -> np.ndarray:
    """The state's reimbursement of one case's yearly cost: Σ_k rate_k × the part of the cost in step k.

    Step k runs from ``thresholds[k]`` to ``thresholds[k + 1]`` (the last step has no upper end).
    """
    cost = np.asarray(cost_per_case, dtype=float)[..., None]
    upper = np.append(thresholds[1:], np.inf)
    return np.sum(rates * np.clip(cost - thresholds, 0.0, upper - thresholds), axis=-1)


@excel_function(
    "PAYERSPLIT",
    category=INVESTMENT,
    help="Fordeler budgetvirkningen af ændrede antal sager mellem kommune og stat efter refusionen for "
         "særligt dyre enkeltsager (sats over tærskel). Giver [kommune, stat]; kommune + stat = hele virkningen.",
    result="beløb i udgiftens enhed (kr. ...): kommune, stat; negativ = besparelse",
    **CASE_COUNTS_HELP,
    thresholds=("Refusionstærskler pr. sag pr. år, stigende, et vilkårligt antal trin, fx barnets lov § 198: "
                "860.000;1.680.000;2.120.000 (2022-niveau; brug årets beløb).", "kr. pr. sag"),
    rates=("Refusionssats over hver tærskel som decimal, fx 0,25;0,5;0,75. Samme antal som tærskler.", "andel"),
    years=("Valgfri: casens år, ét pr. kolonne i target_counts. Så er thresholds og rates en tabel med én "
           "række pr. år i rule_years, og hvert år bruger sin egen række.", "år"),
    rule_years=("Valgfri (med years): refusionstabellens år, ét pr. række i thresholds og rates. Et trin uden "
                "sats (tom celle) findes ikke det år.", "år"),
    example=Example(
        formula="=PAYERSPLIT(B5:B7; G5:G7; I5:I7; K5:M5; K6:M6)",
        args=(_ROSKILDE_BASE, _ROSKILDE_TARGET, _ROSKILDE_COST, list(BARNETS_LOV_THRESHOLDS),
              list(BARNETS_LOV_RATES)),
        # −6.480.000 in all; the state loses 25 % × (950.000 − 860.000) = 22.500 on each of 8 institutions
        result=[-6_480_000 + 180_000, -180_000],
        source="Roskilde-notatet: Børn og Unge samlet, 2023 mod september 2017, med tærsklerne i barnets lov "
               "§ 198 (2022-niveau; håndregnet)",
    ),
)
def payersplit(base_counts, target_counts, cost_per_case, thresholds, rates, years=None, rule_years=None):
    """Split the budget effect of changing case numbers between the municipality and the state.

    The total effect is ACTIVITYEFFECT's ``Σ (target − base) × cost per case``. The state's part is the
    same sum over its reimbursement of one case's yearly cost (særlig refusion for særligt dyre
    enkeltsager); the municipality's part is the rest.

    Parameters
    ----------
    base_counts, target_counts : array_like
        Cases (or placements) per measure now and in the target, one per row; a block of measures ×
        years as ``target_counts`` gives one split per year. Empty cells count as 0; no negatives.
    cost_per_case : array_like
        Yearly cost of one case per measure (kr. per case; the result is in the same unit). Empty only
        where the count does not change. Each case of a measure is taken to cost this average: with
        unequal cases the true reimbursement is higher, since it is computed case by case; give each
        expensive case a row of its own (count 1 → 0, its own cost) for the case-by-case figure.
    thresholds : array_like
        The thresholds of the reimbursement steps per case per year, increasing (kr. per case, in the
        unit and price level of ``cost_per_case``): one per step of the year's rule, any number of steps
        (barnets lov § 198: three).
    rates : array_like
        The reimbursement rate above each threshold as a decimal (0.25, 0.5, 0.75), one per threshold.
    years : array_like, optional
        The case's years, one per column of ``target_counts`` (e.g. 2018 ... 2022). Given with
        ``rule_years``, ``thresholds`` and ``rates`` are a dated table: one row per year of ``rule_years``
        and one column per step, and each of the case's years takes the row of its own year (the
        servicelov's rule before 2024, barnets lov § 198 from 2024). A step whose rate is empty does not
        exist that year (a two-step year in a three-step table); its threshold is then not read.
    rule_years : array_like, optional
        The years of the table's rows, each once; every year of ``years`` must be among them. A row
        with no year (an empty row kept for a year to come) is not read.

    Returns
    -------
    ndarray
        ``[municipality, state]`` for one target column; two rows (municipality, state) × years for a
        block. Positive = extra expenditure, negative = saving; municipality + state = the total effect.
        The investment and other costs of a case are the municipality's alone: add them to its row.

    Notes
    -----
    ``refund(c) = Σ_k rate_k × min(max(c − threshold_k, 0), threshold_{k+1} − threshold_k)``;
    ``state = Σ (target − base) × refund(cost)``; ``municipality = total − state``.

    Examples
    --------
    Roskilde "Børn og Unge samlet" (ROS): +7 network placements (160.000 kr.) and −8 institution
    placements (950.000 kr.) save 6.480.000 kr.; under barnets lov § 198 (25 % above 860.000 kr.) the
    state paid 22.500 kr. of each institution placement, so it saves 180.000 kr. of the total:

    >>> payersplit([7, 66, 30], [14, 66, 22], [160000, 510000, 950000], [860000, 1680000, 2120000],
    ...            [0.25, 0.5, 0.75]).tolist()
    [-6300000.0, -180000.0]

    Averages understate the refusion: two institution placements costing 600.000 and 1.300.000 kr.
    (950.000 on average) earn 25 % × 440.000 = 110.000 kr. case by case, against 2 × 22.500 = 45.000 kr.
    at their average:

    >>> rule = ([860000, 1680000, 2120000], [0.25, 0.5, 0.75])
    >>> case_by_case = payersplit([1, 1], [0, 0], [600000, 1300000], *rule)
    >>> at_average = payersplit([2], [0], [950000], *rule)
    >>> float(case_by_case[1]), float(at_average[1])
    (-110000.0, -45000.0)

    Rules by date: one institution placement fewer at 950.000 kr. in 2020 (serviceloven § 176 a, 25 % above
    830.000 kr.) and in 2024 (barnets lov § 198, 25 % above 860.000 kr.): the state saves 30.000 and 22.500 kr.

    >>> table = [[830000, 1630000, None], [860000, 1680000, 2120000]], [[0.25, 0.5, None], [0.25, 0.5, 0.75]]
    >>> payersplit([1], [[0, 0]], [950000], *table, [2020, 2024], [2020, 2024]).tolist()
    [[-920000.0, -927500.0], [-30000.0, -22500.0]]
    """
    if years is not None or rule_years is not None:
        return _split_by_year(base_counts, target_counts, cost_per_case, thresholds, rates, years, rule_years)
    # Each range is read once (a whole column is a million cells); activityeffect checks the arrays.
    base_counts, target_counts = inputs.as_array(base_counts, "base_counts"), inputs.as_array(target_counts,
                                                                                              "target_counts")
    cost_per_case = inputs.as_array(cost_per_case, "cost_per_case")
    total = activityeffect(base_counts, target_counts, cost_per_case)
    steps = inputs.vector(thresholds, "thresholds", empty="error", nonnegative=True)
    shares = inputs.share_row(inputs.vector(rates, "rates", empty="error"), "rates", "sats")
    if shares.size != steps.size:
        raise TrappenError("rates", f"har {count(shares.size, 'værdi')}, men thresholds har "
                           f"{count(steps.size, 'værdi')}", "giv én sats pr. tærskel")
    inputs.increasing(steps, "thresholds", "skriv tærsklerne fra den laveste til den højeste, hver én gang")
    cost = inputs.vector(cost_per_case, "cost_per_case", empty="keep", nonnegative=True)
    refund = refund_per_case(np.where(np.isnan(cost), 0.0, cost), steps, shares)
    state = activityeffect(base_counts, target_counts, np.where(np.isnan(cost), np.nan, refund))
    return np.stack([np.subtract(total, state), np.asarray(state, dtype=float)])


def _split_by_year(base_counts, target_counts, cost_per_case, thresholds, rates, years, rule_years) -> np.ndarray:
    """PAYERSPLIT with a dated table of rules: each year's column under its own year's row."""
    # each one given is read (and refused if bad) before a missing one is named
    case_years = None if years is None else inputs.vector(years, "years", empty="error")
    table_years = None if rule_years is None else inputs.vector(rule_years, "rule_years", empty="keep")
    for value, name in ((case_years, "years"), (table_years, "rule_years")):
        if value is None:
            raise TrappenError(name, "mangler", "giv både years (casens år) og rule_years (tabellens år)")
    steps = np.atleast_2d(inputs.numbers(thresholds, "thresholds", empty="keep"))
    shares = np.atleast_2d(inputs.numbers(rates, "rates", empty="keep"))
    if steps.shape[0] != table_years.size:
        raise TrappenError("thresholds", f"har {count(steps.shape[0], 'række')}, men rule_years har "
                           f"{count(table_years.size, 'år')}", "giv én række tærskler pr. år i tabellen")
    if shares.shape != steps.shape:
        raise TrappenError("rates", f"har {count(shares.size, 'værdi')}, men thresholds har "
                           f"{count(steps.size, 'værdi')}", "giv én sats pr. tærskel i hver række")
    unique, seen = np.unique(table_years[~np.isnan(table_years)], return_counts=True)
    if np.any(seen > 1):
        raise TrappenError("rule_years", f"{danish.year(unique[seen > 1][0])} står der flere gange",
                           "skriv hvert år én gang i refusionstabellen")
    target = inputs.block(target_counts, "target_counts", nonnegative=True)
    if target.shape[1] != case_years.size:
        raise TrappenError("years", f"har {count(case_years.size, 'år')}, men target_counts har "
                           f"{count(target.shape[1], 'kolonne')}", "giv ét år pr. kolonne i target_counts")
    base = inputs.block(base_counts, "base_counts", nonnegative=True)
    by_year = base.shape[1] > 1  # a block of base counts like target_counts: each year its own column
    out = np.empty((2, case_years.size))
    for j, year in enumerate(case_years.tolist()):
        row = np.flatnonzero(table_years == year)
        if not row.size:
            raise TrappenError("years", f"{danish.year(year)} står ikke i refusionstabellen (rule_years)",
                               "tilføj året med årets tærskler og satser")
        present = ~np.isnan(shares[row[0]])
        if not present.any():
            raise TrappenError("rates", f"{danish.year(year)} har ingen sats", "skriv årets refusionssatser")
        rule = steps[row[0]][present]
        if np.isnan(rule).any():
            raise TrappenError("thresholds", f"{danish.year(year)} har en sats uden tærskel",
                               "skriv tærsklen over for hver sats")
        column = target[:, j:j + 1]
        now = base[:, j:j + 1] if by_year else base
        out[:, j] = payersplit(now, column, cost_per_case, rule, shares[row[0]][present]).reshape(2)
    return out[:, 0] if out.shape[1] == 1 else out  # one year: [municipality, state], as with one rule
