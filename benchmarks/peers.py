"""Trappen beside the Python engines a developer would pick instead — ``formulas``, ``pycel``, ``xlcalculator`` —
and LibreOffice: speed on the growth series, faithfulness on the real workbooks (issue 18 item 3, issue 19
item 3).

Every figure is a whole process started from this script (``benchmarks/engines.py ENGINE ...`` for the
Python engines, ``trappen refresh`` and ``soffice`` as ``benchmarks/refresh.py`` runs them), with its
wall-clock time, its peak memory (the largest resident set of its process tree, ``os.wait4``) and a
timeout. The peers are the ``bench`` extra: ``pip install -e '.[app,bench]'``.

**Part 1, speed** (``--part 1``): the growth workbooks of ``benchmarks/refresh.py`` (blocks of 6 placement
types × 10 years, ``=PLACEMENTCOST(C10:C15,$B$2:$B$7)`` in every cell of the cost row; ``--spilled`` adds
its spilled-row shape for Trappen and LibreOffice) at ``--sizes`` formula cells (default 1.000, 10.000,
50.000; 200.000 on request). Trappen refreshes the workbook with our function; LibreOffice recalculates
``make_native``'s twin (``MMULT(TRANSPOSE(...),...)``); the peers have no UDFs and get a twin with
``SUMPRODUCT($B$2:$B$7,C10:C15)`` in each cell (the same numbers: :func:`peer_twin`), because pycel has no
TRANSPOSE and xlcalculator no MMULT — whether each peer reproduces LibreOffice on ``make_native``'s own twin
is checked and printed once, at the first size. The contestants are interleaved (A B C, then C B A, ...),
``--repeat`` runs each (2 above 10.000 cells); printed: median time and range, peak memory, the ratio to
LibreOffice and to Trappen measured in the same run. Before any timing is reported, every engine's values
are compared with LibreOffice's in every formula cell (within 1e-9: Trappen must agree, as in
refresh.py; each peer's agreement is printed per size). A peer that exceeds ``--timeout`` at a size is shown
as "> timeout" and not run at the larger sizes. (pycel's time grows as the square of the cells evaluated one
by one: each new cell of its graph counts all the graph's edges for a log line, ``len(self.dep_graph.edges())``
in ``ExcelCompiler._process_gen_graph``.)

**Part 2, faithfulness** (``--part 2``): each workbook of ``tests/data/workbooks`` (the manifest's 141) through
each engine as one process (``--timeout``, default 60 s): Trappen under full computation (the engine of
``trappen refresh``: every formula it can compute is computed, a formula it cannot compute keeps its saved
value where the saved values are trusted, otherwise the workbook is refused), ``formulas``, ``pycel``,
``xlcalculator``. Every formula cell's value is compared with the value Excel saved (numbers within 1e-9,
text, booleans and errors exactly, an empty result as Excel's cached 0 or ""). The same engine also runs on
a copy in which every cached formula value is overwritten by a sentinel text (``engines.overwrite_cached``):
a cell that shows the sentinel there was passed through, not computed ("kept"); a cell right on the
original but wrong on the copy was computed from a kept value (counted with the kept). Per engine: files
whose every saved value was reproduced by computation, files with kept cells (and no differing ones), files
with differing cells, crashes / timeouts / refusals, and the total time of the runs on the originals.
The per-cell details (saved, computed, computed on the overwritten copy) go to ``--out`` as JSON.
``--quick`` runs the overwritten copy only where it decides a file's row (no differing cell on the original)
and uses a 30 s timeout.

Other work on the 2-core machine slows every engine: the load average is printed, ratios are measured in the
same run, and ``--jobs`` (default 1) runs that many processes at once in part 2 only.

Run (on the loaded 2-core machine, 1 December 2026: part 1 15 minutes at the default sizes, most of it the
peers at 10.000 cells; part 2 12–24 minutes with ``--jobs 2``, as the load varies)::

    python benchmarks/peers.py [--part 1|2] [--sizes 1000,10000,50000] [--repeat 3] [--timeout S]
                               [--spilled] [--quick] [--jobs N] [--engines trappen,formulas,pycel,xlcalculator]
                               [--files TEXT] [--out /tmp/trappen-peers.json]

After a change to the engine only Trappen's figures move: ``python benchmarks/peers.py --part 2 --engines
trappen --jobs 2`` gives its new row of part 2 in a few minutes (the peers' rows stay as measured).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import math
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # refresh.py and engines.py beside this file
sys.path.insert(1, str(HERE.parent))  # run from a checkout without installing
os.environ.setdefault("TQDM_DISABLE", "1")

import engines  # noqa: E402
from engines import SENTINEL, agrees  # noqa: E402
from refresh import (  # noqa: E402
    LAUNCHER,
    LibreOffice,
    Run,
    Trappen,
    check_same_values,
    growth_workbook,
    interleaved,
    make_native,
    median,
    spread,
)

WORKBOOKS = HERE.parent / "tests" / "data" / "workbooks"
PEERS = ("formulas", "pycel", "xlcalculator")
SHEET_NS = engines.SHEET_NS


# --- whole processes with a timeout ---------------------------------------------------------------------

@dataclass
class Outcome:
    """One engine process: ``status`` ok / timeout / crash; its Run (None unless it ended) and its output."""

    status: str
    run: Run | None = None
    output: dict = field(default_factory=dict)
    message: str = ""


def run_limited(command: list[str], folder: Path, timeout: float) -> tuple[str, Run | None, str]:
    """Run a command through refresh.py's launcher (time and peak memory of the process tree) with a timeout."""
    folder.mkdir(parents=True, exist_ok=True)
    report, log = folder / "measured.txt", folder / "stderr.log"
    report.unlink(missing_ok=True)
    with open(log, "wb") as errors:
        process = subprocess.Popen([sys.executable, "-c", LAUNCHER, str(report), *command], stdout=subprocess.DEVNULL,
                                   stderr=errors, cwd=folder, start_new_session=True)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the group this call started, launcher and engine
            process.wait()
            return "timeout", None, f"> {timeout:g} s"
    measured = None
    if report.exists():  # the launcher reports the time and memory of a failed command too
        seconds, kilobytes = report.read_text().split()
        measured = Run(float(seconds), int(kilobytes) / 1024)
    if process.returncode != 0 or measured is None:
        tail = log.read_text(errors="replace").strip().splitlines()
        return "crash", measured, (tail[-1] if tail else f"exit {process.returncode}")[:300]
    return "ok", measured, ""


