"""How Excel turns a value into a number, and compares values: arithmetic, ``--``, N, ISNUMBER, ``=`` and ``^``.

Microsoft, "Calculation operators and precedence in Excel" (support.microsoft.com, 48be406d-4975-4d31-
b2b8-7af9e0e2878a), section "Converting values in formulas": where an operator expects a number, Excel
converts text that looks like a number, a percentage, a currency amount or a date (``="1"+"2"`` is 3,
``="1"+"$4.00"`` is 5, ``="6/1/2001"-"5/1/2001"`` is 31) and TRUE and FALSE (1 and 0); other text gives
``#VALUE!`` (``=SQRT("8+1")``). Where ``formulas`` departs from that:

- **arithmetic on text**: it converts with Python's ``float``, so ``="10%"+1``, ``="$4.00"+1`` and
  ``="12:00"+0`` are ``#VALUE!``: :func:`number` converts as Excel does
  with the decimal point (as formulas reads numbers); text with a comma, and a date with the day or month
  first, stay ``#VALUE!``, as their number depends on the language of the Excel that computes it
  (``"48,34%"`` is 0,4834 to a Danish or French Excel, ``"6/1/2001"`` is 6 January to a Danish one), which
  the workbook does not record; a date with the year first (``"2001-06-01"``) and a time are read;
- **a double negation**: its parser cancels ``--`` (an even count of minus signs becomes ``+``, which
  does not convert), so ``=--("A"="B")`` is FALSE where Excel gives 0: the compiled operator converts;
- **N** gives TRUE for TRUE, where N "converts a value to a number": TRUE is 1 (Microsoft, "N function",
  a624cad1-3635-4208-b54a-29733d1278c9);
- **ISNUMBER** is TRUE for numeric text (``"123"``), where "ISNUMBER: value refers to a number" (Microsoft,
  "IS functions", 0f2d7971-6019-40a0-a171-f2d869135665): text is never a number;
- **a comparison with an empty cell**: an empty cell compared with TRUE or FALSE is FALSE, as it is "" beside
  text and 0 beside a number (``=C6=E6`` with C6 FALSE and E6 empty is TRUE: xlwings'
  ``tests_test_engines_integration_write.xlsm``, saved by Excel);
- **the power operator** ``^`` gives ``#VALUE!`` on an overflow and 1 for ``0^0``: as the POWER function does
  in Excel, an overflow or ``0^0`` or a negative number to a fractional power is ``#NUM!`` and ``0^-1``
  ``#DIV/0!`` (``=99999999999999^9999999999999990`` is ``#NUM!``, saved by Excel in xlwings'
  ``tests_cell_errors.xlsx``).
"""

from __future__ import annotations

import datetime
import math
import re

import numpy as np
import schedula as sh
from formulas.functions import Array, wrap_func, wrap_ufunc
from formulas.functions import operators as formulas_operators
from formulas.tokens import operator as formulas_operator
from formulas.tokens.operand import Error, XlError

#: A number written as text, as Excel with the decimal point reads it (as formulas reads numbers): sign,
#: currency sign, digits, decimals, exponent, percent sign. No thousands separator: "1,500" is 1500 to an
#: English Excel and 1,5 to a Danish one, and the workbook does not say which computed it (#VALUE!).
_NUMBER_TEXT = re.compile(r"""^\s*(?P<sign>[+-]?)\s*\$?\s*
    (?P<digits>\d+(?:\.\d*)?|\.\d+)
    (?P<exponent>[eE][+-]?\d+)?\s*(?P<percent>%?)\s*$""", re.VERBOSE)
#: A date with the year first and/or a time: read alike by every language of Excel.
_DATE_TEXT = re.compile(r"""^\s*(?:(?P<year>\d{4})[-/](?P<month>\d{1,2})[-/](?P<day>\d{1,2}))?
    (?:(?(year)[\sT]+|)(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}(?:\.\d+)?))?
    \s*(?P<half>[AaPp][Mm])?)?\s*$""", re.VERBOSE)
#: log10 of the largest float (1,797e308): a power beyond it overflows.
_LARGEST_EXPONENT = math.log10(1.7976931348623157e308)
#: The first and the last year of Excel's calendar (1900-01-01 to 9999-12-31).
_FIRST_YEAR, _LAST_YEAR = 1900, 9999


def scalar(value):
    """A value as itself: formulas keeps a computed element of a constant array ({1,-1}) as a 0-d array."""
    if isinstance(value, np.ndarray) and value.size == 1:
        return value.ravel()[0]
    return value


def is_bool(value) -> bool:
    return isinstance(scalar(value), (bool, np.bool_))


def is_number(value) -> bool:
    """A number in Excel's sense: not a boolean, not text, not an error, not an empty cell."""
    value = scalar(value)
    return isinstance(value, (int, float, np.integer, np.floating)) and not is_bool(value)


def text_number(text: str) -> float | None:
    """The number a text stands for where Excel converts it (number, percentage, currency, date or time),
    else None; empty text is no number."""
    found = _NUMBER_TEXT.match(text)
    if found:
        value = float(found["digits"] + (found["exponent"] or ""))
        if found["sign"] == "-":
            value = -value
        return value / 100 if found["percent"] else value
    return date_text_number(text)


