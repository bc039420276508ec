"""The saved values are the yardstick: 141 real workbooks nobody on this project wrote (tests/data/workbooks).

Each is refreshed in full verification mode (every formula computed and compared with the value the
saving program cached). The refresh either reproduces every saved value — checked here independently,
by reading the refreshed file's cached values back and comparing them with the original's — or refuses
the workbook with the list of cells it cannot reproduce (or the reason it cannot compute them), leaving
the file byte for byte as it was. Never a different value, never a traceback. For each reproduced workbook
the default refresh (only what must be computed) and the cell-by-cell computation give the full fast
computation's values too.

Each workbook's outcome is pinned in ``tests/data/workbooks/expected.json`` (reproduced; or refused, why,
and which cells or which message), recorded once from this module (``python -m tests.test_real_workbooks``)
and reviewed: the test of a workbook fails by its name when its outcome changes in any way.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

from trappen.addin.app import refresh
from trappen.addin.engine import calculation, trust
from trappen.addin.engine.contents import formula_values, read_contents

FOLDER = Path(__file__).parent / "data" / "workbooks"
MANIFEST = json.loads((FOLDER / "manifest.json").read_text(encoding="utf-8"))
EXPECTED_FILE = FOLDER / "expected.json"
EXPECTED = json.loads(EXPECTED_FILE.read_text(encoding="utf-8"))


def saved_formula_values(path: Path) -> dict[tuple[str, int, int], object]:
    return formula_values(read_contents(path))


def refresh_and_check(source: Path, folder: Path) -> dict:
    """Refresh a copy of ``source`` in verification mode, check the outcome, return it as recorded."""
    path = Path(shutil.copy(source, folder / source.name))
    before = path.read_bytes()
    saved = saved_formula_values(path)
    try:
        result = refresh.refresh(path, keep_backup=False, verify=True)
    except calculation.NotReproduced as refusal:
        assert path.read_bytes() == before
        assert refusal.differences and all(d.sheet and d.cell for d in refusal.differences)
        assert all(not trust.same(d.computed, d.saved) for d in refusal.differences)
        assert f"{refusal.differences[0].sheet}!{refusal.differences[0].cell}" in str(refusal)
        return {"outcome": "refused", "reason": "values differ",
                "cells": sorted(f"{d.sheet}!{d.cell}" for d in refusal.differences)}
    except calculation.CannotCompute as refusal:
        assert path.read_bytes() == before
        assert refusal.problems and all(cells for cells in refusal.problems.values())
        return {"outcome": "refused", "reason": "cannot compute",
                "problems": {problem: sorted(cells) for problem, cells in sorted(refusal.problems.items())}}
    except refresh.WorkbookError as refusal:  # the gate: a damaged or hostile package, refused before reading
        assert path.read_bytes() == before and "\n" not in str(refusal)
        assert str(refusal).startswith(path.name)
        return {"outcome": "refused", "reason": "gate", "message": str(refusal).replace(path.name, "NAME", 1)}
    refreshed = saved_formula_values(path)
    different = [(key, value, refreshed.get(key)) for key, value in saved.items()
                 if not trust.same(refreshed.get(key), value)]
    assert different == []
    assert result.differences == []
    assert_partial_is_full(source)
    return {"outcome": "reproduced"}


def assert_partial_is_full(source: Path) -> None:
    """The default refresh (only what must be computed) gives every formula cell the full computation's value,
    and the fast way (runs, direct calls) gives what formulas' dispatcher gives cell by cell."""
    contents = read_contents(source)
    partial, full = calculation.calculate(contents), calculation.calculate(contents, everything=True)
    slow = calculation.calculate(contents, everything=True, fast=False)
    for sheet, cells in full.values.items():
        for cell, value in cells.items():
            assert trust.same(partial.values[sheet][cell], value), (source.name, sheet, cell)
            assert trust.same(slow.values[sheet][cell], value), (source.name, sheet, cell)


def test_every_workbook_has_its_recorded_outcome_and_the_record_is_as_described():
    """expected.json names exactly the manifest's workbooks; its totals are the ones the README states."""
    assert sorted(EXPECTED) == sorted(MANIFEST) and len(MANIFEST) == 141
    kinds = [(e["outcome"], e.get("reason")) for e in EXPECTED.values()]
    assert kinds.count(("reproduced", None)) == 130
    assert kinds.count(("refused", "values differ")) == 5
    assert kinds.count(("refused", "cannot compute")) == 4
    assert kinds.count(("refused", "gate")) == 2


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_refresh_gives_the_recorded_outcome(name, tmp_path):
    assert refresh_and_check(FOLDER / name, tmp_path) == EXPECTED[name]


def record() -> None:
    """Write expected.json from the code as it is (then review the diff before committing it)."""
    outcomes = {}
    for name in sorted(MANIFEST):
        with tempfile.TemporaryDirectory() as folder:
            outcomes[name] = refresh_and_check(FOLDER / name, Path(folder))
    EXPECTED_FILE.write_text(json.dumps(outcomes, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                             encoding="utf-8")


if __name__ == "__main__":
    record()
    print(f"wrote {EXPECTED_FILE}", file=sys.stderr)
