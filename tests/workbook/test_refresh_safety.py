"""A refresh never loses work (issue 9, item 4): each fault of the file system or of timing is made here and
the workbook, its earlier backups and the folder are shown to be as they were (or refreshed, with the
original kept), with one Danish line and no traceback."""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

import pytest

from tests.workbook.faults import FullDisk, assert_refused, cli, listing, make_read_only, refused_by_cli, small_workbook
from trappen.addin.app import batch, refresh
from trappen.addin.workbook import backups, disk, exchange, gate, writer
from trappen.templates.build import FILENAME


@pytest.fixture
def workbook(tmp_path):
    return small_workbook(tmp_path / "sagstal.xlsx")


def caseload(path: Path) -> float:
    """The cached value of Sagstal!B3 (=CASELOAD(B1,B2)) as the file holds it."""
    import openpyxl

    return openpyxl.load_workbook(path, data_only=True)["Sagstal"]["B3"].value


def no_exchange(*_):
    raise exchange.Unsupported("forced by the test")


def during_write(monkeypatch, action) -> None:
    """Run ``action(temporary_path)`` while the refresh writes its new package (the compute is done)."""
    write_values = writer.write_values

    def write(source, target, values, strip_formulas=False):
        stats = write_values(source, target, values, strip_formulas)
        action(Path(target))
        return stats

    monkeypatch.setattr(writer, "write_values", write)


# --- another program, lock files ----------------------------------------------------------------------------

def test_a_save_by_another_program_during_the_refresh_is_kept(workbook, monkeypatch):
    newer = small_workbook(workbook.parent / "andet-program.xlsx", cases=800).read_bytes()
    (workbook.parent / "andet-program.xlsx").unlink()
    during_write(monkeypatch, lambda _: workbook.write_bytes(newer))
    result = cli("refresh", workbook)
    assert_refused(result, workbook, newer, ["sagstal.xlsx"], "gemt af et andet program")


def test_a_save_by_another_program_after_the_backup_is_kept_and_the_backup_removed(workbook, monkeypatch):
    """Where the system has no exchange, the backup is a copy taken before the rename."""
    newer = b"PK" + bytes(100)  # whatever the other program saved: it is left exactly as it is
    monkeypatch.setattr(exchange, "swap", no_exchange)
    take = backups.take

    def take_then_save(path, expected=None):
        backup = take(path, expected)
        workbook.write_bytes(newer)
        return backup

    monkeypatch.setattr(backups, "take", take_then_save)
    assert_refused(cli("refresh", workbook), workbook, newer, ["sagstal.xlsx"], "gemt af et andet program")


@pytest.mark.parametrize("lock, program", [("~$sagstal.xlsx", "Excel"), (".~lock.sagstal.xlsx#", "LibreOffice")])
def test_a_workbook_open_in_excel_or_libreoffice_is_refused(workbook, lock, program):
    (workbook.parent / lock).write_text("owner", encoding="utf-8")
    line = refused_by_cli(workbook, f"er åben i {program}")
    assert lock in line and (workbook.parent / lock).exists()


def test_a_lock_that_appears_during_the_refresh_is_refused(workbook, monkeypatch):
    lock = workbook.parent / ".~lock.sagstal.xlsx#"
    during_write(monkeypatch, lambda _: lock.write_text("owner", encoding="utf-8"))
    before = workbook.read_bytes()
    line = assert_refused(cli("refresh", workbook), workbook, before, [lock.name, "sagstal.xlsx"],
                          "blev åbnet i LibreOffice, mens Trappen regnede")
    assert "urørt" in line


# --- backups ------------------------------------------------------------------------------------------------

def test_an_existing_backup_is_never_replaced_and_every_generation_is_kept(workbook):
    original = workbook.read_bytes()
    first = cli("refresh", workbook)
    assert first.exit_code == 0, first.output
    refreshed_once = workbook.read_bytes()
    second = cli("refresh", workbook)
    assert second.exit_code == 0, second.output
    bak, bak2 = workbook.parent / "sagstal.bak.xlsx", workbook.parent / "sagstal.bak-2.xlsx"
    assert bak.read_bytes() == original and bak2.read_bytes() == refreshed_once
    assert f"Backup af originalen: {bak}" in " ".join(first.output.split())
    assert f"Backup af originalen: {bak2}" in " ".join(second.output.split())
    assert caseload(workbook) == pytest.approx(770 / 32)
    bak.unlink()  # the officer cleans up the oldest: the next one is still numbered after the newest
    assert refresh.refresh(workbook).backup.name == "sagstal.bak-3.xlsx"
    assert backups.generations(workbook) == [bak2, workbook.parent / "sagstal.bak-3.xlsx"]


