"""CEILING.MATH and FLOOR.MATH as Excel rounds negative numbers.

Microsoft, "CEILING.MATH function" (support.microsoft.com, 80f95d2f-b499-4eee-9f16-f795a8e306c8): "By
default, significance is +1 for positive numbers and -1 for negative numbers"; "negative numbers with
decimal portions are rounded up (toward 0)": ``=CEILING.MATH(-8.1,2)`` is -8, and with a mode other than 0
away from 0: ``=CEILING.MATH(-5.5,2,-1)`` is -6. "FLOOR.MATH function" (c302b599-fbdb-4177-ba19-
2c2b1249a2f5) mirrors it: ``=FLOOR.MATH(-8.1,2)`` is -10 (away from 0), ``=FLOOR.MATH(-5.5,2,-1)`` is -4.
The sign of the significance is ignored. ``formulas`` drops the number's sign where the significance is
left out (``=CEILING.MATH(-23.5)`` gave 24, Excel -23; ``=FLOOR.MATH(-6.7)`` 6, Excel -7) and took
``=FLOOR.MATH(0.3,0.1)`` for 0.2 (0.3/0.1 is 2.9999999999999996 in binary).
CEILING.PRECISE and FLOOR.PRECISE, which formulas computes with the same functions, round as mode 0 does.
"""

from __future__ import annotations

import math

from formulas.functions import wrap_ufunc

from .coercion import number


def _multiples(value: float, significance: float) -> float:
    """``value / significance``, an exact whole number where it is one but for the binary fraction."""
    ratio = value / significance
    nearest = round(ratio)
    return float(nearest) if math.isclose(ratio, nearest, rel_tol=1e-12, abs_tol=1e-12) else ratio


def _to_multiple(value: float, significance: float, mode: float, up: bool) -> float:
    """``value`` to a multiple of ``|significance|``: up (``up``) or down, a negative value the other way where
    ``mode`` is not 0; 0 for a value or significance of 0."""
    significance = abs(significance)
    if significance == 0 or value == 0:
        return 0.0
    rounding = math.ceil if up != bool(value < 0 and mode) else math.floor
    return rounding(_multiples(value, significance)) * significance


def ceiling_math(value: float, significance: float = 1.0, mode: float = 0.0) -> float:
    """Round ``value`` up to a multiple of ``significance``; a negative value toward 0 unless ``mode`` is not 0."""
    return _to_multiple(value, significance, mode, up=True)


def floor_math(value: float, significance: float = 1.0, mode: float = 0.0) -> float:
    """Round ``value`` down to a multiple of ``significance``; a negative value away from 0 unless ``mode`` is not 0."""
    return _to_multiple(value, significance, mode, up=False)


def _numbers(*values):
    return map(number, values)


def install(table) -> None:
    ceiling = wrap_ufunc(ceiling_math, input_parser=_numbers)
    floor = wrap_ufunc(floor_math, input_parser=_numbers)
    for name in ("CEILING.MATH", "_XLFN.CEILING.MATH", "CEILING.PRECISE", "_XLFN.CEILING.PRECISE", "ISO.CEILING"):
        if name in table:
            table[name] = ceiling
    for name in ("FLOOR.MATH", "_XLFN.FLOOR.MATH", "FLOOR.PRECISE", "_XLFN.FLOOR.PRECISE"):
        if name in table:
            table[name] = floor
