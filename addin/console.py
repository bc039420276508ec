"""The ``trappen`` command's entry point: a Danish line, not a traceback, where the app's packages are missing.

``pip install trappen`` installs the function library alone (numpy: what xlwings Lite and notebooks need);
the command line needs the ``app`` extra (typer, rich, formulas ...). Without it the command says so.
"""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from .cli import main as run
    except ModuleNotFoundError as error:
        sys.exit(f"trappen: kommandolinjen mangler pakken {error.name} — installér Trappen med kommandolinjen: "
                 "python -m pip install \"trappen[app]\"")
    run()
