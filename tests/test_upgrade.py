"""Upgrades never break a workbook: the 0.1.0 and 0.2.0 templates, refreshed by today's Trappen, keep their figures.

``tests/data/released/investeringscase-0.1.0.xlsx`` is the template as 0.1.0 built it and as 0.1.0's own
refresh computed it (``tools/released_template.sh 0.1.0 a330d58``): its cached values are 0.1.0's figures.
Its Usikkerhed sheet calls TORNADO and MONTECARLO with five assumptions (0.1's form; today they take six)
and BREAKEVENGROWTH without ``price_view`` (0.1's price growth was budget pressure). Refreshed today, every
cell of every sheet must hold the value 0.1.0 gave it.

``investeringscase-0.2.0.xlsx`` likewise (``tools/released_template.sh 0.2.0 968fbfa``). Refreshed today,
every cell keeps 0.2.0's figure but two, as CHANGELOG.md says: Usikkerhed!B16:B17 are plain formulas that pass
``'Anbringelser'!$F$18:$F$24/1e+06`` to BREAKEVENFALL and BREAKEVENGROWTH; Excel applies implicit intersection
to that range (rows 16 and 17 meet none of rows 18-24: #VALUE!), as today's engine does, so Excel itself never
showed 0.2.0's 7,47 and −0,02 there — only 0.2.0's headless refresh did. Entered as array formulas (what the
changelog tells the officer to do) they give 0.2.0's figures again.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from trappen import udfs
from trappen.addin.app import refresh
from trappen.udfs import old_forms
from trappen.udfs.investment_case import ROWS

RELEASED = Path(__file__).parent / "data" / "released"
TEMPLATE_0_1 = RELEASED / "investeringscase-0.1.0.xlsx"
TEMPLATE_0_2 = RELEASED / "investeringscase-0.2.0.xlsx"
NET, CUMULATIVE = ROWS.index("net"), ROWS.index("cumulative")


def cell_values(path: Path) -> dict[tuple[str, str], object]:
    book = openpyxl.load_workbook(path, data_only=True)
    return {(sheet.title, cell.coordinate): cell.value for sheet in book.worksheets for row in sheet.iter_rows()
            for cell in row if cell.value is not None}


def formulas(path: Path) -> dict[tuple[str, str], str]:
    book = openpyxl.load_workbook(path)
    return {(sheet.title, cell.coordinate): getattr(cell.value, "text", cell.value) for sheet in book.worksheets
            for row in sheet.iter_rows() for cell in row
            if isinstance(getattr(cell.value, "text", cell.value), str)
            and getattr(cell.value, "text", cell.value).startswith("=")}


def same(old, new) -> bool:
    if isinstance(old, (int, float)) and isinstance(new, (int, float)) and not isinstance(old, bool):
        return math.isclose(old, new, rel_tol=1e-9, abs_tol=1e-9)
    return old == new


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory):
    path = tmp_path_factory.mktemp("upgrade") / TEMPLATE_0_1.name
    shutil.copyfile(TEMPLATE_0_1, path)
    result = refresh.refresh(path)
    return path, result


def test_the_fixture_is_the_0_1_template_with_its_old_forms():
    calls = formulas(TEMPLATE_0_1)
    tornado = calls[("Usikkerhed", "B19")]
    montecarlo = calls[("Usikkerhed", "B27")]
    assert tornado.startswith("=TORNADO(") and "$B$5:$B$9,$C$5:$C$9" in tornado  # five assumptions
    assert montecarlo.startswith("=MONTECARLO(") and montecarlo.endswith(",0,0,'Investeringscase'!$B$15:$F$16,10000,1)")
    assert "Prisvisning" not in " ".join(calls.values())  # price_view did not exist
    values = cell_values(TEMPLATE_0_1)
    assert isinstance(values[("Usikkerhed", "B19")], float) and isinstance(values[("Usikkerhed", "F29")], float)


def test_refreshed_today_every_cell_keeps_the_figure_0_1_0_computed(upgraded):
    path, result = upgraded
    before, after = cell_values(TEMPLATE_0_1), cell_values(path)
    assert set(before) == set(after)
    differing = {key: (before[key], after[key]) for key in before if not same(before[key], after[key])}
    assert differing == {}
    computed = [key for key in formulas(TEMPLATE_0_1) if key[0] == "Usikkerhed"]
    assert len(computed) == 4 and not any(isinstance(after[k], str) and after[k].startswith("#") for k in computed)


def test_the_0_1_forms_are_whole_tables_not_a_first_cell(upgraded):
    """TORNADO 5 × 3 in B19:D23, MONTECARLO 4 × 5 in B27:F30, each cell 0.1.0's."""
    path, _ = upgraded
    before, after = cell_values(TEMPLATE_0_1), cell_values(path)
    for columns, rows in (("BCD", range(19, 24)), ("BCDEF", range(27, 31))):
        for column in columns:
            for row in rows:
                key = ("Usikkerhed", f"{column}{row}")
                assert isinstance(after[key], (int, float)) and same(before[key], after[key]), key


