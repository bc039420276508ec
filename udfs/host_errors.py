"""What a failure becomes in each host: an Excel error value, with its Danish message where it can be read.

Our functions never raise into Excel: :meth:`trappen.udfs.registry.ExcelFunction.call` turns a bad argument
into a :class:`~trappen.udfs.registry.Failure` (an error code such as ``#VALUE!`` and a one-line message).
This module is the one place that decides what the cell then holds, per host:

* **Classic xlwings (Excel on Windows, COM).** :func:`com_error` returns pywin32's
  ``win32com.client.VARIANT(VT_ERROR, scode)``. xlwings' return path lets it through untouched
  (``xlwings/udfs.py`` ``call_udf`` → ``conversion.write`` → ``_xlwindows.Engine.prepare_xl_data_element``,
  which passes any object it does not know; ``com_server.XLPython.CallUDF`` unwraps the 1 × 1 list;
  ``win32com/server/policy.py`` ``_invokeex_`` returns it as it is), and pywin32 makes a ``VT_ERROR``
  variant of it (``com/win32com/src/oleargs.cpp``: ``PyCom_VariantFromPyObject`` checks for
  ``win32com.client.VARIANT`` first, ``MaybeExtractPyVariant`` reads ``varianttype`` and ``value``). But
  pywin32 does not keep the value: ``PythonOleArgHelper::MakeObjToVariant``, ``case VT_ERROR`` (line 1575
  at pywin32 commit 3cc9680, "should this be PyObject_Int??") always writes ``DISP_E_PARAMNOTFOUND``. So
  the cell gets *an* error value, the same for every failure, not the failure's own code; the code and the
  message are kept per cell (:data:`LOG`) and ``=TRAPPENFEJL(B7)`` shows them (:func:`trappenfejl`). What
  Excel shows for that variant (``#VALUE!`` is expected) must be checked in Excel; should it show anything
  but an error, ``TRAPPEN_FEJL_SOM_TEKST=1`` in the environment of Excel's Python returns the text
  ``#VALUE! message`` instead, as before (:data:`TEXT_SWITCH`). No other value pywin32 can return becomes an
  Excel error: a raised exception makes the VBA wrapper write ``Err.Description`` (text), and a NaN becomes
  an empty cell in ``prepare_xl_data_element``.
* **xlwings Server and xlwings Lite (Office.js).** :func:`host_value` raises ``xlwings.XlwingsError``
  with the message (:func:`xlwings_error`) in the twins ``registry.excel_twin`` makes for either; Excel
  shows ``#VALUE!`` with the message on hover (Office.js custom functions have no way to return ``#N/A``
  with a message, so the message starts with the code: ``#N/A net_by_year: ...``).
* **Anywhere else** (Python, the headless engine's own wrapper, tests): :func:`host_value` gives the text
  ``#VALUE! argument: why — fix``; the headless engine returns its own error value instead (addin.engine).

Excel's error codes as they travel through COM: ``VT_ERROR`` with the scode ``0x800A0000 + n``, where
``n`` is the XlCVError number (Microsoft: "XlCVError enumeration", "How to: Return Excel error values",
xlErrDiv0 = 2007 → -2146826281). pywin32 hands a ``VT_ERROR`` over to Python as a plain ``int``
(``oleargs.cpp``: ``case VT_ERROR: result = PyLong_FromLong(V_ERROR(&varValue))``); xlwings turns only seven
of them into text (``_xlwindows.cell_errors``) and passes the others (``#SPILL!``, ``#CALC!`` ...) on as
integers. :data:`ERROR_NUMBERS` holds all fourteen XlCVError values; ``#BUSY!`` has none (Excel shows it
while an asynchronous function runs and hands no value to formulas meanwhile).
"""

from __future__ import annotations

import os
import sys
import threading
from typing import Any

