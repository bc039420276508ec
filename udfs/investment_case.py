"""The whole investment case year by year as one spilled table (INVESTMENTCASE).

The arithmetic is the shared model of ``trappen.udfs.case_model``; this module reads the arguments, applies
the defaults (Ballerup's 20 % and 10 % spill-over) and lays the rows out as Excel shows them.

Sign convention throughout: positive = extra expenditure (merudgift), negative = saving (mindreudgift).
Amounts are in the unit of the inputs (kr., 1.000 kr., mio. kr.); nothing is rescaled.
"""

from __future__ import annotations

from . import documents as doc
from .case_model import case_help, case_table, read_assumptions, read_case
from .registry import INVESTMENT, Example, excel_function

ROWS = ("placement_cost", "change", "spillover", "investment", "other_costs", "net", "cumulative",
        "present_value", "payback_year")

#: The Danish labels of those rows, for the template to put beside the spilled table.
ROW_LABELS = (
    "Anbringelsesudgift med casen",
    "Ændring i anbringelsesudgift mod basis",
    "Afsmittende udgifter (hjemmebaseret og forebyggende)",
    "Investering inkl. optimismetillæg",
    "Øvrige udgifter inkl. optimismetillæg",
    "Nettoresultat",
    "Akkumuleret nettoresultat",
    "Nutidsværdi (akkumuleret, tilbagediskonteret)",
    "Tilbagebetalingsår",
)


# --- the Excel function -----------------------------------------------------------------------------------

