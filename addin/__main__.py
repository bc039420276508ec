"""The ``trappen`` command's entry point (also ``python -m trappen.addin``), above the command line.

``pip install trappen`` installs the function library alone (numpy: what xlwings Lite and notebooks need);
the command line needs the ``app`` extra (typer, rich, formulas ...). Without it the command says so in one
Danish line instead of a traceback.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Run the command line (``trappen.addin.cli``), or say which package is missing and how to install it."""
    try:
        from . import cli
    except ModuleNotFoundError as error:
        sys.exit(f"trappen: kommandolinjen mangler pakken {error.name} — installér Trappen med kommandolinjen: "
                 "python -m pip install \"trappen[app]\"")
    cli.main()


if __name__ == "__main__":
    main()
