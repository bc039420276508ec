"""The platform swap (addin/workbook/exchange.py): Linux's renameat2 for real; the errors that mean "no
exchange here"; Windows' ReplaceFileW by its documented outcomes, through a fake (these tests cannot run
Windows: docs/it.md says what a Windows tester runs); Ctrl-C held back while a save is under our names."""

from __future__ import annotations

import ctypes
import errno
import os
import signal
import sys
from pathlib import Path

import pytest

from tests.workbook import saves
from tests.workbook.faults import cli, small_workbook
from trappen.addin.app import refresh
from trappen.addin.workbook import backups, exchange, replacement
from trappen.addin.workbook.failures import WorkbookError

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@linux
def test_renameat2_swaps_two_files_in_one_step(tmp_path):
    (tmp_path / "bog.xlsx").write_bytes(b"gemt af Excel")
    (tmp_path / "ny.tmp").write_bytes(b"genberegnet")
    came_out = exchange.swap(tmp_path / "bog.xlsx", tmp_path / "ny.tmp", tmp_path / "fri.tmp")
    assert came_out == tmp_path / "ny.tmp"
    assert files(tmp_path) == {"bog.xlsx": b"genberegnet", "ny.tmp": b"gemt af Excel"}
    assert exchange.method() == "renameat2(RENAME_EXCHANGE)"


@linux
def test_no_file_at_the_name_is_file_not_found_and_nothing_changes(tmp_path):
    (tmp_path / "ny.tmp").write_bytes(b"genberegnet")
    with pytest.raises(FileNotFoundError):
        exchange.swap(tmp_path / "bog.xlsx", tmp_path / "ny.tmp", tmp_path / "fri.tmp")
    assert files(tmp_path) == {"ny.tmp": b"genberegnet"}


def failing_call(code: int):
    def call(a, b):
        ctypes.set_errno(code)
        return -1
    return call


@pytest.mark.parametrize("code", [errno.EINVAL, errno.ENOSYS, errno.ENOTSUP], ids=["EINVAL", "ENOSYS", "ENOTSUP"])
def test_a_file_system_or_kernel_without_the_exchange_says_unsupported(code):
    with pytest.raises(exchange.Unsupported):
        exchange._posix_call(failing_call(code), b"a", b"b")
    with pytest.raises(exchange.Unsupported):
        exchange._posix_call(None, b"a", b"b")  # a C library without renameat2 / renamex_np


def test_another_refusal_of_the_system_is_an_os_error():
    with pytest.raises(PermissionError):
        exchange._posix_call(failing_call(errno.EACCES), b"a", b"b")


def test_without_the_exchange_the_refresh_falls_back_to_check_and_rename(tmp_path, monkeypatch):
    """What a file system answering EINVAL gets: the backup copy, checked; the workbook refreshed."""
    monkeypatch.setattr(exchange, "_renameat2", lambda: failing_call(errno.EINVAL))
    monkeypatch.setattr(exchange, "_renamex_np", lambda: failing_call(errno.ENOTSUP))
    workbook = small_workbook(tmp_path / "sagstal.xlsx")
    original = workbook.read_bytes()
    taken = []
    take = backups.take
    monkeypatch.setattr(backups, "take", lambda *a: taken.append(a) or take(*a))
    result = refresh.refresh(workbook)
    assert taken and result.backup.read_bytes() == original and workbook.read_bytes() != original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sagstal.bak.xlsx", "sagstal.xlsx"]


# --- Windows: ReplaceFileW's outcomes, faked ----------------------------------------------------------------

class FakeReplaceFile:
    """ReplaceFileW(replaced, replacement, backup) as documented, with the outcome chosen by the test:
    0 (replaced → backup, replacement → replaced), 1177 (replaced → backup only), or an error code with
    nothing changed. ``meanwhile`` runs between its two renames (another program saving)."""

    def __init__(self, code: int = 0, meanwhile=None):
        self.code, self.meanwhile, self.calls = code, meanwhile, []

    def __call__(self, replaced: str, replacement: str, backup: str) -> int:
        self.calls.append((Path(replaced).name, Path(replacement).name, Path(backup).name))
        assert not os.path.exists(backup), "the backup name must be free"
        if self.code not in (0, exchange.ERROR_UNABLE_TO_MOVE_REPLACEMENT_2):
            return self.code
        if not os.path.exists(replaced):
            return 2
        os.rename(replaced, backup)
        if self.meanwhile:
            self.meanwhile(Path(replaced))
        if self.code:
            return self.code
        os.rename(replacement, replaced)
        return 0


def windows_names(tmp_path: Path) -> tuple[Path, Path, Path]:
    (tmp_path / "bog.xlsx").write_bytes(b"original")
    (tmp_path / "ny.tmp").write_bytes(b"genberegnet")
    return tmp_path / "bog.xlsx", tmp_path / "ny.tmp", tmp_path / "ud.tmp"


def test_replacefile_puts_the_new_file_in_and_the_old_at_the_backup_name(tmp_path):
    target, incoming, spare = windows_names(tmp_path)
    spare.write_bytes(b"")  # ours, left from mkstemp: removed first
    exchange.replace_file_swap(target, incoming, spare, FakeReplaceFile())
    assert files(tmp_path) == {"bog.xlsx": b"genberegnet", "ud.tmp": b"original"}


