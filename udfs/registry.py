"""One registry of what Excel sees: each function's Excel name, Danish help, arguments, units, example.

A budget function is declared once, next to its code, under its Excel name::

    @excel_function(
        "PLACEMENTCOST",
        category=PLACEMENTS,
        help="Udgift til anbringelser pr. år: antal × enhedspris, summeret over typerne.",
        result="beløb pr. år i enhedsprisernes enhed (kr., 1.000 kr. ...); omregnes aldrig",
        counts=("Antal anbringelser pr. type ...", "antal"),
        unit_prices=("Enhedspris pr. type ...", "kr. pr. år"),
        price_growth=("Valgfri: årlig prisudvikling som decimal ...", "andel pr. år"),
        years=("Valgfri: år efter prisåret ...", "år"),
        example=Example(formula="=PLACEMENTCOST(...)", args=(...), result=..., source="..."),
        along_row=True,
    )
    def placementcost(counts, unit_prices, price_growth=0.0, years=0.0):
        ...

The declaration is attached to the function (``placementcost.spec``). ``trappen.udfs`` states the order
of the functions in one tuple and builds :data:`trappen.udfs.REGISTRY` from it; everything else reads the
declarations from there: the xlwings decorators (applied here), the headless engine's function table
(``trappen.addin.engine.functions``), the function reference in the README and the docs, the template builder and
the tests.

The decorated Python function stays a plain numpy function that raises
:class:`~trappen.udfs.errors.TrappenError` on bad input. Its Excel twin (``spec.excel``, exported from
``trappen.udfs`` under the Excel name, e.g. ``trappen.udfs.PLACEMENTCOST``) calls it through :meth:`call`,
which never raises: a bad argument (a missing one too) becomes an Excel error value with the one-line
Danish message.

xlwings is never imported here. The twins get xlwings' ``@func/@arg/@ret`` only when xlwings will look
for them: when ``xlwings`` is already imported as ``trappen.udfs`` is (classic xlwings on Windows imports
xlwings, then the ``UDF Modules``; xlwings Server's app imports ``xlwings.server``, then the module it
serves), or when ``XLWINGS_ON_SERVER=true`` says the process is an xlwings Server. A headless process
(``trappen refresh``, a notebook, the tests) imports only numpy: no xlwings, no pandas.
"""

from __future__ import annotations

import gc
import inspect
import logging
import math
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import host_errors, inputs
from .errors import TrappenError, count
from .inputs import all_finite

log = logging.getLogger(__name__)

# Categories in Excel's Insert Function dialog (Danish: what the officer reads).
PLACEMENTS = "Trappen – anbringelser og priser"
INVESTMENT = "Trappen – investeringscase"
STAFFING = "Trappen – sagstal og rådgivere"
ACCOUNTS = "Trappen – regnskab og opfølgning"
UNCERTAINTY = "Trappen – usikkerhed"
TROUBLESHOOTING = "Trappen – fejlsøgning"


@dataclass(frozen=True)
class Argument:
    """One argument as Excel shows it: Python name, Danish help text, unit."""

    name: str
    help: str
    unit: str
    optional: bool = False
    default: Any = None
    repeating: bool = False


@dataclass(frozen=True)
class Example:
    """A worked example from the documents: ``formula`` as typed in Excel, ``args`` the same call in Python,
    ``result`` what it gives (the user guide prints it), ``source`` where the figures come from, ``tolerance``
    the tests' absolute tolerance.

    ``args`` and ``result`` are checked by the tests, so the docs never show a wrong example.
    """

    formula: str
    args: tuple
    result: Any
    source: str
    tolerance: float = 1e-9


@dataclass(frozen=True)
class Failure:
    """What a cell shows when an argument is bad: an Excel error value and a one-line message."""

    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.code} {self.message}"


