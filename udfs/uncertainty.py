"""Uncertainty of the investment case (usikkerhed): switching values, a tornado table and Monte Carlo.

Every function here evaluates many assumption sets at once with the one batched core,
:func:`trappen.udfs.case_model.case_table`; none repeats the case's arithmetic and none loops over scenarios in
Python.

* :func:`breakevenfall` and :func:`breakevengrowth` find switching values (break-even values) for
  Aabenraa's rule that the investment must balance within four years (AAB: "En initial investering skal
  balancere økonomisk over en fireårig periode"): a grid of candidate values is evaluated in one batch,
  then the bracket around the switch is refined by further batches (k-section, a vectorised bisection).
* :func:`tornado` varies each assumption of :data:`ASSUMPTIONS` to its low and its high value, one at a
  time.
* :func:`montecarlo` draws all of them at once for n scenarios with a seeded numpy generator.

Sign convention: positive = extra expenditure (merudgift), negative = saving. Amounts are in the unit of
the inputs and never rescaled.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from . import danish, errors
from . import documents as doc
from . import inputs
from .errors import NotReachedError, TrappenError
from .registry import UNCERTAINTY, Example, excel_function
from .case_model import Case, CaseInputs, case_help, case_table, horizon_years, optional_row, read_case
from .investment_case import spillover_shares


@dataclass(frozen=True)
class Assumption:
    """One assumption that TORNADO and MONTECARLO vary: its name, Danish label and allowed range."""

    name: str
    label: str
    lowest: float
    highest: float


#: The assumptions varied by TORNADO and MONTECARLO, in the fixed order of ``low``/``high`` and of
#: TORNADO's rows. "achieved" scales the phase-in (1 = the planned change is reached); "overrun"
#: scales the investment (0.1 = 10 % more than planned).
ASSUMPTIONS = (
    Assumption("price_growth", "Prisudvikling pr. år ud over budgettets prisniveau", -0.99, 1.0),
    Assumption("achieved", "Opnået andel af den planlagte ændring", 0.0, 1.0),
    Assumption("deadweight", "Dødvægt: andel, der var sket alligevel", 0.0, 1.0),
    Assumption("optimism_bias", "Optimismetillæg på investering og øvrige udgifter", 0.0, 2.0),
    Assumption("overrun", "Overskridelse af investeringen", -1.0, 2.0),
)

#: The assumptions' short Danish names, for messages (in the order of ASSUMPTIONS, as TORNADO's help lists them).
_SHORT_LABELS = ("prisvækst", "opnået andel", "dødvægt", "optimismetillæg", "overskridelse")

#: The columns of TORNADO's result, in order, with their Danish labels.
TORNADO_COLUMNS = ("Resultat ved lav værdi", "Resultat ved høj værdi", "Udsving (forskel)")

#: Monte Carlo limits: at most this many scenarios, and scenarios × years (memory: 8 bytes each).
MAX_SCENARIOS = 1_000_000
MAX_CELLS = 10_000_000
_CHUNK = 100_000  # scenarios computed together (bounds the memory of the intermediate rows)
_CHUNK_CELLS = 1_000_000  # ... and at most this many scenarios × years at once

# Vectorised search: a first grid of candidate values, then refining grids inside the bracket.
_GRID, _REFINE, _ROUNDS = 1025, 33, 12

# A Roskilde "Børn og Unge" tornado (ROS, kr.): low and high value of each assumption.
_ROSKILDE_LOW = [0.0, 0.5, 0.0, 0.0, 0.0]
_ROSKILDE_HIGH = [0.02, 1.0, 0.3, 0.2, 0.1]
_ROSKILDE_CASE = (doc.ROSKILDE_BASE, doc.ROSKILDE_TARGET, doc.ROSKILDE_PHASE_IN, doc.ACTIVITY_COST_PER_CASE,
                  doc.ROSKILDE_INVESTMENT)
_ROSKILDE_INVESTMENT_TOTAL = sum(doc.ROSKILDE_INVESTMENT)  # 31.053.255 kr. 2019–2023
_ROSKILDE_SAVINGS_TOTAL = sum(s or 0 for s in doc.ROSKILDE_SAVINGS)  # 750.000 + ... + 6.480.000 = 12.480.000


def _roskilde_cumulative_at_growth(growth: float) -> float:
    """Hand-worked: Roskilde's cumulative net 2019–2023 with unit prices growing by ``growth`` a year."""
    base_cost, change = 63_280_000, -6_480_000  # Σ base × price; Σ (2023 − base) × price
    return sum(investment + base_cost * ((1 + growth) ** t - 1) + phase * change * (1 + growth) ** t
               for t, (investment, phase) in enumerate(zip(doc.ROSKILDE_INVESTMENT, doc.ROSKILDE_PHASE_IN)))


