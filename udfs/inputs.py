"""The adapter: what Excel, a spreadsheet engine or Python hands over, as clean numpy arrays.

Excel (through xlwings), the headless engine (``formulas``) and Python callers hand our functions very
different things for the same cells: ``None`` or an engine token for an empty cell, ``[[x]]`` for a
single cell, nested lists for ranges, ``Array`` objects, text, booleans, ``datetime`` objects or Excel
serial numbers for dates, error values such as ``#DIV/0!``. This module is the one place that turns all
of that into float arrays, or raises a :class:`~udfs.errors.TrappenError` that says which argument is
wrong and why. The budget functions call it and then only do arithmetic.

Conventions (the contract in ``shared/FUNCTIONS.md``):

* An empty cell is ``NaN`` here; each reader says whether empty means 0 (``empty="zero"``), is kept as
  ``NaN`` for the caller to check (``empty="keep"``), or is an error (``empty="error"``).
* A lone dash (``-``, ``–``, ``—``) is how the documents write "nothing" in a table; it counts as empty.
* Any other text is an error that quotes the text, never a guess: ``'1.234,5' is text, not a number``.
* Booleans are not numbers here (Excel's SUM skips them too): an error.
* A date in a number argument is an error; :func:`date_serial` reads dates.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from numbers import Real

import numpy as np

from . import danish
from .errors import TrappenError, ZeroDenominatorError

#: Text that the documents use for "nothing in this cell".
EMPTY_MARKS = frozenset({"", "-", "–", "—"})

#: Excel's error values as text (xlwings hands them over as text with ``err_to_str=True``).
EXCEL_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
     "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"}
)

# A spreadsheet engine may represent an empty cell by a token of its own and error values by a class
# of its own. The engine glue registers them here (see addin.engine); udfs imports no engine.
_engine_empty: list[object] = []
_engine_error_types: list[type] = []

# 1899-12-30 is day 0 of Excel's 1900 date system (it counts the fictitious 29 February 1900).
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def register_engine_values(*, empty: Iterable[object] = (), error_types: Iterable[type] = ()) -> None:
    """Teach the adapter an engine's own "empty cell" objects and error-value classes."""
    for token in empty:
        if not any(token is known for known in _engine_empty):
            _engine_empty.append(token)
    for cls in error_types:
        if cls not in _engine_error_types:
            _engine_error_types.append(cls)


def _is_empty(value: object) -> bool:
    if value is None or any(value is token for token in _engine_empty):
        return True
    return isinstance(value, str) and value.strip() in EMPTY_MARKS


def _error_text(value: object) -> str | None:
    """The Excel error a cell holds (``'#DIV/0!'``), or None if the value is not an error."""
    if _engine_error_types and isinstance(value, tuple(_engine_error_types)):
        return str(value)
    if isinstance(value, str) and value.startswith("#"):
        # An error code alone, or our own error text from another cell: "#VALUE! savings: ...".
        code = value.strip().split(" ", 1)[0].upper()
        if code in EXCEL_ERRORS:
            return code
    return None


def _cell_to_float(value: object, name: str) -> float:
    """One cell's value as a float; NaN for an empty cell."""
    if isinstance(value, (bool, np.bool_)):
        raise TrappenError(name, f"{'TRUE' if value else 'FALSE'} is a logical value, not a number",
                           "type a number")
    if isinstance(value, (Real, np.integer, np.floating)):
        try:
            return float(value)
        except OverflowError:
            raise TrappenError(name, "holds a number too large to compute with", "check the cell") from None
    error = _error_text(value)
    if error is not None:
        raise TrappenError(name, f"a cell holds the error {error}", "correct that cell first")
    if _is_empty(value):
        return math.nan
    if isinstance(value, (dt.date, dt.datetime, np.datetime64)):
        raise TrappenError(name, f"{value} is a date, not a number", "type the number itself")
    if isinstance(value, str):
        return _text_error(value, name)
    raise TrappenError(name, f"{_one_line(repr(value))} is not a number")


def _one_line(text: str) -> str:
    """Text as it can be quoted in a one-line message: line breaks shown as spaces, at most 40 characters."""
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:37] + "..."


