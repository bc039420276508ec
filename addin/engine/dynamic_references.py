"""OFFSET and INDIRECT with static arguments, resolved into the A1 reference they denote before a formula is read.

OFFSET and INDIRECT are reference functions: the cells they refer to are known only when they run, while the
engine fixes the order it computes cells in before computing any. Where their arguments cannot change — number
literals, string literals, or single cells holding a constant (not a formula) — their target is known when the
workbook is read, and :func:`resolve_references` rewrites the call as that reference, as :mod:`.tables` rewrites
structured references; the file's own text stays in ``written``. Excel's rules, from Microsoft's pages:

- "OFFSET function" (support.microsoft.com, c8de19ae-dd79-4b9b-a14e-b4d906d11b66): ``OFFSET(reference, rows,
  cols, [height], [width])``; reference a cell or range of adjacent cells; height and width default to the
  reference's; "If rows and cols offset reference over the edge of the worksheet, OFFSET returns the #REF!
  error value" (``OFFSET(D3,-3,-3)``: #REF!). Height and width "must be a positive number": a zero or negative
  one, and a rows/cols/height/width that is not a whole number, are left as written (the page does not say
  what Excel does with them).
- "INDIRECT function" (support.microsoft.com, 474b3a3a-8a26-4f44-b491-92b6306fa261): ``INDIRECT(ref_text,
  [a1])``, ref_text an A1 reference (or R1C1 where a1 is FALSE); a reference to another sheet that does not
  exist is not a valid reference: #REF!. A defined name whose text is one reference to a sheet is that
  reference ("George" in the page's example). Any other text is left as written.

A call whose arguments are not static stays as written: the engine keeps or refuses the cell by name
("Excel-funktion … OFFSET"), as before. A shared formula is resolved once for all its cells (its text is its
first cell's), so there a cell argument must be absolute (``$B$1``): a relative one is another cell in each copy.
"""

from __future__ import annotations

import re

from . import formula_text as refs

_FUNCTIONS = ("OFFSET", "INDIRECT")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_R1C1 = re.compile(r"R(\[-?[0-9]+\]|[0-9]+)C(\[-?[0-9]+\]|[0-9]+)", re.I)
REF_ERROR = "#REF!"


class _NotStatic(Exception):
    """An argument whose value is known only when the formula is computed."""


class _Context:
    """The workbook (a :class:`.contents.Contents`) and the cell a formula's text is written for."""

    def __init__(self, contents, sheet: str, row: int, column: int, shared: bool, areas: dict | None = None):
        self.contents, self.sheet, self.row, self.column, self.shared = contents, sheet, row, column, shared
        self.areas = {} if areas is None else areas  # sheet name -> its computed areas, found once

    def computed(self, sheet, row: int, column: int) -> bool:
        if sheet.name not in self.areas:
            self.areas[sheet.name] = _computed_areas(sheet)
        return _computed(self.areas[sheet.name], row, column)

    def constant(self, ref: refs.Ref):
        """The constant a single-cell reference holds (a number or text); _NotStatic if it is a formula."""
        if ref.kind != "area" or ref.book is not None or (ref.r1, ref.c1) != (ref.r2, ref.c2):
            raise _NotStatic
        if self.shared and not all(ref.absolute):
            raise _NotStatic  # another cell in each copy of a shared formula
        sheet = self.contents.sheet(ref.sheet or self.sheet)
        if sheet is None or (ref.r1, ref.c1) in sheet.formulas or self.computed(sheet, ref.r1, ref.c1):
            raise _NotStatic
        value = sheet.values.get((ref.r1, ref.c1))
        if isinstance(value, bool) or not isinstance(value, (float, int, str)):
            raise _NotStatic  # empty, a boolean, an error: left to Excel
        return value


def _computed(areas: list, row: int, column: int) -> bool:
    """Whether the cell is inside one of ``areas`` (array formulas' and data tables'): computed, not typed."""
    return any(r1 <= row <= r2 and c1 <= column <= c2 for r1, c1, r2, c2 in areas)


def _computed_areas(sheet) -> list[tuple[int, int, int, int]]:
    return [f.array for f in sheet.formulas.values() if f.array is not None] + list(sheet.data_tables)