#: Excel's error values and their XlCVError numbers (the VBA ``CVErr`` argument).
ERROR_NUMBERS: dict[str, int] = {
    "#NULL!": 2000, "#DIV/0!": 2007, "#VALUE!": 2015, "#REF!": 2023, "#NAME?": 2029, "#NUM!": 2036,
    "#N/A": 2042, "#GETTING_DATA": 2043, "#SPILL!": 2045, "#CONNECT!": 2046, "#BLOCKED!": 2047,
    "#UNKNOWN!": 2048, "#FIELD!": 2049, "#CALC!": 2050,
}
#: ``0x800A0000`` as a signed 32-bit integer: an XlCVError number n travels through COM as this + n.
COM_ERROR_BASE = -2146828288
#: The variant type of an error value (``VT_ERROR`` in wtypes.h, ``pythoncom.VT_ERROR``).
VT_ERROR = 10
#: Set to 1 in the environment of Excel's Python to get the text ``#VALUE! message`` under classic xlwings.
TEXT_SWITCH = "TRAPPEN_FEJL_SOM_TEKST"

_BY_SCODE = {COM_ERROR_BASE + number: code for code, number in ERROR_NUMBERS.items()}


def com_scode(code: str) -> int:
    """The COM scode of an Excel error value: ``com_scode('#DIV/0!') == -2146826281``; unknown → ``#VALUE!``'s."""
    return COM_ERROR_BASE + ERROR_NUMBERS.get(code, ERROR_NUMBERS["#VALUE!"])


def code_of_scode(scode: int) -> str | None:
    """The Excel error value a COM scode stands for (``-2146826243`` → ``'#SPILL!'``), None if unknown."""
    return _BY_SCODE.get(scode)


class FailureLog:
    """The message of the last failure of each cell under classic xlwings, for ``=TRAPPENFEJL(cell)``.

    A cell is ``(workbook, sheet, address)`` with the address in xlwings' form (``$B$7``), the cell holding
    the formula (the anchor of a spill). A later successful call does not clear the entry: TRAPPENFEJL
    looks at the cell's value first, and only a cell that shows an error has a message to show.
    """

    def __init__(self) -> None:
        self._messages: dict[tuple[str, str, str], str] = {}
        self._lock = threading.Lock()

    def record(self, where: tuple[str, str, str], message: str) -> None:
        with self._lock:
            self._messages[_key(where)] = message

    def message(self, where: tuple[str, str, str]) -> str | None:
        with self._lock:
            return self._messages.get(_key(where))

    def clear(self) -> None:
        with self._lock:
            self._messages.clear()


def _key(where: tuple[str, str, str]) -> tuple[str, str, str]:
    book, sheet, address = where
    return book.upper(), sheet.upper(), address.replace("$", "").upper()


#: The failures of this Python process (xlwings runs one COM server process per Excel instance).
LOG = FailureLog()


def caller_cell(caller: Any) -> tuple[str, str, str] | None:
    """``(workbook, sheet, address)`` of xlwings' ``caller`` (an ``xlwings.Range``); None if it has none."""
    try:
        return caller.sheet.book.name, caller.sheet.name, caller.address
    except Exception:  # noqa: BLE001 — no caller (called from VBA, a test): nothing to record, never a traceback
        return None


def calling_cell(depth: int = 8) -> Any:
    """The cell whose formula is being computed under classic xlwings, or None.

    xlwings' ``call_udf`` (``xlwings/udfs.py``) wraps the calling cell as ``xw_caller`` (an ``xlwings.Range``)
    before it calls the function; it hands it to the function only as a reserved ``caller`` argument, whose
    thread marshalling needs pywin32's generated early binding (``gen_py``) and makes every call fail when
    that cache is broken. So the failure path looks it up in ``call_udf``'s frame instead: one lookup per
    failure, none per successful call, and without it only the message is lost, never the error value.
    ``tests/excel/test_excel_call_path.py`` runs xlwings' real ``call_udf`` and fails if xlwings renames it.
    """
    frame = sys._getframe(1)
    for _ in range(depth):
        frame = frame.f_back
        if frame is None:
            return None
        if frame.f_code.co_name == "call_udf" and frame.f_globals.get("__name__") == "xlwings.udfs":
            return frame.f_locals.get("xw_caller")
    return None


