"""Implicit intersection: what a legacy formula makes of a range where it expects one value.

Excel before dynamic arrays (and Excel 365 for a formula stored as a plain, non-array formula) evaluates a
range reference that stands where a single value is expected by *implicit intersection*: it takes the one
cell of the range in the formula's own row (a range one column wide) or column (one row high), and
``#VALUE!`` if there is none. Microsoft documents the rule with the implicit intersection operator ``@``
that Excel 365 shows where it applies ("Implicit intersection operator: @", support.microsoft.com,
ce3be07b-0101-4450-a24e-c1c999be2b34): "If the value is a range, then return the value from the cell on the
same row or column as the formula"; a range that neither row nor column meets gives #VALUE!. A formula
stored as an array formula (``t="array"``, which is how Excel 365 stores every dynamic-array formula and how
xlsxwriter writes ``write_dynamic_array_formula``) evaluates the range as a whole.

So ``=BREAKEVENFALL(...;'Anbringelser'!$F$18:$F$24/1e+06;...)`` typed in row 16 as a plain formula passes
``#VALUE!`` (rows 18–24 do not meet row 16), while the same formula as a dynamic-array formula passes the
seven values divided by a million.

The headless engine follows the rule for the case it can see in the formula's text: a reference to more
than one cell that is an operand of an operator (``+ - * / ^ & = < > <= >= <>``, a sign, ``%``) or the
whole formula, outside the arguments of a function that evaluates its arguments as arrays (SUMPRODUCT,
MMULT ...). Such a reference is wrapped in :data:`FUNCTION` (``_TRAPPEN.INTERSECT(ref)``), which picks the
cell at run time from the formula cell's position. Not covered (computed as arrays, as before): a range
given to a built-in function's scalar parameter without an operator (``=ROUND(A1:A5;0)``), a range
returned through IF/CHOOSE, a range in parentheses before an operator (``(A1:A5)*2``).
"""

from __future__ import annotations

import collections
from dataclasses import dataclass

from formulas.cell import CELL
from formulas.functions import COMPILING, wrap_func, wrap_impure_func
from formulas.ranges import Ranges
from formulas.tokens.operand import Error

from ..workbook.cells import column_letters
from . import formula_text as refs

#: The engine's name for the implicit intersection of one reference (registered in formulas' table).
FUNCTION = "_TRAPPEN.INTERSECT"
#: Characters that are (or end) an operator next to an operand.
OPERATORS = frozenset("+-*/^&=<>%")
#: Functions that evaluate their arguments as arrays, so an operator inside them works on whole ranges.
ARRAY_FUNCTIONS = frozenset({"SUMPRODUCT", "MMULT", "TRANSPOSE", "FREQUENCY", "LINEST", "LOGEST", "TREND",
                             "GROWTH", "_XLFN.SINGLE", "SINGLE",
                             "AGGREGATE", "_XLFN.AGGREGATE"})  # its array form (14–19) takes calculations


@dataclass(frozen=True)
class Context:
    """Where a reference stands in its formula: the calls around it and its neighbouring characters."""

    calls: tuple[str | None, ...]  # the enclosing function calls, innermost last; None for plain parentheses
    before: str  # the last character before it that is not a space ("" at the start; "a" for an operand)
    after: str  # the first character after it ("" at the end; "a" for an operand)


