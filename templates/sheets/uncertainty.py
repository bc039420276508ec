"""The sheet "Usikkerhed": switching values, a tornado and Monte Carlo on the Scenarier case.

It applies Aabenraa's rule that an investment must balance over four years (AAB Tabel 1,
``shared/SHEETS.md`` item 20) to the case on Scenarier: the smallest share of the requirement that
must be achieved and the largest extra price growth it bears (BREAKEVENFALL, BREAKEVENGROWTH), each
assumption's low/high effect (TORNADO) and percentiles of the net result (MONTECARLO).
"""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from ..workbook import Template, ref, rng

NAME = "Usikkerhed"


def write(t: Template) -> None:
    """Usikkerhed: switching values, tornado and Monte Carlo on the Scenarier case."""
    from trappen.udfs.uncertainty import ASSUMPTIONS, TORNADO_COLUMNS

    ex, s = t.example, t.styles
    ws = t.sheet(NAME, {"A:A": 50, "B:F": 12, "G:G": 3, "H:H": 30})
    years, last = ex.years, len(ex.years)
    ws.write(0, 0, f"Usikkerhed – {ex.municipality}", s.title)
    ws.write(1, 0, "Casen fra Scenarier. Aabenraas regel: investeringen skal balancere over fire år; "
                   "Ballerups case balancerer først i år 5, så horisonten står til 5.", s.note)
    ws.write_row(3, 0, ["Forudsætning", "Lav", "Høj"], s.header)
    for i, assumption in enumerate(ASSUMPTIONS):
        ws.write(4 + i, 0, assumption.label, s.label)
        ws.write_number(4 + i, 1, ex.uncertainty_low[i], s.input_share)
        ws.write_number(4 + i, 2, ex.uncertainty_high[i], s.input_share)
    n = len(ASSUMPTIONS)
    low, high = rng(None, 4, 1, 3 + n, 1), rng(None, 4, 2, 3 + n, 2)
    r = 5 + n
    ws.write(r, 0, "Horisont for tilbagebetaling (år)", s.label)
    ws.write_number(r, 1, ex.horizon, s.input_int)
    horizon = xl_rowcol_to_cell(r, 1, True, True)
    needs = t.where["needs"]
    case = f"1,0,{t.case_phase},Fuldt_krav,{t.where['investment']}"

    ws.write(r + 2, 0, "Skifteværdier", s.subtitle)
    ws.write(r + 3, 0, "Mindste realiserede andel af kravet (skifteværdi)", s.label)
    ws.write_formula(r + 3, 1, f"=BREAKEVENFALL({case},1,{horizon},Merprisvaekst,0,0,Doedvaegt,"
                               f"Optimismetillaeg,{needs})", s.share)
    ws.write(r + 4, 0, "Største prisudvikling ud over budgettet (skifteværdi)", s.label)
    ws.write_formula(r + 4, 1, f"=BREAKEVENGROWTH({case},{horizon},0,0,Doedvaegt,Optimismetillaeg,{needs})",
                     s.share)
    t.where["breakeven_fall"] = ref(NAME, r + 3, 1)
    t.where["breakeven_growth"] = ref(NAME, r + 4, 1)

    top = r + 6
    ws.write(top, 0, "Tornado: akkumuleret nettoresultat ved horisonten (mio. kr.)", s.subtitle)
    ws.write(top + 1, 0, "Forudsætning", s.header)
    ws.write_row(top + 1, 1, TORNADO_COLUMNS, s.header)
    ws.set_row(top + 1, 30)
    for i, assumption in enumerate(ASSUMPTIONS):
        ws.write(top + 2 + i, 0, assumption.label, s.label)
    t.spill(ws, top + 2, 1, top + 1 + n, 3,
            f"=TORNADO({case},{low},{high},Merprisvaekst,0,0,Doedvaegt,Optimismetillaeg,"
            f"Diskonteringsrente,{needs},{horizon})", s.num1)
    t.where["tornado"] = rng(NAME, top + 2, 1, top + 1 + n, 3)
    chart = t.book.add_chart({"type": "bar"})
    for j, colour in ((1, "#4472C4"), (2, "#C00000")):
        chart.add_series({"name": TORNADO_COLUMNS[j - 1], "categories": rng(NAME, top + 2, 0, top + 1 + n, 0),
                          "values": rng(NAME, top + 2, j, top + 1 + n, j), "fill": {"color": colour}})
    chart.set_title({"name": "Tornado (mio. kr.)"})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 560, "height": 300})
    ws.insert_chart(3, 7, chart)

    top = top + 3 + n
    ws.write(top, 0, f"Monte Carlo: {ex.montecarlo_n:,} scenarier (mio. kr.)".replace(",", "."), s.subtitle)
    t.years_header(ws, top + 1, 1, years, "Percentil / andel")
    labels = ["10 %-percentil af nettoresultatet", "Median (50 %)", "90 %-percentil",
              "Andel af scenarierne, der har tjent sig hjem"]
    for i, label in enumerate(labels):
        ws.write(top + 2 + i, 0, label, s.label)
    t.spill(ws, top + 2, 1, top + 5, last,
            f"=MONTECARLO({case},{low},{high},0,0,{needs},{ex.montecarlo_n},{ex.montecarlo_seed})", s.num2)
    t.reformat(ws, top + 5, 1, top + 5, last, "0%")  # the share paid back
    t.where["montecarlo"] = rng(NAME, top + 2, 1, top + 5, last)
    chart = t.book.add_chart({"type": "line"})
    for i, colour in enumerate(("#9DC3E6", "#1F3864", "#9DC3E6")):
        chart.add_series({"name": labels[i], "categories": t.case_years,
                          "values": rng(NAME, top + 2 + i, 1, top + 2 + i, last),
                          "line": {"color": colour, "width": 2.25 if i == 1 else 1.5}})
    chart.set_title({"name": "Nettoresultat: 10 %, 50 % og 90 % (mio. kr.)"})
    chart.set_x_axis({"label_position": "low"})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 560, "height": 300})
    ws.insert_chart(20, 7, chart)
