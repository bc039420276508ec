"""The workbook file: checks before touching it, its formulas, and the cached values written back into it.

An .xlsx/.xlsm file is a zip package of XML parts. The refresh rewrites only the worksheet parts (the
``<v>`` cached value and ``t`` type of formula cells) and the calculation flags in ``xl/workbook.xml``;
every other part — styles, charts, defined names, VBA, other sheets — is copied byte for byte.

Writes are atomic: the new package is written to a temporary file beside the workbook, checked, and
only then moved over the original, after the original has been copied to a backup.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import posixpath
import shutil
import zipfile
from dataclasses import dataclass, field
from html import unescape
from numbers import Integral, Real
from pathlib import Path

import numpy as np
from lxml import etree

from .cells import cells_in, split_cell

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_N = {"m": MAIN}
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}
#: Excel 365's calculation engine id: a workbook saved with an older id is fully recalculated on open,
#: which would turn our cells into #NAME? where the add-in is not loaded.
EXCEL_CALC_ID = "191029"


class WorkbookError(Exception):
    """A workbook we refuse to refresh; the message is one line for the officer."""


#: The one parser for every XML part of a package: no DTD loaded, no entity resolved, nothing from the network.
XML_PARSER = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)


def parse_xml(data: bytes):
    """An XML part of the package as an lxml element, parsed by :data:`XML_PARSER`."""
    return etree.fromstring(data, XML_PARSER)


def read_part(zf: zipfile.ZipFile, name: str) -> bytes:
    """One part (zip member) of the package, e.g. ``xl/workbook.xml``."""
    return zf.read(name)


@dataclass
class Package:
    """What the refresh needs to know about a workbook's package."""

    path: Path
    sheet_parts: dict[str, str]  # sheet name -> zip part
    formulas: dict[str, dict[str, str]] = field(default_factory=dict)  # sheet -> cell -> formula text
    array_refs: dict[str, dict[str, str]] = field(default_factory=dict)  # sheet -> anchor -> "B5:F5"
    defined_names: list[str] = field(default_factory=list)
    constants: dict[str, set[str]] = field(default_factory=dict)  # sheet -> cells holding a typed value

    @property
    def formula_texts(self) -> list[str]:
        return [text for cells in self.formulas.values() for text in cells.values()]

    def fingerprint(self) -> tuple:
        """Identical for workbooks with the same formulas in the same cells and values in the same cells.

        Workbooks with the same fingerprint can share one calculation model (the engine has a node for a
        filled cell but none for a blank one, so the blank cells must match too).
        """
        formulas = sorted((sheet, cell, text) for sheet, cells in self.formulas.items() for cell, text in cells.items())
        filled = sorted((sheet, cell) for sheet, cells in self.constants.items() for cell in cells)
        return tuple(formulas), tuple(filled)


def lock_file(path: Path) -> Path | None:
    """Excel's owner file (``~$name.xlsx``) beside a workbook it has open, if there is one."""
    for candidate in (f"~${path.name}", f"~${path.name[2:]}"):
        lock = path.with_name(candidate)
        if lock.exists():
            return lock
    return None


def check(path: str | Path) -> Path:
    """Refuse, with a clear message, what we must not or cannot refresh."""
    path = Path(path)
    if not path.exists():
        raise WorkbookError(f"{path}: findes ikke (file not found)")
    if path.is_dir():
        raise WorkbookError(f"{path}: er en mappe, ikke en projektmappe (a folder, not a workbook)")
    lock = lock_file(path)
    if lock is not None:
        raise WorkbookError(f"{path.name}: er åben i Excel ({lock.name} findes) — luk den i Excel og prøv igen "
                            "(Excel has the workbook open)")
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        raise WorkbookError(f"{path.name}: er ikke en Excel-projektmappe (.xlsx/.xlsm) (not a workbook)")
    if not zipfile.is_zipfile(path):
        raise WorkbookError(f"{path.name}: er ikke en gyldig Excel-projektmappe (not a valid workbook: no zip package)")
    with zipfile.ZipFile(path) as package:
        if "xl/workbook.xml" not in package.namelist():
            raise WorkbookError(f"{path.name}: er ikke en Excel-projektmappe (no xl/workbook.xml)")
    return path


