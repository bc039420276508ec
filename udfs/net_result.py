"""The net result of an investment case per year and what follows from it: spill-over, running total, payback,
present value (NETSAVING, SPILLOVER, CUMULATIVE, PAYBACKYEAR, PRESENTVALUE).

The whole case as one table is INVESTMENTCASE (``trappen.udfs.investmentcase``).

Sign convention throughout: positive = extra expenditure (merudgift), negative = saving (mindreudgift).
"""

from __future__ import annotations

import numpy as np

from . import danish, inputs
from . import documents as doc
from .errors import NotReachedError, TooLargeError, TrappenError
from .registry import INVESTMENT, Example, excel_function


@excel_function(
    "NETSAVING",
    along_row=True,
    category=INVESTMENT,
    help="Nettoresultat pr. år: investering + øvrige udgifter − besparelser. Positiv = merudgift, "
         "negativ = nettobesparelse. Tomme celler = 0.",
    result="beløb pr. år i samme enhed som input (kr., 1.000 kr., mio. kr.)",
    investment=("Investering pr. år (fx socialrådgivere), en række med ét tal pr. år.", "kr."),
    savings=("Besparelser pr. år som POSITIVE tal. Står besparelseskravet negativt, skriv -B5:F5.", "kr."),
    other_costs=("Valgfri, en eller flere rækker: øvrige udgifter pr. år (finansieringsbehov, spill-over ...).",
                 "kr."),
    example=Example(
        formula="=NETSAVING(B8:F8; -B5:F5; B6:F6; B7:F7)",
        args=(doc.BALLERUP_INVESTMENT, [-r for r in doc.BALLERUP_SAVINGS_REQUIREMENT], doc.BALLERUP_PLACEMENT_FINANCING,
              doc.BALLERUP_FURTHER_FINANCING),
        result=doc.BALLERUP_NET_FROM_ROWS,
        source="Ballerup-notatet: Nettobesparelse 2018–2022 (trykt −1,8 i 2022 pga. afrunding)",
        tolerance=1e-9,
    ),
)
def netsaving(investment, savings, *other_costs):
    """Net result of the investment case per year: investment + Σ other costs − savings.

    Ballerup's "Nettobesparelse" and Roskilde's "Samlet driftsændring". Positive = net extra expenditure
    that year (merudgift), negative = net saving (nettobesparelse).

    Parameters
    ----------
    investment : float or array_like
        The investment per year, e.g. extra social workers (any money unit; the result is in the same
        unit). Empty cells count as 0.
    savings : float or array_like
        Amounts saved per year, as positive numbers. A savings requirement printed as negative numbers
        (besparelseskrav) is passed negated (``-B5:F5`` in Excel).
    *other_costs : float or array_like
        Further extra costs per year (financing needs, spill-over, ...); may be negative.

    Returns
    -------
    float or ndarray
        Net result per year, same shape as the first row given.

    Notes
    -----
    ``net_t = investment_t + Σ_k other_k,t − savings_t``

    Examples
    --------
    Ballerup (BAL-N, "Nettobesparelse", mio. kr.): the savings requirement −3,0 ... −15,0, the placement
    financing need, the further financing need and the 12 social workers (5,5):

    >>> netsaving([5.5] * 5, [3.0, 11.2, 15, 15, 15], [-0.2, 3.4, 4.7, 3.9, 3.5], [None, 3.6, 4.1, 4.1, 4.1]).round(1)
    array([ 2.3,  1.3, -0.7, -1.5, -1.9])

    (The note prints −1,8 for 2022, from unrounded inputs.) Roskilde's "Børn og Unge", 2023 (kr.):

    >>> netsaving(6030651, 6480000)
    -449349.0
    """
    given = {"investment": investment, "savings": savings,
             **{f"other_costs {number}": cost for number, cost in enumerate(other_costs, start=1)}}
    # Fast path for large rows: add first, then check the result once. An empty or infinite cell in any
    # argument makes the total non-finite; only then is each argument checked (and empties read as 0).
    raw = {name: inputs.as_array(value, name) for name, value in given.items()}
    total, shape = _net(raw)
    if total is None or not inputs.all_finite(total):
        total, shape = _net({name: inputs.amounts(array, name) for name, array in raw.items()})
    saved = raw["savings"]
    lowest = saved.min()
    if lowest != lowest:  # NaN: an empty cell, which counts as 0
        saved = inputs.amounts(saved, "savings")
        lowest = saved.min()
    if lowest < 0:
        first = saved.reshape(-1)[np.flatnonzero(saved.reshape(-1) < 0)[0]]
        raise TrappenError(
            "savings", f"{danish.typed(first)} er negativ; besparelser skrives som positive beløb",
            "står besparelseskravet negativt i rækken, så sæt minus foran den: -B5:F5")
    return inputs.shaped(total, shape)


