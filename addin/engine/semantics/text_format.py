"""TEXT with its format code given as a number: the number's own text is the code.

Microsoft, "TEXT function" (support.microsoft.com, 20d5ac4d-7b94-49fd-bb38-93d29371225c):
``TEXT(value, format_text)``, "format_text: a text string that defines the formatting"; a number given
there is converted to text as Excel converts any number to text: 0 is "0" (so ``=TEXT(938803.4,0)`` is
"938803", as ``=TEXT(938803.4,"0")``), and TRUE is "TRUE". ``formulas`` turned the code into text with
Python's ``str``: the 0 of a cell (a float) became "0.0", a format with one decimal (``=TEXT(A2,B2)`` with
B2 = 0 gave "938803.4").
"""

from __future__ import annotations

from formulas.functions import text as formulas_text
from formulas.functions import wrap_ufunc

from .coercion import is_bool, is_number


def number_text(value) -> str:
    """A number as Excel writes it as text (General format): 0 → "0", 0.5 → "0.5", 1e20 → "1E+20"."""
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.15G}"
    if "E" in text:
        mantissa, exponent = text.split("E")
        text = f"{mantissa}E{exponent[0]}{int(exponent[1:]):02d}"
    return text


def format_code(code):
    """A format code as TEXT reads it: a number as its text, a boolean as TRUE or FALSE, text as it is."""
    if is_bool(code):
        return "TRUE" if code else "FALSE"
    if is_number(code):
        return number_text(code)
    return code


def xtext(value, code):
    return formulas_text.xtext(value, format_code(code))


def install(table) -> None:
    table["TEXT"] = wrap_ufunc(xtext, input_parser=lambda *a: a)
