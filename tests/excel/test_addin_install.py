"""`trappen addin install` on a Danish PC: xlwings.conf in the code page VBA reads, and a failed install said.

xlwings' VBA reads ``%USERPROFILE%\\.xlwings\\xlwings.conf`` with ``Open ... For Input`` / ``Input #``, in
Windows' ANSI code page (cp1252 on Danish Windows), and xlwings' own ``config create`` writes it in
Python's locale encoding, the same code page. A profile path with æ, ø or å therefore arrives as cp1252
bytes, which Trappen 0.2.0 read as UTF-8 and crashed on (UnicodeDecodeError), and its UTF-8 file would
have reached VBA as "SÃ¸ren". Reproduced here on Linux with a fake Windows profile.
"""

from __future__ import annotations

import functools
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from trappen.addin.cli import app
from trappen.addin.excel import xlwings_setup

PYTHON = r"C:\Users\Søren Ærø\AppData\Local\Programs\Python\Python311\python.exe"


@pytest.fixture
def windows(tmp_path, monkeypatch):
    """A fake Windows profile folder under a Danish name, xlwings' install run by a stand-in."""
    home = tmp_path / "Søren Ærø"
    home.mkdir()
    # Windows for xlwings_setup only (patching sys.platform itself would misguide imports made meanwhile)
    monkeypatch.setattr(xlwings_setup, "sys", SimpleNamespace(platform="win32", executable=sys.executable))
    monkeypatch.setattr(Path, "home", lambda: home)
    monkeypatch.setattr(xlwings_setup, "config_encoding", lambda: "cp1252")  # "mbcs" exists on Windows only
    return home


def xlwings_install(home: Path, said: str = "Successfully installed the xlwings add-in! ", code: int = 0):
    """What ``python -m xlwings.cli addin install`` does: copy the add-in and write xlwings.conf in the
    locale's encoding (``open(path, "w")``: cp1252 on Danish Windows), print, exit."""
    calls = []

    def run(command, **options):
        calls.append((command, options))
        conf = home / ".xlwings" / "xlwings.conf"
        conf.parent.mkdir(exist_ok=True)
        conf.write_bytes(f'"INTERPRETER_WIN","{PYTHON}"\r\n'.encode("cp1252"))
        return subprocess.CompletedProcess(command, code, said + "\n", "")

    run.calls = calls
    return run


def test_a_profile_path_with_danish_letters_is_read_and_written_in_the_ansi_code_page(windows):
    conf = windows / ".xlwings" / "xlwings.conf"
    done = xlwings_setup.install(executable=PYTHON, run=xlwings_install(windows))
    data = conf.read_bytes()
    assert data.decode("cp1252") == f'"INTERPRETER_WIN","{PYTHON}"\r\n"UDF MODULES","trappen.udfs"\r\n'
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the bytes VBA reads as "Søren", not "SÃ¸ren"
    assert "Ã" not in data.decode("cp1252")
    assert xlwings_setup.read_config(conf) == {"INTERPRETER_WIN": PYTHON, "UDF MODULES": "trappen.udfs"}
    assert any("wrote to" in line for line in done)


def test_a_utf8_file_written_by_trappen_0_2_0_is_read_and_rewritten_in_the_code_page(windows):
    conf = windows / ".xlwings" / "xlwings.conf"
    conf.parent.mkdir()
    conf.write_text(f'"INTERPRETER_WIN","{PYTHON}"\n"UDF MODULES","trappen.udfs"\n', encoding="utf-8")
    assert xlwings_setup.read_config(conf)["INTERPRETER_WIN"] == PYTHON
    xlwings_setup.write_config(conf, {"UDF Modules": "trappen.udfs"})
    assert conf.read_bytes().decode("cp1252").startswith(f'"INTERPRETER_WIN","{PYTHON}"\r\n')


def test_a_path_the_code_page_cannot_hold_is_refused_in_one_danish_line_and_nothing_is_written(windows):
    conf = windows / ".xlwings" / "xlwings.conf"
    conf.parent.mkdir()
    conf.write_bytes(b'"CONDA ENV","base"\r\n')
    with pytest.raises(xlwings_setup.ConfigEncodingError, match="som Excels VBA ikke kan læse") as refused:
        xlwings_setup.write_config(conf, {"INTERPRETER_WIN": r"C:\Users\Łukasz\python.exe"})
    assert "\n" not in str(refused.value) and "'Ł'" in str(refused.value)
    assert conf.read_bytes() == b'"CONDA ENV","base"\r\n' and not conf.with_name("xlwings.conf.bak").exists()


def test_the_cli_reports_a_failed_xlwings_install_in_one_danish_line_and_exits_non_zero(windows, monkeypatch):
    """xlwings prints its error (Excel running, no XLSTART access ...) and exits 0; Trappen says so."""
    said = ("Error: Failed to install the add-in: If Excel is running, quit Excel and try again. If you are "
            "using the '--glob' option make sure to run this command from an Elevated Command Prompt.")
    run = xlwings_install(windows, said=said)
    with pytest.raises(xlwings_setup.AddinInstallFailed, match="xlwings kunne ikke installere") as failed:
        xlwings_setup.install(executable=PYTHON, run=run)
    assert said in str(failed.value) and "\n" not in str(failed.value)
    assert not (windows / ".xlwings" / "xlwings.conf.bak").exists()  # Trappen's settings are not written

    monkeypatch.setattr(xlwings_setup, "install", functools.partial(xlwings_setup.install, run=run))
    result = CliRunner().invoke(app, ["addin", "install"])
    assert result.exit_code == 1
    assert "xlwings kunne ikke installere sit tilføjelsesprogram (Error: Failed to install" in result.output
    assert "Traceback" not in result.output


def test_a_non_zero_exit_of_xlwings_is_a_failure_too(windows):
    with pytest.raises(xlwings_setup.AddinInstallFailed, match=r"ModuleNotFoundError"):
        xlwings_setup.install(executable=PYTHON, run=xlwings_install(
            windows, said="ModuleNotFoundError: No module named 'xlwings'", code=1))