def read(path: str | Path) -> Package:
    """Sheet names, formulas (with array ranges) and defined names, straight from the package's XML."""
    path = Path(path)
    with zipfile.ZipFile(path) as zf:
        parts = sheet_parts(zf)
        workbook = parse_xml(read_part(zf, "xl/workbook.xml"))
        names = [n.get("name") for n in workbook.iterfind("m:definedNames/m:definedName", _N)]
        package = Package(path=path, sheet_parts=parts, defined_names=names)
        for sheet, part in parts.items():
            root = parse_xml(read_part(zf, part))
            cells, arrays, filled = {}, {}, set()
            for c in root.iterfind("m:sheetData/m:row/m:c", _N):
                f = c.find("m:f", _N)
                if f is None:
                    if c.find("m:v", _N) is not None or c.find("m:is", _N) is not None:
                        filled.add(c.get("r"))
                    continue
                if f.text:
                    cells[c.get("r")] = f.text
                if f.get("t") == "array" and f.get("ref"):
                    arrays[c.get("r")] = f.get("ref")
            spilled = {cell for ref in arrays.values() for cell in cells_in(ref)}
            package.formulas[sheet] = cells
            package.array_refs[sheet] = arrays
            package.constants[sheet] = filled - spilled
    return package


def sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> worksheet part, in the workbook's order (via workbook.xml and its relationships)."""
    workbook = parse_xml(read_part(zf, "xl/workbook.xml"))
    rels = parse_xml(read_part(zf, "xl/_rels/workbook.xml.rels"))
    targets = {}
    for rel in rels.iterfind(f"{{{PKG_REL}}}Relationship"):
        target = rel.get("Target")
        targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else \
            posixpath.normpath(posixpath.join("xl", target))
    return {unescape(s.get("name")): targets[s.get(f"{{{REL}}}id")]
            for s in workbook.iterfind("m:sheets/m:sheet", _N)
            if s.get(f"{{{REL}}}id") in targets}  # a macro sheet may have an empty relationship id


# --- cached values ------------------------------------------------------------------------------------

def xml_value(value) -> tuple[str | None, str]:
    """A computed value as the cell's ``t`` attribute and ``<v>`` text."""
    from formulas.tokens.operand import XlError

    if isinstance(value, XlError):  # before str: XlError is a str
        return "e", str(value)
    if isinstance(value, (bool, np.bool_)):  # numpy 2 names its boolean type numpy.bool
        return "b", "1" if value else "0"
    if value is None:
        return "str", ""
    if isinstance(value, str):
        return "str", value
    if isinstance(value, (dt.date, dt.datetime)):
        from trappen.udfs.inputs import date_serial
        return None, repr(date_serial(value, "value"))
    if isinstance(value, Integral):
        return None, str(int(value))
    if isinstance(value, Real):
        number = float(value)
        if not math.isfinite(number):
            return "e", "#NUM!"
        return None, str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)
    return "str", str(value)


def patch_sheet(xml: bytes, values: dict[str, object], strip_formulas: bool = False) -> tuple[bytes, dict]:
    """Write ``values`` (cell -> value) as the cached values of a sheet's formula cells.

    Every formula cell and every cell of an array formula's range gets its value; other cells are left
    alone. With ``strip_formulas`` the formulas are removed (a values-only copy for rendering).
    """
    root = parse_xml(xml)
    stats = {"patched": 0, "inserted": 0, "not_computed": []}
    sheet_data = root.find("m:sheetData", _N)
    # only the formula cells and the cells of array ranges are visited (not every cell of the sheet)
    cells, spilled = {}, set()
    for f in sheet_data.iter(f"{{{MAIN}}}f") if sheet_data is not None else ():
        cells.setdefault(f.getparent().get("r"), f.getparent())
        if f.get("t") == "array" and f.get("ref"):
            spilled.update(cells_in(f.get("ref")))
    if spilled - cells.keys():
        for c in sheet_data.iter(f"{{{MAIN}}}c"):
            if c.get("r") in spilled:
                cells.setdefault(c.get("r"), c)
    seen = set()
    for ref, c in cells.items():
        seen.add(ref)
        if ref not in values:
            stats["not_computed"].append(ref)
            continue
        _set_value(c, values[ref], strip_formulas)
        stats["patched"] += 1
    for ref in sorted(spilled - seen, key=lambda r: split_cell(r)[::-1]):
        if ref in values:
            _set_value(_new_cell(sheet_data, ref), values[ref], strip_formulas)
            stats["inserted"] += 1
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True), stats


