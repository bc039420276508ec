"""The template and the headless refresh: the refreshed template shows the documents' numbers."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from tests.conftest import cells_of
from trappen import udfs
from trappen.addin.app import batch, refresh
from trappen.addin.engine import formula_text
from trappen.templates.build import build, layout
from trappen.templates.example import BALLERUP
from trappen.udfs import documents as doc

LAYOUT = layout()


def values(result: refresh.Refreshed, name: str) -> list:
    sheet, cells = cells_of(LAYOUT[name])
    return [result.value(sheet, cell) for cell in cells]


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory) -> refresh.Refreshed:
    path = build(tmp_path_factory.mktemp("template") / "investeringscase.xlsx")
    return refresh.refresh(path)


def test_template_builds_byte_identically(tmp_path):
    first, second = build(tmp_path / "a.xlsx"), build(tmp_path / "b.xlsx")
    assert first.read_bytes() == second.read_bytes()


def test_template_formulas_call_our_functions_where_budget_arithmetic_happens(tmp_path):
    from trappen.addin.engine.contents import read_contents

    sheets = read_contents(build(tmp_path / "t.xlsx")).sheets
    called = set().union(*(formula_text.read(f.text).calls for s in sheets for f in s.formulas.values()))
    assert set(udfs.REGISTRY) <= called  # every function of the library is used in the template
    # the rest is plain totals, labels and the summary's sentences (Sammendrag); lookups of the officer's choices
    # (MATCH), a missing payback year (ISNA), the years a payback would take (ROUNDUP); guards of cells still to be
    # typed (ISNUMBER: the refusion table's empty rows, Nøgletal's number of children); the workbook's unit in words
    # (UPPER, LEFT, MID: a header's capital) and an unknown unit (NA): no budget arithmetic
    assert called - set(udfs.REGISTRY) <= {"SUM", "INDEX", "IF", "ROUND", "LOWER", "MATCH", "ISNA", "ROUNDUP",
                                           "ISNUMBER", "UPPER", "LEFT", "MID", "NA"}


def millions(refreshed, name: str) -> np.ndarray:
    """A range of amounts (the cells hold kr.) in mio. kr., as the documents print them."""
    return np.array(values(refreshed, name), dtype=float) / 1e6


def test_refreshed_template_reproduces_ballerup_net_saving_2018_2022(refreshed):
    net = millions(refreshed, "net")
    np.testing.assert_allclose(net, doc.BALLERUP_NET_PRINTED, atol=0.1 + 1e-9)  # BAL-N, printed rounding
    np.testing.assert_allclose(millions(refreshed, "cumulative"), np.cumsum(net))
    assert values(refreshed, "payback") == [2022]
    assert values(refreshed, "years") == doc.BALLERUP_YEARS
    np.testing.assert_allclose(millions(refreshed, "bdo_net")[2:], doc.BDO_NET_PRINTED[2:], atol=1e-9)


def test_refreshed_template_reproduces_placements_and_prices(refreshed):
    # BAL-N scenario 2018–2022 at 2017 prices, grown 2 % a year from the price year (hand-worked figures)
    flat = np.array([77_040_389, 72_700_596, 70_895_621, 70_895_621, 70_895_621], dtype=float)
    np.testing.assert_allclose(values(refreshed, "placement_cost"), flat * 1.02 ** np.arange(1, 6), rtol=1e-12)
    mix = np.array(values(refreshed, "mix"), dtype=float).reshape(7, 4)
    np.testing.assert_allclose(mix[4], [24 / 149, 26 / 137, 22 / 131, 15 / 129])  # døgninstitution
    np.testing.assert_allclose(values(refreshed, "unit_prices_2016"), doc.PRICES_2016_PRINTED, atol=1.0)


def test_refreshed_template_reproduces_accounts_staffing_and_key_figures(refreshed):
    assert values(refreshed, "overspend_total") == [5_882]  # BAL-R: merforbrug 5,9 mio. kr.
    assert values(refreshed, "overspend_rows") == [-1_704, 1_579, 4_127, 1_364, 516]
    assert round(values(refreshed, "notifications_year")[0]) == doc.NOTIFICATIONS_YEAR_PRINTED
    assert values(refreshed, "caseload")[0] == pytest.approx(770 / 32)
    assert values(refreshed, "advisers_needed")[0] == pytest.approx(770 / 20 - 32)
    counts, printed = doc.HADERSLEV_TABLE_7["Hjemmebaserede anbringelser"]
    np.testing.assert_allclose(values(refreshed, "permille_first"), printed, atol=0.005 + 1e-9)
    # BAL-N "Udgifter til behandlingsskoler" against 2014–2015, in 2017-P/L (2 % a year) as Socialstyrelsen's
    # method, and in current prices beside it.
    base = np.mean([74_442 * 1.02 ** 3, 76_710 * 1.02 ** 2])
    np.testing.assert_allclose(values(refreshed, "extra_spend"), [86_790 * 1.02 - base, 96_529 - base], rtol=1e-6)
    base = np.mean([52_307 + 13_442 + 963 + 2_788 + 4_942, 51_166 + 14_125 + 1_992 + 3_881 + 5_546])
    np.testing.assert_allclose(values(refreshed, "extra_spend_current"), [86_790 - base, 96_529 - base])


def test_refreshed_file_keeps_formulas_and_holds_the_values(refreshed):
    formulas_book = openpyxl.load_workbook(refreshed.path)
    values_book = openpyxl.load_workbook(refreshed.path, data_only=True)
    sheet, cells = cells_of(LAYOUT["net"])
    anchor = formulas_book[sheet][cells[0]].value
    assert "NETSAVING(" in getattr(anchor, "text", anchor)
    np.testing.assert_allclose([values_book[sheet][c].value / 1e6 for c in cells], doc.BALLERUP_NET_PRINTED,
                               atol=0.1 + 1e-9)  # kr. in the cell, the note's mio. kr.
    with zipfile.ZipFile(refreshed.path) as zf:
        workbook_xml = zf.read("xl/workbook.xml").decode()
    assert "fullCalcOnLoad" not in workbook_xml and 'calcId="191029"' in workbook_xml
    assert refreshed.errors == []


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _without_values(xml: bytes) -> bytes:
    """A sheet's XML with the cached values and their types taken out (what the refresh may change)."""
    text = xml.decode()
    text = re.sub(r"<v>[^<]*</v>", "", text)
    text = re.sub(r' t="(str|e|b|n)"', "", text)
    return re.sub(r"\s+", " ", text.split("?>", 1)[-1]).replace(" />", "/>").strip().encode()


