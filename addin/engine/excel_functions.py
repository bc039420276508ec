"""Excel functions that ``formulas`` lacks and officers' workbooks use: SUBTOTAL, AGGREGATE, HYPERLINK, SEQUENCE.

Found by scanning the shared real workbooks (tests/data/workbooks) for calls of functions that ``formulas``
1.3.4's table does not have: SUBTOTAL (the totals row of every Excel table, Data ▸ Subtotal) and HYPERLINK;
AGGREGATE is SUBTOTAL's successor. The SUMIFS family, IFS, SWITCH, XLOOKUP, TEXTJOIN and CONCAT are in
``formulas`` already. SEQUENCE, in none of the shared workbooks, is added as the dynamic array Excel 365 has
(issue 19). What the scan found besides stays Excel-only, named in the refusal: INDIRECT and OFFSET where
their target depends on a formula (static ones :mod:`.dynamic_references` resolves), ANCHORARRAY (``A1#``),
WEBSERVICE, CELL, INFO, ISFORMULA, and BASE (its only cells in the shared workbooks hold a saved number 0,
which BASE, a text function, never gives: computing them would refuse two workbooks whose saved values the
engine reproduces today). Each
function follows Microsoft's page for it (cited in its docstring and its tests,
tests/engine/test_excel_functions.py), and is registered in the engine's function table by :func:`register`.

SUBTOTAL and AGGREGATE depend on more than their arguments' values: they leave out rows that are hidden and
cells that hold SUBTOTAL (or AGGREGATE) themselves. What they need of the workbook — which cells hold those
functions, which rows are hidden, which hidden rows a filter hides — is :class:`WorkbookFacts`, made for the
evaluation being computed (:func:`reading`, around ``Evaluation.compute``) and gathered from the workbook's
contents (the hidden rows and filters as :func:`.contents.read_contents` read them) only when a SUBTOTAL or
AGGREGATE needs it. In the file a row hidden by a filter and a row hidden by hand look
the same (``<row hidden="1">``); a hidden row inside the area of a filter with a criterion (the sheet's
``autoFilter`` or a table's) is taken as filtered out, any other hidden row as hidden by hand.

Where Microsoft does not document Excel's answer (an AGGREGATE whose option keeps hidden rows, over a row a
filter hides: SUBTOTAL always leaves such rows out, AGGREGATE's page does not say), the function raises
:class:`ExcelOnly`: the cell is not computed but kept or refused by name with the reason, never guessed.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
from dataclasses import dataclass, field

import numpy as np
import schedula as sh
from formulas.ranges import Ranges
from formulas.tokens.operand import Error, XlError

_VALUE = Error.errors["#VALUE!"]
_NUM = Error.errors["#NUM!"]
_SUBTOTAL_CALL = re.compile(r"(?<![\w.])SUBTOTAL\s*\(", re.I)
_AGGREGATE_CALL = re.compile(r"(?<![\w])(?:_xlfn\.)?AGGREGATE\s*\(", re.I)

#: SUBTOTAL's function numbers (1–11; 101–111 the same, leaving out hidden rows) and the functions they call.
SUBTOTAL_FUNCTIONS = {1: "AVERAGE", 2: "COUNT", 3: "COUNTA", 4: "MAX", 5: "MIN", 6: "PRODUCT", 7: "STDEV",
                      8: "STDEVP", 9: "SUM", 10: "VAR", 11: "VARP"}
#: AGGREGATE's function numbers; 14–19 take a second argument (k, quart).
AGGREGATE_FUNCTIONS = {1: "AVERAGE", 2: "COUNT", 3: "COUNTA", 4: "MAX", 5: "MIN", 6: "PRODUCT", 7: "STDEV.S",
                       8: "STDEV.P", 9: "SUM", 10: "VAR.S", 11: "VAR.P", 12: "MEDIAN", 13: "MODE.SNGL",
                       14: "LARGE", 15: "SMALL", 16: "PERCENTILE.INC", 17: "QUARTILE.INC", 18: "PERCENTILE.EXC",
                       19: "QUARTILE.EXC"}
#: AGGREGATE's options: (leave out hidden rows, leave out error values, leave out nested SUBTOTAL/AGGREGATE).
AGGREGATE_OPTIONS = {0: (False, False, True), 1: (True, False, True), 2: (False, True, True), 3: (True, True, True),
                     4: (False, False, False), 5: (True, False, False), 6: (False, True, False),
                     7: (True, True, False)}


class ExcelOnly(Exception):
    """A call whose value only Excel can tell (the message says why, in Danish): the cell is not computed."""


@dataclass
class WorkbookFacts:
    """What SUBTOTAL and AGGREGATE need of the workbook being computed (a :class:`.contents.Contents`),
    by sheet number: the cells holding those functions, and the hidden and the filtered-out rows."""

    contents: object
    _calls: dict[int, tuple[set, set]] = field(default_factory=dict)
    _rows: dict[int, tuple[frozenset, frozenset]] = field(default_factory=dict)

    def subtotal_cells(self, sheet: int) -> tuple[set, set]:
        """((row, column) holding SUBTOTAL, (row, column) holding AGGREGATE) on sheet number ``sheet``."""
        if sheet not in self._calls:
            subtotals, aggregates = set(), set()
            for (row, column), formula in self.contents.sheets[sheet].formulas.items():
                r1, c1, r2, c2 = formula.array or (row, column, row, column)
                cells = {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
                if _SUBTOTAL_CALL.search(formula.text):
                    subtotals |= cells
                if _AGGREGATE_CALL.search(formula.text):
                    aggregates |= cells
            self._calls[sheet] = (subtotals, aggregates)
        return self._calls[sheet]

    def hidden_rows(self, sheet: int) -> tuple[frozenset, frozenset]:
        """(hidden rows, the hidden rows a filter hides) of sheet number ``sheet``, as its contents were read."""
        if sheet not in self._rows:
            self._rows[sheet] = _hidden_rows(self.contents, sheet)
        return self._rows[sheet]


def _hidden_rows(contents, sheet: int) -> tuple[frozenset, frozenset]:
    read = contents.sheets[sheet]
    hidden = read.hidden_rows
    if not hidden:
        return hidden, frozenset()
    areas = [read.filter_rows] if read.filter_rows else []  # rows under the header of each filter with a criterion
    for table in getattr(contents, "table_parts", ()):
        if table.sheet == read.name and table.filtered:
            areas.append((table.r1 + table.header_rows, table.r2 - table.totals_rows))
    filtered = frozenset(r for r in hidden if any(first <= r <= last for first, last in areas))
    return hidden, filtered


#: The workbook being computed, for SUBTOTAL and AGGREGATE (None: no evaluation is computing).
workbook: contextvars.ContextVar[WorkbookFacts | None] = contextvars.ContextVar("workbook", default=None)


@contextlib.contextmanager
def reading(contents):
    """Make ``contents`` the workbook SUBTOTAL and AGGREGATE ask about while its formulas are computed."""
    token = workbook.set(WorkbookFacts(contents))
    try:
        yield
    finally:
        workbook.reset(token)


def as_problem(problem: str) -> str:
    """A node's problem, with a call that raised :class:`ExcelOnly` (``engine:ExcelOnly: AGGREGATE over …``)
    as an Excel-only function named with its reason (``excel:AGGREGATE over …``)."""
    prefix = f"engine:{ExcelOnly.__name__}: "
    return "excel:" + problem[len(prefix):] if problem.startswith(prefix) else problem


# --- arguments ---------------------------------------------------------------------------------------

def _scalar(value):
    """One value of an argument (a reference's single cell, a 1×1 array)."""
    if isinstance(value, Ranges):
        value = value.value
    array = np.asarray(value, dtype=object)
    if array.size != 1:
        raise _Error(_VALUE)
    return array.ravel()[0]


class _Error(Exception):
    def __init__(self, error: XlError):
        self.error = error


def _integer(value, *, empty_is_zero: bool = True) -> int:
    """A number argument truncated to an integer, as Excel truncates it (text that reads as a number counts)."""
    value = _scalar(value)
    if isinstance(value, XlError):
        raise _Error(value)
    if value is sh.EMPTY:
        if empty_is_zero:
            return 0
        raise _Error(_VALUE)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            raise _Error(_VALUE) from None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise _Error(_VALUE) from None
    if not np.isfinite(number):
        raise _Error(_NUM)
    return int(number)  # towards zero, as Excel truncates


def _areas(ref: Ranges):
    """(sheet number, first row, first column, block of values) of each area of a reference."""
    for rng in ref.ranges:
        block = np.asarray(Ranges((rng,), ref.values).value, dtype=object)
        alias = str(rng.get("sheet", "")).upper()
        sheet = int(alias[6:]) if alias.startswith("SHEET_") and alias[6:].isdigit() else None
        yield sheet, int(rng["r1"]), int(rng["n1"]), block


def _kept_values(ref: Ranges, facts: WorkbookFacts, *, hidden: str, nested: str, errors: bool, caller: str):
    """The values of a reference with the cells the function leaves out made empty (which every aggregation
    skips). ``hidden``: "all" (hidden rows), "filtered" (only rows a filter hides) or "none"; ``nested``:
    "subtotal", "both" (SUBTOTAL and AGGREGATE) or "none"; ``errors``: leave out error values."""
    blocks = []
    for sheet, r1, c1, block in _areas(ref):
        block = block.copy()
        if sheet is None:
            raise _Error(_VALUE)
        if nested != "none":
            subtotals, aggregates = facts.subtotal_cells(sheet)
            cells = subtotals | aggregates if nested == "both" else subtotals
            for (r, c) in cells:
                if r1 <= r < r1 + block.shape[0] and c1 <= c < c1 + block.shape[1]:
                    block[r - r1, c - c1] = sh.EMPTY
        hidden_rows, filtered_rows = facts.hidden_rows(sheet)
        rows_in = {r for r in hidden_rows if r1 <= r < r1 + block.shape[0]}
        if rows_in:
            if hidden == "none" and rows_in & filtered_rows:
                raise ExcelOnly(f"{caller} over rækker, som er skjult i et filtreret område — om de er skjult "
                                "af filteret eller i hånden, kan kun Excel afgøre")
            left_out = rows_in if hidden == "all" else rows_in & filtered_rows
            for r in left_out:
                block[r - r1, :] = sh.EMPTY
        if errors:
            block[np.vectorize(lambda v: isinstance(v, XlError), otypes=[bool])(block)] = sh.EMPTY
        blocks.append(block.ravel())
    return np.concatenate(blocks).reshape(1, -1) if blocks else np.empty((1, 0), dtype=object)


def _plain(value):
    """A value from one of formulas' functions as a single value (its 1×1 array's value)."""
    array = np.asarray(value, dtype=object)
    return array.ravel()[0] if array.size == 1 else value


# --- the functions -------------------------------------------------------------------------------------

def subtotal(table, function_num, *refs):
    """SUBTOTAL(function_num; ref1; [ref2]; ...): a subtotal of a list, leaving out other subtotals.

    function_num 1–11 (AVERAGE, COUNT, COUNTA, MAX, MIN, PRODUCT, STDEV, STDEVP, SUM, VAR, VARP) includes rows
    hidden by hand; 101–111 leaves them out; rows a filter hides are always left out. A cell of ref that holds
    SUBTOTAL itself is left out, to avoid counting twice. Another function number gives #VALUE!, a ref that is
    not a reference #VALUE!; an error in a counted cell is the result (as in SUM).

    Microsoft: "SUBTOTAL function", https://support.microsoft.com/en-us/office/subtotal-function-7b027003-f060-4ade-9040-e478765b9939
    """
    number = _integer(function_num)
    hides = number > 100
    base = SUBTOTAL_FUNCTIONS.get(number - 100 if hides else number)
    if base is None or not refs:
        raise _Error(_VALUE)
    facts = workbook.get()
    if facts is None:
        raise ExcelOnly("SUBTOTAL uden for en beregning af en projektmappe")
    values = []
    for ref in refs:
        if not isinstance(ref, Ranges) or not ref.ranges:
            raise _Error(_VALUE)
        values.append(_kept_values(ref, facts, hidden="all" if hides else "filtered", nested="subtotal",
                                   errors=False, caller="SUBTOTAL"))
    return _plain(table[base](*values))


def aggregate(table, function_num, options=None, *refs):
    """AGGREGATE(function_num; options; ref1; [ref2]; ...) or AGGREGATE(function_num; options; array; k).

    function_num 1–19 (AVERAGE ... VAR.P as SUBTOTAL's with STDEV.S/STDEV.P/VAR.S/VAR.P, then MEDIAN, MODE.SNGL,
    LARGE, SMALL, PERCENTILE.INC, QUARTILE.INC, PERCENTILE.EXC, QUARTILE.EXC); options 0–7 say what to leave out:
    0 nested SUBTOTAL and AGGREGATE, 1 also hidden rows, 2 also error values, 3 all three, 4 nothing, 5 hidden
    rows, 6 error values, 7 hidden rows and error values. 1–13 take references; 14–19 take an array (a
    reference or a calculation, where nothing but errors can be left out) and k, without which the result is
    #VALUE!. Another function number or option gives #VALUE!.

    Microsoft: "AGGREGATE function", https://support.microsoft.com/en-us/office/aggregate-function-43b9278e-6aa7-4f17-92b6-e19993fa26df
    """
    number = _integer(function_num)
    option = 0 if options is None else _integer(options)
    base = AGGREGATE_FUNCTIONS.get(number)
    if base is None or option not in AGGREGATE_OPTIONS or not refs:
        raise _Error(_VALUE)
    leave_hidden, leave_errors, leave_nested = AGGREGATE_OPTIONS[option]
    facts = workbook.get()
    if facts is None:
        raise ExcelOnly("AGGREGATE uden for en beregning af en projektmappe")

    def kept(ref):
        return _kept_values(ref, facts, hidden="all" if leave_hidden else "none",
                            nested="both" if leave_nested else "none", errors=leave_errors, caller="AGGREGATE")

    if number >= 14:
        if len(refs) != 2:
            raise _Error(_VALUE)
        array, k = refs
        if isinstance(array, Ranges):
            values = kept(array)
        else:  # a calculation: only its errors can be left out
            values = np.asarray(array, dtype=object).reshape(1, -1).copy()
            if leave_errors:
                values[np.vectorize(lambda v: isinstance(v, XlError), otypes=[bool])(values)] = sh.EMPTY
        return _plain(table[base](values, _scalar(k)))
    values = []
    for ref in refs:
        if not isinstance(ref, Ranges) or not ref.ranges:
            raise _Error(_VALUE)
        values.append(kept(ref))
    return _plain(table[base](*values))


def hyperlink(link_location, friendly_name=None):
    """HYPERLINK(link_location; [friendly_name]): the cell shows friendly_name, or link_location without one.

    The link itself only works in Excel; the cell's value is the text it shows. An error in friendly_name is
    the cell's value.

    Microsoft: "HYPERLINK function", https://support.microsoft.com/en-us/office/hyperlink-function-333c7ce6-c5ae-4164-9c47-7de9b76f577f
    """
    location = _scalar(link_location)
    if isinstance(location, XlError):
        raise ExcelOnly("HYPERLINK med en fejl som link_location")
    shown = location if friendly_name is None else _scalar(friendly_name)
    return 0.0 if shown is sh.EMPTY else shown


def _sequence_number(value, default: float) -> float:
    """One argument of SEQUENCE: a number (a reference's single cell), its default where left out."""
    value = _scalar(value)
    if value is None or value is sh.EMPTY:
        return default
    if isinstance(value, XlError):
        raise _Error(value)
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)) or not np.isfinite(value):
        raise ExcelOnly("SEQUENCE med et argument, der ikke er et tal")
    return float(value)