def run_engine(engine: str, workbook: Path, cells: list[tuple[str, str]], folder: Path, timeout: float) -> Outcome:
    """``engines.py ENGINE WORKBOOK`` as a whole process; its values of ``cells``."""
    folder.mkdir(parents=True, exist_ok=True)
    listed, out = folder / "cells.json", folder / "out.json"
    listed.write_text(json.dumps([list(c) for c in cells], ensure_ascii=False), encoding="utf-8")
    out.unlink(missing_ok=True)
    status, measured, message = run_limited([sys.executable, str(HERE / "engines.py"), engine, str(workbook),
                                             str(listed), str(out)], folder, timeout)
    if status != "ok":
        return Outcome(status, measured, message=message)  # measured: None after a timeout
    output = json.loads(out.read_text(encoding="utf-8"))
    if "refused" in output:
        return Outcome("refused", measured, output, output["refused"])
    return Outcome("ok", measured, output)


# --- part 1: speed on the growth series --------------------------------------------------------------------

_PLACEMENTCOST = re.compile(r"^PLACEMENTCOST\((\$?[A-Z]+\$?\d+:\$?[A-Z]+\$?\d+),(\$B\$2:\$B\$7)\)$")


def peer_twin(source: Path, target: Path) -> int:
    """A copy of a one-call-per-cell growth workbook with each ``PLACEMENTCOST(counts,prices)`` written as
    ``SUMPRODUCT(prices,counts)`` (the same sum of six products); the number of formulas rewritten."""
    from lxml import etree

    rewritten = 0
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        parts = {part for _, part in engines.sheet_parts(zin)}
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename in parts:
                root = etree.fromstring(data)
                for f in root.iter(f"{{{SHEET_NS}}}f"):
                    match = _PLACEMENTCOST.match(f.text or "")
                    if not match:
                        raise ValueError(f"not a growth formula: {f.text!r}")
                    f.text = f"SUMPRODUCT({match[2]},{match[1]})"
                    rewritten += 1
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            zout.writestr(info, data)
    return rewritten


