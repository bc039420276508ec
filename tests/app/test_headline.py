"""The headline case, read by each workbook's own layout (``app.case.read_headline``), is what Sammendrag
shows: on the command line (first, before the Investeringscase tables), in ``--json`` and in the batch
overview, for Ballerup and Roskilde together; a changed price view (the word in its choice cell), a changed
range and a changed first year move all of them together, and the bridge still sums; a workbook from the
0.1.0 template is read through the fallback (Investeringscase's tables).

The expected figures are the cells where the template builder put Sammendrag's rows (``layout``), which the
reader never consults (it follows the workbook's defined names through the engine).
"""

from __future__ import annotations

import csv
import dataclasses
import json
import math
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree
from typer.testing import CliRunner

from tests.conftest import DATA, cells_of
from trappen.addin.app import refresh
from trappen.addin.app.case import BY_NAMES, BY_TABLES, as_json, read_headline
from trappen.addin.cli import app
from trappen.addin.engine.contents import read_contents
from trappen.templates.build import build, layout
from trappen.templates.example import BALLERUP, ROSKILDE
from trappen.udfs import danish

OLD = DATA / "released" / "investeringscase-0.1.0.xlsx"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@pytest.fixture(autouse=True)
def wide(monkeypatch):
    """Rows on one line each (rich reads the width from COLUMNS when it prints)."""
    monkeypatch.setenv("COLUMNS", "200")


def cli(*arguments):
    return CliRunner().invoke(app, [str(a) for a in arguments], terminal_width=200)


class Sammendrag:
    """What the refreshed workbook's Sammendrag cells hold, where the builder put them, in mio. kr. (the JSON's
    unit, whatever unit the workbook shows: the cells hold kr.)."""

    def __init__(self, result: refresh.Refreshed, example):
        self.result, self.example, self.where = result, example, layout(example)
        self.scale = 1_000_000

    def cells(self, name: str) -> list:
        sheet, cells = cells_of(self.where[name])
        return [self.result.value(sheet, cell) for cell in cells]

    def amounts(self, name: str) -> list[float]:
        return [v / self.scale for v in self.cells(name)]

    def expected(self) -> dict:
        """The headline's figures as Sammendrag's cells give them."""
        net, cumulative = self.amounts("summary_net"), self.amounts("summary_cumulative")
        payback = self.cells("scenario_payback")[0]
        return {"years": list(self.example.years), "net": net, "cumulative": cumulative,
                "present_value": self.amounts("summary_present_value")[0],
                "payback_year": int(payback) if payback else None, "payback": self.cells("summary_payback")[0],
                "price_view": self.cells("price_view_word")[0], "unit": "mio. kr.",
                "workbook_unit": self.example.unit,
                "answers": self.cells("summary_answers"),
                "answers_cumulative": self.amounts("summary_answers_cumulative"),
                "answers_payback": self.cells("summary_answers_payback"),
                "bridge_start": self.amounts("summary_bridge_start")[0],
                "bridge_steps": self.cells("summary_bridge_labels"),
                "bridge_effects": self.amounts("summary_bridge_effects"),
                "bridge_end": self.amounts("summary_bridge_end")[0]}


def close(a, b) -> bool:
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


