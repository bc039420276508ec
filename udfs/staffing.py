"""Staffing (sagstal): caseload per social worker, advisers needed for a target caseload, their cost."""

from __future__ import annotations

from . import documents as doc
from . import inputs
from .registry import STAFFING, Example, excel_function


@excel_function(
    "CASELOAD",
    along_row=True, down_column=True,
    category=STAFFING,
    help="Sagstal: antal sager pr. rådgiver (sager / rådgivere).",
    result="sager pr. rådgiver",
    cases=("Antal sager (et tal eller en række).", "sager"),
    advisers=("Antal rådgivere (årsværk eller personer), samme form eller ét tal. Over 0.", "årsværk"),
    example=Example(
        formula="=CASELOAD(770; 32)",
        args=(doc.CASES_NOW, 32),
        result=770 / 32,
        source="Ballerup-notatet: 770 sager, i gennemsnit 24 sager pr. rådgiver",
    ),
)
def caseload(cases, advisers):
    """Caseload (sagstal): cases per adviser.

    Parameters
    ----------
    cases : float or array_like
        Number of cases (no negatives; empty is an error).
    advisers : float or array_like
        Number of advisers (full-time equivalents or heads), same shape or a single number; above 0.

    Returns
    -------
    float or ndarray
        Cases per adviser.

    Notes
    -----
    ``caseload = cases / advisers``

    Examples
    --------
    Ballerup (BAL-N): 770 cases and an average of 24 per adviser means about 32 advisers:

    >>> round(caseload(770, 32), 1)
    24.1
    """
    number = inputs.numbers(cases, "cases", nonnegative=True)
    staff = inputs.numbers(advisers, "advisers", nonnegative=True)
    (number, staff), shape = inputs.aligned({"cases": number, "advisers": staff})
    return inputs.shaped(inputs.divide(number, staff, "advisers", "sagstallet"), shape)


@excel_function(
    "ADVISERSNEEDED",
    along_row=True, down_column=True,
    category=STAFFING,
    help="Rådgivere (årsværk), der mangler for at nå et mål for sagstal: sager / mål − nuværende. "
         "Afrundes ikke; negativ = flere end nødvendigt.",
    result="årsværk (ikke afrundet)",
    cases=("Antal sager.", "sager"),
    target_caseload=("Mål for sagstal, fx 20 sager pr. rådgiver. Over 0.", "sager pr. rådgiver"),
    current_advisers=("Valgfri: rådgivere, der allerede er ansat. Standard 0.", "årsværk"),
    example=Example(
        formula="=ADVISERSNEEDED(770; 20; 770/24)",
        args=(doc.CASES_NOW, doc.CASELOAD_TARGET, doc.CASES_NOW / doc.CASELOAD_NOW),
        result=770 / 20 - 770 / 24,
        source="Ballerup-notatet: 770 sager, 24 sager pr. rådgiver nu, højst 20 i Fællesskabsmodellen",
    ),
)
def advisersneeded(cases, target_caseload, current_advisers=0.0):
    """Advisers (årsværk) needed to bring the caseload down to a target, minus those employed.

    Never rounded: the officer decides how to round. A negative result means more advisers than needed.

    Parameters
    ----------
    cases : float or array_like
        Number of cases.
    target_caseload : float or array_like
        Target cases per adviser, above 0.
    current_advisers : float or array_like, optional
        Advisers already employed. Default 0.

    Returns
    -------
    float or ndarray
        Additional advisers (full-time equivalents).

    Notes
    -----
    ``needed = cases / target_caseload − current_advisers``

    Examples
    --------
    Ballerup (BAL-N): 770 cases at 24 per adviser; the model assumes at most 20:

    >>> round(advisersneeded(770, 20, 770 / 24), 2)
    6.42
    """
    number = inputs.numbers(cases, "cases", nonnegative=True)
    target = inputs.numbers(target_caseload, "target_caseload", nonnegative=True)
    current = inputs.numbers(current_advisers, "current_advisers", empty="zero", nonnegative=True)
    (number, target, current), shape = inputs.aligned(
        {"cases": number, "target_caseload": target, "current_advisers": current})
    needed = inputs.divide(number, target, "target_caseload", "antallet af rådgivere") - current
    return inputs.shaped(needed, shape)


@excel_function(
    "ADVISERCOST",
    along_row=True, down_column=True,
    category=STAFFING,
    help="Årlig udgift til ekstra rådgivere: rådgivere × udgift pr. rådgiver + øvrige udgifter "
         "(fx kompetenceudvikling og projektledelse).",
    result="beløb pr. år i samme enhed som udgiften pr. rådgiver",
    advisers=("Antal ekstra rådgivere (årsværk), ét tal eller en række pr. år.", "årsværk"),
    cost_per_adviser=("Årlig udgift pr. rådgiver (løn m.m.).", "kr. pr. årsværk"),
    other_costs=("Valgfri: øvrige udgifter pr. år, fx kompetenceudvikling. Tomme celler = 0.", "kr."),
    example=Example(
        formula="=ADVISERCOST(11; 5605651/11; B6:F6)",
        args=(doc.ROSKILDE_EXTRA_ADVISERS, doc.ROSKILDE["Børn og Unge"]["advisers"][0] / doc.ROSKILDE_EXTRA_ADVISERS,
              doc.ROSKILDE["Børn og Unge"]["training"]),
        result=doc.ROSKILDE_INVESTMENT,
        source="Roskilde-notatet: Børn og Unge, Investering i alt 2019–2023",
        tolerance=1e-6,
    ),
)
def advisercost(advisers, cost_per_adviser, other_costs=0.0):
    """Yearly cost of extra advisers plus other costs such as training and project management.

    Parameters
    ----------
    advisers : float or array_like
        Extra advisers (full-time equivalents), one number or one per year.
    cost_per_adviser : float or array_like
        Yearly cost of one adviser (kr. per FTE; the result is in the same unit).
    other_costs : float or array_like, optional
        Other yearly costs (kompetenceudvikling, projektledelse). Empty cells count as 0.

    Returns
    -------
    float or ndarray
        The investment per year.

    Notes
    -----
    ``cost = advisers × cost_per_adviser + other_costs``

    Examples
    --------
    Roskilde (ROS, "Børn og Unge"): about 11 advisers for 5.605.651 kr. a year plus 775.000 kr. of
    training and project management in 2019 give "Investering i alt" 6.380.651 kr.:

    >>> round(advisercost(11, 5605651 / 11, 775000))
    6380651
    """
    staff = inputs.numbers(advisers, "advisers", nonnegative=True)
    unit = inputs.numbers(cost_per_adviser, "cost_per_adviser", nonnegative=True)
    other = inputs.amounts(other_costs, "other_costs")
    (staff, unit, other), shape = inputs.aligned(
        {"advisers": staff, "cost_per_adviser": unit, "other_costs": other})
    return inputs.shaped(staff * unit + other, shape)
