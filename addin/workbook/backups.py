"""Backups of a workbook, taken just before it is replaced: every generation kept, none ever replaced.

The first backup of ``budget.xlsx`` is ``budget.bak.xlsx``, the next ``budget.bak-2.xlsx``, then
``budget.bak-3.xlsx`` ...: the highest number is the newest, and the file's date is when the officer last
saved that version (the backup keeps the original's time). A name too long for the file system with the
``.bak-N`` tag is cut before the tag. Where the system swaps files atomically (:mod:`.exchange`) the backup
is the workbook's own file, swapped out and checked to hold exactly the bytes the refresh read
(:func:`keep`); elsewhere it is a copy written under a temporary name, flushed, read back and checked the
same way, and only then given its name (:func:`take`). So a backup is always the original, a full disk or
an interrupt never leaves a half-written backup, and an existing backup is never replaced.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from . import disk

_TAG = re.compile(r"\.bak(?:-(?P<generation>[1-9]\d*))?$")


def is_backup(path: str | Path) -> bool:
    """A backup by its name: ``NAME.bak.xlsx`` or ``NAME.bak-N.xlsx``."""
    return _TAG.search(Path(path).stem) is not None


def backup_name(path: Path, generation: int) -> Path:
    """The name of the ``generation``-th backup of ``path`` (1 = ``NAME.bak.xlsx``)."""
    tag = ".bak" if generation == 1 else f".bak-{generation}"
    room = disk.name_max(path.parent) - len((tag + path.suffix).encode("utf-8"))
    return path.with_name(disk.fit_name(path.stem, room) + tag + path.suffix)


def generations(path: Path) -> list[Path]:
    """The existing backups of ``path``, oldest first."""
    found = {}
    for entry in path.parent.iterdir():
        match = _TAG.search(entry.stem)
        if match and entry.suffix == path.suffix:
            generation = int(match["generation"] or 1)
            if entry.name == backup_name(path, generation).name:
                found[generation] = entry
    return [found[g] for g in sorted(found)]


def take(path: Path, expected: disk.Snapshot | None = None) -> Path:
    """Copy ``path`` to its next backup generation and return the backup (where the system has no exchange).

    With ``expected``, the copy itself — read back from the disk after it is flushed — must hold the bytes the
    refresh read; otherwise another program has saved the workbook meanwhile, the copy is removed and the
    backup refused.
    """
    with disk.temporary_beside(path) as temporary:
        disk.copy_file(path, temporary)
        disk.sync_file(temporary)
        if expected is not None and not expected.matches(temporary):
            raise disk.changed_meanwhile(path)
        shutil.copystat(path, temporary)  # the backup shows when this version was saved
        backup = _publish(temporary, path)
    disk.sync_folder(path.parent)
    return backup


def keep(original: Path, path: Path) -> Path:
    """Give ``original`` — the very file that was at ``path``'s name, swapped out — the name of ``path``'s
    next backup generation; its bytes, permissions and time stay as the officer saved them."""
    backup = _publish(original, path)
    disk.sync_folder(path.parent)
    return backup


def _publish(finished: Path, path: Path) -> Path:
    """Name ``finished`` as ``path``'s next backup generation, never replacing one; returns the backup."""
    existing = generations(path)
    generation = int(_TAG.search(existing[-1].stem)["generation"] or 1) + 1 if existing else 1
    while True:
        backup = backup_name(path, generation)
        try:
            disk.publish_new(finished, backup)
            return backup
        except FileExistsError:
            generation += 1
