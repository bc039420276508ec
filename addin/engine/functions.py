"""The functions the headless engine knows: Excel's as ``formulas`` implements them, and ours.

Each function of ``udfs.REGISTRY`` is registered under its Excel name, calling the same Excel twin
logic (``ExcelFunction.call``) that xlwings calls in Excel, so a workbook computes here exactly what it
computes there. A bad argument gives the same Excel error value (``#VALUE!``, ``#N/A`` ...); its
one-line message goes to the :class:`Messages` of the evaluation that made the call (:data:`collecting`),
by the cell being computed (:data:`computing`); a call ``formulas`` makes while compiling a formula (its
constant parts, ``=CASELOAD(770;0)``) is recorded for each cell the compiled formula computes
(:class:`Compiled`). What the engine must know of one of our functions (column-wise, takes a date) is
declared on the function (``ExcelFunction.along_row``, ``down_column``, ``takes_date``). An empty argument
(``=SPILLOVER(A1;;0)``) is left out, as Excel's hosts leave it out: ``formula_text.mark_left_out`` marks it in
the text given to formulas' parser (which would read it as 0), and :func:`left_out` hands our function the
argument's default.

``formulas`` keeps one global table of functions (``formulas.functions.get_functions()``), filled by
importing all its function modules; two of them (``stat`` and ``comp``) import scipy, which costs half
a second and is needed only by workbooks that call a statistics function. :func:`install` puts a table
in its place that imports those two modules the first time one of their functions is asked for, and
knows their names beforehand by reading the modules' source (``formulas`` is pinned ``<1.4``; a test
checks the names against the modules themselves).

Excel's own function names come from openpyxl's list (``openpyxl.utils.formulas.FORMULAE``) plus every
``_xlfn.`` name: a function Excel has but ``formulas`` lacks (OFFSET, INDIRECT, SUBTOTAL, CELL ...) is
named as such, apart from names nobody knows.
"""

from __future__ import annotations

import ast
import collections
import contextlib
import contextvars
import copyreg
import importlib
import importlib.util
import os
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("TQDM_DISABLE", "1")  # formulas draws progress bars otherwise

import numpy as np  # noqa: E402
import schedula as sh  # noqa: E402
from formulas.tokens.operand import Error, XlError  # noqa: E402

from trappen.udfs import REGISTRY, Failure, host_errors, inputs  # noqa: E402

from . import excel_functions, intersection, semantics  # noqa: E402
from .formula_text import LEFT_OUT  # noqa: E402

_LAZY_MODULES = (".stat", ".comp")
#: Functions whose value changes each time Excel calculates: a refresh cannot reproduce a saved value.
VOLATILE = frozenset({"RAND", "RANDBETWEEN", "NOW", "TODAY", "_XLFN.RANDARRAY", "RANDARRAY"})
#: Functions that ask about the workbook itself (is a cell a formula, its width ...): formulas answers
#: them from values alone, so they are treated as functions only Excel can compute.
STRUCTURAL = frozenset({"ISFORMULA", "_XLFN.ISFORMULA", "FORMULATEXT", "_XLFN.FORMULATEXT", "CELL", "INFO",
                        "SHEET", "_XLFN.SHEET", "SHEETS", "_XLFN.SHEETS"})
#: Functions that turn serial numbers into dates or back: formulas counts from 1900, so in a workbook
#: in the 1904 date system they would be four years off. Ours declare it (``ExcelFunction.takes_date``).
DATES = frozenset({"DATE", "DATEVALUE", "DAY", "DAYS", "_XLFN.DAYS", "DAYS360", "EDATE", "EOMONTH", "ISOWEEKNUM",
                   "_XLFN.ISOWEEKNUM", "MONTH", "NETWORKDAYS", "NETWORKDAYS.INTL", "NOW", "TODAY", "WEEKDAY",
                   "WEEKNUM", "WORKDAY", "WORKDAY.INTL", "YEAR", "YEARFRAC", "DATEDIF"}
                  | {name for name, spec in REGISTRY.items() if spec.takes_date})
#: Excel functions newer than openpyxl's list or missing from it.
_MORE_EXCEL = frozenset({"AGGREGATE", "LET", "_XLFN.LET", "LAMBDA", "_XLFN.LAMBDA", "FORMULATEXT", "SHEET", "SHEETS",
                         "IFNA", "DAYS", "ISFORMULA", "ENCODEURL", "WEBSERVICE", "FILTERXML"})
