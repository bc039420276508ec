"""LOOKUP's array form and the column (row) number of VLOOKUP (HLOOKUP), as Excel documents them.

- **LOOKUP(lookup_value, array)** (Microsoft, "LOOKUP function", support.microsoft.com, 446d94af-663b-
  451d-8251-369d5e3864cb, "Array form"): "If array covers an area that is wider than it is tall (more
  columns than rows), LOOKUP searches for the value of lookup_value in the first row. If an array is square
  or is taller than it is wide (more rows than columns), LOOKUP searches in the first column", and "always
  selects the last value in the row or column". ``formulas`` searched the whole array, flattened, and
  returned the value found (``=LOOKUP(C$3,$B$11:$F$12)`` gave 0 where Excel gave "a").
- **VLOOKUP(lookup_value, table_array, col_index_num, range_lookup)** (Microsoft, "VLOOKUP function",
  0bbc8083-26fe-4963-8ab8-93a18ad188a1): a ``col_index_num`` below 1 is ``#VALUE!`` and one beyond the
  table's columns ``#REF!``; HLOOKUP the same for its row number. ``formulas`` took column 0 as the last
  column (Python's index -1) and gave ``#VALUE!`` for a column number that is an empty cell. A lookup
  value that is not found is ``#N/A`` before the column number is looked at: Excel's ``=VLOOKUP(B1,B1,B1,3)``
  over an empty B1 is ``#N/A`` (the issue's workbook), not the ``#VALUE!`` of a column number 0.
"""

from __future__ import annotations

import functools

import numpy as np
import schedula as sh
from formulas.errors import FoundError
from formulas.functions import Error, XlError, get_error, wrap_func, wrap_ufunc
from formulas.functions import look as formulas_look

from .coercion import number


def array_form(lookup_value, lookup_vector, result_vector=None, match_type=1):
    """formulas' LOOKUP arguments, with a two-dimensional ``lookup_vector`` and no result vector read as the
    array form: the first row (wider than tall) or column searched, the last row or column returned."""
    if result_vector is None:
        array = np.asarray(lookup_vector, dtype=object)
        if array.ndim == 2 and array.shape[0] > 1 and array.shape[1] > 1:
            if array.shape[1] > array.shape[0]:
                lookup_vector, result_vector = array[0], array[-1]
            else:
                lookup_vector, result_vector = array[:, 0], array[:, -1]
    return formulas_look.args_parser_lookup_array(lookup_value, lookup_vector, result_vector, match_type)


def _index(value) -> int:
    value = np.asarray(value, dtype=object).ravel()[0]
    if isinstance(value, XlError):
        raise FoundError(err=value)
    if value is sh.EMPTY:
        value = 0
    try:
        return int(number(value))
    except (TypeError, ValueError):
        raise FoundError(err=Error.errors["#VALUE!"]) from None


def _approximate(range_lookup) -> bool:
    """range_lookup as VLOOKUP reads it: left out TRUE; an empty cell or an empty argument FALSE (0)."""
    value = np.asarray(range_lookup, dtype=object).ravel()[0]
    if isinstance(value, XlError):
        raise FoundError(err=value)
    if value is sh.EMPTY:
        return False
    try:
        return bool(number(value))
    except (TypeError, ValueError):
        raise FoundError(err=Error.errors["#VALUE!"]) from None


def table_lookup(lookup_value, table, index, range_lookup=True, transpose=False):
    """VLOOKUP (``transpose``) or HLOOKUP: the match first (``#N/A`` if none), then the column (row) number."""
    if isinstance(lookup_value, XlError):
        return lookup_value
    table = np.atleast_2d(np.asarray(table, dtype=object))
    if transpose:
        table = table.T
    parsed = formulas_look.args_parser_lookup_array(lookup_value, table[0].ravel(), table[0].ravel(),
                                                    _approximate(range_lookup))
    found = formulas_look.xmatch(*parsed[:-1])
    if isinstance(found, XlError):
        return found
    position = _index(index)
    if position < 1:
        return Error.errors["#VALUE!"]
    if position > table.shape[0]:
        return Error.errors["#REF!"]
    return np.asarray(table[position - 1].ravel()[found - 1], dtype=object).ravel()[0]


def _vectorised(function):
    def call(lookup_value, table, index, range_lookup=True):
        values = np.asarray(lookup_value, dtype=object)
        if values.ndim == 0 or values.size == 1:
            return function(values.ravel()[0] if values.ndim else lookup_value, table, index, range_lookup)
        out = np.empty(values.shape, dtype=object)
        for position, value in np.ndenumerate(values):
            out[position] = function(value, table, index, range_lookup)
        return out

    return call


def _checked(function):
    def call(lookup_value, table, index, range_lookup=True):
        error = get_error(table)
        if error:
            return error
        try:
            return function(lookup_value, table, index, range_lookup)
        except FoundError as found:
            return found.err

    return call


def install(table) -> None:
    table["LOOKUP"] = wrap_ufunc(
        formulas_look.xlookup, input_parser=lambda *a: a, args_parser=array_form,
        check_error=lambda *a: get_error(a[1]), excluded={3, 4, 5, 6, 7, 8})
    table["VLOOKUP"] = wrap_func(_checked(_vectorised(functools.partial(table_lookup, transpose=True))))
    table["HLOOKUP"] = wrap_func(_checked(_vectorised(table_lookup)))
