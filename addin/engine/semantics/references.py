"""Reading a reference as Excel reads it: the last column, XFD, and ranges between error values.

- **Column XFD** (16.384, the last one) is a column like the others: ``=XFD7`` is one cell. ``formulas``
  writes a reference's text without the column where it is the last one (``_build_cel``: it stands for a
  whole row there), so ``XFD$7`` is read as the whole row 7 and the formula gives ``#NAME?``. The two places
  that write one cell's or a range's text (``fast_range2parts_v1`` and ``_build_ref`` in
  ``formulas.tokens.operand``) keep the column where the reference starts in column XFD: a whole row
  starts in column A, never in XFD. Seen in phpspreadsheet's ``samples_templates_32readwriteComboChart1``
  (136 cells: ``=IF(...,$G8=XFD$7,...)``).
- **A range between two error values**: ``=SUM(#REF!:#REF!)`` is ``#REF!`` (what Excel saved in
  phpspreadsheet's ``tests_data_Reader_XLSX_issue.3453``); formulas' range operator (``:``, and the
  union and intersection operators) raised on the error values and gave ``#VALUE!``. They now give the
  first error value of their operands, as an error stays an error in Excel.
"""

from __future__ import annotations

import functools

from formulas.functions import operators as formulas_operators
from formulas.functions import wrap_func
from formulas.tokens import operand
from formulas.tokens.operand import XlError


def _last_column() -> str:
    return operand._index2col(operand.maxcol)


def build_ref(original, c1, r1, c2, r2, anchor=""):
    """formulas' ``_build_ref``, except that a reference starting in column XFD keeps its columns."""
    if c1 and str(c1).upper() == _last_column() and r1 and r2 and str(r2) != str(operand.maxrow):
        first, second = f"{c1}{int(r1)}", f"{c2}{int(r2)}"
        if first == second:
            return first + anchor
        if anchor:
            raise ValueError
        return f"{first}:{second}"
    return original(c1, r1, c2, r2, anchor)


def one_cell_parts(original, r1, c1, sheet_id, anchor=""):
    """formulas' ``fast_range2parts_v1`` (one cell by row and column letters), with column XFD kept."""
    parts = original(r1, c1, sheet_id, anchor)
    if str(c1).upper() == _last_column() and r1:
        ref = f"{c1}{r1}{anchor}".upper()
        parts.update(ref=ref, name=operand._build_id(ref, sheet_id))
    return parts


def _range_operator(combine):
    def operator(x, y):
        for value in (x, y):
            if isinstance(value, XlError):
                return value
        return combine(x, y)

    return operator


def install() -> None:
    """Patch formulas' reference parser and range operators (once per process)."""
    if getattr(operand._build_ref, "trappen", False):
        return
    build = functools.partial(build_ref, operand._build_ref)
    build.trappen = True
    operand._build_ref = build
    operand.fast_range2parts_v1 = functools.partial(one_cell_parts, operand.fast_range2parts_v1)
    for name, combine in {",": lambda x, y: x | y, " ": lambda x, y: x & y, ":": lambda x, y: x + y}.items():
        formulas_operators.OPERATORS[name] = wrap_func(_range_operator(combine), ranges=True)
