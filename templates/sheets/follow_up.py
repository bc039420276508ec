"""The sheet "Opfølgning": the planned saving against what the accounts show (FOLLOWUP).

The base (the 2016 accounts) and the actual spending (the 2017 accounts) are read from the Regnskab
sheet (``t.accounts_cells``), so the officer types the plan only. Layout after BAL-R's columns
(``shared/SHEETS.md`` item 8).
"""

from __future__ import annotations

from ..workbook import Template, rng, row_cells

NAME = "Opfølgning"


def write(t: Template) -> None:
    """Write Opfølgning from the plan in the example and the Regnskab cells."""
    from trappen.udfs.accounts import ROW_LABELS

    ex, s = t.example, t.styles
    ws = t.sheet(NAME, {"A:A": 40, "B:D": 14, "E:G": 16, "H:H": 3})
    ws.write(0, 0, f"Opfølgning: plan mod regnskab – {ex.municipality}", s.title)
    ws.write(1, 0, "Realiseret besparelse = basis (regnskab året før) − faktisk forbrug. 1.000 kr.", s.note)
    ws.write_row(3, 0, ["Område (1.000 kr.)", "Planlagt besparelse", "Basis: regnskab 2016", "Regnskab 2017",
                        *ROW_LABELS], s.header)
    ws.set_row(3, 45)
    for i, (label, planned, track) in enumerate(ex.follow_up):
        row = 4 + i
        ws.write(row, 0, label, s.label)
        if planned is None:  # the plan is BDO's requirement for the accounts' year (Investeringscase, mio. kr.)
            k = list(ex.bdo_years).index(ex.accounts_year)
            ws.write_formula(row, 1, f"=-{row_cells(t.where['bdo_requirement'])[k]}*1000", s.int)
        else:
            ws.write_number(row, 1, planned, s.input_int)
        ws.write_formula(row, 2, f"={t.accounts_cells['2016'][track]}", s.int)
        ws.write_formula(row, 3, f"={t.accounts_cells['2017'][track]}", s.int)
        t.spill(ws, row, 4, row, 6, f"=FOLLOWUP(B{row + 1},D{row + 1},C{row + 1})", s.int)
        t.reformat(ws, row, 6, row, 6, "0.0 %")  # the share of the plan achieved
    rows = len(ex.follow_up)
    t.where["follow_up"] = rng(NAME, 4, 4, 3 + rows, 6)
    ws.write(5 + rows, 0, "Planlagt besparelse 2017: BDO's besparelseskrav (1,5 mio. kr.) på anbringelser, fra "
                          "Investeringscase.", s.note)
    chart = t.book.add_chart({"type": "column"})
    chart.add_series({"name": "Planlagt", "categories": rng(NAME, 4, 0, 3 + rows, 0),
                      "values": rng(NAME, 4, 1, 3 + rows, 1), "fill": {"color": "#9DC3E6"}})
    chart.add_series({"name": "Realiseret", "categories": rng(NAME, 4, 0, 3 + rows, 0),
                      "values": rng(NAME, 4, 4, 3 + rows, 4), "fill": {"color": "#1F3864"}})
    chart.set_title({"name": "Planlagt og realiseret besparelse (1.000 kr.)", "name_font": {"size": 12}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 520, "height": 280})
    ws.insert_chart(8 + rows, 0, chart)
