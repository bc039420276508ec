"""The saved values are the yardstick: 141 real workbooks nobody on this project wrote (tests/data/workbooks).

Each is refreshed in full verification mode (every formula computed and compared with the value the
saving program cached). The refresh either reproduces every saved value — checked here independently,
by reading the refreshed file's cached values back and comparing them with the original's — or refuses
the workbook with the list of cells it cannot reproduce (or the reason it cannot compute them), leaving
the file byte for byte as it was. Never a different value, never a traceback. For each reproduced workbook
the default refresh (only what must be computed) and the cell-by-cell computation give the full fast
computation's values too.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from trappen.addin.app import refresh
from trappen.addin.engine import calculation
from trappen.addin.engine import trust as yardstick
from trappen.addin.engine.contents import formula_values, read_contents

FOLDER = Path(__file__).parent / "data" / "workbooks"
MANIFEST = json.loads((FOLDER / "manifest.json").read_text(encoding="utf-8"))


def saved_formula_values(path: Path) -> dict[tuple[str, int, int], object]:
    return formula_values(read_contents(path))


def refresh_and_check(source: Path, folder: Path) -> str:
    """Refresh a copy of ``source`` in verification mode, check the outcome, return it as a label."""
    path = Path(shutil.copy(source, folder / source.name))
    before = path.read_bytes()
    saved = saved_formula_values(path)
    try:
        result = refresh.refresh(path, keep_backup=False, verify=True)
    except calculation.NotReproduced as refusal:
        assert path.read_bytes() == before
        assert refusal.differences and all(d.sheet and d.cell for d in refusal.differences)
        assert all(not yardstick.same(d.computed, d.saved) for d in refusal.differences)
        assert f"{refusal.differences[0].sheet}!{refusal.differences[0].cell}" in str(refusal)
        return "refused: values differ"
    except calculation.CannotCompute as refusal:
        assert path.read_bytes() == before
        assert refusal.problems and all(cells for cells in refusal.problems.values())
        return "refused: " + ", ".join(sorted({p.partition(":")[0] for p in refusal.problems}))
    except refresh.WorkbookError as refusal:  # the gate: a damaged or hostile package, refused before reading
        assert path.read_bytes() == before and "\n" not in str(refusal)
        assert str(refusal).startswith(path.name)
        assert "beskadiget" in str(refusal) or "peger uden for projektmappen" in str(refusal)
        return "refused: damaged or hostile package"
    refreshed = saved_formula_values(path)
    different = [(key, value, refreshed.get(key)) for key, value in saved.items()
                 if not yardstick.same(refreshed.get(key), value)]
    assert different == []
    assert result.differences == []
    assert_partial_is_full(source)
    return "reproduced"


def assert_partial_is_full(source: Path) -> None:
    """The default refresh (only what must be computed) gives every formula cell the full computation's value,
    and the fast way (runs, direct calls) gives what formulas' dispatcher gives cell by cell."""
    contents = read_contents(source)
    partial, full = calculation.calculate(contents), calculation.calculate(contents, everything=True)
    slow = calculation.calculate(contents, everything=True, fast=False)
    for sheet, cells in full.values.items():
        for cell, value in cells.items():
            assert yardstick.same(partial.values[sheet][cell], value), (source.name, sheet, cell)
            assert yardstick.same(slow.values[sheet][cell], value), (source.name, sheet, cell)


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_refresh_reproduces_the_saved_values_or_refuses_with_the_list(name, tmp_path):
    refresh_and_check(FOLDER / name, tmp_path)


def test_outcomes_over_the_real_workbooks(tmp_path):
    """The outcome table over all 141 files (printed with -s): most are reproduced outright."""
    outcomes = Counter()
    for i, name in enumerate(sorted(MANIFEST)):
        folder = tmp_path / str(i)
        folder.mkdir()
        outcomes[refresh_and_check(FOLDER / name, folder)] += 1
    print(dict(outcomes))
    assert sum(outcomes.values()) == len(MANIFEST) == 141
    assert outcomes["reproduced"] >= 125, outcomes
