"""Replacing a workbook on disk so that nothing the officer typed or saved is ever lost: the last save wins.

:func:`replace` is the one way a workbook is overwritten (the refresh, ``trappen template --force``):

1. refuse a read-only workbook or folder, and a workbook Excel or LibreOffice has open;
2. write the new version to a temporary file beside the workbook (beside its *target* if the workbook is
   a symbolic link: the link stays a link), copy the workbook's permissions, flush it to the disk;
3. refuse if a lock file has appeared meanwhile, or if the workbook no longer holds the bytes that were
   read (another program saved it): the newer save stays as it is;
4. swap the new file in (:func:`exchange.swap`: one system call puts it at the workbook's name and hands
   back the file that was there at that instant), then read what came out: if it holds exactly the bytes
   that were read, it *is* the original, and becomes the backup (:func:`backups.keep`) or is removed;
   otherwise another program saved between step 3 and the swap, and that save is put back (below) and
   the refresh refused, naming the program where it can be told;
5. flush the folder.

**Why nothing can be lost with the exchange.** Other programs save by renaming a new file over the
workbook's name (Excel, LibreOffice, sync clients) or by writing into it. Such a save lands either before
the swap, and then it is the file that comes out (step 4 sees it and puts it back), or after, and then it
replaces our new file at the name — the last save wins, and what came out is the original. There is no
third moment: the check of what is there and the replacement are one step. Putting a save back is a swap
again (our new file out, their save in), and a *second* save may land between the two swaps; so what
comes out of each put-back swap is read too: if it is our new file (its bytes), their save is in place and
ours is removed; if it is anything else, it is a newer save that landed meanwhile, and it is swapped in
the same way in turn (the older save it supersedes is removed: had Trappen not run, the newer save would
have replaced it just the same). Each round needs yet another save inside a few milliseconds, so this ends
at once in practice; after :data:`PUT_BACK_ROUNDS` rounds the newest save is kept visibly as
``NAVN.gemt-undervejs.xlsx`` and the refresh refused. If the name is empty for a moment (Windows' save
renames the workbook away first), the save is given the name without replacing anything
(:func:`disk.publish_new`); a save landing after that replaces it, as it should. Ctrl-C is held back
while another program's save is under one of our temporary names (:func:`exchange.interrupts_deferred`).

**What remains.** A program that keeps the workbook open and writes *into* it after the swap writes into
the file that came out — the backup — not the workbook; Excel and LibreOffice keep a lock file while a
workbook is open, and that is refused in steps 1 and 3. A power cut between the swap and step 4 leaves
the original (or another program's save) under the temporary name ``.NAVN.xxxxxxxx.trappen.tmp``.

**Where the system has no exchange** (:class:`exchange.Unsupported`: some network and FUSE file systems,
other systems) the old way is taken: the backup is a copy, read back from the disk and checked against
what was read (:func:`backups.take`), the workbook is compared with what was read (bytes), and just before
the rename once more with the file that was compared (one ``stat``: :class:`disk.Identity`), then the new
file is renamed over it. A save landing between that last ``stat`` and the rename — two system calls
apart, microseconds, longer if the process is paused there — is replaced by the refresh and not kept
anywhere; that is what remains possible on that path, and the docs say so.

On any failure before the swap or rename — a refusal, a full disk, a permission error, an interrupt — the
workbook is untouched, the temporary file is removed and so is a backup copy (it is a copy of the untouched
workbook). :func:`create` writes a new file the same way without ever replacing one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

from . import backups, disk, exchange
from .failures import refusal

#: How many times a save is put back while other saves keep landing, before the newest is kept aside.
PUT_BACK_ROUNDS = 8

#: Called as ``stage_hook(stage, workbook)`` at each stage of a replacement: "written" (the new file is on
#: the disk), "checked" (the workbook still held what was read), "swapped" (the new file is in: exchange),
#: "kept" (what came out was the original), "copied", "identified" and "renamed" (no exchange: the backup
#: copy is taken; the bytes compared, just before the last ``stat``; the rename is done). Tests save the
#: workbook there; None in use.
stage_hook: Callable[[str, Path], object] | None = None


def _stage(name: str, target: Path) -> None:
    if stage_hook is not None:
        stage_hook(name, target)


def replace(path: str | Path, write: Callable[[Path], object], *, keep_backup: bool = True,
            expected: disk.Snapshot | None = None) -> Path | None:
    """Replace ``path`` by what ``write(temporary_path)`` writes; returns the backup (or None).

    ``expected`` is the snapshot of what was read from ``path``; the replacement is refused if another
    program has saved the file since, and that save stays in the workbook.
    """
    path = Path(path)
    target = Path(os.path.realpath(path))
    disk.refuse_unwritable(path)
    disk.refuse_locked(path)
    with disk.temporary_beside(target, owner=path) as incoming:
        write(incoming)
        shutil.copymode(target, incoming)
        disk.sync_file(incoming)
        ours = disk.file_digest(incoming)
        _stage("written", target)
        disk.refuse_locked(path, meanwhile=True)
        if expected is not None:
            expected.refuse_if_changed(target)
        _stage("checked", target)
        with disk.temporary_beside(target, owner=path) as spare, exchange.interrupts_deferred():
            spare.unlink()  # a free name of ours, for Windows' swap; after a swap, a file there is not ours
            try:
                came_out = exchange.swap(target, incoming, spare)
            except exchange.Unsupported:
                pass
            except FileNotFoundError:  # the name is empty: another program is in the middle of saving
                raise disk.changed_meanwhile(path) from None
            else:
                try:
                    _stage("swapped", target)
                    backup = _after_swap(target, came_out, spare if came_out == incoming else incoming, ours,
                                         expected, keep_backup)
                except BaseException:
                    _rescue((incoming, spare), target)
                    raise
                disk.sync_folder(target.parent)
                return backup
        backup = _rename_over(target, incoming, expected, keep_backup)
    disk.sync_folder(target.parent)
    return backup


def _after_swap(target: Path, came_out: Path, spare: Path, ours: str, expected: disk.Snapshot | None,
                keep_backup: bool) -> Path | None:
    """The new file is at ``target``; ``came_out`` holds what was there. Keep it as the backup if it is the
    original, else put it back (another program's save) and refuse."""
    if expected is None or expected.matches(came_out):
        _stage("kept", target)
        if keep_backup:
            return backups.keep(came_out, target)
        came_out.unlink()
        return None
    _put_back(target, came_out, spare, ours)
    raise disk.changed_meanwhile(target)


def _rescue(names: tuple[Path, ...], target: Path) -> None:
    """After a swap, a failure must not let the clean-up remove what came out (the original, or a save)
    from our temporary names: whatever is still there is kept visibly beside the workbook (best effort)."""
    for name in names:
        with contextlib.suppress(OSError):
            if os.path.lexists(name):
                _keep_aside(name, target)


def _put_back(target: Path, held: Path, spare: Path, ours: str) -> None:
    """``held`` is another program's save, ``target`` holds our new file: swap until the save is in place.

    After each swap, what came out must be what we put at the name last (first our new file, ``ours`` by its
    SHA-256); anything else is a newer save that landed between two swaps, and it goes in next.
    """
    expected_out = ours
    for _ in range(PUT_BACK_ROUNDS):
        going_in = disk.file_digest(held)
        try:
            came_out = exchange.swap(target, held, spare)
        except FileNotFoundError:  # the name is empty for a moment: give it the save, never replacing
            try:
                disk.publish_new(held, target)
                return
            except FileExistsError:
                continue  # the other program's save has just landed: swap with it
        if disk.file_digest(came_out) == expected_out:
            came_out.unlink()  # ours (or bytes identical to what we put there)
            return
        free = spare if came_out == held else held  # the name that is empty now
        expected_out, held, spare = going_in, came_out, free  # a newer save came out: it goes in next
    kept = _keep_aside(held, target)
    raise refusal(target, f"blev gemt igen og igen af et andet program, mens Trappen regnede; den nyeste gemte "
                          f"version ligger i {kept.name}", "åbn den, og kør kommandoen igen, når den ikke gemmes")


def _keep_aside(file: Path, target: Path) -> Path:
    """Name ``file`` ``NAVN.gemt-undervejs.xlsx`` (``-2``, ``-3`` ... if taken) beside ``target``."""
    for number in range(1, 1000):
        tag = ".gemt-undervejs" + (f"-{number}" if number > 1 else "")
        room = disk.name_max(target.parent) - len((tag + target.suffix).encode("utf-8"))
        name = target.with_name(disk.fit_name(target.stem, room) + tag + target.suffix)
        with contextlib.suppress(FileExistsError):
            disk.publish_new(file, name)
            return name
    raise FileExistsError(target)


def _rename_over(target: Path, incoming: Path, expected: disk.Snapshot | None,
                 keep_backup: bool) -> Path | None:
    """Where there is no exchange: a verified backup copy, the comparison with what was read, a last
    ``stat``, the rename. A save in the microseconds between that ``stat`` and the rename is replaced."""
    backup, done = None, False
    try:
        if keep_backup:
            backup = backups.take(target, expected)
        _stage("copied", target)
        identity = expected.refuse_if_changed(target) if expected is not None else None
        _stage("identified", target)
        if identity is not None:
            identity.refuse_if_other(target)
        os.replace(incoming, target)
        done = True
        _stage("renamed", target)
    except BaseException:
        if backup is not None and not done:
            backup.unlink(missing_ok=True)  # a copy of the untouched workbook: not needed
        raise
    return backup


def create(path: str | Path, write: Callable[[Path], object]) -> Path:
    """Write a new file ``path`` through ``write(temporary_path)``; an existing file is never replaced."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with disk.temporary_beside(path) as temporary:
        write(temporary)
        os.chmod(temporary, disk.new_file_mode())
        disk.sync_file(temporary)
        disk.publish_new(temporary, path)
    disk.sync_folder(path.parent)
    return path


def replace_atomically(path: Path, write: Callable[[Path], object], keep_backup: bool = True,
                       expected: disk.Snapshot | None = None) -> Path | None:
    """Write a new version of ``path`` through ``write(temporary_path)``, check it, then swap it in.

    :func:`replace` does the swap (backup generations, locks, the snapshot ``expected`` of what was
    read, atomic rename); here the new package is checked to be a sound zip before it may replace anything.
    Returns the backup, or None.
    """
    def write_and_check(temporary: Path) -> None:
        write(temporary)
        with zipfile.ZipFile(temporary) as written:
            damaged = written.testzip()
        if damaged is not None:
            raise refusal(path, f"den nye fil blev beskadiget under skrivningen ({damaged})",
                          "projektmappen er urørt; prøv igen")

    return replace(path, write_and_check, keep_backup=keep_backup, expected=expected)
