"""The sheet "Scenarier": the whole investment case as one table, and who pays for the placements.

It restates the Ballerup note's (BAL-N) case with INVESTMENTCASE: the savings requirement as one
"type" phased in like the requirement, with deadweight, optimism bias and extra price growth as inputs,
as the scenario sheets of Roskilde (ROS) do (``shared/SHEETS.md`` items 1 and 11). "Hvem betaler?"
splits the placement scenario between municipality and state refunds (PAYERSPLIT). Usikkerhed reads
its phasing and year rows (``t.case_phase``, ``t.case_years``).
"""

from __future__ import annotations

from ..workbook import Template, ref, rng, row_cells

NAME = "Scenarier"


def write(t: Template) -> None:
    """Scenarier: the whole case as one INVESTMENTCASE table, and who pays (PAYERSPLIT)."""
    from trappen.udfs.scenario import ROW_LABELS

    ex, s = t.example, t.styles
    ws = t.sheet(NAME, {"A:A": 52, "B:F": 12, "G:G": 3, "H:H": 30, "I:I": 12})
    years, last = ex.years, len(ex.years)
    ws.write(0, 0, f"Scenarier – hele investeringscasen – {ex.municipality}", s.title)
    ws.write(1, 0, "Ballerups case regnet med INVESTMENTCASE: besparelseskravet som én \"type\" (nu 1, mål 0) "
                   "til det fulde krav, indfaset som kravet; investering og finansieringsbehov fra "
                   "Investeringscase. Mio. kr.", s.note)
    ws.write_row(3, 0, ["Forudsætning", "Værdi"], s.header)
    ws.write(4, 0, "Fuldt besparelseskrav (mio. kr.)", s.label)
    ws.write_number(4, 1, ex.full_requirement, s.input_num)
    ws.write(5, 0, "Dødvægt: andel af ændringen, der var sket alligevel", s.label)
    ws.write_number(5, 1, 0, s.input_share)
    ws.write(6, 0, "Optimismetillæg på investering og øvrige udgifter", s.label)
    ws.write_number(6, 1, 0, s.input_share)
    ws.write(7, 0, "Prisudvikling ud over budgettets prisniveau", s.label)
    ws.write_number(7, 1, 0, s.input_share)
    for row, cell_name in ((4, "Fuldt_krav"), (5, "Doedvaegt"), (6, "Optimismetillaeg"), (7, "Merprisvaekst")):
        t.book.define_name(cell_name, f"={ref(NAME, row, 1)}")

    top = 9
    t.years_header(ws, top, 1, years, "Mio. kr.")
    ws.write(top + 1, 0, "Indfasning (andel af det fulde krav)", s.label)
    for j, cell in enumerate(row_cells(t.where["requirement"])):
        ws.write_formula(top + 1, 1 + j, f"=-{cell}/Fuldt_krav", s.share)
    phase = rng(None, top + 1, 1, top + 1, last)
    year_row = rng(None, top, 1, top, last)
    first = top + 2
    for i, label in enumerate(ROW_LABELS):
        ws.write(first + i, 0, label, s.bold_label if i in (5, 8) else s.label)
    t.spill(ws, first, 1, first + len(ROW_LABELS) - 1, last,
            f"=INVESTMENTCASE(1,0,{phase},Fuldt_krav,{t.where['investment']},Merprisvaekst,0,0,"
            f"Doedvaegt,Optimismetillaeg,Diskonteringsrente,{t.where['needs']},{year_row})", s.num1)
    t.reformat(ws, first + 8, 1, first + 8, 1, "0")  # the payback year
    t.where["scenario_table"] = rng(NAME, first, 1, first + len(ROW_LABELS) - 1, last)
    t.where["scenario_net"] = rng(NAME, first + 5, 1, first + 5, last)
    t.where["scenario_cumulative"] = rng(NAME, first + 6, 1, first + 6, last)
    t.where["scenario_payback"] = ref(NAME, first + 8, 1)
    t.case_phase = rng(NAME, top + 1, 1, top + 1, last)
    t.case_years = rng(NAME, top, 1, top, last)

    chart = t.book.add_chart({"type": "column", "subtype": "stacked"})
    colours = {1: "#A9D18E", 2: "#F4B183", 3: "#4472C4", 4: "#FFD966"}
    for i, colour in colours.items():
        chart.add_series({"name": ROW_LABELS[i], "categories": t.case_years,
                          "values": rng(NAME, first + i, 1, first + i, last), "fill": {"color": colour}})
    line = t.book.add_chart({"type": "line"})
    line.add_series({"name": ROW_LABELS[5], "categories": t.case_years, "values": t.where["scenario_net"],
                     "line": {"color": "#C00000", "width": 2.25}, "marker": {"type": "circle", "size": 6}})
    chart.combine(line)
    chart.set_title({"name": "Casens dele og nettoresultat (mio. kr.)"})
    chart.set_x_axis({"label_position": "low"})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 620, "height": 340})
    ws.insert_chart(3, 7, chart)

    # Hvem betaler: the scenario's change in placements split between municipality and state
    top = first + len(ROW_LABELS) + 2
    ws.write(top, 0, "Hvem betaler? Anbringelsesscenariet mod januar 2018 (kr.)", s.subtitle)
    ws.write(top + 1, 0, "Refusion for særligt dyre enkeltsager: sats af udgiften pr. sag over tærsklen. "
                         "Tærsklerne er eksempler — brug årets gældende beløb.", s.note)
    ws.write_row(top + 2, 0, ["Refusionstrin", "Trin 1", "Trin 2"], s.header)
    ws.write(top + 3, 0, "Tærskel (kr. pr. sag pr. år)", s.label)
    t.input_row(ws, top + 3, 1, ex.refund_thresholds, s.input_int)
    ws.write(top + 4, 0, "Refusionssats", s.label)
    t.input_row(ws, top + 4, 1, ex.refund_rates, s.input_share)
    k = len(ex.refund_thresholds)
    t.years_header(ws, top + 6, 1, years, "Kr.")
    ws.write(top + 7, 0, "Kommunen", s.bold_label)
    ws.write(top + 8, 0, "Staten (refusion)", s.label)
    base = t.where["snapshot_base"]  # the snapshot the scenario is measured against (Jan 2018)
    t.spill(ws, top + 7, 1, top + 8, last,
            f"=PAYERSPLIT({base},{t.where['scenario']},{t.where['prices_price_year']},"
            f"{rng(None, top + 3, 1, top + 3, k)},{rng(None, top + 4, 1, top + 4, k)})", s.int)
    t.where["payers"] = rng(NAME, top + 7, 1, top + 8, last)
