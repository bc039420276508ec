"""A folder of workbooks: processes by what the machine has free, each workbook read once, one summary table."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
import xlsxwriter
from typer.testing import CliRunner

from trappen.addin.app import batch, refresh
from trappen.addin.cli import app
from trappen.templates.build import build, layout
from trappen.templates.example import BALLERUP


def test_processes_follow_the_free_cpus_and_the_workload(monkeypatch):
    monkeypatch.setattr(batch.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(batch.os, "getloadavg", lambda: (0.2, 0.0, 0.0))
    assert batch.free_cpus() == 2 and batch.processes_for(100) == 2 and batch.processes_for(3) == 1
    monkeypatch.setattr(batch.os, "getloadavg", lambda: (1.6, 0.0, 0.0))  # one CPU busy elsewhere
    assert batch.free_cpus() == 1 and batch.processes_for(100) == 1
    monkeypatch.setattr(batch.os, "getloadavg", lambda: (7.0, 0.0, 0.0))
    assert batch.processes_for(100) == 1


def test_two_processes_give_each_workbook_the_values_one_process_gives(tmp_path):
    examples = [BALLERUP, BALLERUP.scaled(0.5), BALLERUP.scaled(2.0), BALLERUP.scaled(1.1)]
    one, two = tmp_path / "en", tmp_path / "to"
    for folder in (one, two):
        folder.mkdir()
        for i, example in enumerate(examples):
            build(folder / f"kommune{i}.xlsx", example)
    single = batch.refresh_many(batch.workbooks_in(one), keep_backup=False, processes=1)
    double = batch.refresh_many(batch.workbooks_in(two), keep_backup=False, processes=2)
    assert double.processes == 2 and not single.failed and not double.failed
    assert [r.path.name for r in double.refreshed] == [r.path.name for r in single.refreshed]
    for a, b in zip(single.refreshed, double.refreshed, strict=True):
        assert a.values.formulas == b.values.formulas
    assert len({str(r.values.formulas["ANBRINGELSER"]) for r in double.refreshed}) == 4


def test_summary_table_puts_the_cases_side_by_side(tmp_path):
    folder = tmp_path / "kommuner"
    folder.mkdir()
    build(folder / "a.xlsx", BALLERUP)
    build(folder / "b.xlsx", BALLERUP.scaled(2.0))
    other = xlsxwriter.Workbook(folder / "andet.xlsx")
    other.add_worksheet().write_formula("A1", "=1+1")
    other.close()
    (folder / "ødelagt.xlsx").write_bytes(b"not a zip")
    target = tmp_path / "oversigt.csv"
    outcome = CliRunner().invoke(app, ["refresh", str(folder), "--no-backup", "--oversigt", str(target)])
    assert outcome.exit_code == 1  # the broken file is reported
    table = pd.read_csv(target, sep=";", decimal=",")
    assert list(table["Projektmappe"]) == ["a.xlsx", "andet.xlsx", "b.xlsx", "ødelagt.xlsx"]
    a = table.set_index("Projektmappe").loc["a.xlsx"]
    refreshed = refresh.refresh(shutil.copy(folder / "a.xlsx", tmp_path / "a.xlsx"), keep_backup=False)
    sheet, _, cells = layout()["summary_net"].rpartition("!")  # the headline, on Sammendrag
    first, last = cells.replace("$", "").split(":")
    net = [v / 1e6 for v in refreshed.row(sheet.strip("'"), first, last)]  # kr. in the cells, mio. kr. in the overview
    total = refreshed.value("Sammendrag", layout()["summary_total"].rpartition("!")[2].replace("$", ""))
    prior = total / 1e6 - sum(net)
    assert a["Kommune"] == "Ballerup Kommune"
    assert [a[f"Netto {year}"] for year in range(2018, 2023)] == pytest.approx(net, abs=1e-12)
    assert a["Akkumuleret 2022"] == pytest.approx(sum(net) + prior, abs=1e-9) and prior == pytest.approx(5.0417, 1e-4)
    assert pd.isna(a["Tilbagebetalingsår"]) and a["Tilbagebetaling"].startswith("ikke inden 2022")
    notes = table.set_index("Projektmappe")["Bemærkning"]
    assert "ikke en Trappen-skabelon" in notes["andet.xlsx"] and "ikke genberegnet" in notes["ødelagt.xlsx"]


def test_command_line_check_lists_the_cells_and_keep_saved_keeps_them(tmp_path):
    from tests.conftest import as_saved_by_excel

    path = tmp_path / "gemt.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Ark1")
    sheet.write("A1", 2)
    sheet.write_formula("A2", "=A1*2", None, 5)
    book.close()
    as_saved_by_excel(path)
    refused = CliRunner().invoke(app, ["refresh", str(path), "--kontroller"])
    assert refused.exit_code == 1 and "Ark1!A2 =A1*2: gemt 5, Trappen 4" in " ".join(refused.output.split())
    kept = CliRunner().invoke(app, ["refresh", str(path), "--behold-gemte", "--no-backup"])
    assert kept.exit_code == 0 and "beholder den gemte værdi" in kept.output
