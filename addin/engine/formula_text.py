"""A formula's text and the references in it: found once, shifted to other cells, written back.

A formula is read (:func:`read`) into *pieces*: literal text (operators, numbers, strings, function
names) and :class:`Ref` / :class:`Name` objects. From the pieces the refresh

- tells copies of one formula apart from distinct formulas (:func:`copy_key`, the formula's text with its
  references in R1C1 form: ``=C10*$B$2`` in D20 and ``=D10*$B$2`` in E20 are the same copied formula);
- moves a formula to another cell (:func:`shift`: a shared formula's children, a relative name);
- writes it back as A1 text (:func:`write`), or, for the ``formulas`` parser, each reference on a plain
  sheet alias (:func:`a1`, used by ``Evaluation.render``), so sheet names with apostrophes, spaces or
  Danish letters never reach its parser, and whole columns or rows bounded by the sheet's used range;
- marks the empty arguments of our functions in that text (:func:`mark_left_out`), for ``functions``.

What the engine cannot compute is recognised here by name: references to other workbooks
(``[1]Budget!A1``), table references (``Tabel1[Beløb]``) and 3-D references (``Ark1:Ark3!A1``).
Column letters and numbers are :mod:`..workbook.cells`'.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from ..workbook.cells import column_letters, column_number

MAX_ROW = 1_048_576
MAX_COLUMN = 16_384

_TOKEN = re.compile(r"""
  (?P<string>"(?:[^"]|"")*")