def _net(named: dict[str, np.ndarray]):
    """investment − savings + Σ other costs, accumulated in place; (None, shape) if an argument is empty."""
    if any(array.size == 0 for array in named.values()):
        return None, ()
    arrays, shape = inputs.aligned(named)
    total = np.subtract(arrays[0], arrays[1])
    if isinstance(total, np.ndarray) and total.shape == shape:  # no temporary per row
        for cost in arrays[2:]:
            np.add(total, cost, out=total)
    else:
        for cost in arrays[2:]:
            total = total + cost
    return total, shape


#: Years by which PRESENTVALUE may discount the first amount (1e308 years would discount everything to 0).
MAX_OFFSET = 100


def spillover_costs(change, share):
    """The new costs that follow a change in placement costs: ``share × max(0, −change)`` (a rise gives 0).

    The numpy core of SPILLOVER's rule, also used by the batched investment case (udfs.investmentcase).
    """
    return np.maximum(-change, 0.0) * share


def spillover_shares(home_share, preventive_share) -> tuple[float, float]:
    """SPILLOVER's two shares read as decimals (default Ballerup's 0.2 and 0.1), together at most 1.

    A fall in placement costs cannot bring more new costs than itself: 0.9 + 0.2 would turn a fall of
    10 into 11 of new costs. Shared by every function that applies the rule (the case functions too).
    """
    home = inputs.share(home_share, "home_share", default=0.2)
    preventive = inputs.share(preventive_share, "preventive_share", default=0.1)
    inputs.share_sum({"home_share": home, "preventive_share": preventive})
    return home, preventive


#: The help of the spill-over shares, for every function that applies the rule (SPILLOVER and the case functions).
SPILLOVER_SHARES_HELP = dict(
    home_share=("Valgfri: andel af faldet, der bliver hjemmebaserede udgifter. Standard 0,2.", "andel"),
    preventive_share=("Valgfri: andel af faldet, der bliver forebyggende udgifter. Standard 0,1.", "andel"),
)


def discounted(amounts, rate, periods):
    """``amounts / (1 + rate) ** periods``: PRESENTVALUE's convention (period 0 is not discounted)."""
    return amounts / (1.0 + rate) ** periods