def assert_json_is_sammendrag(data: dict, sammendrag: Sammendrag) -> None:
    """--json's figures are Sammendrag's cells, and its bridge sums exactly to the difference."""
    want = sammendrag.expected()
    assert data["source"] == BY_NAMES and data["municipality"] == sammendrag.example.municipality
    for key in ("years", "payback_year", "payback", "price_view", "unit", "workbook_unit"):
        assert data[key] == want[key], key
    for key in ("net", "cumulative"):
        assert len(data[key]) == len(want[key]) and all(map(close, data[key], want[key])), key
    assert close(data["present_value"], want["present_value"])
    assert [a["name"] for a in data["answers"]] == want["answers"]
    assert all(map(close, [a["cumulative"] for a in data["answers"]], want["answers_cumulative"]))
    assert [a["payback"] for a in data["answers"]] == want["answers_payback"]
    bridge = data["bridge"]
    assert [s["step"] for s in bridge["steps"]] == want["bridge_steps"]
    assert all(map(close, [s["effect"] for s in bridge["steps"]], want["bridge_effects"]))
    assert close(bridge["start"], want["bridge_start"]) and close(bridge["end"], want["cumulative"][-1])
    assert close(want["bridge_end"], want["cumulative"][-1])  # the workbook's own bridge ends at the headline
    effects = math.fsum(s["effect"] for s in bridge["steps"])
    assert math.isclose(bridge["start"] + effects, bridge["end"], rel_tol=1e-12, abs_tol=1e-9)
    for number in (*data["net"], *data["cumulative"], data["present_value"], bridge["start"]):
        assert isinstance(number, float)  # JSON numbers, not Danish text


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """Ballerup and Roskilde built with the template and their examples, and the 0.1.0 template, in one folder."""
    where = tmp_path_factory.mktemp("kommuner")
    build(where / "ballerup.xlsx", BALLERUP)
    build(where / "roskilde.xlsx", ROSKILDE)
    shutil.copyfile(OLD, where / "gammel.xlsx")
    return where


@pytest.fixture(scope="module")
def refreshed(folder, tmp_path_factory):
    copies = tmp_path_factory.mktemp("enkelte")
    return {example.municipality: Sammendrag(refresh.refresh(shutil.copy(folder / f"{name}.xlsx", copies),
                                                             keep_backup=False), example)
            for name, example in (("ballerup", BALLERUP), ("roskilde", ROSKILDE))}


@pytest.mark.parametrize("example", [BALLERUP, ROSKILDE], ids=["ballerup", "roskilde"])
def test_the_headline_is_read_by_the_names_and_is_sammendrags_cells(refreshed, example):
    sammendrag = refreshed[example.municipality]
    headline = read_headline(sammendrag.result)
    assert headline.source == BY_NAMES and not headline.problems
    assert_json_is_sammendrag(as_json(headline, "x.xlsx"), sammendrag)


def test_the_figures_the_documents_and_the_tests_of_the_template_give(refreshed):
    """Ballerup's headline is 24,2 mio. kr. accumulated in 2022 from the note's −0,4 (test_summary_bridge);
    Roskilde's 23,9 mio. kr. in 2023 (23.909.876,74 kr.) from the note's Børn og Unge, 18.573.255 kr."""
    ballerup = read_headline(refreshed[BALLERUP.municipality].result)
    roskilde = read_headline(refreshed[ROSKILDE.municipality].result)
    assert round(ballerup.horizon, 1) == 24.2 and round(ballerup.bridge.start, 1) == -0.4
    assert ballerup.payback is None and ballerup.payback_words.startswith("ikke inden 2022")
    assert roskilde.unit == "mio. kr." and roskilde.horizon == pytest.approx(23.90987674)
    assert roskilde.bridge.start == pytest.approx(18.573255)
    assert [a.name for a in roskilde.answers][2:] == [f"Notatets model: {m} (Investeringscase)"
                                                      for m in ("Børn", "Unge", "Børn og Unge")]


def table_row(output: str, label: str) -> list[str]:
    """The cells of the first table row of ``output`` that starts with ``label``."""
    rows = ([cell.strip() for cell in line.strip("│").split("│")] for line in output.splitlines()
            if line.startswith("│"))
    return next(row for row in rows if row[0] == label)[1:]