def test_round_trip_keeps_inputs_other_sheets_styles_and_formulas(tmp_path):
    import xlsxwriter

    path = tmp_path / "kommune.xlsx"
    book = xlsxwriter.Workbook(path)
    money = book.add_format({"num_format": "#,##0.0", "bg_color": "#FFF2CC", "bold": True})
    case = book.add_worksheet("Investeringscase")
    notes = book.add_worksheet("Noter")
    notes.write("A1", "Mine noter æøå – må ikke forsvinde", money)
    notes.write("A2", 42)
    case.write_row("A1", ["År", 2018, 2019, 2020])
    case.write_row("A2", ["Investering", 5.5, 5.5, 5.5], money)
    case.write_row("A3", ["Besparelseskrav", -3.0, -11.2, -15.0], money)
    case.write("A4", "Netto")
    case.write_dynamic_array_formula("B4:D4", "=NETSAVING(B2:D2,-B3:D3)", money)
    case.write_formula("E4", "=SUM(B4:D4)")
    case.write_formula("F4", "=PAYBACKYEAR(B4:D4,B1:D1)")
    book.define_name("Renten", "=Noter!$A$2")
    chart = book.add_chart({"type": "column"})
    chart.add_series({"values": "=Investeringscase!$B$4:$D$4"})
    case.insert_chart("A8", chart)
    book.close()
    before = _parts(path)

    result = refresh.refresh(path)

    after = _parts(path)
    assert set(after) == set(before)
    changed = {name for name in before if before[name] != after[name]}
    assert changed <= {"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/workbook.xml"}
    for name in changed - {"xl/workbook.xml"}:
        assert _without_values(after[name]) == _without_values(before[name]), name
    assert result.backup is not None and _parts(result.backup) == before
    assert result.row("Investeringscase", "B4", "D4") == pytest.approx([2.5, -5.7, -9.5])
    assert result.value("Investeringscase", "E4") == pytest.approx(-12.7)
    assert result.value("Investeringscase", "F4") == 2019  # cumulative 2,5 → −3,2
    reopened = openpyxl.load_workbook(path, data_only=True)
    assert reopened["Noter"]["A1"].value == "Mine noter æøå – må ikke forsvinde"
    assert reopened["Investeringscase"]["B3"].value == -3.0
    assert reopened["Investeringscase"]["C4"].value == pytest.approx(-5.7)

    # Refreshing again changes nothing: the same values are written.
    refresh.refresh(path)
    assert _parts(path) == after