def test_backups_are_not_refreshed_as_workbooks_in_a_folder(tmp_path):
    workbook = small_workbook(tmp_path / "sagstal.xlsx")
    for _ in range(3):
        refresh.refresh(workbook)
    assert batch.workbooks_in(tmp_path) == [workbook]
    assert listing(tmp_path) == ["sagstal.bak-2.xlsx", "sagstal.bak-3.xlsx", "sagstal.bak.xlsx", "sagstal.xlsx"]


def test_template_force_keeps_every_generation_too(tmp_path):
    target = tmp_path / FILENAME
    target.write_bytes(b"mit eget")
    assert cli("template", target, "--force").exit_code == 0
    built = target.read_bytes()
    result = cli("template", target, "--force")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "investeringscase.bak.xlsx").read_bytes() == b"mit eget"
    assert (tmp_path / "investeringscase.bak-2.xlsx").read_bytes() == built
    assert "investeringscase.bak-2.xlsx" in result.output


# --- permissions, links, names ------------------------------------------------------------------------------

def test_a_read_only_workbook_is_refused(workbook):
    workbook.chmod(0o444)
    try:
        refused_by_cli(workbook, "er skrivebeskyttet")
    finally:
        workbook.chmod(0o644)


@pytest.mark.parametrize("when", ["checked first", "at the temporary file"])
def test_a_read_only_folder_is_refused_and_nothing_is_left(workbook, monkeypatch, when):
    folder = workbook.parent
    make_read_only(folder, monkeypatch)
    if when == "at the temporary file":  # the check saw a writable folder; writing then fails
        monkeypatch.setattr(disk, "refuse_unwritable", lambda path: None)
    try:
        line = refused_by_cli(workbook, "skrivebeskyttet")
        assert str(folder) in line
    finally:
        folder.chmod(0o755)


def test_a_symlinked_workbook_stays_a_link_and_its_target_is_refreshed(tmp_path):
    shared = tmp_path / "fælles"
    shared.mkdir()
    target = small_workbook(shared / "sagstal.xlsx")
    original = target.read_bytes()
    link = tmp_path / "genvej.xlsx"
    link.symlink_to(target)
    result = cli("refresh", link)
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert caseload(target) == pytest.approx(770 / 32)
    assert (shared / "sagstal.bak.xlsx").read_bytes() == original  # beside the target, where the data lives
    assert listing(tmp_path) == ["fælles", "genvej.xlsx"] and listing(shared) == ["sagstal.bak.xlsx", "sagstal.xlsx"]


def test_a_long_name_is_refreshed_with_names_that_fit_the_file_system(tmp_path, monkeypatch):
    name = "Investeringscase for udsatte børn og unge – anbringelser på døgninstitution " * 3
    stem = name.encode()[:245].decode("utf-8", "ignore")
    path = tmp_path / (stem + "x" * (245 - len(stem.encode())) + ".xlsx")
    assert len(path.name.encode()) == 250  # too long for LibreOffice's .~lock.NAME# and for NAME.bak.xlsx
    small_workbook(path)
    original = path.read_bytes()
    temporaries = []
    during_write(monkeypatch, lambda temporary: temporaries.append(temporary.name))
    for _ in range(2):
        result = cli("refresh", path)
        assert result.exit_code == 0, result.output
    names = listing(tmp_path)
    assert len(names) == 3 and all(len(n.encode()) <= 255 for n in names + temporaries)
    first, second = backups.generations(path)
    assert first.read_bytes() == original and backups.is_backup(second)
    assert all(t.endswith(disk.TEMPORARY_SUFFIX) for t in temporaries)


# --- full disk, interrupt, the rename -----------------------------------------------------------------------

@pytest.mark.parametrize("nth", [1, 2], ids=["writing the workbook", "writing the backup"])
def test_a_full_disk_leaves_the_workbook_and_its_backups_as_they_were(workbook, monkeypatch, nth):
    refresh.refresh(workbook)  # an earlier backup, which must survive too
    earlier_backup = (workbook.parent / "sagstal.bak.xlsx").read_bytes()
    if nth == 2:  # a backup is written only where there is no exchange (else it is the swapped-out original)
        monkeypatch.setattr(exchange, "swap", no_exchange)
    full = FullDisk(nth).install(monkeypatch)
    line = refused_by_cli(workbook, "disken er fuld")
    assert len(full.seen) == nth  # the disk did fill up where the test says
    assert "urørt" in line and (workbook.parent / "sagstal.bak.xlsx").read_bytes() == earlier_backup


@pytest.mark.parametrize("where", ["write", "backup", "rename"])
def test_an_interrupt_leaves_the_workbook_untouched_and_nothing_behind(workbook, monkeypatch, where):
    def interrupt(*_, **__):
        raise KeyboardInterrupt

    if where == "write":
        during_write(monkeypatch, interrupt)
    elif where == "backup":  # a backup copy is written only where there is no exchange
        monkeypatch.setattr(exchange, "swap", no_exchange)
        monkeypatch.setattr(disk, "copy_file", interrupt)
    else:  # the exchange, or the rename where there is none
        monkeypatch.setattr(exchange, "swap", interrupt)
        monkeypatch.setattr(os, "replace", interrupt)
    before = workbook.read_bytes()
    line = assert_refused(cli("refresh", workbook), workbook, before, ["sagstal.xlsx"], "afbrudt", code=130)
    assert "urørt" in line