def com_error(failure: Any, caller: Any = None) -> Any:
    """A failure as classic xlwings must return it: ``win32com.client.VARIANT(VT_ERROR, scode)``.

    The failure's code and message (``#N/A net_by_year: why — fix``: the cell itself cannot show the code,
    see the module doc) are recorded for ``=TRAPPENFEJL(cell)`` under the calling cell. Without pywin32 (which only
    happens when this is called off Windows) the text ``#VALUE! message`` is returned instead.
    """
    where = caller_cell(caller) if caller is not None else None
    if where is not None:
        LOG.record(where, str(failure))
    if os.environ.get(TEXT_SWITCH, "") not in ("", "0"):
        return str(failure)
    try:
        from win32com.client import VARIANT
    except ImportError:
        return str(failure)
    return VARIANT(VT_ERROR, com_scode(failure.code))


def xlwings_error(failure: Any) -> Exception:
    """The exception xlwings Server and xlwings Lite show as ``#VALUE!`` with the message on hover: the one place
    a failure becomes ``xlwings.XlwingsError`` (xlwings is imported only when a function fails)."""
    import xlwings

    return xlwings.XlwingsError(str(failure))


def on_server() -> bool:
    """True in an xlwings Server or xlwings Lite process (xlwings sets ``xlwings.on_server``)."""
    xw = sys.modules.get("xlwings")
    return bool(xw is not None and getattr(xw, "on_server", False))


def host_value(failure: Any, caller: Any = None, *, com: bool = False, office_js: bool = False) -> Any:
    """What the cell gets for a failure in the host we run in (raises on xlwings Server and Lite).

    ``com``: the twin was made for classic xlwings (the caller is then xlwings' ``caller`` range);
    ``office_js``: for xlwings Server or Lite (``trappen.udfs.registry.excel_twin``), which raise
    :func:`xlwings_error`, as any twin does in a process where xlwings says it is on a server.
    """
    if office_js or on_server():
        raise xlwings_error(failure)
    if com:
        return com_error(failure, caller)
    return str(failure)


# --- TRAPPENFEJL: the message of a cell's error under classic xlwings ----------------------------------

NO_ERROR = ""


def trappenfejl(cell: Any) -> str:
    """Fejlmeddelelsen for en celle med en af Trappens funktioner: hvorfor den viser #VÆRDI!, #DIVISION/0! ...

    ``cell`` is the cell as an ``xlwings.Range`` (classic xlwings hands it over with ``convert="range"``).
    Returns the one-line Danish message of the last failure of that cell, "" if the cell shows no error,
    and a pointer to the cells it computes from if the error did not arise in one of our functions there.
    """
    where = caller_cell(cell)
    if where is None:
        return message_of(None, None, None)
    try:
        value = cell.raw_value  # unconverted: an error value is its scode (xlwings' .value makes it None)
    except Exception:  # noqa: BLE001 — a cell Excel cannot read to us: say so, never a traceback
        value = None
    if isinstance(value, (list, tuple)):
        return "celle: er et område — giv én celle, fx TRAPPENFEJL(B7)"
    return message_of(where[2], _shows_error(value), LOG.message(where))


def message_of(address: str | None, shows_error: bool | None, message: str | None) -> str:
    """What ``TRAPPENFEJL`` shows, in every host: the cell's message, "" if it shows no error, else where to look.

    ``address`` is the cell (None: no cell was given); ``message`` the one recorded for it, if any.
    """
    if address is None:
        return "celle: giv én celle, fx TRAPPENFEJL(B7)"
    if not shows_error:
        return NO_ERROR
    if message is None:
        return (f"{address.replace('$', '')}: fejlen opstår ikke i en af Trappens funktioner i cellen "
                "— brug TRAPPENFEJL på de celler, den regner på")
    return message


def _shows_error(value: Any) -> bool:
    """Whether a cell's value, as xlwings reads it on Windows, is an error value."""
    if isinstance(value, int) and not isinstance(value, bool):
        return True  # pywin32: an error value arrives as its scode
    return isinstance(value, str) and value.split(" ", 1)[0] in ERROR_NUMBERS
