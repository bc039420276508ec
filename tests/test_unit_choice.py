"""One unit per workbook: the officer chooses mio. kr. (one decimal) or 1.000 kr. on Forudsætninger.

The amounts are kept in kr. whatever the choice; the number formats, the headings, the chart titles and the
charts' data follow the chosen unit. Each workbook is built, refreshed headlessly (``trappen refresh``) and printed
by LibreOffice through the command line's own PDF path (as ``test_print``); the 1.000 kr. Ballerup is the officer's
way: the mio. kr. template with "1.000 kr." typed into the choice cell. Checked: the printed Sammendrag shows the
headline in the chosen unit and no heading or label names the other unit (an amount quoted from a document with
its own unit, "5,5 mio. kr.", is a figure, not a label); changing the unit changes no stored value; the command
line shows the workbook's unit and ``--json`` the same figures in mio. kr. in either.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.app.test_headline import table_row, typed_text
from tests.conftest import cells_of
from tests.test_print import ENGLISH, normal, read
from trappen.addin.app import refresh
from trappen.addin.cli import app
from trappen.templates.build import build, layout
from trappen.templates.example import BALLERUP, ROSKILDE
from trappen.templates.workbook import CHART_DATA, UNITS
from trappen.udfs import danish

MIO, THOUSANDS = UNITS  # "mio. kr.", "1.000 kr."
#: Where the other unit may stand on a page although it is not the chosen one: the choice itself, how Regnskab's
#: cells are typed (in 1.000 kr., as the accounts print them) and the price of a unit (1.000 kr. per case).
ALLOWED = ("Vælg mio. kr. (én decimal) eller 1.000 kr.", "de skrives i 1.000 kr. som i regnskabet",
           "Pris pr. enhed (1.000 kr.)")
#: A figure with its own unit just before the unit's words: "5,5 mio. kr.", "53.169 (1.000 kr.)", "1,8 mio. kr."
FIGURE = re.compile(r"\d[\d.,]*\s*\(?$")


@dataclasses.dataclass
class Printed:
    example: object
    unit: str
    workbook: Path
    pages: list
    result: refresh.Refreshed
    output: str  # the command line's output of the refresh


def in_unit(value: float, unit: str) -> str:
    """An amount (kr.) as the template shows it in ``unit``: one decimal in mio. kr., whole 1.000 kr."""
    text = danish.number(value / UNITS[unit], 1 if unit == MIO else 0)
    return text.replace("−", "-")  # LibreOffice prints a hyphen-minus


def make(folder: Path, example, unit: str) -> Path:
    """The workbook in ``unit``: Ballerup in 1.000 kr. as the officer does it (the word typed into the choice cell of
    the mio. kr. template), the others built with the unit."""
    if example is BALLERUP and unit == THOUSANDS:
        path = build(folder / "investeringscase.xlsx", example)
        sheet, (cell,) = cells_of(layout(example)["unit"])
        return typed_text(path, sheet, cell, unit)
    return build(folder / "investeringscase.xlsx", dataclasses.replace(example, unit=unit))


@pytest.fixture(scope="module", params=[(BALLERUP, MIO), (BALLERUP, THOUSANDS), (ROSKILDE, MIO), (ROSKILDE, THOUSANDS)],
                ids=["ballerup-mio", "ballerup-1000", "roskilde-mio", "roskilde-1000"])
def printed(request, tmp_path_factory) -> Printed:
    example, unit = request.param
    folder = tmp_path_factory.mktemp("unit")
    workbook = make(folder, example, unit)
    pdf = folder / "investeringscase.pdf"
    outcome = CliRunner().invoke(app, ["refresh", str(workbook), "--pdf", str(pdf), "--no-backup"], env=ENGLISH,
                                 terminal_width=200)
    assert outcome.exit_code == 0, outcome.output
    result = refresh.refresh(shutil.copy(workbook, folder / "igen.xlsx"), keep_backup=False)
    return Printed(example, unit, workbook, read(pdf), result, outcome.output)


def cells(printed: Printed, name: str) -> list:
    sheet, where = cells_of(layout(printed.example)[name])
    return [printed.result.value(sheet, cell) for cell in where]


def test_the_printed_summary_shows_the_headline_in_the_chosen_unit(printed):
    """Sammendrag's first page: the heading of the case says the unit, the accumulated result year by year is the
    cells' kr. in that unit (Ballerup 24,2 mio. kr. = 24.191 (1.000 kr.) in 2022), and the chart's title says it."""
    first = normal(printed.pages[0].raw)
    assert f"Casen år for år (Scenarier) ({printed.unit})" in first
    assert f"Akkumuleret (casen) ({printed.unit})" in first  # the legend: LibreOffice prints a linked title stale
    cumulative = [in_unit(v, printed.unit) for v in cells(printed, "summary_cumulative")]
    assert "Akkumuleret nettoresultat " + " ".join(cumulative) in first
    if printed.example is BALLERUP:
        assert cumulative[-1] == {MIO: "24,2", THOUSANDS: "24.191"}[printed.unit]
    else:
        assert cumulative[-1] == {MIO: "23,9", THOUSANDS: "23.910"}[printed.unit]


def test_no_printed_heading_or_label_names_the_other_unit(printed):
    """Every page: the other unit's words stand only beside a figure quoted with its own unit, or where they
    describe the choice, how Regnskab is typed, or a price per unit; and the chosen unit heads the amounts."""
    other = THOUSANDS if printed.unit == MIO else MIO
    for page in printed.pages:
        text = normal(page.raw)
        for allowed in ALLOWED:
            text = text.replace(allowed, "")
        for found in re.finditer(re.escape(other), text):
            before = text[max(0, found.start() - 12):found.start()]
            assert FIGURE.search(before), (page.number, page.sheet, text[max(0, found.start() - 80):found.end() + 20])
    headed = {page.sheet for page in printed.pages if f"({printed.unit}" in normal(page.raw)}
    assert {"Sammendrag", "Sagstal", "Investeringscase", "Scenarier", "Usikkerhed"} <= headed
    assumptions = normal(" ".join(page.raw for page in printed.pages if page.sheet == "Forudsætninger"))
    assert f"Beløb vises i {printed.unit}" in assumptions


def test_the_command_line_shows_the_workbooks_unit_and_json_stays_in_millions(printed, tmp_path):
    """The command line prints the headline in the chosen unit, as Sammendrag; ``--json`` gives the same figures in
    mio. kr. in either unit (``unit``), and says what the workbook shows (``workbook_unit``)."""
    lines = printed.output.splitlines()
    assert lines[1].startswith(f"Prisvisning: Faste priser. Beløb i {printed.unit};")
    cumulative = cells(printed, "summary_cumulative")
    assert [v.replace("−", "-") for v in table_row(printed.output, "Akkumuleret nettoresultat")] == [
        in_unit(v, printed.unit) for v in cumulative]
    path = shutil.copy(printed.workbook, tmp_path / "json.xlsx")
    outcome = CliRunner().invoke(app, ["refresh", str(path), "--no-backup", "--json"])
    assert outcome.exit_code == 0, outcome.output
    data = json.loads(outcome.stdout)
    assert data["unit"] == MIO and data["workbook_unit"] == printed.unit
    assert data["cumulative"] == pytest.approx([v / 1e6 for v in cumulative], rel=1e-12)
    assert data["bridge"]["end"] == pytest.approx(cumulative[-1] / 1e6, rel=1e-12)


def test_changing_the_unit_changes_no_stored_value(tmp_path):
    """Ballerup refreshed in mio. kr., and again after the officer chose 1.000 kr.: every number on every sheet is
    the same (only the kr. per unit beside the choice, and the charts' data in the unit, differ), every text the
    same but for the unit's words, and the inputs untouched."""
    before = refresh.refresh(build(tmp_path / "mio.xlsx", BALLERUP), keep_backup=False)
    sheet, (cell,) = cells_of(layout(BALLERUP)["unit"])
    changed = typed_text(build(tmp_path / "tusind.xlsx", BALLERUP), sheet, cell, THOUSANDS)
    after = refresh.refresh(changed, keep_backup=False)
    per_unit = cells_of(layout(BALLERUP)["unit_kr"])[1][0]
    assert after.value(sheet, cell) == THOUSANDS and after.value(sheet, per_unit) == 1000
    assert before.value(sheet, per_unit) == 1_000_000
    compared = 0
    for name, values in before.values.items():
        if name == CHART_DATA.upper():
            continue
        for where, value in values.items():
            if name == sheet.upper() and where in (cell, per_unit):
                continue
            new = after.values[name].get(where)
            if isinstance(value, str):  # a text: the same, or its unit's words in the new unit
                assert new in (value, value.replace(MIO, THOUSANDS).replace("Mio. kr.", THOUSANDS)), (name, where)
            else:
                assert new == value, (name, where, value, new)
                compared += 1
    assert compared > 1000
    # the charts' data: the same kr. in the chosen unit
    data = before.values[CHART_DATA.upper()]
    numbers = [(where, v) for where, v in data.items() if isinstance(v, float)]
    assert numbers and all(after.values[CHART_DATA.upper()][where] == pytest.approx(v * 1000, rel=1e-12)
                           for where, v in numbers)


def test_the_command_lines_tables_are_in_the_workbooks_unit(printed):
    """After the headline, Investeringscase's tables in the unit their header names: Roskilde's Børn saves
    250.000 kr. in 2020, "0,3" under "Mio. kr." or "250" under "1.000 kr." (whole thousands, as the sheet);
    Ballerup's note needs 3,4 mio. kr. for placements in 2019, "3.400" in 1.000 kr."""
    mio = printed.unit == MIO
    if printed.example is ROSKILDE:
        row = table_row(printed.output, "Flere netværksanbringelser m.m.")
        assert row == (["-", "0,3", "0,8", "1,5", "2,0"] if mio else ["-", "250", "750", "1.500", "2.000"])
    else:
        row = table_row(printed.output, "Finansieringsbehov til anbringelser")
        assert row == (["−0,2", "3,4", "4,7", "3,9", "3,5"] if mio else ["−200", "3.400", "4.700", "3.900", "3.500"])
    assert f"┃ {'Mio. kr.' if mio else THOUSANDS}" in printed.output


def test_the_charts_axes_keep_their_minus_in_either_unit(printed):
    """The tornado's bars go both ways from the base case, so its axis has negative labels: "-4" in mio. kr.,
    "-4000" in 1.000 kr., each with its minus (a number format with conditions would print "4" for -4)."""
    page = next(p for p in printed.pages if "Tornado: afvigelse fra basiscasen" in normal(p.raw))
    title = next(w for w in page.words if w.text == "afvigelse")
    below = [w.text.replace("−", "-") for w in page.words if w.y0 > title.y1]
    labels = [float(t.replace(",", ".")) for t in below if re.fullmatch(r"-?\d+(,\d+)?", t)]
    negative, positive = [v for v in labels if v < 0], [v for v in labels if v > 0]
    assert negative and positive, labels
    assert max(positive) >= {MIO: 1, THOUSANDS: 1000}[printed.unit]  # the data are in the chosen unit
