"""Cached values spliced into a sheet's XML bytes: the formula cells rewritten, every other byte kept.

The value writer's fast way (:func:`.writer.patch_sheet` uses it first). Only the formula cells and the
cells of array formulas' ranges are found — from each ``<f`` in the bytes, at C speed — and each is
rewritten as the tree writer (:func:`.writer.patch_sheet_tree`) rewrites it: its ``<v>`` and ``<is>``
removed, its ``t`` set or removed, a new ``<v>`` after its ``<f>``. The rest of the part is copied as it
was read, byte for byte, with no tree and no Python object per cell that is not a formula.

Only the plain form every spreadsheet program writes is spliced: UTF-8, the main namespace as the
default one, no prefix, comment, CDATA or processing instruction in ``<sheetData>``, every formula cell
with its ``r``, every cell of an array range present. Anything else returns None and the tree writer
takes the part (so the outcome is the same either way; the tests hold the two to the same XML).
"""

from __future__ import annotations

import re

from . import inspection
from .cells import area, cell, position

_MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_F = re.compile(rb"<f[\s>/]")
_C_OPEN = re.compile(rb"<c(?=[\s>/])([^>]*?)(/?)>")
_R = re.compile(rb"""\sr\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_T = re.compile(rb"""\st\s*=\s*(?:"[^"]*"|'[^']*')""")
_F_ELEMENT = re.compile(rb"<f(?=[\s>/])[^>]*?(?:/>|>[^<]*</f>)\s*")
_F_REF = re.compile(rb"""\sref\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_F_ARRAY = re.compile(rb"""\st\s*=\s*(?:"array"|'array')""")
_V_OR_IS = re.compile(rb"<v(?=[\s>/])[^>]*?(?:/>|>[^<]*</v>)\s*|<is(?=[\s>/])[^>]*?(?:/>|>.*?</is>)\s*", re.S)
_LEADING = re.compile(rb"\s*")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_DECLARATION = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")


def escape(text: str) -> bytes:
    """Text as lxml writes it in an element: ``&``, ``<``, ``>`` and carriage returns escaped, UTF-8."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text.encode("utf-8")


def plain_sheet_data(xml: bytes) -> tuple[int, int] | None:
    """(start, end) of ``<sheetData>``'s content when the part is in the plain form spliced here, else None.

    Also what ``engine.contents`` needs before it reads plain number cells in bulk from the bytes.
    """
    head = xml[:1024]
    declared = _DECLARATION.match(head.removeprefix(b"\xef\xbb\xbf"))
    if declared and declared[1].lower().replace(b"-", b"") != b"utf8":
        return None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or inspection.has_dtd(xml):
        return None
    opened = xml.find(b"<sheetData")
    if opened < 0 or _MAIN not in xml[:opened]:
        return None
    start = xml.find(b">", opened) + 1
    if xml[start - 2:start] == b"/>":
        return start, start  # <sheetData/>: no cells
    end = xml.find(b"</sheetData>", start)
    if end < 0 or xml.find(b"<sheetData", start, end) >= 0:
        return None
    for marker in (b"xmlns", b"<x:", b":c "):
        if xml.find(marker, start, end) >= 0:
            return None
    body = xml.find(b"?>") + 2 if xml.removeprefix(b"\xef\xbb\xbf").startswith(b"<?xml") else 0
    for marker in (b"<!--", b"<![CDATA[", b"<?"):  # nothing that is not markup, up to the last cell
        if xml.find(marker, body, end) >= 0:
            return None
    return start, end


def _reference(attributes: bytes) -> str | None:
    found = _R.search(attributes)
    if found is None:
        return None
    return (found[1] if found[1] is not None else found[2]).decode("ascii", "replace")


def _cell_at(xml: bytes, begin: int, limit: int):
    """The cell whose open tag starts at ``begin``: (begin, end, attributes, content or None if ``<c/>``)."""
    opened = _C_OPEN.match(xml, begin, limit)
    if opened is None:
        return None
    if opened[2]:
        return begin, opened.end(), opened[1], None
    close = xml.find(b"</c>", opened.end(), limit)
    if close < 0:
        return None
    return begin, close + 4, opened[1], xml[opened.end():close]


def _rewritten(attributes: bytes, content: bytes | None, t: str | None, text: str) -> bytes:
    """A cell with the cached value ``text`` of type ``t``, as the tree writer leaves it."""
    kind = _T.search(attributes)
    if t is None:
        if kind is not None:
            attributes = attributes[:kind.start()] + attributes[kind.end():]
    elif kind is not None:
        attributes = attributes[:kind.start()] + b' t="' + t.encode() + b'"' + attributes[kind.end():]
    else:
        attributes = attributes.rstrip() + b' t="' + t.encode() + b'"' if attributes.strip() else \
            attributes + b' t="' + t.encode() + b'"'
    value = b"<v>" + escape(text) + b"</v>"
    content = _V_OR_IS.sub(b"", content or b"")
    formula = _F_ELEMENT.search(content)
    at = formula.end() if formula is not None else _LEADING.match(content).end()
    return b"<c" + attributes + b">" + content[:at] + value + content[at:] + b"</c>"


def splice_values(xml: bytes, values: dict[str, object], xml_value) -> tuple[bytes, dict] | None:
    """``values`` (cell -> value) spliced into the sheet part ``xml`` as its formula cells' cached values.

    ``xml_value`` turns a value into the cell's ``t`` and ``<v>`` text (:func:`.writer.xml_value`).
    Returns the new part and the writer's statistics, or None where the part is not in the plain form
    described in the module doc (the tree writer then takes it).
    """
    span = plain_sheet_data(xml)
    if span is None:
        return None
    start, end = span
    cells: dict[str, tuple] = {}  # ref -> (begin, end, attributes, content), in the order first met
    arrays = []  # (area, end of the anchor cell)
    if not _common_cells(xml, start, end, cells, arrays):
        cells.clear()
        arrays.clear()
        if not _any_cells(xml, start, end, cells, arrays):
            return None
    if arrays and not _spilled(xml, arrays, cells, end):
        return None
    stats = {"patched": 0, "inserted": 0, "not_computed": []}
    out, last = [], 0
    edits = []
    for ref, (begin, stop, attributes, content) in cells.items():
        if ref not in values:
            stats["not_computed"].append(ref)
            continue
        t, text = xml_value(values[ref])
        if _NOT_XML.search(text):
            return None  # lxml refuses such text; the tree writer says so
        edits.append((begin, stop, _rewritten(attributes, content, t, text)))
        stats["patched"] += 1
    edits.sort()
    for begin, stop, new in edits:
        out.append(xml[last:begin])
        out.append(new)
        last = stop
    out.append(xml[last:])
    return b"".join(out), stats


#: A formula cell as programs write it: ``r`` first, ``<f>`` its first child, at most a ``<v>`` after it.
_COMMON = re.compile(rb'<c( r="([A-Z]{1,3}[1-9][0-9]{0,6})"[^>]*)>'
                     rb'(<f(?:>[^<]*</f>|\s[^>]*?(?:/>|>[^<]*</f>)))(?:<v>[^<]*</v>)?</c>')


def _common_cells(xml: bytes, start: int, end: int, cells: dict, arrays: list) -> bool:
    """The formula cells found by one C-level scan for the common form; False unless every ``<f`` was in one."""
    found = 0
    for match in _COMMON.finditer(xml, start, end):
        found += 1
        formula = match[3]
        cells.setdefault(match[2].decode("ascii"), (match.start(), match.end(), match[1], formula))
        if b"array" in formula and _F_ARRAY.search(formula):
            spans = _F_REF.search(formula)
            if spans is not None:
                arrays.append((area((spans[1] if spans[1] is not None else spans[2]).decode("ascii")), match.end()))
    return found == len(_F.findall(xml, start, end))


def _any_cells(xml: bytes, start: int, end: int, cells: dict, arrays: list) -> bool:
    """The formula cells found from each ``<f`` one by one (any order of children, whitespace); False where
    one is not plainly a cell."""
    at = start
    while (found := _F.search(xml, at, end)) is not None:
        begin = xml.rfind(b"<c", start, found.start())
        located = _cell_at(xml, begin, end) if begin >= 0 else None
        if located is None or located[3] is None or located[1] <= found.start():
            return False
        ref = _reference(located[2])
        if ref is None:
            return False
        if xml.find(b"<c", _C_OPEN.match(xml, begin).end(), located[1]) >= 0:
            return False  # not one cell: leave it to the tree
        cells.setdefault(ref, located)
        formula = _F_ELEMENT.search(located[3])
        if formula is not None and _F_ARRAY.search(formula[0]):
            spans = _F_REF.search(formula[0])
            if spans is not None:
                arrays.append((area((spans[1] if spans[1] is not None else spans[2]).decode("ascii")), located[1]))
        at = located[1]
    return True


def _spilled(xml: bytes, arrays, cells: dict, end: int) -> bool:
    """Add the cells of array ranges to ``cells`` (in order after the formula cells); False if one is missing."""
    for (r1, c1, r2, c2), after in arrays:
        wanted = {ref for r in range(r1, r2 + 1) for c in range(c1, c2 + 1) if (ref := cell(r, c)) not in cells}
        for opened in _C_OPEN.finditer(xml, after, end) if wanted else ():
            ref = _reference(opened[1])
            if ref is None:
                return False
            if ref in wanted:
                located = _cell_at(xml, opened.start(), end)
                if located is None:
                    return False
                cells.setdefault(ref, located)
                wanted.discard(ref)
                if not wanted:
                    break
            elif position(ref)[0] > r2:
                break
        if wanted:
            return False
    return True
