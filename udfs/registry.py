"""One registry of what Excel sees: each function's Excel name, Danish help, arguments, units, example.

A budget function is declared once, next to its code, under its Excel name::

    @excel_function(
        "PLACEMENTCOST",
        category=PLACEMENTS,
        help="Udgift til anbringelser pr. år: antal × enhedspris, summeret over typerne.",
        counts=("Antal anbringelser pr. type ...", "antal"),
        unit_prices=("Enhedspris pr. type ...", "kr. pr. år"),
        example=Example(...),
    )
    def placementcost(counts, unit_prices, price_growth=0.0, years=0.0):
        ...

The declaration is attached to the function (``placementcost.spec``). ``trappen.udfs`` states the order
of the functions in one tuple and builds :data:`trappen.udfs.REGISTRY` from it; everything else reads the
declarations from there: the xlwings decorators (applied here), the headless engine's function table
(``trappen.addin.engine``), the function reference in the README and the docs, the template builder and
the tests.

The decorated Python function stays a plain numpy function that raises
:class:`~trappen.udfs.errors.TrappenError` on bad input. Its Excel twin (``spec.excel``, exported from
``trappen.udfs`` under the Excel name, e.g. ``trappen.udfs.PLACEMENTCOST``) calls it through :meth:`call`,
which never raises: a bad argument becomes an Excel error value with the one-line message.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from .errors import TrappenError

# Categories in Excel's Insert Function dialog (Danish: what the officer reads).
PLACEMENTS = "Trappen – anbringelser og priser"
INVESTMENT = "Trappen – investeringscase"
STAFFING = "Trappen – sagstal og rådgivere"
ACCOUNTS = "Trappen – regnskab og opfølgning"
UNCERTAINTY = "Trappen – usikkerhed"


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
    """A worked example from the documents: the Excel formula, the same call in Python, the result.

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
    excel: Callable[..., Any] = field(init=False, repr=False)

    @property
    def signature(self) -> str:
        """``PLACEMENTCOST(counts; unit_prices; [price_growth]; [years])`` with Danish separators."""
        parts = []
        for arg in self.arguments:
            text = f"{arg.name}..." if arg.repeating else arg.name
            parts.append(f"[{text}]" if arg.optional or arg.repeating else text)
        return f"{self.name}({'; '.join(parts)})"

    def call(self, *args: Any) -> Any:
        """Run the function on what Excel or an engine hands over; never raise.

        Returns a number, a 2-D list of numbers (which spills), or a :class:`Failure`.
        """
        try:
            result = self.python(*args)
            if not np.all(np.isfinite(np.asarray(result, dtype=float))):
                return Failure("#NUM!", f"{self.name}: the result is too large or undefined "
                                        "(check the inputs for extreme values)")
            return to_excel(result)
        except TrappenError as error:
            return Failure(error.excel_error, str(error))
        except Exception as error:  # noqa: BLE001 — a cell must never show a traceback
            return Failure("#VALUE!", f"{self.name}: unexpected {type(error).__name__}: {error}".splitlines()[0])


def excel_function(name: str, *, category: str, help: str, result: str, example: Example,
                   **arguments: tuple[str, str]) -> Callable[[Callable], Callable]:
    """Declare a budget function for Excel under ``name``; keyword arguments give each argument's (help, unit).

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
                             result=result, arguments=declared, example=example)
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
            return _plain(value.reshape(()).item())
        if value.ndim == 1:
            return [[_plain(v) for v in value.tolist()]]
        return [[_plain(v) for v in row] for row in value.tolist()]
    return _plain(value)


def _plain(value: Any) -> Any:
    if isinstance(value, (np.floating, np.integer)):
        return value.item()
    return value


def excel_error_value(failure: Failure) -> str:
    """What the cell shows for a bad argument, the xlwings way of the runtime we run in.

    Classic xlwings (Windows desktop) cannot return a real Excel error value from a UDF (xlwings issues
    #776, #1108): the cell shows the text ``#VALUE! <argument>: <why> — <fix>``, never a traceback. Our
    functions reject such text in their arguments, so the error travels on to dependent formulas.
    xlwings Server and xlwings Lite show ``#VALUE!`` with the message on hover when the function raises
    ``xlwings.XlwingsError``, which is what we raise there.
    """
    import xlwings as xw

    if getattr(xw, "on_server", False):
        raise xw.XlwingsError(str(failure))
    return str(failure)


def excel_twin(spec: ExcelFunction, decorators: tuple | None = None) -> Callable[..., Any]:
    """A new Excel twin of ``spec``, decorated with xlwings' ``(func, arg, ret)`` (or the ``decorators`` given)."""
    return _decorate_for_xlwings(spec, _excel_twin(spec), decorators)


def _excel_twin(spec: ExcelFunction) -> Callable[..., Any]:
    """The function xlwings imports: same arguments, upper-case name, Danish help, never raises."""

    def twin(*args: Any) -> Any:
        outcome = spec.call(*args)
        return excel_error_value(outcome) if isinstance(outcome, Failure) else outcome

    twin.__name__ = twin.__qualname__ = spec.name
    twin.__doc__ = spec.help
    twin.__module__ = __package__  # "trappen.udfs": the module xlwings imports
    twin.__wrapped__ = spec.python  # xlwings reads the argument list through inspect.signature
    twin.__annotations__ = {}  # xlwings would take type hints for converters
    return twin


def _decorate_for_xlwings(spec: ExcelFunction, twin: Callable, decorators: tuple | None = None) -> Callable:
    """Apply ``@xw.func``, ``@xw.arg`` and ``@xw.ret`` from the declaration.

    On Windows these are xlwings' UDF decorators (``xlwings.udfs``), on xlwings Server/Lite the
    server's; elsewhere xlwings makes them no-ops. Tests pass xlwings' Windows decorators explicitly.
    """
    if decorators is None:
        import xlwings as xw

        decorators = (xw.func, xw.arg, xw.ret)
    func, arg_decorator, ret = decorators
    for arg in spec.arguments:
        # ndim=2: every range arrives as rows × columns; err_to_str: a #DIV/0! cell arrives as text
        # and is rejected by the adapter instead of arriving as an empty cell.
        target = f"*{arg.name}" if arg.repeating else arg.name
        twin = arg_decorator(target, ndim=2, err_to_str=True, doc=_arg_doc(arg))(twin)
    twin = ret()(twin)  # default conversion: a 2-D list spills natively in Excel 365
    return func(category=spec.category)(twin)


def _arg_doc(arg: Argument) -> str:
    return f"{arg.help} [{arg.unit}]" if len(arg.help) + len(arg.unit) + 3 <= 255 else arg.help


def declarations(functions) -> dict[str, ExcelFunction]:
    """Excel name -> declaration, in the order of ``functions`` (each declared with :func:`excel_function`)."""
    specs = {function.spec.name: function.spec for function in functions}
    if len(specs) != len(functions):
        raise ValueError("a function is listed twice")
    return specs
