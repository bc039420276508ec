"""Numbers as a Danish officer reads and types them: thousands dots and a decimal comma (1.234,5).

The one number formatter of the project: the functions' messages, the command line and the generated
function reference all write numbers through :func:`number` (messages through :func:`typed`, which keeps
every significant digit the officer typed and Excel's own minus).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

#: The minus sign for what is read (tables): U+2212, as Danish typography prints it.
PRINTED_MINUS = "\u2212"


def number(value: float, decimals: int | None = None, *, minus: str = PRINTED_MINUS) -> str:
    """``value`` with thousands dots and a decimal comma.

    ``decimals=None``: up to 4 decimals, trailing zeros dropped; otherwise that many. Amounts of 1.000 or more
    are shown whole when ``decimals`` is given or they are whole already. Numbers of 10^15 or more, and
    infinities, are shown in exponent form (1e+300). ``minus="-"`` gives the minus sign Excel accepts when
    the number is to be typed.

    Halves are rounded away from zero, as Excel shows them (0,25 with one decimal is 0,3, not Python's 0,2).

    >>> number(77040389.0), number(-1.85, 1), number(0.02), number(1234.5, 1), number(1e300), number(0.25, 1)
    ('77.040.389', '−1,9', '0,02', '1.235', '1e+300', '0,3')
    >>> number(-0.2, minus="-")
    '-0,2'
    """
    value = float(value)
    if not math.isfinite(value) or abs(value) >= 1e15:
        text = f"{value:g}"
    elif abs(value) >= 1000 and (decimals is not None or value.is_integer()):
        text = f"{_half_away(value, 0):,.0f}"
    elif decimals is None:
        text = f"{_half_away(value, 4):,.4f}".rstrip("0").rstrip(".")
    else:
        text = f"{_half_away(value, decimals):,.{decimals}f}"
    text = text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return text.replace("-", minus) if text.startswith("-") else text


def _half_away(value: float, decimals: int) -> float:
    """``value`` rounded to ``decimals`` with halves away from zero, on its shortest decimal form (as Excel shows
    0,25 as 0,3 and 2,5 as 3; Python's formatting rounds the binary value half to even)."""
    step = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP))


def whole(value: float) -> str:
    """A whole number as the officer types it: 1.000.000 (huge ones as 1e+300), minus as Excel's ``-``."""
    return number(round(float(value)) if math.isfinite(value) and abs(value) < 1e15 else value, 0, minus="-")


def typed(value: float) -> str:
    """A number in a message, as the officer types it in a Danish Excel: ``-0,2``, ``1.234,5``, ``0,00001``.

    Every number a message shows is one the officer typed (``-3 er negativ``) or is to type (``skriv 0,2 for
    20 %``), so it keeps its significant digits (up to 12; :func:`number` would round 0,00001 to 0) and
    carries the minus Excel accepts (``-``, not the printed U+2212). Numbers of 10^15 or more, or below
    10^-6, are in exponent form with a decimal comma (``1,5e-07``), which Excel reads too.

    >>> typed(-3.0), typed(0.2), typed(1234.5), typed(1e-5), typed(1e6), typed(1e308), typed(0.1 + 0.2)
    ('-3', '0,2', '1.234,5', '0,00001', '1.000.000', '1e+308', '0,3')
    """
    value = float(value)
    if value == 0:
        return "0"
    if not math.isfinite(value) or abs(value) >= 1e15 or abs(value) < 1e-6:
        return f"{value:.12g}".replace(".", ",")
    digits = format(Decimal(f"{value:.12g}"), "f")  # 12 significant digits, no exponent
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    text = f"{float(digits):,.{decimals}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def year(value: float) -> str:
    """A year in a message, with no thousands dot: ``2023``, ``2018,5`` (which is then refused).

    >>> year(2023.0), year(2018.5), year(1e308)
    ('2023', '2018,5', '1e+308')
    """
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.12g}".replace(".", ",")


def cell_text(value, decimals: int = 1) -> str:
    """What a table cell shows for a computed value: a number in Danish, text as it is, nothing for empty."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    return number(value, decimals)