def _roskilde_growth_at_balance() -> float:
    """Hand-worked: the growth g at which Roskilde's cumulative net 2023 is 0 — a polynomial in x = 1 + g.

    Σ_t I_t + Σ_t [B (x^t − 1) + p_t D x^t] = 0, i.e. Σ_t (B + p_t D) x^t + (Σ_t I_t − 5 B) = 0.
    """
    base_cost, change = 63_280_000, -6_480_000
    coefficients = [base_cost + phase * change for phase in doc.ROSKILDE_PHASE_IN]
    coefficients[0] += _ROSKILDE_INVESTMENT_TOTAL - len(doc.ROSKILDE_PHASE_IN) * base_cost
    roots = np.polynomial.polynomial.polyroots(coefficients)
    x = min((r.real for r in roots if abs(r.imag) < 1e-12 and r.real > 0), key=lambda r: abs(r - 1))
    return float(x - 1)


# --- shared readers and the batch evaluation ----------------------------------------------------------------

def read_ranges(low, high) -> tuple[np.ndarray, np.ndarray]:
    """``low`` and ``high``: one value per assumption of :data:`ASSUMPTIONS`, each within its range, low ≤ high."""
    lows, highs = _assumption_values(low, "low"), _assumption_values(high, "high")
    above = np.flatnonzero(lows > highs)
    if above.size:
        k = int(above[0])
        raise TrappenError("low", f"række {k + 1} ({_SHORT_LABELS[k]}): {danish.typed(lows[k])} er over high "
                           f"{danish.typed(highs[k])}", "sæt den laveste værdi i low og den højeste i high")
    return lows, highs


def _assumption_values(value, name: str) -> np.ndarray:
    row = inputs.vector(value, name, empty="error")
    order = ", ".join(_SHORT_LABELS)
    sizes = f"har {errors.count(row.size, 'værdi')}, men der er {errors.count(len(ASSUMPTIONS), 'forudsætning')}"
    if row.size > len(ASSUMPTIONS):
        raise TrappenError(name, sizes, f"giv én værdi for hver, i denne rækkefølge: {order}")
    for k, (number, assumption) in enumerate(zip(row.tolist(), ASSUMPTIONS), start=1):
        try:
            inputs.share(number, name, lowest=assumption.lowest, highest=assumption.highest)
        except TrappenError as error:
            raise TrappenError(name, f"række {k} ({_SHORT_LABELS[k - 1]}): {error.problem}", error.fix) from None
    if row.size < len(ASSUMPTIONS):
        raise TrappenError(name, sizes, f"giv én værdi for hver, i denne rækkefølge: {order} (lav = høj: "
                                        "varieres ikke)")
    return row


def evaluate(case: CaseInputs, assumptions: np.ndarray, *, home_share: float, preventive_share: float,
             discount_rate: float = 0.0) -> Case:
    """The case for a batch of assumption sets: ``assumptions`` is (scenarios, 5) in :data:`ASSUMPTIONS` order."""
    values = np.asarray(assumptions, dtype=float)
    return case_table(case.base, case.target, case.phase, case.prices, case.investment, case.other,
                      price_growth=values[:, 0], achieved=values[:, 1], deadweight=values[:, 2],
                      optimism_bias=values[:, 3], overrun=values[:, 4], home_share=home_share,
                      preventive_share=preventive_share, discount_rate=discount_rate)


def draw_assumptions(low: np.ndarray, high: np.ndarray, n: int, seed: int, triangular: bool = False) -> np.ndarray:
    """n draws of the assumptions, (n, 5): ``np.random.default_rng(seed).random((n, 5))`` mapped onto [low, high].

    Uniform, or symmetric triangular with its peak at the midpoint (inverse of the distribution
    function). Where low == high every draw is exactly low.
    """
    u = np.random.default_rng(seed).random((n, len(ASSUMPTIONS)))
    if triangular:
        u = np.where(u < 0.5, np.sqrt(u / 2.0), 1.0 - np.sqrt((1.0 - u) / 2.0))
    return low + (high - low) * u