def test_a_bad_argument_shows_an_excel_error_with_our_message(tmp_path):
    import xlsxwriter

    path = tmp_path / "fejl.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Investeringscase")
    sheet.write_row("A1", [5.5, 5.5])
    sheet.write_row("A2", [-3.0, -11.2])
    sheet.write_dynamic_array_formula("A3:B3", "=NETSAVING(A1:B1,A2:B2)")
    sheet.write_formula("A4", "=PLACEMENTCOST(A1:B1,\"1.234,5\")")
    sheet.write_formula("A5", "=SUM(A3:B3)")
    sheet.write_formula("A6", "=NETSAVING(A1:B1)")
    book.close()

    result = refresh.refresh(path)

    assert str(result.value("Investeringscase", "A3")) == "#VALUE!"
    messages = {f"{e.sheet}!{e.cell}": e for e in result.errors}
    assert messages["Investeringscase!A3"].code == "#VALUE!"
    assert "savings: -3 er negativ" in messages["Investeringscase!A3"].message
    assert "-B5:F5" in messages["Investeringscase!A3"].message
    assert "'1.234,5' er tekst, ikke et tal" in messages["Investeringscase!A4"].message
    assert messages["Investeringscase!A5"].code == "#VALUE!"  # the error travels on, as in Excel
    assert messages["Investeringscase!A6"].message.startswith("savings: mangler — giv mindst 2 argumenter: NETSAVING(")
    with zipfile.ZipFile(path) as zf:
        sheet_xml = zf.read("xl/worksheets/sheet1.xml").decode()
    assert re.search(r'<c r="A3"[^>]* t="e"[^>]*><f[^>]*>[^<]*</f><v>#VALUE!</v>', sheet_xml)
    assert "Traceback" not in sheet_xml


def test_each_error_cell_shows_its_own_reason(tmp_path):
    """Three bad CASELOAD cells — text, 0 advisers, a negative count — each report their own reason."""
    import xlsxwriter

    path = tmp_path / "sagstal.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Sagstal")
    sheet.write_row("A1", ["mange", 770, -5])
    sheet.write_row("A2", [32, 0, 32])
    for column in "ABC":
        sheet.write_formula(f"{column}3", f"=CASELOAD({column}1,{column}2)")
    book.close()

    result = refresh.refresh(path)

    errors = {e.cell: e for e in result.errors}
    assert [errors[c].code for c in ("A3", "B3", "C3")] == ["#VALUE!", "#DIV/0!", "#VALUE!"]
    assert errors["A3"].message.startswith("cases: 'mange' er tekst, ikke et tal")
    assert errors["B3"].message.startswith("advisers: er 0, så sagstallet kan ikke beregnes")
    assert errors["C3"].message.startswith("cases: -5 er negativ")
    assert len({errors[c].message for c in ("A3", "B3", "C3")}) == 3

    shown = " ".join(runner_output(["refresh", str(path)]).split())  # the terminal may wrap long lines
    assert all(" ".join(errors[c].message.split()) in shown for c in ("A3", "B3", "C3")), shown


def runner_output(arguments: list[str]) -> str:
    from typer.testing import CliRunner

    from trappen.addin.cli import app

    return CliRunner().invoke(app, arguments).output


