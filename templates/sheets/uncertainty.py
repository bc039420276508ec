"""The sheet "Usikkerhed": switching values, a tornado and Monte Carlo on the Scenarier case.

It applies Aabenraa's rule that an investment must balance over four years (AAB, ``shared/SHEETS.md``
item 20) to the case on Scenarier, with the case's own assumptions as the likely values: the smallest fall of
one placement type and the price growth at which the case turns (BREAKEVENFALL, BREAKEVENGROWTH), each
assumption's low/high effect sorted by swing and drawn from the base result (TORNADO), and percentiles of
the net result, the cumulative net and the present value with the share of scenarios that have paid back
(MONTECARLO, triangular low / likely / high), with a note in Danish on how to read that share.
"""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from ..workbook import Template, ref, rng, row_cells

NAME = "Usikkerhed"

#: The case's own value of each assumption (udfs.uncertainty.ASSUMPTIONS): Scenarier's names, or the neutral.
LIKELY = ("=Merprisvaekst", "=1", "=Doedvaegt", "=Optimismetillaeg", "=Optimismefradrag", "=0")

#: How to read the Monte Carlo's last row, in Danish.
PAID_BACK = (
    "\"Andel, der har tjent sig hjem\" er den andel af simuleringerne, hvor det akkumulerede "
    "nettoresultat er nået ned på 0 eller derunder senest ved årets udgang. Hver simulering trækker "
    "forudsætningerne mellem lav og høj med casens egen værdi som den mest sandsynlige (trekantfordeling).",
    "Basiscasen (Scenarier) regner med den mest sandsynlige værdi af hver forudsætning, og spændene går til begge "
    "sider, så medianen ligger tæt på basiscasen. Tjener basiscasen sig hjem lige netop i et år, gør omkring "
    "halvdelen af simuleringerne det samme år. Optimismetillæg og -fradrag holdes på evidensgradens værdi: "
    "overskridelsen og den opnåede andel af planen varierer de samme risici, som ellers ville tælle to gange.",
)


