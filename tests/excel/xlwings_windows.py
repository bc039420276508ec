"""Classic xlwings' Windows code, imported on Linux: ``xlwings._xlwindows``, ``xlwings.udfs``, ``xlwings.com_server``.

xlwings' Windows modules import pywin32 (``pythoncom``, ``pywintypes``, ``win32api``, ``win32com`` ...) and
ctypes' ``windll``/``oledll``, which do not exist here. :func:`windows_xlwings` puts stand-ins for them
into ``sys.modules`` for as long as it is active, imports xlwings' real Windows modules and registers their
engine as ``xlwings.engines["excel"]``, so xlwings' own conversion code runs as on Windows: ``call_udf``,
``conversion.read``/``write`` with ``_xlwindows.Engine.clean_value_data`` and ``prepare_xl_data_element``,
and the COM server's ``XLPython.CallUDF``.

The stand-ins model only what pywin32 does at the edges, as its source shows
(``com/win32com/src/oleargs.cpp``): a ``VT_ERROR`` cell reaches Python as a plain ``int`` (its scode), a
``VT_CY`` (currency) cell as ``decimal.Decimal``, a date as ``pywintypes.TimeType`` (a ``datetime``
subclass), a range's values as a tuple of row tuples; and on the way back a ``win32com.client.VARIANT``
becomes a variant of its ``varianttype`` with its ``value`` (``MaybeExtractPyVariant``). ``VARIANT`` here
has the same two attributes as pywin32's class (``win32com/client/__init__.py``).
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import sys
import types
from collections.abc import Iterator

_MODULES = ("pywintypes", "win32api", "win32con", "win32event", "pythoncom", "win32com", "win32com.client",
            "win32com.client.dynamic", "win32com.server", "win32com.server.util", "win32com.server.policy",
            "win32com.server.dispatcher", "win32com.server.exception", "win32gui", "win32process",
            "win32timezone")
_XLWINGS = ("xlwings._xlwindows", "xlwings._win32patch", "xlwings.udfs", "xlwings.com_server")
RANGE_IID = "{00020846-0000-0000-C000-000000000046}"  # Excel's Range interface (is_range_instance)


class _Stub(types.ModuleType):
    """A pywin32 module: any name it is asked for is a placeholder class."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        value = type(name, (), {"__init__": lambda self, *args, **kwargs: None})
        setattr(self, name, value)
        return value


class TimeType(dt.datetime):
    """pywintypes' time type: a date cell as pywin32 hands it over (a datetime subclass)."""


class VARIANT:
    """pywin32's ``win32com.client.VARIANT``: a value with an explicit variant type."""

    def __init__(self, vt, value):
        self.varianttype = vt
        self.value = value

    def __repr__(self):
        return f"win32com.client.VARIANT({self.varianttype!r}, {self.value!r})"


class _Unwrappable(Exception):
    pass


def _unwrap(obj):  # win32com.server.util.unwrap: our plain Python values are not wrapped COM objects
    raise _Unwrappable


@contextlib.contextmanager
def windows_xlwings() -> Iterator[types.SimpleNamespace]:
    """xlwings' Windows modules, importable and working on their Python side, while the block runs."""
    saved = {name: sys.modules.get(name) for name in (*_MODULES, *_XLWINGS)}
    saved_ctypes = {name: getattr(ctypes, name, None) for name in ("windll", "oledll", "PyDLL")}
    stubs = {name: _Stub(name) for name in _MODULES}
    stubs["win32com"].client = stubs["win32com.client"]
    stubs["win32com"].server = stubs["win32com.server"]
    stubs["win32com.server"].util = stubs["win32com.server.util"]
    stubs["win32com.server"].policy = stubs["win32com.server.policy"]
    stubs["win32com.server"].exception = stubs["win32com.server.exception"]
    stubs["win32com.client"].VARIANT = VARIANT
    stubs["win32com.client"].Dispatch = lambda obj, *args, **kwargs: obj
    stubs["win32com.server.util"].unwrap = _unwrap
    stubs["pywintypes"].TimeType = TimeType
    stubs["pywintypes"].com_error = type("com_error", (Exception,), {})
    stubs["pywintypes"].error = type("error", (Exception,), {})
    stubs["pywintypes"].IID = lambda text: text
    stubs["pythoncom"].CoInitialize = lambda: None
    stubs["win32process"].GetWindowThreadProcessId = lambda hwnd: (1, 4242)
    stubs["pythoncom"].__file__ = "pythoncom.dll"
    stubs["pythoncom"].IID_IDispatch = "IDispatch"
    stubs["pythoncom"].TypeIIDs = {"IDispatch": type("PyIDispatch", (), {})}
    stubs["pythoncom"].VT_ERROR = 10
    stubs["pythoncom"].CoMarshalInterThreadInterfaceInStream = lambda iid, obj: obj
    space = types.SimpleNamespace
    for name in _XLWINGS:
        sys.modules.pop(name, None)
    sys.modules.update(stubs)
    ctypes.windll = space()
    ctypes.oledll = space(ole32=space(CLSIDFromString=lambda *args: 0))
    ctypes.PyDLL = lambda path: space(PyCom_PyObjectFromIUnknown=space(restype=None))
    import xlwings

    engines = xlwings.engines
    before = (list(engines.engines), dict(engines.engines_by_name), engines.active)
    try:
        import xlwings._xlwindows as xlwindows
        import xlwings.com_server as com_server
        import xlwings.udfs as udfs

        engines.add(xlwings.Engine(impl=xlwindows.engine))
        yield space(xlwindows=xlwindows, udfs=udfs, com_server=com_server, VARIANT=VARIANT, TimeType=TimeType)
    finally:
        engines.engines, engines.engines_by_name, engines.active = before
        for name, module in saved_ctypes.items():
            if module is None:
                with contextlib.suppress(AttributeError):
                    delattr(ctypes, name)
            else:
                setattr(ctypes, name, module)
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module


class ComCell:
    """An Excel ``Range`` COM object of one cell, as much of it as xlwings reads: address, sheet, book, value."""

    CLSID = RANGE_IID

    def __init__(self, address: str, value=None, sheet: str = "Anbringelser", book: str = "investeringscase.xlsx"):
        import re

        letters, digits = re.fullmatch(r"\$?([A-Z]+)\$?(\d+)", address).groups()
        self.Address = f"${letters}${digits}"
        self.Value = value
        self.Row, self.Column = int(digits), _column(letters)
        self.Rows = self.Columns = types.SimpleNamespace(Count=1)
        application = types.SimpleNamespace(Hwnd=1)
        self.Worksheet = types.SimpleNamespace(Name=sheet, Parent=types.SimpleNamespace(Name=book,
                                                                                     Application=application))
        iid = types.SimpleNamespace(iid=RANGE_IID)
        self._oleobj_ = types.SimpleNamespace(GetTypeInfo=lambda: types.SimpleNamespace(GetTypeAttr=lambda: iid))


def _column(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number
