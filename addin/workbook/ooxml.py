"""The one way a part of a workbook package is read, parsed, and followed to the parts it relates to.

An .xlsx/.xlsm file is a zip package of XML parts. :func:`read_part` inflates one part in bounded steps,
:func:`parse_xml` parses it with no DTD, entity or network, and :func:`relationships` resolves a part's
relationships (``xl/_rels/workbook.xml.rels`` for ``xl/workbook.xml``) to the parts they name. The gate,
the contents reader and the value writer all go through these three.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from urllib.parse import unquote

from lxml import etree

from . import inspection
from .failures import WorkbookError, refusal

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
NS = {"m": MAIN}
AGAIN = "åbn den i Excel og gem den igen"

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
        raise WorkbookError(f"er beskadiget: {part} er ikke gyldig XML — {AGAIN}") from error
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
        raise refusal(zf.filename or "projektmappen", f"er beskadiget: delen {name} mangler", AGAIN) from None
    if info.file_size > inspection.MAX_PART_BYTES:
        raise refusal(zf.filename or "projektmappen", f"delen {name} er for stor",
                      "Trappen genberegner ikke så store projektmapper")
    chunks = []
    with zf.open(info) as member:
        while chunk := member.read(inspection.CHUNK):
            chunks.append(chunk)
    return b"".join(chunks)


@dataclass(frozen=True)
class Relationship:
    """One ``<Relationship>`` of a ``.rels`` part."""

    id: str
    kind: str  # the last segment of its Type: "worksheet", "sharedStrings", "hyperlink" ...
    target: str  # as written
    external: bool  # TargetMode="External": a file or address outside the package, never read
    part: str | None  # the part it names inside the package (``xl/worksheets/sheet1.xml``); None if external
    # or a hyperlink to a place in the workbook (``#Ark1!A1``)


def rels_of(source: str) -> str:
    """The relationships part of a part: ``xl/workbook.xml`` → ``xl/_rels/workbook.xml.rels``."""
    folder, name = posixpath.split(source)
    return posixpath.join(folder, "_rels", name + ".rels")


def resolve(folder: str, target: str) -> str:
    """A relationship's internal target as a part name: relative to the source part's folder, or absolute
    (``/xl/...``) from the package root; percent-escapes decoded. May leave the package (``../``): see the gate."""
    part = unquote(target)
    return posixpath.normpath(part[1:] if part.startswith("/") else posixpath.join(folder, part))


def read_relationships(zf: zipfile.ZipFile, rels: str) -> dict[str, Relationship]:
    """Relationship id -> :class:`Relationship`, for one ``.rels`` part (``xl/_rels/workbook.xml.rels``)."""
    folder = posixpath.dirname(posixpath.dirname(rels))  # targets are relative to the source part's folder
    out = {}
    for rel in parse_xml(read_part(zf, rels), rels).iterfind(f"{{{PKG_REL}}}Relationship"):
        target, kind = rel.get("Target") or "", (rel.get("Type") or "").rsplit("/", 1)[-1]
        external = rel.get("TargetMode") == "External"
        place = target.startswith("#") and kind == "hyperlink"
        out[rel.get("Id")] = Relationship(rel.get("Id"), kind, target, external,
                                          None if external or place else resolve(folder, target))
    return out


def relationships(zf: zipfile.ZipFile, source: str) -> dict[str, Relationship]:
    """The relationships of the part ``source`` (empty when it has none)."""
    rels = rels_of(source)
    try:
        zf.getinfo(rels)
    except KeyError:
        return {}
    return read_relationships(zf, rels)


def sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name (as the officer sees it) -> its part, in the workbook's order; a sheet without a part
    of its own (a macro sheet with an empty relationship id) is left out."""
    workbook = parse_xml(read_part(zf, "xl/workbook.xml"), "xl/workbook.xml")
    related = relationships(zf, "xl/workbook.xml")
    out = {}
    for sheet in workbook.iterfind("m:sheets/m:sheet", NS):
        rel = related.get(sheet.get(f"{{{REL}}}id"))
        if rel is not None and rel.part is not None:
            out[sheet.get("name", "")] = rel.part
    return out