@excel_function(
    "SPILLOVER",
    category=INVESTMENT,
    help="Nye udgifter, der følger af et fald i anbringelsesudgifterne: 20 % hjemmebaseret og 10 % "
         "forebyggende (Ballerups regel). Giver to celler pr. år; en stigning giver 0.",
    result="beløb i samme enhed som ændringen; positive = merudgift",
    placement_change=("Ændring i anbringelsesudgiften (negativ = fald), ét tal eller en række pr. år.", "kr."),
    **SPILLOVER_SHARES_HELP,
    example=Example(
        formula="=SPILLOVER(-1)",
        args=(-1.0,),
        result=[0.2, 0.1],
        source="Ballerup-notatet: Simuleringer — hver gang udgifterne til anbragte falder med 1,0 mio. kr.",
    ),
)
def spillover(placement_change, home_share=0.2, preventive_share=0.1):
    """New home-based and preventive costs that follow a fall in placement costs (afsmittende effekt).

    Ballerup's simulation rule: for each 1,0 mio. kr. fall in placement costs, 0,2 mio. kr. become new
    home-based costs and 0,1 mio. kr. new preventive costs. A rise in placement costs gives 0.

    Parameters
    ----------
    placement_change : float or array_like
        Change in placement costs per year (negative = a fall), any money unit.
    home_share, preventive_share : float, optional
        Shares of the fall that reappear as home-based and preventive costs, as decimals (0.2 and 0.1);
        together at most 1 (a fall cannot bring more new costs than itself).

    Returns
    -------
    ndarray
        For one change: ``[home, preventive]``. For a row of n years: 2 rows (home, preventive) × n;
        for a column: n rows × 2 columns. Positive = extra expenditure, in the unit of the change.

    Notes
    -----
    ``home = max(0, −change) × home_share``; ``preventive = max(0, −change) × preventive_share``

    Examples
    --------
    >>> spillover(-1.0).tolist()
    [0.2, 0.1]
    >>> spillover([-2.0, 0.5]).tolist()
    [[0.4, 0.0], [0.2, 0.0]]
    """
    change = inputs.numbers(placement_change, "placement_change")
    home, preventive = spillover_shares(home_share, preventive_share)
    if change.ndim == 2 and change.shape[1] == 1 and change.shape[0] > 1:  # a column of years
        return np.hstack([spillover_costs(change, home), spillover_costs(change, preventive)])
    change = change.reshape(-1) if change.ndim < 2 or change.shape[0] == 1 else change
    if change.ndim == 2:
        raise TrappenError("placement_change", f"er en blok på {inputs.describe(change)}",
                           "giv én række eller én kolonne med ændringer")
    result = np.vstack([spillover_costs(change, home), spillover_costs(change, preventive)])
    return result[:, 0] if result.shape[1] == 1 else result


@excel_function(
    "CUMULATIVE",
    category=INVESTMENT,
    help="Løbende sum (akkumuleret) af en række, fx det akkumulerede nettoresultat. Tomme celler = 0.",
    result="beløb i samme enhed som input",
    net_by_year=("En række (eller kolonne) med ét beløb pr. år.", "kr."),
    example=Example(
        formula="=CUMULATIVE(B9:F9)",
        args=(doc.BALLERUP_NET_PRINTED,),
        result=[2.3, 3.6, 2.9, 1.4, -0.4],
        source="Ballerup-notatet: Nettobesparelse 2018–2022, akkumuleret",
        tolerance=1e-9,
    ),
)
def cumulative(net_by_year):
    """Running total of a row (akkumuleret), e.g. the cumulative net result of the investment case.

    Parameters
    ----------
    net_by_year : array_like
        One amount per year (a row or a column; a block is summed along its rows). Empty cells count as 0.

    Returns
    -------
    ndarray
        Same shape; element t is the sum of elements 0..t, in the unit of the input.

    Examples
    --------
    Ballerup's net result 2018–2022 (BAL-N, mio. kr.) pays back in 2022:

    >>> cumulative([2.3, 1.3, -0.7, -1.5, -1.8]).round(1).tolist()
    [2.3, 3.6, 2.9, 1.4, -0.4]
    """
    amounts = inputs.amounts(net_by_year, "net_by_year")
    if amounts.ndim == 2 and amounts.shape[1] == 1:
        return np.cumsum(amounts, axis=0)
    return np.cumsum(amounts, axis=-1) if amounts.ndim else amounts + 0.0


