"""The adapter: what Excel, a spreadsheet engine or Python hands over, as clean numpy arrays.

Excel (through xlwings), the headless engine (``formulas``) and Python callers hand our functions very
different things for the same cells: ``None`` or an engine token for an empty cell, ``[[x]]`` for a
single cell, nested lists for ranges, ``Array`` objects, text, booleans, ``datetime`` objects or Excel
serial numbers for dates, error values such as ``#DIV/0!``. This module is the one place that turns all
of that into float arrays, or raises a :class:`~udfs.errors.TrappenError` that says which argument is
wrong and why (in Danish, in the vocabulary of ``udfs.errors``). The budget functions call it and then
only do arithmetic.

Conventions (the function contract, FUNCTIONS.md; the repository's copy is ``tests/data/FUNCTIONS.md``):

* An empty cell is ``NaN`` here; each reader says whether empty means 0 (``empty="zero"``), is kept as
  ``NaN`` for the caller to check (``empty="keep"``), or is an error (``empty="error"``).
* A lone dash (``-``, ``–``, ``—``) is how the documents write "nothing" in a table; it counts as empty.
* Any other text is an error that quotes the text, never a guess: ``'1.234,5' er tekst, ikke et tal``.
* Booleans are not numbers here (Excel's SUM skips them too): an error.
* A date in a number argument is an error (numpy ``datetime64`` arrays of any precision too, never read
  as their count of nanoseconds); :func:`date_serial` reads dates.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from itertools import chain
from numbers import Real

import numpy as np

from . import danish
from .errors import TooLargeError, TrappenError, ZeroDenominatorError, count

#: Text that the documents use for "nothing in this cell".
EMPTY_MARKS = frozenset({"", "-", "–", "—"})

#: Excel's error values as text (xlwings hands them over as text with ``err_to_str=True``).
EXCEL_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
     "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"}
)

# A spreadsheet engine may represent an empty cell by a token of its own and error values by a class
# of its own. The engine glue registers them here (see addin.engine.functions); udfs imports no engine.
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
        raise TrappenError(name, f"{_logical(value)} er en logisk værdi, ikke et tal", "skriv et tal")
    if isinstance(value, (Real, np.integer, np.floating)):
        try:
            return float(value)
        except OverflowError:
            raise TrappenError(name, "indeholder et tal, der er for stort til at regne med",
                               "ret cellen") from None
    error = _error_text(value)
    if error is not None:
        raise TrappenError(name, f"en celle indeholder fejlen {error}", "ret den celle først")
    if _is_empty(value):
        return math.nan
    if isinstance(value, (dt.date, dt.datetime, np.datetime64)):
        raise TrappenError(name, f"{_date_text(value)} er en dato, ikke et tal", "skriv selve tallet")
    if isinstance(value, str):
        return _text_error(value, name)
    if isinstance(value, (list, tuple, np.ndarray)):
        raise TrappenError(name, "har mere end to dimensioner (et område i en celle)",
                           "giv ét område (rækker × kolonner)")
    raise TrappenError(name, f"{_one_line(repr(value))} er ikke et tal", "skriv et tal")


def _logical(value) -> str:
    """TRUE and FALSE as a Danish Excel shows them."""
    return "SAND" if value else "FALSK"


def _date_text(value) -> str:
    """A date as a Danish Excel shows it: 13-06-2018 (with the time if it has one)."""
    if isinstance(value, np.datetime64):
        value = value.astype("datetime64[us]").item()  # None for NaT, an int outside years 1..9999
        if not isinstance(value, dt.date):
            return "en dato"
    if isinstance(value, dt.datetime) and value.time() != dt.time():
        return value.strftime("%d-%m-%Y %H:%M")
    return value.strftime("%d-%m-%Y")


def _one_line(text: str) -> str:
    """Text as it can be quoted in a one-line message: line breaks shown as spaces, at most 40 characters."""
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:37] + "..."


def _text_error(text: str, name: str) -> float:
    shown = _one_line(text)
    fix = "skriv tallet uden anførselstegn og mellemrum"
    candidate = text.strip().replace(" ", "")
    reading = None
    if "," in candidate:
        reading = candidate.replace(".", "").replace(",", ".")  # Danish notation: '1.234,5' is 1234.5
    elif _ENGLISH_DECIMAL.fullmatch(candidate) and not _THOUSANDS.fullmatch(candidate):
        reading = candidate  # '0.2': English notation, unambiguous (not '1.234')
    if reading is not None:
        try:
            number = float(reading)
            if math.isfinite(number):
                fix = f"skriv det som et tal ({danish.typed(number)}), ikke som tekst"
        except ValueError:
            pass
    raise TrappenError(name, f"'{shown}' er tekst, ikke et tal", fix)


_ENGLISH_DECIMAL = re.compile(r"-?\d*\.\d+")
_THOUSANDS = re.compile(r"-?\d{1,3}(\.\d{3})+")

#: Cell types that numpy turns into float64 exactly as _cell_to_float would (None becomes NaN).
_PLAIN_CELLS = frozenset({float, int, type(None), np.float64, np.float32, np.int64, np.int32})
_PLAIN_IDS = np.array([id(kind) for kind in _PLAIN_CELLS], dtype=np.int64)
_ROWS = frozenset({list, tuple})


def as_array(value: object, name: str) -> np.ndarray:
    """Any argument as a float array of the shape it came in (0-D, 1-D or 2-D); empty cells are NaN.

    Numeric numpy arrays pass through without a copy, so large arrays cost almost nothing here. A range
    as xlwings hands it over (a list of lists of floats, None and text) is read in one numpy pass; only
    the cells that are not plain numbers or empty (text, dates, errors ...) are looked at one by one.
    """
    if type(value) is float:
        return np.asarray(value)
    if isinstance(value, np.ndarray):
        if value.ndim > 2:
            raise TrappenError(name, f"har {value.ndim} dimensioner", "giv ét område (rækker × kolonner)")
        if value.dtype.kind in "fiu":
            array = value if value.dtype == np.float64 else value.astype(np.float64)
            return np.asarray(array)  # drop ndarray subclasses (e.g. an engine's Array)
        if value.dtype.kind == "M":  # datetime64 of any precision: refused as a date, never read as a number
            value = value.astype("datetime64[us]")
        value = value.tolist()
        if not isinstance(value, list):  # a 0-D array
            return np.asarray(_cell_to_float(value, name))
    if isinstance(value, (list, tuple)):
        return _from_cells(value, name)
    if isinstance(value, (Real, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_)):
        return np.asarray(_cell_to_float(value, name))
    if hasattr(value, "to_numpy"):  # pandas Series / DataFrame
        return as_array(value.to_numpy(), name)
    return np.asarray(_cell_to_float(value, name))


def _from_cells(value: list | tuple, name: str) -> np.ndarray:
    """A list of cells, or a list of equally long rows of cells, as a float array (NaN for empty)."""
    if value and set(map(type, value)) <= _ROWS:
        if len(value) == 1:  # one row (a row of years, a single cell)
            cells, shape = value[0], (1, len(value[0]))
        else:
            widths = set(map(len, value))
            if len(widths) != 1:
                return _from_objects(value, name)  # ragged: read cell by cell, which says what is wrong
            cells, shape = list(chain.from_iterable(value)), (len(value), widths.pop())
    else:
        cells, shape = value, (len(value),)
    kinds = set(map(type, cells))
    if not kinds <= _PLAIN_CELLS:
        if kinds & {list, tuple, np.ndarray}:
            return _from_objects(value, name)  # a range inside a cell: more than two dimensions
        cells = list(cells)  # our own copy, to write the cells' numbers into
        for position in _odd_cells(cells).tolist():  # in order: the first bad cell is the one named
            cells[position] = _cell_to_float(cells[position], name)
    try:
        return np.array(cells, dtype=np.float64).reshape(shape)
    except OverflowError:  # a Python integer too large for a float
        return np.array([_cell_to_float(cell, name) for cell in cells], dtype=np.float64).reshape(shape)


def _odd_cells(cells: list) -> np.ndarray:
    """The positions of the cells that are not plain numbers or None (text, dates, errors ...), found by
    comparing each cell's type in one numpy pass rather than in a Python loop over a million cells."""
    kinds = np.fromiter(map(id, map(type, cells)), dtype=np.int64, count=len(cells))
    return np.flatnonzero(~np.isin(kinds, _PLAIN_IDS))


