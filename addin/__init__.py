"""What puts Trappen's functions into Excel, and the headless refresh (see README: the rooms).

:func:`main` is the ``trappen`` command's entry point. ``pip install trappen`` installs the function
library alone (numpy: what xlwings Lite and notebooks need); the command line needs the ``app`` extra
(typer, rich, formulas ...). Without it the command says so in one Danish line instead of a traceback.
"""

from __future__ import annotations

import importlib
import sys


def main() -> None:
    """Run the command line (``trappen.addin.cli``), or say which package is missing and how to install it."""
    try:
        # imported by name, at call time: this package's __init__ sits below every room, the command line above
        command = importlib.import_module("trappen.addin.cli")
    except ModuleNotFoundError as error:
        sys.exit(f"trappen: kommandolinjen mangler pakken {error.name} — installér Trappen med kommandolinjen: "
                 "python -m pip install \"trappen[app]\"")
    command.main()