def _text_error(text: str, name: str) -> float:
    shown = _one_line(text)
    fix = "type the number without quotes or spaces"
    candidate = text.strip().replace(" ", "")
    if "," in candidate:
        # Danish notation: '1.234,5' means 1234.5. Suggest it, never assume it.
        reading = candidate.replace(".", "").replace(",", ".")
        try:
            fix = f"type it as a number ({float(reading):g}), not as text"
        except ValueError:
            pass
    raise TrappenError(name, f"'{shown}' is text, not a number", fix)


def as_array(value: object, name: str) -> np.ndarray:
    """Any argument as a float array of the shape it came in (0-D, 1-D or 2-D); empty cells are NaN.

    Numeric numpy arrays pass through without a copy, so large arrays cost almost nothing here.
    """
    if isinstance(value, np.ndarray) and value.dtype.kind in "fiu":
        array = value if value.dtype == np.float64 else value.astype(np.float64)
        return np.asarray(array)  # drop ndarray subclasses (e.g. an engine's Array)
    if isinstance(value, (Real, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_)):
        return np.asarray(_cell_to_float(value, name))
    if isinstance(value, np.ndarray) or isinstance(value, (list, tuple)):
        raw = np.asarray(value, dtype=object)
        if raw.ndim > 2:
            raise TrappenError(name, f"has {raw.ndim} dimensions", "give a single range (rows × columns)")
        flat = [_cell_to_float(cell, name) for cell in raw.ravel()]
        return np.asarray(flat, dtype=np.float64).reshape(raw.shape)
    if hasattr(value, "to_numpy"):  # pandas Series / DataFrame
        return as_array(value.to_numpy(), name)
    return np.asarray(_cell_to_float(value, name))


def all_finite(array: np.ndarray) -> bool:
    """True if no cell is empty (NaN) or infinite: one BLAS pass (a dot product propagates NaN and inf).

    A dot product can also overflow for values above ~1e154; then the slow, exact check decides.
    """
    flat = array.reshape(-1)
    probe = float(np.dot(flat, flat)) if flat.size > 64 else float(np.sum(flat * flat))
    return math.isfinite(probe) or bool(np.isfinite(array).all())


def _fill_empty(array: np.ndarray, name: str, empty: str) -> np.ndarray:
    """Apply the empty-cell rule to NaNs; reject infinities."""
    if array.size == 0:
        raise TrappenError(name, "is empty", "select at least one cell")
    if all_finite(array):
        return array
    missing = np.isnan(array)
    if missing.any():
        if empty == "error":
            where = "is empty" if missing.all() else "has an empty cell"
            raise TrappenError(name, where, "type a number (0 if there is none)")
        if empty == "zero":
            array = np.where(missing, 0.0, array)
    if np.isinf(array).any():
        raise TrappenError(name, "holds an infinite value", "type a finite number")
    return array


def numbers(value: object, name: str, *, empty: str = "error", nonnegative: bool = False) -> np.ndarray:
    """An argument as a float array (shape kept), with the empty-cell rule and an optional sign rule.

    ``empty``: ``"zero"`` (empty cells count as 0), ``"keep"`` (left as NaN) or ``"error"``.
    ``nonnegative``: reject negative values (counts, prices, populations).
    """
    array = _fill_empty(as_array(value, name), name, empty)
    if nonnegative:
        low = array.min()
        if math.isnan(low):  # empty cells kept as NaN: look at the others
            present = array[~np.isnan(array)]
            low = present.min() if present.size else 0.0
        if low < 0:
            raise TrappenError(name, f"{_fmt(low)} is negative", "counts and prices cannot be below 0")
    return array


def counts(value: object, name: str) -> np.ndarray:
    """Numbers of cases or placements: not negative; empty cells are 0."""
    return numbers(value, name, empty="zero", nonnegative=True)


def amounts(value: object, name: str) -> np.ndarray:
    """Money (kr., 1.000 kr. or mio. kr., never rescaled), any sign; empty cells are 0."""
    return numbers(value, name, empty="zero")


