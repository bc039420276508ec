"""The template re-saved by LibreOffice refreshes to the same figures as the original.

LibreOffice knows none of our functions: it saves ``#NAME?`` in their cells (and keeps xlsxwriter's
zeros in the cells it did not recalculate), writes the function names in lower case and drops
xlsxwriter's calculation flags. The file is made here with ``soffice --headless --convert-to xlsx``
(LibreOffice is installed in CI by .ci/run).
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from formulas.tokens.operand import XlError

from trappen.addin.app import refresh
from trappen.addin.engine.contents import read_contents
from trappen.templates.build import build, layout


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:  # .ci/run installs LibreOffice, so CI never skips this
        pytest.skip("LibreOffice is not installed")
    folder = tmp_path_factory.mktemp("lo")
    original = build(folder / "investeringscase.xlsx")
    out = folder / "lo"
    subprocess.run([office, "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to", "xlsx",
                    "--outdir", str(out), str(original)], check=True, capture_output=True, timeout=300)
    resaved = out / "investeringscase.xlsx"
    names = sum(isinstance(v, XlError) and str(v) == "#NAME?" for s in read_contents(resaved).sheets
                for v in s.values.values())
    return refresh.refresh(original, keep_backup=False), refresh.refresh(resaved, keep_backup=False), names


def test_libreoffice_saved_name_errors_in_our_cells(both):
    _, resaved, names = both
    assert names > 50  # the cells of our functions, as LibreOffice saved them
    assert not resaved.trusted and "LibreOffice" in resaved.trust_reason
    # LibreOffice's saved values may have been computed: the refresh counts those it replaced (and says so)
    assert resaved.replaced >= names


def test_resaved_template_refreshes_to_the_same_figures(both):
    original, resaved, _ = both
    assert resaved.errors == [] and original.errors == []
    compared = 0
    for sheet, cells in original.values.items():
        for cell, value in cells.items():
            other = resaved.values[sheet].get(cell)
            if isinstance(value, float):
                assert other == pytest.approx(value, rel=1e-9, abs=1e-9), f"{sheet}!{cell}"
                compared += 1
            elif isinstance(value, (bool, XlError)):
                assert str(other) == str(value), f"{sheet}!{cell}"
    assert compared > 500
    sheet, _, cells = layout()["net"].rpartition("!")
    first, last = cells.replace("$", "").split(":")
    net = resaved.row(sheet.strip("'"), first, last)
    assert len(net) == 5 and net == pytest.approx(original.row(sheet.strip("'"), first, last), rel=1e-12)
