"""A batch of workbooks on as many processes as the machine has free.

The number of processes is the CPUs this process may use (``os.sched_getaffinity``) less the load
already on them (the 1-minute load average, rounded), never more than one per two workbooks and at
least one. Workers are forked where the platform allows it (they inherit the imported engine, so a
worker costs no start-up); elsewhere they are spawned. Each workbook is read once, in its worker.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from ..engine import functions
from ..workbook import backups, failures, gate
from .refresh import Refreshed, refresh

WORKBOOKS_PER_PROCESS = 2  # fewer workbooks than this per extra process do not pay for the process


def free_cpus() -> int:
    """CPUs this process may use, less the ones other work keeps busy (load average), at least 1."""
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        usable = os.cpu_count() or 1
    try:
        busy = int(os.getloadavg()[0] + 0.5)
    except (OSError, AttributeError):  # no load average (Windows)
        busy = 0
    return max(1, usable - busy)


def processes_for(workbooks: int) -> int:
    """How many processes a batch of ``workbooks`` gets on this machine now."""
    return max(1, min(free_cpus(), workbooks // WORKBOOKS_PER_PROCESS))


def run(paths: list[Path], processes: int, **options) -> Iterator:
    """Refresh each path (:func:`refresh_one`), yielding each outcome as it is done."""
    if processes <= 1 or len(paths) <= 1:
        for path in paths:
            yield refresh_one(path, **options)
        return
    functions.install()  # before forking: the workers inherit the table with our functions in it
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(max_workers=processes, mp_context=multiprocessing.get_context(method)) as pool:
        futures = [pool.submit(refresh_one, path, **options) for path in paths]
        for future in as_completed(futures):
            yield future.result()


@dataclass
class BatchResult:
    refreshed: list[Refreshed] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)
    seconds: float = 0.0
    processes: int = 1


def workbooks_in(folder: str | Path) -> list[Path]:
    """The workbooks of a folder: .xlsx/.xlsm, without Excel's ~$ lock files, hidden files and our backups."""
    return sorted(p for p in Path(folder).iterdir()
                  if p.suffix.lower() in gate.WORKBOOK_SUFFIXES and not p.name.startswith(("~$", "."))
                  and not backups.is_backup(p))


def refresh_one(path: Path, **options) -> Refreshed | tuple[Path, str]:
    """Refresh one workbook of a batch: the result, or (path, the reason it was not refreshed)."""
    try:
        return refresh(path, **options)
    except Exception as error:  # noqa: BLE001 - one bad file must not stop the batch
        return Path(path), failures.explain(error, path)


def refresh_many(paths: Iterable[Path], *, keep_backup: bool = True, processes: int | None = None,
                 progress: Callable[[Path], None] | None = None, **options) -> BatchResult:
    """Refresh several workbooks, each read once; ``processes`` None: as many as the machine has free."""
    started = time.perf_counter()
    paths = [Path(p) for p in paths]
    result = BatchResult()
    result.processes = processes_for(len(paths)) if processes is None else max(1, processes)
    for outcome in run(paths, result.processes, keep_backup=keep_backup, **options):
        if isinstance(outcome, Refreshed):
            result.refreshed.append(outcome)
            done = outcome.path
        else:
            result.failed.append(outcome)
            done = outcome[0]
        if progress:
            progress(done)
    order = {path: i for i, path in enumerate(paths)}
    result.refreshed.sort(key=lambda r: order.get(r.path, len(order)))
    result.failed.sort(key=lambda f: order.get(f[0], len(order)))
    result.seconds = time.perf_counter() - started
    return result
