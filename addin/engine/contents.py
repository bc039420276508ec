"""A workbook's contents as the engine needs them, read once from the package's XML (lxml).

For every sheet: its constant cells (number, text, boolean, error), its formula cells with the value
the saving program cached (``<v>``, absent where none was saved), shared formulas expanded to each
cell, array formulas with their range, and data-table cells. For the workbook: defined names (with the
sheet they belong to and whether they are hidden), the 1904 date system, the calculation settings
(``calcPr``), the program that saved it (``docProps/app.xml``), its external links and tables (their structured
references resolved into A1 references in every formula: :mod:`.tables`).

Parts are read through :func:`read_part` and parsed by :func:`parse_xml` only.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from formulas.tokens.operand import Error

from ..workbook.cells import area, position
from ..workbook.failures import WorkbookError
from ..workbook.ooxml import MAIN, NS, REL, parse_xml, read_part, relationships
from ..workbook.splice import plain_sheet_data
from . import dynamic_references, let_names
from . import tables as excel_tables

_N = NS
_APP = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}Application"
_ERRORS = Error.errors
NO_VALUE = object()  # a formula cell with no cached <v>


@dataclass
class Formula:
    """One formula cell (or the anchor of an array formula) as written in the sheet."""

    text: str  # as written; a shared formula's child has its master's text, written for the master's cell
    saved: object = NO_VALUE  # the cached value; an array formula's: see ``Sheet.values``
    array: tuple[int, int, int, int] | None = None  # (r1, c1, r2, c2) of an array formula
    problem: str | None = None  # "shared": a shared formula's child whose master is missing
    shared_from: tuple[int, int] | None = None  # the master cell of a shared formula's child
    written: str | None = None  # the text as the file holds it, where ``text`` has table references resolved

    def origin(self, row: int, column: int) -> tuple[int, int]:
        """The cell ``text`` is written for: the master's for a shared formula's child, else its own."""
        return self.shared_from or (row, column)


@dataclass
class Sheet:
    name: str
    part: str
    values: dict[tuple[int, int], object] = field(default_factory=dict)  # constants and cached values
    formulas: dict[tuple[int, int], Formula] = field(default_factory=dict)
    data_tables: list[tuple[int, int, int, int]] = field(default_factory=list)
    last_row: int = 0
    last_column: int = 0
    hidden_rows: frozenset[int] = frozenset()  # rows hidden by hand or by a filter (SUBTOTAL, AGGREGATE)
    filter_rows: tuple[int, int] | None = None  # the rows under the sheet's filter's header, where it has a criterion


@dataclass
class DefinedName:
    name: str
    text: str
    sheet: int | None  # localSheetId: the sheet the name belongs to, None = the whole workbook
    hidden: bool = False
    written: str | None = None  # the text as the file holds it, where ``text`` has table references resolved


@dataclass
class Contents:
    path: Path
    sheets: list[Sheet]
    names: list[DefinedName]
    date1904: bool = False
    application: str = ""
    calc: dict[str, str] = field(default_factory=dict)
    external_links: int = 0
    tables: list[str] = field(default_factory=list)
    table_parts: list[excel_tables.Table] = field(default_factory=list)  # the tables themselves (engine/tables.py)

    def sheet(self, name: str) -> Sheet | None:
        wanted = name.upper()
        return next((s for s in self.sheets if s.name.upper() == wanted), None)


def _text(element) -> str:
    """The text of a shared or inline string: every <t> except phonetic runs (<rPh>)."""
    return "".join(t.text or "" for t in element.iter(f"{{{MAIN}}}t")
                   if t.getparent().tag != f"{{{MAIN}}}rPh")


_V, _F, _IS = (f"{{{MAIN}}}{tag}" for tag in ("v", "f", "is"))
_C, _ROW = f"{{{MAIN}}}c", f"{{{MAIN}}}row"


def _value(v, inline, kind: str | None, strings: list[str], date1904: bool):
    """A cell's value from its <v> (or <is>) element and its type ``t``."""
    if kind == "inlineStr":
        return _text(inline) if inline is not None else NO_VALUE
    if v is None:
        return NO_VALUE
    text = v.text or ""
    if kind is None or kind == "n":
        try:
            return float(text)
        except ValueError:
            return text
    if kind == "s":
        try:
            return strings[int(text)]
        except (ValueError, IndexError):
            raise WorkbookError(f"er beskadiget: en celle henviser til tekst nr. {text[:20]}, som ikke findes i "
                                "pakkens tekster — åbn den i Excel og gem den igen") from None
    if kind == "str":
        return text
    if kind == "b":
        return text.strip() in ("1", "true", "TRUE")
    if kind == "e":
        return _ERRORS.get(text.strip(), _ERRORS["#VALUE!"])
    if kind == "d":
        return _iso_date(text, date1904)
    return text


