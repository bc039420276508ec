"""Cell references (A1 notation) for the refresh: one place, on xlsxwriter's own ``xlsxwriter.utility``.

The template builder uses ``xlsxwriter.utility`` directly; the refresh works with 1-based column numbers,
as the worksheet XML counts them.
"""

from __future__ import annotations

from collections.abc import Iterator

from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name


def split_cell(ref: str) -> tuple[int, int]:
    """``'AB12'`` → (column number 28, row 12), both 1-based; ``$`` signs are ignored."""
    row, col = xl_cell_to_rowcol(ref)
    return col + 1, row + 1


def column_name(number: int) -> str:
    """1-based column number → letters: 28 → ``'AB'``."""
    return xl_col_to_name(number - 1)


def cells_in(ref: str) -> Iterator[str]:
    """The cells of an A1 range, row by row: ``'B5:C6'`` → B5, C5, B6, C6."""
    first, _, last = ref.partition(":")
    (c1, r1), (c2, r2) = split_cell(first), split_cell(last or first)
    for r in range(r1, r2 + 1):
        for c in range(c1, c2 + 1):
            yield f"{column_name(c)}{r}"