@dataclass
class ExcelFunction:
    """Everything Excel, the engine and the docs need to know about one function."""

    name: str
    python: Callable[..., Any]
    category: str
    help: str
    result: str
    arguments: tuple[Argument, ...]
    example: Example
    #: Rewrites a call in the argument form of an earlier release into today's (a published interface
    #: keeps working: trappen.udfs.old_forms); None when the form never changed.
    forms: Callable[[tuple], tuple] | None = None
    #: For the headless engine's runs of copied calls (``trappen.addin.engine.runs``): the result for a column
    #: (``along_row``) or a row (``down_column``) of the moving arguments depends on that column (row) alone,
    #: so copies along a row (down a column) may be computed as one call over the block.
    along_row: bool = False
    down_column: bool = False
    #: An argument is a date (a serial number counted from 1900): the engine refuses it in a 1904-date workbook.
    takes_date: bool = False
    #: Too heavy to run at every keystroke in Excel's Insert Function dialog: xlwings' ``call_in_wizard=False``
    #: (classic xlwings writes ``If (Not Application.CommandBars("Standard").Controls(1).Enabled) Then Exit
    #: Function`` into its VBA wrapper: the Standard toolbar is disabled while the dialog is open). The dialog
    #: then shows no preview of the result; the cell is computed as usual.
    heavy: bool = False
    excel: Callable[..., Any] = field(init=False, repr=False)

    @property
    def signature(self) -> str:
        """``PLACEMENTCOST(counts; unit_prices; [price_growth]; [years])`` with Danish separators."""
        parts = []
        for arg in self.arguments:
            text = f"{arg.name}..." if arg.repeating else arg.name
            parts.append(f"[{text}]" if arg.optional or arg.repeating else text)
        return f"{self.name}({'; '.join(parts)})"

    def __post_init__(self) -> None:
        self._fewest = sum(1 for arg in self.arguments if not arg.optional and not arg.repeating)
        self._most = math.inf if any(arg.repeating for arg in self.arguments) else len(self.arguments)

    def call(self, *args: Any) -> Any:
        """Run the function on what Excel or an engine hands over; never raise.

        Returns a number, a 2-D list of numbers (which spills), or a :class:`Failure`.
        """
        if self.forms is not None:
            args = self.forms(args)
        if not self._fewest <= len(args) <= self._most:
            return self._wrong_number_of_arguments(len(args))
        try:
            with np.errstate(all="ignore"):  # an overflow shows as #NUM! below, not as a warning on the console
                result = self.python(*args)
            if type(result) in (float, int):
                if math.isfinite(result):
                    return result
            else:
                result = np.asarray(result, dtype=float)
                if all_finite(result):
                    return to_excel(result)
            return Failure("#NUM!", f"{self.name}: resultatet er for stort eller kan ikke beregnes "
                                    "— tjek argumenterne for ekstreme værdier")
        except TrappenError as error:
            return Failure(error.excel_error, str(error))
        except Exception as error:  # noqa: BLE001 — a cell must never show a traceback
            log.debug("%s: unexpected %s", self.name, type(error).__name__, exc_info=True)
            return Failure("#VALUE!", f"{self.name}: uventet fejl i beregningen ({type(error).__name__}) "
                                      "— tjek argumenterne, og meld fejlen til Trappens udviklere")

    def _wrong_number_of_arguments(self, given: int) -> Failure:
        if given < self._fewest:
            missing = self.arguments[given]
            return Failure("#VALUE!", f"{missing.name}: mangler — giv mindst {count(self._fewest, 'argument')}: "
                                      f"{self.signature}")
        return Failure("#VALUE!", f"{self.name}: har {count(given, 'argument')}, men tager højst "
                                  f"{self._most} — fjern de overskydende: {self.signature}")


def excel_function(name: str, *, category: str, help: str, result: str, example: Example, along_row: bool = False,
                   down_column: bool = False, takes_date: bool = False, heavy: bool = False,
                   forms: Callable[[tuple], tuple] | None = None,
                   **arguments: tuple[str, str]) -> Callable[[Callable], Callable]:
    """Declare a budget function for Excel under ``name``; keyword arguments give each argument's (help, unit).

    ``along_row``, ``down_column`` and ``takes_date`` tell the headless engine what it must know of the
    function, ``heavy`` tells Excel's hosts (see :class:`ExcelFunction`).

    The Python function keeps its lower-case name (``placementcost``); ``name`` is the same in upper case.
    """

    def declare(function: Callable) -> Callable:
        if name != function.__name__.upper():
            raise ValueError(f"{name}: the Excel name must be the Python name {function.__name__!r} in upper case")
        params = list(inspect.signature(function).parameters.values())
        names = [p.name for p in params]
        if set(names) != set(arguments):
            raise TypeError(f"{name}: declared arguments {sorted(arguments)} differ from {names}")
        if len(help) > 255 or any(len(text) > 255 for text, _ in arguments.values()):
            raise ValueError(f"{name}: Excel cuts help texts at 255 characters")
        declared = tuple(
            Argument(
                name=p.name,
                help=arguments[p.name][0],
                unit=arguments[p.name][1],
                optional=p.default is not inspect.Parameter.empty,
                default=None if p.default is inspect.Parameter.empty else p.default,
                repeating=p.kind is inspect.Parameter.VAR_POSITIONAL,
            )
            for p in params
        )
        spec = ExcelFunction(name=name, python=function, category=category, help=help,
                             result=result, arguments=declared, example=example, along_row=along_row,
                             down_column=down_column, takes_date=takes_date, heavy=heavy, forms=forms)
        spec.excel = excel_twin(spec)
        function.excel = spec.excel
        function.spec = spec
        return function

    return declare


