"""The engines of the peer benchmark (``benchmarks/peers.py``), one runner each, run as a whole process.

``python benchmarks/engines.py ENGINE WORKBOOK CELLS.json OUT.json`` loads WORKBOOK in ENGINE, computes it,
and writes to OUT.json the value it computed for each formula cell listed in CELLS.json (``[[sheet, cell],
...]``, the sheet as the workbook spells it). ENGINE is one of:

- ``trappen``: the refresh's engine under full computation, as ``trappen refresh`` runs it (the gate,
  the contents read once, ``calculation.calculate(everything=True)``): every formula it can compute is
  computed; a formula it cannot compute keeps its saved value where the saved values are trusted (listed
  as ``kept``), otherwise the workbook is refused (``refused``, with Trappen's message). Nothing is
  written back.
- ``formulas``: ``formulas.ExcelModel().loads(WORKBOOK).finish()`` and ``calculate()``; the solution's
  values of the listed cells (array results cell by cell).
- ``pycel``: ``pycel.ExcelCompiler(filename=WORKBOOK)``, ``evaluate`` of every listed cell (which builds its
  graph but returns the cached values), then what ``recalculate()`` does (every formula cell's value reset)
  and ``evaluate`` of every listed cell again, each cell's failure caught on its own.
- ``xlcalculator``: ``ModelCompiler().read_and_parse_archive(WORKBOOK)``, ``Evaluator(model).evaluate``
  of every listed cell.

A value is written as ``[kind, value]`` (:func:`plain`): ``n`` number, ``s`` text, ``b`` boolean, ``e`` Excel
error code, ``""`` empty, ``x`` the engine raised on that cell (the value is the exception's text) or did
not give it. The comparison rules (:func:`agrees`) and the workbook helpers (the saved values of the
formula cells, the copy with every cached formula value overwritten) need none of the peers installed.
"""

from __future__ import annotations

import json
import math
import re
import sys
import time
import zipfile
from pathlib import Path, PurePosixPath

from trappen.addin.workbook.cells import cells_in, column_number

SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
ERROR_CODES = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
                         "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"})
RELATIVE = 1e-9
ABSOLUTE = 1e-12
#: The text every cached formula value becomes in the overwritten copy: an engine that shows it for a
#: formula cell passed the cached value through instead of computing it.
SENTINEL = "TRAPPEN-BENCHMARK-SENTINEL"
ENGINES = ("trappen", "formulas", "pycel", "xlcalculator")


# --- values and the comparison ---------------------------------------------------------------------------

def plain(value) -> list:
    """``[kind, value]`` of an engine's value (see the module doc); numpy, formulas', xlcalculator's types too."""
    shape = getattr(value, "shape", None)
    if shape:
        if not all(shape):
            return ["", None]
        value = value.reshape(-1)[0] if hasattr(value, "reshape") else value.iloc[0, 0]  # a 1×1 result
    if hasattr(value, "item") and getattr(value, "shape", None) == ():
        value = value.item()  # a numpy scalar
    name = type(value).__name__
    if value is None or name in ("Blank", "Empty", "EmptyCell") or name == "Token" and str(value) == "empty":
        return ["", None]
    if name == "XlError" or isinstance(value, Exception) and str(value) in ERROR_CODES:
        return ["e", str(value)]
    if name in ("Number", "Text", "Boolean"):  # xlcalculator's wrappers
        value = value.value
    if isinstance(value, bool):
        return ["b", value]
    if isinstance(value, (int, float)):
        return ["n", float(value)]
    if isinstance(value, str):
        return ["e", value] if value in ERROR_CODES else ["s", value]
    return ["x", f"unexpected {name}: {str(value)[:80]}"]


def agrees(computed: list, saved: list) -> bool:
    """Whether a computed ``[kind, value]`` reproduces the saved one.

    Numbers within 1e-9 relative (1e-12 absolute near zero); text, booleans and error codes exactly; a
    number never equals a boolean or a text. An empty result equals a saved 0 or "" (Excel caches a
    formula that shows an empty cell as 0, some writers as ""); an error equals its code saved as text
    (some libraries write an error so, ``t="str"``; the refresh's ``trust.same`` takes it too). A failure
    (``x``) reproduces nothing.
    """
    kind, value = computed
    saved_kind, saved_value = saved
    if kind == "x":
        return False
    if kind == "e" and saved_kind == "s":
        return value == saved_value
    if kind == "":
        return (saved_kind == "n" and saved_value == 0) or (saved_kind == "s" and saved_value == "") \
            or saved_kind == ""
    if kind != saved_kind:
        return False
    if kind == "n":
        return not math.isnan(value) and math.isclose(value, saved_value, rel_tol=RELATIVE, abs_tol=ABSOLUTE)
    return value == saved_value


# --- the workbook's formula cells and their saved values --------------------------------------------------

_CELL = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")


def cells_of(reference: str) -> list[str]:
    """The cells of ``A1:B2`` (or of ``A1``), row by row."""
    return list(cells_in(reference))


