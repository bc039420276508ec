"""A batch of workbooks on as many processes as the machine has free.

The number of processes is the CPUs this process may use (``os.sched_getaffinity``) less the load
already on them (the 1-minute load average, rounded), never more than one per two workbooks and at
least one. Workers are forked where the platform allows it (they inherit the imported engine, so a
worker costs no start-up); elsewhere they are spawned. Each workbook is read once, in its worker.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

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
    """Refresh each path (``refresh.refresh_one``), yielding each outcome as it is done."""
    from .refresh import refresh_one

    if processes <= 1 or len(paths) <= 1:
        for path in paths:
            yield refresh_one(path, **options)
        return
    from . import engine

    engine.register()  # before forking: the workers inherit the registered table
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(max_workers=processes, mp_context=multiprocessing.get_context(method)) as pool:
        futures = [pool.submit(refresh_one, path, **options) for path in paths]
        for future in as_completed(futures):
            yield future.result()
