"""BIN2OCT, DEC2HEX ... : the base conversions with Excel's ranges and ``places``.

Microsoft, "BIN2OCT function" (support.microsoft.com, 0a4e01ba-ac8d-4158-9b29-16c25c4c23fd), and its
eleven siblings (BIN2DEC, BIN2HEX, OCT2BIN, OCT2DEC, OCT2HEX, DEC2BIN, DEC2OCT, DEC2HEX, HEX2BIN, HEX2DEC,
HEX2OCT) share the rules: a number "cannot contain more than 10 characters (10 bits). The most significant
bit of number is the sign bit. ... Negative numbers are represented using two's-complement notation"; "If
number is not a valid binary number, or if number contains more than 10 characters (10 bits), BIN2OCT
returns the #NUM! error value"; "If number is negative, BIN2OCT ignores places and returns a 10-character
octal number"; "If BIN2OCT requires more than places characters, it returns the #NUM! error value"; "If
places is not an integer, it is truncated"; "If places is nonnumeric, ... #VALUE!"; "If places is negative,
... #NUM!". Examples: ``=BIN2OCT(1001, 3)`` is "011", ``=BIN2OCT(1100100)`` "144",
``=BIN2OCT(1111111111)`` "7777777777". The decimal ranges: DEC2BIN -512..511, DEC2OCT -536870912..536870911,
DEC2HEX -549755813888..549755813887, else ``#NUM!``.

``formulas`` applies ``places`` to a negative number too (``=BIN2OCT("1111111111",1)`` gave ``#NUM!``,
Excel "7777777777") and gives ``#VALUE!`` for ``places`` that is an empty cell (0 places, which no number
fits: ``#NUM!``).
"""

from __future__ import annotations

import math

import numpy as np
import schedula as sh
from formulas.functions import Error, XlError, wrap_ufunc

from .coercion import is_bool, number

BASES = {"BIN": 2, "OCT": 8, "DEC": 10, "HEX": 16}
#: Half the range of each base's 10 characters: the first negative number in two's complement.
HALF = {2: 1 << 9, 8: 1 << 29, 16: 1 << 39}
DIGITS = "0123456789ABCDEF"


class _Refused(Exception):
    def __init__(self, code: str):
        self.error = Error.errors[code]


def _scalar(value):
    value = np.asarray(value, dtype=object).ravel()[0] if isinstance(value, np.ndarray) else value
    if isinstance(value, XlError):
        raise _Refused(str(value))
    return value


def read_number(value, base: int) -> int:
    """The integer a BIN/OCT/HEX number (text or digits typed as a number) or a DEC number stands for."""
    value = _scalar(value)
    if is_bool(value):
        raise _Refused("#VALUE!")
    if value is sh.EMPTY:
        value = 0
    if base == 10:
        try:
            return math.trunc(number(value))
        except (TypeError, ValueError):
            raise _Refused("#VALUE!") from None
    if isinstance(value, float):
        if not value.is_integer() or value < 0:
            raise _Refused("#NUM!")
        value = str(int(value))
    text = str(value).strip().upper()
    if not text or len(text) > 10 or any(ch not in DIGITS[:base] for ch in text):
        raise _Refused("#NUM!")
    unsigned = int(text, base)
    half = HALF[base]
    return unsigned - 2 * half if len(text) == 10 and unsigned >= half else unsigned


def write_number(value: int, base: int, places=None) -> str | float:
    """``value`` in ``base`` (10 characters in two's complement when negative, ``places`` then ignored)."""
    if base == 10:
        return float(value)
    half = HALF[base]
    if not -half <= value < half:
        raise _Refused("#NUM!")
    if value < 0:
        return _digits(value + 2 * half, base)
    text = _digits(value, base)
    if places is None:
        return text
    places = _scalar(places)
    if is_bool(places):
        raise _Refused("#VALUE!")
    if places is sh.EMPTY:
        places = 0
    try:
        places = math.trunc(number(places))
    except (TypeError, ValueError):
        raise _Refused("#VALUE!") from None
    if places < 0 or places < len(text):
        raise _Refused("#NUM!")
    return text.zfill(places)


def _digits(value: int, base: int) -> str:
    if value == 0:
        return "0"
    out = []
    while value:
        value, digit = divmod(value, base)
        out.append(DIGITS[digit])
    return "".join(reversed(out))


def converter(source: int, target: int):
    def convert(value, places=None):
        try:
            return write_number(read_number(value, source), target, places)
        except _Refused as refused:
            return refused.error

    return convert


def install(table) -> None:
    for source_name, source in BASES.items():
        for target_name, target in BASES.items():
            if source != target:
                table[f"{source_name}2{target_name}"] = wrap_ufunc(
                    converter(source, target), input_parser=lambda *a: a, args_parser=lambda *a: a,
                    check_error=lambda *a: None, check_nan=False)
