"""What the summary sheet (Sammendrag) costs where an officer waits: the refresh, and `trappen refresh --pdf`.

Baseline, measured in the same run: the same template built without Sammendrag (``build.LAYOUTS`` without its
first module while it is built). A and B alternate, A first in even rounds and B first in odd ones; every run
starts from a fresh copy of the built file.

1. ``addin.app.refresh.refresh()`` in this process (after one warm-up refresh).
2. ``trappen refresh FILE --pdf FILE.pdf`` as a whole process (``python -m trappen.addin.cli``): Python's
   start-up, the refresh, LibreOffice rendering the values-only copy with its own new profile, the PDF written.

Prints the median and the range of each, and the ratio of the medians (with / without).

Run: ``python benchmarks/print.py [--rounds N] [--pdf-rounds M]``
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from trappen.addin.app import refresh
from trappen.templates import build


@contextlib.contextmanager
def without_summary():
    """Build the template as it was before Sammendrag: the layouts without their first sheet."""
    layouts, active = dict(build.LAYOUTS), build.ACTIVE_SHEET
    build.LAYOUTS.update({name: modules[1:] for name, modules in layouts.items()})
    build.ACTIVE_SHEET = "Investeringscase"
    try:
        yield
    finally:
        build.LAYOUTS.update(layouts)
        build.ACTIVE_SHEET = active


def interleaved(rounds: int, workbooks: dict[str, Path], run) -> dict[str, list[float]]:
    """Seconds of ``run(copy)`` for each workbook, alternating which goes first."""
    times = {name: [] for name in workbooks}
    names = list(workbooks)
    for k in range(rounds):
        for name in (names if k % 2 == 0 else names[::-1]):
            copy = Path(shutil.copy(workbooks[name], workbooks[name].with_name(f"run-{name}.xlsx")))
            started = time.perf_counter()
            run(copy)
            times[name].append(time.perf_counter() - started)
    return times


def whole_process(workbook: Path) -> None:
    subprocess.run([sys.executable, "-m", "trappen.addin.cli", "refresh", str(workbook), "--pdf",
                    str(workbook.with_suffix(".pdf")), "--no-backup"], check=True, capture_output=True)


def report(title: str, times: dict[str, list[float]]) -> None:
    for name, values in times.items():
        print(f"  {title:32} {name:18} median {statistics.median(values):6.3f} s   "
              f"range {min(values):.3f}–{max(values):.3f} s   ({len(values)} runs)")
    ratio = statistics.median(times["with summary"]) / statistics.median(times["without (baseline)"])
    print(f"  {title:32} {'ratio':18} {ratio:.2f} × the baseline")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--pdf-rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        with without_summary():
            baseline = build.build(folder / "without.xlsx")
        workbooks = {"without (baseline)": baseline, "with summary": build.build(folder / "with.xlsx")}
        refresh.refresh(Path(shutil.copy(baseline, folder / "warm.xlsx")), keep_backup=False)
        print("Sammendrag's cost (Ballerup template)")
        report("refresh()", interleaved(args.rounds, workbooks, lambda p: refresh.refresh(p, keep_backup=False)))
        if shutil.which("soffice") or shutil.which("libreoffice"):
            report("trappen refresh --pdf (process)", interleaved(args.pdf_rounds, workbooks, whole_process))
        else:
            print("  trappen refresh --pdf: LibreOffice is not installed, not measured")


if __name__ == "__main__":
    main()