@excel_function(
    "PAYBACKYEAR",
    category=INVESTMENT,
    help="Tilbagebetalingsår: det første år, hvor det akkumulerede nettoresultat er ≤ 0 (investeringen "
         "har tjent sig hjem). #N/A, hvis det ikke sker inden for årene.",
    result="år",
    net_by_year=("Nettoresultat pr. år (positiv = merudgift), en række. Tomme celler = 0.", "kr."),
    years=("Årstallene for hvert beløb (fx 2018;...;2022), samme længde.", "år"),
    example=Example(
        formula="=PAYBACKYEAR(B9:F9; B4:F4)",
        args=(doc.BALLERUP_NET_PRINTED, doc.BALLERUP_YEARS),
        result=2022,
        source="Ballerup-notatet: Nettobesparelse 2018–2022",
    ),
)
def paybackyear(net_by_year, years):
    """The first year in which the cumulative net result is ≤ 0: the investment has paid for itself.

    Parameters
    ----------
    net_by_year : array_like
        Net result per year (positive = extra expenditure), one row. Empty cells count as 0.
    years : array_like
        The year of each amount, same length: whole years, each later than the one before.

    Returns
    -------
    int
        The payback year (tilbagebetalingsår). Raises :class:`~udfs.errors.NotReachedError` (Excel:
        ``#N/A``) when the cumulative result stays above 0 within the years given.

    Examples
    --------
    Ballerup (BAL-N): 2,3 1,3 −0,7 −1,5 −1,8 mio. kr. accumulate to −0,4 in 2022:

    >>> paybackyear([2.3, 1.3, -0.7, -1.5, -1.8], [2018, 2019, 2020, 2021, 2022])
    2022
    """
    net = inputs.vector(net_by_year, "net_by_year")
    when = inputs.years(years, "years", size=net.size, other="net_by_year")
    running = np.cumsum(net)
    if not np.isfinite(running[-1]) or not np.isfinite(running).all():
        raise TooLargeError("net_by_year", "den akkumulerede sum er for stor til at regne med",
                            "tjek for fejltastninger")
    reached = np.flatnonzero(running <= 0)
    if reached.size == 0:
        raise NotReachedError("net_by_year", f"det akkumulerede resultat er stadig over 0 i {danish.year(when[-1])}",
                              "casen tjener sig ikke hjem inden for årene")
    return int(when[reached[0]])


@excel_function(
    "PRESENTVALUE",
    category=INVESTMENT,
    help="Nutidsværdi: Σ beløb_t / (1+rente)^(t+forskydning), t = 0, 1, 2 ... Første år tilbagediskonteres "
         "ikke (modsat Excels NPV), medmindre first_year_offset = 1.",
    result="beløb i samme enhed som input",
    amounts=("Beløb pr. år, en række. Tomme celler = 0.", "kr."),
    rate=("Diskonteringsrente pr. år som decimal, fx 0,035 for 3,5 %.", "andel pr. år"),
    first_year_offset=("Valgfri: antal år, første beløb tilbagediskonteres. Standard 0.", "år"),
    example=Example(
        formula="=PRESENTVALUE(B9:F9; 0,035)",
        args=(doc.ROSKILDE_NET, 0.035),
        result=sum(v / 1.035 ** t for t, v in enumerate(doc.ROSKILDE_NET)),
        source="Roskilde-notatet: Børn og Unge, samlet driftsændring 2019–2023 ved 3,5 % (håndregnet)",
        tolerance=1e-6,
    ),
)
def presentvalue(amounts, rate, first_year_offset=0.0):
    """Present value of a row of yearly amounts: Σ amount_t / (1 + rate) ** (t + first_year_offset).

    Unlike Excel's ``NPV``, the first amount is not discounted unless ``first_year_offset`` is 1.

    Parameters
    ----------
    amounts : array_like
        One amount per year (any money unit; the result is in the same unit). Empty cells count as 0.
    rate : float
        Discount rate per year as a decimal (0.035 for 3,5 %), above -1 and at most 1.
    first_year_offset : float, optional
        Years by which the first amount is discounted, -100 to 100. Default 0.

    Returns
    -------
    float
        The present value (nutidsværdi).

    Examples
    --------
    Roskilde's "Børn og Unge" net change 2019–2023 (ROS, kr.) at 3,5 %:

    >>> round(presentvalue([6380651, 5630651, 4430651, 2580651, -449349], 0.035))
    17892971
    """
    values = inputs.vector(amounts, "amounts")
    discount = inputs.share(rate, "rate", lowest=-0.99)
    offset = inputs.scalar(first_year_offset, "first_year_offset", default=0.0)
    inputs.bounded(offset, "first_year_offset", -MAX_OFFSET, MAX_OFFSET,
                   f"skriv antal år, første beløb tilbagediskonteres, fx 0 eller 1 (højst {MAX_OFFSET})")
    periods = np.arange(values.size) + offset
    return float(np.sum(discounted(values, discount, periods)))