class Peer:
    """A Python engine on a workbook, as a contestant of ``refresh.interleaved``: each call one whole process.

    After a timeout it is not run again (the call returns the timeout, so the interleaving goes on)."""

    def __init__(self, engine: str, workbook: Path, folder: Path, timeout: float):
        self.engine, self.workbook, self.folder, self.timeout = engine, workbook, folder, timeout
        self.cells = engines.formula_cells(workbook)
        self.timed_out = False
        self.failed = ""
        self.last: dict = {}

    def __call__(self) -> Run:
        if self.timed_out or self.failed:
            return Run(math.inf, math.nan)
        outcome = run_engine(self.engine, self.workbook, self.cells, self.folder, self.timeout)
        if outcome.status == "timeout":
            self.timed_out = True
            return Run(math.inf, math.nan)
        if outcome.status != "ok":
            self.failed = outcome.message
            return Run(math.inf, math.nan)
        self.last = outcome.output["values"]
        return outcome.run


def compare(values: dict[str, list], expected: dict[tuple[str, str], list]) -> tuple[int, list]:
    """(cells agreeing, [(cell, expected, got), ...]) of an engine's values against LibreOffice's."""
    differing = []
    for (sheet, cell), value in expected.items():
        got = values.get(f"{sheet}!{cell}", ["x", "missing"])
        if not agrees(got, value):
            differing.append((f"{sheet}!{cell}", value, got))
    return len(expected) - len(differing), differing


def verdict(values: dict[str, list], expected: dict[tuple[str, str], list]) -> str:
    agree, differing = compare(values, expected)
    if not differing:
        return f"agrees ({agree} formula values within 1e-9)"
    cell, want, got = differing[0]
    shown = " ".join(str(got[1]).split())[:110]
    return f"DISAGREES in {len(differing)} of {len(expected)} cells, e.g. {cell}: LibreOffice {want[1]!r}, got {shown}"


