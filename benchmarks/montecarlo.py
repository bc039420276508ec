"""How fast MONTECARLO is: 100,000 scenarios × 10 years, against plain Python loops over the scenarios.

The case: Ballerup's placement types (BAL-N "Anbringelsesmønster" January 2017 → "Fremtidigt scenarie"
2022, at the 2017 unit prices, kr.), phased in over ten years, with 12 social workers (5,5 mio. kr. a
year) and Ballerup's 20 %/10 % spill-over; all six assumptions vary (triangular low / likely / high, the
likely values the case's own), and the percentiles of the net, the cumulative net and the present value
are reported.

Measured, each as the best of ``--repeat`` runs (``timeit``):

* ``udfs.montecarlo(...)``: the whole Excel function (adapter, draws, the batched core, percentiles and
  the payback probability) for ``--scenarios`` scenarios;
* the batched core alone (``udfs.uncertainty.evaluate`` on the same draws);
* a plain Python loop over scenarios (floats and lists, the same formulas, percentiles by sorting), and
  a Python loop calling ``udfs.investmentcase`` once per scenario. Both are slow, so they are timed on
  ``--loop-scenarios`` scenarios and scaled up to ``--scenarios`` (the output says so); their numbers are
  checked against the vectorised ones on the same draws.

The target: under 1 s for 100,000 × 10 on 2 cores. numpy's element-wise arithmetic runs on one core, so
the time does not depend on the number of cores (BLAS is not used).

Run: ``python benchmarks/montecarlo.py [--scenarios N] [--years Y] [--repeat R] [--loop-scenarios M]``
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

TARGET_SECONDS = 1.0

# BAL-N: opholdssted, netværksplejefamilie, kost- og efterskole, døgninstitution, eget værelse, alm.
# plejefamilie — January 2017, the 2022 scenario, and the 2017 unit prices (kr. per placement-year).
BASE = [44, 7, 6, 24, 7, 59]
TARGET = [38, 5, 5, 15, 7, 55]
PRICES = [957_106, 62_472, 354_552, 885_961, 351_639, 303_447]
INVESTMENT = 5_500_000.0
HOME, PREVENTIVE = 0.2, 0.1
# price growth beyond P/L, achieved share, deadweight, optimism bias on costs, on savings, investment overrun
LOW = [-0.01, 0.6, 0.0, 0.0, 0.05, -0.1]
HIGH = [0.02, 1.2, 0.3, 0.4, 0.3, 0.3]
LIKELY = [0.0, 1.0, 0.0, 0.05, 0.15, 0.0]  # the case's own values (MONTECARLO's likely values)
PERCENTILES = [0.1, 0.5, 0.9]


def phase_in(years: int) -> list[float]:
    """Reached 20 %, 50 %, 80 % in the first three years, then fully."""
    return [min(1.0, 0.2 + 0.3 * t) for t in range(years)]


def best_time(function, repeat: int) -> float:
    timer = timeit.Timer(function)
    number, _ = timer.autorange()
    return min(timer.repeat(repeat=repeat, number=number)) / number


def python_case(draw, phase, years):
    """One scenario in plain Python (the formulas of udfs.case_model.case_table, the same prices with and without
    the case): net row and cumulative row."""
    growth, achieved, deadweight, bias, savings_bias, overrun = draw
    change = sum((t - b) * p for b, t, p in zip(BASE, TARGET, PRICES, strict=True))
    if change < 0:
        change *= 1 - savings_bias
    invest = INVESTMENT * (1 + overrun)
    invest += bias * max(invest, 0.0)
    net, cumulative, running = [], [], 0.0
    for t in range(years):
        volume = (1 - deadweight) * phase[t] * achieved * change * (1 + growth) ** t
        value = volume + (HOME + PREVENTIVE) * max(-volume, 0.0) + invest
        running += value
        net.append(value)
        cumulative.append(running)
    return net, cumulative


def python_percentile(values: list[float], level: float) -> float:
    """Linear interpolation between order statistics (numpy's default, Excel's PERCENTILE.INC)."""
    ordered = sorted(values)
    position = level * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def python_loop(draws, phase, years):
    """Percentiles of the net, the cumulative net and the present value (no discounting: the cumulative net)
    per year, then the share paid back — MONTECARLO's rows."""
    nets, cumulatives, paid = [], [], [0] * years
    for draw in draws:
        net, cumulative = python_case(draw, phase, years)
        nets.append(net)
        cumulatives.append(cumulative)
        lowest = float("inf")
        for t in range(years):
            lowest = min(lowest, cumulative[t])
            paid[t] += lowest <= 0
    rows = []
    for measure in (nets, cumulatives, cumulatives):
        rows += [[python_percentile([row[t] for row in measure], q) for t in range(years)] for q in PERCENTILES]
    return rows + [[p / len(draws) for p in paid]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenarios", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5, help="timeit repeats; the best is kept (default 5)")
    parser.add_argument("--loop-scenarios", type=int, default=2_000,
                        help="scenarios the Python loops are timed on, then scaled (default 2,000)")
    parser.add_argument("--seed", type=int, default=2018)
    options = parser.parse_args()
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")

    import numpy as np  # noqa: E402 — after the thread settings

    from trappen import udfs  # noqa: E402
    from trappen.udfs import uncertainty  # noqa: E402
    from trappen.udfs.case_model import read_case  # noqa: E402

    n, years, small = options.scenarios, options.years, min(options.loop_scenarios, options.scenarios)
    phase = phase_in(years)
    growth, _, deadweight, bias, savings_bias, _ = LIKELY
    arguments = (BASE, TARGET, phase, PRICES, INVESTMENT, LOW, HIGH, growth, HOME, PREVENTIVE, deadweight, bias,
                 0.0, 0.0, n, options.seed, PERCENTILES, True, savings_bias)
    print(f"trappen Monte Carlo benchmark: {n:,} scenarios × {years} years, best of {options.repeat}; "
          f"Python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}, "
          f"{os.cpu_count()} CPUs")

    ours = udfs.montecarlo(*arguments)
    draws = uncertainty.draw_assumptions(np.array(LOW), np.array(HIGH), n, options.seed, True, np.array(LIKELY))
    case = read_case(BASE, TARGET, phase, PRICES, INVESTMENT)

    # The loops give the same numbers as the vectorised function on the same draws.
    few = udfs.montecarlo(*arguments[:14], small, *arguments[15:])
    looped = python_loop(draws[:small].tolist(), phase, years)
    assert np.allclose(looped, few, rtol=1e-9, atol=1e-6), "the Python loop disagrees"
    one = udfs.investmentcase(BASE, TARGET, np.asarray(phase) * draws[0, 1], PRICES,
                              INVESTMENT * (1 + draws[0, 5]), draws[0, 0], HOME, PREVENTIVE, draws[0, 2], draws[0, 3],
                              savings_bias=draws[0, 4])
    assert np.allclose(one[5], python_case(draws[0].tolist(), phase, years)[0], rtol=1e-12)

    whole = best_time(lambda: udfs.montecarlo(*arguments), options.repeat)
    core = best_time(lambda: uncertainty.evaluate(case, draws, home_share=HOME, preventive_share=PREVENTIVE),
                     options.repeat)
    scale = n / small
    loop = best_time(lambda: python_loop(draws[:small].tolist(), phase, years), min(options.repeat, 3)) * scale

    def call_loop():
        for growth, achieved, deadweight, bias, savings_bias, overrun in draws[:small // 4]:
            udfs.investmentcase(BASE, TARGET, np.asarray(phase) * achieved, PRICES, INVESTMENT * (1 + overrun),
                                growth, HOME, PREVENTIVE, deadweight, bias, savings_bias=savings_bias)

    calls = best_time(call_loop, min(options.repeat, 3)) * n / (small // 4)

    print(f"\n  {'what':<52} {'time':>10} {'× ours':>10}")
    rows = [
        ("udfs.montecarlo (whole function)", whole, ""),
        ("  of which the batched core (uncertainty.evaluate)", core, ""),
        ("plain Python loop over scenarios", loop, f"timed on {small:,}, × {scale:,.0f}"),
        ("Python loop calling udfs.investmentcase", calls, f"timed on {small // 4:,}, × {n / (small // 4):,.0f}"),
    ]
    for name, seconds, note in rows:
        print(f"  {name:<52} {seconds:>8.3f} s {seconds / whole:>9.1f}×  {note}")
    print(f"\n  median net result, year 1 and year {years} (kr.): {ours[1, 0]:,.0f} / {ours[1, -1]:,.0f}; "
          f"P(paid back within 4 years) = {ours[-1, min(3, years - 1)]:.3f}")
    met = whole < TARGET_SECONDS
    print(f"  plain Python loop / ours: {loop / whole:,.0f}×")
    print(f"  target {n:,} × {years} under {TARGET_SECONDS:g} s: {'MET' if met else 'NOT MET'} ({whole:.3f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