def _from_objects(value, name: str) -> np.ndarray:
    """The general reader: numpy's own idea of the shape, then each cell."""
    raw = np.asarray(value, dtype=object)
    if raw.ndim > 2:
        raise TrappenError(name, f"har {raw.ndim} dimensioner", "giv ét område (rækker × kolonner)")
    flat = [_cell_to_float(cell, name) for cell in raw.ravel()]
    return np.asarray(flat, dtype=np.float64).reshape(raw.shape)


def all_finite(array: np.ndarray) -> bool:
    """True if no cell is empty (NaN) or infinite: one BLAS pass (a dot product propagates NaN and inf).

    A dot product can also overflow for values above ~1e154; then the slow, exact check decides.
    """
    flat = array.reshape(-1)
    if flat.size <= 64:  # a few cells: quicker in Python than a numpy call
        return all(map(math.isfinite, flat.tolist()))
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow here only sends us to the exact check
        probe = float(flat.dot(flat))
    return math.isfinite(probe) or bool(np.isfinite(array).all())


def _fill_empty(array: np.ndarray, name: str, empty: str) -> np.ndarray:
    """Apply the empty-cell rule to NaNs; reject infinities."""
    if array.size == 0:
        raise TrappenError(name, "er tom", "vælg mindst én celle")
    if all_finite(array):
        return array
    missing = np.isnan(array)
    if missing.any():
        if empty == "error":
            where = "er tom" if missing.all() else "har en tom celle"
            raise TrappenError(name, where, "skriv et tal (0, hvis der ikke er noget)")
        if empty == "zero":
            array = np.where(missing, 0.0, array)
    if np.isinf(array).any():
        raise TrappenError(name, "indeholder en uendelig værdi", "skriv et endeligt tal")
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
            raise TrappenError(name, f"{danish.typed(low)} er negativ", "skriv 0 eller mere")
    return array