@excel_function(
    "INVESTMENTCASE",
    heavy=True,
    category=INVESTMENT,
    help="Hele investeringscasen år for år. Spiller 9 rækker × år: anbringelsesudgift, ændring mod basis, "
         "afsmitning, investering, øvrige udgifter, netto, akkumuleret, nutidsværdi, tilbagebetalingsår "
         "(1. celle; 0 = aldrig).",
    result="tabel 9 rækker × år i input-enheden (kr. ...), positiv = merudgift; række 9, 1. celle: år",
    years=("Valgfri: årstallene (fx 2019;...;2023) til tilbagebetalingsåret. Standard 1, 2, 3 ...", "år"),
    **case_help(
        "base_counts", "target_counts", "phase_in", "unit_prices", "investment", "price_growth",
        "home_share", "preventive_share", "deadweight", "optimism_bias", "discount_rate",
        "other_costs", "savings_bias", "price_view", "price_offset", "prior_costs"),
    example=Example(
        formula="=INVESTMENTCASE(B5:B9; G5:G9; B12:F12; I5:I9; B3:F3; 0; 0; 0)",
        args=(doc.ROSKILDE_BASE, doc.ROSKILDE_TARGET, doc.ROSKILDE_PHASE_IN, doc.ACTIVITY_COST_PER_CASE,
              doc.ROSKILDE_INVESTMENT, 0.0, 0.0, 0.0),
        result=[
            [63_280_000 - 6_480_000 * p for p in doc.ROSKILDE_PHASE_IN],  # 7×160.000 + 66×510.000 + 30×950.000
            [0.0 - 6_480_000 * p for p in doc.ROSKILDE_PHASE_IN],  # 0, −750.000 ... −6.480.000: Driftsbesparelse
            [0.0] * 5,
            doc.ROSKILDE_INVESTMENT,
            [0.0] * 5,
            doc.ROSKILDE_NET,  # Samlet driftsændring
            [6_380_651, 12_011_302, 16_441_953, 19_022_604, 18_573_255],
            [6_380_651, 12_011_302, 16_441_953, 19_022_604, 18_573_255],
            [0.0] * 5,  # never pays back by 2023
        ],
        source="Roskilde-notatet: Børn og Unge 2019–2023, aktivitetstabellen indfaset som driftsbesparelsen",
        tolerance=1e-6,
    ),
)
def investmentcase(base_counts, target_counts, phase_in, unit_prices, investment, price_growth=0.0,
                   home_share=0.2, preventive_share=0.1, deadweight=0.0, optimism_bias=0.0, discount_rate=0.0,
                   other_costs=0.0, years=None, savings_bias=0.0, price_view=2, price_offset=0, prior_costs=0.0):
    """The whole investment case year by year, as one table: costs, effect, investment, net and payback.

    From a few inputs (placement counts by type without the intervention and as planned, a phase-in
    path, unit prices, the investment) compute the case's rows for each year, with optional price growth,
    spill-over to home-based and preventive help, deadweight (dødvægt), optimism bias on costs and on
    savings, discounting, and either view of prices.

    Parameters
    ----------
    base_counts : array_like
        Placements (anbringelser) or cases per type without the intervention (the base), one per type
        (a column). Empty cells count as 0; no negatives.
    target_counts : array_like
        The planned placements: one per type (the target at full phase-in), or a block with one row per
        type and one column per year (a future scenario, e.g. Ballerup's "Fremtidigt scenarie").
    phase_in : array_like
        Share (decimal) of the planned change reached in each year, one per year; its length sets the
        number of years; 1 = as planned, above 1 = more than planned (at most 3). Empty cells count as 0.
    unit_prices : array_like
        Yearly cost of one placement per type at the prices' own year, e.g. kr. per placement-year; the
        result is in the same unit. Empty only where the count does not change; such a type (no price)
        is left out of every row.
    investment : float or array_like
        Investment per year (e.g. extra social workers), one number or one per year.
    price_growth : float, optional
        Growth of the unit prices per year beyond the general price and wage level (P/L), decimal
        -0.99..1, applied as ``(1 + g) ** (t + price_offset)`` in year index t = 0, 1, .... How it acts
        depends on ``price_view``. Default 0.
    home_share, preventive_share : float, optional
        Shares (decimals) of the case's fall in placement costs that become new home-based and preventive
        costs (SPILLOVER's rule), together at most 1. Default 0.2 and 0.1 (Ballerup).
    deadweight : float, optional
        Share (decimal 0..1) of the planned change that would have happened anyway: the baseline moves by
        ``deadweight ×`` the planned change, so only ``1 − deadweight`` of it counts. Default 0.
    optimism_bias : float, optional
        Uplift (decimal, at most 2 = 200 %) on the positive amounts of investment and other costs, as in
        the UK Green Book and the GMCA cost-benefit model (e.g. 0.05 for confidence grade 2). Default 0.
    discount_rate : float, optional
        Discount rate per year for the present-value row (decimal). Default 0.
    other_costs : float or array_like, optional
        Further costs per year (e.g. Ballerup's financing needs): a row, or several rows that are summed.
        Default 0.
    years : array_like, optional
        The calendar year of each column (e.g. 2019 ... 2023), used for the payback year. Default 1, 2, ...
    savings_bias : float, optional
        Optimism bias on savings (decimal 0..1): a planned fall in placement costs is reduced by this share
        (the Green Book and GMCA reduce benefits as they raise costs, e.g. 0.15 for confidence grade 4).
        A planned rise is left as it is. Default 0.
    price_view : int, optional
        1: the same prices with and without the intervention (the Green Book and SØM): both are valued at
        each year's prices, so rising prices raise the saving. 2 (default): budget pressure (Ballerup's
        note): the situation without the intervention is today's budget at the prices' own year, so the
        growth of every placement's price is a financing need of the case. The default is 2 because that is
        what ``price_growth`` meant in Trappen 0.1, before this argument existed (the template passes 1).
    price_offset : int, optional
        Years from the unit prices' own year to the first year, e.g. 1 for 2017 prices in a case from
        2018. Default 0.
    prior_costs : float, optional
        Net costs spent before the first year (e.g. Ballerup's 12 social workers from 1 February 2017,
        before a case from 2018), in the unit of the inputs: the cumulative and present-value rows start
        from it, so the payback year counts it. Default 0.

    Returns
    -------
    ndarray
        9 rows × years (years × 9 when the per-year ranges are given as columns), in the unit of the
        prices and investment; positive = extra expenditure (merudgift):

        1. placement cost with the case (Anbringelsesudgift med casen),
        2. change against the situation without the intervention, negative = saving (Ændring i
           anbringelsesudgift mod basis); in view 1 it is the case's own effect, in view 2 it also holds
           the price growth on the placements the budget keeps,
        3. spill-over: home-based + preventive costs (Afsmittende udgifter),
        4. investment incl. optimism bias (Investering inkl. optimismetillæg),
        5. other costs incl. optimism bias (Øvrige udgifter inkl. optimismetillæg),
        6. net = 2 + 3 + 4 + 5 (Nettoresultat),
        7. cumulative net (Akkumuleret nettoresultat),
        8. present value: cumulative discounted net, first year undiscounted, as PRESENTVALUE (Nutidsværdi),
        9. payback year in the first cell: the first year whose cumulative net is ≤ 0, or 0 if that does not
           happen within the years (Tilbagebetalingsår); the other cells are 0.

    Notes
    -----
    See :func:`trappen.udfs.case_model.case_table` for the formulas. For #N/A instead of 0 when the case
    never pays back, use ``=PAYBACKYEAR(INDEX(table;6;0); years)`` on row 6.

    Examples
    --------
    Roskilde's "Børn og Unge" scenario (ROS, kr.): the activity table's counts (september 2017 → 2023)
    and costs per case, phased in as the printed Driftsbesparelse (0, 750.000 ... 6.480.000), with no
    spill-over: the net row is the printed "Samlet driftsændring", and it never pays back by 2023 (0):

    >>> phase = [0, 750/6480, 1750/6480, 3500/6480, 1]
    >>> table = investmentcase([42, 259, 7, 66, 30], [42, 259, 14, 66, 22], phase,
    ...                        [None, None, 160000, 510000, 950000],
    ...                        [6380651, 6380651, 6180651, 6080651, 6030651], 0, 0, 0,
    ...                        years=[2019, 2020, 2021, 2022, 2023])
    >>> table[5].round().tolist()
    [6380651.0, 5630651.0, 4430651.0, 2580651.0, -449349.0]
    >>> int(table[8, 0])
    0

    Ballerup 2018–2022 (BAL-N, mio. kr.) on its placements: from January 2017 (the note's baseline, 149
    placements) to the note's future scenario (a block types × years) at 2017 prices, with the 12 social
    workers (5,5), the increased inflow (2,3 from 2019) and the 20 %/10 % spill-over. At full phase-in
    the placements cost 15,4 mio. kr. less than in January 2017, near BDO's requirement of 15,0; at the
    same prices the case pays back in its first year:

    >>> base = [44, 7, 6, 2, 24, 7, 59]
    >>> scenario = [[42, 39, 38, 38, 38], [4, 4, 5, 5, 5], [5, 5, 5, 5, 5], [0, 0, 0, 0, 0],
    ...             [17, 15, 15, 15, 15], [7, 7, 7, 7, 7], [57, 58, 55, 55, 55]]
    >>> prices = [0.957106, 0.062472, 0.354552, 0, 0.885961, 0.351639, 0.303447]  # mio. kr.; "-" as 0
    >>> table = investmentcase(base, scenario, [1] * 5, prices, 5.5, other_costs=[0, 2.3, 2.3, 2.3, 2.3],
    ...                        years=[2018, 2019, 2020, 2021, 2022], price_offset=1)
    >>> table[1].round(1).tolist(), table[5].round(1).tolist(), int(table[8, 0])
    ([-9.3, -13.6, -15.4, -15.4, -15.4], [-1.0, -1.7, -3.0, -3.0, -3.0], 2018)

    With the unit prices rising 2 % a year beyond P/L, the same prices raise the saving; against today's
    budget (price_view 2) the price growth on the placements Ballerup keeps is a financing need, and the
    case does not pay back by 2022 (0):

    >>> same = investmentcase(base, scenario, [1] * 5, prices, 5.5, 0.02, other_costs=[0, 2.3, 2.3, 2.3, 2.3],
    ...                       years=[2018, 2019, 2020, 2021, 2022], price_view=1, price_offset=1)
    >>> budget = investmentcase(base, scenario, [1] * 5, prices, 5.5, 0.02, other_costs=[0, 2.3, 2.3, 2.3, 2.3],
    ...                         years=[2018, 2019, 2020, 2021, 2022], price_view=2, price_offset=1)
    >>> round(float(same[6, -1]), 1), int(same[8, 0]), round(float(budget[6, -1]), 1), int(budget[8, 0])
    (-14.9, 2018, 11.7, 0)
    """
    case = read_case(base_counts, target_counts, phase_in, unit_prices, investment, other_costs, years)
    assumptions = read_assumptions(
        price_growth=price_growth, deadweight=deadweight, optimism_bias=optimism_bias, savings_bias=savings_bias,
        price_view=price_view, price_offset=price_offset, home_share=home_share,
        preventive_share=preventive_share, discount_rate=discount_rate, prior_costs=prior_costs)
    rows = case_table(case.base, case.target, case.phase, case.prices, case.investment, case.other,
                      **assumptions)
    table = rows.table(case.years)[0]
    return table.T if case.column else table