def scalar(value: object, name: str, *, default: float | None = None, nonnegative: bool = False) -> float:
    """One number. An empty cell takes ``default`` if the argument is optional, else it is an error."""
    array = as_array(value, name)
    if array.size != 1:
        raise TrappenError(name, f"is a range of {_describe(array)}", "give a single cell or number")
    number = float(array.reshape(()))
    if math.isnan(number):
        if default is None:
            raise TrappenError(name, "is empty", "type a number")
        return float(default)
    if math.isinf(number):
        raise TrappenError(name, "is infinite", "type a finite number")
    if nonnegative and number < 0:
        raise TrappenError(name, f"{_fmt(number)} is negative", "give 0 or more")
    return number


def share(value: object, name: str, *, default: float | None = None, lowest: float = 0.0,
          highest: float = 1.0) -> float:
    """A share or rate as a decimal (0.2, not 20 or 20 %); one number between ``lowest`` and ``highest``."""
    number = scalar(value, name, default=default)
    if number > highest:
        hint = f"a share is a decimal: type {_fmt(number / 100)} for {_fmt(number)} %"
        raise TrappenError(name, f"{_fmt(number)} is above {_fmt(highest)}", hint)
    if number < lowest:
        raise TrappenError(name, f"{_fmt(number)} is below {_fmt(lowest)}", "give a decimal share, e.g. 0.02")
    return number


def share_row(row: np.ndarray, name: str, what: str, *, lowest: float = 0.0, highest: float = 1.0) -> np.ndarray:
    """Each value of a row checked as a decimal share by ``inputs.share`` (20 is refused: 0.2 is meant)."""
    for position, value in enumerate(row.tolist(), start=1):
        try:
            share(value, name, lowest=lowest, highest=highest)
        except TrappenError as error:
            where = f"{what} {position}: " if row.size > 1 else ""
            raise TrappenError(name, where + error.problem, error.fix) from None
    return row


def whole_number(value, name: str, *, lowest: int, highest: int, fix: str, default: float | None = None) -> int:
    """One whole number between ``lowest`` and ``highest`` (a row number, a horizon, a count, a seed)."""
    number = scalar(value, name, default=default)
    if not number.is_integer():
        raise TrappenError(name, f"{number:g} is not a whole number", fix)
    if not lowest <= number <= highest:
        bound, side = (lowest, "below") if number < lowest else (highest, "above")
        raise TrappenError(name, f"{danish.whole(number)} is {side} {danish.whole(bound)}", fix)
    return int(number)


def flag(value: object, name: str, *, default: bool) -> bool:
    """A TRUE/FALSE argument; empty or omitted takes the default; 1/0 are accepted as Excel does."""
    if isinstance(value, (list, tuple, np.ndarray)):
        raw = np.asarray(value, dtype=object)
        if raw.size != 1:
            raise TrappenError(name, "is a range", "type TRUE or FALSE")
        value = raw.reshape(()).item()
    if _is_empty(value):
        return default
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (Real, np.integer, np.floating)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().upper() in {"TRUE", "FALSE", "SAND", "FALSK"}:
        return value.strip().upper() in {"TRUE", "SAND"}
    shown = value if isinstance(value, str) else value.item() if isinstance(value, np.generic) else value
    raise TrappenError(name, f"{_one_line(repr(shown))} is not TRUE or FALSE", "type TRUE or FALSE")


def vector(value: object, name: str, *, empty: str = "zero", nonnegative: bool = False) -> np.ndarray:
    """One row or one column (or a single cell) as a 1-D array; a block of several rows and columns is an error."""
    array = numbers(value, name, empty=empty, nonnegative=nonnegative)
    if array.ndim == 2 and min(array.shape) > 1:
        raise TrappenError(name, f"is a block of {_describe(array)}", "give one row or one column")
    return array.reshape(-1)


def block(value: object, name: str, *, empty: str = "zero", nonnegative: bool = False) -> np.ndarray:
    """A table of rows × columns as a 2-D array; a single row or list becomes one column."""
    array = numbers(value, name, empty=empty, nonnegative=nonnegative)
    if array.ndim < 2:
        array = array.reshape(-1, 1)
    return array


