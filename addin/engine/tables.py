"""Excel tables and their structured references, resolved into ordinary A1 references before a formula is read.

An Excel table (*Tabel*, Insert ▸ Table) is a part of its own (``xl/tables/table1.xml``), linked from its
sheet's relationships: its name, its area (``ref``), whether it has a header row and a totals row, and its
columns by name, each with the formula of a calculated column (``calculatedColumnFormula``) and the totals
row's function (``totalsRowFunction``/``totalsRowFormula``). A formula refers to a table by *structured
reference*, as Microsoft documents it ("Using structured references with Excel tables", support.microsoft.com,
f5ed2452-2337-4f71-bed3-c8ae6d2b276e):

- ``Tabel1[Beløb]``: the column's data rows; ``Tabel1[[Fra]:[Til]]``: the columns from one to the other;
- ``Tabel1[#All]``, ``[#Data]``, ``[#Headers]``, ``[#Totals]`` and the pairs ``[[#Headers],[#Data]]`` and
  ``[[#Data],[#Totals]]``, each alone or with a column (``Tabel1[[#Totals],[Beløb]]``); no item: ``[#Data]``;
- ``Tabel1[[#This Row],[Beløb]]`` (Excel shows ``Tabel1[@Beløb]``, and writes ``[#This Row]`` in the file):
  the column's cell in the formula's own row;
- a reference inside the table may leave out the table's name (``[@Beløb]``, ``SUBTOTAL(109,[Beløb])``);
- the table's name alone (``=SUM(Tabel1)``) is its data rows;
- in a column name, ``'`` escapes the characters ``[ ] # '`` (``[Pris'#]`` is the column ``Pris#``).

The file holds the specifiers in English whatever the language of Excel; the Danish ones Excel shows
(``#Alle``, ``#Data``, ``#Overskrifter``, ``#Totaler``, ``#Denne række``) are read too. Names compare
regardless of case, as in Excel.

:func:`resolve_references` rewrites each formula of the workbook (and each defined name) with its structured
references as absolute A1 references on the table's sheet (``'Salg'!$C$2:$C$7``; a row of ``#This Row`` is
relative, ``'Salg'!$C5``, so a copied formula moves with its row), written for the cell the formula's text is
written for. The engine then reads, groups and computes the formula as any other. A structured reference
that cannot be resolved — an unknown table or column, ``#This Row`` outside the table's rows, a combination
Excel does not have, ``#Headers`` of a table without a header row, ``#Totals`` of one without a totals row
(Microsoft: "returns null") — is left as written, and the formula keeps the problem "table"
(:mod:`.formula_text`): kept or refused by name, never guessed.

The cells of a calculated column and of the totals row hold their formulas themselves (Excel writes both);
the formulas in the table part are what Excel fills new rows with, so the engine computes the cells' own.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field

from ..workbook.cells import area, column_letters
from ..workbook.ooxml import NS, parse_xml, read_part, relationships
from .formula_text import quote_sheet

#: The item specifiers, by upper-case spelling (English, as in the file, and Danish, as Excel shows them).
SPECIFIERS = {"#ALL": "all", "#ALLE": "all", "#DATA": "data", "#HEADERS": "headers", "#OVERSKRIFTER": "headers",
              "#TOTALS": "totals", "#TOTALER": "totals", "#THIS ROW": "row", "#DENNE RÆKKE": "row"}


@dataclass
class Column:
    """One column of a table: its name, and the formulas the table part holds for it."""

    name: str
    calculated: str | None = None  # calculatedColumnFormula: what a new data row of the column gets
    totals_function: str | None = None  # totalsRowFunction: sum, average, count, custom ...
    totals_formula: str | None = None  # totalsRowFormula: the totals cell's formula for "custom"


@dataclass
class Table:
    """An Excel table: its name, sheet, area and columns (``xl/tables/tableN.xml``)."""

    name: str  # displayName: what formulas call it
    sheet: str  # the sheet's name as the officer sees it
    r1: int
    c1: int
    r2: int
    c2: int
    header_rows: int = 1
    totals_rows: int = 0
    columns: list[Column] = field(default_factory=list)
    filtered: bool = False  # its autoFilter has a criterion: hidden rows in it are filtered out

    def column(self, name: str) -> int | None:
        """The sheet column number of the table column ``name`` (any case), None if it has none."""
        wanted = name.upper()
        for i, column in enumerate(self.columns):
            if column.name.upper() == wanted:
                return self.c1 + i
        return None

    def rows(self, part: str) -> tuple[int, int] | None:
        """(first, last) row of an area of the table (``all``, ``data``, ``headers``, ``totals``,
        ``headers+data``, ``data+totals``); None where the table has no such rows."""
        first_data, last_data = self.r1 + self.header_rows, self.r2 - self.totals_rows
        found = {
            "all": (self.r1, self.r2),
            "data": (first_data, last_data),
            "headers": (self.r1, first_data - 1) if self.header_rows else None,
            "totals": (last_data + 1, self.r2) if self.totals_rows else None,
            "headers+data": (self.r1, last_data),
            "data+totals": (first_data, self.r2),
        }[part]
        return found if found is None or found[0] <= found[1] else None


def read_table(root, sheet: str) -> Table:
    """A table part (its parsed root element) of the sheet named ``sheet``."""
    r1, c1, r2, c2 = area(root.get("ref") or "A1")
    columns = []
    for element in root.iterfind("m:tableColumns/m:tableColumn", NS):
        calculated = element.find("m:calculatedColumnFormula", NS)
        totals = element.find("m:totalsRowFormula", NS)
        columns.append(Column(element.get("name", ""), calculated.text if calculated is not None else None,
                              element.get("totalsRowFunction"), totals.text if totals is not None else None))
    autofilter = root.find("m:autoFilter", NS)
    filtered = autofilter is not None and any(len(column) for column in autofilter.iterfind("m:filterColumn", NS))
    return Table(root.get("displayName") or root.get("name") or "", sheet, r1, c1, r2, c2,
                 int(root.get("headerRowCount", "1") or 1), int(root.get("totalsRowCount", "0") or 0), columns,
                 filtered)


def read_tables(zf: zipfile.ZipFile, part: str, sheet: str, names_in_zip: set[str]) -> list[Table]:
    """The tables of the sheet whose part is ``part``, found through its relationships."""
    found = []
    for rel in relationships(zf, part).values():
        if rel.kind == "table" and rel.part in names_in_zip:
            found.append(read_table(parse_xml(read_part(zf, rel.part), rel.part), sheet))
    return found


# --- structured references -------------------------------------------------------------------------

_SCAN = re.compile(r"""
  (?P<string>"(?:[^"]|"")*")