def write(t: Template) -> None:
    """Usikkerhed: the ranges, switching values, tornado and Monte Carlo on the Scenarier case."""
    from trappen.udfs.uncertainty import ASSUMPTIONS, MONTECARLO_MEASURES

    ex, s = t.example, t.styles
    computed, _, _ = t.money
    ws = t.sheet(NAME, {"A:A": 46, "B:C": 10, "D:D": 10, "E:E": 21, "F:I": 12})
    ws.write(0, 0, f"Usikkerhed – {ex.municipality}", s.title)
    t.paragraph(ws, 1, "Casen fra Scenarier med dens egne forudsætninger og prisvisning; lav og høj omkring casens "
                       "egne værdier. Horisonten er det år, casen skal have tjent sig hjem senest (Aabenraas regel: "
                       "fire år). Beløb i {unit}", 5, lines=2)
    ws.write_row(3, 0, ["Forudsætning", "Lav", "Casens værdi", "Høj", "Kort navn"], s.header)
    ws.merge_range(3, 5, 3, 8, "Kilde til spændet", s.header)
    ws.set_row(3, 30)  # "Casens værdi" takes two lines
    n = len(ASSUMPTIONS)
    for i, assumption in enumerate(ASSUMPTIONS):
        ws.write(4 + i, 0, assumption.label, s.label)
        ws.write_number(4 + i, 1, ex.uncertainty_low[i], s.input_share)
        ws.write_formula(4 + i, 2, LIKELY[i], s.share)
        ws.write_number(4 + i, 3, ex.uncertainty_high[i], s.input_share)
        ws.write(4 + i, 4, assumption.short, s.note)
        ws.merge_range(4 + i, 5, 4 + i, 8, ex.uncertainty_sources[i], s.paragraph)
        ws.set_row(4 + i, 30)
    low, high = rng(None, 4, 1, 3 + n, 1), rng(None, 4, 3, 3 + n, 3)
    shorts = rng(None, 4, 4, 3 + n, 4)
    r = 5 + n
    ws.write(r, 0, "Horisont for tilbagebetaling (år)", s.label)
    ws.write_number(r, 1, ex.horizon, s.input_int)
    ws.write(r, 2, ex.horizon_note, s.note)
    horizon = xl_rowcol_to_cell(r, 1, True, True)
    t.where["horizon"] = ref(NAME, r, 1)
    case = t.case_args
    options = "Merprisvaekst,Andel_hjemmebaseret,Andel_forebyggende,Doedvaegt,Optimismetillaeg"
    other = t.case_other
    tail = f"Optimismefradrag,Prisvisning,Prisforskydning,{t.case_prior}"

    ws.write(r + 2, 0, "Skifteværdier (inden for horisonten)", s.subtitle)
    ws.write(r + 3, 0, "Anbringelsestype (vælg i listen)", s.label)
    ws.merge_range(r + 3, 1, r + 3, 3, ex.placement_types[ex.breakeven_type - 1], s.input_text)
    ws.data_validation(r + 3, 1, r + 3, 1, {"validate": "list", "source": f"={t.where['type_labels']}",
                                            "error_message": "Vælg en anbringelsestype fra Anbringelser"})
    hidden = t.book.add_format({"num_format": ";;;", "locked": True})
    type_number = xl_rowcol_to_cell(r + 3, 8)
    ws.write_formula(r + 3, 8, f"=MATCH({xl_rowcol_to_cell(r + 3, 1)},{t.where['type_labels']},0)+0", hidden)
    ws.write(r + 4, 0, "Mindste fald fra basis i den type, der får casen hjem", s.label)
    # dynamic-array formulas: the case passes ranges divided by a million, which a legacy formula would
    # intersect with its own row (#VALUE!); as array formulas Excel 365 and the engine take the whole ranges
    t.spill(ws, r + 4, 1, r + 4, 1, f"=BREAKEVENFALL({case},{type_number},{horizon},{options},"
                                    f"{other},{tail})", s.num1)
    ws.write(r + 4, 2, "anbringelser (står der en fejl, er heller ikke et fald til 0 nok)", s.note)
    ws.write(r + 5, 0, "Skifteværdi for prisvæksten ud over P/L", s.label)
    t.spill(ws, r + 5, 1, r + 5, 1, f"=BREAKEVENGROWTH({case},{horizon},Andel_hjemmebaseret,Andel_forebyggende,"
                                    f"Doedvaegt,Optimismetillaeg,{other},{tail})", s.share)
    ws.write(r + 5, 2, "Samme priser: laveste vækst, der holder; budgetpres: højeste", s.note)
    t.where["breakeven_fall"] = ref(NAME, r + 4, 1)
    t.where["breakeven_growth"] = ref(NAME, r + 5, 1)

    top = r + 7
    t.new_page(ws, top)
    _tornado(t, ws, top, low, high, shorts, horizon,
             f"{case},{low},{high},{options},Diskonteringsrente,{other},{horizon},FALSE,{tail}", n)
    top = top + 4 + n + 19  # the table, then its chart
    t.new_page(ws, top)
    levels = rng(None, top + 2, 7, top + 4, 7)  # the three percentiles, beside the labels
    _montecarlo(t, ws, top, f"=MONTECARLO({case},{low},{high},{options},Diskonteringsrente,{other},"
                                f"{ex.montecarlo_n},{ex.montecarlo_seed},{levels},TRUE,{tail})", MONTECARLO_MEASURES,
                computed)