def counts(value: object, name: str) -> np.ndarray:
    """Numbers of cases or placements: not negative; empty cells are 0."""
    return numbers(value, name, empty="zero", nonnegative=True)


def amounts(value: object, name: str) -> np.ndarray:
    """Money (kr., 1.000 kr. or mio. kr., never rescaled), any sign; empty cells are 0."""
    return numbers(value, name, empty="zero")


def scalar(value: object, name: str, *, default: float | None = None, nonnegative: bool = False) -> float:
    """One number. An empty cell takes ``default`` if the argument is optional, else it is an error."""
    if type(value) is float and value == value:  # a plain number (not NaN): the common case, read at once
        number = value
    else:
        array = as_array(value, name)
        if array.size != 1:
            raise TrappenError(name, f"er et område på {describe(array)}", "giv én celle eller ét tal")
        number = float(array.reshape(()))
    if math.isnan(number):
        if default is None:
            raise TrappenError(name, "er tom", "skriv et tal")
        return float(default)
    if math.isinf(number):
        raise TrappenError(name, "er uendelig", "skriv et endeligt tal")
    if nonnegative and number < 0:
        raise TrappenError(name, f"{danish.typed(number)} er negativ", "skriv 0 eller mere")
    return number


def share(value: object, name: str, *, default: float | None = None, lowest: float = 0.0,
          highest: float = 1.0) -> float:
    """A share or rate as a decimal (0.2, not 20 or 20 %); one number between ``lowest`` and ``highest``."""
    number = scalar(value, name, default=default)
    if not lowest <= number <= highest:
        raise _share_error(name, number, lowest, highest)
    return number


def _share_error(name: str, number: float, lowest: float, highest: float, where: str = "") -> TrappenError:
    if number > highest:
        return TrappenError(name, f"{where}{danish.typed(number)} er over {danish.typed(highest)}",
                            f"en andel skrives som decimaltal: skriv {danish.typed(number / 100)} for "
                            f"{danish.typed(number)} %")
    return TrappenError(name, f"{where}{danish.typed(number)} er under {danish.typed(lowest)}",
                        "skriv en andel som decimaltal, fx 0,02")


def share_row(row: np.ndarray, name: str, what: str, *, lowest: float = 0.0, highest: float = 1.0) -> np.ndarray:
    """Each value of a row checked as a decimal share (20 is refused: 0.2 is meant); ``what`` names a value.

    The message names the first value out of range by ``what`` and its position (``år 2: 20 er over 1``).
    """
    outside = (row < lowest) | (row > highest)
    if outside.any():
        position = int(np.flatnonzero(outside)[0])
        where = f"{what} {position + 1}: " if row.size > 1 else ""
        raise _share_error(name, float(row[position]), lowest, highest, where)
    return row


def share_sum(shares: dict[str, float], *, highest: float = 1.0) -> None:
    """Shares of one whole (e.g. of a fall in costs) must not add up to more than it: refused, naming the last."""
    total = math.fsum(shares.values())
    if total > highest:
        *others, last = shares
        parts = " + ".join(f"{other} {danish.typed(shares[other])}" for other in others)
        raise TrappenError(last, f"{danish.typed(shares[last])} + {parts} er {danish.typed(total)}, over "
                           f"{danish.typed(highest)}", f"andelene af det samme fald kan højst give "
                           f"{danish.typed(highest)} tilsammen")