def sheet_parts(zf: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, part name) of every worksheet, in the workbook's order."""
    from lxml import etree

    book = etree.fromstring(zf.read("xl/workbook.xml"))
    rels = etree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.iterfind(f"{{{PACKAGE_REL_NS}}}Relationship")}
    parts = []
    for sheet in book.iterfind(f"{{{SHEET_NS}}}sheets/{{{SHEET_NS}}}sheet"):
        target = targets.get(sheet.get(f"{{{REL_NS}}}id"), "")
        part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        if part in zf.namelist() and "worksheets/" in part:
            parts.append((sheet.get("name"), part))
    return parts


def shared_strings(zf: zipfile.ZipFile) -> list[str]:
    from lxml import etree

    if "xl/sharedStrings.xml" not in zf.namelist():
        return []
    root = etree.fromstring(zf.read("xl/sharedStrings.xml"))
    return ["".join(t.text or "" for t in si.iter(f"{{{SHEET_NS}}}t") if t.getparent().tag != f"{{{SHEET_NS}}}rPh")
            for si in root.iterfind(f"{{{SHEET_NS}}}si")]


def _cached(c, strings: list[str]) -> list:
    """The ``[kind, value]`` cached in a ``<c>`` element (``["", None]`` when it has none)."""
    kind = c.get("t", "n")
    v = c.find(f"{{{SHEET_NS}}}v")
    if kind == "inlineStr":
        return ["s", "".join(t.text or "" for t in c.iter(f"{{{SHEET_NS}}}t"))]
    if v is None or v.text is None:
        return ["s", ""] if kind == "str" and v is not None else ["", None]
    text = v.text
    if kind == "s":
        return ["s", strings[int(text)]] if int(text) < len(strings) else ["x", f"shared string {text} missing"]
    if kind == "str":
        return ["s", text]
    if kind == "b":
        return ["b", text.strip() in ("1", "true")]
    if kind == "e":
        return ["e", text]
    try:
        return ["n", float(text)]
    except ValueError:
        return ["s", text]


def _formula_cells(sheet) -> set[str]:
    """The formula cells of a parsed sheet: cells with ``<f>`` and every cell of an array or data-table range."""
    found = set()
    for f in sheet.iterfind(f"{{{SHEET_NS}}}sheetData/{{{SHEET_NS}}}row/{{{SHEET_NS}}}c/{{{SHEET_NS}}}f"):
        found.add(f.getparent().get("r"))
        if f.get("t") in ("array", "dataTable") and f.get("ref"):
            found.update(cells_of(f.get("ref")))
    return found


def saved_formula_values(path: Path) -> dict[tuple[str, str], list]:
    """(sheet, cell) -> ``[kind, value]`` the saving program cached, for every formula cell that has one."""
    from lxml import etree

    saved = {}
    with zipfile.ZipFile(path) as zf:
        strings = shared_strings(zf)
        for name, part in sheet_parts(zf):
            sheet = etree.fromstring(zf.read(part))
            formulas = _formula_cells(sheet)
            for c in sheet.iterfind(f"{{{SHEET_NS}}}sheetData/{{{SHEET_NS}}}row/{{{SHEET_NS}}}c"):
                if c.get("r") in formulas:
                    value = _cached(c, strings)
                    if value[0] != "":
                        saved[name, c.get("r")] = value
    return saved


def formula_cells(path: Path) -> list[tuple[str, str]]:
    """(sheet, cell) of every formula cell, cached value or not, sheet by sheet."""
    from lxml import etree

    found = []
    with zipfile.ZipFile(path) as zf:
        for name, part in sheet_parts(zf):
            formulas = _formula_cells(etree.fromstring(zf.read(part)))
            found += [(name, cell) for cell in sorted(formulas, key=_row_column)]
    return found


def _row_column(cell: str) -> tuple[int, int]:
    match = _CELL.match(cell)
    return int(match[2]), column_number(match[1])


def overwrite_cached(source: Path, target: Path, sentinel: str = SENTINEL) -> int:
    """Copy ``source`` with every cached formula value replaced by the text ``sentinel``; the number replaced.

    Every other byte of the package is copied as it is (the formulas, the constants, the parts); a formula
    cell without a cached value (:func:`saved_formula_values` has none for it) keeps none.
    """
    from lxml import etree

    replaced = 0
    with zipfile.ZipFile(source) as zin:
        parts = {part for _, part in sheet_parts(zin)}
        strings = shared_strings(zin)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = zin.read(info.filename)
                if info.filename in parts:
                    sheet = etree.fromstring(data)
                    formulas = _formula_cells(sheet)
                    for c in sheet.iterfind(f"{{{SHEET_NS}}}sheetData/{{{SHEET_NS}}}row/{{{SHEET_NS}}}c"):
                        if c.get("r") not in formulas or _cached(c, strings)[0] == "":
                            continue  # not a formula, or nothing saved: nothing to overwrite
                        v = c.find(f"{{{SHEET_NS}}}v")
                        inline = c.find(f"{{{SHEET_NS}}}is")
                        if inline is not None:
                            c.remove(inline)
                        if v is None:
                            v = etree.SubElement(c, f"{{{SHEET_NS}}}v")
                        c.set("t", "str")
                        v.text = sentinel
                        replaced += 1
                    data = etree.tostring(sheet, xml_declaration=True, encoding="UTF-8", standalone=True)
                zout.writestr(info, data)
    return replaced


