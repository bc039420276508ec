"""The gate every refresh passes before anything (``formulas``, ``openpyxl``) opens a workbook.

:func:`check` refuses, with one line, what must not or cannot be refreshed: a missing file, a folder, a
file that is not an .xlsx/.xlsm, one a program holds open or that cannot be written, and a damaged or
hostile package — the zip itself is inspected by :mod:`.inspection`, the parts and their relationships
here (:func:`check_structure`, through the one relationship resolver :func:`.ooxml.relationships`).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from urllib.parse import unquote

from . import disk, inspection
from .failures import refusal
from .ooxml import AGAIN, CONTENT_TYPES, NS, REL, parse_xml, read_part, read_relationships

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}
#: The parts every workbook package has.
REQUIRED_PARTS = ("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels")
#: Relationship types (the last segment of the type) that may point outside the package: a hyperlink, and
#: the file of an external link (Excel resolves it when the officer asks; the refresh never reads it).
EXTERNAL_ALLOWED = {"hyperlink", "externalLinkPath", "xlPathMissing", "xlStartup", "xlAlternateStartup",
                    "xlLibrary"}
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
#: What Excel's names never hold: spaces and the punctuation of formulas (brackets, operators, quotes ...);
#: letters and symbols of any script are fine (``assigne_a_lien.✉_email`` is a real one), so are _ . \ ?.
#: A bracket stays refused in a defined name: ``[`` opens a reference to another workbook or a table
#: in the formula text, so a name holding one would be read as such a reference.
_NOT_IN_NAMES = re.compile(r"""[\s\[\](){}+\-*/,;:!"'&=<>^%$#@|~`]|^[\d.?]|^$""")


def check(path: str | Path) -> Path:
    """The gate before anything opens a workbook: refuse, with one line, what we must not or cannot refresh.

    The file must exist, be an .xlsx/.xlsm that no program holds open, be writable (a refresh writes it)
    and be a sound, harmless zip package (``inspection.inspect_zip``) whose parts are all there and whose
    relationships stay inside it (:func:`check_structure`). Its name may hold anything Excel allows, ``[ ]``
    too: a workbook's own name appears in none of its formulas.
    """
    path = Path(path)
    if not path.exists():
        raise refusal(path, f"findes ikke i mappen {path.parent.absolute()}", "tjek stavningen og mappen")
    if path.is_dir():
        raise refusal(path, "er en mappe, ikke en projektmappe", "angiv en .xlsx- eller .xlsm-fil")
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        raise refusal(path, "er ikke en Excel-projektmappe (.xlsx/.xlsm)", "gem den som .xlsx i Excel")
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
            raise refusal(path, f"er beskadiget: delen {part} mangler", "brug en backup, eller " + AGAIN)
    for override in parse_xml(read_part(zf, "[Content_Types].xml"), "[Content_Types].xml").iterfind(
            f"{{{CONTENT_TYPES}}}Override"):
        named = unquote(override.get("PartName") or "").lstrip("/")
        if named not in names:
            raise refusal(path, f"er beskadiget: delen {named} mangler, men [Content_Types].xml nævner den",
                          "brug en backup, eller " + AGAIN)
    targets = {rels: _relationship_targets(path, zf, rels, names) for rels in sorted(names) if rels.endswith(".rels")}
    workbook = parse_xml(read_part(zf, "xl/workbook.xml"), "xl/workbook.xml")
    sheets = targets["xl/_rels/workbook.xml.rels"]
    for sheet in workbook.iterfind("m:sheets/m:sheet", NS):
        # An empty id is how Excel saves some macro sheets of an .xlsm (no part of their own): not damage.
        if sheet.get(f"{{{REL}}}id") and sheet.get(f"{{{REL}}}id") not in sheets:
            raise refusal(path, f"er beskadiget: fanen {sheet.get('name')} har ingen del i pakken", AGAIN)
    for defined in workbook.iterfind("m:definedNames/m:definedName", NS):
        name = defined.get("name") or ""
        if _NOT_IN_NAMES.search(name):
            raise refusal(path, f"har et navn med tegn, Excel ikke tillader i navne: {name}",
                          "ret eller slet navnet under Formler > Navnestyring i Excel")


def _relationship_targets(path: Path, zf: zipfile.ZipFile, rels: str, names: set[str]) -> dict[str, str]:
    """Relationship id -> the part it names, for one ``.rels`` part; a target outside the package is refused."""
    out = {}
    for rid, rel in read_relationships(zf, rels).items():
        if rel.external:
            if rel.kind not in EXTERNAL_ALLOWED:
                raise refusal(path, f"henter indhold uden for projektmappen: {rel.target[:60]}",
                              "fjern det sammenkædede billede eller objekt i Excel og gem igen")
            continue
        if rel.part is None:
            continue  # a link to a place in the workbook
        written = unquote(rel.target)
        if _URL.match(written) or "\\" in written or rel.part == ".." or rel.part.startswith(("../", "/")):
            raise refusal(path, f"har en henvisning, der peger uden for projektmappen: {rel.target[:60]}",
                          "åbn ikke filen; få en ny kopi fra afsenderen")
        if rel.part not in names:
            raise refusal(path, f"er beskadiget: delen {rel.part} mangler, men {rels} nævner den",
                          "brug en backup, eller " + AGAIN)
        out[rid] = rel.part
    return out
