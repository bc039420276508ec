"""NPV at a rate of -100 %: Excel's ``#DIV/0!``.

Microsoft, "NPV function" (support.microsoft.com, 8672cb67-2576-4d07-b67b-ac28acf2a568): NPV is the sum of
``value_i / (1 + rate)^i``; at ``rate`` = -1 every denominator is 0, and Excel gives ``#DIV/0!``.
``formulas`` returned an infinity there (``=NPV(-1;1)``), which the engine now turns into ``#NUM!`` for any
function (a workbook cannot hold an infinity); this gives NPV its own error code.
"""

from __future__ import annotations

import numpy as np
from formulas.functions import Error

from .coercion import is_number


def _value(argument):
    value = getattr(argument, "value", argument)
    return np.asarray(value, dtype=object).ravel()[0] if isinstance(value, np.ndarray) else value


def npv(original):
    def call(rate, *values):
        first = _value(rate)
        if is_number(first) and first == -1:
            return np.asarray([[Error.errors["#DIV/0!"]]], dtype=object)
        return original(rate, *values)

    call.__name__ = "NPV"
    return call


def install(table) -> None:
    table["NPV"] = npv(table["NPV"])