def _iso_date(text: str, date1904: bool):
    """An ISO 8601 date-time cell (``t="d"``) as Excel's serial number (a time alone: a fraction of a day)."""
    try:
        moment = dt.datetime.fromisoformat(text.rstrip("Z"))
    except ValueError:
        try:
            moment = dt.time.fromisoformat(text)
        except ValueError:
            return text
        return (moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 1e6) / 86400
    origin = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
    return (moment.replace(tzinfo=None) - origin) / dt.timedelta(days=1)


def read_contents(path: str | Path) -> Contents:
    """Everything the engine needs from the workbook at ``path`` (checked by ``workbook.gate.check`` first)."""
    path = Path(path)
    with zipfile.ZipFile(path) as zf:
        names_in_zip = set(zf.namelist())
        workbook = parse_xml(read_part(zf, "xl/workbook.xml"))
        related = {rid: (rel.kind, rel.part if rel.part is not None else rel.target)
                   for rid, rel in relationships(zf, "xl/workbook.xml").items()}
        pr = workbook.find("m:workbookPr", _N)
        date1904 = pr is not None and pr.get("date1904", "").lower() in ("1", "true")
        calc = workbook.find("m:calcPr", _N)
        application = ""
        if "docProps/app.xml" in names_in_zip:
            app = parse_xml(read_part(zf, "docProps/app.xml")).find(_APP)
            application = (app.text or "").strip() if app is not None else ""
        strings: list[str] = []
        for kind, part in related.values():
            if kind == "sharedStrings" and part in names_in_zip:
                root = parse_xml(read_part(zf, part))
                strings = [_text(si) for si in root.iterfind("m:si", _N)]
        contents = Contents(path=path, sheets=[], names=[], date1904=date1904, application=application,
                            calc=dict(calc.attrib) if calc is not None else {},
                            external_links=sum(kind == "externalLink" for kind, _ in related.values()))
        for element in workbook.iterfind("m:definedNames/m:definedName", _N):
            local = element.get("localSheetId")
            contents.names.append(DefinedName(element.get("name", ""), element.text or "",
                                              int(local) if local is not None and local.isdigit() else None,
                                              element.get("hidden", "") in ("1", "true")))
        for element in workbook.iterfind("m:sheets/m:sheet", _N):
            rid = element.get(f"{{{REL}}}id")
            kind, part = related.get(rid, ("", ""))
            sheet = Sheet(element.get("name", ""), part)
            contents.sheets.append(sheet)
            if kind != "worksheet" or part not in names_in_zip:
                continue  # chart sheets, macro sheets (xlm) and dialog sheets hold no cells we compute
            _read_sheet(zf, sheet, strings, date1904)
            found = excel_tables.read_tables(zf, part, sheet.name, names_in_zip)
            contents.table_parts += found
            contents.tables += [table.name or "?" for table in found]
    excel_tables.resolve_references(contents)  # Tabel1[Beløb] -> 'Ark1'!$C$2:$C$7 (engine/tables.py)
    let_names.resolve_references(contents)  # LET(x,5,x+1) -> ((5)+1) (engine/let_names.py)
    dynamic_references.resolve_references(contents)  # OFFSET(A1,2,0) -> $A$3 (engine/dynamic_references.py)
    return contents


_DIGITS = "0123456789"