def _tornado(t: Template, ws, top: int, low: str, high: str, shorts: str, horizon: str, arguments: str,
             n: int) -> None:
    """TORNADO sorted by swing: labels and values by the assumption's number, bars from the base result."""
    from trappen.udfs.uncertainty import TORNADO_COLUMNS

    s = t.styles
    computed = t.money[0]
    t.write_text(ws, top, 0, "Tornado: akkumuleret nettoresultat ved horisonten ({unit}), største udsving først",
                 s.subtitle)
    at_horizon = f"INDEX({t.case_years},{horizon})"
    ws.write_formula(top + 1, 0, f'="Basiscasen (Scenarier) ved horisonten, "&{at_horizon}', s.label)
    ws.write_formula(top + 1, 1, f"=INDEX({t.where['scenario_cumulative']},{horizon})", computed)
    head = top + 2
    ws.write_row(head, 0, ["Forudsætning", "Lav", "Høj", "", *TORNADO_COLUMNS[1:]], s.header)
    ws.set_row(head, 30)
    first = head + 1
    # TORNADO's six columns spill from column D: nr., at low, at high, low − base, high − base, swing; the
    # label and the low and high values beside them are looked up by the nr.
    spill_col = 3
    for i in range(n):
        number = xl_rowcol_to_cell(first + i, spill_col)
        ws.write_formula(first + i, 0, f"=INDEX({shorts},{number})", s.label)
        ws.write_formula(first + i, 1, f"=INDEX({low},{number})", s.share)
        ws.write_formula(first + i, 2, f"=INDEX({high},{number})", s.share)
    t.spill(ws, first, spill_col, first + n - 1, spill_col + 5, f"=TORNADO({arguments})", computed)
    t.reformat(ws, first, spill_col, first + n - 1, spill_col, ";;;")  # the row number: looked up, not shown
    t.where["tornado"] = rng(NAME, first, spill_col, first + n - 1, spill_col + 5)
    t.where["tornado_base"] = ref(NAME, top + 1, 1)
    t.where["tornado_labels"] = rng(NAME, first, 0, first + n - 1, 0)
    chart = t.book.add_chart({"type": "bar"})
    for col, name, colour in ((spill_col + 3, "Lav værdi", "#4472C4"), (spill_col + 4, "Høj værdi", "#C00000")):
        chart.add_series({"name": t.series_name(name), "categories": rng(NAME, first, 0, first + n - 1, 0),
                          "values": t.chart_values(rng(NAME, first, col, first + n - 1, col)),
                          "fill": {"color": colour},
                          "overlap": 100, "gap": 60})
    chart.set_title({"name": "Tornado: afvigelse fra basiscasen (positiv = merudgift)"})
    # Bar charts swap the axes: y is the categories (the largest swing on top, labels at the left edge, the
    # values' axis kept at the bottom), x the values (0 = the base case).
    chart.set_y_axis({"reverse": True, "label_position": "low", "crossing": "max", "num_font": {"size": 9}})
    chart.set_x_axis({"num_format": t.money_format,
                      "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 720, "height": 340})
    ws.insert_chart(first + n + 1, 0, chart)


def _montecarlo(t: Template, ws, top: int, formula: str, measures, computed) -> None:
    """MONTECARLO: percentiles of the net, cumulative and present value, the share paid back, and how to read it."""
    ex, s = t.example, t.styles
    years, last = ex.years, len(ex.years)
    t.write_text(ws, top, 0, f"Monte Carlo: {ex.montecarlo_n:,} simuleringer".replace(",", ".") + " ({unit})",
                 s.subtitle)
    t.years_header(ws, top + 1, 1, years, "Percentil / andel")
    labels = [f"{measure}: {level}" for measure in measures for level in ("10 %", "median", "90 %")]
    labels.append("Andel, der har tjent sig hjem")
    for i, label in enumerate(labels):
        ws.write(top + 2 + i, 0, label, s.bold_label if "median" in label or i == len(labels) - 1 else s.label)
    ws.write(top + 1, 7, "Percentiler", s.header)
    for i, level in enumerate((0.1, 0.5, 0.9)):
        ws.write_number(top + 2 + i, 7, level, s.share)
    end = top + 1 + len(labels)
    t.spill(ws, top + 2, 1, end, last, formula, computed)
    t.reformat(ws, end, 1, end, last, "0 %")  # the share paid back
    t.where["montecarlo"] = rng(NAME, top + 2, 1, end, last)
    t.where["montecarlo_levels"] = rng(NAME, top + 2, 7, top + 4, 7)
    ws.write(end + 1, 0, "Basiscasen (Scenarier): akkumuleret nettoresultat", s.label)
    for j, cell in enumerate(row_cells(t.where["scenario_cumulative"])):
        ws.write_formula(end + 1, 1 + j, f"={cell}", computed)
    for k, text in enumerate(PAID_BACK):
        t.paragraph(ws, end + 3 + k, text, 5, lines=3)
    chart = t.book.add_chart({"type": "line"})
    # 10 % and 90 % each in a colour of its own, the same as on Sammendrag; the median darker
    for i, colour in ((3, "#70AD47"), (4, "#1F3864"), (5, "#ED7D31")):
        chart.add_series({"name": t.series_name(labels[i]), "categories": t.case_years,
                          "values": t.chart_values(rng(NAME, top + 2 + i, 1, top + 2 + i, last)),
                          "line": {"color": colour, "width": 2.25 if i == 4 else 1.5}})
    chart.add_series({"name": t.series_name("Basiscasen"), "categories": t.case_years,
                      "values": t.chart_values(rng(NAME, end + 1, 1, end + 1, last)),
                      "line": {"color": "#C00000", "width": 1.5, "dash_type": "dash"}})
    chart.set_title({"name": "Akkumuleret nettoresultat (op = merudgift)"})
    chart.set_x_axis({"label_position": "low"})
    chart.set_y_axis({"num_format": t.money_format,
                      "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 720, "height": 340})
    ws.insert_chart(end + 3 + len(PAID_BACK) + 1, 0, chart)
