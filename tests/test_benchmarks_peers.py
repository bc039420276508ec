"""The peer benchmark's own logic (benchmarks/peers.py, benchmarks/engines.py), without the peers.

The comparison rules every engine is judged by, the reader of the values Excel saved, the copy whose cached
formula values are overwritten (the check of which cells an engine really computed), how a cell and a file
are classified from the two runs, and the twin of the growth workbook the peers compute. None of it imports
pycel or xlcalculator (the ``bench`` extra); formulas and the engine are the app's.
"""

from __future__ import annotations

import importlib
import sys
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pytest
import schedula as sh
import xlsxwriter
from formulas.tokens.operand import XlError
from lxml import etree

from tests.conftest import ROOT
from trappen.addin.engine import calculation
from trappen.addin.engine.contents import read_contents

sys.path.insert(0, str(ROOT / "benchmarks"))
engines = importlib.import_module("engines")
peers = importlib.import_module("peers")
NS = {"m": engines.SHEET_NS}


# --- the comparison --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("computed", "saved", "expected"), [
    (["n", 1.0 + 5e-10], ["n", 1.0], True),  # within 1e-9 relative
    (["n", 1.0 + 5e-9], ["n", 1.0], False),
    (["n", 1e6 + 5e-4], ["n", 1e6], True),  # relative, not absolute
    (["n", 1e-13], ["n", 0.0], True),  # a rounding residue next to zero
    (["n", 1e-10], ["n", 0.0], False),
    (["n", float("nan")], ["n", float("nan")], False),
    (["b", True], ["n", 1.0], False),  # a boolean is not a number
    (["n", 0.0], ["b", False], False),
    (["n", 3.0], ["s", "3"], False),  # nor is a number a text
    (["s", "Ab"], ["s", "Ab"], True),
    (["s", "ab"], ["s", "Ab"], False),  # text exactly
    (["e", "#N/A"], ["e", "#N/A"], True),
    (["e", "#VALUE!"], ["e", "#NUM!"], False),  # error codes exactly
    (["e", "#N/A"], ["s", "#N/A"], True),  # an error some writers saved as its text
    (["", None], ["n", 0.0], True),  # Excel caches an empty result as 0 ...
    (["", None], ["s", ""], True),  # ... some writers as ""
    (["", None], ["n", 1.0], False),
    (["", None], ["s", "a"], False),
    (["x", "KeyError('MMULT')"], ["s", "KeyError('MMULT')"], False),  # a failure reproduces nothing
])
def test_agrees_follows_the_rules_in_its_docstring(computed, saved, expected):
    assert engines.agrees(computed, saved) is expected


def test_plain_reads_each_engines_types():
    assert engines.plain(np.float64(2.5)) == ["n", 2.5]
    assert engines.plain(np.array([[7]])) == ["n", 7.0]  # formulas' 1×1 result
    assert engines.plain(np.bool_(True)) == ["b", True]
    assert engines.plain(True) == ["b", True]  # not the number 1
    assert engines.plain(3) == ["n", 3.0]
    assert engines.plain(XlError("#DIV/0!")) == ["e", "#DIV/0!"]
    assert engines.plain(np.array([[XlError("#N/A")]], dtype=object)) == ["e", "#N/A"]
    assert engines.plain(sh.EMPTY) == ["", None]
    assert engines.plain(None) == ["", None]
    assert engines.plain("#REF!") == ["e", "#REF!"]  # pycel gives errors as their text
    assert engines.plain("#REF") == ["s", "#REF"]
    assert engines.plain(object())[0] == "x"


def test_cells_of_a_range_row_by_row():
    assert engines.cells_of("A1") == ["A1"]
    assert engines.cells_of("$Y$9:AA10") == ["Y9", "Z9", "AA9", "Y10", "Z10", "AA10"]


# --- the saved values and the overwritten copy -----------------------------------------------------------------

