"""Call once per range: the template makes one call where a range is computed, never many identical ones."""

from __future__ import annotations

import collections

import numpy as np
import pytest

from trappen import udfs
from trappen.addin.app import refresh
from trappen.addin.engine import formula_text as refs
from trappen.addin.engine.contents import read_contents
from trappen.addin.workbook.cells import column_letters
from trappen.templates.build import build, layout
from trappen.templates.example import BALLERUP, EXAMPLES


@pytest.mark.parametrize("example", list(EXAMPLES))
def test_no_two_cells_make_the_same_call(tmp_path, example):
    """Identical formulas calling our functions in several cells (five =ADVISERCOST(...) before) compute one
    thing several times: one cell computes it, the others refer to it."""
    contents = read_contents(build(tmp_path / "t.xlsx", EXAMPLES[example]))
    seen = collections.defaultdict(list)
    for sheet in contents.sheets:
        for (row, column), formula in sheet.formulas.items():
            if refs.read(formula.text).calls & set(udfs.REGISTRY) and formula.shared_from is None:
                seen[(sheet.name, formula.text)].append(f"{column_letters(column)}{row}")
    repeated = {key: cells for key, cells in seen.items() if len(cells) > 1}
    assert not repeated, repeated


def test_the_deflated_price_table_is_one_priceindex_over_the_table(tmp_path):
    path = build(tmp_path / "t.xlsx")
    contents = read_contents(path)
    sheet = next(s for s in contents.sheets if s.name == "Anbringelser")
    calls = [(cell, f) for cell, f in sheet.formulas.items() if "PRICEINDEX" in refs.read(f.text).calls]
    assert len(calls) == 1 and calls[0][1].array is not None  # one dynamic-array formula (was 18 cells)
    result = refresh.refresh(path, keep_backup=False)
    where = layout()["prices_real"].split("!")[1].replace("$", "")
    first, last = where.split(":")
    rows = range(int(first[1:]), int(last[1:]) + 1)
    columns = [chr(c) for c in range(ord(first[0]), ord(last[0]) + 1)]
    table = [[result.value("Anbringelser", f"{c}{r}") for c in columns] for r in rows]
    # the same numbers as one PRICEINDEX per cell; "-" where the document prints no price
    for i, prices in enumerate(BALLERUP.unit_prices):
        for j, price in enumerate(prices):
            if price is None:
                assert table[i][j] == "-"
            else:
                years, index = zip(*BALLERUP.price_index, strict=True)
                expected = udfs.priceindex(price, BALLERUP.price_years[j], BALLERUP.price_year, years, index)
                assert np.isclose(table[i][j], expected, rtol=1e-12), (i, j)
