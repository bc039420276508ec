"""Another program saving a workbook while Trappen refreshes it, the way Excel and sync clients save: a copy of
the workbook with one extra part written beside it under a temporary name, then renamed over it.

- :func:`prepare_save`: the officer's save, ready to land (the extra part ``customXml/trappen-save-N.xml``
  marks it, so it can be found in whatever the workbook holds afterwards);
- :class:`Saver`: a separate process that lands a prepared save at a chosen moment (a deadline on the
  monotonic clock, which every process shares), so the refresh runs undisturbed by it in its own process;
- :func:`busy_core`: another process keeping a core busy, as a second job or a sync client does;
- :func:`outcome`: what became of one trial, checked against the promise: the save is in the workbook, or
  the refresh was refused with the save intact; a backup holds nothing but what the refresh read; nothing
  of Trappen's is left behind. A save the refresh displaced is reported as ``"displaced"``.

The benchmark ``benchmarks/safety.py`` counts displaced saves with these same helpers.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

from trappen.addin.workbook import backups, disk

MARK = "customXml/trappen-save-{}.xml"


def prepare_save(workbook: Path, number: int) -> tuple[Path, bytes]:
    """The workbook as it is now plus the part ``customXml/trappen-save-N.xml``, written beside it as
    ``~trappen-save-N.tmp``; returns that file and its bytes."""
    beside = workbook.with_name(f"~trappen-save-{number}.tmp")
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(beside, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in source.infolist():
            copy.writestr(info, source.read(info))
        copy.writestr(MARK.format(number), f"<gemt nummer='{number}'/>")
    return beside, beside.read_bytes()


def land(prepared: Path, workbook: Path) -> float:
    """The save: rename the prepared file over the workbook; returns the moment (monotonic clock).

    On Windows a file another process has open cannot be renamed over; the save is tried again for up to
    two seconds, as Excel retries.
    """
    for _ in range(2000):
        try:
            os.replace(prepared, workbook)
            break
        except PermissionError:
            if sys.platform != "win32":
                raise
            time.sleep(0.001)
    return time.monotonic()


def holds_save(path: Path, number: int) -> bool:
    try:
        with zipfile.ZipFile(path) as package:
            return MARK.format(number) in package.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


def _saver_loop(connection) -> None:
    while (order := connection.recv()) is not None:
        prepared, workbook, deadline = order
        while (left := deadline - time.monotonic()) > 0:
            time.sleep(min(left, 0.002) if left > 0.004 else 0)
        started = time.monotonic()
        connection.send((started, land(Path(prepared), Path(workbook))))


class Saver:
    """A process that lands saves at given moments; :meth:`order` returns at once, :meth:`landed` waits."""

    def __init__(self):
        context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
        self.connection, theirs = context.Pipe()
        self.process = context.Process(target=_saver_loop, args=(theirs,), daemon=True)
        self.process.start()

    def order(self, prepared: Path, workbook: Path, seconds_from_now: float) -> None:
        self.connection.send((str(prepared), str(workbook), time.monotonic() + seconds_from_now))

    def landed(self) -> tuple[float, float]:
        """When the last ordered save landed (waits for it): the monotonic clock just before its rename was
        called and just after it returned (the process may be paused between either and the rename)."""
        return self.connection.recv()

    def close(self) -> None:
        self.connection.send(None)
        self.process.join(5)


@contextlib.contextmanager
def saver() -> Iterator[Saver]:
    process = Saver()
    try:
        yield process
    finally:
        process.close()


@contextlib.contextmanager
def busy_core() -> Iterator[subprocess.Popen]:
    """Another process spinning on one core for as long as the block runs."""
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(0.05)
        yield spinner
    finally:
        spinner.kill()
        spinner.wait()


def outcome(workbook: Path, original: bytes, save: bytes, number: int, refused: bool) -> str:
    """What became of one trial in which save ``number`` (bytes ``save``) landed on ``workbook`` (which held
    ``original``) during a refresh, ``refused`` or not. One of:

    - ``"refused"``: the refresh was refused and the workbook holds the save, byte for byte, with no backup;
    - ``"read the save"``: the save landed before the refresh read the workbook: the workbook is the refresh
      of the save, and the backup is the save (what the refresh read);
    - ``"saved after"``: the save landed after the new file was in: the workbook is the save, byte for byte,
      and the backup is the original;
    - ``"displaced"``: the save is not in the workbook although the refresh was not refused.

    Whatever the outcome, a backup holds nothing but what the refresh read, and nothing of Trappen's is
    left in the folder (an AssertionError says what is wrong).
    """
    now = workbook.read_bytes()
    kept = [b.read_bytes() for b in backups.generations(workbook)]
    left = [n for n in os.listdir(workbook.parent)
            if n.endswith(disk.TEMPORARY_SUFFIX) or "gemt-undervejs" in n or n.startswith("~trappen-save")]
    assert not left, f"left behind: {left}"
    assert len(kept) <= 1, "more than one backup"
    assert all(k in (original, save) for k in kept), "a backup holds something that was never read"
    if refused:
        assert now == save, "refused, but the workbook is not the other program's save"
        assert not kept, "refused, but a backup was kept"
        return "refused"
    assert kept, "refreshed without a backup"
    if kept[0] == save:
        assert holds_save(workbook, number) and now != save, "the backup is the save, the workbook not its refresh"
        return "read the save"
    if now == save:
        return "saved after"
    assert not holds_save(workbook, number)
    return "displaced"
