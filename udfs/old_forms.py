"""The argument forms of Trappen 0.1 that today's functions still accept, with 0.1's figures.

A function's name and arguments are a published interface: a workbook made from the 0.1 template must
refresh with the same figures after an upgrade. Two functions changed their form in 0.2.0:

* TORNADO varies six assumptions (``savings_bias`` came in) and answers 6 × 6, sorted by swing. Called
  with five values in ``low`` and ``high`` (0.1's form: price growth, achieved share, deadweight,
  optimism bias, overrun) it answers as 0.1 did: 5 × 3 in that order — the result at the low value, at the
  high value, and the swing.
* MONTECARLO takes the case's own values (price growth ... discount rate) after ``high``, draws six
  assumptions around them, triangular by default, and reports three measures. 0.1's form,
  ``MONTECARLO(case; low; high; [home_share]; [preventive_share]; [other_costs]; [n]; [seed];
  [percentiles]; [triangular])`` with five values, drew the five between low and high (uniform unless
  ``triangular``, then symmetric around the midpoint) and reported the percentiles of the net result per
  year and the share paid back. A call from Excel in that form (:func:`montecarlo_excel_args` moves its
  arguments to today's places) gets 0.1's figures, bit for bit the same random draws.

In both, prices are 0.1's: budget pressure (``price_view`` 2, today's default when it is left out). Sign
convention: positive = extra expenditure (merudgift), negative = saving; amounts in the unit of the inputs.
"""

from __future__ import annotations

import numpy as np

from . import inputs
from .case_model import (
    BUDGET_PRESSURE,
    case_table,
    horizon_years,
    low_not_above_high,
    read_assumptions,
    read_case,
    simulation_settings,
)
from .errors import TrappenError

#: 0.1's five assumptions, in the order of its ``low``/``high``: (name, Danish label, lowest, highest).
ASSUMPTIONS_0_1 = (
    ("price_growth", "prisvækst", -0.99, 1.0),
    ("achieved", "opnået andel af planen", 0.0, 1.0),
    ("deadweight", "dødvægt", 0.0, 1.0),
    ("optimism_bias", "tillæg på udgifter", 0.0, 2.0),
    ("overrun", "overskridelse", -1.0, 2.0),
)

#: MONTECARLO's arguments in 0.1 after ``high``, in order, and the number of arguments it took.
MONTECARLO_0_1_TAIL = ("home_share", "preventive_share", "other_costs", "n", "seed", "percentiles", "triangular")
MONTECARLO_0_1_ARGUMENTS = 7 + len(MONTECARLO_0_1_TAIL)


def is_0_1_form(low, high) -> bool:
    """True when ``low`` and ``high`` hold five values each (0.1's form); anything unreadable is not."""
    try:
        return (inputs.vector(low, "low", empty="keep").size == len(ASSUMPTIONS_0_1)
                and inputs.vector(high, "high", empty="keep").size == len(ASSUMPTIONS_0_1))
    except TrappenError:
        return False


def montecarlo_excel_args(args: tuple) -> tuple:
    """A call of MONTECARLO from Excel in 0.1's form, with its arguments moved to today's places.

    0.1: ``case (5), low, high, home_share, preventive_share, other_costs, n, seed, percentiles,
    triangular``; today the case's own price growth, deadweight, optimism bias and discount rate come between
    ``high`` and ``home_share``, and other costs after them. Left-out arguments keep 0.1's defaults
    (``triangular`` FALSE). Any other call is returned as it is.
    """
    if not (7 <= len(args) <= MONTECARLO_0_1_ARGUMENTS and is_0_1_form(args[5], args[6])):
        return args
    tail = dict(zip(MONTECARLO_0_1_TAIL, (*args[7:], *[None] * MONTECARLO_0_1_ARGUMENTS), strict=False))
    triangular = False if tail["triangular"] is None else tail["triangular"]
    return (*args[:7], None, tail["home_share"], tail["preventive_share"], None, None, None, tail["other_costs"],
            tail["n"], tail["seed"], tail["percentiles"], triangular)


def read_ranges_0_1(low, high) -> tuple[np.ndarray, np.ndarray]:
    """0.1's ``low`` and ``high``: five values each, within 0.1's ranges, low ≤ high."""
    rows = []
    for value, name in ((low, "low"), (high, "high")):
        row = inputs.vector(value, name, empty="error")
        for k, (number, (_, label, lowest, highest)) in enumerate(zip(row.tolist(), ASSUMPTIONS_0_1,
                                                                       strict=True), start=1):
            try:
                inputs.share(number, name, lowest=lowest, highest=highest)
            except TrappenError as error:
                raise TrappenError(name, f"række {k} ({label}; formen fra Trappen 0.1 med 5 værdier): "
                                   f"{error.problem}", error.fix) from None
        rows.append(row)
    return low_not_above_high(*rows, [label for _, label, _, _ in ASSUMPTIONS_0_1])


def _left_out(value, default) -> bool:
    """An argument is left out: None (an empty argument), its default, or a range of empty cells or defaults."""
    cells = np.ravel(np.asarray(value, dtype=object))
    return all(cell is None or (not isinstance(cell, str) and cell == default) for cell in cells)


