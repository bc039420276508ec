"""The saved values as the yardstick: when a workbook's cached values can be trusted, and when two values agree.

**Trust.** A formula cell's cached value (``<v>``) was computed by the program that saved the workbook
only if that program calculates and did calculate before saving. We trust the saved values of a
workbook when all of these hold (:func:`trust`):

- ``docProps/app.xml`` names Microsoft Excel as the application. LibreOffice calculates too, but by
  default it keeps the cached values of an .xlsx it opens without recalculating them (a template written
  by xlsxwriter and re-saved by LibreOffice keeps xlsxwriter's zeros), so its values are not trusted.
- ``calcPr`` has no ``fullCalcOnLoad="1"``: libraries that write formulas without computing them
  (xlsxwriter, openpyxl) set it so that Excel calculates on open, and write ``0`` or nothing as the value,
  though they name Excel as the application. Excel itself removes it when it saves.
- not manual calculation with ``calcOnSave="0"``: in manual mode Excel still calculates before saving
  unless calcOnSave is off; with it off the saved values may be stale.

Per cell: a formula cell with no cached value is computed in any case.

**Agreement** (:func:`same`): numbers within 1e-9 relative (1e-12 absolute near zero), text exactly,
booleans and error codes equal; a number never equals a boolean or a text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import schedula as sh
from formulas.tokens.operand import XlError

from .contents import Contents

RELATIVE = 1e-9
ABSOLUTE = 1e-12


@dataclass(frozen=True)
class Trust:
    trusted: bool
    reason: str  # Danish, for the officer
    placeholders: bool = False  # the saved values are known placeholders (nothing to say when they change)


def trust(contents: Contents) -> Trust:
    """Whether the workbook's saved values were computed by the program that saved it (see module doc)."""
    app = contents.application or "et ukendt program"
    calc = contents.calc
    if "excel" not in app.lower() or "libreoffice" in app.lower():
        return Trust(False, f"gemt af {app}, ikke af Excel: de gemte værdier er ikke nødvendigvis beregnet")
    if calc.get("fullCalcOnLoad", "").lower() in ("1", "true"):
        return Trust(False, "skrevet af et program, der ikke beregner (fullCalcOnLoad): de gemte værdier er "
                            "pladsholdere", placeholders=True)
    if calc.get("calcMode") == "manual" and calc.get("calcOnSave", "").lower() in ("0", "false"):
        return Trust(False, "gemt i manuel beregning uden beregning ved gem: de gemte værdier kan være forældede")
    return Trust(True, f"gemt af {app} efter beregning")


def same(computed, saved) -> bool:
    """Whether a computed value reproduces a saved one."""
    if computed is sh.EMPTY:
        computed = 0.0
    if isinstance(computed, XlError) and isinstance(saved, str) and saved == str(computed):
        return True  # some libraries write an error as its text (t="str")
    if isinstance(saved, XlError) or isinstance(computed, XlError):
        return isinstance(saved, XlError) and isinstance(computed, XlError) and str(saved) == str(computed)
    if isinstance(saved, bool) or isinstance(computed, bool):
        return type(saved) is type(computed) and saved == computed
    if isinstance(saved, float) and isinstance(computed, (int, float)):
        if math.isnan(computed):
            return False
        return math.isclose(computed, saved, rel_tol=RELATIVE, abs_tol=ABSOLUTE)
    if isinstance(saved, str) and saved == "" and computed == 0.0:
        return True  # LibreOffice writes an empty text for a formula showing an empty cell
    return type(saved) is type(computed) and saved == computed


def shown(value) -> str:
    """A value as the refusal list shows it: numbers to 15 digits with a decimal comma."""
    if value is sh.EMPTY or value is None:
        return "(tom)"
    if isinstance(value, bool):
        return "SAND" if value else "FALSK"
    if isinstance(value, XlError):
        return str(value)
    if isinstance(value, float):
        return f"{value:.15g}".replace(".", ",")
    return f'"{value}"'