@pytest.mark.parametrize("example", [BALLERUP, ROSKILDE], ids=["ballerup", "roskilde"])
def test_the_command_line_prints_sammendrags_headline_first(folder, tmp_path, example):
    path = shutil.copy(folder / f"{example.municipality.split()[0].lower()}.xlsx", tmp_path)
    result = cli("refresh", path, "--no-backup")
    assert result.exit_code == 0, result.output
    sammendrag = Sammendrag(refresh.refresh(path, keep_backup=False), example)
    want = sammendrag.expected()
    lines = result.output.splitlines()
    assert lines[0] == (f"Investeringscasen – {example.municipality}, som Sammendrag viser den (læst ved "
                        "projektmappens navne Sammendrag_...)")
    assert lines[1] == (f"Prisvisning: {want['price_view']}. Beløb i mio. kr.; positiv = merudgift, "
                        "negativ = besparelse.")
    assert table_row(result.output, "Nettoresultat") == [danish.number(v, 1) for v in want["net"]]
    assert table_row(result.output, "Akkumuleret nettoresultat") == [danish.number(v, 1) for v in want["cumulative"]]
    assert f"Nutidsværdi (akkumuleret, tilbagediskonteret): {danish.number(want['present_value'], 1)}" in lines
    assert f"Tilbagebetalingsår: {want['payback']}" in lines
    for name, cumulative, payback in zip(want["answers"], want["answers_cumulative"], want["answers_payback"],
                                         strict=True):
        assert table_row(result.output, name)[:2] == [danish.number(cumulative, 1), payback]
    for step, effect in zip(want["bridge_steps"], want["bridge_effects"], strict=True):
        assert table_row(result.output, step) == [danish.number(effect, 1)]
    assert table_row(result.output, "Casen (øverst)") == [danish.number(want["cumulative"][-1], 1)]
    # then what it printed before: Investeringscase's tables, after the headline
    first_table = next(i for i, line in enumerate(lines) if "Investering i alt" in line or "Finansieringsbehov" in line)
    assert first_table > lines.index(f"Tilbagebetalingsår: {want['payback']}")
    assert not re.search(r"\d\.\d{1,2}\b(?!\d)", "\n".join(lines[:first_table]))  # no decimal points


def test_json_is_the_headline_alone_on_stdout(folder, tmp_path, refreshed):
    for name, example in (("ballerup", BALLERUP), ("roskilde", ROSKILDE)):
        path = shutil.copy(folder / f"{name}.xlsx", tmp_path)
        result = CliRunner().invoke(app, ["refresh", str(path)], terminal_width=200)  # with a backup
        result = CliRunner().invoke(app, ["refresh", str(path), "--json"], terminal_width=200)
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)  # nothing else on stdout
        assert data["workbook"] == f"{name}.xlsx"
        assert_json_is_sammendrag(data, refreshed[example.municipality])
        assert "genberegnet" in result.stderr and "Backup af originalen" in result.stderr


def test_json_of_a_folder_is_a_list_of_the_cases(folder, tmp_path, refreshed):
    copy = shutil.copytree(folder, tmp_path / "kopi")
    result = CliRunner().invoke(app, ["refresh", str(copy), "--no-backup", "--processer", "1", "--json"])
    assert result.exit_code == 0, result.output
    data = {case["workbook"]: case for case in json.loads(result.stdout)}
    assert set(data) == {"ballerup.xlsx", "gammel.xlsx", "roskilde.xlsx"}
    assert_json_is_sammendrag(data["ballerup.xlsx"], refreshed[BALLERUP.municipality])
    assert_json_is_sammendrag(data["roskilde.xlsx"], refreshed[ROSKILDE.municipality])
    assert data["gammel.xlsx"]["source"] == BY_TABLES


NUMBER = re.compile(r"^-?\d+(,\d+)?(e[+-]\d+)?$")