def aligned(named: dict[str, np.ndarray]) -> tuple[list[np.ndarray], tuple[int, ...]]:
    """Line up arguments that hold one value per year (or per cell).

    Every argument is either a single value or has the same number of cells as the others. A row and a
    column of the same length are the same thing (one value per year). Blocks must have the same shape.
    Returns the arrays ready for element-wise numpy arithmetic and the shape of the result (the shape
    of the first argument that is not a single value).
    """
    reference_name, reference = None, None
    for arg_name, array in named.items():
        if array.size != 1:
            reference_name, reference = arg_name, array
            break
    if reference is None:
        shape = np.broadcast_shapes(*(a.shape for a in named.values()))
        return [a.reshape(shape) if a.shape != shape else a for a in named.values()], shape
    out = []
    for arg_name, array in named.items():
        if array.size == 1:
            out.append(array.reshape(()))
        elif array.shape == reference.shape:
            out.append(array)
        elif array.size == reference.size and _is_line(array) and _is_line(reference):
            out.append(array.reshape(reference.shape))
        else:
            raise TrappenError(
                arg_name,
                f"has {_describe(array)} but {reference_name} has {_describe(reference)}",
                "the ranges must be the same size (one value per year)",
            )
    return out, reference.shape


def prices_where_used(prices: np.ndarray, used, name: str, what: str) -> np.ndarray:
    """Empty prices (NaN) count as 0 in rows that are not used; an empty price in a used row is an error.

    ``used()`` gives one flag per row (e.g. "this placement type has a count"); it is only called when a
    price is empty. The documents print "-" for a type with no price; that is fine as long as nothing is
    counted at it.
    """
    missing = np.isnan(prices)
    if not missing.any():
        return prices
    bad = np.flatnonzero(missing & used())
    if bad.size:
        raise TrappenError(name, f"{what} number {bad[0] + 1} is empty but its count is not 0",
                           f"type the {what}")
    return np.where(missing, 0.0, prices)


def shaped(result: np.ndarray, shape: tuple[int, ...]):
    """An element-wise result in the shape of its inputs; a plain float where that shape is a scalar."""
    result = np.asarray(result).reshape(shape)
    return float(result) if result.ndim == 0 else result


def divide(numerator: np.ndarray, denominator: np.ndarray, name: str, what: str) -> np.ndarray:
    """numerator / denominator, with a clear error where a denominator is 0."""
    if np.any(denominator == 0):
        raise ZeroDenominatorError(name, f"is 0, so there is no {what}", f"give a {name} above 0")
    return numerator / denominator


def date_serial(value: object, name: str) -> float:
    """A date as an Excel serial number (1900 date system): from a date/datetime, a numpy datetime64 or a serial."""
    if isinstance(value, (list, tuple, np.ndarray)):
        raw = np.asarray(value, dtype=object)
        if raw.size != 1:
            raise TrappenError(name, f"is a range of {_describe(raw)}", "give one date")
        value = raw.reshape(()).item()
    if isinstance(value, np.datetime64):
        value = value.astype("datetime64[s]").item()
    if isinstance(value, dt.datetime):
        return (value - _EXCEL_EPOCH).total_seconds() / 86400.0
    if isinstance(value, dt.date):
        return float((value - _EXCEL_EPOCH.date()).days)
    if isinstance(value, str) and not _is_empty(value) and _error_text(value) is None:
        raise TrappenError(name, f"'{_one_line(value)}' is text, not a date", "type the date as a date, e.g. 13-06-2018")
    serial = scalar(value, name)
    if not 1 <= serial < 2958466:  # 1900-01-01 .. 9999-12-31
        raise TrappenError(name, f"{_fmt(serial)} is not a date", "type a date, e.g. 13-06-2018")
    return serial


def serial_to_date(serial: float) -> dt.date:
    """The calendar date of an Excel serial number (1900 date system, serial >= 61)."""
    return (_EXCEL_EPOCH + dt.timedelta(days=math.floor(serial))).date()


def _is_line(array: np.ndarray) -> bool:
    return sum(1 for n in array.shape if n > 1) <= 1


def _describe(array: np.ndarray) -> str:
    if array.ndim == 2:
        return f"{array.shape[0]} rows × {array.shape[1]} columns"
    return f"{array.size} values"


def _fmt(number: float) -> str:
    return f"{number:g}"
