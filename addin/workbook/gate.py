"""The workbook file: checks before touching it, its formulas, and the cached values written back into it.

An .xlsx/.xlsm file is a zip package of XML parts. :func:`check` is the gate every refresh passes before
anything (``formulas``, ``openpyxl``) opens the file: the zip itself is inspected by ``inspection``, the
parts' relationships here. :func:`read_part` and :func:`parse_xml` are the one way a part is read and
parsed. The refresh rewrites only the worksheet parts (the ``<v>`` cached value and ``t`` type of formula
cells) and the calculation flags in ``xl/workbook.xml``; every other part — styles, charts, defined
names, VBA, other sheets — is copied byte for byte.

Writes go through ``replacement``: the new package is written to a temporary file beside the workbook,
checked, and only then renamed over it, after a new backup generation has been taken and the workbook
has been found to hold still the bytes that were read.
"""

from __future__ import annotations

import datetime as dt
import math
import posixpath
import re
import zipfile
from collections.abc import Callable
from html import unescape
from numbers import Integral, Real
from pathlib import Path
from urllib.parse import unquote

import numpy as np
from lxml import etree

from . import disk, inspection, replacement
from .cells import cells_in, split_cell
from .failures import WorkbookError, refusal

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_N = {"m": MAIN}
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}
#: Excel 365's calculation engine id: a workbook saved with an older id is fully recalculated on open,
#: which would turn our cells into #NAME? where the add-in is not loaded.
EXCEL_CALC_ID = "191029"
#: The parts every workbook package has.
REQUIRED_PARTS = ("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels")
#: Relationship types (the last segment of the type) that may point outside the package: a hyperlink, and
#: the file of an external link (Excel resolves it when the officer asks; the refresh never reads it).
EXTERNAL_ALLOWED = {"hyperlink", "externalLinkPath", "xlPathMissing", "xlStartup", "xlAlternateStartup",
                    "xlLibrary"}
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
#: What Excel's names never hold: spaces and the punctuation of formulas (brackets, operators, quotes ...);
#: letters and symbols of any script are fine (``assigne_a_lien.✉_email`` is a real one), so are _ . \ ?.
_NOT_IN_NAMES = re.compile(r"""[\s\[\](){}+\-*/,;:!"'&=<>^%$#@|~`]|^[\d.?]|^$""")
_AGAIN = "åbn den i Excel og gem den igen"

#: The one parser for every XML part of a package: no DTD loaded, no entity resolved, nothing from the network.
XML_PARSER = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)


def parse_xml(data: bytes, part: str = "en XML-del"):
    """An XML part of the package as an lxml element, parsed by :data:`XML_PARSER`; a DTD is refused."""
    dtd = WorkbookError(f"{part} indeholder en DTD eller entitetserklæring, som Excel aldrig skriver — "
                        "åbn ikke filen; få en ny kopi fra afsenderen")
    if inspection.has_dtd(data):
        raise dtd
    try:
        root = etree.fromstring(data, XML_PARSER)
    except etree.XMLSyntaxError as error:
        raise WorkbookError(f"er beskadiget: {part} er ikke gyldig XML — {_AGAIN}") from error
    if root.getroottree().docinfo.doctype:
        raise dtd
    return root


def read_part(zf: zipfile.ZipFile, name: str) -> bytes:
    """One part (zip member) of the package, e.g. ``xl/workbook.xml``, inflated in bounded steps.

    Never more than the size the zip directory declares (at most ``inspection.MAX_PART_BYTES``), and
    checked against its CRC; a missing part is refused with the file's name.
    """
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise refusal(zf.filename or "projektmappen", f"er beskadiget: delen {name} mangler", _AGAIN) from None
    if info.file_size > inspection.MAX_PART_BYTES:
        raise refusal(zf.filename or "projektmappen", f"delen {name} er for stor",
                      "Trappen genberegner ikke så store projektmapper")
    chunks = []
    with zf.open(info) as member:
        while chunk := member.read(inspection.CHUNK):
            chunks.append(chunk)
    return b"".join(chunks)


def check(path: str | Path) -> Path:
    """The gate before anything opens a workbook: refuse, with one line, what we must not or cannot refresh.

    The file must exist, be an .xlsx/.xlsm that no program holds open, have a name Excel allows, be
    writable (a refresh writes it) and be a sound, harmless zip package (``inspection.inspect_zip``) whose
    parts are all there and whose relationships stay inside it (:func:`check_structure`).
    """
    path = Path(path)
    if not path.exists():
        raise refusal(path, f"findes ikke i mappen {path.parent.absolute()}", "tjek stavningen og mappen")
    if path.is_dir():
        raise refusal(path, "er en mappe, ikke en projektmappe", "angiv en .xlsx- eller .xlsm-fil")
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        raise refusal(path, "er ikke en Excel-projektmappe (.xlsx/.xlsm)", "gem den som .xlsx i Excel")
    if any(bracket in path.name for bracket in "[]"):
        raise refusal(path, "navnet indeholder [ eller ], som Excel bruger i henvisninger til andre projektmapper",
                      "omdøb filen uden [ ] og prøv igen")
    disk.refuse_locked(path)
    disk.refuse_unwritable(path)
    inspection.inspect_zip(path)
    with zipfile.ZipFile(path) as zf:
        check_structure(zf, path)
    return path


