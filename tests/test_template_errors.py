"""In the template an error stays an error: no formula turns an error or text from our functions into a number.

Excel's SUM, AVERAGE, MIN, MAX, COUNT, PRODUCT and SUMPRODUCT skip text (and SUMPRODUCT counts it as 0):
where a host can only show a failure as text (classic xlwings before Trappen returned real error values,
and any host that falls back to text), ``=SUM(B57:B58)`` over our outputs shows 0,0 with plausible totals
below. Every formula that reads our functions' results, directly or through other cells, therefore adds
with ``+`` or passes them to our own functions, which refuse text and errors.

Two tests: a scan of every formula of the template (both examples) and a refresh with bad inputs whose
every downstream cell must show an error.
"""

from __future__ import annotations

import openpyxl
import pytest
from formulas.tokens.operand import XlError

from trappen import udfs
from trappen.addin.app import refresh
from trappen.addin.engine import formula_text as refs
from trappen.addin.engine import intersection
from trappen.addin.engine.contents import read_contents
from trappen.addin.workbook.cells import column_letters
from trappen.templates.build import build
from trappen.templates.example import EXAMPLES

#: Excel functions that skip text (or count it as 0) in a range: they would turn a failure shown as text
#: into a number.
SKIPPING = frozenset({"SUM", "AVERAGE", "MIN", "MAX", "COUNT", "PRODUCT", "SUMPRODUCT", "SUMIF", "SUMIFS",
                      "AVERAGEIF", "AVERAGEIFS", "AGGREGATE", "SUBTOTAL", "MEDIAN", "LARGE", "SMALL", "N"})


def _part_areas(contents, part, sheet, names):
    """The areas ``(sheet, r1, c1, r2, c2)`` a reference or a defined name stands for."""
    if isinstance(part, refs.Ref):
        target = sheet if part.sheet is None else _sheet_index(contents, part.sheet)
        return [(target, part.r1, part.c1, part.r2, part.c2)]
    if isinstance(part, refs.Name):
        return list(names.get(part.name.upper(), ()))
    return []


def _areas(contents, pieces, sheet, names):
    """The areas a formula reads, defined names resolved."""
    return [area for part in pieces.parts for area in _part_areas(contents, part, sheet, names)]


def _skipped_areas(contents, pieces, sheet, names):
    """The areas a formula reads inside the arguments of a function that skips text."""
    out = []
    for index, context in intersection.contexts(pieces).items():
        if SKIPPING & set(context.calls):
            out += _part_areas(contents, pieces.parts[index], sheet, names)
    return out


def _sheet_index(contents, name):
    return next(i for i, s in enumerate(contents.sheets) if s.name.upper() == name.upper())


def _overlaps(area, cells):
    sheet, r1, c1, r2, c2 = area
    return any(s == sheet and r1 <= r <= r2 and c1 <= c <= c2 for s, r, c in cells)


def tainted_formulas(path):
    """Each formula cell and whether it holds or depends on a result of our functions; the formulas' pieces."""
    contents = read_contents(path)
    names = {}
    for defined in contents.names:
        pieces = refs.read(defined.text)
        names[defined.name.upper()] = [(_sheet_index(contents, r.sheet), r.r1, r.c1, r.r2, r.c2)
                                       for r in pieces.refs if r.sheet]
    formulas = {}
    for i, sheet in enumerate(contents.sheets):
        for (row, column), formula in sheet.formulas.items():
            pieces = refs.read(formula.text)
            area = formula.array or (row, column, row, column)
            formulas[(i, row, column)] = (sheet.name, formula, pieces, area, _areas(contents, pieces, i, names),
                                          _skipped_areas(contents, pieces, i, names))
    ours = set(udfs.REGISTRY)
    tainted: set[tuple[int, int, int]] = set()
    for key, (_, _, pieces, area, _, _) in formulas.items():
        if pieces.calls & ours:
            tainted |= {(key[0], r, c) for r in range(area[0], area[2] + 1) for c in range(area[1], area[3] + 1)}
    changed = True
    while changed:
        changed = False
        for key, (_, _, _, area, reads, _) in formulas.items():
            if key in tainted:
                continue
            if any(_overlaps(a, tainted) for a in reads):
                tainted |= {(key[0], r, c) for r in range(area[0], area[2] + 1) for c in range(area[1], area[3] + 1)}
                changed = True
    return formulas, tainted


@pytest.mark.parametrize("example", list(EXAMPLES))
def test_no_formula_adds_our_results_with_a_function_that_skips_text(tmp_path, example):
    path = build(tmp_path / "t.xlsx", EXAMPLES[example])
    formulas, tainted = tainted_formulas(path)
    assert len(tainted) > 100  # the scan sees the case: our functions' results and what depends on them
    offending = []
    for key, (sheet, formula, _, _, _, skipped) in formulas.items():
        if any(_overlaps(a, tainted) for a in skipped):
            offending.append(f"{sheet}!{column_letters(key[2])}{key[1]}: {formula.text}")
    assert not offending, "\n".join(offending)


def _set_input(path, sheet, cell, value):
    book = openpyxl.load_workbook(path)
    book[sheet][cell] = value
    book.save(path)


@pytest.mark.parametrize("value", [2, "0,2"])
def test_a_bad_share_leaves_every_cell_that_depends_on_it_an_error(tmp_path, value):
    """Andel_hjemmebaseret = 2 (or the text '0,2'): SPILLOVER fails, and so must every cell computed from it."""
    path = build(tmp_path / "t.xlsx")
    defined = openpyxl.load_workbook(path).defined_names["Andel_hjemmebaseret"]
    sheet, cell = next(iter(defined.destinations))
    _set_input(path, sheet, cell.replace("$", ""), value)
    formulas, tainted = tainted_formulas(path)
    result = refresh.refresh(path, keep_backup=False)
    contents = read_contents(path)
    # every formula cell that reads the share, directly or through others
    index = _sheet_index(contents, sheet)
    row, column = _cell(cell)
    depends = {(index, row, column)}
    changed = True
    while changed:
        changed = False
        for key, (_, _, _, area, reads, _) in formulas.items():
            cells = {(key[0], r, c) for r in range(area[0], area[2] + 1) for c in range(area[1], area[3] + 1)}
            if not cells <= depends and any(_overlaps(a, depends) for a in reads):
                depends |= cells
                changed = True
    depends.discard((index, row, column))
    depends &= tainted  # what our functions compute from the share (the summary's echo of the share is the share)
    assert len(depends) > 50
    numbers = []
    for sheet_index, r, c in sorted(depends):
        name = contents.sheets[sheet_index].name
        shown = result.value(name, f"{column_letters(c)}{r}")
        if isinstance(shown, (int, float)) and not isinstance(shown, bool):
            numbers.append(f"{name}!{column_letters(c)}{r} = {shown}")
    assert not numbers, "\n".join(numbers)
    # the investment case's prevention need in particular (formerly SUM over SPILLOVER's spill: 0,0)
    for column_letter in "BCDEF":
        assert isinstance(result.value("Investeringscase", f"{column_letter}7"), XlError)


def _cell(address):
    from trappen.addin.workbook.cells import position

    row, column = position(address.replace("$", ""))
    return row, column
