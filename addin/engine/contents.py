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
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from formulas.tokens.operand import Error

from ..workbook.cells import area, position
from ..workbook.failures import WorkbookError
from ..workbook.ooxml import MAIN, NS, REL, parse_xml, read_part, relationships
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
    return contents


def _read_sheet(zf: zipfile.ZipFile, sheet: Sheet, strings: list[str], date1904: bool) -> None:
    root = parse_xml(read_part(zf, sheet.part))
    masters: dict[str, tuple[int, int, Formula]] = {}
    last_row = last_column = 0
    data = root.find("m:sheetData", _N)
    for c in data.iter(_C) if data is not None else ():
        ref = c.get("r")
        if ref is None:
            continue  # cells without a reference are not written by the programs we read
        row, column = position(ref)
        v = f = inline = None
        for child in c:
            tag = child.tag
            if tag == _V:
                v = child
            elif tag == _F:
                f = child
            elif tag == _IS:
                inline = child
        value = _value(v, inline, c.get("t"), strings, date1904)
        if value is not NO_VALUE or f is not None:
            last_row, last_column = max(last_row, row), max(last_column, column)
        if f is None:
            if value is not NO_VALUE:
                sheet.values[(row, column)] = value
            continue
        f_kind = f.get("t", "normal")
        if f_kind == "dataTable":
            sheet.data_tables.append(area(f.get("ref") or ref))
            if value is not NO_VALUE:
                sheet.values[(row, column)] = value
            continue
        text = f.text or ""
        if not text and f_kind != "shared":  # <f/> inside a spilled range: the value belongs to the array
            if value is not NO_VALUE:
                sheet.values[(row, column)] = value
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
        sheet.formulas[(row, column)] = formula
        if value is not NO_VALUE:
            sheet.values[(row, column)] = value
    sheet.last_row, sheet.last_column = last_row, last_column


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