def bounded(array, name: str, lowest: float, highest: float, fix: str):
    """Every value within ``lowest`` .. ``highest`` (offsets in years, where 1e308 years would discount to 0)."""
    values = np.asarray(array)
    outside = (values < lowest) | (values > highest)
    if outside.any():
        value = float(values.reshape(-1)[np.flatnonzero(outside.reshape(-1))[0]])
        side, bound = ("under", lowest) if value < lowest else ("over", highest)
        raise TrappenError(name, f"{danish.typed(value)} er {side} {danish.typed(bound)}", fix)
    return array


def total(array: np.ndarray, name: str, axis=None) -> np.ndarray:
    """``array.sum(axis)``, refusing (``#NUM!``) a sum that overflows where the values themselves do not."""
    result = array.sum(axis=axis)
    if not np.isfinite(result).all():
        raise TooLargeError(name, "summen af tallene er for stor til at regne med", "tjek for fejltastninger")
    return result


def whole_number(value, name: str, *, lowest: int, highest: int, fix: str, default: float | None = None) -> int:
    """One whole number between ``lowest`` and ``highest`` (a row number, a horizon, a count, a seed)."""
    number = scalar(value, name, default=default)
    if not number.is_integer():
        raise TrappenError(name, f"{danish.typed(number)} er ikke et helt tal", fix)
    if not lowest <= number <= highest:
        bound, side = (lowest, "under") if number < lowest else (highest, "over")
        raise TrappenError(name, f"{danish.typed(number)} er {side} {danish.typed(bound)}", fix)
    return int(number)


def flag(value: object, name: str, *, default: bool) -> bool:
    """A TRUE/FALSE argument; empty or omitted takes the default; 1/0 are accepted as Excel does."""
    if isinstance(value, np.ndarray) and value.dtype.kind == "M":
        value = value.astype("datetime64[us]")  # nanoseconds would arrive as an integer below
    if isinstance(value, (list, tuple, np.ndarray)):
        raw = np.asarray(value, dtype=object)
        if raw.size != 1:
            raise TrappenError(name, "er et område", "skriv SAND eller FALSK")
        value = raw.reshape(()).item()
    if _is_empty(value):
        return default
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (Real, np.integer, np.floating)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().upper() in {"TRUE", "FALSE", "SAND", "FALSK"}:
        return value.strip().upper() in {"TRUE", "SAND"}
    if isinstance(value, str):
        shown = f"'{_one_line(value)}'"
    elif isinstance(value, (dt.date, np.datetime64)):
        shown = _date_text(value)
    elif isinstance(value, (Real, np.integer, np.floating)):
        try:
            shown = danish.typed(float(value))
        except OverflowError:
            shown = "et meget stort tal"
    else:
        shown = _one_line(repr(value))
    raise TrappenError(name, f"{shown} er hverken SAND eller FALSK", "skriv SAND eller FALSK")


def vector(value: object, name: str, *, empty: str = "zero", nonnegative: bool = False) -> np.ndarray:
    """One row or one column (or a single cell) as a 1-D array; a block of several rows and columns is an error."""
    array = numbers(value, name, empty=empty, nonnegative=nonnegative)
    if array.ndim == 2 and min(array.shape) > 1:
        raise TrappenError(name, f"er en blok på {describe(array)}", "giv én række eller én kolonne")
    return array.reshape(-1)


def block(value: object, name: str, *, empty: str = "zero", nonnegative: bool = False) -> np.ndarray:
    """A table of rows × columns as a 2-D array; a single row or list becomes one column."""
    array = numbers(value, name, empty=empty, nonnegative=nonnegative)
    if array.ndim < 2:
        array = array.reshape(-1, 1)
    return array


def years(value: object, name: str, *, size: int | None = None, other: str = "") -> np.ndarray:
    """A row of calendar years: whole numbers from 1 to 9999, each later than the one before (2019, 2020 ...).

    With ``size``, the row must have that many values (one per value of the argument ``other``).
    """
    row = vector(value, name, empty="error")
    if size is not None and row.size != size:
        raise TrappenError(name, f"har {count(row.size, 'værdi')}, men {other} har {count(size, 'værdi')}",
                           f"giv ét år pr. værdi i {other}")
    odd = np.flatnonzero((row != np.floor(row)) | (row < 1) | (row > 9999))
    if odd.size:
        raise TrappenError(name, f"{danish.year(row[odd[0]])} er ikke et årstal",
                           "skriv hele årstal, fx 2019; 2020; 2021")
    return increasing(row, name, "skriv årene i stigende rækkefølge, hvert år én gang, fx 2019; 2020; 2021",
                      show=danish.year)


