"""Uncertainty of the investment case (usikkerhed): switching values, a tornado table and Monte Carlo.

Every function here evaluates many assumption sets at once with the one batched core,
:func:`trappen.udfs.case_model.case_table`; none repeats the case's arithmetic and none loops over scenarios in
Python.

* :func:`breakevenfall` and :func:`breakevengrowth` find switching values (break-even values) for
  Aabenraa's rule that the investment must balance within four years (AAB: "En initial investering skal
  balancere økonomisk over en fireårig periode"): a grid of candidate values is evaluated in one batch,
  then the bracket around the switch is refined by further batches (k-section, a vectorised bisection).
* :func:`tornado` varies each assumption of :data:`ASSUMPTIONS` to its low and its high value, one at a
  time, and sorts them by their swing.
* :func:`montecarlo` draws all of them at once for n scenarios with a seeded numpy generator, from
  triangular distributions low / likely / high whose likely value is the case's own.

Sign convention: positive = extra expenditure (merudgift), negative = saving. Amounts are in the unit of
the inputs and never rescaled.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import danish, errors, inputs, old_forms
from . import documents as doc
from .case_model import (
    MOST_ACHIEVED,
    Case,
    CaseInputs,
    case_help,
    case_table,
    horizon_years,
    low_not_above_high,
    read_assumptions,
    read_case,
    simulation_settings,
)
from .errors import NotReachedError, TrappenError
from .registry import UNCERTAINTY, Example, excel_function


@dataclass(frozen=True)
class Assumption:
    """One assumption that TORNADO and MONTECARLO vary: its name, Danish labels, allowed range and the
    value it takes when the case does not set it (``neutral``)."""

    name: str
    label: str
    short: str
    lowest: float
    highest: float
    neutral: float = 0.0


#: The assumptions varied by TORNADO and MONTECARLO, in the fixed order of ``low``/``high``. "achieved"
#: scales the phase-in (1 = the planned change is reached, above 1 = more than planned); "overrun" scales
#: the investment (0.1 = 10 % more than planned); the others are INVESTMENTCASE's arguments.
ASSUMPTIONS = (
    Assumption("price_growth", "Prisvækst pr. år ud over P/L", "Prisvækst", -0.99, 1.0),
    Assumption("achieved", "Opnået andel af den planlagte ændring (over 100 % = mere end planlagt)",
               "Opnået andel af planen", 0.0, MOST_ACHIEVED, neutral=1.0),
    Assumption("deadweight", "Dødvægt: andel af ændringen, der var sket alligevel", "Dødvægt", 0.0, 1.0),
    Assumption("optimism_bias", "Optimismetillæg på investering og øvrige udgifter", "Tillæg på udgifter",
               0.0, 2.0),
    Assumption("savings_bias", "Optimismefradrag i besparelsen", "Fradrag i besparelsen", 0.0, 1.0),
    Assumption("overrun", "Overskridelse af investeringen", "Overskridelse", -1.0, 2.0),
)

#: The columns of TORNADO's result, in order, with their Danish labels.
TORNADO_COLUMNS = ("Forudsætning nr.", "Resultat ved lav værdi", "Resultat ved høj værdi",
                   "Lav værdi mod basis", "Høj værdi mod basis", "Udsving")

#: The measures MONTECARLO reports percentiles of, in the order of its rows, with their Danish labels.
MONTECARLO_MEASURES = ("Nettoresultat", "Akkumuleret nettoresultat", "Nutidsværdi (akkumuleret)")

#: Monte Carlo limits: at most this many scenarios, and scenarios × years (memory: 8 bytes each, per measure;
#: a whole column of years, 1.048.576, then allows 3 scenarios, answered within 2 s).
MAX_SCENARIOS = 1_000_000
MAX_CELLS = 4_000_000
_CHUNK = 100_000  # scenarios computed together (bounds the memory of the intermediate rows)
_CHUNK_CELLS = 1_000_000  # ... and at most this many scenarios × years at once

# Vectorised search: a first grid of candidate values, then refining grids inside the bracket.
_GRID, _REFINE, _ROUNDS = 1025, 33, 12

# The worked examples' case: Roskilde's "Børn og Unge" (ROS, kr.), and the tornado's low and high value of
# each assumption. Their results are hand-worked in tests/udfs/roskilde_by_hand.py, and checked there.
_ROSKILDE_LOW = [0.0, 0.5, 0.0, 0.0, 0.0, 0.0]
_ROSKILDE_HIGH = [0.02, 1.0, 0.3, 0.2, 0.15, 0.1]
_ROSKILDE_CASE = (doc.ROSKILDE_BASE, doc.ROSKILDE_TARGET, doc.ROSKILDE_PHASE_IN, doc.ACTIVITY_COST_PER_CASE,
                  doc.ROSKILDE_INVESTMENT)


# --- shared readers and the batch evaluation ----------------------------------------------------------------

def read_ranges(low, high) -> tuple[np.ndarray, np.ndarray]:
    """``low`` and ``high``: one value per assumption of :data:`ASSUMPTIONS`, each within its range, low ≤ high."""
    return low_not_above_high(_assumption_values(low, "low"), _assumption_values(high, "high"),
                              [assumption.short.lower() for assumption in ASSUMPTIONS])


def _assumption_values(value, name: str) -> np.ndarray:
    row = inputs.vector(value, name, empty="error")
    order = ", ".join(a.short.lower() for a in ASSUMPTIONS)
    sizes = f"har {errors.count(row.size, 'værdi')}, men der er {errors.count(len(ASSUMPTIONS), 'forudsætning')}"
    if row.size > len(ASSUMPTIONS):
        raise TrappenError(name, sizes, f"giv én værdi for hver, i denne rækkefølge: {order}")
    # Fewer values than assumptions: each given value is checked first, then the count is refused below.
    for k, (number, assumption) in enumerate(zip(row.tolist(), ASSUMPTIONS, strict=False), start=1):
        try:
            inputs.share(number, name, lowest=assumption.lowest, highest=assumption.highest)
        except TrappenError as error:
            raise TrappenError(name, f"række {k} ({ASSUMPTIONS[k - 1].short.lower()}): {error.problem}",
                               error.fix) from None
    if row.size < len(ASSUMPTIONS):
        raise TrappenError(name, sizes, f"giv én værdi for hver, i denne rækkefølge: {order} (lav = høj: "
                                        "varieres ikke)")
    return row


def split_assumptions(assumptions: dict) -> tuple[np.ndarray, dict]:
    """The case's own values of :data:`ASSUMPTIONS` (one row, in their order; achieved 1 and no overrun unless
    given) and the remaining, fixed keywords of :func:`~trappen.udfs.case_model.case_table`."""
    fixed = dict(assumptions)
    point = np.array([fixed.pop(a.name, a.neutral) for a in ASSUMPTIONS], dtype=float)
    return point, fixed


def evaluate(case: CaseInputs, assumptions: np.ndarray, **fixed) -> Case:
    """The case for a batch of assumption sets: ``assumptions`` is (scenarios, 6) in :data:`ASSUMPTIONS` order;
    ``fixed`` are the other keywords of ``case_table`` (spill-over shares, discount rate, price view ...)."""
    values = np.asarray(assumptions, dtype=float)
    varied = {a.name: values[:, k] for k, a in enumerate(ASSUMPTIONS)}
    return case_table(case.base, case.target, case.phase, case.prices, case.investment, case.other,
                      **varied, **fixed)


def draw_assumptions(low: np.ndarray, high: np.ndarray, n: int, seed: int, triangular: bool = True,
                     likely: np.ndarray | None = None) -> np.ndarray:
    """n draws of the assumptions, (n, 6): ``np.random.default_rng(seed).random((n, 6))`` mapped onto [low, high].

    Triangular low / likely / high (``likely`` defaults to the midpoint), by the inverse of its
    distribution function; or uniform between low and high. Where low == high every draw is exactly low.
    """
    u = np.random.default_rng(seed).random((n, len(ASSUMPTIONS)))
    low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    width = high - low
    if not triangular:
        return low + width * u
    mode = (low + high) / 2.0 if likely is None else np.asarray(likely, dtype=float)
    below = np.divide(mode - low, width, out=np.zeros_like(width), where=width > 0)  # F(likely)
    rising = low + np.sqrt(u * width * (mode - low))
    falling = high - np.sqrt((1.0 - u) * width * (high - mode))
    return np.where(u < below, rising, falling)


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


#: The help of the arguments the uncertainty functions add to the case's (declared once).
_RANGE_HELP = dict(
    low=("Lave værdier, 6 i fast orden: prisvækst, opnået andel, dødvægt, optimismetillæg på udgifter, "
         "optimismefradrag i besparelsen, overskridelse af investeringen.", "andel"),
    high=("Høje værdier i samme orden som low (lav = høj: varieres ikke).", "andel"),
)
#: The horizon of the switching values (TORNADO's horizon is a year to show, with a help of its own).
_BALANCE_HORIZON_HELP = ("Valgfri: antal år, casen skal balancere inden for. Standard 4 (Aabenraa).", "år")


# --- switching values -------------------------------------------------------------------------------------

@excel_function(
    "BREAKEVENFALL",
    heavy=True,
    category=UNCERTAINTY,
    help="Skifteværdi: det mindste fald i én types anbringelser (fra basis), hvor casen tjener sig hjem inden "
         "for horisonten (standard 4 år, Aabenraas regel). #N/A, hvis heller ikke et fald til 0 er nok.",
    result="antal anbringelser (kan være decimaltal)",
    type_row=("Nummeret på den type (rækken i antallene), hvis fald søges: 1 = første.", "nr."),
    horizon=_BALANCE_HORIZON_HELP,
    **case_help(
        "base_counts", "target_counts", "phase_in", "unit_prices", "investment", "price_growth",
        "home_share", "preventive_share", "deadweight", "optimism_bias", "other_costs", "savings_bias",
        "price_view", "price_offset", "prior_costs"),
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
                  other_costs=0.0, savings_bias=0.0, price_view=2, price_offset=0, prior_costs=0.0):
    """Switching value: the smallest fall in one type's placements at which the case pays back in time.

    The case is INVESTMENTCASE's, with the planned count of one placement type (``type_row``) replaced by
    ``base − fall`` (in every year, when the plan is a block types × years); the result is the smallest
    fall (in placements, from the base count; may be fractional) at which the cumulative net result is
    ≤ 0 in one of the first ``horizon`` years.

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
    savings_bias, price_view, price_offset, prior_costs : optional
        As for INVESTMENTCASE.

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
    case = case.first_years(years)
    point, fixed = split_assumptions(read_assumptions(
        price_growth=price_growth, deadweight=deadweight, optimism_bias=optimism_bias, savings_bias=savings_bias,
        price_view=price_view, price_offset=price_offset, home_share=home_share, preventive_share=preventive_share,
        prior_costs=prior_costs))

    def passes(falls: np.ndarray) -> np.ndarray:
        targets = np.repeat(case.target[None], falls.size, axis=0)
        targets[:, row, :] = case.base[row] - falls[:, None]
        batch = np.broadcast_to(point, (falls.size, point.size))
        return evaluate(case.with_targets(targets), batch, **fixed).paid_back_by(years)

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
    heavy=True,
    category=UNCERTAINTY,
    help="Skifteværdi for prisvæksten ud over P/L: hvor casen skifter mellem at tjene sig hjem inden for "
         "horisonten eller ej (standard 4 år). Samme priser: laveste vækst, der holder; budgetpres: højeste.",
    result="andel pr. år (decimal) mellem −0,99 og 1",
    horizon=_BALANCE_HORIZON_HELP,
    **case_help(
        "base_counts", "target_counts", "phase_in", "unit_prices", "investment", "home_share",
        "preventive_share", "deadweight", "optimism_bias", "other_costs", "savings_bias", "price_view",
        "price_offset", "prior_costs"),
    example=Example(
        formula="=BREAKEVENGROWTH(B5:B9; G5:G9; B12:F12; I5:I9; B3:F3; 5; 0; 0; 0; 0; 0; 0; 2)",
        args=(*_ROSKILDE_CASE,
              5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 2),
        result=-0.032380478185254136,  # the root of the cumulative net 2023 as a polynomial in 1 + growth
        source="Roskilde-notatet: Børn og Unge mod dagens budget; balance 2019–2023 kræver faldende priser "
               "(håndregnet: akkumuleret 2023 = 0)",
        tolerance=1e-9,
    ),
)
def breakevengrowth(base_counts, target_counts, phase_in, unit_prices, investment, horizon=4, home_share=0.2,
                    preventive_share=0.1, deadweight=0.0, optimism_bias=0.0, other_costs=0.0, savings_bias=0.0,
                    price_view=2, price_offset=0, prior_costs=0.0):
    """Switching value: the yearly price growth at which the case turns between paying back in time or not.

    The unit prices of every type grow by g a year beyond the general P/L (INVESTMENTCASE's
    ``price_growth``); the result is the g in [-0.99, 1] where the case turns between a cumulative net
    result ≤ 0 in one of the first ``horizon`` years and not. At the same prices (``price_view`` 1) a
    planned saving grows with the prices, so it is the *lowest* growth at which the case still pays back;
    against today's budget (``price_view`` 2) the growth on the placements kept is a cost, so it is the
    *highest*.

    Parameters
    ----------
    base_counts, target_counts, phase_in, unit_prices, investment : array_like
        The case, as for INVESTMENTCASE.
    horizon : int, optional
        Years within which the case must pay back. Default 4 (Aabenraa's four-year balance).
    home_share, preventive_share, deadweight, optimism_bias, other_costs, savings_bias, price_view, price_offset :
        optional, as for INVESTMENTCASE.

    Returns
    -------
    float
        The growth per year as a decimal. If the case pays back at every growth in [-0.99, 1], the end of
        the range where it is worse (it holds even there). Raises :class:`~udfs.errors.NotReachedError`
        (Excel ``#N/A``) if it pays back at no growth in the range.

    Notes
    -----
    The case is monotone in g when its planned change has one sign in every year (a saving, or a rise),
    so the switch is unique; it is searched like :func:`breakevenfall`, to about 1e-12.

    Examples
    --------
    Roskilde "Børn og Unge" (ROS, kr.) does not pay back by 2023. Against today's budget it would if its
    unit prices fell by about 3,2 % a year; at the same prices it would need them to rise by about 31 %
    a year, so large a saving would the rise make of the planned fall:

    >>> case = ([42, 259, 7, 66, 30], [42, 259, 14, 66, 22], [0, 750/6480, 1750/6480, 3500/6480, 1],
    ...         [None, None, 160000, 510000, 950000], [6380651, 6380651, 6180651, 6080651, 6030651])
    >>> round(breakevengrowth(*case, 5, 0, 0, price_view=2), 4), round(breakevengrowth(*case, 5, 0, 0, price_view=1), 4)
    (-0.0324, 0.3114)

    By hand, against today's budget: 10 placements at 1,0 mio. kr. fall to 6 (half in year 1), for 3,0
    mio. kr. a year. With growth g the net is 1, 6g − 1, 6(1+g)² − 7, ... so the cumulative net of year 3
    is 6g² + 18g − 1, which is ≤ 0 up to g = (√348 − 18) / 12:

    >>> round(breakevengrowth([10], [6], [0.5, 1, 1, 1], [1.0], 3.0, 4, 0, 0, price_view=2), 4)
    0.0546
    """
    case = read_case(base_counts, target_counts, phase_in, unit_prices, investment, other_costs)
    years = horizon_years(horizon, case.n_years)
    case = case.first_years(years)
    point, fixed = split_assumptions(read_assumptions(
        deadweight=deadweight, optimism_bias=optimism_bias, savings_bias=savings_bias, price_view=price_view,
        price_offset=price_offset, home_share=home_share, preventive_share=preventive_share,
        prior_costs=prior_costs))
    lowest, highest = ASSUMPTIONS[0].lowest, ASSUMPTIONS[0].highest

    def outcome(growths: np.ndarray) -> Case:
        batch = np.repeat(point[None], growths.size, axis=0)
        batch[:, 0] = growths
        return evaluate(case, batch, **fixed)

    def passes(growths: np.ndarray) -> np.ndarray:
        return outcome(growths).paid_back_by(years)

    ends = outcome(np.array([lowest, highest]))
    low_passes, high_passes = ends.paid_back_by(years)
    if low_passes and high_passes:  # it holds everywhere: give the end where the case is worse
        best = ends.cumulative[:, :years].min(axis=1)
        return lowest if best[0] > best[1] else highest
    if not (low_passes or high_passes):
        raise NotReachedError("horizon", f"casen tjener sig ikke hjem inden for {errors.count(years, 'år')} ved "
                              f"nogen prisvækst fra {danish.number(lowest, minus='-')} til "
                              f"{danish.number(highest, minus='-')}",
                              "ingen prisvækst får den hjem i tide; se på investeringen eller planen")
    return _switch(passes, lowest, highest, passing_low=bool(low_passes))


