"""Accounts (regnskab): overspend against the budget, extra expenditure against a base period."""

from __future__ import annotations

from . import documents as doc
from . import inputs
from .registry import ACCOUNTS, Example, excel_function


@excel_function(
    "EXTRASPEND",
    along_row=True,
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
    along_row=True, down_column=True,
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