def sequence(rows=None, columns=None, start=None, step=None):
    """SEQUENCE(rows; [columns]; [start]; [step]): an array of rows × columns numbers, from start by step.

    Filled row by row (the first row is start, start+step ...). "Any missing optional arguments will default to
    1". Where the page does not say what Excel does — a size that is not a whole number of at least 1, text, a
    boolean — the cell is left to Excel (:class:`ExcelOnly`); so is ``SEQUENCE(;5)`` (rows left out), which
    ``formulas``' parser hands over as 0. A dynamic array: it spills over the area Excel saved for it.

    Microsoft: "SEQUENCE function", https://support.microsoft.com/en-us/office/sequence-function-57467a98-57e0-4817-9f14-2eb78519ca90
    """
    height, width = _sequence_number(rows, 1.0), _sequence_number(columns, 1.0)
    first, increment = _sequence_number(start, 1.0), _sequence_number(step, 1.0)
    if not (height.is_integer() and width.is_integer()) or height < 1 or width < 1:
        raise ExcelOnly("SEQUENCE med et antal rækker eller kolonner, der ikke er et helt tal over 0")
    if height * width > 1_048_576 * 16_384:
        raise ExcelOnly("SEQUENCE større end et regneark")
    numbers = first + increment * np.arange(int(height) * int(width), dtype=float)
    return numbers.reshape(int(height), int(width)).astype(object)


def register(table) -> None:
    """Put the functions in the engine's function table, under their names and ``_xlfn.`` names."""
    def entry(function, *, with_table=False):
        def call(*args):  # not formulas' wrap_func, which would make ExcelOnly a #VALUE!
            if not with_table:
                args = tuple(a.value if isinstance(a, Ranges) else a for a in args)
            try:
                return function(table, *args) if with_table else function(*args)
            except _Error as error:
                return error.error

        call.__name__ = function.__name__
        return call

    table["SUBTOTAL"] = entry(subtotal, with_table=True)
    table["AGGREGATE"] = table["_XLFN.AGGREGATE"] = entry(aggregate, with_table=True)
    table["HYPERLINK"] = entry(hyperlink)
    table["SEQUENCE"] = table["_XLFN.SEQUENCE"] = entry(sequence)