def _not_in_0_1(**given) -> None:
    """Arguments that came after 0.1 cannot be combined with its form (five values in low and high)."""
    for name, (value, default) in given.items():
        if not _left_out(value, default):
            raise TrappenError(name, "findes ikke i formen fra Trappen 0.1 med 5 værdier i low og high",
                               "giv 6 værdier i low og high (med fradrag i besparelsen som 5.) for at bruge det")


def _evaluate(case, values: np.ndarray, assumptions: dict):
    """The case for a batch of 0.1's assumption sets (scenarios, 5), at 0.1's prices."""
    fixed = {k: assumptions[k] for k in ("home_share", "preventive_share", "discount_rate")}
    return case_table(case.base, case.target, case.phase, case.prices, case.investment, case.other,
                      price_growth=values[:, 0], achieved=values[:, 1], deadweight=values[:, 2],
                      optimism_bias=values[:, 3], overrun=values[:, 4], savings_bias=0.0,
                      price_view=BUDGET_PRESSURE, price_offset=0, **fixed)


def tornado(base_counts, target_counts, phase_in, unit_prices, investment, low, high, price_growth, home_share,
            preventive_share, deadweight, optimism_bias, discount_rate, other_costs, horizon, present_value,
            savings_bias, price_view, price_offset, prior_costs=0.0) -> np.ndarray:
    """TORNADO in 0.1's form: 5 rows (0.1's assumptions, in order) × 3 columns: the cumulative net result (or
    present value) at the horizon with the assumption at its low value, at its high value, and the swing
    ``|high − low|``; the others at the case's own values (achieved share 1, no overrun)."""
    _not_in_0_1(savings_bias=(savings_bias, 0.0), price_view=(price_view, BUDGET_PRESSURE),
                price_offset=(price_offset, 0), prior_costs=(prior_costs, 0.0))
    case = read_case(base_counts, target_counts, phase_in, unit_prices, investment, other_costs)
    lows, highs = read_ranges_0_1(low, high)
    assumptions = read_assumptions(price_growth=price_growth, deadweight=deadweight, optimism_bias=optimism_bias,
                                   home_share=home_share, preventive_share=preventive_share,
                                   discount_rate=discount_rate)
    year = horizon_years(horizon, case.n_years)
    discounted = inputs.flag(present_value, "present_value", default=False)
    point = np.array([assumptions["price_growth"], 1.0, assumptions["deadweight"], assumptions["optimism_bias"], 0.0])
    count = len(ASSUMPTIONS_0_1)
    batch = np.tile(point, (2 * count, 1))  # rows 0..4: assumption k at its low value; 5..9: at its high value
    batch[np.arange(count), np.arange(count)] = lows
    batch[count + np.arange(count), np.arange(count)] = highs
    rows = _evaluate(case, batch, assumptions)
    result = (rows.present_value if discounted else rows.cumulative)[:, year - 1]
    at_low, at_high = result[:count], result[count:]
    return np.column_stack([at_low, at_high, np.abs(at_high - at_low)])


def draws_0_1(lows: np.ndarray, highs: np.ndarray, n: int, seed: int, triangular: bool) -> np.ndarray:
    """0.1's draws, (n, 5): ``default_rng(seed).random((n, 5))`` onto [low, high], uniform or symmetric
    triangular (peak at the midpoint: ``sqrt(u/2)`` below 0.5, ``1 − sqrt((1 − u)/2)`` above)."""
    u = np.random.default_rng(seed).random((n, len(ASSUMPTIONS_0_1)))
    if triangular:
        u = np.where(u < 0.5, np.sqrt(u / 2.0), 1.0 - np.sqrt((1.0 - u) / 2.0))
    return lows + (highs - lows) * u


def montecarlo(base_counts, target_counts, phase_in, unit_prices, investment, low, high, *, home_share,
               preventive_share, other_costs, n, seed, percentiles, triangular, later: dict,
               max_scenarios: int, max_cells: int, chunk: int) -> np.ndarray:
    """MONTECARLO in 0.1's form: one row per percentile of the net result per year, then the share of
    scenarios paid back (cumulative net ≤ 0) by the end of each year; years × rows when the years run down.

    ``later`` are today's arguments that 0.1 did not have, as ``{name: (value, default)}``: each must be
    left out.
    """
    _not_in_0_1(**later)
    case = read_case(base_counts, target_counts, phase_in, unit_prices, investment, other_costs)
    lows, highs = read_ranges_0_1(low, high)
    assumptions = read_assumptions(home_share=home_share, preventive_share=preventive_share)
    count, start, levels = simulation_settings(n, seed, percentiles, case.n_years, max_scenarios, max_cells)
    draws = draws_0_1(lows, highs, count, start, inputs.flag(triangular, "triangular", default=False))
    net = np.empty((count, case.n_years))
    paid = np.zeros(case.n_years)
    for first in range(0, count, chunk):
        rows = _evaluate(case, draws[first:first + chunk], assumptions)
        net[first:first + chunk] = rows.net
        paid += (np.minimum.accumulate(rows.cumulative, axis=1) <= 0).sum(axis=0)
    result = np.vstack([np.quantile(net, levels, axis=0), paid / count])
    return result.T if case.column else result