# --- the functions themselves, in 0.1's form ----------------------------------------------------------------

CASE = ([42, 259, 7, 66, 30], [42, 259, 14, 66, 22], [0, 750 / 6480, 1750 / 6480, 3500 / 6480, 1],
        [None, None, 160000, 510000, 950000], [6380651, 6380651, 6180651, 6080651, 6030651])
LOW5, HIGH5 = [0.0, 0.5, 0.0, 0.0, 0.0], [0.02, 1.0, 0.3, 0.2, 0.1]


def test_tornado_in_0_1_form_is_0_1s_table_by_hand():
    """Roskilde "Børn og Unge" (ROS, kr.) at 2023: 18.573.255 kr. as planned; half the change achieved costs
    0,5 × 12.480.000 more, 30 % deadweight 0,3 × 12.480.000, 20 % optimism 0,2 × 31.053.255, a 10 % overrun
    0,1 × 31.053.255; rows in 0.1's order, columns low, high, swing."""
    table = udfs.TORNADO(*CASE, LOW5, HIGH5, 0, 0, 0, 0, 0, 0, 0, 5)
    assert np.shape(table) == (5, 3)
    base, savings, investment = 18_573_255, 12_480_000, 31_053_255
    expected = [[base, None, None],
                [investment - 0.5 * savings, base, 0.5 * savings],
                [base, investment - 0.7 * savings, 0.3 * savings],
                [base, base + 0.2 * investment, 0.2 * investment],
                [base, base + 0.1 * investment, 0.1 * investment]]
    for got, want in zip(table, expected, strict=True):
        for g, w in zip(got, want, strict=True):
            if w is not None:
                assert g == pytest.approx(w, rel=1e-12)
    # the price-growth row against today's budget: 2 % a year costs more (0.1's view of prices)
    assert table[0][1] > base and table[0][2] == pytest.approx(table[0][1] - base)


def test_tornado_in_0_1_form_equals_todays_six_assumptions_with_savings_bias_fixed():
    """The same figures through today's form: six values, savings bias 0 … 0, budget pressure."""
    old = np.asarray(udfs.tornado(*CASE, LOW5, HIGH5, 0.0, 0.2, 0.1, 0.05, 0.1, 0.03, 0.0, 5, True))
    low6, high6 = [*LOW5[:4], 0.0, LOW5[4]], [*HIGH5[:4], 0.0, HIGH5[4]]
    new = np.asarray(udfs.tornado(*CASE, low6, high6, 0.0, 0.2, 0.1, 0.05, 0.1, 0.03, 0.0, 5, True, 0.0, 2))
    by_number = {int(row[0]): row for row in new}
    for k, row in enumerate(old):
        today = by_number[k + 1 if k < 4 else 6]
        np.testing.assert_allclose(row, [today[1], today[2], today[5]], rtol=1e-12)