def part1(sizes: list[int], repeat: int, timeout: float, folder: Path, spilled: bool, peers: list[str]) -> None:
    if not shutil.which("soffice"):
        raise SystemExit("part 1 needs LibreOffice (soffice) as the yardstick")
    print(f"\nPart 1: speed on the growth series (sizes {', '.join(_n(s) for s in sizes)}; timeout {timeout:g} s)")
    shapes = [("one call per cell", False)] + ([("spilled rows", True)] if spilled else [])
    out_of_time: set[str] = set()
    table = []
    notes = []
    for shape, spill in shapes:
        for size in sizes:
            where = folder / f"growth-{size}-{int(spill)}"
            (where / "native").mkdir(parents=True)
            source = growth_workbook(where / f"vaekst-{size}.xlsx", size, spill)
            native = where / "native" / source.name
            make_native(source, native)
            per_cell = source if not spill else growth_workbook(where / f"per-cell-{size}.xlsx", size, False)
            twin = where / f"peers-{size}.xlsx"
            peer_twin(per_cell, twin)
            contestants = {"trappen": Trappen(source, where / "trappen"),
                           "libreoffice": LibreOffice([native], where / "lo")}
            running = [p for p in peers if p not in out_of_time]
            for peer in running:
                contestants[peer] = Peer(peer, twin, where / peer, timeout)
            times = repeat if size <= 10_000 else max(1, min(repeat, 2))
            runs = interleaved(contestants, times)
            # the values first: no timing is reported for an engine before its values are compared
            office = contestants["libreoffice"].converted(native)
            expected = engines.saved_formula_values(office)
            check_same_values(office, contestants["trappen"].last, f"growth {size} {shape}: Trappen against LO")
            label = f"{_n(size)}, {shape}"
            print(f"  {label}: Trappen agrees with LibreOffice ({len(expected)} formula values)")
            agreed = {"trappen": True, "libreoffice": True}
            for peer in running:
                contestant = contestants[peer]
                if contestant.timed_out:
                    out_of_time.add(peer)
                    print(f"  {label}: {peer} exceeded {timeout:g} s: skipped from here on")
                elif contestant.failed:
                    print(f"  {label}: {peer} failed: {contestant.failed}")
                else:
                    text = verdict(contestant.last, expected)
                    agreed[peer] = text.startswith("agrees")
                    print(f"  {label}: {peer} {text}")
            if size == sizes[0] and not spill:
                for peer in running:  # on make_native's own twin, once
                    outcome = run_engine(peer, native, engines.formula_cells(native), where / f"{peer}-native",
                                         timeout)
                    text = verdict(outcome.output["values"], expected) if outcome.status == "ok" else outcome.message
                    notes.append(f"{peer} on make_native's MMULT/TRANSPOSE twin ({_n(size)} cells): {text}")
            lo, ours = median(runs["libreoffice"]), median(runs["trappen"])
            for name in contestants:
                measured = runs[name]
                if name in peers and (contestants[name].timed_out or contestants[name].failed):
                    shown = f"> {timeout:g}" if contestants[name].timed_out else "failed"
                    table.append((label, name, shown, "", "", "", "", ""))
                    continue
                seconds = median(measured)
                table.append((label, name, f"{seconds:.2f}", spread(measured), f"{median(measured, 'megabytes'):.0f}",
                              f"{seconds / lo:.2f}", f"{seconds / ours:.2f}", "yes" if agreed.get(name) else "NO"))
            for peer in peers:
                if peer in out_of_time and peer not in running:
                    table.append((label, peer, f"> {timeout:g}", "(not run)", "", "", "", ""))
    print(f"\n  {'formula cells, shape':<28} {'engine':<13} {'median s':>9} {'range':>12} {'peak MB':>8} "
          f"{'/ LO':>6} {'/ Trappen':>9}  agrees with LO")
    for label, name, seconds, rng, memory, to_lo, to_us, agree in table:
        print(f"  {label:<28} {name:<13} {seconds:>9} {rng:>12} {memory:>8} {to_lo:>6} {to_us:>9}  {agree}")
    for note in notes:
        print(f"  {note}")


# --- part 2: faithfulness on the real workbooks ----------------------------------------------------------------

def classify(saved: dict[tuple[str, str], list], original: dict[str, list],
             overwritten: dict[str, list] | None) -> dict:
    """Each saved formula value as an engine gave it: reproduced, kept, via_kept or differing (see the module doc).

    ``original``: the engine's values on the workbook as saved; ``overwritten``: on the copy whose cached
    formula values are the sentinel (None: not run, so nothing can be told kept).
    """
    cells = {"reproduced": [], "kept": [], "via_kept": [], "differing": []}
    for (sheet, cell), value in saved.items():
        key = f"{sheet}!{cell}"
        got = original.get(key, ["x", "missing"])
        again = overwritten.get(key, ["x", "missing"]) if overwritten is not None else None
        if again is not None and again == ["s", SENTINEL]:
            cells["kept"].append(key)
        elif not agrees(got, value):
            cells["differing"].append({"cell": key, "saved": value, "computed": got, "on_overwritten": again})
        elif again is not None and not agrees(again, value):
            cells["via_kept"].append(key)
        else:
            cells["reproduced"].append(key)
    return cells


def file_row(outcome: str, cells: dict | None) -> str:
    """The table's column a file counts in for an engine."""
    if outcome != "ok":
        return "failed"
    if cells["differing"]:
        return "differing"
    if cells["kept"] or cells["via_kept"]:
        return "kept"
    return "reproduced"