_table = None


def _names_in_source(module: str) -> set[str]:
    """The keys of ``FUNCTIONS`` a formulas function module defines, read from its source, not imported."""
    spec = importlib.util.find_spec("formulas.functions" + module)
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and getattr(node.value, "id", None) == "FUNCTIONS" \
                and isinstance(node.slice, ast.Constant):
            names.add(node.slice.value)
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "FUNCTIONS" for t in node.targets) \
                and isinstance(node.value, ast.Dict):
            names.update(k.value for k in node.value.keys if isinstance(k, ast.Constant))
    return names


class FunctionTable(collections.defaultdict):
    """formulas' function table, with the scipy modules imported on first use of one of their names."""

    def __init__(self, eager: dict, lazy: dict[str, str]):
        from formulas.functions import not_implemented

        super().__init__(lambda: not_implemented)
        self.update(eager)
        self.lazy = lazy  # name -> module still to import

    def _load(self, module: str) -> None:
        names = [n for n, m in self.lazy.items() if m == module]
        loaded = importlib.import_module("formulas.functions" + module).FUNCTIONS
        for name in names:
            self.lazy.pop(name, None)
        for name, function in loaded.items():
            if name not in self or name in names:
                super().__setitem__(name, function)

    def __contains__(self, name) -> bool:
        return super().__contains__(name) or name in self.lazy

    def __missing__(self, name):
        if name in self.lazy:
            self._load(self.lazy[name])
            if super().__contains__(name):
                return super().__getitem__(name)
        return super().__missing__(name)

    def __setitem__(self, name, function) -> None:
        self.lazy.pop(name, None)
        super().__setitem__(name, function)

    def all_names(self) -> set[str]:
        return set(self.keys()) | set(self.lazy)


def error_value(code: str) -> XlError:
    """formulas' own error value for an error code (``'#N/A'``): later formulas recognise only these."""
    return Error.errors[code]


# An error value travels between the batch's processes as its code and arrives as formulas' own singleton
# (schedula's tokens cannot be pickled as they are).
copyreg.pickle(XlError, lambda error: (error_value, (str(error),)))


@dataclass
class Messages:
    """The one-line message of each failed call of one evaluation, by the cell whose formula made the call.

    A cell is ``(SHEET in upper case, anchor cell)``: ``("SAGSTAL", "B7")``, the first cell of a spilled range.
    Where one formula makes several failing calls, the cell keeps the first one's message.
    """

    by_cell: dict[tuple[str, str], str] = field(default_factory=dict)

    def add(self, cell: tuple[str, str] | None, failure: Failure) -> None:
        if cell is not None:
            self.by_cell.setdefault((cell[0].upper(), cell[1]), failure.message)

    def of(self, sheet: str, cell: str) -> str:
        return self.by_cell.get((sheet.upper(), cell), "")


#: The cell being computed, (sheet name, A1), for the messages of our functions.
computing: contextvars.ContextVar[tuple[str, str] | None] = contextvars.ContextVar("computing", default=None)
#: The messages of the evaluation being computed (None: no evaluation is collecting them).
collecting: contextvars.ContextVar[Messages | None] = contextvars.ContextVar("collecting", default=None)
#: The names of the sheets being computed, by their alias's number (``'SHEET_2'`` → the third), for TRAPPENFEJL.
sheet_names: contextvars.ContextVar[tuple[str, ...]] = contextvars.ContextVar("sheet_names", default=())


class Compiled(list):
    """The failures of our functions that ``formulas`` computes while it compiles a formula.

    ``formulas`` computes a formula's constant parts when it compiles it (``AstBuilder.compile`` dispatches
    with the constants it has): ``=CASELOAD(770;0)`` is called once, then, outside any cell, and the compiled
    formula — shared by every copy of the formula — returns the value without a call. Gathered here
    (:func:`compiling`), the failures are recorded for each cell the compiled formula computes
    (:func:`recording`), as a call with references records its own.
    """

    def add(self, cell: tuple[str, str] | None, failure: Failure) -> None:
        self.append(failure)


@contextlib.contextmanager
def compiling():
    """Gather the failures of the calls made while a formula is compiled (:class:`Compiled`)."""
    failures = Compiled()
    token = collecting.set(failures)
    try:
        yield failures
    finally:
        collecting.reset(token)


