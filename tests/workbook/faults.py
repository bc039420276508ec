"""What the safety tests build and break: small workbooks, rewritten packages, zip bombs, a full disk, a
read-only folder, and the check that the command line refused with one Danish line and lost nothing."""

from __future__ import annotations

import builtins
import errno
import io
import os
import struct
import tempfile
import zipfile
import zlib
from pathlib import Path

import xlsxwriter
from typer.testing import CliRunner

from trappen.addin.cli import app
from trappen.addin.workbook import disk

runner = CliRunner()


def small_workbook(path: Path, cases: int = 770) -> Path:
    """A workbook with inputs, text (so a sharedStrings part), a defined name and formulas, one calling
    our CASELOAD: Ballerup's 770 cases on 32 advisers."""
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Sagstal")
    sheet.write_column("A1", ["Sager", "Rådgivere", "Sagstal", "Dobbelt"])
    sheet.write_column("B1", [cases, 32])
    sheet.write_formula("B3", "=CASELOAD(B1,B2)")
    sheet.write_formula("B4", "=B1*2")
    book.define_name("Sager", "=Sagstal!$B$1")
    book.close()
    return path


def rewrite(path: Path, *, replace: dict[str, bytes] | None = None, remove: tuple[str, ...] = (),
            add: dict[str, bytes] | None = None, stored: tuple[str, ...] = ()) -> Path:
    """Rewrite the package at ``path`` in place: parts replaced, removed, added, or stored uncompressed."""
    replace, add = replace or {}, add or {}
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts:
            if info.filename in remove:
                continue
            if info.filename in stored:
                info.compress_type = zipfile.ZIP_STORED
            target.writestr(info, replace.get(info.filename, data))
        for name, data in add.items():
            target.writestr(name, data)
    return path


def part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as package:
        return package.read(name)


# --- zip bombs --------------------------------------------------------------------------------------------

def deflated_zeros(mebibytes: int) -> tuple[bytes, int]:
    """A raw deflate stream of ``mebibytes`` MiB of zeros and its CRC, built in a moment and ~1 kB per MiB:
    one fully flushed block repeated (each is self-contained), then an empty final block."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = compressor.compress(bytes(2**20)) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc, zeros = 0, bytes(2**20)
    for _ in range(mebibytes):
        crc = zlib.crc32(zeros, crc)
    return block * mebibytes + b"\x03\x00", crc


def with_raw_member(path: Path, name: str, deflated: bytes, crc: int, declared_size: int) -> Path:
    """Rewrite ``path`` with one more member written byte by byte: its deflate stream as given and the
    size its headers declare (which may lie)."""
    with zipfile.ZipFile(path) as source:
        parts = [(info.filename, source.read(info)) for info in source.infolist()]
    members, directory, offset = [], [], 0
    entries = [(n, zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS), d) for n, d in parts]
    raw_parts = [(n, c.compress(d) + c.flush(), zlib.crc32(d), len(d)) for n, c, d in entries]
    for member_name, data, member_crc, size in raw_parts + [(name, deflated, crc, declared_size)]:
        encoded = member_name.encode()
        fields = (20, 0, 8, 0, 0x21, member_crc, len(data), size, len(encoded), 0)
        local = struct.pack("<4s5H3L2H", b"PK\x03\x04", *fields) + encoded
        directory.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, offset) + encoded)
        members.append(local + data)
        offset += len(local) + len(data)
    central = b"".join(directory)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(directory), len(directory), len(central), offset, 0)
    path.write_bytes(b"".join(members) + central + end)
    return path


# --- the command line -------------------------------------------------------------------------------------

def cli(*arguments) -> object:
    return runner.invoke(app, [str(a) for a in arguments])


def listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def assert_refused(result, path: Path, before: bytes, files_before: list[str], says: str, code: int = 1) -> str:
    """The command refused ``path`` in one Danish line naming it, saying ``says``; nothing changed or left."""
    assert "Traceback" not in result.output
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # nothing escaped the edge
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    line = lines[0]
    assert path.name in line and says in line and " — " in line, line
    assert path.read_bytes() == before
    assert listing(path.parent) == files_before
    return line


def refused_by_cli(path: Path, says: str, *arguments) -> str:
    """Refresh ``path`` on the command line and check it was refused and left as it was."""
    before, files = path.read_bytes(), listing(path.parent)
    return assert_refused(cli("refresh", path, *arguments), path, before, files, says)


# --- the file system at fault -----------------------------------------------------------------------------

class FullDisk:
    """The disk fills up while Trappen writes its ``nth`` temporary file (1 = the new workbook, 2 = the
    backup), after ``room`` bytes: that write raises ``OSError(ENOSPC)`` as a real one would, having
    written what fitted. Install with :meth:`install` (pytest's monkeypatch)."""

    def __init__(self, nth: int, room: int = 2000):
        self.nth, self.room, self.seen = nth, room, []

    def install(self, monkeypatch) -> FullDisk:
        real_open = builtins.open

        def open_(file, mode="r", *args, **kwargs):
            handle = real_open(file, mode, *args, **kwargs)
            name = os.fspath(file) if isinstance(file, (str, os.PathLike)) else None
            if name and any(flag in mode for flag in "wa+") and name.endswith(disk.TEMPORARY_SUFFIX):
                if name not in self.seen:
                    self.seen.append(name)
                if self.seen.index(name) + 1 == self.nth:
                    return _Filling(handle, self)
            return handle

        monkeypatch.setattr(builtins, "open", open_)
        monkeypatch.setattr(io, "open", open_)  # zipfile opens its file through io.open
        return self


class _Filling:
    def __init__(self, handle, full: FullDisk):
        self.handle, self.full = handle, full

    def write(self, data) -> int:
        if len(data) > self.full.room:
            self.handle.write(bytes(data[:self.full.room]))
            self.full.room = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.full.room -= len(data)
        return self.handle.write(data)

    def __getattr__(self, name):
        return getattr(self.handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()


def make_read_only(folder: Path, monkeypatch) -> None:
    """A folder nobody may write in. The administrator (root, as in some CI containers) may write anyway,
    so what the operating system would say to an officer is said here too: no write access, and
    ``EACCES`` for a new file."""
    folder.chmod(0o555)
    real_access, real_mkstemp = os.access, tempfile.mkstemp

    def access(path, mode, *args, **kwargs):
        if Path(path) == folder and mode & os.W_OK:
            return False
        return real_access(path, mode, *args, **kwargs)

    def mkstemp(*args, dir=None, **kwargs):
        if dir is not None and Path(dir) == folder:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(folder))
        return real_mkstemp(*args, dir=dir, **kwargs)

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