def _unchanged_after(path: Path, error_match: str) -> None:
    before = path.read_bytes()
    with pytest.raises(refresh.WorkbookError, match=error_match):
        refresh.refresh(path)
    assert path.read_bytes() == before
    leftovers = [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp") or ".bak" in p.name]
    assert leftovers == []


def test_refuses_a_workbook_that_excel_holds_open(tmp_path):
    path = build(tmp_path / "investeringscase.xlsx")
    (tmp_path / "~$investeringscase.xlsx").write_bytes(b"owner")
    _unchanged_after(path, "åben i Excel")


def test_refuses_a_file_that_is_not_a_workbook(tmp_path):
    text = tmp_path / "budget.xlsx"
    text.write_text("Besparelseskrav;-3,0\n", encoding="utf-8")
    _unchanged_after(text, "ikke en gyldig Excel-projektmappe")
    old = tmp_path / "gammel.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0 old binary excel")
    _unchanged_after(old, r"ikke en Excel-projektmappe \(\.xlsx/\.xlsm\)")
    with pytest.raises(refresh.WorkbookError, match="findes ikke"):
        refresh.refresh(tmp_path / "mangler.xlsx")


def test_refuses_formulas_that_call_unknown_functions_and_lists_them(tmp_path):
    import xlsxwriter

    path = tmp_path / "ukendt.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet()
    sheet.write_formula("A1", "=NETSAVINGS(1,2)")
    sheet.write_formula("A2", "=SUM(A1)+FOOBAR(3)")
    sheet.write_formula("A3", "=NETSAVING(1,2)")
    book.close()
    _unchanged_after(path, "FOOBAR, NETSAVINGS")


