"""The headless engine: our functions registered beside Excel's in the ``formulas`` package.

Each function of ``udfs.REGISTRY`` is registered under its Excel name, calling the same Excel twin
logic (``ExcelFunction.call``) that xlwings calls in Excel, so a workbook computes here exactly what it
computes there. A bad argument gives the same Excel error value (``#VALUE!``, ``#N/A`` ...); its
one-line message is collected so the command line can show it next to the cell.

The table of functions is :mod:`.function_table`'s (no scipy until a statistics function is used); the
evaluation of a workbook is :mod:`.evaluator`'s.
"""

from __future__ import annotations

import copyreg
import os
from dataclasses import dataclass, field

os.environ.setdefault("TQDM_DISABLE", "1")  # formulas draws progress bars otherwise

import numpy as np  # noqa: E402
import schedula as sh  # noqa: E402
from formulas.functions import wrap_func  # noqa: E402
from formulas.tokens.operand import Error, XlError  # noqa: E402
from trappen.udfs import REGISTRY, Failure, host_errors, inputs  # noqa: E402

from . import evaluator, function_table, references  # noqa: E402

_registered = False


def error_value(code: str) -> XlError:
    """formulas' own error value for an error code (``'#N/A'``): later formulas recognise only these."""
    return Error.errors[code]


# An error value travels between the batch's processes as its code and arrives as formulas' own singleton
# (schedula's tokens cannot be pickled as they are).
copyreg.pickle(XlError, lambda error: (error_value, (str(error),)))


@dataclass
class Messages:
    """The one-line message of each failed call, by the cell whose formula made the call.

    A cell is ``(SHEET in upper case, anchor cell)``: ``("SAGSTAL", "B7")``, the first cell of a spilled range.
    Where one formula makes several failing calls, the cell keeps the first one's message.
    """

    by_cell: dict[tuple[str, str], str] = field(default_factory=dict)

    def add(self, cell: tuple[str, str] | None, failure: Failure) -> None:
        if cell is not None:
            self.by_cell.setdefault((cell[0].upper(), cell[1]), failure.message)

    def of(self, sheet: str, cell: str) -> str:
        return self.by_cell.get((sheet.upper(), cell), "")

    def clear(self) -> None:
        self.by_cell.clear()


MESSAGES = Messages()


def register() -> None:
    """Put our functions into formulas' function table (once per process; the table is global)."""
    global _registered
    if _registered:
        return
    table = function_table.install()
    for name, spec in REGISTRY.items():
        table[name] = wrap_func(_engine_function(spec))
    table["TRAPPENFEJL"] = wrap_func(error_message, ranges=True)
    inputs.register_engine_values(empty=[sh.EMPTY], error_types=[XlError])
    _registered = True


def _engine_function(spec):
    def call(*args):
        outcome = spec.call(*args)
        if isinstance(outcome, Failure):
            MESSAGES.add(evaluator.computing.get(), outcome)
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
    names = evaluator.sheet_names.get()
    alias = str(area.get("sheet", "")).upper()
    index = int(alias[6:]) if alias.startswith("SHEET_") and alias[6:].isdigit() else -1
    sheet = names[index] if 0 <= index < len(names) else alias
    address = f"{area['c1']}{area['r1']}"
    value = np.asarray(cell.value, dtype=object).ravel()[0]
    message = MESSAGES.by_cell.get((sheet.upper(), address))
    if message is not None:
        message = f"{value} {message}"  # as under classic xlwings and on hover in Lite: code, then message
    return host_errors.message_of(address, isinstance(value, XlError), message)


def known_functions() -> set[str]:
    """Every function name the engine can compute: Excel's built-ins that formulas implements, and ours."""
    register()
    return function_table.install().all_names()


def called_functions(formula: str) -> set[str]:
    """The upper-case names of the functions a formula calls (``=NETSAVING(A1,SUM(B1:B2))`` → both)."""
    return set(references.read(formula).calls)


def plain(value):
    """A computed value as a plain Python value: float/int/str/bool, None for empty, 'XlError' kept."""
    if isinstance(value, np.ndarray):
        value = value.ravel()[0] if value.size else None
    if isinstance(value, XlError):
        return value
    if value is sh.EMPTY:
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value
