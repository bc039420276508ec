"""Follow-up (opfølgning): the case's planned savings against the accounts, year by year."""

from __future__ import annotations

import numpy as np

from . import danish, inputs
from . import documents as doc
from .case_model import is_column
from .errors import TrappenError
from .registry import ACCOUNTS, Example, excel_function

#: The rows of FOLLOWUP's result, in order, with their Danish labels (for the template).
ROW_LABELS = ("Realiseret besparelse", "Afvigelse fra plan (realiseret − planlagt)", "Andel af planen nået")


@excel_function(
    "FOLLOWUP",
    category=ACCOUNTS,
    help="Opfølgning på casen: realiseret besparelse (basis − regnskab), afvigelse fra planen (realiseret − "
         "planlagt; negativ = bagud) og andel af planen nået, pr. år. Besparelser er positive her.",
    result="3 rækker × år: beløb i input-enheden (kr., 1.000 kr. ...), andel som decimal",
    planned_saving=("Planlagt besparelse pr. år som POSITIVE tal (fx casens besparelseskrav med minus foran). "
                    "Ikke 0.", "kr."),
    actual=("Regnskab pr. år for det område, casen skal spare på.", "kr."),
    baseline=("Udgiften uden casen: et basisår (fx regnskab året før) eller en række pr. år.", "kr."),
    example=Example(
        formula="=FOLLOWUP(1500; C10; B10)",
        args=(doc.BDO_REQUIREMENT_2017_THOUSANDS, doc.ACCOUNTS_TOTAL_2017_PRINTED, doc.ACCOUNTS_TOTAL_2016_PRINTED),
        result=[2_042.0, 542.0, 2_042 / 1_500],
        source="Ballerup: BDO's besparelseskrav 2017 (1,5 mio. kr.) mod regnskab 2017 og 2016, i alt (1.000 kr.)",
    ),
)
def followup(planned_saving, actual, baseline):
    """Follow-up of the case against the accounts: realised saving, gap to the plan, share of the plan achieved.

    Parameters
    ----------
    planned_saving : float or array_like
        The saving the case planned for each year, as positive amounts (a savings requirement printed
        negative, besparelseskrav, is passed negated: ``-B5:F5``). No year may be 0 (no share of a plan
        of nothing); give only the years with a planned saving.
    actual : float or array_like
        The accounts (regnskab) of the area for each year, same unit.
    baseline : float or array_like
        Spending without the case: one base year (e.g. the accounts of the year before the case), or
        one value per year (e.g. the budget before the case).

    Returns
    -------
    ndarray
        Three values per year — rows for a row of years, columns for a column of years, three cells for
        a single year: the realised saving ``baseline − actual`` (positive = saved); the gap ``realised −
        planned`` (negative = behind the plan, positive = ahead of it); the share of the plan achieved
        ``realised / planned`` (decimal, 1 = as planned). Amounts in the unit of the inputs.

    Notes
    -----
    Savings are positive here (as NETSAVING's ``savings``): a negative realised saving is extra
    expenditure against the baseline.

    Examples
    --------
    Ballerup (1.000 kr.): BDO's case required 1,5 mio. kr. saved in 2017 (BAL-N "Investeringscase");
    the centre spent 184.861 in 2016 and 182.819 in 2017 (BAL-N "Faktisk udgiftsfordeling", I alt):

    >>> followup(1500, 182819, 184861).round(3).tolist()
    [2042.0, 542.0, 1.361]
    """
    plan = inputs.vector(planned_saving, "planned_saving", empty="error")
    if plan.min() < 0:
        raise TrappenError("planned_saving", f"{danish.typed(plan.min())} er negativ; planlagte besparelser "
                           "skrives som positive beløb",
                           "står besparelseskravet negativt i rækken, så sæt minus foran den: -B5:F5")
    spent = inputs.vector(actual, "actual", empty="error")
    base = inputs.vector(baseline, "baseline", empty="error")
    (plan, spent, base), shape = inputs.aligned({"planned_saving": plan, "actual": spent, "baseline": base})
    realised = base - spent
    share = inputs.divide(realised, plan, "planned_saving", "andelen af planen", zero="er 0 i et år",
                          fix="giv kun de år, hvor casen planlægger en besparelse")
    rows = np.stack([np.broadcast_to(row, shape).reshape(-1) for row in (realised, realised - plan, share)])
    if rows.shape[1] == 1:
        return rows[:, 0]
    given = next(v for v in (planned_saving, actual, baseline) if np.size(v) > 1)
    return rows.T if is_column(given) else rows