def _point(price_growth: float, deadweight: float, optimism_bias: float) -> np.ndarray:
    """The case's own values of the five assumptions (achieved 1, no overrun)."""
    return np.array([price_growth, 1.0, deadweight, optimism_bias, 0.0])


def _switch(passes, low: float, high: float, passing_low: bool) -> float:
    """The switching value in [low, high] where ``passes`` (vectorised) turns, to about 1e-12 of the range.

    ``passing_low``: the value passes at ``low`` and fails at ``high`` (return the largest value found to
    pass); otherwise it fails at ``low`` and passes at ``high`` (return the smallest value found to pass).
    Each round evaluates a grid of candidates in one batch and keeps the bracket around the first turn.
    """
    tolerance = 1e-12 * max(1.0, abs(low), abs(high))
    points = _GRID
    for _ in range(_ROUNDS):
        if high - low <= tolerance:
            break
        candidates = np.linspace(low, high, points)
        ok = passes(candidates)
        turn = max(int(np.argmin(ok) if passing_low else np.argmax(ok)), 1)
        low, high = candidates[turn - 1], candidates[turn]
        points = _REFINE
    return float(low if passing_low else high)


def _case_shares(home_share, preventive_share) -> tuple[float, float]:
    return spillover_shares(home_share, preventive_share)


def _first_years(case: CaseInputs, years: int) -> CaseInputs:
    """The case cut to its first ``years`` years: all that a result at that horizon depends on."""
    return replace(case, phase=case.phase[:years], investment=case.investment[:years], other=case.other[:years],
                   years=case.years[:years])


# --- switching values -------------------------------------------------------------------------------------

@excel_function(
    "BREAKEVENFALL",
    category=UNCERTAINTY,
    help="Skifteværdi: det mindste fald i én types anbringelser (fra nu), hvor casen tjener sig hjem inden "
         "for horisonten (standard 4 år, Aabenraas regel). #N/A, hvis heller ikke et fald til 0 er nok.",
    result="antal anbringelser (kan være decimaltal)",
    type_row=("Nummeret på den type (rækken i antallene), hvis fald søges: 1 = første.", "nr."),
    horizon=("Valgfri: antal år, casen skal balancere inden for. Standard 4 (Aabenraa).", "år"),
    **case_help(
        "base_counts", "target_counts", "phase_in", "unit_prices", "investment", "price_growth",
        "home_share", "preventive_share", "deadweight", "optimism_bias", "other_costs"),
    example=Example(
        formula="=BREAKEVENFALL(B5:B9; G5:G9; B12:F12; I5:I9; B3:F3; 5; 4; 0; 0; 0)",
        args=(*_ROSKILDE_CASE,
              5, 4, 0.0, 0.0, 0.0),
        # Σ investment 2019–22 = Σ phase 2019–22 × (fall × 950.000 − 7 × 160.000), Σ phase = 6.000/6.480
        result=(sum(doc.ROSKILDE_INVESTMENT[:4]) * 6_480 / 6_000 + 1_120_000) / 950_000,
        source="Roskilde-notatet: Børn og Unge; fald i institutionsanbringelser for balance 2019–2022 (håndregnet)",
        tolerance=1e-6,
    ),
)
def breakevenfall(base_counts, target_counts, phase_in, unit_prices, investment, type_row, horizon=4,
                  price_growth=0.0, home_share=0.2, preventive_share=0.1, deadweight=0.0, optimism_bias=0.0,
                  other_costs=0.0):
    """Switching value: the smallest fall in one type's placements at which the case pays back in time.

    The case is INVESTMENTCASE's, with the target count of one placement type (``type_row``) replaced by
    ``base − fall``; the result is the smallest fall (in placements, from the base count; may be
    fractional) at which the cumulative net result is ≤ 0 in one of the first ``horizon`` years.

    Parameters
    ----------
    base_counts, target_counts, phase_in, unit_prices, investment : array_like
        The case, as for INVESTMENTCASE (counts per type; phase-in shares per year; kr. per
        placement-year; kr. per year).
    type_row : int
        Which placement type to vary: its position (1 = the first) in ``base_counts``.
    horizon : int, optional
        Years within which the case must pay back. Default 4 (Aabenraa's four-year balance).
    price_growth, home_share, preventive_share, deadweight, optimism_bias, other_costs : optional
        As for INVESTMENTCASE (decimals; other costs in kr. per year).

    Returns
    -------
    float
        The fall in placements (0 if the case pays back with no fall of this type at all). Raises
        :class:`~udfs.errors.NotReachedError` (Excel ``#N/A``) if even a fall to 0 placements of the type
        is not enough.

    Notes
    -----
    Candidate falls 0 .. base are evaluated in batches (a grid of 1025, then grids of 33 inside the
    bracket) with :func:`trappen.udfs.case_model.case_table`, to about 1e-12 of the base count. With spill-over
    shares summing to less than 1 a larger fall never worsens the case, so the switch is unique.

    Examples
    --------
    Roskilde "Børn og Unge" (ROS, kr.): to balance within four years (2019–2022), institution
    placements (row 5) would have to fall by about 29,6 of the 30, not the planned 8:

    >>> round(breakevenfall([42, 259, 7, 66, 30], [42, 259, 14, 66, 22], [0, 750/6480, 1750/6480, 3500/6480, 1],
    ...                     [None, None, 160000, 510000, 950000], [6380651, 6380651, 6180651, 6080651, 6030651],
    ...                     5, 4, 0, 0, 0), 4)
    29.6257
    """
    case = read_case(base_counts, target_counts, phase_in, unit_prices, investment, other_costs)
    row = inputs.whole_number(type_row, "type_row", lowest=1, highest=case.base.size,
                       fix=f"skriv nummeret på en anbringelsestype, 1 til {case.base.size}") - 1
    years = horizon_years(horizon, case.n_years)
    case = _first_years(case, years)
    home, preventive = _case_shares(home_share, preventive_share)
    point = _point(inputs.share(price_growth, "price_growth", default=0.0, lowest=-0.99),
                   inputs.share(deadweight, "deadweight", default=0.0),
                   inputs.share(optimism_bias, "optimism_bias", default=0.0, highest=2.0))

    def passes(falls: np.ndarray) -> np.ndarray:
        targets = np.repeat(case.target[None, :], falls.size, axis=0)
        targets[:, row] = case.base[row] - falls
        varied = CaseInputs(case.base, targets, case.prices, case.phase, case.investment, case.other,
                            case.years, case.column)
        batch = np.broadcast_to(point, (falls.size, point.size))
        return evaluate(varied, batch, home_share=home, preventive_share=preventive).paid_back_by(years)

    most = float(case.base[row])
    ends = passes(np.array([0.0, most]))
    if ends[0]:
        return 0.0
    if not ends[1]:
        raise NotReachedError("type_row", f"selv hvis alle {danish.typed(most)} anbringelser af type {row + 1} "
                              f"forsvinder, tjener casen sig ikke hjem inden for {errors.count(years, 'år')}",
                              "casen kræver mere end denne type")
    return _switch(passes, 0.0, most, passing_low=False)