def contexts(pieces: refs.Pieces) -> dict[int, Context]:
    """The :class:`Context` of each reference (and defined name) in ``pieces.parts``, by its index there."""
    stack: list[str | None] = []
    found: dict[int, tuple[tuple[str | None, ...], str]] = {}
    afters: dict[int, str] = {}
    last = ""
    waiting: list[int] = []  # references whose "after" is the next significant character
    for index, part in enumerate(pieces.parts):
        if not isinstance(part, str):
            for w in waiting:
                afters[w] = "a"
            waiting = []
            if isinstance(part, (refs.Ref, refs.Name)):
                found[index] = (tuple(stack), last)
                waiting.append(index)
            last = "a"
            continue
        position = 0
        text = part
        while position < len(text):
            char = text[position]
            if char.isspace():
                position += 1
                continue
            if waiting:
                for w in waiting:
                    afters[w] = char if char in OPERATORS or char in "(),;{}" else "a"
                waiting = []
            if char == '"':  # a string literal: skip to its end ("" is a quote inside)
                end = position + 1
                while end < len(text):
                    if text[end] == '"' and text[end + 1:end + 2] != '"':
                        break
                    end += 2 if text[end] == '"' else 1
                position, last = end + 1, "a"
                continue
            if char.isalpha() or char == "_":
                end = position
                while end < len(text) and (text[end].isalnum() or text[end] in "._"):
                    end += 1
                if end < len(text) and text[end] == "(":
                    stack.append(text[position:end].upper())
                    position, last = end + 1, "("
                    continue
                position, last = end, "a"
                continue
            if char in "({":
                stack.append(None)
            elif char in ")}" and stack:
                stack.pop()
            last = char if not (char.isdigit() or char == ".") else "a"
            position += 1
    for w in waiting:
        afters[w] = ""
    return {index: Context(calls, before, afters.get(index, "")) for index, (calls, before) in found.items()}


def _scalar_context(context: Context) -> bool:
    if any(call in ARRAY_FUNCTIONS for call in context.calls if call):
        return False
    if context.before in OPERATORS or context.after in OPERATORS:
        return True
    return context.before == "" and context.after == "" and not context.calls  # the whole formula: =A1:A5


def _one_cell(ref: refs.Ref) -> bool:
    return ref.kind == "area" and ref.r1 == ref.r2 and ref.c1 == ref.c2


def implicit(pieces: refs.Pieces) -> refs.Pieces:
    """A legacy formula's pieces with each range in a single-value place wrapped in :data:`FUNCTION`."""
    if not pieces.refs:
        return pieces
    wrap = {index for index, context in contexts(pieces).items()
            if isinstance(pieces.parts[index], refs.Ref) and not _one_cell(pieces.parts[index])
            and _scalar_context(context)}
    if not wrap:
        return pieces
    parts: list = []
    for index, part in enumerate(pieces.parts):
        if index in wrap:
            parts.extend((f"{FUNCTION}(", part, ")"))
        else:
            parts.append(part)
    merged: list = []
    for part in parts:  # adjacent literal text as one piece, as formula_text.read writes it
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    return refs.Pieces(tuple(merged), pieces.problems, pieces.calls | {FUNCTION})


def intersect(cell, rng):
    """The cell of ``rng`` in the formula cell's row (a one-column range) or column (a one-row range), or both
    (a block); ``#VALUE!`` where they do not meet. ``cell`` is formulas' reference of the formula cell."""
    if not isinstance(rng, Ranges):
        return rng  # not a reference (an error, a computed array): as formulas has it
    if len(rng.ranges) != 1 or not cell.ranges:
        return Error.errors["#VALUE!"]
    area, here = rng.ranges[0], cell.ranges[0]
    r1, r2, c1, c2 = int(area["r1"]), int(area["r2"]), area["n1"], area["n2"]
    row = r1 if r1 == r2 else int(here["r1"])
    column = c1 if c1 == c2 else here["n1"]
    if not (r1 <= row <= r2 and c1 <= column <= c2):
        return Error.errors["#VALUE!"]
    letters = column_letters(column)
    chosen = {**area, "r1": str(row), "r2": str(row), "c1": letters, "c2": letters, "n1": column, "n2": column,
              "ref": f"{letters}{row}", "name": f"{area['sheet']}!{letters}{row}"}
    return rng & Ranges((chosen,))


def register(table) -> None:
    """Put :data:`FUNCTION` into formulas' function table (with the formula cell as its first input)."""
    if FUNCTION not in table:
        table[FUNCTION] = {
            "extra_inputs": collections.OrderedDict([(COMPILING, False), (CELL, None)]),
            "function": wrap_impure_func(wrap_func(intersect, ranges=True)),
        }