# --- the runners (each in its own process) -----------------------------------------------------------------

def run_trappen(path: Path, cells: list[tuple[str, str]]) -> dict:
    from trappen.addin.engine import calculation
    from trappen.addin.engine.contents import read_contents
    from trappen.addin.workbook import gate
    from trappen.addin.workbook.failures import WorkbookError

    try:
        result = calculation.calculate(read_contents(gate.check(path)), everything=True)
    except WorkbookError as refusal:
        return {"refused": str(refusal).splitlines()[0][:300]}
    values = {}
    for sheet, cell in cells:
        found = result.values.get(sheet.upper(), {})
        values[f"{sheet}!{cell}"] = plain(found[cell]) if cell in found else ["x", "not a formula cell to Trappen"]
    return {"values": values, "kept": [f"{k.sheet}!{k.cell}" for k in result.kept],
            "kept_reasons": sorted({k.reason for k in result.kept})}


_FORMULAS_KEY = re.compile(r"^'?\[[^\]]*\](.*?)'?!([A-Z]+\d+)(?::([A-Z]+\d+))?$")


def run_formulas(path: Path, cells: list[tuple[str, str]]) -> dict:
    import formulas

    model = formulas.ExcelModel().loads(str(path)).finish()
    solution = model.calculate()
    found = {}
    for key, ranges in solution.items():
        match = _FORMULAS_KEY.match(str(key))
        if not match:
            continue
        sheet = match[1].replace("''", "'").upper()
        value = getattr(ranges, "value", ranges)
        if match[3]:
            array = value
            for i, cell in enumerate(cells_of(f"{match[2]}:{match[3]}")):
                row, column = divmod(i, array.shape[1])
                found.setdefault((sheet, cell), array[row, column])
        else:
            found[sheet, match[2]] = value
    values = {}
    for sheet, cell in cells:
        value = found.get((sheet.upper(), cell), _MISSING)
        values[f"{sheet}!{cell}"] = ["x", "not in the solution"] if value is _MISSING else plain(value)
    return {"values": values}


_MISSING = object()


def _quoted(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def run_pycel(path: Path, cells: list[tuple[str, str]]) -> dict:
    from pycel import ExcelCompiler

    compiler = ExcelCompiler(filename=str(path))
    addresses = {f"{sheet}!{cell}": f"{_quoted(sheet)}!{cell}" for sheet, cell in cells}
    failed = {}
    for key, address in addresses.items():  # builds the graph; pycel starts from the cached values
        try:
            compiler.evaluate(address)
        except Exception as error:  # noqa: BLE001 - the engine's failure on one cell is a result
            failed[key] = ["x", f"{type(error).__name__}: {str(error).strip()[-160:]}"]
    for cell in compiler.cell_map.values():  # what ExcelCompiler.recalculate() does before evaluating again
        if type(cell).__name__ == "_CellRange" or cell.formula:
            cell.value = None
    values = {}
    for key, address in addresses.items():
        try:
            values[key] = plain(compiler.evaluate(address))
        except Exception as error:  # noqa: BLE001 - the engine's failure on one cell is a result
            values[key] = failed.get(key) or ["x", f"{type(error).__name__}: {str(error).strip()[-160:]}"]
    return {"values": values}


def run_xlcalculator(path: Path, cells: list[tuple[str, str]]) -> dict:
    from xlcalculator import Evaluator, ModelCompiler

    evaluator = Evaluator(ModelCompiler().read_and_parse_archive(str(path)))
    values = {}
    for sheet, cell in cells:
        try:
            values[f"{sheet}!{cell}"] = plain(evaluator.evaluate(f"{sheet}!{cell}"))
        except Exception as error:  # noqa: BLE001 - the engine's failure on one cell is a result
            values[f"{sheet}!{cell}"] = ["x", f"{type(error).__name__}: {str(error).strip()[-160:]}"]
    return {"values": values}


RUNNERS = {"trappen": run_trappen, "formulas": run_formulas, "pycel": run_pycel, "xlcalculator": run_xlcalculator}


def main(argv: list[str]) -> int:
    import logging
    import os
    import warnings

    os.environ.setdefault("TQDM_DISABLE", "1")
    warnings.simplefilter("ignore")
    logging.disable(logging.CRITICAL)
    engine, workbook, cells_file, out = argv
    cells = [tuple(pair) for pair in json.loads(Path(cells_file).read_text(encoding="utf-8"))]
    started = time.perf_counter()
    result = RUNNERS[engine](Path(workbook), cells)
    result["seconds_inside"] = time.perf_counter() - started
    Path(out).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