def saved_workbook(path: Path) -> Path:
    """Formulas with cached values of every kind, as xlsxwriter writes them; a sheet name with a space."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Ark 1")
    sheet.write("A1", 2)
    sheet.write("A2", "tekst")
    sheet.write_formula("B1", "=A1*2", None, 4)
    sheet.write_formula("C1", '="a"&"b"', None, "ab")
    sheet.write_formula("D1", "=A1>1", None, True)
    sheet.write_formula("E1", "=1/0", None, "#DIV/0!")
    sheet.write_array_formula("A3:B3", "{=A1*{1,2}}", None, 2)
    other = book.add_worksheet("To")
    other.write_formula("A1", "='Ark 1'!B1+1", None, 5)
    book.close()
    return path


def test_the_saved_values_of_every_formula_cell_by_kind(tmp_path):
    saved = engines.saved_formula_values(saved_workbook(tmp_path / "gemt.xlsx"))
    assert saved == {("Ark 1", "B1"): ["n", 4.0], ("Ark 1", "C1"): ["s", "ab"], ("Ark 1", "D1"): ["b", True],
                     ("Ark 1", "E1"): ["e", "#DIV/0!"], ("Ark 1", "A3"): ["n", 2.0],
                     ("Ark 1", "B3"): ["n", 0.0],  # the array's other cell, cached as xlsxwriter writes it
                     ("To", "A1"): ["n", 5.0]}
    assert engines.formula_cells(tmp_path / "gemt.xlsx") == [("Ark 1", "B1"), ("Ark 1", "C1"), ("Ark 1", "D1"),
                                                             ("Ark 1", "E1"), ("Ark 1", "A3"), ("Ark 1", "B3"),
                                                             ("To", "A1")]


def formulas_of(path: Path) -> dict[tuple[str, str], tuple]:
    """(part, cell) -> the <f> element's text and attributes, for every formula in the package."""
    found = {}
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                for f in etree.fromstring(zf.read(name)).iterfind(".//m:c/m:f", NS):
                    found[name, f.getparent().get("r")] = (f.text, dict(f.attrib))
    return found


def check_overwritten(source: Path, target: Path) -> None:
    replaced = engines.overwrite_cached(source, target)
    saved = engines.saved_formula_values(source)
    assert replaced == len(saved) > 0
    assert engines.saved_formula_values(target) == {key: ["s", engines.SENTINEL] for key in saved}
    assert formulas_of(target) == formulas_of(source)  # the formulas as they were
    with zipfile.ZipFile(source) as a, zipfile.ZipFile(target) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():  # every part but the sheets byte for byte
            if not name.startswith("xl/worksheets/sheet"):
                assert a.read(name) == b.read(name), name
    read_contents(target)  # a workbook the refresh reads
    openpyxl.load_workbook(target).close()  # and openpyxl (pycel's reader) too


def test_the_overwritten_copy_has_the_sentinel_for_every_cached_formula_value_and_nothing_else_changed(tmp_path):
    source = saved_workbook(tmp_path / "gemt.xlsx")
    check_overwritten(source, tmp_path / "overskrevet.xlsx")
    book = openpyxl.load_workbook(tmp_path / "overskrevet.xlsx")
    assert book["Ark 1"]["A1"].value == 2 and book["Ark 1"]["A2"].value == "tekst"  # the constants stay
    assert book["Ark 1"]["B3"].value == engines.SENTINEL  # the array's other cell, no formula of its own
    book.close()


@pytest.mark.parametrize("name", ["exceljs/spec_integration_data_fibonacci.xlsx",
                                  "phpspreadsheet/samples_templates_32readwriteComboChart1.xlsx"])
def test_the_overwritten_copy_of_a_real_workbook(name, tmp_path):
    check_overwritten(ROOT / "tests" / "data" / "workbooks" / name, tmp_path / "overskrevet.xlsx")


def test_trappen_keeps_the_sentinel_only_where_it_keeps_a_saved_value(tmp_path):
    """What part 2 relies on: the overwritten copy keeps the workbook's trust, and a computed cell is computed."""
    source = saved_workbook(tmp_path / "gemt.xlsx")
    target = tmp_path / "overskrevet.xlsx"
    engines.overwrite_cached(source, target)
    result = calculation.calculate(read_contents(target), everything=True)
    assert result.values["ARK 1"]["B1"] == 4 and result.values["TO"]["A1"] == 5


# --- the classification ----------------------------------------------------------------------------------------

SENT = ["s", engines.SENTINEL]


