"""The whole investment case year by year as one spilled table (INVESTMENTCASE).

The arithmetic is the shared model of ``trappen.udfs.case_model``; this module reads the arguments, applies
the defaults (Ballerup's 20 % and 10 % spill-over) and lays the rows out as Excel shows them.

Sign convention throughout: positive = extra expenditure (merudgift), negative = saving (mindreudgift).
Amounts are in the unit of the inputs (kr., 1.000 kr., mio. kr.); nothing is rescaled.
"""

from __future__ import annotations

from . import documents as doc
from . import inputs
from .case_model import case_help, case_table, read_case
from .investment_case import spillover_shares
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
    "Tilbagebetalingsår (0 = ikke inden for årene)",
)

# Roskilde note (ROS), "Børn og Unge samlet" (kr.): activity counts September 2017 and 2023 for § 11,
# § 52, slægt/netværk, plejefamilie, institution; cost per case ("-" where there is no price and no


# --- the Excel function -----------------------------------------------------------------------------------

@excel_function(
    "INVESTMENTCASE",
    category=INVESTMENT,
    help="Hele investeringscasen år for år. Spiller 9 rækker × år: anbringelsesudgift, ændring mod basis, "
         "afsmitning, investering, øvrige udgifter, netto, akkumuleret, nutidsværdi, tilbagebetalingsår "
         "(1. celle; 0 = aldrig).",
    result="tabel 9 rækker × år i input-enheden (kr. ...), positiv = merudgift; række 9, 1. celle: år",
    years=("Valgfri: årstallene (fx 2019;...;2023) til tilbagebetalingsåret. Standard 1, 2, 3 ...", "år"),
    **case_help(
        "base_counts", "target_counts", "phase_in", "unit_prices", "investment", "price_growth",
        "home_share", "preventive_share", "deadweight", "optimism_bias", "discount_rate",
        "other_costs"),
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
                   other_costs=0.0, years=None):
    """The whole investment case year by year, as one table: costs, effect, investment, net and payback.

    From a few inputs (placement counts by type now and in the target, a phase-in path, unit prices,
    the investment) compute the case's rows for each year, with optional price growth, spill-over to
    home-based and preventive help, deadweight (dødvægt), optimism bias and discounting.

    Parameters
    ----------
    base_counts, target_counts : array_like
        Placements (anbringelser) or cases per type now and at full phase-in, one per type (a column).
        Empty cells count as 0; no negatives.
    phase_in : array_like
        Share (decimal 0..1) of the planned change reached in each year, one per year; its length sets
        the number of years. Empty cells count as 0.
    unit_prices : array_like
        Yearly cost of one placement per type in the price year (the first year), e.g. kr. per
        placement-year; the result is in the same unit. Empty only where the count does not change;
        such a type (no price) is left out of every row.
    investment : float or array_like
        Investment per year (e.g. extra social workers), one number or one per year.
    price_growth : float, optional
        Growth of the unit prices per year beyond the budget's own price level (decimal, -0.99..1),
        applied as ``(1 + g) ** t`` in year index t = 0, 1, ...; the baseline keeps the first year's
        prices, so growth above the budget's level is an extra cost of the case. Default 0.
    home_share, preventive_share : float, optional
        Shares (decimals) of the case's fall in placement costs that become new home-based and preventive
        costs (SPILLOVER's rule), together at most 1. Default 0.2 and 0.1 (Ballerup).
    deadweight : float, optional
        Share (decimal 0..1) of the planned change that would have happened anyway: the baseline moves by
        ``deadweight ×`` the planned change, so only ``1 − deadweight`` of it counts. Default 0.
    optimism_bias : float, optional
        Uplift (decimal, at most 2 = 200 %) on the positive amounts of investment and other costs, as in
        the UK Green Book and the GMCA cost-benefit model. Default 0.
    discount_rate : float, optional
        Discount rate per year for the present-value row (decimal). Default 0.
    other_costs : float or array_like, optional
        Further costs per year (e.g. Ballerup's financing needs): a row, or several rows that are summed.
        Default 0.
    years : array_like, optional
        The calendar year of each column (e.g. 2019 ... 2023), used for the payback year. Default 1, 2, ...

    Returns
    -------
    ndarray
        9 rows × years (years × 9 when the per-year ranges are given as columns), in the unit of the
        prices and investment; positive = extra expenditure (merudgift):

        1. placement cost with the case (Anbringelsesudgift med casen),
        2. change against the baseline, negative = saving (Ændring i anbringelsesudgift mod basis),
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
    See :func:`trappen.udfs.case_model.case_table` for the formulas. For #N/A instead of 0 when the case never pays back, use
    ``=PAYBACKYEAR(INDEX(table;6;0); years)`` on row 6.

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

    Ballerup 2018–2022 (BAL-N "Nettobesparelse", mio. kr.): the savings requirement as one "type" of
    15,0 mio. kr. phased in as 3,0 / 11,2 / 15,0 ..., the 12 social workers and the financing needs:

    >>> table = investmentcase([1], [0], [0.2, 11.2/15, 1, 1, 1], [15.0], 5.5, 0, 0, 0,
    ...                        other_costs=[[-0.2, 3.4, 4.7, 3.9, 3.5], [None, 3.6, 4.1, 4.1, 4.1]],
    ...                        years=[2018, 2019, 2020, 2021, 2022])
    >>> table[5].round(1).tolist(), int(table[8, 0])
    ([2.3, 1.3, -0.7, -1.5, -1.9], 2022)
    """
    case = read_case(base_counts, target_counts, phase_in, unit_prices, investment, other_costs, years)
    home, preventive = spillover_shares(home_share, preventive_share)
    rows = case_table(
        case.base, case.target, case.phase, case.prices, case.investment, case.other,
        price_growth=inputs.share(price_growth, "price_growth", default=0.0, lowest=-0.99),
        home_share=home,
        preventive_share=preventive,
        deadweight=inputs.share(deadweight, "deadweight", default=0.0),
        optimism_bias=inputs.share(optimism_bias, "optimism_bias", default=0.0, highest=2.0),
        discount_rate=inputs.share(discount_rate, "discount_rate", default=0.0, lowest=-0.99),
    )
    table = rows.table(case.years)[0]
    return table.T if case.column else table