def test_a_failure_while_writing_leaves_the_original_untouched(tmp_path, monkeypatch):
    from trappen.addin.workbook import writer

    path = build(tmp_path / "investeringscase.xlsx")

    def broken(source, target, values, strip_formulas=False):
        Path(target).write_bytes(b"half a file")
        raise OSError("disk full")

    monkeypatch.setattr(writer, "write_values", broken)
    before = path.read_bytes()
    with pytest.raises(OSError, match="disk full"):
        refresh.refresh(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["investeringscase.xlsx"]


def test_batch_refresh_gives_each_workbook_its_own_figures(tmp_path):
    examples = [BALLERUP, BALLERUP.scaled(0.5), BALLERUP.scaled(2.0)]
    paths = [build(tmp_path / f"kommune{i}.xlsx", ex) for i, ex in enumerate(examples)]
    (tmp_path / "ødelagt.xlsx").write_bytes(b"not a zip")
    result = batch.refresh_many(batch.workbooks_in(tmp_path), keep_backup=False)
    assert [p.name for p, _ in result.failed] == ["ødelagt.xlsx"]
    assert [r.path for r in result.refreshed] == paths
    prices = [row[2] for row in BALLERUP.unit_prices]
    for example, refreshed in zip(examples, result.refreshed, strict=True):
        expected = udfs.placementcost(example.scenario, prices, example.price_growth, [1, 2, 3, 4, 5])
        np.testing.assert_allclose(values(refreshed, "placement_cost"), expected, rtol=1e-12)


def test_batch_refresh_gives_each_workbook_its_own_numbers_when_blank_cells_differ(tmp_path):
    """A cell blank in one workbook and filled in another must not borrow the other's value."""
    import dataclasses
    import shutil

    inflow = (9_000_000, *BALLERUP.need_inflow[1:])  # kr.
    filled = build(tmp_path / "a.xlsx", dataclasses.replace(BALLERUP, need_inflow=inflow))
    blank = build(tmp_path / "b.xlsx", BALLERUP)  # 2018 of that row is blank
    alone = Path(shutil.copy(blank, tmp_path / "c.xlsx"))
    refreshed = batch.refresh_many([filled, blank], keep_backup=False).refreshed
    single = refresh.refresh(alone, keep_backup=False)
    assert values(refreshed[1], "net") == values(single, "net") != values(refreshed[0], "net")
    assert refreshed[1].values == single.values  # identical to refreshing the workbook on its own


def test_opfoelgning_follows_up_the_plan_on_its_own_footing(refreshed):
    """Opfølgning, 2017 in 2017-P/L (mio. kr.), by hand from BAL-N "Faktisk udgiftsfordeling" and the P/L index
    (2 %): placements 98,284 × 1,02 − 95,717 = 4,53268 saved; knock-on (53,169 − 50,994 × 1,02) + (8,173 −
    10,647 × 1,02) = −1,53182; the investment as the case counts 2017 (the 12 advisers from 1 February: 11/12 of
    5,5, Scenarier's "Udgift før casens første år"); net = 5,04167 − 1,53182 − 4,53268 = −1,02283 against BDO's
    planned 5,5 − 1,5 = 4,0; share = (4,53268 + 1,53182) / 1,5. The old figure (171,1 %) is the first step of the
    bridge below it. Counting only the knock-on area that rose (home-based: 1,15512): 5,04167 − 4,53268 + 1,15512."""
    invested = 5.5 * 11 / 12
    planned, realised, gap = millions(refreshed, "follow_up")  # the cells hold kr.
    assert planned == pytest.approx(4.0) and realised == pytest.approx(invested - 6.0645)
    assert gap == pytest.approx(realised - planned)
    assert values(refreshed, "follow_up_share")[0] == pytest.approx(6.0645 / 1.5)
    assert millions(refreshed, "follow_up_prudent")[0] == pytest.approx(invested - 4.53268 + 1.15512)
    # the same 2017 investment as Scenarier's cost before the case's first year (one answer on both pages)
    lines = np.reshape(millions(refreshed, "follow_up_lines"), (-1, 2))
    assert lines[-1, 1] == pytest.approx(millions(refreshed, "prior_costs")[0])
    steps = np.reshape(values(refreshed, "follow_up_steps"), (3, 3))
    np.testing.assert_allclose(steps[:, 2], [2.567 / 1.5, 2.866 / 1.5, 6.0645 / 1.5])
    np.testing.assert_allclose(steps[:, 1] / 1e6, [invested - 2.567, invested - 2.866, invested - 6.0645])
    # the ramme against its budget: the overspend of Regnskab (5,882) = budget below 2016 − fall + transferred
    total, budget, below, fall, moved, overspend = millions(refreshed, "follow_up_budget")
    assert total == pytest.approx(184.861 * 1.02) and (budget, moved) == (177.489, 0.552)
    assert overspend == pytest.approx(5.882) == pytest.approx(below - fall + moved)


def test_placeholder_values_are_replaced_without_a_word_but_are_not_a_yardstick(tmp_path):
    """xlsxwriter's placeholder zeros (fullCalcOnLoad) are not a yardstick: all is computed, and replacing
    placeholders needs no word to the officer (values that may have been computed are counted: see the
    LibreOffice test)."""
    path = build(tmp_path / "investeringscase.xlsx")
    first = refresh.refresh(path, keep_backup=False)
    assert not first.trusted and first.computed == first.formulas and first.replaced == 0
    assert "fullCalcOnLoad" in first.trust_reason
    said = " ".join(runner_output(["refresh", str(build(tmp_path / "igen.xlsx")), "--no-backup"]).split())
    assert "fik en anden værdi end den gemte" not in said


def test_opfoelgning_reading_states_the_sheets_own_figures(refreshed):
    """The reading under the follow-up names figures; each is the sheet's own value, rounded as printed, so the
    words cannot tell another story than the table (the net result, the result counting only rises, the fall in
    preventive help, the overspend and the budget below the 2016 level)."""
    from trappen.templates.example import BALLERUP

    def said(pattern: str) -> float:
        match = re.search(pattern, BALLERUP.follow_up_reading)
        assert match, pattern
        return float(match.group(1).replace("−", "-").replace(",", "."))

    _, realised, _ = millions(refreshed, "follow_up")  # the reading says mio. kr.; the cells hold kr.
    lines = np.reshape(millions(refreshed, "follow_up_lines"), (-1, 2))
    total, _, below, _, _, overspend = millions(refreshed, "follow_up_budget")
    assert said(r"Nettoresultatet \((−?\d+,\d) mio") == round(realised, 1)
    assert said(r"merudgift på (\d+,\d) mio") == round(millions(refreshed, "follow_up_prudent")[0], 1)
    assert said(r"forebyggende indsatser faldt \((\d+,\d) mio") == round(-lines[2, 1], 1)
    assert said(r"kun (\d+,\d) % \(") == round(100 * -lines[0, 1] / (98.284 * 1.02), 1)
    assert said(r"% \((\d+,\d) mio") == round(-lines[0, 1], 1)
    assert said(r"merforbrug på (\d+,\d) mio") == round(overspend, 1)
    assert said(r"lå (\d+,\d) mio") == round(below, 1)
