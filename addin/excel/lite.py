"""Trappen's functions in xlwings Lite: the custom functions a workbook's main.py registers.

xlwings Lite (the free Office add-in from Microsoft's store; Python in Excel's browser runtime through Pyodide)
registers every function of the workbook's ``main.py`` that carries xlwings' ``@func`` decorations as an
Excel custom function. ``main.py`` (``addin/excel/lite_main.py``, pasted into Lite's editor) imports xlwings'
``func``/``arg``/``ret`` — Lite's own — and puts :func:`functions` into its namespace: each of Trappen's
functions under its Excel name, with the registry's Danish help and argument texts
(``trappen.udfs.REGISTRY``; nothing is listed a second time).

Each is the twin the registry makes for an Office.js host (``registry.excel_twin(spec, decorators,
host=registry.OFFICE_JS)``, the same as for xlwings Server): a bad argument never gives a number, the function
raises ``XlwingsError`` with the one-line Danish message (``trappen.udfs.host_errors.xlwings_error``), which
Lite shows as ``#VALUE!`` with the message on hover (its custom functions throw
``CustomFunctions.Error(invalidValue, message)``); the message starts with the error the headless engine and
classic xlwings show (``#DIV/0!``, ``#N/A`` ...), and the error propagates to every formula that uses the
cell. The library comes from the trappen wheel named in ``lite_requirements.txt`` (numpy is Pyodide's own).
See docs/lite.md for the officer's and IT's steps.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from trappen import udfs
from trappen.udfs import registry


def functions(decorators: tuple) -> dict[str, Callable[..., Any]]:
    """Excel name -> custom function, in the registry's order, for main.py's namespace; ``decorators`` are
    Lite's ``(func, arg, ret)``."""
    return {name: registry.excel_twin(spec, decorators, host=registry.OFFICE_JS)
            for name, spec in udfs.REGISTRY.items()}