def one_file(name: str, engine: str, folder: Path, timeout: float, quick: bool) -> dict:
    source = WORKBOOKS / name
    where = folder / engine / name.replace("/", "__")
    try:
        saved = engines.saved_formula_values(source)
    except (KeyError, ValueError, zipfile.BadZipFile) as error:  # a package the reader cannot read: no yardstick
        saved = {}
        note = f"saved values unreadable: {error}"
    else:
        note = ""
    cells = sorted(saved)
    first = run_engine(engine, source, cells, where / "original", timeout)
    record = {"status": first.status, "seconds": first.run.seconds if first.run else timeout,
              "megabytes": first.run.megabytes if first.run else None, "message": first.message or note,
              "saved_cells": len(saved)}
    if first.status != "ok":
        return record
    values = first.output["values"]
    rough = classify(saved, values, None)
    second = None
    if not (quick and rough["differing"]):
        overwritten = where / "overwritten.xlsx"
        engines.overwrite_cached(source, overwritten)
        second = run_engine(engine, overwritten, cells, where / "overwritten", timeout)
        if second.status != "ok":
            record.update(status=second.status, message=f"on the overwritten copy: {second.message}")
            return record
    result = classify(saved, values, second.output["values"] if second else None)
    record["cells"] = result
    record["counts"] = {k: len(v) for k, v in result.items()}
    record["row"] = file_row("ok", result)
    if engine == "trappen":
        record["trappen_kept"] = first.output.get("kept", [])
        record["trappen_kept_reasons"] = first.output.get("kept_reasons", [])
    return record