def to_excel(value: Any) -> Any:
    """A result as Excel takes it: a float for one value, a 2-D list for a range (1-D = one row)."""
    if isinstance(value, (list, tuple)):
        value = np.asarray(value, dtype=float)
    if isinstance(value, np.ndarray):
        if value.size == 1:
            return value.reshape(()).item()
        rows = value.reshape(1, -1) if value.ndim == 1 else value
        if rows.shape[0] < 10_000:
            return rows.tolist()
        # A million rows are a million new lists: Python's cyclic garbage collector would walk every object
        # of the process again and again while they are made (a full column: 0,9 s instead of 0,3 s).
        # Lists of floats hold no cycles, so it may rest meanwhile.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return rows.tolist()
        finally:
            if collecting:
                gc.enable()
    if isinstance(value, (np.floating, np.integer)):
        return value.item()
    return value


#: The hosts a twin is made for (:func:`excel_twin`): classic xlwings (Excel on Windows through COM: a failure
#: is pywin32's error variant), and xlwings Server and xlwings Lite (Office.js custom functions: a failure
#: raises ``xlwings.XlwingsError``, ``#VALUE!`` with the message on hover).
CLASSIC = "classic"
OFFICE_JS = "office.js"


def excel_twin(spec: ExcelFunction, decorators: tuple | None = None, host: str | None = None) -> Callable[..., Any]:
    """A new Excel twin of ``spec``: the one way a twin is made for any host.

    ``decorators`` are xlwings' ``(func, arg, ret)``: classic xlwings', xlwings Server's, or those xlwings Lite
    hands the workbook's main.py (``trappen.addin.excel.lite``); left out, xlwings' own if xlwings will look for
    them (:func:`xlwings_decorators`), else none (a plain twin for Python and the headless engine). ``host``
    (:data:`CLASSIC`, :data:`OFFICE_JS`) says what a failure becomes (:mod:`.host_errors`); left out, it is read
    from the decorators' module (:func:`host_of`). With xlwings' no-op decorators (Linux, Mac) and no
    ``host`` a failure stays the text ``#VALUE! <argument>: <why> — <fix>``.
    """
    decorators = decorators or xlwings_decorators()
    if not decorators:
        return _excel_twin(spec)
    host = host or host_of(decorators)
    twin = _com_twin(spec) if host == CLASSIC else _excel_twin(spec, office_js=host == OFFICE_JS)
    return _decorate_for_xlwings(spec, twin, decorators)


def host_of(decorators: tuple) -> str | None:
    """The host that ``(func, arg, ret)`` belong to: :data:`CLASSIC` for ``xlwings.udfs`` (Windows, COM),
    :data:`OFFICE_JS` for ``xlwings.pro.udfs_officejs`` (xlwings Server and Lite), None for anything else."""
    module = getattr(decorators[0], "__module__", "") or ""
    if module == "xlwings.udfs":
        return CLASSIC
    if "udfs_officejs" in module:
        return OFFICE_JS
    return None


def xlwings_decorators() -> tuple | None:
    """xlwings' ``(func, arg, ret)`` if this process runs our twins for xlwings; None otherwise.

    The rule: xlwings is already imported (classic xlwings on Windows and xlwings Server's app import it
    before they import the UDF module), or ``XLWINGS_ON_SERVER=true`` (an xlwings Server process, which
    needs the server's decorators even if it imports ``trappen.udfs`` first; without its licence key
    xlwings cannot be imported there, and a headless process with the variable set still starts).
    Otherwise xlwings is not imported at all: it would pull in pandas and add a second to every start.
    """
    xw = sys.modules.get("xlwings")
    if xw is None and os.environ.get("XLWINGS_ON_SERVER") == "true":
        try:
            import xlwings as xw
        except Exception as error:  # noqa: BLE001 — xlwings.LicenseError and friends: no server here
            log.debug("xlwings Server decorators not applied: %s", error)
            return None
    return None if xw is None else (xw.func, xw.arg, xw.ret)


def _excel_twin(spec: ExcelFunction, office_js: bool = False) -> Callable[..., Any]:
    """The function xlwings imports: same arguments, upper-case name, Danish help.

    Never raises, except under xlwings Server and Lite (``office_js``, or ``xlwings.on_server``), where raising
    ``xlwings.XlwingsError`` is how a cell gets ``#VALUE!`` with the message on hover.
    """

    def twin(*args: Any) -> Any:
        outcome = spec.call(*args)
        if not isinstance(outcome, Failure):
            return outcome
        return host_errors.host_value(outcome, office_js=office_js)

    _name_twin(spec, twin)
    return twin