# --- tornado ------------------------------------------------------------------------------------------------

@excel_function(
    "TORNADO",
    heavy=True,
    category=UNCERTAINTY,
    help="Tornado: hver forudsætning sat til lav og høj værdi, én ad gangen, sorteret efter udsving. 6 rækker "
         "× 6 kolonner: nr., resultat ved lav, ved høj, lav og høj mod basiscasen, udsving.",
    result="6 × 6: nr. (1–6 i low's orden), akkumuleret nettoresultat (eller nutidsværdi) ved horisonten i "
           "input-enheden",
    horizon=("Valgfri: året (1, 2 ...), hvis akkumulerede resultat vises. Standard 4.", "år"),
    present_value=("Valgfri: SAND = nutidsværdi; FALSK (standard) = akkumuleret nettoresultat.", "SAND/FALSK"),
    **_RANGE_HELP,
    **case_help(
        "base_counts", "target_counts", "phase_in", "unit_prices", "investment", "price_growth",
        "home_share", "preventive_share", "deadweight", "optimism_bias", "discount_rate",
        "other_costs", "savings_bias", "price_view", "price_offset", "prior_costs"),
    example=Example(
        formula="=TORNADO(B5:B9; G5:G9; B12:F12; I5:I9; B3:F3; C20:C25; D20:D25; 0; 0; 0; 0; 0; 0; 0; 5; FALSK; "
                "0; 1)",
        args=(*_ROSKILDE_CASE,
              _ROSKILDE_LOW, _ROSKILDE_HIGH, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 5, False, 0.0, 1),
        # The cumulative net 2023 (18.573.255 kr. as planned) with each assumption alone at low / high, by swing
        result=[[2, 24_813_255, 18_573_255, 6_240_000, 0, 6_240_000],
                [4, 18_573_255, 24_783_906, 0, 6_210_651, 6_210_651],
                [3, 18_573_255, 22_317_255, 0, 3_744_000, 3_744_000],
                [6, 18_573_255, 21_678_580.5, 0, 3_105_325.5, 3_105_325.5],
                [5, 18_573_255, 20_445_255, 0, 1_872_000, 1_872_000],
                [1, 18_573_255, 17_739_166.6032, 0, -834_088.3968, 834_088.3968]],
        source="Roskilde-notatet: Børn og Unge, akkumuleret driftsændring 2019–2023 (18.573.255 kr.), "
               "håndregnet pr. forudsætning og sorteret efter udsving",
        tolerance=1e-6,
    ),
)
def tornado(base_counts, target_counts, phase_in, unit_prices, investment, low, high, price_growth=0.0,
            home_share=0.2, preventive_share=0.1, deadweight=0.0, optimism_bias=0.0, discount_rate=0.0,
            other_costs=0.0, horizon=4, present_value=False, savings_bias=0.0, price_view=2, price_offset=0,
            prior_costs=0.0):
    """Tornado table: the case's result with each assumption at its low and its high value, sorted by swing.

    The result is the cumulative net result (or, with ``present_value``, the present value) at the end of
    year ``horizon``. Each of the six assumptions of :data:`ASSUMPTIONS` is set to its low and then to
    its high value while the others keep the case's own values (INVESTMENTCASE's arguments; achieved
    share 1, no overrun); the rows are sorted by the swing, largest first, so the tornado is drawn as it
    stands, each bar from the base result.

    Parameters
    ----------
    base_counts, target_counts, phase_in, unit_prices, investment : array_like
        The case, as for INVESTMENTCASE.
    low, high : array_like
        Six values each (a row or a column), in the fixed order of :data:`ASSUMPTIONS`: price growth per
        year beyond P/L (-0.99..1), achieved share of the planned change (0..3; scales the phase-in; above
        1 = more than planned), deadweight (0..1), optimism bias on investment and other costs (0..2),
        optimism bias on savings (0..1), overrun of the investment (-1..2; 0.1 = 10 % more). Decimals;
        low ≤ high; low = high leaves the assumption at that value.
    price_growth, home_share, preventive_share, deadweight, optimism_bias, discount_rate, other_costs : optional
        The case's own values, as for INVESTMENTCASE.
    horizon : int, optional
        The year (1 = the first) whose cumulative result is shown. Default 4.
    present_value : bool, optional
        True: the present value (cumulative discounted net) instead of the cumulative net. Default False.
    savings_bias, price_view, price_offset, prior_costs : optional
        The case's own values, as for INVESTMENTCASE.

    Returns
    -------
    ndarray
        6 rows (one per assumption, the largest swing first; ties keep the order of ``low``) × 6 columns:
        the assumption's number (its row in ``low``, 1–6), the result at its low value, at its high value,
        the low and the high result less the base case's result (the bars), and the swing
        ``|high result − low result|``. Amounts in the unit of the inputs (kr. ...), positive = extra
        expenditure.

    Examples
    --------
    Roskilde "Børn og Unge" (ROS, kr.), cumulative net change 2019–2023 (18.573.255 kr. as planned):
    achieving half the planned change costs 6.240.000 kr. more and swings most; 30 % deadweight costs
    3.744.000 kr.:

    >>> table = tornado([42, 259, 7, 66, 30], [42, 259, 14, 66, 22], [0, 750/6480, 1750/6480, 3500/6480, 1],
    ...                 [None, None, 160000, 510000, 950000], [6380651, 6380651, 6180651, 6080651, 6030651],
    ...                 [0, 0.5, 0, 0, 0, 0], [0.02, 1, 0.3, 0.2, 0.15, 0.1], 0, 0, 0, horizon=5, price_view=1)
    >>> table[:, 0].astype(int).tolist()
    [2, 4, 3, 6, 5, 1]
    >>> table[0].round().tolist()
    [2.0, 24813255.0, 18573255.0, 6240000.0, 0.0, 6240000.0]

    Trappen 0.1's form, five values in ``low`` and ``high`` (no savings bias), still gives 0.1's 5 × 3 table
    (:func:`trappen.udfs.old_forms.tornado`): low result, high result, swing, in the order of ``low``.
    """
    if old_forms.is_0_1_form(low, high):
        return old_forms.tornado(base_counts, target_counts, phase_in, unit_prices, investment, low, high,
                                 price_growth, home_share, preventive_share, deadweight, optimism_bias,
                                 discount_rate, other_costs, horizon, present_value, savings_bias, price_view,
                                 price_offset, prior_costs)
    case = read_case(base_counts, target_counts, phase_in, unit_prices, investment, other_costs)
    lows, highs = read_ranges(low, high)
    point, fixed = split_assumptions(read_assumptions(
        price_growth=price_growth, deadweight=deadweight, optimism_bias=optimism_bias, savings_bias=savings_bias,
        price_view=price_view, price_offset=price_offset, home_share=home_share, preventive_share=preventive_share,
        discount_rate=discount_rate, prior_costs=prior_costs))
    year = horizon_years(horizon, case.n_years)
    case = case.first_years(year)
    discounted = inputs.flag(present_value, "present_value", default=False)

    count = len(ASSUMPTIONS)
    batch = np.tile(point, (2 * count + 1, 1))  # rows 0..5: assumption k at low; 6..11: at high; 12: the base
    batch[np.arange(count), np.arange(count)] = lows
    batch[count + np.arange(count), np.arange(count)] = highs
    rows = evaluate(case, batch, **fixed)
    result = (rows.present_value if discounted else rows.cumulative)[:, year - 1]
    at_low, at_high, base = result[:count], result[count:2 * count], result[-1]
    swing = np.abs(at_high - at_low)
    order = np.argsort(-swing, kind="stable")
    table = np.column_stack([np.arange(1.0, count + 1.0), at_low, at_high, at_low - base, at_high - base, swing])
    return table[order]


