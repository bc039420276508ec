"""The sheet "Investeringscase": the financing need, the net saving and its payback year.

It imitates the Ballerup note's (BAL-N) "Finansieringsbehov" and "Nettobesparelse" tables and BDO's
original "Investeringscase" (May 2016) (``shared/SHEETS.md`` items 1–2). The net saving is NETSAVING of
the requirement, the needs and the investment; CUMULATIVE, PAYBACKYEAR and PRESENTVALUE follow it. What the
note derives is a formula here: the need for prevention and home-based help is the spill-over of the
scenario's fall in fixed prices (Anbringelser), the requirement is BDO's, the investment is Sagstal's.
What stays typed, and why, is written on the sheet (:data:`TYPED_AND_DERIVED`; ``shared/SHEETS.md`` §23).
"""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from ..workbook import Template, column_ranges, ref, rng, row_cells

NAME = "Investeringscase"

#: The sheet's source note: each figure that stays typed and why, and where the others come from.
TYPED_AND_DERIVED = (
    "Indtastet: Finansieringsbehov til anbringelser (−0,2 / 3,4 / 4,7 / 3,9 / 3,5 mio. kr.). Notatet oplyser ikke den "
    "prisfremskrivning og det budget, tallene er regnet mod, så de kan ikke udledes af anbringelser og priser.",
    "Indtastet: Øget tilgang (2,3 mio. kr. om året fra 2019). Notatet oplyser hverken antallet af nye sager eller "
    "udgiften pr. sag. Indtastet: BDO's besparelseskrav; BDO's beregningsgrundlag er ikke gengivet.",
    "Beregnet: forebyggelse og hjemmebaserede indsatser = 20 % + 10 % af scenariets fald mod 2018 i faste "
    "2017-priser (Anbringelser; 1,3 og 1,8 mio. kr. som notatet); besparelseskravet = BDO's (fuldt fra 2020); "
    "investeringen = Sagstal (rådgivere × udgift pr. rådgiver). 2022 giver −1,9 mio. kr. mod trykt −1,8 (afrunding i "
    "notatet).",
    "Tallene her er notatets budgetopgørelse. Casen på Sammendrag regnes ud fra anbringelserne (Scenarier); "
    "Sammendrag viser trin for trin, hvordan man kommer fra denne tabel til casen.",
)