@pytest.mark.parametrize("swapped", [True, False], ids=["exchange", "rename (no exchange)"])
def test_the_new_file_and_the_folder_are_synced_around_the_rename(workbook, monkeypatch, swapped):
    events = []
    fsync, rename, swap = os.fsync, os.replace, exchange.swap

    def recorded_fsync(handle):
        events.append(("fsync", "folder" if stat.S_ISDIR(os.fstat(handle).st_mode) else "file"))
        return fsync(handle)

    def recorded_replace(source, target):
        events.append(("rename", Path(target).name))
        return rename(source, target)

    def recorded_swap(target, incoming, spare):
        if not swapped:
            raise exchange.Unsupported("forced by the test")
        events.append(("rename", Path(target).name))
        return swap(target, incoming, spare)

    monkeypatch.setattr(os, "fsync", recorded_fsync)
    monkeypatch.setattr(os, "replace", recorded_replace)
    monkeypatch.setattr(exchange, "swap", recorded_swap)
    refresh.refresh(workbook, keep_backup=False)
    at = events.index(("rename", "sagstal.xlsx"))
    assert ("fsync", "file") in events[:at] and events[at + 1:] == [("fsync", "folder")]


def test_a_new_workbook_never_replaces_a_file_that_appears_meanwhile(tmp_path):
    from trappen.addin.workbook import replacement

    target = tmp_path / "ny.xlsx"

    def someone_else_saves_first(temporary):
        temporary.write_bytes(b"vores")
        target.write_bytes(b"deres")

    with pytest.raises(FileExistsError):
        replacement.create(target, someone_else_saves_first)
    assert target.read_bytes() == b"deres" and listing(tmp_path) == ["ny.xlsx"]


# --- one line, --debug --------------------------------------------------------------------------------------

def test_an_unexpected_error_is_one_danish_line_and_debug_shows_the_traceback(workbook, monkeypatch):
    from trappen.addin.engine import calculation

    def broken(contents, **options):
        raise RuntimeError("a bug in the engine")

    monkeypatch.setattr(calculation, "calculate", broken)
    line = refused_by_cli(workbook, "uventet fejl af typen RuntimeError")
    assert "--debug" in line
    debug = cli("refresh", workbook, "--debug")
    assert debug.exit_code == 1 and "Traceback" in debug.output and "a bug in the engine" in debug.output


def test_the_template_command_says_one_line_too(tmp_path, monkeypatch):
    make_read_only(tmp_path, monkeypatch)
    try:
        result = cli("template", tmp_path / "ny.xlsx")
        assert result.exit_code == 1 and "Traceback" not in result.output
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert len(lines) == 1 and "skrivebeskyttet" in lines[0] and "ny.xlsx" in lines[0]
        assert listing(tmp_path) == []
    finally:
        tmp_path.chmod(0o755)


def test_the_refreshed_package_is_sound(workbook):
    refresh.refresh(workbook)
    with zipfile.ZipFile(workbook) as package_:
        assert package_.testzip() is None
    assert gate.check(workbook) == workbook


def test_a_failed_pdf_says_the_workbook_was_refreshed(workbook, monkeypatch):
    import subprocess

    def failing(command, **_):
        raise subprocess.CalledProcessError(1, command)

    monkeypatch.setattr(subprocess, "run", failing)
    monkeypatch.setattr("shutil.which", lambda name: "/usr/bin/soffice")
    result = cli("refresh", workbook, "--pdf", workbook.with_suffix(".pdf"))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "Ingen PDF: sagstal.pdf: LibreOffice kunne ikke lave PDF'en — sagstal.xlsx er genberegnet" in result.output
    assert caseload(workbook) == pytest.approx(770 / 32)


def test_an_interrupted_folder_refresh_says_which_workbook_is_untouched(tmp_path, monkeypatch):
    first, second = small_workbook(tmp_path / "a.xlsx"), small_workbook(tmp_path / "b.xlsx")
    untouched = second.read_bytes()
    write_values = writer.write_values

    def interrupt_the_second(source, target, values, strip_formulas=False):
        if Path(source).name == "b.xlsx":
            raise KeyboardInterrupt
        return write_values(source, target, values, strip_formulas)

    monkeypatch.setattr(writer, "write_values", interrupt_the_second)
    result = cli("refresh", tmp_path)
    assert result.exit_code == 130 and "Traceback" not in result.output
    assert "afbrudt — den projektmappe, der var i gang, er urørt" in result.output
    assert second.read_bytes() == untouched and caseload(first) == pytest.approx(770 / 32)
    assert listing(tmp_path) == ["a.bak.xlsx", "a.xlsx", "b.xlsx"]
