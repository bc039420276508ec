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
#: The rows of FOLLOWUP's result on the plan's footing (with ``investment``): nets in the municipal sign.
NET_ROW_LABELS = ("Realiseret nettoresultat", "Planlagt nettoresultat", "Afvigelse fra planen (realiseret − planlagt)",
                  "Andel af planens besparelse nået")


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



@excel_function(
    "FOLLOWUP",
    category=ACCOUNTS,
    help="Opfølgning på casen: realiseret besparelse (basis − regnskab), afvigelse fra planen og andel af planen "
         "nået, pr. år. Med investering: nettoresultat (investering + følgeudgifter − besparelse; positiv = "
         "merudgift) for regnskab og plan.",
    result="3 rækker × år (4 med investment): beløb i input-enheden, andel som decimal",
    planned_saving=("Planlagt besparelse pr. år som POSITIVE tal (fx casens besparelseskrav med minus foran). "
                    "Ikke 0.", "kr."),
    actual=("Regnskab pr. år for det område, casen skal spare på.", "kr."),
    baseline=("Udgiften uden casen: et basisår (fx regnskab året før) eller en række pr. år.", "kr."),
    knock_on=("Valgfri: realiserede følgeudgifter pr. år, fx stigningen på hjemmebaserede og forebyggende "
              "indsatser mod basis (positiv = merudgift). Tom = 0.", "kr."),
    investment=("Valgfri: investeringen pr. år (fx ekstra rådgivere). Giver nettoresultatet for regnskab og "
                "plan.", "kr."),
    planned_knock_on=("Valgfri: de følgeudgifter, planen regnede med pr. år. Tom = 0.", "kr."),
    planned_investment=("Valgfri: den investering, planen regnede med pr. år. Tom = som investment.", "kr."),
    example=Example(
        formula="=FOLLOWUP(1500; C10; B10)",
        args=(doc.BDO_REQUIREMENT_2017_THOUSANDS, doc.ACCOUNTS_TOTAL_2017_PRINTED, doc.ACCOUNTS_TOTAL_2016_PRINTED),
        result=[2_042.0, 542.0, 2_042 / 1_500],
        source="Ballerup: BDO's besparelseskrav 2017 (1,5 mio. kr.) mod regnskab 2017 og 2016, i alt (1.000 kr.)",
    ),
)
def followup(planned_saving, actual, baseline, knock_on=None, investment=None, planned_knock_on=None,
             planned_investment=None):
    """Follow-up of the case against the accounts: realised saving, gap to the plan, share of the plan achieved.

    On the plan's footing (with ``knock_on`` and ``investment``) the accounts are measured as the plan is:
    the saving less the knock-on costs it brought, and the net result with the investment, against the
    plan's own saving, knock-on costs and investment. Give every amount at the plan's prices (move the
    accounts to the plan's price level with PRICEINDEX first); the function does not move prices.

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
    knock_on : float or array_like, optional
        The realised knock-on costs (følgeudgifter) each year, e.g. the rise in spending on home-based and
        preventive help against the same base (positive = extra cost, negative = those areas fell too).
        Empty = 0.
    investment : float or array_like, optional
        The investment each year (e.g. the extra advisers' pay). Given, the result is the net result of
        the accounts and of the plan (four rows, below).
    planned_knock_on : float or array_like, optional
        The knock-on costs the plan counted on each year. Empty = 0.
    planned_investment : float or array_like, optional
        The investment the plan counted on each year. Empty = ``investment``.

    Returns
    -------
    ndarray
        Without ``investment``, three values per year — rows for a row of years, columns for a column of
        years, three cells for a single year: the realised saving ``baseline − actual − knock_on``
        (positive = saved); the gap ``realised − (planned − planned_knock_on)`` (negative = behind the
        plan); the share of the plan achieved ``realised / (planned − planned_knock_on)`` (decimal, 1 = as
        planned). With ``investment``, four values per year in the municipal sign (positive =
        merudgift): the realised net ``investment + knock_on − (baseline − actual)``; the planned net
        ``planned_investment + planned_knock_on − planned``; the gap ``realised net − planned net``
        (positive = worse than the plan); and the same share of the plan's saving achieved. Amounts in
        the unit of the inputs.

    Notes
    -----
    Savings are positive in the arguments (as NETSAVING's ``savings``); the net rows follow NETSAVING's
    sign: ``net = investment + other costs − savings``.

    Examples
    --------
    Ballerup (1.000 kr.): BDO's case required 1,5 mio. kr. saved in 2017 (BAL-N "Investeringscase");
    the centre spent 184.861 in 2016 and 182.819 in 2017 (BAL-N "Faktisk udgiftsfordeling", I alt):

    >>> followup(1500, 182819, 184861).round(3).tolist()
    [2042.0, 542.0, 1.361]

    On the plan's footing in 2017-P/L (2016 × 1,02): placements (indgribende) 98.284 → 100.249,68 against
    95.717; home-based and preventive help changed by +1.155,12 and −2.686,94; the 12 advisers cost 5.500
    (BAL-N). BDO planned a saving of 1.500 and no knock-on costs — a planned net of +4.000:

    >>> followup(1500, 95717, 100249.68, 1155.12 - 2686.94, 5500).round(2).tolist()
    [-564.5, 4000.0, -4564.5, 4.04]
    """
    plan = inputs.vector(planned_saving, "planned_saving", empty="error")
    if plan.min() < 0:
        raise TrappenError("planned_saving", f"{danish.typed(plan.min())} er negativ; planlagte besparelser "
                           "skrives som positive beløb",
                           "står besparelseskravet negativt i rækken, så sæt minus foran den: -B5:F5")
    spent = inputs.vector(actual, "actual", empty="error")
    base = inputs.vector(baseline, "baseline", empty="error")
    named = {"planned_saving": plan, "actual": spent, "baseline": base}
    optional = {"knock_on": knock_on, "planned_knock_on": planned_knock_on, "investment": investment,
                "planned_investment": planned_investment}
    for name, value in optional.items():  # each one given is read (and refused if bad) first
        if value is not None:
            named[name] = inputs.vector(value, name, empty="zero")
    if investment is None and planned_investment is not None:
        raise TrappenError("investment", "mangler, når planned_investment er givet",
                           "giv også den realiserede investering")
    for name in ("knock_on", "planned_knock_on"):
        named.setdefault(name, np.zeros(1))
    if investment is not None:
        named.setdefault("planned_investment", named["investment"])
    arrays, shape = inputs.aligned(named)
    values = dict(zip(named, arrays, strict=True))
    realised = values["baseline"] - values["actual"]
    saved = realised - values["knock_on"]
    planned = values["planned_saving"] - values["planned_knock_on"]
    share = inputs.divide(saved, planned, "planned_saving", "andelen af planen",
                          zero="er 0 i et år" if planned_knock_on is None else "minus planned_knock_on er 0 i et år",
                          fix="giv kun de år, hvor casen planlægger en besparelse")
    if investment is None:
        rows = (saved, saved - planned, share)
    else:
        net = values["investment"] + values["knock_on"] - realised
        planned_net = values["planned_investment"] + values["planned_knock_on"] - values["planned_saving"]
        rows = (net, planned_net, net - planned_net, share)
    table = np.stack([np.broadcast_to(row, shape).reshape(-1) for row in rows])
    if table.shape[1] == 1:
        return table[:, 0]
    given = next((v for v in (planned_saving, actual, baseline, knock_on, investment, planned_knock_on,
                              planned_investment) if v is not None and np.size(v) > 1), None)
    return table.T if is_column(given) else table
