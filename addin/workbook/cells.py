"""Cell references in A1 notation: the one place where letters become numbers and back.

Rows and columns are 1-based, as the worksheet XML counts them, and a position is always
``(row, column)``: ``'AB12'`` → (12, 28). R1C1 text (a formula's references relative to its cell) is
written by :meth:`trappen.addin.engine.formula_text.Ref.relative` from these numbers.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator


@functools.cache
def column_number(letters: str) -> int:
    """Column letters → 1-based number: ``'AB'`` → 28 (case-insensitive)."""
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


@functools.cache
def column_letters(number: int) -> str:
    """1-based column number → letters: 28 → ``'AB'``."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def position(ref: str) -> tuple[int, int]:
    """``'AB12'`` (or ``'$AB$12'``) → (row 12, column 28), both 1-based."""
    if "$" in ref:
        ref = ref.replace("$", "")
    i = 0
    while ref[i].isalpha():
        i += 1
    return int(ref[i:]), column_number(ref[:i])


def area(ref: str) -> tuple[int, int, int, int]:
    """An A1 cell or range → (r1, c1, r2, c2), corners ordered: ``'C6:B5'`` → (5, 2, 6, 3)."""
    first, _, last = ref.partition(":")
    (r1, c1), (r2, c2) = position(first), position(last or first)
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def cell(row: int, column: int) -> str:
    """(row, column) → A1 text: (12, 28) → ``'AB12'``."""
    return f"{column_letters(column)}{row}"


def cells_in(ref: str) -> Iterator[str]:
    """The cells of an A1 range, row by row: ``'B5:C6'`` → B5, C5, B6, C6."""
    r1, c1, r2, c2 = area(ref)
    for r in range(r1, r2 + 1):
        for c in range(c1, c2 + 1):
            yield cell(r, c)
