"""The functions the headless engine knows: Excel's as ``formulas`` implements them, and ours.

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
import importlib
import importlib.util
from pathlib import Path

_LAZY_MODULES = (".stat", ".comp")
#: Functions whose value changes each time Excel calculates: a refresh cannot reproduce a saved value.
VOLATILE = frozenset({"RAND", "RANDBETWEEN", "NOW", "TODAY", "_XLFN.RANDARRAY", "RANDARRAY"})
#: Functions that ask about the workbook itself (is a cell a formula, its width ...): formulas answers
#: them from values alone, so they are treated as functions only Excel can compute.
STRUCTURAL = frozenset({"ISFORMULA", "_XLFN.ISFORMULA", "FORMULATEXT", "_XLFN.FORMULATEXT", "CELL", "INFO",
                        "SHEET", "_XLFN.SHEET", "SHEETS", "_XLFN.SHEETS"})
#: Functions that turn serial numbers into dates or back: formulas counts from 1900, so in a workbook
#: in the 1904 date system they would be four years off. Ours: ANNUALIZE takes a date.
DATES = frozenset({"DATE", "DATEVALUE", "DAY", "DAYS", "_XLFN.DAYS", "DAYS360", "EDATE", "EOMONTH", "ISOWEEKNUM",
                   "_XLFN.ISOWEEKNUM", "MONTH", "NETWORKDAYS", "NETWORKDAYS.INTL", "NOW", "TODAY", "WEEKDAY",
                   "WEEKNUM", "WORKDAY", "WORKDAY.INTL", "YEAR", "YEARFRAC", "DATEDIF", "ANNUALIZE"})
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


def install() -> FunctionTable:
    """Put the lazy table in place of formulas' own (once per process) and return it."""
    global _table
    if _table is not None:
        return _table
    import formulas.functions as functions

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
    _table = FunctionTable(eager, lazy)
    functions.get_functions = lambda: _table  # tokens.function imports it from here at each call
    return _table


def excel_names() -> frozenset[str]:
    """Every function name Excel itself knows (as far as openpyxl's list and _xlfn. names tell)."""
    from openpyxl.utils.formulas import FORMULAE

    return frozenset(FORMULAE) | _MORE_EXCEL


def is_excel_function(name: str) -> bool:
    return name in excel_names() or name.startswith(("_XLFN.", "_XLWS.")) or name.startswith("_XLFN._XLWS.")