#: The most common cell of all, a plain number (``<c r="C10" s="3"><v>5</v></c>``) or a styled empty cell
#: (``<c r="C10" s="3"/>``), exactly as Excel, LibreOffice, openpyxl and xlsxwriter write it.
_PLAIN_NUMBER = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"(?: s="[0-9]{1,9}")?'
                           rb'(?:/>|><v>([-+.eE0-9]{1,40})</v></c>)')  # groups: letters, digits, value (None: empty)


_SLICE = 8 * 2**20  # bytes of sheet XML split at a time (ending at a row's end)


def _plain_numbers(xml: bytes, values: dict, columns: dict[str, int]) -> tuple[bytes, int, int, int]:
    """The plain number cells of a sheet part read in bulk, at C speed, into ``values``, and taken out of the
    part: (the rest of the part, cells read, last row, last column of those).

    Only where ``<sheetData>`` has the plain form (``workbook.splice.plain_sheet_data``: no comment, CDATA,
    prefix ...), so that every match is a cell; the rest keeps every other cell, in order, for lxml.
    """
    span = plain_sheet_data(xml)
    if span is None:
        return xml, 0, 0, 0
    start, end = span
    rest, count, last_row, last_column = [xml[:start]], 0, 0, 0
    numbers: dict[bytes, int] = {}  # column letters -> number
    row_numbers: dict[bytes, int] = {}  # row digits -> number: one int object per row, not per cell
    cached: dict[bytes, object] = {}  # a value's text -> its value: one float object per distinct number
    before = len(values)
    at = start
    while at < end:  # a slice of rows at a time, so that the pieces below stay small
        cut = xml.find(b"</row>", min(at + _SLICE, end), end)
        cut = end if cut < 0 else cut + len(b"</row>")
        pieces = _PLAIN_NUMBER.split(xml[at:cut])  # one pass: the rest, then letters, digits, value of each
        at = cut
        rest.append(b"".join(pieces[0::4]))
        letters, digits, texts = pieces[1::4], pieces[2::4], pieces[3::4]
        if None in texts:  # styled empty cells: nothing to read
            kept = [i for i, text in enumerate(texts) if text is not None]
            letters, digits, texts = [letters[i] for i in kept], [digits[i] for i in kept], [texts[i] for i in kept]
        if not texts:
            continue
        for name in {name for name in set(letters) if name not in numbers}:
            numbers[name] = columns[name.decode("ascii")] = position(name.decode("ascii") + "1")[1]
        for text in {text for text in set(digits) if text not in row_numbers}:
            row_numbers[text] = int(text)
        for text in {text for text in set(texts) if text not in cached}:
            try:
                cached[text] = float(text)
            except ValueError:
                cached[text] = text.decode("ascii")
        rows, numbered = list(map(row_numbers.__getitem__, digits)), list(map(numbers.__getitem__, letters))
        values.update(zip(zip(rows, numbered, strict=True), map(cached.__getitem__, texts), strict=True))
        count += len(rows)
        last_row, last_column = max(last_row, max(rows)), max(last_column, max(numbered))
    if len(values) != before + count:
        values.clear()  # a reference met twice: every cell read by lxml, in order
        return xml, 0, 0, 0
    rest.append(xml[end:])
    return b"".join(rest), count, last_row, last_column


def _read_sheet(zf: zipfile.ZipFile, sheet: Sheet, strings: list[str], date1904: bool) -> None:
    """Every cell of a sheet in one pass over its parsed XML, the common cell (a plain number) done inline.

    The work per cell is kept to what lxml's C code cannot do: a cell's column letters are turned into a
    number once per column (:func:`..workbook.cells.position` for anything but plain ``C10``), and a number
    cell's value is read without a call; every other cell goes through :func:`_value` as before.
    """
    original = read_part(zf, sheet.part)
    columns: dict[str, int] = {}  # column letters -> number, for references of plain letters and digits
    xml, numbers, last_row, last_column = _plain_numbers(original, sheet.values, columns)
    root = parse_xml(xml)
    if b"hidden=" in xml:  # a byte scan: most sheets hide no row (and a filter matters only over hidden rows)
        _read_rows(root, sheet)
    if _read_cells(root, sheet, strings, date1904, columns, numbers, last_row, last_column):
        return
    sheet.values.clear()  # a reference met twice (a damaged sheet): read again, every cell by lxml, in order
    sheet.formulas.clear()
    sheet.data_tables.clear()
    _read_cells(parse_xml(original), sheet, strings, date1904, columns, 0, 0, 0)