| (?P<sheet>(?:'(?:[^']|'')+'|\[[^\]]+\](?:[^\W\d][\w.]*)?|[^\W\d][\w.]*)(?::(?:'(?:[^']|'')+'|[^\W\d][\w.]*))?!)
| (?P<error>\#(?:NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A|GETTING_DATA|SPILL!|CALC!))
| (?P<area>\$?[A-Za-z]{1,3}\$?[0-9]+(?::\$?[A-Za-z]{1,3}\$?[0-9]+)?)(?![\w.(\[!])
| (?P<columns>\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3})(?![\w.(\[!])
| (?P<rows>\$?[0-9]+:\$?[0-9]+)(?![\w.(\[!])
| (?P<word>(?:[^\W\d]|\\)[\w.]*)(?P<call>\s*\()?
| (?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)
| (?P<other>.)
""", re.X | re.S)
_CELL = re.compile(r"(\$?)([A-Za-z]{1,3})(\$?)([0-9]+)")
_COLUMN = re.compile(r"(\$?)([A-Za-z]{1,3})")
_ROW = re.compile(r"(\$?)([0-9]+)")


class FormulaSyntaxError(ValueError):
    """A formula whose references cannot be read (the message names what)."""


@dataclass(frozen=True)
class Ref:
    """A cell, area, whole column(s) or whole row(s), on a sheet (``None``: the formula's own sheet).

    Rows and columns are 1-based; ``absolute`` holds the ``$`` of (row 1, column 1, row 2, column 2).
    ``kind`` is ``"area"`` (cells), ``"columns"`` (``A:C``) or ``"rows"`` (``3:5``).
    """

    sheet: str | None
    r1: int
    c1: int
    r2: int
    c2: int
    absolute: tuple[bool, bool, bool, bool]
    kind: str = "area"
    book: str | None = None  # an external workbook's index or name: never read

    def moved(self, rows: int, columns: int, wrap: bool = False) -> Ref:
        """The reference as it reads when its formula is copied ``rows`` down and ``columns`` right."""
        ar1, ac1, ar2, ac2 = self.absolute

        def row(value, fixed):
            if fixed or self.kind == "columns":
                return value
            value += rows
            return (value - 1) % MAX_ROW + 1 if wrap else value

        def column(value, fixed):
            if fixed or self.kind == "rows":
                return value
            value += columns
            return (value - 1) % MAX_COLUMN + 1 if wrap else value

        return replace(self, r1=row(self.r1, ar1), c1=column(self.c1, ac1), r2=row(self.r2, ar2),
                       c2=column(self.c2, ac2))

    @property
    def valid(self) -> bool:
        return 1 <= self.r1 <= MAX_ROW and 1 <= self.r2 <= MAX_ROW and 1 <= self.c1 <= MAX_COLUMN \
            and 1 <= self.c2 <= MAX_COLUMN

    def relative(self, row: int, column: int) -> str:
        """R1C1 text relative to (row, column): ``R[1]C2`` and the like."""
        ar1, ac1, ar2, ac2 = self.absolute

        def part(letter, value, fixed, origin):
            return f"{letter}{value}" if fixed else f"{letter}[{value - origin}]"

        first = part("R", self.r1, ar1, row) + part("C", self.c1, ac1, column)
        second = part("R", self.r2, ar2, row) + part("C", self.c2, ac2, column)
        sheet = "" if self.sheet is None else self.sheet
        return f"{self.book or ''}|{sheet}|{self.kind}|{first}:{second}"


@dataclass(frozen=True)
class Name:
    """A defined name used in a formula (``Renten``, ``Ark1!Renten`` for a sheet's own name)."""

    name: str
    sheet: str | None = None
    book: str | None = None


@dataclass(frozen=True)
class Pieces:
    """A formula as literal text and references; ``problems`` names what the engine cannot compute."""

    parts: tuple
    problems: frozenset[str] = frozenset()
    calls: frozenset[str] = frozenset()

    @functools.cached_property
    def refs(self) -> list[Ref]:
        return [p for p in self.parts if isinstance(p, Ref)]

    @functools.cached_property
    def names(self) -> list[Name]:
        return [p for p in self.parts if type(p) is Name]


def sheet_name(prefix: str) -> tuple[str | None, str, bool]:
    """``'Aarhus'' budget'!`` → (book, sheet, three_d): quotes and doubled apostrophes undone."""
    text = prefix[:-1]
    three_d = False
    if text.startswith("'"):
        text = text[1:-1].replace("''", "'")
    elif ":" in text:
        three_d = True
    if ":" in text and not text.startswith("["):
        three_d = True
    book = None
    if text.startswith("["):
        book, _, text = text[1:].partition("]")
    elif "[" in text and "]" in text:  # 'C:\folder\[book.xlsx]Sheet'
        book = text[:text.index("]")].replace("[", "")
        text = text[text.index("]") + 1:]
    return book, text, three_d


def _area(text: str, sheet: str | None, book: str | None) -> Ref | None:
    first, _, last = text.partition(":")
    a, b = _CELL.fullmatch(first), _CELL.fullmatch(last or first)
    r1, c1, r2, c2 = int(a[4]), column_number(a[2]), int(b[4]), column_number(b[2])
    ref = Ref(sheet, min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2),
              (bool(a[3]), bool(a[1]), bool(b[3]), bool(b[1])), "area", book)
    return ref if ref.valid else None


def _columns(text: str, sheet: str | None, book: str | None) -> Ref | None:
    first, last = text.split(":")
    a, b = _COLUMN.fullmatch(first), _COLUMN.fullmatch(last)
    c1, c2 = column_number(a[2]), column_number(b[2])
    ref = Ref(sheet, 1, min(c1, c2), MAX_ROW, max(c1, c2), (True, bool(a[1]), True, bool(b[1])), "columns", book)
    return ref if ref.valid else None


def _rows(text: str, sheet: str | None, book: str | None) -> Ref | None:
    first, last = text.split(":")
    a, b = _ROW.fullmatch(first), _ROW.fullmatch(last)
    r1, r2 = int(a[2]), int(b[2])
    ref = Ref(sheet, min(r1, r2), 1, max(r1, r2), MAX_COLUMN, (bool(a[1]), True, bool(b[1]), True), "rows", book)
    return ref if ref.valid else None


_READERS = {"area": _area, "columns": _columns, "rows": _rows}


def read(formula: str) -> Pieces:
    """A formula's text (without or with its ``=``) as :class:`Pieces`."""
    text = formula[1:] if formula.startswith("=") else formula
    parts: list = []
    problems: set[str] = set()
    calls: set[str] = set()
    pending_sheet = None  # (book, sheet, three_d) of a sheet prefix waiting for its reference

    def literal(chunk: str) -> None:
        if parts and isinstance(parts[-1], str):
            parts[-1] += chunk
        else:
            parts.append(chunk)

    for match in _TOKEN.finditer(text):
        kind, chunk = match.lastgroup, match[0]
        if kind == "call":
            kind = "word"
        if pending_sheet is not None and kind not in ("area", "columns", "rows", "word", "error"):
            raise FormulaSyntaxError(f"reference after {chunk!r} cannot be read")
        if kind == "sheet":
            pending_sheet = sheet_name(chunk)
            continue
        book, sheet, three_d = pending_sheet or (None, None, False)
        if pending_sheet is not None and three_d:
            problems.add("3d")
        if kind in _READERS:
            ref = _READERS[kind](chunk, sheet, book)
            if ref is None:  # beyond the sheet: a name such as ABCD1 cannot exist, so this is text
                literal(chunk)
            else:
                parts.append(ref)
                if book is not None:
                    problems.add("external")
        elif kind == "word":
            word = match["word"]
            if match["call"]:
                calls.add(word.upper())
                literal(chunk)
            elif word.upper() in ("TRUE", "FALSE") and pending_sheet is None:
                literal(chunk)
            else:
                end = match.end()
                if end < len(text) and text[end] == "[":
                    problems.add("table")
                parts.append(Name(word, sheet, book))
                if book is not None:
                    problems.add("external")
        elif kind == "error" and pending_sheet is not None:
            literal(chunk)  # Ark1!#REF!: a deleted reference
        elif kind == "other" and chunk == "%" and parts:
            _percent(parts)
        elif kind == "other" and chunk == "[":
            problems.add("table")  # [@Beløb], Tabel1[[#Totaler],[Beløb]]
            literal(chunk)
        else:
            literal(chunk)
        pending_sheet = None
    if pending_sheet is not None:
        raise FormulaSyntaxError("a sheet name without a reference")
    return Pieces(tuple(parts), frozenset(problems), frozenset(calls))


_TRAILING_NUMBER = re.compile(r"([0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+)\s*$")


def _percent(parts: list) -> None:
    """Excel's postfix ``%`` (``10%``, ``A1%``) written as a division, which formulas' parser reads."""
    last = parts[-1]
    if isinstance(last, Ref):
        parts[-1:] = ["(", last, "/100)"]
    elif isinstance(last, str) and _TRAILING_NUMBER.search(last):
        parts[-1] = _TRAILING_NUMBER.sub(lambda m: f"({m[1]}/100)", last)
    else:
        parts.append("%")


def tokenised(text: str) -> list[tuple[str, str]]:
    """A formula's text (without its ``=``) as (kind, text) tokens; a word with its
    ``(`` is a ``"call"``."""
    return [(m.lastgroup, m[0]) for m in _TOKEN.finditer(text)]


def split_arguments(tokens: list[tuple[str, str]], start: int) -> tuple[list[str], int] | None:
    """The arguments' texts of the call whose ``(`` ends ``tokens[start - 1]``, and the index after its ``)``."""
    depth, args, current = 0, [], []
    for i in range(start, len(tokens)):
        kind, chunk = tokens[i]
        if kind == "call" or (kind == "other" and chunk in "({"):
            depth += 1
        elif kind == "other" and chunk in ")}":
            if depth == 0:
                args.append("".join(current))
                return args, i + 1
            depth -= 1
        elif kind == "other" and chunk == "," and depth == 0:
            args.append("".join(current))
            current = []
            continue
        current.append(chunk)
    return None


def rewrite_calls(text: str, names, rewrite, arguments=None) -> str:
    """``text`` (a formula, with or without ``=``) with each call of a function in ``names`` (upper case) replaced
    by ``rewrite(name, args)``: the call's new text, or None to keep the call as written, with its arguments as
    ``arguments(args)`` made them (default: as they are). Unbalanced text is left as it is."""
    equals = "=" if text.startswith("=") else ""
    tokens = tokenised(text[len(equals):])
    out, i = [], 0
    while i < len(tokens):
        kind, chunk = tokens[i]
        if kind == "call" and chunk[:-1].strip().upper() in names:
            found = split_arguments(tokens, i + 1)
            if found is not None:
                args, after = found
                if arguments is not None:
                    args = arguments(args)
                new = rewrite(chunk[:-1].strip().upper(), args)
                out.append(chunk + ",".join(args) + ")" if new is None else new)
                i = after
                continue
        out.append(chunk)
        i += 1
    return equals + "".join(out)


_KEY_TOKEN = re.compile(r"""
  (?P<string>"(?:[^"]|"")*")
| (?P<quoted>'(?:[^']|'')+'!)
| (?<![\w.$])(?P<area>(\$?)([A-Za-z]{1,3})(\$?)([0-9]+)(?::(\$?)([A-Za-z]{1,3})(\$?)([0-9]+))?)(?![\w.(\[!])
| (?<![\w.$])(?P<columns>\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3})(?![\w.(\[!])
| (?<![\w.$])(?P<rows>\$?[0-9]+:\$?[0-9]+)(?![\w.(\[!])
""", re.X | re.S)


def copy_key(formula: str, row: int, column: int) -> str:
    """The formula's text with its references in R1C1 form relative to (row, column), found cheaply.

    Copies of one formula have equal keys; used to read a copied formula once. Strings and quoted sheet
    names are skipped as :func:`read` skips them, and a reference is never found inside a name or a
    number, so equal keys mean texts that differ only in references that move with the copy.
    """
    def relative(match) -> str:
        kind = match.lastgroup
        if kind == "area":
            c_fixed, letters, r_fixed, number = match.group(4, 5, 6, 7)
            c = column_number(letters)
            text = (f"R{number}" if r_fixed else f"R[{int(number) - row}]") + \
                (f"C{c}" if c_fixed else f"C[{c - column}]")
            if match.group(11) is not None:
                c_fixed, letters, r_fixed, number = match.group(8, 9, 10, 11)
                c = column_number(letters)
                text += ":" + (f"R{number}" if r_fixed else f"R[{int(number) - row}]") + \
                    (f"C{c}" if c_fixed else f"C[{c - column}]")
            return "\x00" + text + "\x00"
        text = match[0]
        if kind == "columns":
            return "\x00" + ":".join(f"C{column_number(m[2])}" if m[1] else f"C[{column_number(m[2]) - column}]"
                                     for m in map(_COLUMN.fullmatch, text.split(":"))) + "\x00"
        if kind == "rows":
            return "\x00" + ":".join(f"R{m[2]}" if m[1] else f"R[{int(m[2]) - row}]"
                                     for m in map(_ROW.fullmatch, text.split(":"))) + "\x00"
        return text

    return _KEY_TOKEN.sub(relative, formula)


def moved_area(ref: Ref, rows: int, columns: int) -> tuple[int, int, int, int]:
    """(r1, c1, r2, c2) of ``ref`` copied ``rows`` down and ``columns`` right (no wrapping)."""
    ar1, ac1, ar2, ac2 = ref.absolute
    whole_columns, whole_rows = ref.kind == "columns", ref.kind == "rows"
    return (ref.r1 if ar1 or whole_columns else ref.r1 + rows, ref.c1 if ac1 or whole_rows else ref.c1 + columns,
            ref.r2 if ar2 or whole_columns else ref.r2 + rows, ref.c2 if ac2 or whole_rows else ref.c2 + columns)


def write(pieces: Pieces) -> str:
    """Pieces back as A1 text, as Excel writes the formula (``=`` omitted)."""
    out = []
    for part in pieces.parts:
        if isinstance(part, Ref):
            prefix = ""
            if part.sheet is not None or part.book is not None:
                prefix = quote_sheet((f"[{part.book}]" if part.book else "") + (part.sheet or "")) + "!"
            ar1, ac1, ar2, ac2 = part.absolute
            first = ("$" if ac1 else "") + column_letters(part.c1) + ("$" if ar1 else "") + str(part.r1)
            second = ("$" if ac2 else "") + column_letters(part.c2) + ("$" if ar2 else "") + str(part.r2)
            if part.kind == "columns":
                first, second = first.rstrip("0123456789$") or first, second.rstrip("0123456789$") or second
            elif part.kind == "rows":
                first = ("$" if ar1 else "") + str(part.r1)
                second = ("$" if ar2 else "") + str(part.r2)
            out.append(prefix + (first if first == second and part.kind == "area" else f"{first}:{second}"))
        elif isinstance(part, Name):
            out.append((quote_sheet(part.sheet) + "!" if part.sheet else "") + part.name)
        else:
            out.append(part)
    return "".join(out)


def shift(pieces: Pieces, rows: int, columns: int, wrap: bool = False) -> Pieces:
    """The formula copied ``rows`` down and ``columns`` right (``wrap``: as Excel moves a relative name)."""
    if not rows and not columns:
        return pieces
    parts = tuple(p.moved(rows, columns, wrap) if isinstance(p, Ref) else p for p in pieces.parts)
    return Pieces(parts, pieces.problems, pieces.calls)


def a1(ref: Ref, alias: str, last_row: int, last_column: int) -> str:
    """A reference as A1 text on sheet ``alias``; whole columns/rows end at the used range's last row/column."""
    r1, c1, r2, c2 = bounded(ref, last_row, last_column)
    first, second = f"{column_letters(c1)}{r1}", f"{column_letters(c2)}{r2}"
    return f"{alias}!{first}" if first == second else f"{alias}!{first}:{second}"


def bounded(ref: Ref, last_row: int, last_column: int) -> tuple[int, int, int, int]:
    """(r1, c1, r2, c2) of a reference, whole columns and rows cut at the sheet's used range."""
    r2, c2 = ref.r2, ref.c2
    if ref.kind == "columns":
        r2 = max(ref.r1, min(r2, last_row))
    if ref.kind == "rows":
        c2 = max(ref.c1, min(c2, last_column))
    return ref.r1, ref.c1, r2, c2


def quote_sheet(name: str) -> str:
    """A sheet name as Excel writes it in a formula: ``'Aarhus'' budget'``."""
    return "'" + name.replace("'", "''") + "'"


#: What an empty argument of one of our functions becomes in the text given to formulas' parser: a string
#: constant no workbook can hold (XML cannot carry the NUL character), which ``functions`` recognises and
#: replaces by the argument's default, as Excel's hosts do. formulas itself would read it as 0.
LEFT_OUT = "\x00"
_ARGUMENT_TOKEN = re.compile(r"""
  (?P<quoted>"(?:[^"]|"")*"|'(?:[^']|'')*')
| (?P<call>(?:[^\W\d]|\\)[\w.]*\s*\()
| (?P<word>(?:[^\W\d]|\\)[\w.]*)
| (?P<space>\s+)
| (?P<other>.)
""", re.X | re.S)


def mark_left_out(text: str, functions: set[str] | frozenset[str]) -> str:
    """``text`` with each empty argument of a call of one of ``functions`` written as the string :data:`LEFT_OUT`.

    ``=INVESTMENTCASE(B5:B9,C5:G9,,H5:H9)`` and ``=CASELOAD(A1,)``: the third argument, the second, left empty.
    Excel on Windows hands classic xlwings an empty argument as VBA's "missing" marker, and Office.js (xlwings
    Server and Lite) as null; both call the Python function with the argument's default. ``=NAME()`` has no
    argument; an empty argument of Excel's own functions (``=IF(A1,,2)``), an empty cell a reference points at,
    and strings and quoted sheet names are left as they are. Function names compare in upper case.
    """
    if "," not in text:
        return text
    out: list[str] = []
    frames: list[list] = []  # per open parenthesis or brace: [our call?, commas so far]
    empty = False  # nothing but spaces since our call's "(" or its last ","
    for match in _ARGUMENT_TOKEN.finditer(text):
        kind, chunk = match.lastgroup, match[0]
        ours = bool(frames) and frames[-1][0]
        if kind == "call":
            frames.append([chunk[:-1].strip().upper() in functions, 0])
            empty = True
        elif kind == "other" and chunk in "({":
            frames.append([False, 0])
            empty = False
        elif kind == "other" and chunk == ",":
            if ours and empty:
                out.append(f'"{LEFT_OUT}"')
            if frames:
                frames[-1][1] += 1
            empty = True
        elif kind == "other" and chunk in ")}":
            if ours and empty and frames[-1][1]:
                out.append(f'"{LEFT_OUT}"')
            if frames:
                frames.pop()
            empty = False
        elif kind != "space":
            empty = False
        out.append(chunk)
    return "".join(out)