@pytest.mark.parametrize("code", [1, 50, 87], ids=["INVALID_FUNCTION", "NOT_SUPPORTED", "INVALID_PARAMETER"])
def test_replacefile_unsupported_on_this_drive_falls_back_with_nothing_changed(tmp_path, code):
    target, incoming, spare = windows_names(tmp_path)
    with pytest.raises(exchange.Unsupported):
        exchange.replace_file_swap(target, incoming, spare, FakeReplaceFile(code))
    assert files(tmp_path) == {"bog.xlsx": b"original", "ny.tmp": b"genberegnet"}


@pytest.mark.parametrize("code, error", [(32, errno.EBUSY), (5, errno.EACCES), (1175, errno.EIO), (1176, errno.EIO)])
def test_replacefile_refused_leaves_everything_as_it_was(tmp_path, code, error):
    target, incoming, spare = windows_names(tmp_path)
    with pytest.raises(OSError) as raised:
        exchange.replace_file_swap(target, incoming, spare, FakeReplaceFile(code))
    assert raised.value.errno == error
    assert files(tmp_path) == {"bog.xlsx": b"original", "ny.tmp": b"genberegnet"}


def test_replacefile_1177_puts_the_workbook_back(tmp_path):
    target, incoming, spare = windows_names(tmp_path)
    with pytest.raises(OSError):
        exchange.replace_file_swap(target, incoming, spare, FakeReplaceFile(1177))
    assert files(tmp_path) == {"bog.xlsx": b"original", "ny.tmp": b"genberegnet"}


def test_replacefile_1177_with_a_save_meanwhile_keeps_the_save(tmp_path, monkeypatch):
    target, incoming, spare = windows_names(tmp_path)
    rename = os.rename

    def windows_rename(source, destination):  # Windows' rename never replaces an existing file
        if os.path.exists(destination):
            raise FileExistsError(errno.EEXIST, "exists", str(destination))
        return rename(source, destination)

    monkeypatch.setattr(os, "rename", windows_rename)
    fake = FakeReplaceFile(1177, meanwhile=lambda name: name.write_bytes(b"gemt af Excel"))
    exchange.replace_file_swap(target, incoming, spare, fake)  # returns: the caller checks what came out
    assert files(tmp_path) == {"bog.xlsx": b"gemt af Excel", "ny.tmp": b"genberegnet", "ud.tmp": b"original"}


def test_replacefile_with_no_workbook_is_file_not_found(tmp_path):
    target, incoming, spare = windows_names(tmp_path)
    target.unlink()
    with pytest.raises(FileNotFoundError):
        exchange.replace_file_swap(target, incoming, spare, FakeReplaceFile())


@pytest.fixture
def as_on_windows(monkeypatch):
    """The replacement with ReplaceFileW's naming (the old file at the spare name), on the fake."""
    fake = FakeReplaceFile()

    def swap(target, incoming, spare):
        exchange.replace_file_swap(target, incoming, spare, fake)
        return spare

    monkeypatch.setattr(exchange, "swap", swap)
    return fake


@pytest.mark.parametrize("stage, expected", [(None, "no save"), ("checked", "refused"), ("swapped", "saved after")])
def test_the_replacement_on_windows_keeps_every_save(tmp_path, monkeypatch, as_on_windows, stage, expected):
    workbook = small_workbook(tmp_path / "sagstal.xlsx")
    original = workbook.read_bytes()
    prepared, save = saves.prepare_save(workbook, 1)

    def save_at(reached, target):
        if reached == stage and prepared.exists():
            saves.land(prepared, target)

    monkeypatch.setattr(replacement, "stage_hook", save_at)
    try:
        refresh.refresh(workbook)
        refused = False
    except WorkbookError:
        refused = True
    if stage is None:
        prepared.unlink()
        assert not refused and (tmp_path / "sagstal.bak.xlsx").read_bytes() == original
        assert sorted(p.name for p in tmp_path.iterdir()) == ["sagstal.bak.xlsx", "sagstal.xlsx"]
    else:
        assert saves.outcome(workbook, original, save, 1, refused) == expected
    assert len(as_on_windows.calls) == {None: 1, "checked": 2, "swapped": 1}[stage]  # put back: ReplaceFileW again


# --- Ctrl-C ---------------------------------------------------------------------------------------------------

def test_ctrl_c_during_the_swap_is_held_back_until_it_is_done(tmp_path, monkeypatch):
    workbook = small_workbook(tmp_path / "sagstal.xlsx")
    original = workbook.read_bytes()

    def interrupt(reached, target):
        if reached == "swapped":
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(replacement, "stage_hook", interrupt)
    result = cli("refresh", workbook)
    assert result.exit_code == 130 and "Traceback" not in result.output
    line = " ".join(result.output.split())
    assert "afbrudt — projektmappen nåede at blive genberegnet (med backup), før Trappen stoppede" in line
    assert (tmp_path / "sagstal.bak.xlsx").read_bytes() == original and workbook.read_bytes() != original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sagstal.bak.xlsx", "sagstal.xlsx"]
