"""The headless engine: our functions registered in the ``formulas`` package, a workbook computed with no Excel.

Each function of ``udfs.REGISTRY`` is registered under its Excel name, calling the same Excel twin
logic (``ExcelFunction.call``) that xlwings calls in Excel, so a workbook computes here exactly what it
computes there. A bad argument gives the same Excel error value (``#VALUE!``, ``#N/A`` ...); its
one-line message is collected so the command line can show it next to the cell.
"""

from __future__ import annotations

import contextvars
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("TQDM_DISABLE", "1")  # formulas' loader draws a progress bar otherwise

import formulas  # noqa: E402
import numpy as np  # noqa: E402
import schedula as sh  # noqa: E402
from formulas.cell import CellWrapper  # noqa: E402
from formulas.functions import not_implemented, wrap_func  # noqa: E402
from formulas.tokens.function import Function  # noqa: E402
from formulas.tokens.operand import XlError  # noqa: E402

from trappen.udfs import REGISTRY, Failure, inputs  # noqa: E402

from .cells import column_name, split_cell  # noqa: E402

# formulas' own error singletons: a result must be one of these to count as that error in later formulas.
_ERRORS = {str(e): e for e in (formulas.NULL, formulas.DIV, formulas.VALUE, formulas.REF, formulas.NUM,
                               formulas.NAME, formulas.NA)}
_KEY = re.compile(r"^'\[(?P<book>[^\]]+)\](?P<sheet>.+)'!(?P<first>[A-Z]{1,3}\d+)(?::(?P<last>[A-Z]{1,3}\d+))?$")


@dataclass
class Messages:
    """The one-line message of each failed call, by the cell whose formula made the call.

    A cell is ``(SHEET in upper case, anchor cell)``: ``("SAGSTAL", "B7")``, the first cell of a spilled range.
    Where one formula makes several failing calls, the cell keeps the first one's message.
    """

    by_cell: dict[tuple[str, str], str] = field(default_factory=dict)

    def add(self, cell_key: str | None, failure: Failure) -> None:
        match = _KEY.match(cell_key or "")
        if match:
            self.by_cell.setdefault((match["sheet"].upper(), match["first"]), failure.message)

    def of(self, sheet: str, cell: str) -> str:
        return self.by_cell.get((sheet.upper(), cell), "")

    def clear(self) -> None:
        self.by_cell.clear()


MESSAGES = Messages()
#: The cell whose formula is being computed (formulas' key, ``'[book]SHEET'!B7``), for :data:`MESSAGES`.
_computing: contextvars.ContextVar[str | None] = contextvars.ContextVar("computing", default=None)
_registered = False


def register() -> None:
    """Put our functions into formulas' function table (once per process; the table is global)."""
    global _registered
    if _registered:
        return
    table = formulas.get_functions()
    for name, spec in REGISTRY.items():
        table[name] = wrap_func(_engine_function(spec))
    inputs.register_engine_values(empty=[sh.EMPTY], error_types=[XlError])
    _registered = True


def _engine_function(spec):
    def call(*args):
        outcome = spec.call(*args)
        if isinstance(outcome, Failure):
            MESSAGES.add(_computing.get(), outcome)
            return _ERRORS.get(outcome.code, formulas.VALUE)
        if isinstance(outcome, list):
            return np.asarray(outcome, dtype=object)
        return outcome

    call.__name__ = spec.name
    return call


def known_functions() -> set[str]:
    """Every function name the engine can compute: Excel's built-ins that formulas implements, and ours."""
    register()
    return {name for name, f in formulas.get_functions().items() if f is not not_implemented}


def called_functions(formula: str) -> set[str]:
    """The upper-case names of the functions a formula calls (``=NETSAVING(A1,SUM(B1:B2))`` → both)."""
    text = formula if formula.startswith("=") else "=" + formula
    tokens, _ = formulas.Parser(True).ast(text)  # Parser(True) does not add unknown names to the table
    return {t.name.upper() for t in tokens if type(t) is Function}


def unknown_functions(formula_texts, defined_names=()) -> set[str]:
    """Names called by the formulas that neither Excel (as formulas implements it) nor Trappen knows."""
    known = known_functions() | {name.upper() for name in defined_names}
    unknown = set()
    for text in formula_texts:
        try:
            unknown |= called_functions(text) - known
        except Exception:  # noqa: BLE001 - a formula formulas cannot parse is reported, not fatal
            unknown.add(f"(kan ikke læses: {text[:40]})")
    return unknown


def load(path: str | Path) -> formulas.ExcelModel:
    """Read a workbook and build its calculation graph; each formula knows its cell while it computes."""
    register()
    model = formulas.ExcelModel().loads(str(path)).finish()
    for node in model.dsp.function_nodes.values():
        wrapper = node["function"]
        if isinstance(wrapper, CellWrapper) and node.get("outputs"):
            wrapper.func = _InCell(node["outputs"][0], wrapper.func)
    return model


class _InCell:
    """A cell's compiled formula that sets :data:`_computing` to the cell while it runs (else unchanged)."""

    def __init__(self, cell_key: str, formula):
        self.cell_key, self.formula = cell_key, formula

    def __call__(self, *args, **kwargs):
        token = _computing.set(self.cell_key)
        try:
            return self.formula(*args, **kwargs)
        finally:
            _computing.reset(token)

    def __getattr__(self, name):
        return getattr(self.formula, name)


def compute(model: formulas.ExcelModel, inputs_by_key: dict | None = None):
    """Calculate every formula; returns formulas' solution (``'[file]SHEET'!A1`` → Ranges)."""
    MESSAGES.clear()
    return model.calculate(inputs=inputs_by_key) if inputs_by_key else model.calculate()


def cell_values(solution, book_name: str | None = None) -> dict[str, dict[str, object]]:
    """``{SHEET (upper case): {'B5': value}}`` from a solution; ranges are spread cell by cell."""
    out: dict[str, dict[str, object]] = {}
    ranges, cells = [], []
    for key, value in solution.items():
        if not isinstance(key, str):
            continue
        match = _KEY.match(key)
        if not match or (book_name and match["book"].upper() != book_name.upper()):
            continue
        (ranges if match["last"] else cells).append((match, value))
    for match, value in ranges + cells:  # single cells win over ranges
        array = np.asarray(getattr(value, "value", value), dtype=object)
        if array.ndim == 0:
            array = array.reshape(1, 1)
        sheet = out.setdefault(match["sheet"], {})
        first_col, first_row = split_cell(match["first"])
        last_col, last_row = split_cell(match["last"] or match["first"])
        for r in range(first_row, last_row + 1):
            for c in range(first_col, last_col + 1):
                i, j = r - first_row, c - first_col
                if i < array.shape[0] and j < array.shape[1]:
                    sheet[f"{column_name(c)}{r}"] = array[i, j]
    return out


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
