"""How amounts are shown in the committee's one unit, mio. kr. with one decimal, whatever unit they are kept in.

The values stay in the unit they are typed or computed in (kr. on Anbringelser, 1.000 kr. on Regnskab, as the
documents print them); the number format divides for the display: each "," after the digits divides by 1.000
(Excel and LibreOffice alike). So a formula reading the cell gets the document's number, and the page shows mio. kr.
"""

from __future__ import annotations

from ..workbook import Template, number_format

#: kr. shown in mio. kr. with one decimal (two for small amounts).
KR_AS_MILLIONS = "#,##0.0,,"
KR_AS_MILLIONS_2 = "#,##0.00,,"
#: 1.000 kr. shown in mio. kr. with one decimal.
THOUSANDS_AS_MILLIONS = "#,##0.0,"


def amount_format(t: Template, code: str, *, bold: bool = False, typed: bool = False):
    """A cell format with ``code``: a computed (locked) cell, or a yellow input cell (``typed``), as the
    workbook's own styles."""
    cell = {"font_name": "Calibri", "font_size": 11, "border": 1, "num_format": number_format(code), "bold": bold}
    if typed:
        cell.update(bg_color="#FFF2CC", font_color="#1F3864", border_color="#BFBFBF", locked=False)
    else:
        cell.update(border_color="#D9D9D9", locked=True)
    return t.book.add_format(cell)
