"""The sheet "xlwings.conf": tells the xlwings add-in where Trappen's functions are.

No document table: this sheet is for xlwings, not for the officer (keys in column A, values in B).
"""

from __future__ import annotations

from ..workbook import Template

NAME = "xlwings.conf"


def write(t: Template) -> None:
    """The sheet xlwings reads its settings from: keys in A1 down (no gaps), values in column B.

    Only ``UDF Modules`` is set here; the Python interpreter is machine-specific and comes from the
    user's xlwings.conf (``trappen addin install``). An empty value here would override the user file,
    so no other key is listed.
    """
    from trappen import udfs

    ws = t.book.add_worksheet(NAME)
    ws.set_column("A:B", 16)
    ws.set_column("D:D", 90)
    ws.write_string(0, 0, "UDF Modules")
    ws.write_string(0, 1, udfs.__name__)
    ws.write(0, 3, "Indstillinger til xlwings (Excel-tilføjelsesprogrammet): Trappens funktioner hentes fra "
                   f"Python-modulet {udfs.__name__}.", t.styles.note)
    ws.write(1, 3, "Python-fortolkeren sættes i brugerens xlwings.conf af `trappen addin install`. "
                   "Tilføj ikke tomme nøgler i kolonne A: en tom værdi her tilsidesætter brugerens fil.",
             t.styles.note)
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})
    ws.hide()  # technical: never shown to the officer, never printed (xlwings reads hidden sheets too)