# --- Monte Carlo --------------------------------------------------------------------------------------------

def percentile_rows(measures: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """``np.quantile(measures, levels, axis=1)`` (linear, as PERCENTILE.INC), bit for bit.

    The scenarios run along axis 1 of (measures, scenarios, years). For many scenarios numpy's quantile
    (a partition) is quickest; for a long case (a whole column of years, a few scenarios) its partitions
    along the strided axis are slower than one sort. ``measures`` is overwritten.
    """
    if measures.shape[1] >= measures.shape[2]:
        return np.quantile(measures, levels, axis=1, overwrite_input=True)
    measures.sort(axis=1)
    position = np.asarray(levels, dtype=float) * (measures.shape[1] - 1)
    out = np.empty((position.size, measures.shape[0], measures.shape[2]))
    for row, where in zip(out, position, strict=True):
        below = int(np.floor(where))
        weight = where - below
        a, b = measures[:, below], measures[:, min(below + 1, measures.shape[1] - 1)]
        np.subtract(b, a, out=row)
        # numpy's lerp: from below for weights under 0.5, from above from 0.5 up
        if weight >= 0.5:
            row *= 1.0 - weight
            np.subtract(b, row, out=row)
        else:
            row *= weight
            row += a
    return out


def _likely_within(lows: np.ndarray, highs: np.ndarray, likely: np.ndarray) -> None:
    """The case's own value of each assumption lies between its low and its high value."""
    for k, assumption in enumerate(ASSUMPTIONS):
        where = f"række {k + 1} ({assumption.short.lower()})"
        case_value = danish.number(likely[k], minus="-")
        if likely[k] < lows[k]:
            raise TrappenError("low", f"{where}: {danish.number(lows[k], minus='-')} er over casens egen værdi "
                               f"{case_value}", "lav skal være højst casens værdi (fordelingen omkring basiscasen)")
        if likely[k] > highs[k]:
            raise TrappenError("high", f"{where}: {danish.number(highs[k], minus='-')} er under casens egen værdi "
                               f"{case_value}", "høj skal være mindst casens værdi (fordelingen omkring basiscasen)")


@excel_function(
    "MONTECARLO",
    heavy=True,
    category=UNCERTAINTY,
    forms=old_forms.montecarlo_excel_args,  # 0.1's form: case; low; high; home_share; preventive_share; ...
    help="Monte Carlo: n scenarier med forudsætninger trukket lav/sandsynlig/høj omkring casens egne værdier. "
         "Percentiler af nettoresultat, akkumuleret og nutidsværdi pr. år; sidste række: andel tjent hjem.",
    result="(3 × percentiler + 1) rækker × år: beløb i input-enheden; sidste række andel 0–1",
    n=("Valgfri: antal scenarier, højst 1.000.000. Standard 10.000.", "antal"),
    seed=("Valgfri: startværdi for tilfældighederne (samme tal giver samme resultat). Standard 1.", "heltal"),
    percentiles=("Valgfri: percentiler som decimaler, fx 0,1;0,5;0,9 (standard).", "andel"),
    triangular=("Valgfri: SAND (standard) = trekantfordeling lav / casens værdi / høj; FALSK = ligefordeling "
                "mellem lav og høj.", "SAND/FALSK"),
    **_RANGE_HELP,
    **case_help(
        "base_counts", "target_counts", "phase_in", "unit_prices", "investment", "price_growth",
        "home_share", "preventive_share", "deadweight", "optimism_bias", "discount_rate", "other_costs",
        "savings_bias", "price_view", "price_offset", "prior_costs"),
    example=Example(
        formula="=MONTECARLO(B5:B9; G5:G9; B12:F12; I5:I9; B3:F3; C20:C25; C20:C25; 0; 0; 0)",
        args=(*_ROSKILDE_CASE, [0.0, 1.0, 0.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0, 0.0, 0.0], 0.0, 0.0, 0.0),
        result=[*[doc.ROSKILDE_NET] * 3,
                *[[6_380_651, 12_011_302, 16_441_953, 19_022_604, 18_573_255]] * 6,
                [0.0] * 5],
        source="Roskilde-notatet: Børn og Unge uden usikkerhed (lav = høj): Samlet driftsændring og dens sum; "
               "ikke tjent hjem i 2023",
        tolerance=1e-6,
    ),
)
def montecarlo(base_counts, target_counts, phase_in, unit_prices, investment, low, high, price_growth=0.0,
               home_share=0.2, preventive_share=0.1, deadweight=0.0, optimism_bias=0.0, discount_rate=0.0,
               other_costs=0.0, n=10_000, seed=1, percentiles=(0.1, 0.5, 0.9), triangular=None, savings_bias=0.0,
               price_view=2, price_offset=0, prior_costs=0.0):
    """Monte Carlo simulation of the case: percentiles of the net, cumulative and present value, and payback.

    Draws the six assumptions of :data:`ASSUMPTIONS` for ``n`` scenarios from triangular distributions
    low / likely / high whose likely value is the case's own (INVESTMENTCASE's arguments; achieved share
    1, no overrun), so the base case lies inside the distribution; computes every scenario's case at once
    with :func:`trappen.udfs.case_model.case_table`, and summarises.

    Parameters
    ----------
    base_counts, target_counts, phase_in, unit_prices, investment : array_like
        The case, as for INVESTMENTCASE.
    low, high : array_like
        Six values each in the fixed order of :data:`ASSUMPTIONS` (see :func:`tornado`). Decimals;
        low ≤ the case's own value ≤ high; low = high fixes the assumption.
    price_growth, home_share, preventive_share, deadweight, optimism_bias, discount_rate, other_costs : optional
        The case's own values, as for INVESTMENTCASE (the likely values of the draws).
    n : int, optional
        Number of scenarios, 1 .. 1.000.000 (and n × years at most 4.000.000). Default 10.000.
    seed : int, optional
        Seed of ``numpy.random.default_rng``: the same seed gives the same numbers. Default 1.
    percentiles : array_like, optional
        The percentiles to report, as decimals (0.1 = P10). Default 0.1, 0.5, 0.9.
    triangular : bool, optional
        True (default; left out = None): triangular low / likely / high. False: uniform between low and
        high. In 0.1's form (five values) the default is 0.1's, False.
    savings_bias, price_view, price_offset, prior_costs : optional
        The case's own values, as for INVESTMENTCASE.

    Returns
    -------
    ndarray
        For each measure of :data:`MONTECARLO_MEASURES` in turn — the net result, the cumulative net
        result and the present value (cumulative, discounted as INVESTMENTCASE's row 8) — one row per
        percentile: that percentile in each year (unit of the inputs, positive = extra expenditure;
        linear interpolation as Excel's PERCENTILE.INC). Then one row: the share of scenarios (0..1)
        whose cumulative net has been ≤ 0 by the end of each year (paid back, as PAYBACKYEAR), so its 4th
        cell is the probability of paying back within four years. Years × rows when the per-year ranges
        are given as columns.

    Notes
    -----
    ``u = default_rng(seed).random((n, 6))``. Triangular with ``a`` = low, ``c`` = likely, ``b`` = high
    and ``F = (c − a)/(b − a)``: ``x = a + sqrt(u (b − a)(c − a))`` for ``u < F``, else
    ``x = b − sqrt((1 − u)(b − a)(b − c))``; uniform: ``x = a + (b − a) u``. No Python loop over
    scenarios: they are computed in blocks of 100.000 at once.

    The share paid back by a year may differ from what the base case says: the base case is one
    scenario, at the likely values; where it pays back just in time, about half the scenarios around it
    do, and a skewed range (more room for worse than for better) lowers the share.

    Examples
    --------
    Roskilde "Børn og Unge" (ROS, kr.) at its own values: 50–100 % of the planned change achieved (likely
    100 %), 0–30 % deadweight (likely 0): the median cumulative net 2023 and the chance of having paid
    back by 2023 (none: even the base case does not):

    >>> case = ([42, 259, 7, 66, 30], [42, 259, 14, 66, 22], [0, 750/6480, 1750/6480, 3500/6480, 1],
    ...         [None, None, 160000, 510000, 950000], [6380651, 6380651, 6180651, 6080651, 6030651])
    >>> result = montecarlo(*case, [0, 0.5, 0, 0, 0, 0], [0, 1, 0.3, 0, 0, 0], 0, 0, 0, n=10000, seed=2018)
    >>> result.shape, round(float(result[4, -1]), -4), float(result[9, -1])
    ((10, 5), 21580000.0, 0.0)

    With no uncertainty (low = high) every percentile is INVESTMENTCASE's row, bit for bit:

    >>> montecarlo(*case, [0, 1, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0], 0, 0, 0, n=100)[0].round().tolist()
    [6380651.0, 5630651.0, 4430651.0, 2580651.0, -449349.0]

    Trappen 0.1's form, five values in ``low`` and ``high``, still gives 0.1's figures
    (:func:`trappen.udfs.old_forms.montecarlo`): percentiles of the net per year and the share paid back,
    from five assumptions drawn between low and high (uniform unless ``triangular``). From Excel its
    arguments after ``high`` are 0.1's (home_share, preventive_share, other_costs, n, seed, percentiles,
    triangular); in Python give them by name.
    """
    if old_forms.is_0_1_form(low, high):
        return old_forms.montecarlo(
            base_counts, target_counts, phase_in, unit_prices, investment, low, high, home_share=home_share,
            preventive_share=preventive_share, other_costs=other_costs, n=n, seed=seed, percentiles=percentiles,
            triangular=triangular, later=dict(price_growth=(price_growth, 0.0), deadweight=(deadweight, 0.0),
                                              optimism_bias=(optimism_bias, 0.0), discount_rate=(discount_rate, 0.0),
                                              savings_bias=(savings_bias, 0.0), price_view=(price_view, 2),
                                              price_offset=(price_offset, 0), prior_costs=(prior_costs, 0.0)),
            max_scenarios=MAX_SCENARIOS, max_cells=MAX_CELLS, chunk=_CHUNK)
    case = read_case(base_counts, target_counts, phase_in, unit_prices, investment, other_costs)
    lows, highs = read_ranges(low, high)
    point, fixed = split_assumptions(read_assumptions(
        price_growth=price_growth, deadweight=deadweight, optimism_bias=optimism_bias, savings_bias=savings_bias,
        price_view=price_view, price_offset=price_offset, home_share=home_share, preventive_share=preventive_share,
        discount_rate=discount_rate, prior_costs=prior_costs))
    _likely_within(lows, highs, point)
    count, start, levels = simulation_settings(n, seed, percentiles, case.n_years, MAX_SCENARIOS, MAX_CELLS)
    draws = draw_assumptions(lows, highs, count, start, inputs.flag(triangular, "triangular", default=True), point)

    measures = np.empty((len(MONTECARLO_MEASURES), count, case.n_years))
    paid = np.zeros(case.n_years)
    chunk = min(_CHUNK, max(1, _CHUNK_CELLS // case.n_years))  # scenarios at once: bounded memory for long cases
    for first in range(0, count, chunk):
        rows = evaluate(case, draws[first:first + chunk], **fixed)
        block = slice(first, first + chunk)
        measures[0, block], measures[1, block], measures[2, block] = rows.net, rows.cumulative, rows.present_value
        paid += (np.minimum.accumulate(rows.cumulative, axis=1) <= 0).sum(axis=0)
    # overwrite_input: the measures are not needed afterwards (a copy of a million years costs 0,1 s)
    result = np.vstack([*percentile_rows(measures, levels).swapaxes(0, 1), paid / count])
    return result.T if case.column else result
