"""The sheet "Investeringscase": the financing need, the net saving and its payback year.

It imitates the Ballerup note's (BAL-N) "Finansieringsbehov" and "Nettobesparelse" tables and BDO's
original "Investeringscase" (May 2016) (``shared/SHEETS.md`` items 1–2). The net saving is NETSAVING of
the requirement, the needs and the investment; CUMULATIVE, PAYBACKYEAR and PRESENTVALUE follow it.
"""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from ..workbook import Template, ref, rng

NAME = "Investeringscase"


def write(t: Template) -> None:
    """Write Investeringscase: Finansieringsbehov, Nettobesparelse with payback, BDO's case and a chart."""
    ex, s = t.example, t.styles
    ws = t.sheet(NAME, {"A:A": 62, "B:F": 11, "G:G": 4, "H:H": 30, "I:I": 12})
    years = ex.years
    last = len(years)
    ws.write(0, 0, f"Investeringscase – {ex.municipality}", s.title)
    ws.write(1, 0, "Nettobesparelse: opnået besparelse fratrukket investeringen og det samlede "
                   "finansieringsbehov. Positiv = merudgift, negativ = besparelse.", s.note)

    # Finansieringsbehov (inputs: the documents' unfolding of the need)
    top = 3
    t.heading(ws, top, "Finansieringsbehov", "mio. kr.")
    t.years_header(ws, top + 1, 1, years, "Mio. kr.")
    need_rows = [("Finansieringsbehov til anbringelser", ex.need_placements),
                 ("Finansieringsbehov til forebyggelse og hjemmebaserede indsatser", ex.need_prevention),
                 ("Øget tilgang", ex.need_inflow)]
    for i, (label, values) in enumerate(need_rows):
        ws.write(top + 2 + i, 0, label, s.label)
        t.input_row(ws, top + 2 + i, 1, values, s.input_num)
    need_total = top + 5
    ws.write(need_total, 0, "Finansieringsbehov i alt", s.bold_label)
    t.column_sums(ws, need_total, 1, last, top + 2, top + 4, s.bold_num1)

    # Nettobesparelse
    top = need_total + 3
    t.heading(ws, top, "Nettobesparelse", "mio. kr.")
    t.years_header(ws, top + 1, 1, years, "Mio. kr.")
    year_row = rng(None, top + 1, 1, top + 1, last)
    r = top + 2
    ws.write(r, 0, "Besparelseskrav", s.label)
    t.input_row(ws, r, 1, ex.savings_requirement, s.input_num)
    requirement = rng(None, r, 1, r, last)
    ws.write(r + 1, 0, "Finansieringsbehov på anbringelsesområdet (stigende priser og reduceret fald i "
                       "antallet af anbringelser)", s.label)
    ws.set_row(r + 1, 30)
    first_need = need_total - 3  # the rows of the Finansieringsbehov table above
    for j in range(last):
        ws.write_formula(r + 1, 1 + j, f"={xl_rowcol_to_cell(first_need, 1 + j)}", s.num1)
    ws.write(r + 2, 0, "Yderligere finansieringsbehov (forebyggelse og hjemmebaserede indsatser; øget tilgang)",
             s.label)
    ws.set_row(r + 2, 30)
    t.column_sums(ws, r + 2, 1, last, first_need + 1, first_need + 2, s.num1)
    ws.write(r + 3, 0, "Investering (ekstra socialrådgivere)", s.label)
    for j in range(last):
        ws.write_formula(r + 3, 1 + j, "=ADVISERCOST(Ekstra_raadgivere,Udgift_pr_raadgiver)", s.num1)
    need1, need2, invest = (rng(None, r + k, 1, r + k, last) for k in (1, 2, 3))
    t.where["requirement"] = rng(NAME, r, 1, r, last)
    t.where["needs"] = rng(NAME, r + 1, 1, r + 2, last)
    t.where["investment"] = rng(NAME, r + 3, 1, r + 3, last)
    net_row = r + 4
    ws.write(net_row, 0, "Nettobesparelse", s.bold_label)
    t.spill(ws, net_row, 1, net_row, last, f"=NETSAVING({invest},-{requirement},{need1},{need2})",
            s.bold_num1)
    net = rng(None, net_row, 1, net_row, last)
    ws.write(net_row + 1, 0, "Akkumuleret nettoresultat", s.label)
    t.spill(ws, net_row + 1, 1, net_row + 1, last, f"=CUMULATIVE({net})", s.num1)
    ws.write(net_row + 3, 0, "Tilbagebetalingsår (akkumuleret ≤ 0)", s.bold_label)
    ws.write_formula(net_row + 3, 1, f"=PAYBACKYEAR({net},{year_row})", s.bold_year)
    ws.write(net_row + 4, 0, "Nutidsværdi af nettoresultatet (diskonteringsrente fra Forudsætninger)", s.label)
    ws.write_formula(net_row + 4, 1, f"=PRESENTVALUE({net},Diskonteringsrente)", s.num1)
    t.where["net"] = rng(NAME, net_row, 1, net_row, last)
    t.where["cumulative"] = rng(NAME, net_row + 1, 1, net_row + 1, last)
    t.where["years"] = rng(NAME, top + 1, 1, top + 1, last)
    t.where["payback"] = ref(NAME, net_row + 3, 1)
    t.where["present_value"] = ref(NAME, net_row + 4, 1)

    # BDO's original case
    top = net_row + 7
    t.heading(ws, top, "BDO's investeringscase (maj 2016)", "mio. kr.")
    t.years_header(ws, top + 1, 1, ex.bdo_years, "Mio. kr.")
    ws.write(top + 2, 0, "Besparelseskrav", s.label)
    t.input_row(ws, top + 2, 1, ex.bdo_requirement, s.input_num)
    ws.write(top + 3, 0, "Investering (12 socialrådgivere)", s.label)
    t.input_row(ws, top + 3, 1, ex.bdo_investment, s.input_num)
    ws.write(top + 4, 0, "Nettobesparelse", s.bold_label)
    t.spill(ws, top + 4, 1, top + 4, last,
            f"=NETSAVING({rng(None, top + 3, 1, top + 3, last)},-{rng(None, top + 2, 1, top + 2, last)})",
            s.bold_num1)
    ws.write(top + 5, 0, "Tilbagebetalingsår", s.label)
    ws.write_formula(top + 5, 1, f"=PAYBACKYEAR({rng(None, top + 4, 1, top + 4, last)},"
                                 f"{rng(None, top + 1, 1, top + 1, last)})", s.bold_year)
    ws.write(top + 6, 0, "BDO trykker 3,0 og 1,5 for 2017–2018; rækkerne giver 4,0 og 2,5.", s.note)
    t.where["bdo_net"] = rng(NAME, top + 4, 1, top + 4, last)

    chart = t.book.add_chart({"type": "column"})
    chart.add_series({"name": "Nettobesparelse", "categories": t.where["years"], "values": t.where["net"],
                      "fill": {"color": "#4472C4"}})
    line = t.book.add_chart({"type": "line"})
    line.add_series({"name": "Akkumuleret", "categories": t.where["years"],
                     "values": t.where["cumulative"], "line": {"color": "#C00000", "width": 2.25},
                     "marker": {"type": "circle", "size": 6}})
    chart.combine(line)
    chart.set_title({"name": "Nettoresultat pr. år (mio. kr.)"})
    chart.set_legend({"position": "bottom"})
    chart.set_x_axis({"label_position": "low"})
    chart.set_y_axis({"num_format": "0.0", "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_size({"width": 560, "height": 300})
    ws.insert_chart(3, 7, chart)

