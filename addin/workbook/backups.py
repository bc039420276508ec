"""Backups of a workbook, taken just before it is replaced: every generation kept, none ever replaced.

The first backup of ``budget.xlsx`` is ``budget.bak.xlsx``, the next ``budget.bak-2.xlsx``, then
``budget.bak-3.xlsx`` ...: the highest number is the newest, and the file's date is when the officer last
saved that version (the backup keeps the original's time). A name too long for the file system with the
``.bak-N`` tag is cut before the tag. A backup is written under a temporary name, checked against what
the refresh read, flushed to the disk and only then given its name, so a full disk or an interrupt never
leaves a half-written backup, and an existing backup is never replaced.
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
    """Copy ``path`` to its next backup generation and return the backup.

    With ``expected``, the copied bytes must be the ones the refresh read; otherwise another program has
    saved the workbook meanwhile and the backup is refused.
    """
    existing = generations(path)
    generation = int(_TAG.search(existing[-1].stem)["generation"] or 1) + 1 if existing else 1
    with disk.temporary_beside(path) as temporary:
        digest = disk.copy_file(path, temporary)
        if expected is not None and digest != expected.sha256:
            raise disk.changed_meanwhile(path)
        disk.sync_file(temporary)
        shutil.copystat(path, temporary)  # the backup shows when this version was saved
        while True:
            backup = backup_name(path, generation)
            try:
                disk.publish_new(temporary, backup)
                break
            except FileExistsError:
                generation += 1
    disk.sync_folder(path.parent)
    return backup
