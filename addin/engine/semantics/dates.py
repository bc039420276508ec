"""Date text outside Excel's calendar is no date: YEAR, MONTH, DAY, DATEVALUE ... over it are ``#VALUE!``.

Microsoft, "DATEVALUE function" (support.microsoft.com, df8b07d4-7761-4a93-bc33-b7471bbff252): "Using the
default date system in Microsoft Excel for Windows, the date_text argument must represent a date between
January 1, 1900 and December 31, 9999. The DATEVALUE function returns the #VALUE! error value if the value
of the date_text argument falls outside of this range." The date functions read date text the same way
(Microsoft, "YEAR function", c64f017a-1354-490d-981f-578e8ec8d3b9: dates "should be entered by using the
DATE function, or as results of other formulas or functions"; text is converted as DATEVALUE converts it).
``formulas`` reads any date its parser knows: ``=YEAR("1800-01-01")`` gave 1800 (Excel ``#VALUE!``) and
``=DATEVALUE("1800-01-01")`` 657439. Its one reader of date text (``formulas.functions.date._text2datetime``)
is given the range check here; every function and operator that reads date text goes through it.
"""

from __future__ import annotations

import functools

from formulas.errors import FoundError
from formulas.functions import Error
from formulas.functions import date as formulas_date

FIRST_YEAR, LAST_YEAR = 1900, 9999


def text_to_datetime(original, date_text):
    """formulas' reading of date text, refused (``#VALUE!``) for a year Excel's calendar does not hold."""
    parsed = formulas_date._get_date_parser()._parse(date_text)[0]
    year = getattr(parsed, "year", None) if parsed is not None else None
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        raise FoundError(err=Error.errors["#VALUE!"])
    return original(date_text)


def install() -> None:
    if getattr(formulas_date._text2datetime, "trappen", False):
        return
    patched = functools.lru_cache(None)(functools.partial(text_to_datetime, formulas_date._text2datetime))
    patched.trappen = True
    formulas_date._text2datetime = patched
