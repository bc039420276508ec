"""Excel's own semantics where ``formulas`` departs from them: the one place the engine patches ``formulas``.

The headless engine computes Excel's functions with ``formulas`` (pinned ``>=1.3.4,<1.4``). Where that
library gives another value than Excel for the same inputs, the modules here put Excel's rule in its
place, each named after what it holds and each citing Microsoft's documentation of the function:

- :mod:`.coercion`: how a value becomes a number (text and booleans in arithmetic, ``--TRUE``, ``N``,
  ``ISNUMBER``, a comparison with an empty cell, the power operator's errors);
- :mod:`.references`: reading a reference (column XFD, ``#REF!:#REF!``);
- :mod:`.rounding`: CEILING.MATH and FLOOR.MATH for negative numbers;
- :mod:`.lookup`: LOOKUP's array form, VLOOKUP's and HLOOKUP's column or row number;
- :mod:`.dates`: date text outside Excel's calendar (before 1900) is ``#VALUE!``;
- :mod:`.text_format`: TEXT with a format code given as a number;
- :mod:`.engineering`: BIN2OCT and the other base conversions, their ranges and ``places``;
- :mod:`.regression`: TREND and GROWTH with Excel's shapes of their arguments;
- :mod:`.financial`: NPV at a rate of -100 % (``#DIV/0!``);
- :mod:`.product`: PRODUCT over no numbers is 0;
- :mod:`.criteria`: the criteria of SUMIF(S), COUNTIF(S), AVERAGEIF(S), MAXIFS and MINIFS (``<>``, ``=``, wildcards,
  an empty criterion cell).

A result that is not a finite number (``=SUM(1E+308;1E+308)``) is ``#NUM!`` for every function: the engine's
evaluator sees to that where it takes a formula's value (``evaluator._plain_array``).

:func:`install` is called once per process by :func:`trappen.addin.engine.functions.install`, before any
formula is compiled. It replaces entries of formulas' function table (the table given), of its operator
table (``formulas.functions.operators.OPERATORS``), two functions of its reference parser and its criteria
matcher (``formulas.functions.__xfilter``); nothing else
of ``formulas`` is touched. ``docs/formulas-upstream.md`` describes each departure for the library's authors.
"""

from __future__ import annotations

from . import (
    coercion,
    criteria,
    dates,
    engineering,
    financial,
    lookup,
    product,
    references,
    regression,
    rounding,
    text_format,
)

_installed = False


def install(table) -> None:
    """Put Excel's semantics into formulas' tables (once per process; ``table`` is the engine's function table)."""
    global _installed
    if _installed:
        return
    references.install()
    coercion.install(table)
    dates.install()
    rounding.install(table)
    lookup.install(table)
    text_format.install(table)
    engineering.install(table)
    regression.install(table)
    financial.install(table)
    criteria.install()
    product.install(table)
    _installed = True
