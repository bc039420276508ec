"""The formula writer: plain formulas rewritten in the package as single-cell dynamic-array formulas.

A dynamic-array formula is stored the way Excel 365 stores it and xlsxwriter's
``write_dynamic_array_formula`` writes it: the formula as an array formula over its own cell
(``<f t="array" ref="B16" aca="1">``), the cell marked ``cm="N"`` for the cell-metadata record that says
"dynamic array" (``XLDAPR``, ``fDynamic="1"``) in ``xl/metadata.xml``. A package without that part gets
xlsxwriter's (:data:`METADATA`, ``cm="1"``), its content type and the workbook's relationship to it. The
formula's text and the cell's saved value stay as they are; every other part is copied byte for byte, in
the same order, compression and timestamps.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path

from lxml import etree

from .failures import WorkbookError
from .ooxml import CONTENT_TYPES, NS, PKG_REL, parse_xml, read_part, relationships, sheet_parts

METADATA_PART = "xl/metadata.xml"
METADATA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml"
METADATA_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sheetMetadata"
DYNAMIC_ARRAY = "http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray"
#: xlsxwriter's xl/metadata.xml for a workbook with dynamic-array formulas: cell-metadata record 1 is one.
METADATA = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray"><metadataTypes count="1">'
    b'<metadataType name="XLDAPR" minSupportedVersion="120000" copy="1" pasteAll="1" pasteValues="1" merge="1" '
    b'splitFirst="1" rowColShift="1" clearFormats="1" clearComments="1" assign="1" coerce="1" cellMeta="1"/>'
    b'</metadataTypes><futureMetadata name="XLDAPR" count="1"><bk><extLst>'
    b'<ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}"><xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/>'
    b'</ext></extLst></bk></futureMetadata><cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata>'
    b'</metadata>'
)
_UNKNOWN_METADATA = ("projektmappens metadata (xl/metadata.xml) har ingen markering for dynamiske matrixformler, "
                     "som Trappen kender — gør formlerne til matrixformler i Excel (se docs/brug.md)")


def dynamic_array_mark(metadata: bytes) -> int | None:
    """The ``cm`` value (1-based cell-metadata record) that marks a dynamic array in ``xl/metadata.xml``,
    or None when the part holds no such record."""
    root = parse_xml(metadata, METADATA_PART)
    types = [t.get("name") for t in root.iterfind("m:metadataTypes/m:metadataType", NS)]
    if "XLDAPR" not in types:
        return None
    kind = types.index("XLDAPR") + 1  # rc t is 1-based
    future = root.find("m:futureMetadata[@name='XLDAPR']", NS)
    if future is None:
        return None
    dynamic = [k for k, bk in enumerate(future.iterfind("m:bk", NS))
               if any(p.get("fDynamic") in ("1", "true")
                      for p in bk.iter(f"{{{DYNAMIC_ARRAY}}}dynamicArrayProperties"))]
    for k, bk in enumerate(root.iterfind("m:cellMetadata/m:bk", NS), start=1):
        rc = bk.find("m:rc", NS)
        if rc is not None and rc.get("t") == str(kind) and rc.get("v", "").isdigit() and int(rc.get("v")) in dynamic:
            return k
    return None


def as_dynamic_arrays(xml: bytes, cells: set[str], mark: int) -> bytes:
    """A sheet part with the plain formulas of ``cells`` (``{"B16", ...}``) as single-cell dynamic arrays."""
    root = parse_xml(xml)
    found = set()
    for c in root.iterfind("m:sheetData/m:row/m:c", NS):
        ref = c.get("r")
        if ref not in cells:
            continue
        f = c.find("m:f", NS)
        if f is None or f.get("t", "normal") != "normal" or not (f.text or "").strip():
            raise WorkbookError(f"cellen {ref} har ikke en almindelig formel, der kan gøres til en matrixformel")
        if c.get("cm") is not None:
            raise WorkbookError(f"cellen {ref} har allerede metadata (cm), som Trappen ikke kender")
        kept = {key: value for key, value in f.attrib.items() if key not in ("t", "ref", "aca")}  # ca="1" ...
        f.attrib.clear()
        f.set("t", "array")
        f.set("ref", ref)
        f.set("aca", "1")
        f.attrib.update(kept)
        c.set("cm", str(mark))
        found.add(ref)
    if found != cells:
        raise WorkbookError(f"cellen {sorted(cells - found)[0]} findes ikke i arket")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _with_metadata_type(xml: bytes) -> bytes:
    root = parse_xml(xml, "[Content_Types].xml")
    override = etree.SubElement(root, f"{{{CONTENT_TYPES}}}Override")
    override.set("PartName", "/" + METADATA_PART)
    override.set("ContentType", METADATA_TYPE)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _with_metadata_relationship(xml: bytes) -> bytes:
    root = parse_xml(xml, "xl/_rels/workbook.xml.rels")
    taken = {rel.get("Id") for rel in root.iterfind(f"{{{PKG_REL}}}Relationship")}
    number = len(taken) + 1
    while f"rId{number}" in taken:
        number += 1
    rel = etree.SubElement(root, f"{{{PKG_REL}}}Relationship")
    rel.set("Id", f"rId{number}")
    rel.set("Type", METADATA_REL)
    rel.set("Target", posixpath.basename(METADATA_PART))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def write_dynamic_arrays(source: Path, target: Path, cells_by_sheet: dict[str, set[str]]) -> None:
    """Copy the package ``source`` to ``target`` with the plain formulas of ``cells_by_sheet`` (sheet name ->
    cells) as dynamic-array formulas; the metadata part, its content type and relationship added if missing."""
    with zipfile.ZipFile(source) as zin:
        parts = {part: name for name, part in sheet_parts(zin).items()}
        metadata = next((rel.part for rel in relationships(zin, "xl/workbook.xml").values()
                         if rel.kind == "sheetMetadata" and rel.part), None)
        if metadata is not None:
            mark = dynamic_array_mark(read_part(zin, metadata))
            if mark is None:
                raise WorkbookError(_UNKNOWN_METADATA)
        elif METADATA_PART in zin.namelist():
            raise WorkbookError(_UNKNOWN_METADATA)
        else:
            mark = 1
        missing = set(cells_by_sheet) - set(parts.values())
        if missing:
            raise WorkbookError(f"arket {sorted(missing)[0]} findes ikke i projektmappen")
        with zipfile.ZipFile(target, "w") as zout:
            for info in zin.infolist():  # same order, same compression, same timestamps
                data = read_part(zin, info.filename)
                sheet = parts.get(info.filename)
                if sheet in cells_by_sheet:
                    data = as_dynamic_arrays(data, cells_by_sheet[sheet], mark)
                elif metadata is None and info.filename == "[Content_Types].xml":
                    data = _with_metadata_type(data)
                elif metadata is None and info.filename == "xl/_rels/workbook.xml.rels":
                    data = _with_metadata_relationship(data)
                zout.writestr(info, data)
            if metadata is None:
                zout.writestr(zipfile.ZipInfo(METADATA_PART, date_time=zin.infolist()[0].date_time), METADATA,
                              compress_type=zipfile.ZIP_DEFLATED)