def _read_rows(root, sheet: Sheet) -> None:
    """The sheet's hidden rows (``<row hidden="1">``) and, where its filter has a criterion, the rows under the
    filter's header: what SUBTOTAL and AGGREGATE leave out (engine/excel_functions.py)."""
    sheet.hidden_rows = frozenset(
        int(r) for r in root.xpath("m:sheetData/m:row[@hidden='1' or @hidden='true']/@r", namespaces=_N)
        if r.isdigit())
    autofilter = root.find("m:autoFilter", _N)
    if autofilter is not None and any(len(c) for c in autofilter.iterfind("m:filterColumn", _N)):
        r1, _, r2, _ = area(autofilter.get("ref") or "A1")
        sheet.filter_rows = (r1 + 1, r2)


def _read_cells(root, sheet: Sheet, strings: list[str], date1904: bool, columns: dict[str, int], numbers: int,
                last_row: int, last_column: int) -> bool:
    """The cells left in the parsed part after :func:`_plain_numbers`; False if a reference is met twice."""
    masters: dict[str, tuple[int, int, Formula]] = {}
    values, formulas = sheet.values, sheet.formulas
    stored = 0
    data = root.find("m:sheetData", _N)
    for c in data.iter(_C) if data is not None else ():
        ref = c.get("r")
        if ref is None:
            continue  # cells without a reference are not written by the programs we read
        letters = ref.rstrip(_DIGITS)
        column = columns.get(letters)
        if column is None:
            row, column = position(ref)
            if letters.isalpha() and len(letters) < len(ref):
                columns[letters] = column
        else:
            row = int(ref[len(letters):])
        v = f = inline = None
        for child in c:
            tag = child.tag
            if tag == _V:
                v = child
            elif tag == _F:
                f = child
            elif tag == _IS:
                inline = child
        kind = c.get("t")
        if v is not None and (kind is None or kind == "n"):
            text = v.text or ""
            try:
                value = float(text)
            except ValueError:
                value = text
        else:
            value = _value(v, inline, kind, strings, date1904)
        if value is not NO_VALUE or f is not None:
            if row > last_row:
                last_row = row
            if column > last_column:
                last_column = column
        if f is None:
            if value is not NO_VALUE:
                values[(row, column)] = value
                stored += 1
            continue
        f_kind = f.get("t", "normal")
        if f_kind == "dataTable":
            sheet.data_tables.append(area(f.get("ref") or ref))
            if value is not NO_VALUE:
                values[(row, column)] = value
                stored += 1
            continue
        text = f.text or ""
        if not text and f_kind != "shared":  # <f/> inside a spilled range: the value belongs to the array
            if value is not NO_VALUE:
                values[(row, column)] = value
                stored += 1
            continue
        if f_kind == "shared" and not text:
            master = masters.get(f.get("si"))
            if master is None:
                formula = Formula("", value, problem="shared")
            else:
                m_row, m_column, m_formula = master
                formula = Formula(m_formula.text, value, shared_from=(m_row, m_column))
        else:
            formula = Formula(text, value)
            if f_kind == "shared":
                masters[f.get("si")] = (row, column, formula)
        if f_kind == "array":
            formula.array = area(f.get("ref") or ref)
            last_row, last_column = max(last_row, formula.array[2]), max(last_column, formula.array[3])
        formulas[(row, column)] = formula
        if value is not NO_VALUE:
            values[(row, column)] = value
            stored += 1
    sheet.last_row, sheet.last_column = last_row, last_column
    return len(values) == numbers + stored


def formula_values(contents: Contents) -> dict[tuple[str, int, int], object]:
    """(sheet name, row, column) -> the cached value of every formula cell that has one, array ranges cell by
    cell: what the saving program computed, or what a refresh wrote."""
    out = {}
    for sheet in contents.sheets:
        for (row, column), formula in sheet.formulas.items():
            r1, c1, r2, c2 = formula.array or (row, column, row, column)
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (r, c) in sheet.values:
                        out[(sheet.name, r, c)] = sheet.values[(r, c)]
    return out
