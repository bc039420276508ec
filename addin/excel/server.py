"""Trappen's functions for xlwings Server (Excel on the web and Mac): the metadata and the calls.

xlwings Server (a separate, licensed web app; see docs/web-og-mac.md for the licence terms) asks a
Python module for its custom functions' metadata and calls them. With ``XLWINGS_ON_SERVER=true`` set
before ``trappen.udfs`` is imported, our Excel twins carry xlwings Server's decorators
(``trappen.udfs.registry`` applies whatever ``xlwings.func/arg/ret`` are), so the server reads the same
Danish help and raises ``xlwings.XlwingsError`` with our one-line message for a bad argument (shown as
``#VALUE!`` on hover).

Importing ``xlwings.server`` needs an xlwings licence key (``XLWINGS_LICENSE_KEY``); these helpers say
so in one line instead of failing deep inside xlwings.
"""

from __future__ import annotations

import os


class ServerUnavailable(RuntimeError):
    """xlwings Server cannot be used here (no licence key, or trappen.udfs imported without server decorators)."""


def _server():
    """``(xlwings.server, udfs)``; with XLWINGS_ON_SERVER=true even ``import xlwings`` needs the licence key."""
    if os.environ.get("XLWINGS_ON_SERVER") != "true":
        raise ServerUnavailable("set XLWINGS_ON_SERVER=true before Python starts, so trappen.udfs gets the "
                                "server's decorators")
    try:
        import xlwings.server as server

        from trappen import udfs
    except Exception as error:  # noqa: BLE001 - xlwings.LicenseError and friends: said in one line
        raise ServerUnavailable(f"xlwings Server is not available: {error} "
                                "(it needs an xlwings licence key; see docs/web-og-mac.md)") from None
    return server, udfs


def functions_meta() -> dict:
    """The custom-function metadata xlwings Server sends to Excel for the ``trappen.udfs`` module."""
    server, udfs = _server()
    return server.custom_functions_meta(udfs)


async def call(data: dict):
    """Run one custom-function call from Excel (``data`` as xlwings Server receives it)."""
    server, udfs = _server()
    return await server.custom_functions_call(data, udfs)
