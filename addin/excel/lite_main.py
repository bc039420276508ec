"""Trappen's functions for xlwings Lite: this is the workbook's main.py (paste it into Lite's tab main.py).

Lite's own ``func``, ``arg`` and ``ret`` decorate every function of Trappen under its Excel name
(``trappen.addin.excel.lite``); the package comes from the wheel named in requirements.txt
(``addin/excel/lite_requirements.txt``). See docs/lite.md.
"""

from xlwings import arg, func, ret

from trappen.addin.excel import lite

globals().update(lite.functions((func, arg, ret)))