def _set_value(c, value, strip_formulas: bool) -> None:
    t, text = xml_value(value)
    for old in c.findall("m:v", _N) + c.findall("m:is", _N):
        c.remove(old)
    f = c.find("m:f", _N)
    if strip_formulas:
        if f is not None:
            c.remove(f)
            f = None
        c.attrib.pop("cm", None)
    if strip_formulas and t == "str":
        c.set("t", "inlineStr")
        inline = etree.Element(f"{{{MAIN}}}is")
        etree.SubElement(inline, f"{{{MAIN}}}t").text = text
        c.insert(0, inline)
        return
    if t is None:
        c.attrib.pop("t", None)
    else:
        c.set("t", t)
    v = etree.Element(f"{{{MAIN}}}v")
    v.text = text
    c.insert(0 if f is None else list(c).index(f) + 1, v)


def _new_cell(sheet_data, ref: str):
    col, row = split_cell(ref)
    rows = {int(r.get("r")): r for r in sheet_data.iterfind("m:row", _N)}
    if row not in rows:
        new_row = etree.Element(f"{{{MAIN}}}row", r=str(row))
        later = [r for n, r in sorted(rows.items()) if n > row]
        if later:
            later[0].addprevious(new_row)
        else:
            sheet_data.append(new_row)
        rows[row] = new_row
    cell = etree.Element(f"{{{MAIN}}}c", r=ref)
    after = [c for c in rows[row].iterfind("m:c", _N) if split_cell(c.get("r"))[0] > col]
    if after:
        after[0].addprevious(cell)
    else:
        rows[row].append(cell)
    rows[row].attrib.pop("spans", None)
    return cell


def calculation_flags(xml: bytes) -> bytes:
    """workbook.xml with cached values trusted on open: no fullCalcOnLoad, a current calcId."""
    root = parse_xml(xml)
    calc = root.find("m:calcPr", _N)
    if calc is None:
        return xml
    calc.attrib.pop("fullCalcOnLoad", None)
    calc.set("calcId", EXCEL_CALC_ID)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def write_values(source: Path, target: Path, values_by_sheet: dict[str, dict[str, object]],
                 strip_formulas: bool = False) -> dict:
    """Copy the package from ``source`` to ``target`` with the cached values written in."""
    totals = {"patched": 0, "inserted": 0, "not_computed": []}
    with zipfile.ZipFile(source) as zin:
        parts = {part: sheet for sheet, part in sheet_parts(zin).items()}
        with zipfile.ZipFile(target, "w") as zout:
            for info in zin.infolist():  # same order, same compression, same timestamps
                data = read_part(zin, info.filename)
                if info.filename in parts:
                    sheet = parts[info.filename]
                    data, stats = patch_sheet(data, values_by_sheet.get(sheet.upper(), {}), strip_formulas)
                    totals["patched"] += stats["patched"]
                    totals["inserted"] += stats["inserted"]
                    totals["not_computed"] += [f"{sheet}!{c}" for c in stats["not_computed"]]
                elif info.filename == "xl/workbook.xml":
                    data = calculation_flags(data)
                zout.writestr(info, data)
    return totals


def backup_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.bak{path.suffix}")


def replace_atomically(path: Path, write, keep_backup: bool = True) -> Path | None:
    """Write a new version of ``path`` through ``write(temporary_path)``, then swap it in.

    The original is copied to ``<name>.bak.xlsx`` first (unless ``keep_backup`` is False); the swap is an
    atomic rename within the folder, so the workbook is never half-written. If anything fails the
    original is untouched and the temporary file is removed.
    """
    temporary = path.with_name(f".{path.name}.trappen-{os.getpid()}.tmp")
    try:
        write(temporary)
        with zipfile.ZipFile(temporary) as check_zip:
            bad = check_zip.testzip()
            if bad is not None:
                raise WorkbookError(f"{path.name}: den nye fil er beskadiget ({bad}); originalen er urørt")
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())
        if lock_file(path) is not None:
            raise WorkbookError(f"{path.name}: blev åbnet i Excel undervejs — originalen er urørt")
        backup = None
        if keep_backup:
            backup = backup_path(path)
            shutil.copy2(path, backup)
        shutil.copymode(path, temporary)
        os.replace(temporary, path)
        return backup
    finally:
        if temporary.exists():
            temporary.unlink()