def test_a_cell_is_kept_when_the_overwritten_copy_shows_the_sentinel_and_differing_when_the_original_is_wrong():
    saved = {("S", "A1"): ["n", 1.0], ("S", "A2"): ["n", 2.0], ("S", "A3"): ["n", 3.0], ("S", "A4"): ["n", 4.0],
             ("S", "A5"): ["n", 5.0]}
    original = {"S!A1": ["n", 1.0], "S!A2": ["n", 2.0], "S!A3": ["n", 3.0], "S!A4": ["n", 40.0]}  # A5 not given
    overwritten = {"S!A1": ["n", 1.0], "S!A2": SENT, "S!A3": ["e", "#VALUE!"], "S!A4": ["n", 40.0],
                   "S!A5": ["n", 5.0]}
    cells = peers.classify(saved, original, overwritten)
    assert cells["reproduced"] == ["S!A1"]
    assert cells["kept"] == ["S!A2"]  # passed through the cached value
    assert cells["via_kept"] == ["S!A3"]  # right only while its input's cached value was there
    assert [d["cell"] for d in cells["differing"]] == ["S!A4", "S!A5"]
    assert peers.file_row("ok", cells) == "differing"
    without_differing = peers.classify({k: v for k, v in saved.items() if k[1] in ("A1", "A2")}, original, overwritten)
    assert peers.file_row("ok", without_differing) == "kept"
    assert peers.file_row("ok", peers.classify({("S", "A1"): ["n", 1.0]}, original, overwritten)) == "reproduced"
    assert peers.file_row("timeout", None) == "failed"


def test_without_the_overwritten_copy_nothing_is_called_kept():
    cells = peers.classify({("S", "A1"): ["n", 1.0]}, {"S!A1": ["n", 1.0]}, None)
    assert cells["reproduced"] == ["S!A1"] and not cells["kept"]


# --- the peers' twin of the growth workbook ----------------------------------------------------------------------

def test_the_peers_twin_computes_the_growth_workbooks_numbers_with_sumproduct(tmp_path):
    """SUMPRODUCT(prices, counts) in each cell gives PLACEMENTCOST's numbers (computed by the refresh's engine)."""
    refresh = importlib.import_module("refresh")
    source = refresh.growth_workbook(tmp_path / "vaekst.xlsx", 100, False)
    twin = tmp_path / "peers.xlsx"
    assert peers.peer_twin(source, twin) == 100
    formulas = {f[0] for f in formulas_of(twin).values()}
    assert all(text.startswith("SUMPRODUCT($B$2:$B$7,") for text in formulas) and len(formulas) == 100
    ours = calculation.calculate(read_contents(source), everything=True).values["VÆKST"]
    theirs = calculation.calculate(read_contents(twin), everything=True).values["VÆKST"]
    assert sorted(ours) == sorted(theirs) and len(ours) == 100
    assert all(abs(float(ours[cell]) - float(theirs[cell])) <= 1e-9 * abs(float(ours[cell])) for cell in ours)
    assert float(ours["C16"]) == sum(p * c for p, c in zip(refresh.PRICES, [0, 3, 6, 9, 1, 4], strict=True))
    with pytest.raises(ValueError, match="not a growth formula"):
        peers.peer_twin(saved_workbook(tmp_path / "andet.xlsx"), tmp_path / "x.xlsx")


# --- the whole processes -----------------------------------------------------------------------------------------

def test_a_process_is_measured_or_stopped_at_its_timeout_or_reported_crashed(tmp_path):
    ok, measured, _ = peers.run_limited([sys.executable, "-c", "x = bytearray(60_000_000)"], tmp_path / "a", 30)
    assert ok == "ok" and measured.seconds > 0 and measured.megabytes > 60  # the child's own peak, not ours
    status, measured, message = peers.run_limited([sys.executable, "-c", "import time; time.sleep(30)"],
                                                  tmp_path / "b", 0.5)
    assert (status, measured, message) == ("timeout", None, "> 0.5 s")
    status, measured, message = peers.run_limited([sys.executable, "-c", "raise SystemExit('gik galt')"],
                                                  tmp_path / "c", 30)
    assert status == "crash" and message == "gik galt" and measured.seconds > 0


def test_an_error_saved_as_its_text_is_reproduced_by_that_error_only():
    assert engines.agrees(["e", "#DIV/0!"], ["s", "#DIV/0!"])
    assert not engines.agrees(["e", "#N/A"], ["s", "#DIV/0!"])
    assert not engines.agrees(["s", "#DIV/0!"], ["e", "#DIV/0!"])  # a text never equals a saved error


def test_the_reasons_are_grouped_by_kind():
    unknown = "funktion, som hverken Excel eller Trappen kender"
    reasons = {f"{unknown}: B", f"{unknown}: A", "flygtig funktion (RAND)", "Excel-funktion: CELL"}
    assert peers.grouped(reasons, shown=1) == ["Excel-funktion: CELL", "flygtig funktion (RAND)",
                                               f"{unknown}: A og 1 flere"]
