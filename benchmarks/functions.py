"""How much the budget functions cost on large inputs, against bare numpy and a plain Python loop.

Measures, in one run and on the same data:

* PLACEMENTCOST over ``--cells`` count cells (default 1,000,000: a block of 10 placement types ×
  100,000 columns, float64) with 10 unit prices: ``udfs.placementcost`` against the bare numpy
  expressions ``prices @ counts`` and ``(counts * prices[:, None]).sum(axis=0)``, and against a plain
  Python loop over lists;
* NETSAVING over rows of ``--cells`` values (investment, savings and two other costs):
  ``udfs.netsaving`` against the bare ``inv + o1 + o2 - sav`` and a Python loop over lists.

Each time is the best of ``--repeat`` repeats (``timeit``), per call. The difference between ours and
bare numpy is the adapter's checks (empty cells, infinities, negative counts, shapes). The target is
to stay within 1.5× of the fastest bare numpy expression. A Python loop that would take long is timed
on a 1/10 slice and scaled up, which the output says.

BLAS (used by ``prices @ counts`` and inside ``placementcost``) runs on one thread by default
(``--blas-threads 1``): a multi-threaded matrix product on a busy machine varies by 100× from run to
run. ``--blas-threads 0`` leaves the library's own setting.

Run: ``python benchmarks/functions.py [--cells N] [--repeat R] [--blas-threads T]``
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

np = udfs = None  # imported in main(), after the BLAS thread count is set

TYPES = 10  # placement types (rows of the counts block)
TARGET = 1.5  # ours / fastest bare numpy
SLOW_LOOP_SECONDS = 1.0  # a Python loop estimated above this per call is timed on a 1/10 slice


def best_time(function, repeat: int) -> float:
    """Best seconds per call over ``repeat`` repeats; each repeat runs enough calls to last ~0.2 s."""
    timer = timeit.Timer(function)
    number, _ = timer.autorange()
    return min(timer.repeat(repeat=repeat, number=number)) / number


def loop_time(make_loop, full_size: int, repeat: int) -> tuple[float, str]:
    """Time a Python loop; if it is slow, on a 1/10 slice scaled by 10 (say so in the note)."""
    tenth = make_loop(full_size // 10)
    once = timeit.timeit(tenth, number=1) * 10
    if once > SLOW_LOOP_SECONDS:
        return best_time(tenth, max(1, min(repeat, 3))) * 10, "timed on a 1/10 slice, × 10"
    return best_time(make_loop(full_size), repeat), ""


def placement_cost_benchmark(cells: int, repeat: int, rng: np.random.Generator) -> list[tuple]:
    columns = cells // TYPES
    counts = rng.integers(0, 50, size=(TYPES, columns)).astype(np.float64)
    prices = rng.uniform(50_000, 1_000_000, size=TYPES)

    ours = udfs.placementcost(counts, prices)
    assert np.allclose(ours, prices @ counts, rtol=1e-12)
    assert np.allclose(ours, (counts * prices[:, None]).sum(axis=0), rtol=1e-12)

    counts_lists, prices_list = counts.tolist(), prices.tolist()

    def make_loop(size: int):
        rows = [row[:size] for row in counts_lists]

        def python_loop():
            totals = [0.0] * size
            for row, price in zip(rows, prices_list):
                for j, count in enumerate(row):
                    totals[j] += count * price
            return totals

        return python_loop

    assert np.allclose(make_loop(1000)(), ours[:1000], rtol=1e-12)
    loop, note = loop_time(make_loop, columns, repeat)
    return [
        ("udfs.placementcost(counts, prices)", best_time(lambda: udfs.placementcost(counts, prices), repeat), "ours"),
        ("prices @ counts", best_time(lambda: prices @ counts, repeat), "numpy"),
        ("(counts * prices[:, None]).sum(axis=0)",
         best_time(lambda: (counts * prices[:, None]).sum(axis=0), repeat), "numpy"),
        ("Python loop over lists", loop, "loop", note),
    ]


def net_saving_benchmark(cells: int, repeat: int, rng: np.random.Generator) -> list[tuple]:
    investment = rng.uniform(0, 10, cells)
    savings = rng.uniform(0, 15, cells)
    other_1 = rng.uniform(-5, 5, cells)
    other_2 = rng.uniform(0, 5, cells)

    ours = udfs.netsaving(investment, savings, other_1, other_2)
    assert np.allclose(ours, investment + other_1 + other_2 - savings, rtol=1e-12, atol=1e-12)

    lists = [a.tolist() for a in (investment, savings, other_1, other_2)]

    def make_loop(size: int):
        inv, sav, o1, o2 = (values[:size] for values in lists)

        def python_loop():
            return [i + a + b - s for i, s, a, b in zip(inv, sav, o1, o2)]

        return python_loop

    assert np.allclose(make_loop(1000)(), ours[:1000], rtol=1e-12, atol=1e-12)
    loop, note = loop_time(make_loop, cells, repeat)
    return [
        ("udfs.netsaving(inv, sav, o1, o2)",
         best_time(lambda: udfs.netsaving(investment, savings, other_1, other_2), repeat), "ours"),
        ("inv + o1 + o2 - sav", best_time(lambda: investment + other_1 + other_2 - savings, repeat), "numpy"),
        ("Python loop over lists", loop, "loop", note),
    ]


def report(title: str, rows: list[tuple]) -> bool:
    ours = next(row[1] for row in rows if row[2] == "ours")
    fastest = min(row[1] for row in rows if row[2] == "numpy")
    print(f"\n{title}")
    print(f"  {'what':<42} {'time per call':>14} {'× fastest numpy':>16}  note")
    for name, seconds, role, *note in rows:
        ratio = seconds / fastest
        print(f"  {name:<42} {format_time(seconds):>14} {ratio:>15.2f}×  {note[0] if note else ''}")
    loop = next(row[1] for row in rows if row[2] == "loop")
    met = ours / fastest <= TARGET
    print(f"  ours / fastest bare numpy: {ours / fastest:.2f}×   Python loop / ours: {loop / ours:,.0f}×")
    print(f"  target ours within {TARGET}× of bare numpy: {'MET' if met else 'NOT MET'}")
    return met


def format_time(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.3f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.3f} ms"
    return f"{seconds * 1e6:.1f} µs"


def main() -> int:
    global np, udfs
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cells", type=int, default=1_000_000, help="cells per input (default 1,000,000)")
    parser.add_argument("--repeat", type=int, default=7, help="timeit repeats; the best is kept (default 7)")
    parser.add_argument("--blas-threads", type=int, default=1,
                        help="threads for numpy's BLAS (default 1; 0 = the library's default)")
    parser.add_argument("--seed", type=int, default=2018, help="random seed for the data")
    options = parser.parse_args()
    if options.cells < 10 * TYPES:
        parser.error(f"--cells must be at least {10 * TYPES}")
    if options.blas_threads > 0:
        for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[variable] = str(options.blas_threads)
    import numpy  # noqa: E402 — after the thread count, which BLAS reads when it loads
    import udfs as functions  # noqa: E402
    np, udfs = numpy, functions

    rng = np.random.default_rng(options.seed)
    threads = options.blas_threads or "default"
    print(f"trappen benchmark: {options.cells:,} cells, best of {options.repeat} repeats, BLAS threads "
          f"{threads}; Python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}, "
          f"{os.cpu_count()} CPUs")
    results = [
        report(f"PLACEMENTCOST: counts {TYPES} types × {options.cells // TYPES:,} columns, {TYPES} prices",
               placement_cost_benchmark(options.cells, options.repeat, rng)),
        report(f"NETSAVING: 4 rows of {options.cells:,} values (investment, savings, 2 other costs)",
               net_saving_benchmark(options.cells, options.repeat, rng)),
    ]
    print(f"\nall targets met: {'yes' if all(results) else 'no'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
