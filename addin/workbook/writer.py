"""The value writer: a refresh's computed values written into the package as the formula cells' cached values.

Only the worksheet parts change (the ``<v>`` cached value and ``t`` type of formula cells) and the
calculation flags in ``xl/workbook.xml``; every other part — styles, charts, defined names, VBA, other
sheets — is copied byte for byte, in the same order, compression and timestamps.
"""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from numbers import Integral, Real
from pathlib import Path

import numpy as np
from lxml import etree

from . import splice
from .cells import cells_in, position
from .ooxml import MAIN, NS, parse_xml, read_part, sheet_parts

#: Excel 365's calculation engine id: a workbook saved with an older id is fully recalculated on open,
#: which would turn our cells into #NAME? where the add-in is not loaded.
EXCEL_CALC_ID = "191029"



def xml_value(value) -> tuple[str | None, str]:
    """A computed value as the cell's ``t`` attribute and ``<v>`` text."""
    if type(value) is float:  # the common case first; the same text as the Real branch below
        if not math.isfinite(value):
            return "e", "#NUM!"
        return None, str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
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
    alone. With ``strip_formulas`` the formulas are removed (a values-only copy for rendering). The values
    are spliced into the part's bytes (:mod:`.splice`) where it has the plain form; else the tree writer.
    """
    if not strip_formulas:
        spliced = splice.splice_values(xml, values, xml_value)
        if spliced is not None:
            return spliced
    return patch_sheet_tree(xml, values, strip_formulas)


def patch_sheet_tree(xml: bytes, values: dict[str, object], strip_formulas: bool = False) -> tuple[bytes, dict]:
    """:func:`patch_sheet` through an lxml tree of the whole part: every form of sheet XML, cells inserted
    where an array range lacks one; the part is written anew by lxml."""
    root = parse_xml(xml)
    stats = {"patched": 0, "inserted": 0, "not_computed": []}
    sheet_data = root.find("m:sheetData", NS)
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
    for ref in sorted(spilled - seen, key=position):
        if ref in values:
            _set_value(_new_cell(sheet_data, ref), values[ref], strip_formulas)
            stats["inserted"] += 1
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True), stats


def _set_value(c, value, strip_formulas: bool) -> None:
    t, text = xml_value(value)
    for old in c.findall("m:v", NS) + c.findall("m:is", NS):
        c.remove(old)
    f = c.find("m:f", NS)
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
    row, col = position(ref)
    rows = {int(r.get("r")): r for r in sheet_data.iterfind("m:row", NS)}
    if row not in rows:
        new_row = etree.Element(f"{{{MAIN}}}row", r=str(row))
        later = [r for n, r in sorted(rows.items()) if n > row]
        if later:
            later[0].addprevious(new_row)
        else:
            sheet_data.append(new_row)
        rows[row] = new_row
    cell = etree.Element(f"{{{MAIN}}}c", r=ref)
    after = [c for c in rows[row].iterfind("m:c", NS) if position(c.get("r"))[1] > col]
    if after:
        after[0].addprevious(cell)
    else:
        rows[row].append(cell)
    rows[row].attrib.pop("spans", None)
    return cell


def calculation_flags(xml: bytes) -> bytes:
    """workbook.xml with cached values trusted on open: no fullCalcOnLoad, a current calcId."""
    root = parse_xml(xml)
    calc = root.find("m:calcPr", NS)
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


