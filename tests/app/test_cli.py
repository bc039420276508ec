"""The command line speaks Danish: its help (no English from click, no reStructuredText markup) and every
figure it prints (decimal comma, thousands dot)."""

from __future__ import annotations

import re

import pytest
import xlsxwriter
from typer.testing import CliRunner

from trappen.addin.cli import app

runner = CliRunner()


def every_command(group=None, path=()):
    """Every command and group of the command line, as the words that name it (``[]`` is trappen itself)."""
    import typer

    group = group or typer.main.get_command(app)
    found = [list(path)]
    for name, command in getattr(group, "commands", {}).items():  # a group has commands (typer vendors click)
        found += every_command(command, (*path, name)) if hasattr(command, "commands") else [[*path, name]]
    return found


def test_every_command_is_listed():
    assert {" ".join(c) for c in every_command()} >= {"", "template", "refresh", "opgrader", "accept", "addin",
                                                       "addin install", "addin steps"}


@pytest.mark.parametrize("command", every_command(), ids=lambda c: " ".join(c) or "trappen")
def test_the_help_is_danish_and_plain(command):
    result = runner.invoke(app, [*command, "--help"], prog_name="trappen", terminal_width=120)
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.replace("│", " ").split())  # rich wraps the panels at its own width
    assert "Brug: trappen" in text and "[INDSTILLINGER]" in text and "Vis denne hjælp og afslut." in text
    for english in ("Usage:", "Show this message", "Options", "Arguments", "Commands", "[default:"):
        assert english not in text, english
    assert "``" not in text and ":func:" not in text


def workbook_with(path, formulas: int):
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Ark1")
    sheet.write_column("A1", list(range(formulas)))
    for row in range(formulas):
        sheet.write_formula(row, 1, f"=A{row + 1}*2")
    book.close()
    return path


def test_the_figures_it_prints_have_a_decimal_comma_and_a_thousands_dot(tmp_path):
    path = workbook_with(tmp_path / "stor.xlsx", 1200)
    result = runner.invoke(app, ["refresh", str(path), "--no-backup"], terminal_width=200)
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if "genberegnet" in line)
    assert re.match(r"^1\.200 formler genberegnet på \d+,\d\d s → ", line), line
    assert not re.search(r"\d\.\d\d s", line)


def test_a_folder_says_its_time_with_a_decimal_comma(tmp_path):
    workbook_with(tmp_path / "a.xlsx", 3)
    workbook_with(tmp_path / "b.xlsx", 3)
    result = runner.invoke(app, ["refresh", str(tmp_path), "--no-backup", "--processer", "1"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert re.search(r"2 af 2 projektmapper genberegnet på \d+,\d s \(1 proces\)", result.output), result.output