def increasing(row: np.ndarray, name: str, fix: str, *, show=danish.typed) -> np.ndarray:
    """A row whose every value is above the one before (years, thresholds); ``show`` writes a value."""
    back = np.flatnonzero(np.diff(row) <= 0)
    if back.size:
        before, after = row[back[0]], row[back[0] + 1]
        problem = f"{show(after)} står to gange" if after == before else f"{show(after)} står efter {show(before)}"
        raise TrappenError(name, problem, fix)
    return row


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
                f"har {describe(array)}, men {reference_name} har {describe(reference)}",
                "giv lige store områder (én værdi pr. år)",
            )
    return out, reference.shape


def prices_where_used(prices: np.ndarray, used, name: str, reason: str, fix: str) -> np.ndarray:
    """Empty prices (NaN) count as 0 in rows that are not used; an empty price in a used row is an error.

    ``used()`` gives one flag per row (e.g. "this placement type has a count"); it is only called when a
    price is empty. The documents print "-" for a type with no price; that is fine as long as nothing is
    counted at it. The message is ``række 4 er tom, men <reason> — <fix>``.
    """
    missing = np.isnan(prices)
    if not missing.any():
        return prices
    bad = np.flatnonzero(missing & used())
    if bad.size:
        raise TrappenError(name, f"række {bad[0] + 1} er tom, men {reason}", fix)
    return np.where(missing, 0.0, prices)


def shaped(result: np.ndarray, shape: tuple[int, ...]):
    """An element-wise result in the shape of its inputs; a plain float where that shape is a scalar."""
    result = np.asarray(result).reshape(shape)
    return float(result) if result.ndim == 0 else result


def divide(numerator: np.ndarray, denominator: np.ndarray, name: str, what: str, *, zero: str = "er 0",
           fix: str = "skriv et tal over 0") -> np.ndarray:
    """numerator / denominator, with a clear error where a denominator is 0.

    The message is ``<name>: <zero>, så <what> kan ikke beregnes — <fix>``; ``what`` is a Danish noun in
    the definite form (``sagstallet``).
    """
    if np.any(denominator == 0):
        raise ZeroDenominatorError(name, f"{zero}, så {what} kan ikke beregnes", fix)
    return numerator / denominator


def date_serial(value: object, name: str) -> float:
    """A date as an Excel serial number (1900 date system): from a date/datetime, a numpy datetime64 or a serial.

    A date outside Excel's calendar (1 January 1900 to 31 December 9999) is refused.
    """
    if isinstance(value, np.ndarray) and value.dtype.kind == "M":
        value = value.astype("datetime64[us]")  # nanoseconds would arrive as an integer below
    if isinstance(value, (list, tuple, np.ndarray)):
        raw = np.asarray(value, dtype=object)
        if raw.size != 1:
            raise TrappenError(name, f"er et område på {describe(raw)}", "giv én dato")
        value = raw.reshape(()).item()
    if isinstance(value, np.datetime64):
        value = value.astype("datetime64[us]").item()  # None for NaT, an int outside years 1..9999
        if not isinstance(value, dt.date):
            raise TrappenError(name, "er ikke en dato i Excels kalender", _DATE_FIX)
    if isinstance(value, dt.datetime):
        serial = (value - _EXCEL_EPOCH).total_seconds() / 86400.0
    elif isinstance(value, dt.date):
        serial = float((value - _EXCEL_EPOCH.date()).days)
    elif isinstance(value, str) and not _is_empty(value) and _error_text(value) is None:
        raise TrappenError(name, f"'{_one_line(value)}' er tekst, ikke en dato", _DATE_FIX)
    else:
        serial = scalar(value, name)
    if not 1 <= serial < 2958466:  # 1900-01-01 .. 9999-12-31
        shown = _date_text(value) if isinstance(value, dt.date) else danish.typed(serial)
        raise TrappenError(name, f"{shown} er ikke en dato i Excels kalender (1900–9999)", _DATE_FIX)
    return serial


_DATE_FIX = "skriv en dato, fx DATO(2018;6;13)"


def serial_to_date(serial: float) -> dt.date:
    """The calendar date of an Excel serial number (1900 date system, serial >= 61)."""
    return (_EXCEL_EPOCH + dt.timedelta(days=math.floor(serial))).date()


def _is_line(array: np.ndarray) -> bool:
    return sum(1 for n in array.shape if n > 1) <= 1


def describe(array: np.ndarray) -> str:
    """The size of a range in a message: ``2 rækker × 3 kolonner``, or ``5 værdier`` for a list."""
    if array.ndim == 2:
        return f"{count(array.shape[0], 'række')} × {count(array.shape[1], 'kolonne')}"
    return count(array.size, "værdi")