def date_text_number(text: str) -> float | None:
    """The serial number of a date or time written as text the same way in every language of Excel: year first
    (``"2001-06-01"``, ``"2001/06/01 12:00"``) or a time alone (``"12:00"``, ``"3:30 PM"``); else None. A date
    before 1900 or after 9999 is not one Excel knows (None)."""
    found = _DATE_TEXT.match(text) if text.strip() else None
    if found is None:
        return None
    fraction = 0.0
    if found["hour"] is not None:
        hour, minute, second = int(found["hour"]), int(found["minute"]), float(found["second"] or 0)
        if found["half"]:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if found["half"].upper() == "PM" else 0)
        if hour > 23 or minute > 59 or second >= 60:
            return None
        fraction = (hour * 3600 + minute * 60 + second) / 86400
    if found["year"] is None:
        return fraction
    year, month, day = int(found["year"]), int(found["month"]), int(found["day"])
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        return None
    try:
        serial = (datetime.date(year, month, day) - datetime.date(1899, 12, 30)).days
    except ValueError:  # 31 February: not a date
        return None
    if serial < 61:  # before 1 March 1900 Excel counts from 1900-01-01 = 1 (it holds a 29 February 1900)
        serial -= 1
    return float(serial) + fraction


def number(value) -> float:
    """A value as an arithmetic operator takes it (ValueError for text that is no number: ``#VALUE!``)."""
    value = scalar(value)
    if is_bool(value):
        return float(value)
    if isinstance(value, str):
        converted = text_number(value)
        if converted is None:
            raise ValueError(value)
        return converted
    return float(value)


def power(base: float, exponent: float):
    """``base ^ exponent`` with Excel's errors: ``#NUM!`` for 0^0, an overflow or a negative base to a fractional
    power, ``#DIV/0!`` for 0 to a negative power."""
    if base == 0 and exponent == 0:
        return Error.errors["#NUM!"]
    if base == 0 and exponent < 0:
        return Error.errors["#DIV/0!"]
    if base < 0 and not float(exponent).is_integer():
        return Error.errors["#NUM!"]
    if base != 0 and exponent * math.log10(abs(base)) > _LARGEST_EXPONENT:
        return Error.errors["#NUM!"]  # beyond any float, found before the overflow sets the FPU's flag numpy reports
    try:
        result = math.pow(base, exponent)
    except OverflowError:
        return Error.errors["#NUM!"]
    except ValueError:
        return Error.errors["#NUM!"]
    return result if math.isfinite(result) else Error.errors["#NUM!"]


def _numbers(*values):
    return map(number, values)


def _divide(x, y):
    return x / y if y else Error.errors["#DIV/0!"]


ARITHMETIC = {
    "+": lambda x, y: x + y,
    "-": lambda x, y: x - y,
    "U-": lambda x: -x,
    "*": lambda x, y: x * y,
    "/": _divide,
    "^": power,
    "%": lambda x: x / 100.0,
    "U--": lambda x: x,  # an even number of minus signs: the value as a number
}


def compared(x, y):
    """formulas' ``logic_input_parser`` with Excel's empty cell: "" beside text, FALSE beside a boolean, else 0."""
    if x is sh.EMPTY:
        x = "" if isinstance(y, str) else (False if is_bool(y) else 0)
    if y is sh.EMPTY:
        y = "" if isinstance(x, str) else (False if is_bool(x) else 0)
    return formulas_operators.logic_input_parser(x, y)


def excel_n(value):
    """N: a number as it is, TRUE 1, FALSE 0, an error as it is, anything else (text, an empty cell) 0."""
    value = scalar(value)
    if isinstance(value, XlError):
        return value
    if is_bool(value):
        return float(value)
    if is_number(value):
        return value
    return 0.0


def _first(value):
    return np.asarray(value, object).ravel()[0] if isinstance(value, np.ndarray) else value


def xn(value):
    return np.asarray([[excel_n(_first(value))]], object).view(Array)


def xisnumber(value):
    if isinstance(value, np.ndarray) and value.size != 1:
        return np.vectorize(is_number, otypes=[bool])(value).view(Array)
    return np.asarray([[is_number(_first(value))]], object).view(Array)


def _compile_operator(original):
    def compile(self):
        if self.name == "u+" and "-" in self.attr.get("sum_minus", ""):
            return formulas_operators.OPERATORS["U--"]
        return original(self)

    compile.trappen = True
    return compile


def install(table) -> None:
    operators = formulas_operators.OPERATORS
    for name, function in ARITHMETIC.items():
        operators[name] = wrap_ufunc(function, input_parser=_numbers)
    logic = {name: wrap_ufunc(function, input_parser=compared, args_parser=lambda *a: a)
             for name, function in formulas_operators.LOGIC_OPERATORS.items()}
    operators.update(logic)
    if not getattr(formulas_operator.Operator.compile, "trappen", False):
        formulas_operator.Operator.compile = _compile_operator(formulas_operator.Operator.compile)
    table["N"] = wrap_func(xn)
    table["ISNUMBER"] = wrap_func(xisnumber)
    table["POWER"] = wrap_ufunc(power, input_parser=_numbers)