def test_the_overview_reads_each_workbook_by_its_own_layout(folder, tmp_path, refreshed):
    """Ballerup, Roskilde and a 0.1.0 workbook side by side: columns named after what they hold, amounts in
    mio. kr., the payback year a year or empty (Roskilde's is not its investment, 4.018.857), one Danish CSV."""
    copy = shutil.copytree(folder, tmp_path / "kopi")
    target = tmp_path / "oversigt.csv"
    result = cli("refresh", copy, "--no-backup", "--processer", "1", "--oversigt", target)
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(text.splitlines(), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header == ["Projektmappe", "Kommune", "Læst fra", "Prisvisning", "Enhed",
                      *(f"Netto {y}" for y in range(2018, 2024)), *(f"Akkumuleret {y}" for y in range(2018, 2024)),
                      "Udgift før første år", "Nutidsværdi", "Tilbagebetalingsår", "Tilbagebetaling", "Bemærkning"]
    table = {row[0]: dict(zip(header, row, strict=True)) for row in body}
    assert list(table) == ["ballerup.xlsx", "gammel.xlsx", "roskilde.xlsx"]
    amounts = [c for c in header if c.startswith(("Netto", "Akkumuleret", "Udgift", "Nutids"))]
    for row in table.values():
        assert row["Enhed"] == "mio. kr."
        for column in amounts:
            assert row[column] == "" or NUMBER.match(row[column]), (column, row[column])  # one convention
        assert row["Tilbagebetalingsår"] == "" or re.fullmatch(r"20\d\d", row["Tilbagebetalingsår"])

    def number(text: str) -> float:
        return float(text.replace(",", "."))

    for name, example in (("ballerup.xlsx", BALLERUP), ("roskilde.xlsx", ROSKILDE)):
        want, row = refreshed[example.municipality].expected(), table[name]
        assert row["Kommune"] == example.municipality and row["Læst fra"] == "Sammendrag (navne)"
        assert row["Prisvisning"] == "Faste priser"
        for year, net, cumulative in zip(want["years"], want["net"], want["cumulative"], strict=True):
            assert close(number(row[f"Netto {year}"]), net) and close(number(row[f"Akkumuleret {year}"]), cumulative)
        assert close(number(row["Nutidsværdi"]), want["present_value"])
        assert row["Tilbagebetalingsår"] == "" and row["Tilbagebetaling"] == want["payback"]
    assert table["roskilde.xlsx"]["Netto 2018"] == "" and table["ballerup.xlsx"]["Netto 2023"] == ""
    old = table["gammel.xlsx"]
    assert old["Læst fra"] == "Investeringscase (ældre skabelon)" and old["Tilbagebetalingsår"] == "2022"
    assert number(old["Akkumuleret 2022"]) == pytest.approx(-0.5)

    xlsx = tmp_path / "oversigt.xlsx"
    assert cli("refresh", copy, "--no-backup", "--processer", "1", "--oversigt", xlsx).exit_code == 0
    sheet = openpyxl.load_workbook(xlsx)["Oversigt"]
    values = list(sheet.values)
    assert list(values[0]) == header
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in values[1:]}
    assert by_name["gammel.xlsx"]["Tilbagebetalingsår"] == 2022
    assert by_name["roskilde.xlsx"]["Tilbagebetalingsår"] is None
    roskilde = refreshed[ROSKILDE.municipality].expected()
    assert close(by_name["roskilde.xlsx"]["Akkumuleret 2023"], roskilde["cumulative"][-1])


def typed_text(path: Path, sheet: str, cell: str, text: str) -> Path:
    """The workbook with ``text`` typed into ``sheet!cell`` (an inline string), as an officer would."""
    part = read_contents(path).sheet(sheet).part
    with zipfile.ZipFile(path) as package:
        parts = {info: package.read(info) for info in package.infolist()}
    for info, data in parts.items():
        if info.filename == part:
            root = etree.fromstring(data)
            (element,) = root.iterfind(f".//{{{MAIN}}}c[@r='{cell}']")
            for child in list(element):
                element.remove(child)
            element.set("t", "inlineStr")
            etree.SubElement(etree.SubElement(element, f"{{{MAIN}}}is"), f"{{{MAIN}}}t").text = text
            parts[info] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for info, data in parts.items():
            package.writestr(info, data)
    return path


