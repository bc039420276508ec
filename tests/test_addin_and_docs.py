"""Into Excel: the xlwings configuration, the install command, the command line and the user guide."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from trappen import udfs
from trappen.addin.cli import app
from trappen.addin.excel import xlwings_setup
from trappen.templates.build import build

ROOT = Path(__file__).resolve().parents[1]
DOCS = sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]
runner = CliRunner()


# --- xlwings configuration ------------------------------------------------------------------------------

def test_template_carries_an_xlwings_conf_sheet_that_imports_trappen_udfs(tmp_path):
    sheet = openpyxl.load_workbook(build(tmp_path / "t.xlsx"))["xlwings.conf"]
    assert (sheet["A1"].value, sheet["B1"].value) == ("UDF Modules", "trappen.udfs")
    assert sheet["A2"].value is None  # keys run from A1 down without gaps; no empty keys override the user file


def test_user_config_is_merged_with_a_backup_and_keeps_other_settings(tmp_path):
    path = tmp_path / ".xlwings" / "xlwings.conf"
    path.parent.mkdir()
    path.write_text('"CONDA PATH","C:\\conda"\n"UDF MODULES","gammel"\n', encoding="utf-8")
    backup = xlwings_setup.write_config(path, {"INTERPRETER_WIN": r"C:\Python311\pythonw.exe", "UDF Modules": "udfs"})
    assert backup is not None and "gammel" in backup.read_text(encoding="utf-8")
    assert xlwings_setup.read_config(path) == {"CONDA PATH": "C:\\conda", "UDF MODULES": "udfs",
                                               "INTERPRETER_WIN": r"C:\Python311\pythonw.exe"}
    # the format xlwings' own reader expects: "KEY","value" per line
    assert path.read_text(encoding="utf-8").splitlines()[1] == '"UDF MODULES","udfs"'


def test_windowed_python_prefers_pythonw_beside_python(tmp_path):
    (tmp_path / "python.exe").write_bytes(b"")
    assert xlwings_setup.windowed_python(tmp_path / "python.exe") == str(tmp_path / "python.exe")
    (tmp_path / "pythonw.exe").write_bytes(b"")
    assert xlwings_setup.windowed_python(tmp_path / "python.exe") == str(tmp_path / "pythonw.exe")


def test_install_on_windows_runs_xlwings_addin_install_and_writes_the_config(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(Path, "home", lambda: tmp_path)
    monkeypatch.setattr(xlwings_setup, "config_encoding", lambda: "cp1252")  # "mbcs" exists on Windows only
    ran = []

    def run(cmd, **options):
        ran.append(cmd)
        return subprocess.CompletedProcess(cmd, 0, "Successfully installed the xlwings add-in! \n", "")

    done = xlwings_setup.install(executable=r"C:\Python311\python.exe", run=run)
    assert ran == [[r"C:\Python311\python.exe", "-m", "xlwings.cli", "addin", "install"]]
    config = xlwings_setup.read_config(tmp_path / ".xlwings" / "xlwings.conf")
    assert config == {"INTERPRETER_WIN": r"C:\Python311\python.exe", "UDF MODULES": "trappen.udfs"}
    assert any("wrote to" in line for line in done)


def test_install_elsewhere_refuses_and_the_cli_prints_the_steps(monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    with pytest.raises(RuntimeError, match="kun installeres på Windows"):
        xlwings_setup.install()
    result = runner.invoke(app, ["addin", "install"])
    assert result.exit_code == 1 and "Import Functions" in result.output
    dry = runner.invoke(app, ["addin", "install", "--dry-run"])
    assert dry.exit_code == 0 and "would run:" in dry.output and "UDF MODULES = trappen.udfs" in dry.output
    assert "xlwings.cli addin install" in dry.output
    assert "Trust access to" in runner.invoke(app, ["addin", "steps"]).output


def test_the_module_xlwings_imports_exposes_each_function_once_under_its_excel_name():
    twins = [name for name in dir(udfs) if callable(getattr(udfs, name)) and name.isupper()]
    assert sorted(twins) == sorted([*udfs.REGISTRY, "TRAPPENFEJL"])  # TRAPPENFEJL: an error's message
    assert all(getattr(udfs, name.lower()) is not getattr(udfs, name) for name in udfs.REGISTRY)


def test_xlwings_server_is_refused_with_a_clear_message_without_a_licence(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("XLWINGS_")}
    env["XLWINGS_ON_SERVER"] = "true"
    env["HOME"] = "/nonexistent"
    code = ("from trappen.addin.excel import server\ntry:\n    server.functions_meta()\n"
            "except server.ServerUnavailable as e:\n    print(e)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path,
                         timeout=120)
    assert "licence key" in out.stdout and "Traceback" not in out.stderr, out.stderr[-2000:]


# --- the command line -------------------------------------------------------------------------------------

def test_trappen_refresh_without_arguments_builds_and_shows_the_ballerup_case(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["refresh"])
    assert result.exit_code == 0, result.output
    assert "Nettobesparelse" in result.output and "−1,9" in result.output and "2022" in result.output
    assert (tmp_path / "investeringscase.xlsx").exists()
    again = runner.invoke(app, ["refresh"])
    assert again.exit_code == 0 and (tmp_path / "investeringscase.bak.xlsx").exists()


def test_trappen_template_never_overwrites_without_force(tmp_path):
    target = tmp_path / "mit.xlsx"
    target.write_bytes(b"mine")
    refused = runner.invoke(app, ["template", str(target)])
    assert refused.exit_code == 1 and target.read_bytes() == b"mine"
    forced = runner.invoke(app, ["template", str(target), "--force"])
    assert forced.exit_code == 0 and (tmp_path / "mit.bak.xlsx").read_bytes() == b"mine"
    assert target.read_bytes()[:2] == b"PK"


def test_trappen_refresh_folder_summarises_failures(tmp_path):
    build(tmp_path / "a.xlsx")
    (tmp_path / "b.xlsx").write_text("ikke en projektmappe", encoding="utf-8")
    result = runner.invoke(app, ["refresh", str(tmp_path)])
    assert result.exit_code == 1
    assert "1 af 2 projektmapper genberegnet" in result.output and "b.xlsx" in result.output


# --- the user guide ---------------------------------------------------------------------------------------

def test_docs_link_to_pages_that_exist():
    for page in DOCS:
        for target in re.findall(r"\]\(([^)#:]+\.md)\)", page.read_text(encoding="utf-8")):
            assert (page.parent / target).exists(), f"{page.name} links to missing {target}"


def test_docs_formulas_call_functions_that_exist():
    from trappen.addin.engine import functions

    known = {name.split(".")[-1] for name in functions.install().all_names()}
    for page in DOCS:
        for name in re.findall(r"=([A-Z][A-Z0-9.]+)\(", page.read_text(encoding="utf-8")):
            assert name in known, f"{page.name}: ={name}( is not a known function"


def test_docs_commands_are_commands_of_the_cli():
    commands = {"template", "refresh", "opgrader", "addin install", "addin steps", "accept"}
    for page in DOCS:
        for command in re.findall(r"`trappen ([a-z]+(?: [a-z]+)?)", page.read_text(encoding="utf-8")):
            assert command in commands or command.split()[0] in {"template", "refresh"}, (page.name, command)


def test_installation_check_in_the_guide_gives_the_documented_result():
    """docs/installation.md: 42 and 957.106 in two cells, =PLACEMENTCOST(A1;B1) → 40.198.452."""
    text = (ROOT / "docs" / "installation.md").read_text(encoding="utf-8")
    assert "=PLACEMENTCOST(A1;B1)" in text and "40.198.452" in text
    assert udfs.placementcost(42, 957_106) == 40_198_452
