"""How much the budget functions cost, against baselines measured in the same run.

Measures, in one run:

* PLACEMENTCOST over ``--cells`` count cells (default 1,000,000: a block of 10 placement types ×
  100,000 columns) against the bare numpy expressions ``prices @ counts`` and
  ``(counts * prices[:, None]).sum(axis=0)`` and a plain Python loop over lists;
* NETSAVING over rows of ``--cells`` values (investment, savings and two other costs) against the bare
  ``inv + o1 + o2 - sav`` and a Python loop;
* INVESTMENTCASE (``udfs.investmentcase``, function level) over 1e5, 1e6 and 1e7 cells (years of the
  case) against the same nine rows written out in bare numpy (target: within 3×);
* the tiny twin call: ``trappen.udfs.NETSAVING([[5 values]], [[5 values]])`` as xlwings makes it, in µs
  (target: under 25 µs), against the bare numpy expression on the same lists and a Python list expression;
* every Excel twin on a whole column (1.048.576 × 1 cells, as xlwings hands it over: a list of lists of
  floats, ``None`` and text), in several ways: each range argument alone, all per-year ranges together,
  all per-type ranges together, text in the very last cell. Target: each answers within 2 s. Baseline:
  ``np.array`` of a clean column of floats, the least any reader must do;
* the start-up of a process that imports ``trappen.udfs`` (whole-process time, as ``trappen refresh`` pays
  it) against one that imports numpy only, and one that imports xlwings.

Timing: the candidates of a comparison are timed in turn, round after round (interleaved, their order
rotated each round), so a busy machine slows them alike; each figure is the median over ``--repeat``
rounds with its range (min–max), and each ratio is the median of the per-round ratios. A fast call is
repeated within a round to last ~0.05 s. A Python loop that would take long is timed on a 1/10 slice
and scaled up, which the output says.

BLAS (used by ``prices @ counts`` and inside ``placementcost``) runs on one thread by default
(``--blas-threads 1``): a multi-threaded matrix product on a busy machine varies by 100× from run to
run. ``--blas-threads 0`` leaves the library's own setting.

Run: ``python benchmarks/functions.py [--cells N] [--repeat R] [--blas-threads T] [--quick]``
(``--quick``: INVESTMENTCASE up to 1e6 cells and 2 rounds of full columns, for a fast look).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

np = udfs = None  # imported in main(), after the BLAS thread count is set

TYPES = 10  # placement types (rows of the counts block)
FULL_COLUMN = 1_048_576  # rows of an Excel sheet
TARGETS = {"numpy": 1.5, "case": 3.0, "tiny_us": 25.0, "column_s": 2.0}
SLOW_LOOP_SECONDS = 1.0  # a Python loop estimated above this per call is timed on a 1/10 slice
ROUND_SECONDS = 0.05  # a fast call is repeated within a round to last about this long


# --- timing ------------------------------------------------------------------------------------------------

def calls_per_round(function) -> int:
    """How often to call ``function`` in one round so that the round lasts ~ROUND_SECONDS."""
    start = time.perf_counter()
    function()
    once = time.perf_counter() - start
    return max(1, int(ROUND_SECONDS / max(once, 1e-9)))


def interleaved(candidates: dict, rounds: int) -> dict[str, list[float]]:
    """Seconds per call of each candidate, one figure per round; the candidates take turns within a round."""
    numbers = {name: calls_per_round(function) for name, function in candidates.items()}
    times: dict[str, list[float]] = {name: [] for name in candidates}
    names = list(candidates)
    for round_number in range(rounds):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            function, number = candidates[name], numbers[name]
            start = time.perf_counter()
            for _ in range(number):
                function()
            times[name].append((time.perf_counter() - start) / number)
    return times


def ratio(times: dict[str, list[float]], ours: str, baseline: str) -> tuple[float, float, float]:
    """Median, lowest and highest of the per-round ratios ours / baseline."""
    ratios = [a / b for a, b in zip(times[ours], times[baseline], strict=True)]
    return statistics.median(ratios), min(ratios), max(ratios)


def spread(seconds: list[float]) -> str:
    return f"{format_time(statistics.median(seconds))} ({format_time(min(seconds))}–{format_time(max(seconds))})"


def format_time(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.3f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.1f} µs"


def report(title: str, times: dict[str, list[float]], ours: str, notes: dict[str, str] | None = None,
           target: float | None = None) -> bool:
    """Print each candidate's median time and its ratio to the fastest bare numpy (names starting 'numpy')."""
    notes = notes or {}
    baselines = [name for name in times if name.startswith("numpy")]
    fastest = min(baselines, key=lambda name: statistics.median(times[name]))
    print(f"\n{title}")
    print(f"  {'what':<48} {'median (range) per call':>34} {'× fastest numpy':>16}")
    for name, seconds in times.items():
        middle, low, high = ratio(times, name, fastest)
        print(f"  {name:<48} {spread(seconds):>34} {middle:>8.2f} ({low:.2f}–{high:.2f})  {notes.get(name, '')}")
    middle, low, high = ratio(times, ours, fastest)
    met = target is None or middle <= target
    if target is not None:
        print(f"  ours / fastest bare numpy: {middle:.2f}× ({low:.2f}–{high:.2f}); target within {target}×: "
              f"{'MET' if met else 'NOT MET'}")
    return met