def check_structure(zf: zipfile.ZipFile, path: Path) -> None:
    """Required parts; the parts [Content_Types].xml and the relationships name exist, inside the package;
    every sheet has its part; defined names are names Excel allows."""
    names = set(zf.namelist())
    for part in REQUIRED_PARTS:
        if part not in names:
            raise refusal(path, f"er beskadiget: delen {part} mangler", "brug en backup, eller " + _AGAIN)
    for override in parse_xml(read_part(zf, "[Content_Types].xml"), "[Content_Types].xml").iterfind(
            f"{{{CONTENT_TYPES}}}Override"):
        named = unquote(override.get("PartName") or "").lstrip("/")
        if named not in names:
            raise refusal(path, f"er beskadiget: delen {named} mangler, men [Content_Types].xml nævner den",
                          "brug en backup, eller " + _AGAIN)
    targets = {rels: _relationship_targets(path, zf, rels, names) for rels in sorted(names) if rels.endswith(".rels")}
    workbook = parse_xml(read_part(zf, "xl/workbook.xml"), "xl/workbook.xml")
    sheets = targets["xl/_rels/workbook.xml.rels"]
    for sheet in workbook.iterfind("m:sheets/m:sheet", _N):
        # An empty id is how Excel saves some macro sheets of an .xlsm (no part of their own): not damage.
        if sheet.get(f"{{{REL}}}id") and sheet.get(f"{{{REL}}}id") not in sheets:
            raise refusal(path, f"er beskadiget: fanen {sheet.get('name')} har ingen del i pakken", _AGAIN)
    for defined in workbook.iterfind("m:definedNames/m:definedName", _N):
        name = defined.get("name") or ""
        if _NOT_IN_NAMES.search(name):
            raise refusal(path, f"har et navn med tegn, Excel ikke tillader i navne: {name}",
                          "ret eller slet navnet under Formler > Navnestyring i Excel")


def _relationship_targets(path: Path, zf: zipfile.ZipFile, rels: str, names: set[str]) -> dict:
    """Relationship id -> the part it names, for one ``.rels`` part; a target outside the package is refused."""
    folder = posixpath.dirname(posixpath.dirname(rels))  # targets are relative to the source part's folder
    root = parse_xml(read_part(zf, rels), rels)
    out = {}
    for rel in root.iterfind(f"{{{PKG_REL}}}Relationship"):
        target, kind = rel.get("Target") or "", (rel.get("Type") or "").rsplit("/", 1)[-1]
        if rel.get("TargetMode") == "External":
            if kind not in EXTERNAL_ALLOWED:
                raise refusal(path, f"henter indhold uden for projektmappen: {target[:60]}",
                              "fjern det sammenkædede billede eller objekt i Excel og gem igen")
            continue
        if target.startswith("#") and kind == "hyperlink":
            continue  # a link to a place in the workbook
        part = unquote(target)
        resolved = posixpath.normpath(part[1:] if part.startswith("/") else posixpath.join(folder, part))
        if _URL.match(part) or "\\" in part or resolved == ".." or resolved.startswith(("../", "/")):
            raise refusal(path, f"har en henvisning, der peger uden for projektmappen: {target[:60]}",
                          "åbn ikke filen; få en ny kopi fra afsenderen")
        if resolved not in names:
            raise refusal(path, f"er beskadiget: delen {resolved} mangler, men {rels} nævner den",
                          "brug en backup, eller " + _AGAIN)
        out[rel.get("Id")] = resolved
    return out


def sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> worksheet part, in the workbook's order (via workbook.xml and its relationships)."""
    workbook = parse_xml(read_part(zf, "xl/workbook.xml"), "xl/workbook.xml")
    rels = parse_xml(read_part(zf, "xl/_rels/workbook.xml.rels"), "xl/_rels/workbook.xml.rels")
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


def replace_atomically(path: Path, write: Callable[[Path], object], keep_backup: bool = True,
                       expected: disk.Snapshot | None = None) -> Path | None:
    """Write a new version of ``path`` through ``write(temporary_path)``, check it, then swap it in.

    ``replacement.replace`` does the swap (backup generations, locks, the snapshot ``expected`` of what was
    read, atomic rename); here the new package is checked to be a sound zip before it may replace anything.
    Returns the backup, or None.
    """
    def write_and_check(temporary: Path) -> None:
        write(temporary)
        with zipfile.ZipFile(temporary) as written:
            damaged = written.testzip()
        if damaged is not None:
            raise refusal(path, f"den nye fil blev beskadiget under skrivningen ({damaged})",
                          "projektmappen er urørt; prøv igen")

    return replacement.replace(path, write_and_check, keep_backup=keep_backup, expected=expected)
