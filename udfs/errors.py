"""The errors our functions raise: one Danish line each, naming the argument, what is wrong and the fix.

Every bad argument raises a :class:`TrappenError` (a ``ValueError``). Its message is one line in Danish
that the officer can act on, in the form ``argument: what is wrong — what to do``, for example::

    counts: '1.234,5' er tekst, ikke et tal — skriv det som et tal (1.234,5), ikke som tekst

The argument is named exactly as Excel's Insert Function dialog shows it (the Python parameter name:
``unit_prices``, ``price_growth``). Text the officer typed is quoted as typed, in single quotes. Every
number is written by :func:`trappen.udfs.danish.typed` (``0,2``, ``1.234,5``, ``-3``: as it is typed in a
Danish Excel) and years by :func:`trappen.udfs.danish.year` (``2023``). The Excel edge
(``udfs.registry``) turns these into an Excel error value (``excel_error``) with this message beside
it; Python callers simply get the exception. Nothing here returns a number. Code, docstrings and logs
stay English; only the message is Danish.

The vocabulary, so that messages read alike (what is wrong, then the fix in the imperative):

=========================================  ==========================================================
what is wrong                              example
=========================================  ==========================================================
text where a number belongs                ``'abc' er tekst, ikke et tal``
a logical value                            ``SAND er en logisk værdi, ikke et tal``
a date where a number belongs              ``13-06-2018 er en dato, ikke et tal``
an error value in a cell                   ``en celle indeholder fejlen #DIV/0!``
nothing given                              ``er tom`` / ``har en tom celle`` / ``mangler``
a sign or a bound                          ``-3 er negativ``, ``20 er over 1``, ``-5 er under 0``
not a whole number                         ``2,5 er ikke et helt tal``
sizes that do not match                    ``har 3 værdier, men counts har 2 rækker``
a range where one value belongs            ``er et område på 1 række × 3 kolonner``
a block where one row or column belongs    ``er en blok på 2 rækker × 2 kolonner``
values out of order                        ``2018 står efter 2019``, ``2019 står to gange``
a divisor of 0                             ``er 0, så sagstallet kan ikke beregnes``
a sum too large for a float                ``summen af tallene er for stor til at regne med``
shares that add up to more than 1          ``0,9 + home_share 0,2 er over 1``
=========================================  ==========================================================

Fixes start with a verb: ``skriv`` (type), ``giv`` (give a range or value), ``ret`` (correct), ``sæt``
(put), ``brug`` (use), ``fjern`` (remove). Sizes are counted with :func:`count` (``1 række``, ``2 rækker``).
"""

from __future__ import annotations

from . import danish


class TrappenError(ValueError):
    """A bad argument. Shown in Excel as ``#VALUE!`` with the one-line message."""

    excel_error = "#VALUE!"

    def __init__(self, argument: str, problem: str, fix: str | None = None):
        self.argument = argument
        self.problem = problem
        self.fix = fix
        message = f"{argument}: {problem}"
        if fix:
            message += f" — {fix}"
        super().__init__(message)


class ZeroDenominatorError(TrappenError):
    """A divisor that is zero (no advisers, no placements, no population). Shown as ``#DIV/0!``."""

    excel_error = "#DIV/0!"


class NotReachedError(TrappenError):
    """A result that does not exist within the data, e.g. no payback within the horizon. Shown as ``#N/A``."""

    excel_error = "#N/A"


class TooLargeError(TrappenError):
    """Numbers so large that a sum of them overflows, where the overflow would hide in the result (a share of
    an infinite total is 0). Shown as ``#NUM!``, as Excel shows an overflowing SUM."""

    excel_error = "#NUM!"


#: Danish nouns for what a message counts: singular and plural.
_NOUNS = {
    "værdi": "værdier", "række": "rækker", "kolonne": "kolonner", "år": "år", "argument": "argumenter",
    "scenarie": "scenarier", "forudsætning": "forudsætninger", "tærskel": "tærskler", "sats": "satser",
    "type": "typer",
}


def count(number: int, noun: str) -> str:
    """``1 række``, ``2 rækker``, ``1.048.576 rækker``: a count with the noun in the right number.

    >>> count(1, "række"), count(3, "værdi"), count(1048576, "række")
    ('1 række', '3 værdier', '1.048.576 rækker')
    """
    return f"{danish.whole(number)} {noun if number == 1 else _NOUNS[noun]}"