def write(t: Template) -> None:
    """Write Investeringscase: Finansieringsbehov, Nettobesparelse with payback, BDO's case, a chart, the sources."""
    ex, s = t.example, t.styles
    ws = t.sheet(NAME, {"A:A": 62, "B:F": 11, "G:G": 4, "H:H": 30, "I:I": 12})
    years = ex.years
    last = len(years)
    ws.write(0, 0, f"Investeringscase – {ex.municipality}", s.title)
    ws.write(1, 0, "Notatets egen budgetopgørelse; casen på Sammendrag regnes ud fra anbringelserne, og broen dér "
                   "viser forskellen. Nettobesparelse: opnået besparelse fratrukket investeringen og det samlede "
                   "finansieringsbehov. Positiv = merudgift, negativ = besparelse.", s.note)

    # Where each table goes: BDO's case (the requirement's source) sits below the note's own tables.
    need_top, net_top = 3, 11
    net_row = net_top + 6
    bdo_top = net_row + 7

    # Finansieringsbehov: the placements' need and the inflow are typed (not derivable), the prevention need
    # is the spill-over of the scenario's fall in fixed prices (Anbringelser)
    t.heading(ws, need_top, "Finansieringsbehov i notatets tabel", "{unit}")
    t.years_header(ws, need_top + 1, 1, years, "{Unit}")
    first_need = need_top + 2
    ws.write(first_need, 0, "Finansieringsbehov til anbringelser", s.label)
    t.input_row(ws, first_need, 1, ex.need_placements, s.input_mio1)
    ws.write(first_need + 1, 0, "Finansieringsbehov til forebyggelse og hjemmebaserede indsatser", s.label)
    for j, column in enumerate(column_ranges(t.where["spillover_fixed"])):  # + keeps SPILLOVER's errors errors
        added = "+".join(row_cells(column))
        ws.write_formula(first_need + 1, 1 + j, f"=({added})", s.mio1)
    ws.write(first_need + 2, 0, "Øget tilgang", s.label)
    t.input_row(ws, first_need + 2, 1, ex.need_inflow, s.input_mio1)
    need_total = first_need + 3
    ws.write(need_total, 0, "Finansieringsbehov i alt", s.bold_label)
    t.column_sums(ws, need_total, 1, last, first_need, first_need + 2, s.bold_mio1, plus=True)
    t.where["case_other"] = rng(NAME, first_need + 2, 1, first_need + 2, last)
    t.where["doc_other"] = rng(NAME, first_need + 1, 1, first_need + 2, last)  # the note's other needs
    t.where["need_prevention"] = rng(NAME, first_need + 1, 1, first_need + 1, last)

    # Nettobesparelse
    t.heading(ws, net_top, "Nettobesparelse i notatets tabel", "{unit}")
    t.years_header(ws, net_top + 1, 1, years, "{Unit}")
    year_row = rng(None, net_top + 1, 1, net_top + 1, last)
    r = net_top + 2
    ws.write(r, 0, "Besparelseskrav (BDO's, fuldt indfaset fra 2020)", s.label)
    bdo_requirement = bdo_top + 2
    for j, year in enumerate(years):
        k = ex.bdo_years.index(year) if year in ex.bdo_years else len(ex.bdo_years) - 1
        ws.write_formula(r, 1 + j, f"={xl_rowcol_to_cell(bdo_requirement, 1 + k)}", s.mio1)
    requirement = rng(None, r, 1, r, last)
    ws.write(r + 1, 0, "Finansieringsbehov på anbringelsesområdet (stigende priser og reduceret fald i "
                       "antallet af anbringelser)", s.label)
    ws.set_row(r + 1, 30)
    for j in range(last):
        ws.write_formula(r + 1, 1 + j, f"={xl_rowcol_to_cell(first_need, 1 + j)}", s.mio1)
    ws.write(r + 2, 0, "Yderligere finansieringsbehov (forebyggelse og hjemmebaserede indsatser; øget tilgang)",
             s.label)
    ws.set_row(r + 2, 30)
    t.column_sums(ws, r + 2, 1, last, first_need + 1, first_need + 2, s.mio1, plus=True)
    ws.write(r + 3, 0, "Investering (ekstra socialrådgivere, fra Sagstal)", s.label)
    for j, cell in enumerate(row_cells(t.where["investment"])):
        ws.write_formula(r + 3, 1 + j, f"={cell}", s.mio1)
    need1, need2, invest = (rng(None, r + k, 1, r + k, last) for k in (1, 2, 3))
    t.where["requirement"] = rng(NAME, r, 1, r, last)
    t.where["needs"] = rng(NAME, r + 1, 1, r + 2, last)
    ws.write(net_row, 0, "Nettobesparelse", s.bold_label)
    t.spill(ws, net_row, 1, net_row, last, f"=NETSAVING({invest},-{requirement},{need1},{need2})",
            s.bold_mio1)
    net = rng(None, net_row, 1, net_row, last)
    ws.write(net_row + 1, 0, "Akkumuleret nettoresultat", s.label)
    t.spill(ws, net_row + 1, 1, net_row + 1, last, f"=CUMULATIVE({net})", s.mio1)
    ws.write(net_row + 3, 0, "Tilbagebetalingsår i notatets tabel (akkumuleret ≤ 0)", s.bold_label)
    ws.write_formula(net_row + 3, 1, f"=PAYBACKYEAR({net},{year_row})", s.bold_year)
    ws.write(net_row + 4, 0, "Nutidsværdi af nettoresultatet (diskonteringsrente fra Forudsætninger)", s.label)
    ws.write_formula(net_row + 4, 1, f"=PRESENTVALUE({net},Diskonteringsrente)", s.mio1)
    # the headline beside the note's answer, so the page names both (the bridge on Sammendrag reconciles them)
    ws.write(net_row + 5, 0, "Casen på Sammendrag (regnet ud fra anbringelserne): tilbagebetaling", s.label)
    ws.write_formula(net_row + 5, 1, "=Sammendrag_Tilbagebetaling", s.bold_label)
    t.where["payback_headline_on_case"] = ref(NAME, net_row + 5, 1)
    t.where["net"] = rng(NAME, net_row, 1, net_row, last)
    t.where["cumulative"] = rng(NAME, net_row + 1, 1, net_row + 1, last)
    t.where["years"] = rng(NAME, net_top + 1, 1, net_top + 1, last)
    t.where["payback"] = ref(NAME, net_row + 3, 1)
    t.where["present_value"] = ref(NAME, net_row + 4, 1)

    # BDO's original case
    t.heading(ws, bdo_top, "BDO's investeringscase (maj 2016)", "{unit}")
    t.years_header(ws, bdo_top + 1, 1, ex.bdo_years, "{Unit}")
    ws.write(bdo_requirement, 0, "Besparelseskrav", s.label)
    t.input_row(ws, bdo_requirement, 1, ex.bdo_requirement, s.input_mio1)
    ws.write(bdo_top + 3, 0, "Investering (12 socialrådgivere)", s.label)
    # one ADVISERCOST for the constant yearly investment; the other years repeat its cell
    ws.write_formula(bdo_top + 3, 1, "=ADVISERCOST(Ekstra_raadgivere,Udgift_pr_raadgiver)", s.mio1)
    for j in range(1, len(ex.bdo_years)):
        ws.write_formula(bdo_top + 3, 1 + j, f"={xl_rowcol_to_cell(bdo_top + 3, 1, False, True)}", s.mio1)
    bdo_last = len(ex.bdo_years)
    ws.write(bdo_top + 4, 0, "Nettobesparelse", s.bold_label)
    t.spill(ws, bdo_top + 4, 1, bdo_top + 4, bdo_last,
            f"=NETSAVING({rng(None, bdo_top + 3, 1, bdo_top + 3, bdo_last)},"
            f"-{rng(None, bdo_requirement, 1, bdo_requirement, bdo_last)})", s.bold_mio1)
    ws.write(bdo_top + 5, 0, "Tilbagebetalingsår i BDO's tabel", s.label)
    ws.write_formula(bdo_top + 5, 1, f"=PAYBACKYEAR({rng(None, bdo_top + 4, 1, bdo_top + 4, bdo_last)},"
                                     f"{rng(None, bdo_top + 1, 1, bdo_top + 1, bdo_last)})", s.bold_year)
    ws.write(bdo_top + 6, 0, "BDO trykker 3,0 og 1,5 mio. kr. for 2017–2018; rækkerne giver 4,0 og 2,5 mio. kr.",
             s.note)
    t.where["bdo_net"] = rng(NAME, bdo_top + 4, 1, bdo_top + 4, bdo_last)
    t.where["bdo_requirement"] = rng(NAME, bdo_requirement, 1, bdo_requirement, bdo_last)
    t.where["bdo_years"] = rng(NAME, bdo_top + 1, 1, bdo_top + 1, bdo_last)
    t.where["bdo_investment"] = rng(NAME, bdo_top + 3, 1, bdo_top + 3, bdo_last)

    sources = bdo_top + 8
    ws.write(sources, 0, "Hvad er indtastet, og hvorfor", s.subtitle)
    for k, text in enumerate(TYPED_AND_DERIVED):
        t.paragraph(ws, sources + 1 + k, text, 5, lines=2)

    chart = t.book.add_chart({"type": "column"})
    chart.add_series({"name": t.series_name("Nettoresultat"), "categories": t.where["years"],
                      "values": t.chart_values(t.where["net"]), "fill": {"color": "#4472C4"}})
    line = t.book.add_chart({"type": "line"})
    line.add_series({"name": t.series_name("Akkumuleret"), "categories": t.where["years"],
                     "values": t.chart_values(t.where["cumulative"]), "line": {"color": "#C00000", "width": 2.25},
                     "marker": {"type": "circle", "size": 6}})
    chart.combine(line)
    t.year_chart(ws, chart, "Notatets nettoresultat pr. år (op = merudgift)", t.money_format, size=(440, 280))