@excel_function(
    "BREAKEVENGROWTH",
    category=UNCERTAINTY,
    help="Skifteværdi: den største årlige prisvækst (ud over budgettets prisniveau), hvor casen stadig "
         "tjener sig hjem inden for horisonten (standard 4 år, Aabenraas regel). Søger −0,99 til 1.",
    result="andel pr. år (decimal); 1 = casen holder ved enhver vækst op til 100 %",
    horizon=("Valgfri: antal år, casen skal balancere inden for. Standard 4 (Aabenraa).", "år"),
    **case_help(
        "base_counts", "target_counts", "phase_in", "unit_prices", "investment", "home_share",
        "preventive_share", "deadweight", "optimism_bias", "other_costs"),
    example=Example(
        formula="=BREAKEVENGROWTH(B5:B9; G5:G9; B12:F12; I5:I9; B3:F3; 5; 0; 0)",
        args=(*_ROSKILDE_CASE,
              5, 0.0, 0.0),
        result=_roskilde_growth_at_balance(),
        source="Roskilde-notatet: Børn og Unge; balance 2019–2023 kræver faldende priser (håndregnet: "
               "akkumuleret 2023 = 0)",
        tolerance=1e-9,
    ),
)
def breakevengrowth(base_counts, target_counts, phase_in, unit_prices, investment, horizon=4, home_share=0.2,
                    preventive_share=0.1, deadweight=0.0, optimism_bias=0.0, other_costs=0.0):
    """Switching value: the largest yearly price growth at which the case still pays back in time.

    The unit prices of every type grow by g a year beyond the budget's price level (INVESTMENTCASE's
    ``price_growth``); the result is the largest g in [-0.99, 1] at which the cumulative net result is
    ≤ 0 in one of the first ``horizon`` years.

    Parameters
    ----------
    base_counts, target_counts, phase_in, unit_prices, investment : array_like
        The case, as for INVESTMENTCASE.
    horizon : int, optional
        Years within which the case must pay back. Default 4 (Aabenraa's four-year balance).
    home_share, preventive_share, deadweight, optimism_bias, other_costs : optional
        As for INVESTMENTCASE.

    Returns
    -------
    float
        The growth per year as a decimal; negative when the case needs falling prices to pay back in
        time; 1 (100 % a year, the top of the range searched) when it pays back at any growth up to that.
        Raises :class:`~udfs.errors.NotReachedError` (Excel ``#N/A``) if it does not pay back even at -0.99.

    Notes
    -----
    Higher growth raises the cost of the placements the budget keeps by more than it raises the
    value of the fall, so (with spill-over shares below 1) the case only worsens as g grows and the
    switch is unique. Searched like :func:`breakevenfall`, to about 1e-12.

    Examples
    --------
    Roskilde "Børn og Unge" (ROS, kr.) does not pay back by 2023 at the budget's prices; it would if
    its unit prices fell by about 3,2 % a year:

    >>> round(breakevengrowth([42, 259, 7, 66, 30], [42, 259, 14, 66, 22], [0, 750/6480, 1750/6480, 3500/6480, 1],
    ...                       [None, None, 160000, 510000, 950000], [6380651, 6380651, 6180651, 6080651, 6030651],
    ...                       5, 0, 0), 4)
    -0.0324

    By hand: 10 placements at 1,0 mio. kr. fall to 6 (half in year 1), for 3,0 mio. kr. a year. With
    growth g the net is 1, 6g − 1, 6(1+g)² − 7, ... so the cumulative net of year 3 is 6g² + 18g − 1,
    which is ≤ 0 up to g = (√348 − 18) / 12:

    >>> round(breakevengrowth([10], [6], [0.5, 1, 1, 1], [1.0], 3.0, 4, 0, 0), 4)
    0.0546
    """
    case = read_case(base_counts, target_counts, phase_in, unit_prices, investment, other_costs)
    years = horizon_years(horizon, case.n_years)
    case = _first_years(case, years)
    home, preventive = _case_shares(home_share, preventive_share)
    weight = inputs.share(deadweight, "deadweight", default=0.0)
    bias = inputs.share(optimism_bias, "optimism_bias", default=0.0, highest=2.0)
    lowest, highest = ASSUMPTIONS[0].lowest, ASSUMPTIONS[0].highest

    def passes(growths: np.ndarray) -> np.ndarray:
        batch = np.column_stack([growths, *(np.full(growths.size, v) for v in _point(0.0, weight, bias)[1:])])
        return evaluate(case, batch, home_share=home, preventive_share=preventive).paid_back_by(years)

    ends = passes(np.array([lowest, highest]))
    if ends[1]:
        return highest
    if not ends[0]:
        raise NotReachedError("horizon", f"casen tjener sig ikke hjem inden for {errors.count(years, 'år')}, selv "
                              f"hvis priserne falder {danish.typed(-lowest * 100)} % om året",
                              "ingen prisudvikling får casen hjem i tide")
    return _switch(passes, lowest, highest, passing_low=True)