def _reference(text: str) -> refs.Ref | None:
    """The text as a single reference (``A1``, ``'Ark 1'!$B$2:C5``, ``(A1)``), or None."""
    text = text.strip()
    while text[:1] == "(" and text[-1:] == ")" and not set("()") & set(text[1:-1]):
        text = text[1:-1].strip()
    try:
        pieces = refs.read(text)
    except refs.FormulaSyntaxError:
        return None
    if len(pieces.parts) != 1 or not isinstance(pieces.parts[0], refs.Ref) or pieces.problems:
        return None
    return pieces.parts[0]


def _value(text: str, context: _Context):
    """A static argument's value: a number or string literal, TRUE/FALSE, or a constant cell's value (each may
    stand in parentheses, as a LET's value does once written out: :mod:`.let_names`)."""
    text = text.strip()
    while text[:1] == "(" and text[-1:] == ")" and not set("()") & set(text[1:-1]):
        text = text[1:-1].strip()
    if _NUMBER.fullmatch(text):
        return float(text)
    if len(text) >= 2 and text[0] == text[-1] == '"' and '"' not in text[1:-1].replace('""', ""):
        return text[1:-1].replace('""', '"')
    if text.upper() in ("TRUE", "FALSE"):
        return text.upper() == "TRUE"
    ref = _reference(text)
    if ref is None:
        raise _NotStatic
    return context.constant(ref)


def _whole(value) -> int:
    if isinstance(value, bool) or not isinstance(value, float) or not value.is_integer():
        raise _NotStatic
    return int(value)


def _write(ref: refs.Ref) -> str:
    return refs.write(refs.Pieces((ref,)))


def offset(args: list[str], context: _Context) -> str:
    """The reference ``OFFSET(args)`` denotes, or ``#REF!`` off the sheet; _NotStatic where not known."""
    if not 3 <= len(args) <= 5:
        raise _NotStatic
    ref = _reference(args[0])
    if ref is None or ref.kind != "area" or ref.book is not None:
        raise _NotStatic
    if ref.sheet is not None and context.contents.sheet(ref.sheet) is None:
        raise _NotStatic
    rows, columns = (_whole(_value(a, context)) for a in args[1:3])
    height = _whole(_value(args[3], context)) if len(args) > 3 and args[3].strip() else ref.r2 - ref.r1 + 1
    width = _whole(_value(args[4], context)) if len(args) > 4 and args[4].strip() else ref.c2 - ref.c1 + 1
    if height < 1 or width < 1:
        raise _NotStatic  # "must be a positive number": Excel's answer otherwise is not documented
    r1, c1 = ref.r1 + rows, ref.c1 + columns
    moved = refs.Ref(ref.sheet, r1, c1, r1 + height - 1, c1 + width - 1, ref.absolute)
    if not moved.valid:
        if context.shared and not all(ref.absolute):
            raise _NotStatic  # the first cell's is off the sheet; a copy's, moved along, may not be
        return REF_ERROR
    if not context.shared:
        return _write(refs.Ref(ref.sheet, moved.r1, moved.c1, moved.r2, moved.c2, (True,) * 4))
    # a shared formula: the result moves with its copies as the reference does, which needs both corners
    # fixed or free alike (A1:B2, $A$1:$B$2, $A1:$B2): a mixed one (A1:A$5) changes size from copy to copy
    if ref.absolute[0] != ref.absolute[2] or ref.absolute[1] != ref.absolute[3]:
        raise _NotStatic
    return _write(moved)


def indirect(args: list[str], context: _Context) -> str:
    """The reference ``INDIRECT(args)`` denotes, or ``#REF!`` for another sheet that does not exist."""
    if not 1 <= len(args) <= 2:
        raise _NotStatic
    text = _value(args[0], context)
    a1 = _value(args[1], context) if len(args) == 2 and args[1].strip() else True
    if not isinstance(text, str) or a1 not in (True, False, 1.0, 0.0):
        raise _NotStatic
    text = text.strip()
    if not a1:
        text = _from_r1c1(text, context)
    ref = _reference(text)
    if ref is None and a1:
        ref = _named(text, context)
    if ref is None or ref.book is not None:
        raise _NotStatic
    if ref.sheet is not None and context.contents.sheet(ref.sheet) is None:
        return REF_ERROR
    return _write(refs.Ref(ref.sheet, ref.r1, ref.c1, ref.r2, ref.c2, (True,) * 4, ref.kind))