def loop_times(make_loop, full_size: int, rounds: int) -> tuple[list[float], str]:
    """Time a Python loop; if it is slow, on a 1/10 slice scaled by 10 (say so in the note)."""
    tenth = make_loop(full_size // 10)
    start = time.perf_counter()
    tenth()
    if (time.perf_counter() - start) * 10 > SLOW_LOOP_SECONDS:
        return [t * 10 for t in interleaved({"loop": tenth}, max(1, min(rounds, 3)))["loop"]], "1/10 slice × 10"
    return interleaved({"loop": make_loop(full_size)}, rounds)["loop"], ""


# --- PLACEMENTCOST and NETSAVING over a million cells ----------------------------------------------------

def placement_cost_benchmark(cells: int, rounds: int, rng) -> bool:
    columns = cells // TYPES
    counts = rng.integers(0, 50, size=(TYPES, columns)).astype(np.float64)
    prices = rng.uniform(50_000, 1_000_000, size=TYPES)
    ours = udfs.placementcost(counts, prices)
    assert np.allclose(ours, prices @ counts, rtol=1e-12)
    counts_lists, prices_list = counts.tolist(), prices.tolist()

    def make_loop(size: int):
        rows = [row[:size] for row in counts_lists]

        def python_loop():
            totals = [0.0] * size
            for row, price in zip(rows, prices_list, strict=True):
                for j, count in enumerate(row):
                    totals[j] += count * price
            return totals

        return python_loop

    assert np.allclose(make_loop(1000)(), ours[:1000], rtol=1e-12)
    times = interleaved({
        "udfs.placementcost(counts, prices)": lambda: udfs.placementcost(counts, prices),
        "numpy: prices @ counts": lambda: prices @ counts,
        "numpy: (counts * prices[:, None]).sum(axis=0)": lambda: (counts * prices[:, None]).sum(axis=0),
    }, rounds)
    times["Python loop over lists"], note = loop_times(make_loop, columns, rounds)
    return report(f"PLACEMENTCOST: counts {TYPES} types × {columns:,} columns, {TYPES} prices", times,
                  "udfs.placementcost(counts, prices)", {"Python loop over lists": note}, TARGETS["numpy"])


def net_saving_benchmark(cells: int, rounds: int, rng) -> bool:
    investment, savings = rng.uniform(0, 10, cells), rng.uniform(0, 15, cells)
    other_1, other_2 = rng.uniform(-5, 5, cells), rng.uniform(0, 5, cells)
    ours = udfs.netsaving(investment, savings, other_1, other_2)
    assert np.allclose(ours, investment + other_1 + other_2 - savings, rtol=1e-12, atol=1e-12)
    lists = [a.tolist() for a in (investment, savings, other_1, other_2)]

    def make_loop(size: int):
        inv, sav, o1, o2 = (values[:size] for values in lists)
        return lambda: [i + a + b - s for i, s, a, b in zip(inv, sav, o1, o2, strict=True)]

    times = interleaved({
        "udfs.netsaving(inv, sav, o1, o2)": lambda: udfs.netsaving(investment, savings, other_1, other_2),
        "numpy: inv + o1 + o2 - sav": lambda: investment + other_1 + other_2 - savings,
    }, rounds)
    times["Python loop over lists"], note = loop_times(make_loop, cells, rounds)
    return report(f"NETSAVING: 4 rows of {cells:,} values (investment, savings, 2 other costs)", times,
                  "udfs.netsaving(inv, sav, o1, o2)", {"Python loop over lists": note}, TARGETS["numpy"])


# --- INVESTMENTCASE against its rows in bare numpy -------------------------------------------------------

def bare_case(base, target, phase, prices, investment, other, growth, home, preventive, deadweight, bias, rate,
              years):
    """INVESTMENTCASE's nine rows written out in plain numpy on clean arrays (no adapter, no batch axis), in its
    default view of prices (the same prices with and without the intervention)."""
    base_cost, planned = base @ prices, (target - base) @ prices
    t = np.arange(phase.size)
    factor = (1.0 + growth) ** t
    reached = phase * planned
    placement = (base_cost + reached) * factor
    volume = (1.0 - deadweight) * reached * factor
    change = volume  # the default view: the same prices with and without the intervention
    spill = (home + preventive) * np.maximum(-volume, 0.0)
    invest = investment + bias * np.maximum(investment, 0.0)
    costs = other + bias * np.maximum(other, 0.0)
    net = change + spill + invest + costs
    cumulative = np.cumsum(net)
    present = np.cumsum(net / (1.0 + rate) ** t)
    payback = np.zeros(phase.size)
    paid = np.flatnonzero(cumulative <= 0)
    payback[0] = years[paid[0]] if paid.size else 0.0
    return np.stack([placement, change, spill, invest, costs, net, cumulative, present, payback])


def investment_case_benchmark(sizes: list[int], rounds: int, rng) -> bool:
    print("\nINVESTMENTCASE (udfs.investmentcase, function level) against its nine rows in bare numpy; "
          "cells = years of the case, 6 placement types")
    print(f"  {'cells':>12} {'ours: median (range)':>30} {'bare numpy: median (range)':>30} {'ours / numpy':>22}")
    met = True
    for cells in sizes:
        base = np.array([42.0, 4, 5, 17, 7, 57])
        target = np.array([30.0, 4, 8, 15, 9, 60])
        prices = rng.uniform(50_000, 1_000_000, 6)
        phase, investment, other = rng.uniform(0, 1, cells), rng.uniform(0, 1e6, cells), rng.uniform(-1e5, 1e5, cells)
        options = dict(growth=1e-7, home=0.2, preventive=0.1, deadweight=0.05, bias=0.1, rate=3.5e-7)
        years = np.arange(1.0, cells + 1.0)

        # Bound now (functools.partial), not looked up when called: each size times its own case.
        ours = partial(udfs.investmentcase, base, target, phase, prices, investment, options["growth"],
                       options["home"], options["preventive"], options["deadweight"], options["bias"],
                       options["rate"], other)
        bare = partial(bare_case, base, target, phase, prices, investment, other, **options, years=years)

        assert np.allclose(ours(), bare(), rtol=1e-9, atol=1e-6)
        times = interleaved({"ours": ours, "numpy": bare}, rounds if cells < 10 ** 7 else max(3, rounds // 2))
        middle, low, high = ratio(times, "ours", "numpy")
        met &= middle <= TARGETS["case"]
        print(f"  {cells:>12,} {spread(times['ours']):>30} {spread(times['numpy']):>30} "
              f"{middle:>8.2f}× ({low:.2f}–{high:.2f})")
    print(f"  target within {TARGETS['case']}× of bare numpy from 1e5 cells up: {'MET' if met else 'NOT MET'}")
    return met


# --- the tiny twin call -------------------------------------------------------------------------------------

def tiny_call_benchmark(rounds: int) -> bool:
    investment, savings = [[5.5, 5.5, 5.5, 5.5, 5.5]], [[3.0, 11.2, 15.0, 15.0, 15.0]]
    assert np.allclose(udfs.NETSAVING(investment, savings), [[2.5, -5.7, -9.5, -9.5, -9.5]], rtol=1e-12)
    times = interleaved({
        "trappen.udfs.NETSAVING([[...]], [[...]]) (the twin)": lambda: udfs.NETSAVING(investment, savings),
        "udfs.netsaving([[...]], [[...]]) (no Excel edge)": lambda: udfs.netsaving(investment, savings),
        "numpy: (np.array(inv) - np.array(sav)).tolist()":
            lambda: (np.array(investment) - np.array(savings)).tolist(),
        "Python: [[i - s for i, s in zip(inv[0], sav[0])]]":
            lambda: [[i - s for i, s in zip(investment[0], savings[0], strict=True)]],
    }, rounds * 3)
    twin = "trappen.udfs.NETSAVING([[...]], [[...]]) (the twin)"
    report("Tiny twin call: NETSAVING of 1 × 5 cells as xlwings makes it", times, twin)
    micro = statistics.median(times[twin]) * 1e6
    met = micro < TARGETS["tiny_us"]
    print(f"  the twin: {micro:.1f} µs per call; target under {TARGETS['tiny_us']:.0f} µs: "
          f"{'MET' if met else 'NOT MET'}")
    return met


# --- every twin on a whole column ---------------------------------------------------------------------------

#: Arguments holding one row per placement type or measure, and ranges of a length of their own (five
#: assumptions, a few percentiles, refund steps, an index table); the other ranges hold one value per year.
PER_TYPE = {"counts", "unit_prices", "base_counts", "target_counts", "cost_per_case"}
OWN_LENGTH = {"low", "high", "percentiles", "thresholds", "rates", "index_years", "index_values"}


_COLUMNS: dict[str, list[list]] = {}


def column_of(unit: str, rng) -> list[list]:
    """A full column as xlwings hands it over: numbers fitting the unit, with empty cells mixed in.

    One column per kind (shares, years, other numbers), made once: the functions never change their input.
    """
    kind = "share" if unit.startswith("andel") else "year" if unit == "år" else "number"
    if kind not in _COLUMNS:
        if kind == "share":
            values = rng.uniform(0, 0.5, FULL_COLUMN)
        elif kind == "year":
            values = np.arange(1.0, FULL_COLUMN + 1.0)
        else:
            values = rng.integers(0, 50, FULL_COLUMN).astype(float)
        cells = [[v] for v in values.tolist()]
        for i in range(0, FULL_COLUMN, 7):
            cells[i] = [None]
        cells[1], cells[2] = [""], ["-"]
        _COLUMNS[kind] = cells
    return _COLUMNS[kind]


def column_variants(spec, rng):
    """(label, args) of one twin with whole columns: each range alone, per-year and per-type ranges together,
    text in the last cell."""
    example = list(spec.example.args)
    ranges = [p for p, v in enumerate(example) if isinstance(v, list)]
    unit_of = {p: (spec.arguments[min(p, len(spec.arguments) - 1)]) for p in range(len(example))}
    columns = {p: column_of(unit_of[p].unit, rng) for p in range(len(example))}
    for position in range(len(example)):
        args = list(example)
        args[position] = columns[position]
        yield f"{unit_of[position].name} alone", args
    per_year = [p for p in ranges if unit_of[p].name not in PER_TYPE | OWN_LENGTH]
    for label, chosen in (("per-year ranges", per_year), ("per-type ranges", [p for p in ranges
                                                                             if unit_of[p].name in PER_TYPE])):
        if len(chosen) > 1 or (chosen and label == "per-year ranges"):
            args = list(example)
            for position in chosen:
                args[position] = None if unit_of[position].unit == "år" and unit_of[position].optional \
                    else columns[position]
            names = [a.name for a in spec.arguments]
            if label == "per-year ranges" and "n" in names:  # as many scenarios as the cell limit allows
                args += [a.default for a in spec.arguments[len(args):]]
                args[names.index("n")] = udfs.uncertainty.MAX_CELLS // FULL_COLUMN
                yield f"{label}, n = {args[names.index('n')]}", args
            else:
                yield label, args
    first = ranges[0] if ranges else 0
    args = list(example)
    args[first] = [*columns[first][:-1], ["1.234,5"]]
    yield f"{unit_of[first].name}: text in the last cell", args


def full_column_benchmark(rounds: int, rng) -> bool:
    clean = [[float(i % 7)] for i in range(FULL_COLUMN)]
    baseline = statistics.median(interleaved({"np.array": lambda: np.array(clean, dtype=float)}, rounds)["np.array"])
    print(f"\nEvery twin on a whole column ({FULL_COLUMN:,} × 1 cells: floats, None, '', '-' and text), "
          f"{rounds} rounds")
    print(f"  baseline: np.array(column of floats) {format_time(baseline)}")
    print(f"  {'twin':<16} {'slowest way in':<44} {'median (range)':>30} {'× baseline':>11}  answer")
    met = True
    for name, spec in udfs.REGISTRY.items():
        variants = list(column_variants(spec, rng))
        times: dict[str, list[float]] = {label: [] for label, _ in variants}
        answers = {}
        for _ in range(rounds):
            for label, args in variants:
                start = time.perf_counter()
                outcome = spec.excel(*args)
                times[label].append(time.perf_counter() - start)
                answers[label] = outcome
        slowest = max(times, key=lambda label: statistics.median(times[label]))
        median = statistics.median(times[slowest])
        met &= max(max(seconds) for seconds in times.values()) < TARGETS["column_s"]
        answer = answers[slowest]
        shown = answer[:60] if isinstance(answer, str) else (
            f"{len(answer)} × {len(answer[0])} values" if isinstance(answer, list) else f"{answer:.6g}")
        print(f"  {name:<16} {slowest:<44} {spread(times[slowest]):>30} {median / baseline:>10.1f}×  {shown}")
    print(f"  target: every call within {TARGETS['column_s']:.0f} s (the slowest of all rounds): "
          f"{'MET' if met else 'NOT MET'}")
    return met


# --- start-up --------------------------------------------------------------------------------------------

def startup_benchmark(rounds: int) -> None:
    """Whole-process time of ``python -c 'import ...'``, interleaved; what every headless start pays."""
    programs = {
        "import trappen.udfs": "import trappen.udfs",
        "numpy: import numpy": "import numpy",
        "import xlwings (what trappen.udfs used to import)": "import xlwings",
    }
    probe = subprocess.run([sys.executable, "-c", "import sys, trappen.udfs; "
                            "print(sorted({'xlwings', 'pandas'} & set(sys.modules)))"],
                           capture_output=True, text=True, check=True)

    def run(code):
        return lambda: subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)

    global ROUND_SECONDS
    saved, ROUND_SECONDS = ROUND_SECONDS, 0  # one process per round
    try:
        times = interleaved({name: run(code) for name, code in programs.items()}, max(5, rounds))
    finally:
        ROUND_SECONDS = saved
    report("Start-up: a fresh Python process that imports ...", times, "import trappen.udfs")
    print(f"  xlwings and pandas loaded by 'import trappen.udfs': {probe.stdout.strip()}")


def main() -> int:
    global np, udfs
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cells", type=int, default=1_000_000, help="cells per input (default 1,000,000)")
    parser.add_argument("--repeat", type=int, default=7, help="rounds per comparison (default 7)")
    parser.add_argument("--blas-threads", type=int, default=1,
                        help="threads for numpy's BLAS (default 1; 0 = the library's default)")
    parser.add_argument("--seed", type=int, default=2018, help="random seed for the data")
    parser.add_argument("--quick", action="store_true", help="INVESTMENTCASE up to 1e6 cells, 2 column rounds")
    parser.add_argument("--only", choices=["placementcost", "netsaving", "investmentcase", "tiny", "columns",
                                           "startup"], action="append", help="run only these parts (repeatable)")
    options = parser.parse_args()
    if options.cells < 10 * TYPES:
        parser.error(f"--cells must be at least {10 * TYPES}")
    if options.blas_threads > 0:
        for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[variable] = str(options.blas_threads)
    import numpy  # noqa: E402 — after the thread count, which BLAS reads when it loads

    try:
        from trappen import udfs as functions  # noqa: E402
    except ImportError:  # a checkout that is not installed
        import udfs as functions  # noqa: E402
    np, udfs = numpy, functions
    numpy.seterr(all="ignore")  # the baselines meet the same overflows as the functions; no warnings

    rng = np.random.default_rng(options.seed)
    threads = options.blas_threads or "default"
    print(f"trappen function benchmark: {options.cells:,} cells, {options.repeat} interleaved rounds, BLAS "
          f"threads {threads}; Python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}, "
          f"{os.cpu_count()} CPUs")
    sizes = [10 ** 5, 10 ** 6] if options.quick else [10 ** 5, 10 ** 6, 10 ** 7]
    parts = {
        "placementcost": ("PLACEMENTCOST", lambda: placement_cost_benchmark(options.cells, options.repeat, rng)),
        "netsaving": ("NETSAVING", lambda: net_saving_benchmark(options.cells, options.repeat, rng)),
        "investmentcase": ("INVESTMENTCASE", lambda: investment_case_benchmark(sizes, options.repeat, rng)),
        "tiny": ("tiny call", lambda: tiny_call_benchmark(options.repeat)),
        "columns": ("full columns", lambda: full_column_benchmark(2 if options.quick else 3, rng)),
        "startup": ("start-up", lambda: startup_benchmark(options.repeat)),
    }
    results = {title: run() for key, (title, run) in parts.items() if not options.only or key in options.only}
    results = {title: met for title, met in results.items() if met is not None}  # start-up has no target
    print("\ntargets: " + ", ".join(f"{name} {'met' if met else 'NOT met'}" for name, met in results.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