| (?P<quoted>'(?:[^']|'')*')
| (?P<word>(?:[^\W\d]|[\\_])[\w.\\]*)
| (?P<open>\[)
| (?P<other>.)
""", re.X | re.S)


class _Unreadable(ValueError):
    pass


def _name(text: str, i: int) -> tuple[str, int]:
    """A column name or specifier from ``text[i]`` to its unescaped ``]`` (exclusive): (name, index of ``]``)."""
    out = []
    while i < len(text):
        char = text[i]
        if char == "'":
            if i + 1 >= len(text):
                raise _Unreadable("'")
            out.append(text[i + 1])
            i += 2
            continue
        if char == "]":
            return "".join(out), i
        if char == "[":
            raise _Unreadable("[")
        out.append(char)
        i += 1
    raise _Unreadable("]")


def _simple_name(text: str, i: int) -> tuple[str, int]:
    """A column name without brackets, from ``text[i]`` to the next ``,``, ``:`` or ``]``: (name, its end)."""
    out = []
    while i < len(text) and text[i] not in ",:]":
        if text[i] in "[#@":
            raise _Unreadable(text[i])
        if text[i] == "'":
            if i + 1 >= len(text):
                raise _Unreadable("'")
            i += 1
        out.append(text[i])
        i += 1
    if not out:
        raise _Unreadable("name")
    return "".join(out), i


def _skip_spaces(text: str, i: int) -> int:
    while i < len(text) and text[i] == " ":
        i += 1
    return i


def _items(text: str, i: int) -> tuple[list[str], int]:
    """``[a],[b]:[c]`` (a simple name may go without brackets: ``[#This Row],b``) from ``text[i]`` to the outer
    ``]``: the names and separators, and the index after the outer ``]``."""
    items = []
    while True:
        i = _skip_spaces(text, i)
        if i < len(text) and text[i] == "[":
            name, i = _name(text, i + 1)
            i += 1
        else:  # a simple column name needs no brackets in the list: [[#This Row],Antal] (xlsxwriter writes it)
            name, i = _simple_name(text, i)
        items.append(name.strip())
        i = _skip_spaces(text, i)
        if i < len(text) and text[i] in ",:":
            items.append(text[i])
            i += 1
            continue
        if i < len(text) and text[i] == "]":
            return items, i + 1
        raise _Unreadable("]")


def parse_brackets(text: str, i: int) -> tuple[list[str], int]:
    """The bracketed part of a structured reference starting at ``text[i]`` (a ``[``): its items (names,
    specifiers, ``","`` and ``":"``) and the index after it. ``[@Beløb]`` gives ``["#This Row", ",", "Beløb"]``."""
    j = _skip_spaces(text, i + 1)
    if j < len(text) and text[j] == "[":
        return _items(text, j)
    if j < len(text) and text[j] == "@":
        k = _skip_spaces(text, j + 1)
        if k < len(text) and text[k] == "]":
            return ["#This Row"], k + 1
        if k < len(text) and text[k] == "[":
            items, end = _items(text, k)
            return ["#This Row", ","] + items, end
        name, end = _name(text, k)
        return ["#This Row", ",", name.strip()], end + 1
    name, end = _name(text, i + 1)
    name = name.strip()
    return ([name] if name else []), end + 1


def _a1(table: Table, rows: tuple[int, int], columns: tuple[int, int], this_row: bool) -> str:
    dollar_row = "" if this_row else "$"
    first = f"${column_letters(columns[0])}{dollar_row}{rows[0]}"
    last = f"${column_letters(columns[1])}{dollar_row}{rows[1]}"
    return quote_sheet(table.sheet) + "!" + (first if first == last else f"{first}:{last}")


def reference(table: Table, items: list[str], row: int | None) -> str | None:
    """The A1 text of ``table`` with the bracketed ``items`` (:func:`parse_brackets`), for a formula written
    for a cell in row ``row`` (None: a defined name, which has no row); None if Excel has no such reference."""
    parts, names, separators = set(), [], []
    for item in items:
        if item in (",", ":"):
            separators.append(item)
            continue
        kind = SPECIFIERS.get(item.upper()) if item.startswith("#") else None
        if kind is not None:
            if names or kind in parts:
                return None  # a specifier after a column, or twice
            parts.add(kind)
        else:
            names.append(item)
    if len(names) > 2 or (len(names) == 2 and separators[-1:] != [":"]) or separators.count(":") > (len(names) == 2):
        return None
    if len(names) < 2 and ":" in separators:
        return None
    if names:
        numbers = [table.column(name) for name in names]
        if None in numbers:
            return None
        columns = (min(numbers), max(numbers))
    else:
        columns = (table.c1, table.c2)
    if parts == {"row"}:
        first, last = table.rows("data")
        if row is None or not first <= row <= last:
            return None
        return _a1(table, (row, row), columns, this_row=True)
    which = {frozenset(): "data", frozenset({"all"}): "all", frozenset({"data"}): "data",
             frozenset({"headers"}): "headers", frozenset({"totals"}): "totals",
             frozenset({"headers", "data"}): "headers+data", frozenset({"data", "totals"}): "data+totals"}
    part = which.get(frozenset(parts))
    rows = table.rows(part) if part is not None else None
    if rows is None:
        return None
    return _a1(table, rows, columns, this_row=False)


def resolve(text: str, tables: dict[str, Table], sheet: str | None = None, row: int | None = None,
            column: int | None = None) -> str:
    """``text`` (a formula, with or without ``=``) with its structured references as A1 references.

    ``tables``: the workbook's tables by upper-case name. ``sheet``/``row``/``column``: the cell the text is
    written for (a reference without a table's name belongs to the table around that cell); None for a
    defined name. A reference that cannot be resolved stays as written.
    """
    if "[" not in text and not any(name in text.upper() for name in tables):
        return text
    out = []
    last = ""  # the last character written that is not a space
    i = 0
    while i < len(text):
        match = _SCAN.match(text, i)
        kind, chunk = match.lastgroup, match[0]
        end = match.end()
        if kind == "word" and last not in ("!", "]"):
            table = tables.get(chunk.upper())
            following = text[end:end + 1]
            if table is not None and following == "[":
                found = _resolved(text, end, table, row)
                if found is None:  # not readable: the rest stays as written
                    return "".join(out) + text[i:]
                resolved, after = found
                out.append(resolved if resolved is not None else text[i:after])
                last, i = "a", after
                continue
            if table is not None and following not in ("(", "!") and not _name_char(following):
                out.append(_a1(table, table.rows("data"), (table.c1, table.c2), this_row=False))
                last, i = "a", end
                continue
        elif kind == "open" and not _name_char(last):
            table = _around(tables, sheet, row, column)
            found = _resolved(text, i, table, row) if table is not None else None
            if found is None:  # no table around the cell, an external reference ([1]Ark1!A1), unreadable
                return "".join(out) + text[i:]
            resolved, after = found
            if resolved is None or _name_char(text[after:after + 1]) or text[after:after + 1] in ("'", "!"):
                return "".join(out) + text[i:]
            out.append(resolved)
            last, i = "a", after
            continue
        out.append(chunk)
        if not chunk.isspace():
            last = chunk[-1]
        i = end
    return "".join(out)


def _name_char(char: str) -> bool:
    return bool(char) and (char.isalnum() or char in "_.\\")


def _resolved(text: str, i: int, table: Table, row: int | None) -> tuple[str | None, int] | None:
    """(the A1 text or None, the index after the brackets) of the brackets at ``text[i]``; None if unreadable."""
    try:
        items, after = parse_brackets(text, i)
    except _Unreadable:
        return None
    return reference(table, items, row), after


def _around(tables: dict[str, Table], sheet: str | None, row: int | None, column: int | None) -> Table | None:
    """The table whose area holds the cell (sheet, row, column), if any."""
    if sheet is None or row is None or column is None:
        return None
    wanted = sheet.upper()
    for table in tables.values():
        if table.sheet.upper() == wanted and table.r1 <= row <= table.r2 and table.c1 <= column <= table.c2:
            return table
    return None


def resolve_references(contents) -> None:
    """Every formula and defined name of ``contents`` (a :class:`.contents.Contents`) with its structured
    references resolved (:func:`resolve`), each formula for the cell its text is written for; the text as the
    file holds it stays in ``written`` (what a rewrite of the formula, ``trappen upgrade``, writes back)."""
    if not contents.table_parts:
        return
    tables = {table.name.upper(): table for table in contents.table_parts}
    for sheet in contents.sheets:
        done: dict[tuple[str, int, int], str] = {}
        for (row, column), formula in sheet.formulas.items():
            if not formula.text:
                continue
            origin = formula.origin(row, column)
            key = (formula.text, *origin)
            if key not in done:
                done[key] = resolve(formula.text, tables, sheet.name, *origin)
            if done[key] != formula.text:
                formula.written, formula.text = formula.text, done[key]
    for name in contents.names:
        resolved = resolve(name.text, tables)
        if resolved != name.text:
            name.written, name.text = name.text, resolved
