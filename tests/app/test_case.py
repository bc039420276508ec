"""One reader of a workbook's case (``app.case``) for the command line and the batch overview: it finds the
case on Ballerup's layout and on Roskilde's alike. Checked against where the template builder itself put
each table (``templates.build.layout``), which the reader never consults."""

from __future__ import annotations

import csv

import pytest
import xlsxwriter

from tests.conftest import cells_of
from trappen.addin.app import batch, refresh
from trappen.addin.app.case import read_case
from trappen.addin.app.summary import case_figures, write_summary
from trappen.templates.build import build, layout
from trappen.templates.example import BALLERUP, ROSKILDE


def where(result: refresh.Refreshed, example, name: str) -> list:
    sheet, cells = cells_of(layout(example)[name])
    return [result.value(sheet, cell) for cell in cells]


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cases")
    return {example.municipality: refresh.refresh(build(folder / f"{i}.xlsx", example), keep_backup=False)
            for i, example in enumerate((BALLERUP, ROSKILDE))}


@pytest.mark.parametrize("example", [BALLERUP, ROSKILDE], ids=["ballerup", "roskilde"])
def test_the_case_is_where_the_template_put_it(refreshed, example):
    result = refreshed[example.municipality]
    case = read_case(result.values)
    assert case.municipality == example.municipality
    assert case.years == [int(y) for y in where(result, example, "years")]
    assert case.net() == where(result, example, "net")
    assert case.cumulative() == where(result, example, "cumulative")
    assert any(v != 0 for v in case.net())  # a real case, not an empty row
    if "payback" in layout(example):
        assert case.payback() == where(result, example, "payback")[0]
        assert case.present_value() == pytest.approx(where(result, example, "present_value")[0])
    else:
        assert case.payback() is None and case.present_value() is None


def test_ballerups_figures_as_the_documents_print_them(refreshed):
    """BDO's case for Ballerup: net 2,3 / 1,3 / −0,7 / −1,5 / −1,9 mio. kr., paid back in 2022 (the cells hold
    kr., shown in mio. kr.: the case's scale)."""
    case = read_case(refreshed[BALLERUP.municipality].values)
    assert case.years == [2018, 2019, 2020, 2021, 2022] and case.scale == 1e6
    assert [round(v / case.scale, 1) for v in case.net()] == [2.3, 1.3, -0.7, -1.5, -1.9]
    assert case.payback() == 2022


def test_the_overview_reads_roskilde_as_it_reads_ballerup(refreshed, tmp_path):
    """The overview used to read Ballerup's fixed cells in every workbook: Roskilde's row 18 is not its net. It
    now shows each workbook's headline (Sammendrag), in mio. kr. (the cells are kr.)."""
    rows = {name: case_figures(result) for name, result in refreshed.items()}
    for example in (BALLERUP, ROSKILDE):
        row, result = rows[example.municipality], refreshed[example.municipality]
        scale = 1e6  # the cells hold kr.
        assert row["Kommune"] == example.municipality
        assert [row[f"Netto {y}"] for y in example.years] == pytest.approx(
            [v / scale for v in where(result, example, "summary_net")], rel=1e-12)
        assert [row[f"Akkumuleret {y}"] for y in example.years] == pytest.approx(
            [v / scale for v in where(result, example, "summary_cumulative")], rel=1e-12)
        assert row["Tilbagebetalingsår"] is None  # neither headline pays back within its years
        assert row["Tilbagebetaling"] == where(result, example, "summary_payback")[0]


def test_a_workbook_that_is_not_a_template_has_no_case(tmp_path):
    path = tmp_path / "andet.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Investeringscase")
    sheet.write_row("A1", ["Mio. kr.", 2018, 2019, 2020, 2021, 2022])
    sheet.write_row("A2", ["Noget", 1, 2, 3, 4, 5])  # a table, but no accumulated row: not the template's case
    book.close()
    result = refresh.refresh(path, keep_backup=False)
    assert read_case(result.values) is None
    assert case_figures(result)["Bemærkning"].startswith("ikke en Trappen-skabelon")
    overview = write_summary(batch.BatchResult(refreshed=[result]), tmp_path / "oversigt.csv")
    (line,) = csv.DictReader(overview.read_text(encoding="utf-8-sig").splitlines(), delimiter=";")
    assert line["Projektmappe"] == "andet.xlsx"