def part2(names: list[str], peers: list[str], timeout: float, jobs: int, quick: bool, folder: Path, out: Path) -> None:
    print(f"\nPart 2: faithfulness on {len(names)} real workbooks (tests/data/workbooks), each engine one process per "
          f"file (timeout {timeout:g} s, {jobs} at a time{', quick' if quick else ''})")
    empty = [name for name in names if not _saved_count(WORKBOOKS / name)]
    names = [name for name in names if name not in empty]
    print(f"  {len(empty)} workbooks have no saved formula value to reproduce: not run, not counted; "
          f"{len(names)} are")
    tasks = [(name, engine) for name in names for engine in peers]
    details: dict[str, dict[str, dict]] = {name: {} for name in names}
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(one_file, name, engine, folder, timeout, quick): (name, engine)
                   for name, engine in tasks}
        for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
            name, engine = futures[future]
            details[name][engine] = future.result()
            if done % 50 == 0:
                print(f"  ... {done} of {len(tasks)} runs ({time.perf_counter() - started:.0f} s)", flush=True)
    out.write_text(json.dumps(details, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\n  {'engine':<13} {'every saved value reproduced':>28} {'kept (cells it cannot compute)':>31} "
          f"{'differing':>10} {'crash / timeout / refused':>26} {'total s':>8}")
    for engine in peers:
        records = [details[name][engine] for name in names]
        rows = [r.get("row", "failed") for r in records]
        kept_files = rows.count("kept")
        kept_cells = sum(r["counts"]["kept"] + r["counts"]["via_kept"] for r in records if r.get("row") == "kept")
        statuses = [r["status"] for r in records if r.get("row") is None]
        failed = f"{len(statuses)}" + (f" ({statuses.count('crash')} / {statuses.count('timeout')} / "
                                       f"{statuses.count('refused')})" if statuses else "")
        kept = f"{kept_files} files ({_n(kept_cells)} cells)"
        total = sum(r["seconds"] for r in records)
        print(f"  {engine:<13} {rows.count('reproduced'):>28} {kept:>31} {rows.count('differing'):>10} "
              f"{failed:>26} {total:>8.0f}")
    differing_cells = {e: sum(d[e].get("counts", {}).get("differing", 0) for d in details.values()) for e in peers}
    print("\n  differing cells in all: " + ", ".join(f"{e} {_n(n)}" for e, n in differing_cells.items()))
    if "trappen" in peers:
        listed = sum(len(d["trappen"].get("trappen_kept", [])) for d in details.values())
        found = sum(d["trappen"].get("counts", {}).get("kept", 0) for d in details.values())
        print(f"  Trappen's own list of kept formulas: {_n(listed)} (a run of copied formulas or an array once); the "
              f"cells they cover, shown as the sentinel on the overwritten copies: {_n(found)}")
        others = [e for e in peers if e != "trappen"]
        right = {}  # file -> [cell, ...] where Trappen differs and a peer reproduced Excel's value
        for name, found in details.items():
            for cell in found["trappen"].get("cells", {}).get("differing", []):
                by = [e for e in others if cell["cell"] in found[e].get("cells", {}).get("reproduced", ())]
                if by:
                    right.setdefault(f"{name} ({', '.join(by)})", []).append(cell["cell"])
        if right:
            print(f"  cells where Trappen differs and a peer reproduces Excel's value: "
                  f"{sum(map(len, right.values()))}, in " + "; ".join(f"{k}: {len(v)}" for k, v in right.items()))
        reasons = {r for d in details.values() for r in d["trappen"].get("trappen_kept_reasons", [])}
        print(f"  why Trappen keeps them: {'; '.join(grouped(reasons))}")
        for name in names:
            record = details[name]["trappen"]
            if record["status"] != "ok":
                print(f"  Trappen {record['status']}: {name}: {record['message'][:150]}")
    print(f"  per-cell details: {out}  (whole part {time.perf_counter() - started:.0f} s)")


def grouped(reasons: set[str], shown: int = 6) -> list[str]:
    """Reasons with one name each ("...: CELL", "...: INFO") as one line per kind, the names listed (a few)."""
    names: dict[str, list[str]] = {}
    for reason in sorted(reasons):
        head, separator, name = reason.partition(": ")
        names.setdefault(head if separator else reason, []).extend([name] if separator else [])
    lines = []
    for head, found in names.items():
        more = f" og {len(found) - shown} flere" if len(found) > shown else ""
        lines.append(f"{head}: {', '.join(found[:shown])}{more}" if found else head)
    return lines


def _saved_count(path: Path) -> int:
    try:
        return len(engines.saved_formula_values(path))
    except (KeyError, ValueError, zipfile.BadZipFile):  # a package the reader cannot read: each engine is asked
        return -1


def _n(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=("1", "2", "both"), default="both")
    parser.add_argument("--sizes", default="1000,10000,50000", help="formula cells of the growth series")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved runs per figure (2 above 10.000 cells)")
    parser.add_argument("--spilled", action="store_true", help="part 1 also in the spilled-row shape")
    parser.add_argument("--timeout", type=float, help="seconds per process (part 1: 120, part 2: 60, --quick 30)")
    parser.add_argument("--quick", action="store_true", help="part 2: the overwritten copy only where it decides")
    parser.add_argument("--jobs", type=int, default=1, help="part 2: processes at once (default 1)")
    parser.add_argument("--engines", default=",".join(engines.ENGINES), help="which of " + ", ".join(engines.ENGINES))
    parser.add_argument("--files", default="", help="part 2: only the workbooks whose name contains this")
    parser.add_argument("--out", default=str(Path(tempfile.gettempdir()) / "trappen-peers.json"),
                        help="part 2's per-cell details (JSON)")
    options = parser.parse_args()
    chosen = [e.strip() for e in options.engines.split(",") if e.strip()]
    sizes = [int(s) for s in options.sizes.split(",") if s.strip()]
    if set(chosen) - set(engines.ENGINES) or not chosen or options.repeat < 1 or options.jobs < 1 or not sizes:
        parser.error("--engines from " + ", ".join(engines.ENGINES) + "; --repeat, --jobs at least 1; some --sizes")
    versions = []
    for module in ("formulas", "pycel", "xlcalculator"):
        try:
            from importlib.metadata import version
            versions.append(f"{module} {version(module)}")
        except Exception:  # noqa: BLE001 - a peer not installed is named as such
            versions.append(f"{module} not installed")
    print(f"peer benchmark {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: {', '.join(versions)}, Python "
          f"{platform.python_version()}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="trappen-peers-") as tmp:
        if options.part in ("1", "both"):
            part1(sizes, options.repeat, options.timeout or 120.0, Path(tmp) / "growth", options.spilled,
                  [e for e in chosen if e in PEERS])
        if options.part in ("2", "both"):
            manifest = json.loads((WORKBOOKS / "manifest.json").read_text(encoding="utf-8"))
            names = sorted(n for n in manifest if options.files in n)
            part2(names, chosen, options.timeout or (30.0 if options.quick else 60.0), options.jobs, options.quick,
                  Path(tmp) / "real", Path(options.out))
    print(f"\nwhole run {time.perf_counter() - started:.0f} s, load average now {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
