"""The criteria of SUMIF, SUMIFS, COUNTIF, COUNTIFS, AVERAGEIF, AVERAGEIFS, MAXIFS and MINIFS, as Excel reads them.

``formulas`` (pinned ``<1.4``) matches every criterion of those eight functions in one function,
``formulas.functions.__xfilter(test_range, condition)`` (a boolean mask of the cells that meet it). Measured
against Microsoft's pages it departs from Excel in four ways, which :func:`matches` sets right before
handing every other criterion to formulas' own:

- ``<>`` is "not equal to", so it holds for every cell that does not equal the value, of whatever type, and
  for empty cells: ``=AVERAGEIFS(D2:D5;D2:D5;"<>Incomplete";D2:D5;">80")`` is 87,5 on the AVERAGEIFS page;
  formulas compared only cells of the criterion's type (``#DIV/0!``). ``"<>"`` alone: the cells that are not
  empty; with wildcards (``"<>a*"``): the cells that do not match;
- ``"="`` alone: the empty cells (formulas: cells holding the text ``=``);
- wildcards: "A question mark matches any single character; an asterisk matches any sequence of characters
  … type a tilde (~) before the character" (WorksheetFunction.CountIf), over the whole text and regardless of
  case: ``=COUNTIF(A2:A5;"?????es")`` is 2 on the COUNTIF page (formulas: 4, its ``?`` matched no character
  too, and ``*a`` matched "apples");
- a criterion that is a reference to an empty cell "treats the empty cell as a 0 value" (COUNTIFS page;
  formulas matched nothing).

:func:`install` puts :func:`matches` in formulas' place (once; a test checks formulas still has the function
it replaces).
"""

from __future__ import annotations

import re

import numpy as np
import schedula as sh

_NAME = "__xfilter"
_original = None


def _wildcards(pattern: str):
    """Excel's wildcard pattern as a compiled regular expression over the whole text, any case."""
    out, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if char == "~" and i + 1 < len(pattern) and pattern[i + 1] in "?*~":
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        out.append("." if char == "?" else ".*" if char == "*" else re.escape(char))
        i += 1
    return re.compile("".join(out), re.IGNORECASE | re.DOTALL)


def _operator(condition: str) -> tuple[str, str]:
    for operator in ("<=", ">=", "<>", "<", ">", "="):
        if condition.startswith(operator):
            return operator, condition[len(operator):]
    return "", condition


def matches(test_range: dict, condition) -> np.ndarray:
    """The cells of ``test_range`` (formulas' ``{"raw": values, empty cells as ""}``) meeting ``condition``."""
    raw = np.asarray(test_range["raw"], dtype=object)
    if condition is sh.EMPTY:
        condition = 0.0
    if isinstance(condition, str):
        operator, value = _operator(condition)
        if operator == "<>":
            return ~matches(test_range, "=" + value)
        if operator in ("", "="):
            if operator == "=" and value == "":
                return np.vectorize(lambda v: isinstance(v, str) and v == "", otypes=[bool])(raw)
            if any(c in value for c in "?*"):
                pattern = _wildcards(value)
                return np.vectorize(lambda v: isinstance(v, str) and v != "" and bool(pattern.fullmatch(v)),
                                    otypes=[bool])(raw)
    return _original(test_range, condition)


def install() -> None:
    """Put :func:`matches` in place of formulas' criterion matcher (once per process)."""
    global _original
    import formulas.functions as functions

    if _original is None:
        _original = vars(functions)[_NAME]
        setattr(functions, _NAME, matches)

