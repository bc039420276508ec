"""Copied calls computed as one call, and partial computation: the same values as cell by cell, in full.

The yardstick is ``calculate(..., fast=False)``: every formula cell on its own through formulas' parser
and dispatcher. The fast way (runs of copied calls as one call over the block, our single calls made
directly) must give identical values — not close: equal — on the template and on generated workbooks
that copy each column-wise function along a row and each element-wise one down a column.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import xlsxwriter
from formulas.tokens.operand import XlError

from trappen.addin.app import refresh
from trappen.addin.engine import calculation
from trappen.addin.engine.contents import read_contents
from trappen.templates.build import build

YEARS = "CDEFGHIJ"  # eight years


def computed(path: Path, **options) -> calculation.Calculated:
    return calculation.calculate(read_contents(path), **options)


def assert_identical(fast: calculation.Calculated, slow: calculation.Calculated) -> int:
    compared = 0
    for sheet, cells in slow.values.items():
        for cell, expected in cells.items():
            got = fast.values[sheet][cell]
            if isinstance(expected, float) and expected != expected:
                assert got != got, f"{sheet}!{cell}"
            elif isinstance(expected, XlError):
                assert str(got) == str(expected), f"{sheet}!{cell}"
            else:
                assert got == expected and type(got) is type(expected), f"{sheet}!{cell}: {got!r} != {expected!r}"
            compared += 1
    return compared


def copied_calls(path: Path) -> Path:
    """Each function of the runs copied cell by cell: along rows (years), down a column (municipalities)."""
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Kopier")
    sheet.write_column("B2", [957106, 62472, 354552, 885961, 351639, 303447])  # BAL-N unit prices 2017
    sheet.write("B9", 0.02)
    for t in range(6):
        sheet.write_row(f"C{2 + t}", [((t * 7 + j * 3) % 11) * 1.5 + 0.25 for j in range(len(YEARS))])
    sheet.write_row("C9", list(range(1, len(YEARS) + 1)))
    sheet.write_row("C10", [5.5, 5.5, 5.5, 5.5, 5.5, 5.5, 5.5, 5.5])
    sheet.write_row("C11", [3.0, 11.2, 15.0, 15.0, 15.0, 15.0, 14.1, 13.3])
    sheet.write_row("A30", [11.1, 12.3, 9.9, 14.2])  # baseline years
    for col in YEARS:
        sheet.write_formula(f"{col}12", f"=PLACEMENTCOST({col}2:{col}7,$B$2:$B$7,$B$9,{col}9)")
        sheet.write_formula(f"{col}13", f"=NETSAVING({col}10,{col}11,{col}12)")
        sheet.write_formula(f"{col}14", f"=EXTRASPEND({col}11,$A$30:$D$30)")
        sheet.write_formula(f"{col}15", f"=OVERSPEND({col}10,{col}11)")
        sheet.write_formula(f"{col}16", f"=EXTRASPEND({col}11,{col}10:{col}11)")  # baseline moves: not column-wise
    for r in range(20, 28):
        sheet.write_row(f"A{r}", [700 + 13 * r, 30 + (r % 4), 20 + r % 3])
        sheet.write_formula(f"D{r}", f"=CASELOAD(A{r},B{r})")
        sheet.write_formula(f"E{r}", f"=ADVISERSNEEDED(A{r},C{r},B{r})")
        sheet.write_formula(f"F{r}", f"=UNITPRICE(A{r},B{r})")
        sheet.write_formula(f"G{r}", f"=PERMILLE(B{r},A{r})")
        sheet.write_formula(f"H{r}", f"=ADVISERCOST(B{r},$B$2)")
    sheet.write("B24", 0)  # one caseload divides by 0: that cell alone shows #DIV/0!
    book.close()
    return path


def test_runs_of_copied_calls_give_the_cell_by_cell_values(tmp_path):
    path = copied_calls(tmp_path / "kopier.xlsx")
    fast, slow = computed(path), computed(path, fast=False)
    assert assert_identical(fast, slow) == 80
    assert fast.stats["runs"] == 7 and fast.stats["run_cells"] == 56  # four along rows, three down columns
    assert fast.stats["run_fallbacks"] == 3  # the moving baseline, and the two runs that divide by a 0
    assert slow.stats["runs"] == 0 and slow.stats["direct_calls"] == 0
    assert str(fast.values["KOPIER"]["D24"]) == "#DIV/0!" and isinstance(fast.values["KOPIER"]["D23"], float)


def test_a_bad_cell_in_a_run_keeps_its_own_message(tmp_path):
    path = copied_calls(tmp_path / "kopier.xlsx")
    result = refresh.refresh(path, keep_backup=False)
    errors = {e.cell: e for e in result.errors}
    assert set(errors) == {"D24", "F24"}
    assert "advisers" in errors["D24"].message and "er 0" in errors["D24"].message


def test_the_template_computes_the_same_fast_and_cell_by_cell(tmp_path):
    path = build(tmp_path / "investeringscase.xlsx")
    assert assert_identical(computed(path), computed(path, fast=False)) > 250


def test_partial_computation_gives_the_full_computations_values(tmp_path):
    """A refreshed template counts as saved by Excel: then only our functions' cells and their dependents
    are computed, the rest enter as constants — and every value is what a full computation gives."""
    path = build(tmp_path / "investeringscase.xlsx")
    refresh.refresh(path, keep_backup=False)  # now its saved values are computed ones
    copy = Path(shutil.copy(path, tmp_path / "kopi.xlsx"))
    partial, full = computed(copy), computed(copy, everything=True)
    assert partial.trust.trusted and partial.computed < full.computed == full.formulas
    assert assert_identical(partial, full) > 250
    generated = copied_calls(tmp_path / "kopier.xlsx")
    refresh.refresh(generated, keep_backup=False)
    partial, full = computed(generated), computed(generated, everything=True, fast=False)
    assert assert_identical(partial, full) == 80


@pytest.mark.parametrize("direction", ["row", "column"])
def test_runs_need_the_moving_reference_to_be_one_cell_wide(tmp_path, direction):
    from trappen.addin.engine import formula_text as references
    from trappen.addin.engine import runs as blocks

    call = blocks.single_call(references.read("=CASELOAD(A1:B1,$C$1)"))
    assert call is not None and blocks.eligible(call, "column")  # one row high: fine down a column
    assert blocks.eligible(call, "row") is False  # two columns wide: no run along a row
    assert blocks.single_call(references.read("=CASELOAD(A1,2)")) is None  # a constant argument
    assert blocks.single_call(references.read("=CASELOAD(A1,B1)+1")) is None
    assert blocks.eligible(blocks.single_call(references.read("=PAYBACKYEAR(A1:A3,B1:B3)")), direction) is False


@pytest.mark.parametrize("types", [3, 64, 65, 1000])
def test_placementcost_gives_each_column_the_same_total_alone_or_in_a_block(types):
    """A copied PLACEMENTCOST (one column each) and one call over the block must agree bit for bit, however
    many types: few are summed type by type, many per column over contiguous memory."""
    from trappen import udfs

    rng = np.random.default_rng(types)
    prices = rng.uniform(10_000, 1_000_000, types)
    block = rng.integers(0, 60, (types, 40)) * rng.uniform(0.5, 1.5, (types, 40))
    together = udfs.placementcost(block, prices)
    alone = [udfs.placementcost(block[:, [j]], prices) for j in range(40)]
    assert together.tolist() == alone
    assert np.allclose(together, prices @ block, rtol=1e-12)
    if types <= 64:  # summed type by type, in their order
        by_type = np.zeros(block.shape[1])
        for price, row in zip(prices, block, strict=True):
            by_type += price * row
        assert together.tolist() == by_type.tolist()