def assert_cli_is_sammendrag(path: Path, sammendrag: Sammendrag) -> None:
    """The command line's headline and bridge, as Sammendrag's cells show them (one decimal, Danish)."""
    result = cli("refresh", path, "--no-backup")
    assert result.exit_code == 0, result.output
    want = sammendrag.expected()
    assert f"Prisvisning: {want['price_view']}." in result.output.splitlines()[1]
    assert table_row(result.output, "Nettoresultat") == [danish.number(v, 1) for v in want["net"]]
    assert table_row(result.output, "Akkumuleret nettoresultat") == [danish.number(v, 1) for v in want["cumulative"]]
    assert f"Tilbagebetalingsår: {want['payback']}" in result.output.splitlines()
    for step, effect in zip(want["bridge_steps"], want["bridge_effects"], strict=True):
        assert table_row(result.output, step) == [danish.number(effect, 1)]


def json_after(path: Path) -> dict:
    result = CliRunner().invoke(app, ["refresh", str(path), "--no-backup", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_budget_pressure_typed_in_its_cell_moves_the_headline_the_bridge_and_the_command_line(tmp_path, refreshed):
    path = build(tmp_path / "budgetpres.xlsx", BALLERUP)
    sheet, (cell,) = cells_of(layout(BALLERUP)["price_view_word"])
    typed_text(path, sheet, cell, "Budgetpres")
    data = json_after(path)
    sammendrag = Sammendrag(refresh.refresh(path, keep_backup=False), BALLERUP)
    assert_json_is_sammendrag(data, sammendrag)
    assert_cli_is_sammendrag(path, sammendrag)
    before = as_json(read_headline(refreshed[BALLERUP.municipality].result), "")
    assert data["price_view"] == "Budgetpres" and data["cumulative"][-1] > before["cumulative"][-1]
    # the other view's answer is the first headline, and the price-view step now carries the difference
    assert data["answers"][1]["cumulative"] == pytest.approx(before["cumulative"][-1], rel=1e-12)
    view = next(k for k, s in enumerate(data["bridge"]["steps"]) if s["step"].startswith("Prisvisning"))
    assert before["bridge"]["steps"][view]["effect"] == 0 and data["bridge"]["steps"][view]["effect"] > 0
    assert data["bridge"]["start"] == before["bridge"]["start"]  # the note's table does not move


@pytest.mark.parametrize("change", [
    dict(uncertainty_high=(0.011, 1.2, 0.4, 0.05, 0.15, 0.05)),  # a wider range for deadweight
    dict(prior_months=None),  # the case starts in its first year: 2017 left out
    dict(years=tuple(year + 1 for year in BALLERUP.years)),  # the first year 2019, not 2018
], ids=["range", "without-the-year-before", "first-year"])
def test_a_changed_input_moves_sammendrag_and_the_command_line_together(tmp_path, refreshed, change):
    example = dataclasses.replace(BALLERUP, **change)
    path = build(tmp_path / "aendret.xlsx", example)
    data = json_after(path)
    sammendrag = Sammendrag(refresh.refresh(path, keep_backup=False), example)
    assert_json_is_sammendrag(data, sammendrag)
    assert_cli_is_sammendrag(path, sammendrag)
    before = as_json(read_headline(refreshed[BALLERUP.municipality].result), "")
    if "uncertainty_high" in change:
        assert data["cumulative"] == before["cumulative"]  # a range moves the percentiles, not the base case
    elif "prior_months" in change:
        assert data["cost_before_first_year"] == 0
        assert data["cumulative"][-1] == pytest.approx(before["cumulative"][-1] - 12 * 11 / 12 * 5.5 / 12)
        assert data["bridge"]["steps"][-1]["effect"] == 0
    else:
        assert data["years"] == [2019, 2020, 2021, 2022, 2023] and data["cumulative"] != before["cumulative"]
        assert data["bridge"]["steps"][-1]["step"] == "Udgift før casens første år (2018)"


def test_a_workbook_of_the_0_1_template_prints_its_case_through_the_fallback(tmp_path):
    path = shutil.copy(OLD, tmp_path)
    result = cli("refresh", path, "--no-backup")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == ("Investeringscasen – Ballerup Kommune, fra Investeringscase (læst efter tabellernes form: "
                        "projektmappen er fra en ældre skabelon uden Sammendrags navne)")
    # 0.1.0's own figures (its cached values): BDO's case, −0,5 accumulated in 2022, paid back in 2022
    book = openpyxl.load_workbook(OLD, data_only=True)["Investeringscase"]
    net = next([c.value for c in row[1:6]] for row in book.iter_rows() if row[0].value == "Nettobesparelse")
    assert table_row(result.output, "Nettoresultat") == [danish.number(v, 1) for v in net]
    assert "Tilbagebetalingsår: 2022" in lines
    data = json_after(shutil.copy(OLD, tmp_path / "igen.xlsx"))
    assert data["source"] == BY_TABLES and data["payback_year"] == 2022 and data["bridge"] is None
    assert data["net"] == pytest.approx(net, rel=1e-12) and data["price_view"] is None


def test_a_workbook_without_the_names_falls_back_and_says_so(tmp_path):
    """Today's template with its Sammendrag names removed (as an older template's workbook): Investeringscase."""
    path = build(tmp_path / "uden-navne.xlsx", BALLERUP)
    with zipfile.ZipFile(path) as package:
        workbook = package.read("xl/workbook.xml")
    stripped = re.sub(rb'<definedName name="Sammendrag_[^"]*"[^>]*>[^<]*</definedName>', b"", workbook)
    assert stripped != workbook
    from tests.workbook.faults import rewrite

    rewrite(path, replace={"xl/workbook.xml": stripped})
    headline = read_headline(refresh.refresh(path, keep_backup=False))
    assert headline.source == BY_TABLES
    assert [round(v, 1) for v in headline.net] == [2.3, 1.3, -0.7, -1.5, -1.9]  # the note's table


def test_an_error_in_the_case_stays_an_error_on_the_command_line_in_json_and_in_the_overview(tmp_path):
    """Text typed for Dødvægt: Sammendrag shows errors, and so does every reader — never a number, never a
    payback year of "not within the years"."""
    folder = tmp_path / "fejl"
    folder.mkdir()
    path = build(folder / "fejl.xlsx", BALLERUP)
    typed_text(path, "Scenarier", "B8", "abc")  # Doedvaegt
    result = cli("refresh", path, "--no-backup")
    assert result.exit_code == 0 and "Traceback" not in result.output
    assert table_row(result.output, "Nettoresultat") == ["#VALUE!"] * 5
    assert "Tilbagebetalingsår: #VALUE!" in result.output.splitlines()
    data = json_after(path)
    assert data["net"] == ["#VALUE!"] * 5 and data["cumulative"] == ["#VALUE!"] * 5
    assert data["present_value"] == "#VALUE!" and data["payback_year"] == "#VALUE!"
    assert data["bridge"]["end"] == "#VALUE!"
    target = tmp_path / "oversigt.csv"
    assert cli("refresh", folder, "--no-backup", "--oversigt", target).exit_code == 0
    (row,) = csv.DictReader(target.read_text(encoding="utf-8-sig").splitlines(), delimiter=";")
    assert row["Netto 2018"] == row["Akkumuleret 2022"] == row["Tilbagebetalingsår"] == "#VALUE!"


def test_roskildes_investeringscase_tables_are_printed_in_the_unit_they_show(folder, tmp_path):
    """Roskilde's cells hold kr. shown in mio. kr. (Sammendrag_Skala 1.000.000): the tables after the headline
    say 0,3 mio. kr. for 250.000 kr., as Excel shows it (half away from zero), not 250.000 under "Mio. kr."."""
    result = cli("refresh", shutil.copy(folder / "roskilde.xlsx", tmp_path), "--no-backup")
    assert table_row(result.output, "Flere netværksanbringelser m.m.") == ["-", "0,3", "0,8", "1,5", "2,0"]
    assert table_row(result.output, "Akkumuleret") == ["3,4", "6,5", "9,1", "10,8", "12,0"]  # Børn: 11.983.970 kr.
