"""Replacing a workbook on disk so that nothing the officer typed or saved is ever lost.

:func:`replace` is the one way a workbook is overwritten (the refresh, ``trappen template --force``):

1. refuse a read-only workbook or folder, and a workbook Excel or LibreOffice has open;
2. write the new version to a temporary file beside the workbook (beside its *target* if the workbook is
   a symbolic link: the link stays a link), copy the workbook's permissions, flush it to the disk;
3. refuse if a lock file has appeared meanwhile;
4. take a backup (a new generation, see :mod:`.backups`), checked against what was read;
5. refuse if the workbook no longer holds the bytes that were read (another program saved it): the newer
   save stays as it is;
6. rename the temporary file over the workbook (atomic within a folder) and flush the folder.

On any failure before the rename — a refusal, a full disk, a permission error, an interrupt — the workbook
is untouched, the temporary file is removed and so is a backup taken in step 4 (it is a copy of the
untouched workbook). :func:`create` writes a new file the same way without ever replacing one.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

from . import backups, disk
from .failures import refusal


def replace(path: str | Path, write: Callable[[Path], object], *, keep_backup: bool = True,
            expected: disk.Snapshot | None = None) -> Path | None:
    """Replace ``path`` by what ``write(temporary_path)`` writes; returns the backup (or None).

    ``expected`` is the snapshot of what was read from ``path``; the replacement is refused if the file has
    changed since.
    """
    path = Path(path)
    target = Path(os.path.realpath(path))
    disk.refuse_unwritable(path)
    disk.refuse_locked(path)
    backup, done = None, False
    try:
        with disk.temporary_beside(target, owner=path) as temporary:
            write(temporary)
            shutil.copymode(target, temporary)
            disk.sync_file(temporary)
            disk.refuse_locked(path, meanwhile=True)
            if keep_backup:
                backup = backups.take(target, expected)
            if expected is not None:
                expected.refuse_if_changed(target)
            os.replace(temporary, target)
            done = True
    except BaseException:
        if backup is not None and not done:
            backup.unlink(missing_ok=True)  # a copy of the untouched workbook: not needed
        raise
    disk.sync_folder(target.parent)
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
