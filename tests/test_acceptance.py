"""The acceptance workbook for a real Excel: its expected values come from the headless engine, tested here.

docs/accept.md must be what ``trappen.addin.app.acceptance`` generates from a fresh build and refresh (so no
expected value is typed); the functions' expected values must be the registry's examples (the documents'
figures, computed in Python without the engine); the error checks must be errors with their messages; the
implicit-intersection rule and the spill must be what the function gives for the intersected cells.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from trappen import udfs
from trappen.addin.app import acceptance
from trappen.addin.cli import app
from trappen.templates import acceptance as workbook


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path, checks = workbook.build(tmp_path_factory.mktemp("accept") / workbook.FILENAME)
    return path, checks, acceptance.expected(path, checks)


def test_docs_accept_is_the_generated_checklist(built):
    _, _, rows = built
    assert acceptance.DOCS.read_text(encoding="utf-8") == acceptance.page(rows), \
        "docs/accept.md is out of date: python -m trappen.addin.app.acceptance --docs"


def test_each_functions_expected_value_is_its_example_from_the_documents(built):
    _, checks, rows = built
    by_name = {row.check.what.split(":")[0]: row for row in rows if row.check.sheet == workbook.FUNCTIONS}
    assert list(by_name) == list(udfs.REGISTRY)
    for name, spec in udfs.REGISTRY.items():
        row = by_name[name]
        result = np.asarray(spec.example.result, dtype=float)
        tolerance = spec.example.tolerance + 1e-9 * float(np.max(np.abs(result)))
        assert row.value == pytest.approx(float(result.ravel()[0]), abs=tolerance), name
        if result.size > 1:
            assert row.check.last is not None, name  # a spill
            assert row.last == pytest.approx(float(result.ravel()[-1]), abs=tolerance), name
        else:
            assert row.check.last is None, name


def test_the_errors_stay_errors_with_their_messages(built):
    _, _, rows = built
    errors = {row.check.cell: row for row in rows if row.check.sheet == workbook.ERRORS}
    assert errors["B12"].value == "#VALUE!" and errors["B12"].message.startswith("savings: -11,2 er negativ")
    assert [errors[c].value for c in ("B13", "B14", "B15", "B19")] == ["#VALUE!"] * 4  # +, SUM, ours, input
    assert errors["B16"].value == "fejl fanget"  # IFERROR sees a real error value
    assert errors["B17"].value is False  # ISTEXT: not a message as text
    assert errors["B18"].value == "#DIV/0!" and errors["B18"].message.startswith("advisers: er 0")


def test_implicit_intersection_expected_values_follow_excels_rule(built):
    """Row 7 meets G6:G8: Excel takes G7 (300); row 26 does not: #VALUE!; the dynamic-array formula spills
    PERMILLE of each of 594, 300, 120 (per 11.498)."""
    _, _, rows = built
    errors = {row.check.cell: row for row in rows if row.check.sheet == workbook.ERRORS}
    assert errors["B7"].value == pytest.approx(udfs.permille(300, 11498), rel=1e-12)
    assert errors["B26"].value == "#VALUE!"
    assert errors["B21"].value == pytest.approx(udfs.permille(594, 11498), rel=1e-12)
    assert errors["B21"].last == pytest.approx(udfs.permille(120, 11498), rel=1e-12)


def test_the_checklist_numbers_every_check_once_and_boxes_both_hosts(built):
    _, checks, rows = built
    assert [c.number for c in checks] == list(range(1, len(checks) + 1))
    table = acceptance.checklist(rows).splitlines()
    assert len(table) == len(checks) + 2 and all(line.endswith("| ☐ | ☐ |") for line in table[2:])


def test_the_workbook_is_an_xlsx_without_macros_and_the_same_on_every_build(built, tmp_path):
    path, _, _ = built
    again, _ = workbook.build(tmp_path / workbook.FILENAME)
    assert again.read_bytes() == path.read_bytes()
    names = zipfile.ZipFile(path).namelist()
    assert not any("vbaProject" in name for name in names)
    assert "xl/worksheets/sheet3.xml" in names  # Funktioner, Fejl, xlwings.conf


def test_trappen_accept_writes_the_workbook_and_its_checklist_and_never_overwrites(tmp_path):
    result = CliRunner().invoke(app, ["accept", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "trappen-accept.xlsx").exists()
    assert (tmp_path / "trappen-accept.md").read_text(encoding="utf-8") == \
        acceptance.DOCS.read_text(encoding="utf-8")
    again = CliRunner().invoke(app, ["accept", str(tmp_path)])
    assert again.exit_code == 1 and "findes allerede" in again.output


def test_a_shown_number_is_danish_with_the_cells_four_decimals():
    assert acceptance.shown(77040389.0) == "77.040.389,0000"
    assert acceptance.shown(-0.0324) == "-0,0324"
    assert acceptance.shown(True) == "SAND (TRUE)" and acceptance.shown("#N/A") == "#N/A"


def test_docs_page_exists_in_the_guide():
    assert "[accept.md](accept.md)" in (Path(acceptance.DOCS).parent / "README.md").read_text(encoding="utf-8")