# --- tornado ------------------------------------------------------------------------------------------------

@excel_function(
    "TORNADO",
    category=UNCERTAINTY,
    help="Tornado: hver forudsætning sat til lav og høj værdi, én ad gangen. 5 rækker (prisvækst, opnået "
         "andel, dødvægt, optimismetillæg, overskridelse) × 3 kolonner: resultat ved lav, ved høj, udsving.",
    result="5 × 3: akkumuleret nettoresultat (eller nutidsværdi) ved horisonten i input-enheden (kr. ...)",
    low=("Lave værdier, 5 i fast orden: prisvækst, opnået andel (0–1), dødvægt, optimismetillæg, "
         "overskridelse af investeringen.", "andel"),
    high=("Høje værdier i samme orden som low (lav = høj: varieres ikke).", "andel"),
    horizon=("Valgfri: året (1, 2 ...), hvis akkumulerede resultat vises. Standard 4.", "år"),
    present_value=("Valgfri: SAND = nutidsværdi; FALSK (standard) = akkumuleret nettoresultat.", "SAND/FALSK"),
    **case_help(
        "base_counts", "target_counts", "phase_in", "unit_prices", "investment", "price_growth",
        "home_share", "preventive_share", "deadweight", "optimism_bias", "discount_rate",
        "other_costs"),
    example=Example(
        formula="=TORNADO(B5:B9; G5:G9; B12:F12; I5:I9; B3:F3; C20:C24; D20:D24; 0; 0; 0; 0; 0; 0; 0; 5)",
        args=(*_ROSKILDE_CASE,
              _ROSKILDE_LOW, _ROSKILDE_HIGH, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 5),
        result=[
            [18_573_255, _roskilde_cumulative_at_growth(0.02),
             _roskilde_cumulative_at_growth(0.02) - 18_573_255],
            [_ROSKILDE_INVESTMENT_TOTAL - 0.5 * _ROSKILDE_SAVINGS_TOTAL, 18_573_255, 0.5 * _ROSKILDE_SAVINGS_TOTAL],
            [18_573_255, _ROSKILDE_INVESTMENT_TOTAL - 0.7 * _ROSKILDE_SAVINGS_TOTAL, 0.3 * _ROSKILDE_SAVINGS_TOTAL],
            [18_573_255, 18_573_255 + 0.2 * _ROSKILDE_INVESTMENT_TOTAL, 0.2 * _ROSKILDE_INVESTMENT_TOTAL],
            [18_573_255, 18_573_255 + 0.1 * _ROSKILDE_INVESTMENT_TOTAL, 0.1 * _ROSKILDE_INVESTMENT_TOTAL],
        ],
        source="Roskilde-notatet: Børn og Unge, akkumuleret driftsændring 2019–2023 (18.573.255 kr.), "
               "håndregnet pr. forudsætning",
        tolerance=1e-6,
    ),
)
def tornado(base_counts, target_counts, phase_in, unit_prices, investment, low, high, price_growth=0.0,
            home_share=0.2, preventive_share=0.1, deadweight=0.0, optimism_bias=0.0, discount_rate=0.0,
            other_costs=0.0, horizon=4, present_value=False):
    """Tornado table: the case's result with each assumption at its low and its high value, one at a time.

    The result is the cumulative net result (or, with ``present_value``, the present value) at the end of
    year ``horizon``. Each of the five assumptions of :data:`ASSUMPTIONS` is set to its low and then to
    its high value while the others keep the case's own values (INVESTMENTCASE's arguments; achieved
    share 1, no overrun).

    Parameters
    ----------
    base_counts, target_counts, phase_in, unit_prices, investment : array_like
        The case, as for INVESTMENTCASE.
    low, high : array_like
        Five values each (a row or a column), in the fixed order of :data:`ASSUMPTIONS`: price growth per
        year beyond the budget's price level (-0.99..1), achieved share of the planned change (0..1;
        scales the phase-in), deadweight (0..1), optimism bias on investment and other costs (0..2),
        overrun of the investment (-1..2; 0.1 = 10 % more). Decimals; low ≤ high; low = high leaves the
        assumption at that value.
    price_growth, home_share, preventive_share, deadweight, optimism_bias, discount_rate, other_costs : optional
        The case's own values, as for INVESTMENTCASE.
    horizon : int, optional
        The year (1 = the first) whose cumulative result is shown. Default 4.
    present_value : bool, optional
        True: the present value (cumulative discounted net) instead of the cumulative net. Default False.

    Returns
    -------
    ndarray
        5 rows (the assumptions, in the order above) × 3 columns: the result at the low value, at the
        high value, and the swing ``|high result − low result|``; amounts in the unit of the inputs
        (kr. ...), positive = extra expenditure. Sort by the swing to draw the tornado.

    Examples
    --------
    Roskilde "Børn og Unge" (ROS, kr.), cumulative net change 2019–2023 (18.573.255 kr. as planned):
    achieving half the planned change costs 6.240.000 kr. more, 30 % deadweight 3.744.000 kr.:

    >>> table = tornado([42, 259, 7, 66, 30], [42, 259, 14, 66, 22], [0, 750/6480, 1750/6480, 3500/6480, 1],
    ...                 [None, None, 160000, 510000, 950000], [6380651, 6380651, 6180651, 6080651, 6030651],
    ...                 [0, 0.5, 0, 0, 0], [0.02, 1, 0.3, 0.2, 0.1], 0, 0, 0, horizon=5)
    >>> table[1:3].round().tolist()
    [[24813255.0, 18573255.0, 6240000.0], [18573255.0, 22317255.0, 3744000.0]]
    """
    case = read_case(base_counts, target_counts, phase_in, unit_prices, investment, other_costs)
    lows, highs = read_ranges(low, high)
    point = _point(inputs.share(price_growth, "price_growth", default=0.0, lowest=-0.99),
                   inputs.share(deadweight, "deadweight", default=0.0),
                   inputs.share(optimism_bias, "optimism_bias", default=0.0, highest=2.0))
    home, preventive = _case_shares(home_share, preventive_share)
    rate = inputs.share(discount_rate, "discount_rate", default=0.0, lowest=-0.99)
    year = horizon_years(horizon, case.n_years)
    case = _first_years(case, year)
    discounted = inputs.flag(present_value, "present_value", default=False)

    count = len(ASSUMPTIONS)
    batch = np.tile(point, (2 * count, 1))  # rows 0..4: assumption k at low; rows 5..9: at high
    batch[np.arange(count), np.arange(count)] = lows
    batch[count + np.arange(count), np.arange(count)] = highs
    rows = evaluate(case, batch, home_share=home, preventive_share=preventive, discount_rate=rate)
    result = (rows.present_value if discounted else rows.cumulative)[:, year - 1]
    at_low, at_high = result[:count], result[count:]
    return np.column_stack([at_low, at_high, np.abs(at_high - at_low)])