def _com_twin(spec: ExcelFunction) -> Callable[..., Any]:
    """The twin classic xlwings imports on Windows: a failure is a real Excel error value.

    The arguments are read as pywin32 delivers them (:func:`trappen.udfs.inputs.com_values`: integers are
    error values); an omitted optional argument arrives as its Python default object, which is passed on as a
    float. The failure's message is kept under the calling cell for ``=TRAPPENFEJL(cell)``
    (:func:`trappen.udfs.host_errors.calling_cell`).
    """
    defaults = [arg.default for arg in spec.arguments]

    def twin(*args: Any) -> Any:
        args = tuple(float(value) if type(value) is int and value is defaults[min(i, len(defaults) - 1)] else value
                     for i, value in enumerate(args))
        with inputs.com_values():
            outcome = spec.call(*args)
        if not isinstance(outcome, Failure):
            return outcome
        return host_errors.host_value(outcome, host_errors.calling_cell(), com=True)

    _name_twin(spec, twin)
    return twin


def _name_twin(spec: ExcelFunction, twin: Callable) -> None:
    twin.__name__ = twin.__qualname__ = spec.name
    twin.__doc__ = spec.help
    twin.__module__ = __package__  # "trappen.udfs": the module xlwings imports
    twin.__wrapped__ = spec.python  # xlwings reads the argument list through inspect.signature
    twin.__annotations__ = {}  # xlwings would take type hints for converters


def _decorate_for_xlwings(spec: ExcelFunction, twin: Callable, decorators: tuple) -> Callable:
    """Apply ``@xw.func``, ``@xw.arg`` and ``@xw.ret`` from the declaration.

    On Windows these are xlwings' UDF decorators (``xlwings.udfs``), on xlwings Server/Lite the
    server's; elsewhere xlwings makes them no-ops. Tests pass xlwings' Windows decorators explicitly.
    """
    func, arg_decorator, ret = decorators
    for arg in spec.arguments:
        # ndim=2: every range arrives as rows × columns; err_to_str: a #DIV/0! cell arrives as text
        # and is rejected by the adapter instead of arriving as an empty cell.
        target = f"*{arg.name}" if arg.repeating else arg.name
        twin = arg_decorator(target, ndim=2, err_to_str=True, doc=_arg_doc(arg))(twin)
    twin = ret()(twin)  # default conversion: a 2-D list spills natively in Excel 365
    return func(category=spec.category, call_in_wizard=not spec.heavy)(twin)


def error_message_function(decorators: tuple | None = None) -> Callable[[Any], str]:
    """``TRAPPENFEJL(cell)``: the message of a cell's error, as classic xlwings' Excel function.

    Decorated only for classic xlwings (Windows), where an error value cannot carry its message; xlwings
    Server and Lite show the message on hover and do not get it. The cell arrives as an ``xlwings.Range``.
    """

    def TRAPPENFEJL(cell: Any) -> str:
        return host_errors.trappenfejl(cell)

    TRAPPENFEJL.__doc__ = ("Viser fejlmeddelelsen for en celle, hvor en af Trappens funktioner giver en fejl "
                           "(#VÆRDI!, #DIVISION/0!, #I/T ...): hvilket argument, hvad der er galt, og hvad du gør.")
    TRAPPENFEJL.__module__ = __package__
    TRAPPENFEJL.__annotations__ = {}
    decorators = decorators or xlwings_decorators()
    if not decorators or host_of(decorators) != CLASSIC:
        return TRAPPENFEJL
    func, arg_decorator, ret = decorators
    doc = "Cellen med fejlen, fx B7 (cellen med formlen, ikke cellen, den regner på)"
    decorated = arg_decorator("cell", convert="range", doc=doc)(TRAPPENFEJL)
    return func(category=TROUBLESHOOTING)(ret()(decorated))


def _arg_doc(arg: Argument) -> str:
    return f"{arg.help} [{arg.unit}]" if len(arg.help) + len(arg.unit) + 3 <= 255 else arg.help


def declarations(functions) -> dict[str, ExcelFunction]:
    """Excel name -> declaration, in the order of ``functions`` (each declared with :func:`excel_function`)."""
    specs = {function.spec.name: function.spec for function in functions}
    if len(specs) != len(functions):
        raise ValueError("a function is listed twice")
    return specs
