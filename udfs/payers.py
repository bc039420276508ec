"""Who pays (betaler): a change in placement costs split between the municipality and the state.

The state reimburses part of the cost of particularly expensive single cases (statsrefusion for særligt
dyre enkeltsager): since 1 January 2024 barnets lov § 198, stk. 1 (before that serviceloven § 176 a and
§ 176). The rule is a ladder of marginal rates on the part of one case's yearly cost above each
threshold: in the law's text 25 % above 860.000 kr., 50 % above 1.680.000 kr. and 75 % above 2.120.000 kr.
a year (2022-niveau; the amounts are regulated every year, and the Social- og Boligministerium publishes
the year's). Until 2020 the rule for children had two steps (25 % and 50 %). PAYERSPLIT takes the steps
as arguments, any number of them, so any year's rule (and its price level) is the officer's to give.

The refusion is computed case by case. Counted at a type's average cost per case it is understated when
the cases' costs differ (a case far above the threshold earns more than a case below it loses): give each
expensive case its own row (count 1 now, 0 in the target, its own yearly cost) where the data allow.

Sign convention: positive = extra expenditure (merudgift), negative = saving. Amounts are in the unit of
the inputs and never rescaled.
"""

from __future__ import annotations

import numpy as np

from . import documents as doc
from . import inputs
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
def payersplit(base_counts, target_counts, cost_per_case, thresholds, rates):
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
    """
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