def recording(pipe, failures: list[Failure]):
    """``pipe`` that records ``failures`` (made while compiling it) for the cell it computes, after its own."""
    if not failures:
        return pipe

    def computed(*args):
        value = pipe(*args)
        messages = collecting.get()
        if messages is not None:
            for failure in failures:
                messages.add(computing.get(), failure)
        return value

    return computed


def left_out(spec, position: int):
    """What an empty argument at ``position`` of a call of ``spec`` is handed over as: the argument's default,
    None for a required or repeating one — what classic xlwings (``xlwings.udfs.call_udf``: VBA's "missing"
    marker) and xlwings Server and Lite (``custom_functions_call``: Office.js's null) hand our function."""
    if position < len(spec.arguments):
        arg = spec.arguments[position]
        if arg.optional and not arg.repeating:
            return arg.default
    return None


def _engine_function(spec):
    def call(*args):
        if any(type(arg) is str and arg == LEFT_OUT for arg in args):  # formula_text.mark_left_out
            args = tuple(left_out(spec, i) if type(arg) is str and arg == LEFT_OUT else arg
                         for i, arg in enumerate(args))
        outcome = spec.call(*args)
        if isinstance(outcome, Failure):
            messages = collecting.get()
            if messages is not None:
                messages.add(computing.get(), outcome)
            return Error.errors.get(outcome.code, Error.errors["#VALUE!"])
        if isinstance(outcome, list):
            return np.asarray(outcome, dtype=object)
        return outcome

    call.__name__ = spec.name
    return call


def error_message(cell) -> str:
    """``=TRAPPENFEJL(B7)`` in the headless engine: the message of the failure computed in B7 (udfs.host_errors)."""
    ranges = getattr(cell, "ranges", None)
    if not ranges or len(ranges) != 1:
        return host_errors.message_of(None, None, None)
    area = ranges[0]
    if (area["r1"], area["n1"]) != (area["r2"], area["n2"]):
        return "celle: er et område — giv én celle, fx TRAPPENFEJL(B7)"
    names = sheet_names.get()
    alias = str(area.get("sheet", "")).upper()
    index = int(alias[6:]) if alias.startswith("SHEET_") and alias[6:].isdigit() else -1
    sheet = names[index] if 0 <= index < len(names) else alias
    address = f"{area['c1']}{area['r1']}"
    value = np.asarray(cell.value, dtype=object).ravel()[0]
    messages = collecting.get()
    message = messages.by_cell.get((sheet.upper(), address)) if messages is not None else None
    if message is not None:
        message = f"{value} {message}"  # as under classic xlwings and on hover in Lite: code, then message
    return host_errors.message_of(address, isinstance(value, XlError), message)


def install() -> FunctionTable:
    """Put the lazy table in place of formulas' own, with our functions in it (once per process), and return it."""
    global _table
    if _table is not None:
        return _table
    import formulas.functions as functions
    from formulas.functions import wrap_func

    eager = {}
    for module in functions.SUBMODULES:
        if module not in _LAZY_MODULES:
            eager.update(importlib.import_module(module, functions.__name__).FUNCTIONS)
    eager.update(functions.FUNCTIONS)
    lazy = {}
    for module in _LAZY_MODULES:
        for name in _names_in_source(module):
            if name not in eager:
                lazy[name] = module
    table = FunctionTable(eager, lazy)
    for name, spec in REGISTRY.items():
        table[name] = wrap_func(_engine_function(spec))
    table["TRAPPENFEJL"] = wrap_func(error_message, ranges=True)
    intersection.register(table)
    excel_functions.register(table)  # SUBTOTAL, AGGREGATE, HYPERLINK: Excel's, which formulas lacks
    semantics.install(table)  # Excel's semantics where formulas departs from them (engine/semantics/)
    inputs.register_engine_values(empty=[sh.EMPTY], error_types=[XlError])
    _table = table
    functions.get_functions = lambda: _table  # tokens.function imports it from here at each call
    return _table


def excel_names() -> frozenset[str]:
    """Every function name Excel itself knows (as far as openpyxl's list and _xlfn. names tell)."""
    from openpyxl.utils.formulas import FORMULAE

    return frozenset(FORMULAE) | _MORE_EXCEL


def is_excel_function(name: str) -> bool:
    return name in excel_names() or name.startswith(("_XLFN.", "_XLWS.")) or name.startswith("_XLFN._XLWS.")