def test_montecarlo_in_0_1_form_from_excel_reads_0_1s_argument_order():
    """=MONTECARLO(case; low; high; home; preventive; other; n; seed) as 0.1 wrote it: the same as the named
    arguments; the draws are 0.1's (uniform, five columns of one seeded generator)."""
    excel = np.asarray(udfs.MONTECARLO(*CASE, LOW5, HIGH5, 0.2, 0.1, 0, 500, 7))
    named = udfs.montecarlo(*CASE, LOW5, HIGH5, home_share=0.2, preventive_share=0.1, other_costs=0, n=500, seed=7)
    np.testing.assert_array_equal(excel, named)
    assert excel.shape == (4, 5)
    draws = old_forms.draws_0_1(np.array(LOW5), np.array(HIGH5), 500, 7, triangular=False)
    np.testing.assert_array_equal(draws, np.array(LOW5) + (np.array(HIGH5) - np.array(LOW5))
                                  * np.random.default_rng(7).random((500, 5)))
    # every percentile and the share paid back against a plain loop, one INVESTMENTCASE per scenario: the
    # achieved share scales the phase-in, the overrun the investment; prices as in 0.1 (budget pressure)
    phase, investment = np.array(CASE[2]), np.array(CASE[4], dtype=float)
    tables = [udfs.investmentcase(CASE[0], CASE[1], phase * d[1], CASE[3], investment * (1 + d[4]), d[0], 0.2,
                                  0.1, d[2], d[3], price_view=2) for d in draws]
    net = np.array([table[NET] for table in tables])
    paid = np.mean([np.minimum.accumulate(table[CUMULATIVE]) <= 0 for table in tables], axis=0)
    np.testing.assert_allclose(excel[:3], np.percentile(net, [10, 50, 90], axis=0), rtol=1e-9)
    np.testing.assert_allclose(excel[3], paid)


def test_montecarlo_in_0_1_form_with_a_later_argument_says_so():
    with pytest.raises(udfs.TrappenError, match="savings_bias: findes ikke i formen fra Trappen 0.1"):
        udfs.montecarlo(*CASE, LOW5, HIGH5, savings_bias=0.1)
    outcome = udfs.REGISTRY["TORNADO"].call(*CASE, LOW5, HIGH5, 0, 0, 0, 0, 0, 0, 0, 5, False, 0.2)
    assert isinstance(outcome, udfs.Failure) and outcome.message.startswith("savings_bias: findes ikke")


def test_a_0_1_range_is_checked_with_0_1s_limits():
    """0.1 allowed at most 100 % of the plan achieved; today's six-value form allows up to 300 %."""
    outcome = udfs.REGISTRY["TORNADO"].call(*CASE, LOW5, [0.02, 1.5, 0.3, 0.2, 0.1], 0, 0, 0, 0, 0, 0, 0, 5)
    assert isinstance(outcome, udfs.Failure) and outcome.code == "#VALUE!"
    assert outcome.message.startswith("high: række 2 (opnået andel af planen; formen fra Trappen 0.1 med 5 værdier)")


# --- every function's 0.1.0 example, called as 0.1.0's Excel called it ---------------------------------------

