"""PRODUCT over no numbers at all: Excel's 0, not formulas' 1.

Microsoft, "PRODUCT function" (support.microsoft.com, 8e6b5b24-90ee-4650-aeec-80982a0512ce): "If an argument
is an array or reference, only numbers in the array or reference are multiplied. Empty cells, logical values,
and text in the array or reference are ignored." Where nothing is left to multiply, Excel gives 0 (as do
Gnumeric, whose PRODUCT is documented "Excel compatible. In particular, this means that if all cells are
empty, the result will be 0", and LibreOffice); ``formulas`` gives the empty product, 1. A blank cell beside
a number is still ignored (``=PRODUCT(A4;B4)`` with B4 blank is A4: Microsoft KB 61892), so only the case
with no number in any argument changes. SUBTOTAL(6; …) and AGGREGATE(6; …) use the same function.
"""

from __future__ import annotations

import numpy as np

from .coercion import is_number


def _counts(argument) -> bool:
    """Whether ``argument`` holds a value PRODUCT multiplies: a number in a range or array; any value typed
    directly (a scalar), which PRODUCT converts itself (and errors on, where it cannot)."""
    value = getattr(argument, "value", argument)
    if isinstance(value, np.ndarray):
        return any(is_number(item) for item in value.ravel())
    return True


def product(original):
    def call(*arguments):
        result = original(*arguments)
        if not any(_counts(argument) for argument in arguments):
            return np.asarray([[0.0]], dtype=object) if isinstance(result, np.ndarray) else 0.0
        return result

    call.__name__ = "PRODUCT"
    return call


def install(table) -> None:
    table["PRODUCT"] = product(table["PRODUCT"])