def _named(text: str, context: _Context) -> refs.Ref | None:
    """The reference a defined name stands for, where its text is one plain reference to a sheet (Microsoft's
    example: "George" names B4, and =INDIRECT(A4) over "George" is B4's value); the sheet's own name first."""
    if not re.fullmatch(r"[^\W\d][\w.]*", text):
        return None
    sheets = [sheet.name.upper() for sheet in context.contents.sheets]
    own = sheets.index(context.sheet.upper()) if context.sheet.upper() in sheets else None
    found = [name for name in context.contents.names if name.name.upper() == text.upper()
             and name.sheet in (None, own)]
    found.sort(key=lambda name: name.sheet is None)  # a sheet's own name hides the workbook's
    ref = _reference(found[0].text) if found else None
    return ref if ref is not None and ref.sheet is not None else None


def _from_r1c1(text: str, context: _Context) -> str:
    """An R1C1 cell (``R2C3``, ``'Ark 1'!R[-1]C[2]``, relative to the formula's cell) as A1 text."""
    prefix, _, cell = text.rpartition("!")
    match = _R1C1.fullmatch(cell)
    if match is None or (context.shared and "[" in cell):
        raise _NotStatic

    def number(part: str, origin: int) -> int:
        return origin + int(part[1:-1]) if part.startswith("[") else int(part)

    row, column = number(match[1], context.row), number(match[2], context.column)
    if not (1 <= row <= refs.MAX_ROW and 1 <= column <= refs.MAX_COLUMN):
        raise _NotStatic
    return (prefix + "!" if prefix else "") + f"{refs.column_letters(column)}{row}"


_RESOLVERS = {"OFFSET": offset, "INDIRECT": indirect}


def resolve(text: str, contents, sheet: str, row: int, column: int, shared: bool = False,
            areas: dict | None = None) -> str:
    """``text`` (a formula, with or without ``=``) with each static OFFSET and INDIRECT as the reference it denotes.

    ``contents``: the workbook's (its constant cells); ``sheet``/``row``/``column``: the cell the text is written
    for; ``shared``: the text is a shared formula's, computed by copies in other cells too. A call that is not
    static stays as written; calls inside its arguments are resolved first. ``areas``: a cache of each sheet's
    array formulas' and data tables' areas (whose cells hold computed values, never constants).
    """
    upper = text.upper()
    if not any(name + "(" in upper.replace(" ", "") for name in _FUNCTIONS):
        return text
    areas = {} if areas is None else areas
    context = _Context(contents, sheet, row, column, shared, areas)

    def static(name: str, args: list[str]) -> str | None:
        try:
            return _RESOLVERS[name](args, context)
        except _NotStatic:
            return None

    return refs.rewrite_calls(text, _RESOLVERS, static, lambda args: [
        resolve(a, contents, sheet, row, column, shared, areas) for a in args])


def resolve_references(contents) -> None:
    """Every formula of ``contents`` (a :class:`.contents.Contents`) with its static OFFSET and INDIRECT calls
    resolved (:func:`resolve`), for the cell its text is written for; the file's text stays in ``written``."""
    areas: dict = {}
    for sheet in contents.sheets:
        masters = {f.shared_from for f in sheet.formulas.values() if f.shared_from is not None}
        done: dict[tuple[str, int, int], str] = {}
        for (row, column), formula in sheet.formulas.items():
            upper = (formula.text or "").upper()
            if "OFFSET" not in upper and "INDIRECT" not in upper:
                continue
            origin = formula.origin(row, column)
            key = (formula.text, *origin)
            if key not in done:
                shared = formula.shared_from is not None or origin in masters
                done[key] = resolve(formula.text, contents, sheet.name, *origin, shared=shared, areas=areas)
            if done[key] != formula.text:
                if formula.written is None:
                    formula.written = formula.text
                formula.text = done[key]