# --- Monte Carlo --------------------------------------------------------------------------------------------



@excel_function(
    "MONTECARLO",
    category=UNCERTAINTY,
    help="Monte Carlo: n scenarier med forudsætninger trukket mellem lav og høj. Rækker: percentiler af "
         "nettoresultatet pr. år, derefter sandsynligheden for at være tjent hjem ved hvert års udgang.",
    result="(percentiler + 1) rækker × år: beløb i input-enheden; sidste række sandsynlighed 0–1",
    low=("Lave værdier, 5 i fast orden: prisvækst, opnået andel (0–1), dødvægt, optimismetillæg, "
         "overskridelse af investeringen.", "andel"),
    high=("Høje værdier i samme orden som low (lav = høj: varieres ikke).", "andel"),
    n=("Valgfri: antal scenarier, højst 1.000.000. Standard 10.000.", "antal"),
    seed=("Valgfri: startværdi for tilfældighederne (samme tal giver samme resultat). Standard 1.", "heltal"),
    percentiles=("Valgfri: percentiler som decimaler, fx 0,1;0,5;0,9 (standard).", "andel"),
    triangular=("Valgfri: SAND = trekantfordeling med top midt mellem lav og høj; FALSK (standard) = "
                "ligefordeling.", "SAND/FALSK"),
    **case_help(
        "base_counts", "target_counts", "phase_in", "unit_prices", "investment", "home_share",
        "preventive_share", "other_costs"),
    example=Example(
        formula="=MONTECARLO(B3; B4; B5:F5; B6; 5,5; C20:C24; D20:D24; 0; 0; B7:F7)",
        args=([1], [0], doc.BALLERUP_PHASE_IN, [doc.BALLERUP_FULL_REQUIREMENT_MIO], doc.BALLERUP_ADVISERS_COST_MIO,
              [0.0, 1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0, 0.0], 0.0, 0.0, doc.BALLERUP_FINANCING_TOTAL),
        result=[*[doc.BALLERUP_NET_FROM_ROWS] * 3, [0.0, 0.0, 0.0, 0.0, 1.0]],
        source="Ballerup-notatet: Nettobesparelse 2018–2022 uden usikkerhed (lav = høj); tjent hjem i 2022",
        tolerance=1e-9,
    ),
)
def montecarlo(base_counts, target_counts, phase_in, unit_prices, investment, low, high, home_share=0.2,
               preventive_share=0.1, other_costs=0.0, n=10_000, seed=1, percentiles=(0.1, 0.5, 0.9),
               triangular=False):
    """Monte Carlo simulation of the case: percentiles of the net result per year, and the chance of payback.

    Draws the five assumptions of :data:`ASSUMPTIONS` for ``n`` scenarios between ``low`` and ``high``
    (uniform, or symmetric triangular), computes every scenario's case at once with
    :func:`trappen.udfs.case_model.case_table`, and summarises.

    Parameters
    ----------
    base_counts, target_counts, phase_in, unit_prices, investment : array_like
        The case, as for INVESTMENTCASE.
    low, high : array_like
        Five values each in the fixed order of :data:`ASSUMPTIONS` (see :func:`tornado`): price growth,
        achieved share, deadweight, optimism bias, investment overrun. Decimals; low ≤ high; low = high
        fixes the assumption.
    home_share, preventive_share, other_costs : optional
        As for INVESTMENTCASE.
    n : int, optional
        Number of scenarios, 1 .. 1.000.000 (and n × years at most 10.000.000). Default 10.000.
    seed : int, optional
        Seed of ``numpy.random.default_rng``: the same seed gives the same numbers. Default 1.
    percentiles : array_like, optional
        The percentiles to report, as decimals (0.1 = P10). Default 0.1, 0.5, 0.9.
    triangular : bool, optional
        False (default): uniform between low and high. True: symmetric triangular, peak at the midpoint.

    Returns
    -------
    ndarray
        One row per percentile: that percentile of the net result in each year (unit of the inputs,
        positive = extra expenditure; linear interpolation as Excel's PERCENTILE.INC); then one row: the
        share of scenarios (0..1) whose cumulative net has been ≤ 0 by the end of each year, so its 4th
        cell is the probability of paying back within four years. Years × rows when the per-year ranges
        are given as columns.

    Notes
    -----
    ``u = default_rng(seed).random((n, 5))``; uniform ``x = low + (high − low) u``; triangular
    ``x = low + (high − low) q(u)`` with ``q(u) = sqrt(u/2)`` below 0.5, ``1 − sqrt((1 − u)/2)`` above.
    No Python loop over scenarios: they are computed in blocks of 100.000 at once.

    Examples
    --------
    Ballerup 2018–2022 (BAL-N, mio. kr.) pays back only just in 2022 (cumulative −0,5). With 97–100 % of
    the planned fall achieved and 0–3 % deadweight, the median net result per year, and the chance of
    having paid back by the end of 2021 and of 2022:

    >>> result = montecarlo([1], [0], [0.2, 11.2/15, 1, 1, 1], [15.0], 5.5, [0, 0.97, 0, 0, 0],
    ...                     [0, 1, 0.03, 0, 0], 0, 0, [-0.2, 7.0, 8.8, 8.0, 7.6], n=10000, seed=2018)
    >>> result[1].round(2).tolist(), result[3, 3:].round(2).tolist()
    ([2.39, 1.63, -0.25, -1.05, -1.45], [0.0, 0.04])

    With no uncertainty (low = high) every percentile is INVESTMENTCASE's net row:

    >>> montecarlo([1], [0], [0.2, 11.2/15, 1, 1, 1], [15.0], 5.5, [0, 1, 0, 0, 0], [0, 1, 0, 0, 0],
    ...            0, 0, [-0.2, 7.0, 8.8, 8.0, 7.6], n=100)[1].round(1).tolist()
    [2.3, 1.3, -0.7, -1.5, -1.9]
    """
    case = read_case(base_counts, target_counts, phase_in, unit_prices, investment, other_costs)
    lows, highs = read_ranges(low, high)
    home, preventive = _case_shares(home_share, preventive_share)
    count = inputs.whole_number(n, "n", default=10_000, lowest=1, highest=MAX_SCENARIOS,
                         fix=f"skriv 1 til {danish.whole(MAX_SCENARIOS)} scenarier")
    if count * case.n_years > MAX_CELLS:
        raise TrappenError("n", f"{errors.count(count, 'scenarie')} × {errors.count(case.n_years, 'år')} er over "
                           f"{danish.whole(MAX_CELLS)} resultater",
                           f"giv højst {errors.count(MAX_CELLS // case.n_years, 'scenarie')}")
    start = inputs.whole_number(seed, "seed", default=1, lowest=0, highest=2 ** 53, fix="skriv et helt tal, fx 1")
    levels = optional_row(percentiles, "percentiles")
    levels = inputs.share_row(np.array([0.1, 0.5, 0.9]) if levels is None else levels, "percentiles", "værdi")
    draws = draw_assumptions(lows, highs, count, start, inputs.flag(triangular, "triangular", default=False))

    net = np.empty((count, case.n_years))
    paid = np.zeros(case.n_years)
    chunk = min(_CHUNK, max(1, _CHUNK_CELLS // case.n_years))  # scenarios at once: bounded memory for long cases
    for first in range(0, count, chunk):
        rows = evaluate(case, draws[first:first + chunk], home_share=home, preventive_share=preventive)
        net[first:first + chunk] = rows.net
        paid += (np.minimum.accumulate(rows.cumulative, axis=1) <= 0).sum(axis=0)
    # overwrite_input: net is not needed afterwards, and a copy of 9 scenarios × a million years costs 0,1 s
    result = np.vstack([np.quantile(net, levels, axis=0, overwrite_input=True), paid / count])
    return result.T if case.column else result
