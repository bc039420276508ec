"""Who pays (betaler): a change in placement costs split between the municipality and the state.

The state reimburses part of the cost of particularly expensive single cases (særlig refusion for
særligt dyre enkeltsager: serviceloven § 176 / § 176 a, since 2024 barnets lov § 198): a rate of the
part of one case's yearly cost above a threshold, with higher rates above higher thresholds. For
children the rule has had two steps (25 % and 50 %) and, later, three (25 %, 50 %, 75 %). The
thresholds and rates are arguments here, so any year's rule (and its price level) is the officer's to
give; the amounts in the examples (830.000 and 1.630.000 kr.) are illustrations, not sourced from the
documents: take the year's thresholds from the State's published rates.

Sign convention: positive = extra expenditure (merudgift), negative = saving. Amounts are in the unit of
the inputs and never rescaled.
"""

from __future__ import annotations

import numpy as np

from . import documents as doc
from . import inputs
from .errors import TrappenError, count
from .placements import activityeffect
from .registry import INVESTMENT, Example, excel_function

# Roskilde (ROS) "Børn og Unge samlet": counts September 2017 and 2023, cost per case (kr.); the
# an illustrative two-step rule (830.000 kr.: 25 %, 1.630.000 kr.: 50 %); not from the documents.
_PRICED = slice(2, None)  # the activity table's rows with a cost per case
_ROSKILDE_BASE = doc.ROSKILDE_BASE[_PRICED]
_ROSKILDE_TARGET = doc.ROSKILDE_TARGET[_PRICED]
_ROSKILDE_COST = doc.ACTIVITY_COST_PER_CASE[_PRICED]
#: An illustrative two-step refusion rule (kr. per case per year; rates as decimals); not from the documents.
EXAMPLE_THRESHOLDS = (830_000, 1_630_000)
EXAMPLE_RATES = (0.25, 0.5)


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
    base_counts=("Antal sager nu, én række pr. indsats. Tomme celler = 0.", "antal"),
    target_counts=("Antal sager i målet, én række pr. indsats; en blok indsatser × år giver ét resultat pr. "
                   "år. Tomme celler = 0.", "antal"),
    cost_per_case=("Udgift pr. sag pr. år, én pr. række. Tom kun hvor antallet ikke ændres.", "kr. pr. sag"),
    thresholds=("Refusionstærskler pr. sag pr. år, stigende, fx 830.000;1.630.000 (brug årets gældende beløb).",
                "kr. pr. sag"),
    rates=("Refusionssats over hver tærskel som decimal, fx 0,25;0,5. Samme antal som tærskler.", "andel"),
    example=Example(
        formula="=PAYERSPLIT(B5:B7; G5:G7; I5:I7; K5:L5; K6:L6)",
        args=(_ROSKILDE_BASE, _ROSKILDE_TARGET, _ROSKILDE_COST, list(EXAMPLE_THRESHOLDS), list(EXAMPLE_RATES)),
        # −6.480.000 in all; the state loses 25 % × (950.000 − 830.000) = 30.000 on each of 8 institutions
        result=[-6_480_000 + 240_000, -240_000],
        source="Roskilde-notatet: Børn og Unge samlet, 2023 mod september 2017, med eksempeltærskler "
               "(håndregnet)",
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
        unequal cases the true reimbursement is higher, since it is computed case by case.
    thresholds : array_like
        The thresholds of the reimbursement steps per case per year, increasing (kr. per case, in the
        unit and price level of ``cost_per_case``): one per step of the year's rule.
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
    placements (950.000 kr.) save 6.480.000 kr.; with the rule of 2020 (25 % above 830.000 kr.) the state
    used to pay 30.000 kr. of each institution placement, so it saves 240.000 kr. of the total:

    >>> payersplit([7, 66, 30], [14, 66, 22], [160000, 510000, 950000], [830000, 1630000], [0.25, 0.5]).tolist()
    [-6240000.0, -240000.0]
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
