"""How amounts are shown in the workbook's one unit, mio. kr. with one decimal or 1.000 kr., whatever unit they
are kept in.

The values stay in the unit they are typed or computed in (kr. on Anbringelser and in the case, 1.000 kr. on
Regnskab, as the accounts print them); the number format divides for the display: each "," after the digits
divides by 1.000 (Excel and LibreOffice alike). The officer chooses the unit on Forudsætninger; where it is
1.000 kr., a conditional format gives every amount cell the format of that unit (:meth:`Template.in_units`). So a
formula reading the cell gets the same number in either unit, and the page shows the chosen one.
"""

from __future__ import annotations

from ..workbook import Template, number_format

#: kr. shown in mio. kr. with one decimal (two for small amounts).
KR_AS_MILLIONS = "#,##0.0,,"
KR_AS_MILLIONS_2 = "#,##0.00,,"
#: 1.000 kr. shown in mio. kr. with one decimal.
THOUSANDS_AS_MILLIONS = "#,##0.0,"
#: Each of the formats above when the workbook shows 1.000 kr.: whole thousands.
IN_THOUSANDS = {KR_AS_MILLIONS: "#,##0,", KR_AS_MILLIONS_2: "#,##0,", THOUSANDS_AS_MILLIONS: "#,##0"}


def amount_format(t: Template, code: str, *, bold: bool = False, typed: bool = False):
    """A cell format with ``code`` (one of the formats above) in the workbook's unit: a computed (locked) cell, or
    a yellow input cell (``typed``), as the workbook's own styles."""
    cell = {"font_name": "Calibri", "font_size": 11, "border": 1, "num_format": number_format(code), "bold": bold}
    if typed:
        cell.update(bg_color="#FFF2CC", font_color="#1F3864", border_color="#BFBFBF", locked=False)
    else:
        cell.update(border_color="#D9D9D9", locked=True)
    return t.in_units(t.book.add_format(cell), IN_THOUSANDS[code])
