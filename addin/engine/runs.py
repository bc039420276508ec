"""Runs of copied calls of our functions, computed as one call over the block.

An officer's workbook is mostly one formula copied along a row or down a column:
``=PLACEMENTCOST(C10:C15;$B$2:$B$7)`` in C20, ``=PLACEMENTCOST(D10:D15;$B$2:$B$7)`` in D20 ... Our
functions are vectorised: given the block ``C10:L15`` PLACEMENTCOST returns one total per column, the
same numbers as ten calls on one column each. A *run* is such a row (or column) of cells holding copies
of one formula that is a single call of one of our functions whose arguments are plain references; the
references that move with the copy must be one column wide (one row high down a column) and move by one
cell per cell. The run is computed as one call on the merged references.

Which functions compute each column (row) on its own is declared on the function itself
(``ExcelFunction.along_row`` / ``down_column`` in ``trappen.udfs.registry``, read from ``REGISTRY``); the evaluator
checks each run's first and last cell against a call on that cell alone and falls back to cell by cell
when they differ, and when the block's result holds an error (so every cell keeps its own message).
"""

from __future__ import annotations

from dataclasses import dataclass

from trappen.udfs import REGISTRY

from .formula_text import Pieces, Ref

MIN_RUN = 2


@dataclass(frozen=True)
class Call:
    """A formula that is one call of a function on plain references: ``=NAME(ref, ref, ...)``."""

    name: str
    arguments: tuple[Ref, ...]


def single_call(pieces: Pieces) -> Call | None:
    """The call, when the whole formula is ``NAME(ref, ref ...)`` (no operators, constants or nesting)."""
    parts = pieces.parts
    if len(parts) < 3 or not isinstance(parts[0], str) or not isinstance(parts[-1], str):
        return None
    head = parts[0].strip()
    if not head.endswith("(") or parts[-1].strip() != ")":
        return None
    name = head[:-1].strip().upper()
    if not name or not all(ch.isalnum() or ch in "._" for ch in name):
        return None
    arguments = parts[1:-1:2]
    separators = parts[2:-1:2]
    if not all(isinstance(a, Ref) for a in arguments) or not all(isinstance(s, str) and s.strip() == ","
                                                                 for s in separators):
        return None
    if len(arguments) != len(separators) + 1:
        return None
    return Call(name, tuple(arguments))


def moves_along(call: Call, direction: str) -> bool:
    """Whether each argument is fixed or one cell wide across ``direction`` ("row": columns move), and one moves."""
    moves = False
    for ref in call.arguments:
        ar1, ac1, ar2, ac2 = ref.absolute
        if direction == "row":
            moving = not (ac1 and ac2)
            if moving and (ac1 != ac2 or ref.c1 != ref.c2 or ref.kind != "area"):
                return False
        else:
            moving = not (ar1 and ar2)
            if moving and (ar1 != ar2 or ref.r1 != ref.r2 or ref.kind != "area"):
                return False
        moves = moves or moving
    return moves


def eligible(call: Call | None, direction: str) -> bool:
    if call is None:
        return False
    spec = REGISTRY.get(call.name)
    if spec is None or not (spec.along_row if direction == "row" else spec.down_column):
        return False
    return moves_along(call, direction)
