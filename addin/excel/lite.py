"""Trappen's functions in xlwings Lite: the custom functions a workbook's main.py registers.

xlwings Lite (the free Office add-in from Microsoft's store; Python in Excel's browser runtime through Pyodide)
registers every function of the workbook's ``main.py`` that carries xlwings' ``@func`` decorations as an
Excel custom function. ``main.py`` (``addin/excel/lite_main.py``, pasted into Lite's editor) imports xlwings'
``func``/``arg``/``ret`` — Lite's own — and puts :func:`functions` into its namespace: each of Trappen's
functions under its Excel name, with the registry's Danish help and argument texts
(``trappen.udfs.REGISTRY``; nothing is listed a second time).

A bad argument never gives a number: the function raises ``XlwingsError`` with the one-line Danish message
(:func:`lite_error`), which Lite shows as ``#VALUE!`` with the message on hover (its custom functions
throw ``CustomFunctions.Error(invalidValue, message)``); the message starts with the error the headless
engine and classic xlwings show (``#DIV/0!``, ``#N/A`` ...), and the error propagates to every formula that
uses the cell. The library comes from the trappen wheel named in ``lite_requirements.txt`` (numpy is
Pyodide's own). See docs/lite.md for the officer's and IT's steps.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from trappen import udfs
from trappen.udfs.registry import ExcelFunction, Failure, _decorate_for_xlwings


def lite_error(failure: Failure) -> None:
    """Turn a failure into xlwings Lite's error value: raise ``XlwingsError`` (``#VALUE!``, message on hover)."""
    from xlwings import XlwingsError  # Lite's xlwings; imported only when a function fails

    raise XlwingsError(str(failure))


def lite_function(spec: ExcelFunction, decorators: tuple) -> Callable[..., Any]:
    """The custom function Lite registers for ``spec``: the registry's call, a failure raised as Lite's error,
    decorated with xlwings' ``(func, arg, ret)`` as given."""

    def function(*args: Any) -> Any:
        outcome = spec.call(*args)
        if isinstance(outcome, Failure):
            lite_error(outcome)
        return outcome

    function.__name__ = function.__qualname__ = spec.name
    function.__doc__ = spec.help
    function.__wrapped__ = spec.python  # xlwings reads the argument names through inspect.signature
    function.__annotations__ = {}  # no type hints: xlwings would take them for converters
    return _decorate_for_xlwings(spec, function, decorators)


def functions(decorators: tuple) -> dict[str, Callable[..., Any]]:
    """Excel name -> custom function, in the registry's order, for main.py's namespace."""
    return {name: lite_function(spec, decorators) for name, spec in udfs.REGISTRY.items()}
