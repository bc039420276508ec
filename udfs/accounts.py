"""Accounts and follow-up (regnskab og opfølgning): overspend against the budget, extra expenditure against a
base period, and the case's plan against the accounts, year by year."""

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
    "EXTRASPEND",
    category=ACCOUNTS,
    help="Merudgift mod en basisperiode: årets udgift − gennemsnittet af basisårenes udgifter "
         "(Socialstyrelsens metode). Negativ = mindreudgift.",
    result="beløb pr. år i samme enhed som input",
    actuals=("Udgifter i de år, der skal vurderes (et tal eller en række).", "kr."),
    baseline=("Udgifterne i basisperiodens år (fx 2011–2014); gennemsnittet bruges. Ingen tomme celler.",
              "kr."),
    example=Example(
        formula="=EXTRASPEND(B5:D5; B3:B3)",
        args=(doc.HERNING_SERVICE, [doc.HERNING_SERVICE_BASE_PRINTED]),
        result=[11.0, 3.0, 1.0],
        source="Socialstyrelsens evaluering, Herning: service 2015–2017 mod basisgennemsnit 158 mio. kr.",
    ),
)
def extraspend(actuals, baseline):
    """Extra expenditure (merudgift) against a base period: actual − the average of the baseline years.

    Parameters
    ----------
    actuals : float or array_like
        Expenditure in the years assessed (any money unit, all at one price level, e.g. 2017-PL).
        No empty cells.
    baseline : array_like
        Expenditure in each year of the base period (e.g. 2011–2014), same unit and price level.
        No empty cells.

    Returns
    -------
    float or ndarray
        Per year, positive = extra expenditure (merudgift), negative = lower expenditure.

    Notes
    -----
    ``extra_t = actual_t − mean(baseline)``

    Examples
    --------
    Hvidovre (SOC, "Udgiftsudvikling", mio. kr. in 2017-PL): service 123 (2015), 126 (2016) and 136 (2017)
    against a base-period average of 133 give −10, −7 and +3; the evaluation prints −10, −6 and +3,
    computed from unrounded figures:

    >>> extraspend([123, 126, 136], [133]).tolist()
    [-10.0, -7.0, 3.0]
    """
    spent = inputs.numbers(actuals, "actuals")
    base = inputs.numbers(baseline, "baseline")
    return inputs.shaped(spent - base.mean(), spent.shape)


@excel_function(
    "OVERSPEND",
    category=ACCOUNTS,
    help="Merforbrug: regnskab + overført til næste år − budget. Negativ = mindreforbrug.",
    result="beløb i samme enhed som input (fx 1.000 kr.)",
    budget=("(Korrigeret) budget, et tal eller en række/kolonne.", "kr."),
    actual=("Regnskab (forbrug), samme form som budget.", "kr."),
    transferred=("Valgfri: beløb overført til næste års budget. Tomme celler = 0.", "kr."),
    example=Example(
        formula="=OVERSPEND(177489; 182819; 552)",
        args=(*doc.ACCOUNTS_2017_TOTAL[1:4],),
        result=5_882.0,
        source="Ballerups regnskab 2017, ramme 30.46: merforbrug 5,9 mio. kr. efter overførsler",
    ),
)
def overspend(budget, actual, transferred=0.0):
    """Overspend (merforbrug) after transfers: actual + amount transferred to next year − budget.

    Parameters
    ----------
    budget : float or array_like
        The (corrected) budget (any money unit; the result is in the same unit). No empty cells.
    actual : float or array_like
        The accounts (regnskab), same shape or a single number.
    transferred : float or array_like, optional
        Amount transferred to next year's budget (overførsel). Default 0.

    Returns
    -------
    float or ndarray
        Positive = overspend (merforbrug), negative = underspend (mindreforbrug).

    Notes
    -----
    ``overspend = actual + transferred − budget``

    Examples
    --------
    Ballerup accounts 2017 (BAL-R Tabel 1, 1.000 kr.): corrected budget 177.489, accounts 182.819,
    transferred 552 — "et merforbrug på 5,9 mio. kr.":

    >>> overspend(177489, 182819, 552)
    5882.0
    """
    planned = inputs.numbers(budget, "budget")
    spent = inputs.numbers(actual, "actual")
    moved = inputs.amounts(transferred, "transferred")
    (planned, spent, moved), shape = inputs.aligned({"budget": planned, "actual": spent, "transferred": moved})
    return inputs.shaped(spent + moved - planned, shape)



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
