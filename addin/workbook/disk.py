"""File operations that never lose what the officer saved: the building blocks of a replacement and a backup.

- :class:`Snapshot`: what a refresh read (size, SHA-256 of the bytes), to tell afterwards whether
  another program saved the file in the meantime (:func:`saving_program` says which one may have);
  :class:`Identity`: which file is at a name, for a last look in one ``stat`` just before a rename;
- :func:`refuse_locked`: Excel's owner file ``~$NAME`` and LibreOffice's ``.~lock.NAME#`` mean the workbook
  is open; :func:`refuse_unwritable`: a read-only workbook or folder is refused before anything is written;
- :func:`temporary_beside`: a new file beside another (same folder, so a rename is atomic) whose name fits
  the file-name limit however long the workbook's name, removed on any failure, an interrupt included;
- :func:`sync_file`, :func:`sync_folder`: data and folder entry on the disk before and after a rename;
- :func:`publish_new`: give a finished file its name without ever replacing an existing file.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .failures import UNTOUCHED, WorkbookError, refusal
from .ooxml import parse_xml, read_part

#: The longest file name (bytes) on ext4, NTFS (UTF-16 units), APFS; smaller where the file system says so.
NAME_MAX = 255
CHUNK = 2**20
TEMPORARY_SUFFIX = ".trappen.tmp"


@dataclass(frozen=True)
class Snapshot:
    """What was read from a file: its size and the SHA-256 of its bytes.

    The bytes decide, not the modification time: a program may keep the time, and a save of identical
    bytes loses nothing.
    """

    size: int
    sha256: str

    @classmethod
    def of(cls, path: str | Path) -> Snapshot:
        return cls(os.stat(path).st_size, file_digest(path))

    def matches(self, path: str | Path) -> bool:
        """Whether ``path`` holds exactly the bytes this snapshot was taken of."""
        return os.stat(path).st_size == self.size and file_digest(path) == self.sha256

    def refuse_if_changed(self, path: Path) -> Identity:
        """Refuse when ``path`` no longer holds the bytes this snapshot was taken of (another program saved it).

        Returns the identity of the file that was found to hold them, for :meth:`Identity.refuse_if_other`
        just before a rename where the system has no exchange.
        """
        with open(path, "rb") as handle:
            before = Identity.of(os.fstat(handle.fileno()))
            same = before.size == self.size and hashlib.file_digest(handle, "sha256").hexdigest() == self.sha256
            if not same or Identity.of(os.fstat(handle.fileno())) != before:
                raise changed_meanwhile(path)
        return before


@dataclass(frozen=True)
class Identity:
    """Which file is at a name, and whether it was written since: device, inode, size, times (ns).

    A save by renaming a new file over the name gives another inode; a save into the file itself changes
    its size or times. Comparing this takes one ``stat``, where comparing the bytes takes a read.
    """

    device: int
    inode: int
    size: int
    modified_ns: int
    changed_ns: int

    @classmethod
    def of(cls, status: os.stat_result) -> Identity:
        return cls(status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)

    def refuse_if_other(self, path: Path) -> None:
        if Identity.of(os.stat(path)) != self:
            raise changed_meanwhile(path)


def changed_meanwhile(path: Path) -> WorkbookError:
    """The refusal when another program saved ``path`` during the refresh; ``path`` holds that save."""
    program = saving_program(path)
    return refusal(path, "er blevet gemt af et andet program, mens Trappen regnede"
                   + (f" ({program})" if program else ""), "den nye version er ikke rørt; kør kommandoen igen")


def saving_program(path: Path) -> str:
    """Which program may have saved ``path``, as far as can be told: the owner of a lock file beside it (Excel's
    ``~$NAME``, LibreOffice's ``.~lock.NAME#``), else the application its ``docProps/app.xml`` names
    (what the file says of itself: xlsxwriter also writes "Microsoft Excel"); "" when neither says."""
    for lock in lock_files(path):
        program = "LibreOffice" if lock.name.startswith(".~lock.") else "Excel"
        return f"sandsynligvis {program}, som har den åben: {lock.name} findes"
    try:
        with zipfile.ZipFile(path) as package:
            found = parse_xml(read_part(package, "docProps/app.xml")).find(f"{{{_EXTENDED}}}Application")
        application = " ".join((found.text or "").split("$")[0].split())[:60] if found is not None else ""
    except Exception:  # noqa: BLE001 - only a hint: a file we cannot read names no program
        return ""
    return f"filen siger, den er gemt med {application}" if application else ""


_EXTENDED = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"


def file_digest(path: str | Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def copy_file(source: Path, target: Path) -> str:
    """Copy the bytes of ``source`` into ``target`` (which exists); returns the SHA-256 of what was copied."""
    digest = hashlib.sha256()
    with open(source, "rb") as reader, open(target, "wb") as writer:
        while block := reader.read(CHUNK):
            digest.update(block)
            writer.write(block)
    return digest.hexdigest()


# --- before anything is written -------------------------------------------------------------------------

def lock_files(path: Path) -> list[Path]:
    """The lock files beside ``path`` (and beside its target, if it is a link) of a program that has it open."""
    found = []
    for where in dict.fromkeys([Path(path), Path(os.path.realpath(path))]):
        for candidate in (f"~${where.name}", f"~${where.name[2:]}", f".~lock.{where.name}#"):
            lock = where.with_name(candidate)
            if _exists(lock) and lock not in found:
                found.append(lock)
    return found


def _exists(path: Path) -> bool:
    """Whether ``path`` exists; a name too long to exist (a lock file of a long workbook name) does not."""
    try:
        return path.exists()
    except OSError:
        return False


def refuse_locked(path: Path, meanwhile: bool = False) -> None:
    """Refuse a workbook Excel or LibreOffice has open (its lock file exists)."""
    for lock in lock_files(path):
        program = "LibreOffice" if lock.name.startswith(".~lock.") else "Excel"
        if meanwhile:
            raise refusal(path, f"blev åbnet i {program}, mens Trappen regnede ({lock.name} findes)",
                          f"{UNTOUCHED}; luk den i {program} og prøv igen")
        raise refusal(path, f"er åben i {program} ({lock.name} findes)", f"luk den i {program} og prøv igen")


def refuse_unwritable(path: Path) -> None:
    """Refuse a read-only workbook, or one in a folder where no new file can be written.

    A file without the owner's write bit counts as read-only even for an administrator, who could write it:
    someone marked it read-only on purpose.
    """
    target = Path(os.path.realpath(path))
    if not os.access(target, os.W_OK) or not os.stat(target).st_mode & stat.S_IWUSR:
        raise refusal(path, "er skrivebeskyttet",
                      "fjern skrivebeskyttelsen (Egenskaber i Stifinder) eller gem en kopi, og prøv igen")
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise read_only_folder(path, target.parent)


def read_only_folder(path: Path, folder: Path) -> WorkbookError:
    return refusal(path, f"mappen {folder} er skrivebeskyttet, så den nye fil kan ikke skrives ved siden af",
                   f"{UNTOUCHED}; flyt den til en mappe, du kan skrive i")


# --- writing ----------------------------------------------------------------------------------------------

def name_max(folder: Path) -> int:
    """The longest file name (in bytes) the folder's file system takes."""
    try:
        return min(NAME_MAX, os.pathconf(folder, "PC_NAME_MAX"))
    except (AttributeError, OSError, ValueError):  # Windows has no pathconf
        return NAME_MAX


def fit_name(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` bytes of UTF-8, never inside a character."""
    return text.encode("utf-8")[:max(limit, 0)].decode("utf-8", "ignore")


@contextmanager
def temporary_beside(target: Path, owner: Path | None = None) -> Iterator[Path]:
    """A new, empty, uniquely named file in ``target``'s folder, removed afterwards unless it was renamed.

    The name is ``.NAME.XXXXXXXX.trappen.tmp`` with NAME cut so the whole fits :func:`name_max`. It is
    removed on any failure, a ``KeyboardInterrupt`` included. ``owner`` is the workbook named in a refusal.
    """
    folder = target.parent
    room = name_max(folder) - len(f"..{'x' * 8}{TEMPORARY_SUFFIX}")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{fit_name(target.name, room)}.", suffix=TEMPORARY_SUFFIX,
                                        dir=folder)
    except PermissionError:
        raise read_only_folder(owner or target, folder) from None
    temporary = Path(name)
    try:
        os.close(handle)
        yield temporary
    finally:
        if os.path.lexists(temporary):
            try:
                temporary.unlink()
            except OSError:
                pass  # nothing more we can do; the name says what it is


def new_file_mode() -> int:
    """The permissions a new file gets here (0o666 less the umask); a temporary file starts as 0o600."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def sync_file(path: Path) -> None:
    """Flush a written file's data to the disk."""
    with open(path, "r+b") as handle:  # Windows needs a writable handle to flush
        os.fsync(handle.fileno())


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries (a new name, a rename) to the disk, where the platform allows it (POSIX)."""
    if os.name == "nt":
        return
    try:
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError as error:  # some file systems cannot sync a folder; the data itself is synced
        if error.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(handle)


def publish_new(finished: Path, name: Path) -> None:
    """Give a finished file the name ``name``; ``FileExistsError`` if that name exists (it is never replaced)."""
    try:
        os.link(finished, name)  # atomic, and fails if the name exists
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links (FAT, some network drives)
        if os.path.lexists(name):
            raise FileExistsError(errno.EEXIST, "exists", str(name)) from None
        os.rename(finished, name)  # on Windows, rename also refuses an existing name
        return
    finished.unlink()