EXAMPLES_0_1 = json.loads((RELEASED / "examples-0.1.0.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(EXAMPLES_0_1))
def test_each_0_1_example_gives_0_1s_result_today(name):
    """tests/data/released/examples-0.1.0.json: 0.1.0's own examples and what 0.1.0 computed for them."""
    example = EXAMPLES_0_1[name]
    outcome = udfs.REGISTRY[name].call(*example["args"])
    assert not isinstance(outcome, udfs.Failure), outcome
    assert np.shape(outcome) == np.shape(example["result"])
    np.testing.assert_allclose(np.asarray(outcome, dtype=float), np.asarray(example["result"], dtype=float),
                               rtol=1e-9, atol=1e-9)


def test_every_0_1_function_is_still_there():
    assert set(EXAMPLES_0_1) <= set(udfs.REGISTRY)


# --- the 0.2.0 template --------------------------------------------------------------------------------------

#: The two cells of the 0.2.0 template whose plain formulas pass an expression over a range (implicit intersection).
INTERSECTED = {("Usikkerhed", "B16"): "BREAKEVENFALL", ("Usikkerhed", "B17"): "BREAKEVENGROWTH"}


@pytest.fixture(scope="module")
def upgraded_0_2(tmp_path_factory):
    path = tmp_path_factory.mktemp("upgrade-0.2") / TEMPLATE_0_2.name
    shutil.copyfile(TEMPLATE_0_2, path)
    return path, refresh.refresh(path)


def as_array_formulas(source: Path, target: Path, sheet_part: str, cells: list[str]) -> None:
    """A copy of a workbook with the plain formulas in ``cells`` entered as array formulas (Ctrl+Shift+Enter)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == sheet_part:
                text = data.decode("utf-8")
                for cell in cells:
                    text, found = re.subn(rf'(<c r="{cell}"[^>]*>)<f>', rf'\1<f t="array" ref="{cell}">', text)
                    assert found == 1, cell
                data = text.encode("utf-8")
            new.writestr(item, data)


def test_the_fixture_is_the_0_2_template_with_its_plain_formulas_and_its_price_view():
    calls, values = formulas(TEMPLATE_0_2), cell_values(TEMPLATE_0_2)
    for key, name in INTERSECTED.items():
        assert calls[key].startswith(f"={name}(") and "'Anbringelser'!$F$18:$F$24/1e+06" in calls[key]
    assert values[("Usikkerhed", "B16")] == pytest.approx(7.465089, abs=1e-6)
    assert values[("Usikkerhed", "B17")] == pytest.approx(-0.019004, abs=1e-6)
    # every case function in the template names its price view, so 0.3.0's new default does not touch it
    case_calls = [text for text in calls.values()
                  if re.match(r"=(INVESTMENTCASE|BREAKEVENFALL|BREAKEVENGROWTH|TORNADO|MONTECARLO)\(", text)]
    assert len(case_calls) == 5 and all("Prisvisning" in text for text in case_calls)
    assert "TORNADO(" in calls[("Usikkerhed", "D22")] and "$B$5:$B$10" in calls[("Usikkerhed", "D22")]  # six


def test_refreshed_today_every_cell_keeps_0_2_0s_figure_but_the_two_excel_never_showed(upgraded_0_2):
    path, result = upgraded_0_2
    before, after = cell_values(TEMPLATE_0_2), cell_values(path)
    assert set(before) == set(after) and len(before) > 1200
    differing = {key for key in before if not same(before[key], after[key])}
    assert differing == set(INTERSECTED)
    assert all(after[key] == "#VALUE!" for key in INTERSECTED)
    messages = {(error.sheet, error.cell): error.message for error in result.errors}
    assert set(messages) == set(INTERSECTED)
    assert all(message.startswith("unit_prices: en celle indeholder fejlen #VALUE!") for message in messages.values())


def test_the_two_cells_entered_as_array_formulas_give_0_2_0s_figures(tmp_path):
    """What CHANGELOG.md tells the officer to do with Usikkerhed!B16:B17 of a 0.2.0 workbook."""
    path = tmp_path / "rettet.xlsx"
    as_array_formulas(TEMPLATE_0_2, path, "xl/worksheets/sheet9.xml", ["B16", "B17"])
    result = refresh.refresh(path)
    assert result.errors == []
    before, after = cell_values(TEMPLATE_0_2), cell_values(path)
    differing = {key: (before[key], after[key]) for key in before if not same(before[key], after[key])}
    assert differing == {}


EXAMPLES_0_2 = json.loads((RELEASED / "examples-0.2.0.json").read_text(encoding="utf-8"))


def _price_view_left_out(name: str, args: list) -> bool:
    names = [a.name for a in udfs.REGISTRY[name].arguments]
    return "price_view" in names and len(args) <= names.index("price_view")


def _with_price_view(name: str, args: list, view: int) -> list:
    """``args`` with ``price_view`` given: the arguments before it left out (None, an empty argument)."""
    names = [a.name for a in udfs.REGISTRY[name].arguments]
    return [*args, *[None] * (names.index("price_view") - len(args)), view]


@pytest.mark.parametrize("name", sorted(EXAMPLES_0_2))
def test_each_0_2_example_gives_0_2s_result_today_with_its_price_view_named(name):
    """examples-0.2.0.json: 0.2.0's examples and its results. In 0.2.0 a left-out ``price_view`` was 1 (the same
    prices); since 0.3.0 it is 2 (0.1's budget pressure): a 0.2.0 formula that leaves it out gets 0.2.0's figures
    with 1 written as ``price_view``, as CHANGELOG.md says."""
    example = EXAMPLES_0_2[name]
    args = example["args"]
    if _price_view_left_out(name, args):
        args = _with_price_view(name, args, 1)
    outcome = udfs.REGISTRY[name].call(*args)
    assert not isinstance(outcome, udfs.Failure), outcome
    assert np.shape(outcome) == np.shape(example["result"])
    np.testing.assert_allclose(np.asarray(outcome, dtype=float), np.asarray(example["result"], dtype=float),
                               rtol=1e-9, atol=1e-9)


def test_a_0_2_formula_that_leaves_out_price_view_computes_otherwise_today():
    """The break the changelog names: TORNADO's 0.2.0 example (six assumptions, price growth varied, price_view
    left out) sorts the price growth first today (the largest swing); under 0.2.0's same prices it came last."""
    example = EXAMPLES_0_2["TORNADO"]
    assert _price_view_left_out("TORNADO", example["args"])
    today = np.asarray(udfs.REGISTRY["TORNADO"].call(*example["args"]))
    old = np.asarray(example["result"])
    assert today.shape == old.shape == (6, 6)
    assert today[0, 0] == 1 and old[-1, 0] == 1
    assert not np.allclose(today, old)


def test_every_0_2_function_is_still_there():
    assert set(EXAMPLES_0_2) <= set(udfs.REGISTRY)


@pytest.mark.parametrize("example", ["BALLERUP", "ROSKILDE"])
def test_todays_template_names_its_price_view_in_every_case_function(tmp_path, example):
    """So 0.3.0's new default for a left-out price_view changes no template figure (CHANGELOG.md says so)."""
    from trappen.templates import build
    from trappen.templates import example as examples

    path = build.build(tmp_path / "skabelon.xlsx", getattr(examples, example))
    calls = [text for text in formulas(path).values()
             if re.search(r"(INVESTMENTCASE|BREAKEVENFALL|BREAKEVENGROWTH|TORNADO|MONTECARLO)\(", text)]
    assert len(calls) >= 5
    for text in calls:
        found = re.findall(r"(?:INVESTMENTCASE|BREAKEVENFALL|BREAKEVENGROWTH|TORNADO|MONTECARLO)\([^()]*"
                           r"(?:\([^()]*\)[^()]*)*\)", text)
        assert found, text
        for call in found:
            name = call.split("(", 1)[0]
            position = [a.name for a in udfs.REGISTRY[name].arguments].index("price_view")
            given = re.split(r",(?![^()]*\))", call[len(name) + 1:-1])
            assert len(given) > position and given[position].strip(), call  # given, never left out


def test_the_changelogs_example_of_price_view_written_in_gives_0_2_0s_figure(tmp_path):
    """CHANGELOG.md's formula for a 0.2.0 formula that left out price_view, computed by the refresh on Roskilde's
    case: as typed for 0.2.0 it is today's budget-pressure value; with 1 written in (and the arguments before it
    at their defaults) it is the same-prices switching value 0.2.0 gave."""
    import xlsxwriter

    changelog = (Path(__file__).resolve().parents[1] / "CHANGELOG.md").read_text(encoding="utf-8")
    old, new = re.findall(r"`(=BREAKEVENGROWTH\([^`]*\))`", changelog)
    assert new.startswith(old[:-1] + ";") and new.endswith(";1)")

    def english(formula: str) -> str:
        return formula.replace(",", ".").replace(";", ",")

    base, target, phase, prices, investment = CASE
    path = tmp_path / "egen.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Ark1")
    sheet.write_row("B3", investment)
    for k in range(5):
        sheet.write(f"B{5 + k}", base[k])
        sheet.write(f"G{5 + k}", target[k])
        if prices[k] is not None:
            sheet.write(f"I{5 + k}", prices[k])
    sheet.write_row("B12", phase)
    sheet.write_formula("A1", english(old))
    sheet.write_formula("A2", english(new))
    book.close()
    refresh.refresh(path)
    values = cell_values(path)
    assert values[("Ark1", "A1")] == pytest.approx(udfs.breakevengrowth(*CASE, 5), rel=1e-12)
    assert values[("Ark1", "A2")] == pytest.approx(udfs.breakevengrowth(*CASE, 5, price_view=1), rel=1e-12)
    assert abs(values[("Ark1", "A1")] - values[("Ark1", "A2")]) > 0.1  # −0,04 against 0,45: the break it names
