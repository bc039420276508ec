"""The sheet "Scenarier": the whole investment case from the placements, and who pays for them.

INVESTMENTCASE computes the case on Anbringelser's placement types, counts and unit prices: the base (the
situation without the intervention), the plan (Ballerup's "Fremtidigt scenarie" year by year; Roskilde's
target for 2023, phased in as its note's savings), the investment from Sagstal and the other costs from
Investeringscase, so a count or a price changed on Anbringelser moves every row here, on Usikkerhed and on
Investeringscase. The case's own assumptions are inputs here: the view of prices (the same prices with and
without the intervention, or budget pressure), growth beyond P/L, deadweight, and optimism bias on savings
and costs by evidence grade (GMCA's confidence grades, with their source on the sheet). Below: the case
against the document's own table, and "Hvem betaler?" (PAYERSPLIT under barnets lov § 198, with the
per-case alternative). Usikkerhed reads the case's arguments (``t.case_args``, ``t.case_phase``,
``t.case_years``).
"""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from ..example import GRADES_SOURCE, OPTIMISM_BIAS_GRADES
from ..workbook import Template, column_ranges, ref, rng, row_cells

NAME = "Scenarier"

#: What each view of prices means, in the order of INVESTMENTCASE's price_view (1, 2).
PRICE_VIEWS = (
    "1 – samme priser: casen sammenlignes med situationen uden indsatsen til samme priser (Green Book og SØM). "
    "Stiger priserne, bliver besparelsen større.",
    "2 – budgetpres: casen måles mod dagens budget i prisernes år (Ballerup-notatets finansieringsbehov). "
    "Prisstigninger på alle de anbringelser, der er tilbage, tæller som udgift for casen.",
)


def write(t: Template) -> None:
    """Scenarier: the case's assumptions, the INVESTMENTCASE table, the comparison and who pays."""
    from trappen.udfs.scenario import ROW_LABELS

    ex, s = t.example, t.styles
    computed, bold, _ = t.money
    ws = t.sheet(NAME, {"A:A": 52, "B:F": 13, "G:G": 3, "H:H": 30, "I:I": 12})
    years, last = ex.years, len(ex.years)
    ws.write(0, 0, f"Scenarier – hele investeringscasen – {ex.municipality}", s.title)
    base_label = ex.snapshot_labels[ex.case_base]
    t.paragraph(ws, 1, f"Casen regnet med INVESTMENTCASE på Anbringelser: uden indsatsen = {base_label}; "
                       f"{ex.plan_note}; enhedspriserne herfra, investeringen fra Sagstal, øvrige udgifter fra "
                       f"Investeringscase. Beløb i {ex.case_unit}; positiv = merudgift.", 5, lines=2)

    # The case's own assumptions
    ws.write_row(3, 0, ["Casens forudsætninger", "Værdi"], s.header)
    ws.merge_range(3, 2, 3, 5, "Kilde / bemærkning", s.header)
    r = 4
    ws.write(r, 0, "Prisvisning (1 = samme priser, 2 = budgetpres)", s.bold_label)
    ws.write_number(r, 1, ex.price_view, s.input_int)
    t.book.define_name("Prisvisning", f"={ref(NAME, r, 1)}")
    view_text_row = r + 1  # shows the chosen view's text from the table of views below
    t.where["price_view_text"] = ref(NAME, r + 1, 0)
    rows = [
        ("Prisvækst pr. år ud over P/L", ex.extra_growth, s.input_share, "Merprisvaekst", ex.extra_growth_note),
        ("Dødvægt: andel af ændringen, der var sket alligevel", ex.deadweight, s.input_share, "Doedvaegt",
         "Antagelse: dokumentet siger intet om dødvægt; 0 = hele ændringen skyldes indsatsen"),
    ]
    r += 2
    for label, value, style, name, note in rows:
        ws.write(r, 0, label, s.label)
        ws.write_number(r, 1, value, style)
        ws.write(r, 2, note, s.note)
        t.book.define_name(name, f"={ref(NAME, r, 1)}")
        r += 1
    if "real_growth" in t.where:
        ws.write(r, 0, "Historisk: vægtet prisvækst ud over P/L (Anbringelser)", s.label)
        ws.write_formula(r, 1, f"={t.where['real_growth']}", s.share)
        r += 1
    # Below: two grades (two rows each) and the offset row; then the case table (years, phase-in, the rows),
    # the comparison (two rows and a note) and the grade table the grades are looked up in.
    first = r + 5 + 1 + 2
    grade_top = first + len(ROW_LABELS) + 1 + 4
    grade_values = rng(None, grade_top + 1, 2, grade_top + len(OPTIMISM_BIAS_GRADES), 2)
    views_top = grade_top + len(OPTIMISM_BIAS_GRADES) + 3
    ws.merge_range(view_text_row, 0, view_text_row, 5, "", s.paragraph)
    ws.write_formula(view_text_row, 0, f"=INDEX({rng(None, views_top + 1, 1, views_top + 2, 1)},Prisvisning)",
                     s.paragraph)
    ws.set_row(view_text_row, 27)
    for label, grade, note, name, what in (
            ("Evidensgrad for besparelsen (1–6)", ex.savings_grade, ex.savings_grade_note, "Optimismefradrag",
             "Optimismefradrag i besparelsen"),
            ("Evidensgrad for investering og øvrige udgifter (1–6)", ex.cost_grade, ex.cost_grade_note,
             "Optimismetillaeg", "Optimismetillæg på investering og øvrige udgifter")):
        ws.write(r, 0, label, s.label)
        ws.write_number(r, 1, grade, s.input_int)
        ws.write(r, 2, note, s.note)
        ws.write(r + 1, 0, what, s.label)
        ws.write_formula(r + 1, 1, f"=INDEX({grade_values},{xl_rowcol_to_cell(r, 1)})", s.share)
        ws.write(r + 1, 2, "Efter evidensgraden (tabellen nedenfor)", s.note)
        t.book.define_name(name, f"={ref(NAME, r + 1, 1)}")
        r += 2
    ws.write(r, 0, "År fra prisernes år til første år", s.label)
    ws.write_formula(r, 1, f"={years[0]}-Prisaar", s.int)
    t.book.define_name("Prisforskydning", f"={ref(NAME, r, 1)}")

    # The case year by year
    top = first - 2
    t.years_header(ws, top, 1, years, ex.case_unit.capitalize())
    ws.write(top + 1, 0, "Indfasning (andel af planens ændring)", s.label)
    if ex.phase_in is None:  # the document's savings, as shares of the last year's
        savings = row_cells(t.where["case_savings"])
        for j, cell in enumerate(savings):
            # the typed savings may be the documents' "-" (SUM counts it as 0); the last year's is ACTIVITYEFFECT's,
            # taken as it is, so an error there stays an error
            typed = cell if cell == savings[-1] else f"SUM({cell})"
            ws.write_formula(top + 1, 1 + j, f"={typed}/{savings[-1]}", s.share)
    else:
        t.input_row(ws, top + 1, 1, ex.phase_in, s.input_share)
    year_row = rng(None, top, 1, top, last)
    for i, label in enumerate(ROW_LABELS):
        ws.write(first + i, 0, label, s.bold_label if i in (5, 8) else s.label)
    other = t.where.get("case_other", "0")
    case = (f"{t.where['case_base']},{t.where['case_target']},{rng(NAME, top + 1, 1, top + 1, last)},"
            f"{t.in_case_unit(t.where['case_prices'])},{t.where['investment']}")
    t.case_args = case
    t.spill(ws, first, 1, first + len(ROW_LABELS) - 1, last,
            f"=INVESTMENTCASE({case},Merprisvaekst,Andel_hjemmebaseret,Andel_forebyggende,Doedvaegt,"
            f"Optimismetillaeg,Diskonteringsrente,{other},{year_row},Optimismefradrag,Prisvisning,"
            f"Prisforskydning)", computed)
    t.reformat(ws, first + 8, 1, first + 8, 1, "0")  # the payback year
    t.reformat(ws, first + 8, 2, first + 8, last, ";;;")  # the row's other cells are 0: not shown
    t.where["scenario_table"] = rng(NAME, first, 1, first + len(ROW_LABELS) - 1, last)
    t.where["scenario_net"] = rng(NAME, first + 5, 1, first + 5, last)
    t.where["scenario_cumulative"] = rng(NAME, first + 6, 1, first + 6, last)
    t.where["scenario_payback"] = ref(NAME, first + 8, 1)
    t.case_phase = rng(NAME, top + 1, 1, top + 1, last)
    t.case_years = rng(NAME, top, 1, top, last)

    # Against the document's own table
    r = first + len(ROW_LABELS) + 1
    ws.write(r, 0, f"Investeringscase: nettoresultat ({ex.document}s tabel)", s.label)
    for j, cell in enumerate(row_cells(t.where["net"])):
        ws.write_formula(r, 1 + j, f"={cell}", computed)
    ws.write(r + 1, 0, "Ændring ved fuld indfasning i prisernes år, mod basis", s.label)
    full_change = f"ACTIVITYEFFECT({t.where['case_base']},{column_ranges(t.where['case_target'])[-1]}," \
                  f"{t.where['case_prices']})"
    ws.write_formula(r + 1, 1, f"={t.in_case_unit(full_change)}", computed)
    ws.write(r + 1, 2, _full_saving_note(ex), s.note)
    t.where["full_change"] = ref(NAME, r + 1, 1)
    t.where["comparison_net"] = rng(NAME, r, 1, r, last)
    t.paragraph(ws, r + 2, COMPARISON[ex.layout], 5, lines=3)

    # GMCA's grades: inputs with their source
    top = grade_top
    t.new_page(ws, top)  # the tables the case looks its assumptions up in
    ws.write_row(top, 0, ["Evidensgrad og grundlag", "Grad", "Optimisme (%)"], s.header)
    for k, (grade, text, share) in enumerate(OPTIMISM_BIAS_GRADES):
        ws.write(top + 1 + k, 0, text, s.label)
        ws.write_number(top + 1 + k, 1, grade, s.int)
        ws.write_number(top + 1 + k, 2, share, s.input_share)
    t.paragraph(ws, top + 1 + len(OPTIMISM_BIAS_GRADES), "Kilde: " + GRADES_SOURCE + " Udgifter hæves og "
                "besparelser sænkes med procenten for den valgte grad.", 5, lines=3)
    t.where["grades"] = rng(NAME, top + 1, 2, top + len(OPTIMISM_BIAS_GRADES), 2)
    ws.write(views_top, 0, "Prisvisning", s.header)
    ws.merge_range(views_top, 1, views_top, 5, "Hvad den betyder", s.header)
    for k, text in enumerate(PRICE_VIEWS):
        ws.write_number(views_top + 1 + k, 0, k + 1, s.int)
        ws.merge_range(views_top + 1 + k, 1, views_top + 1 + k, 5, text, s.paragraph)
        ws.set_row(views_top + 1 + k, 27)

    _chart(t, ws, ROW_LABELS, first, last)
    _payers(t, ws, views_top + len(PRICE_VIEWS) + 2)


#: Why the case here may differ from the document's own table, by layout.
COMPARISON = {
    "ballerup": "Notatets tabel (Investeringscase) måler mod budgettet: besparelseskravet plus finansieringsbehov, "
                "der ikke kan udledes af anbringelserne. Her regnes casen ud fra anbringelserne: mod januar 2017 "
                "giver scenariet ved fuld indfasning en ændring tæt på BDO's krav på 15,0 mio. kr., men med "
                "afsmitning, øget tilgang og optimismetillæg. Vælg prisvisning 2 for notatets budgetpres.",
    "roskilde": "Uden optimismetillæg og -fradrag (evidensgrad 1) er casen her notatets \"Børn og Unge\" kr. for "
                "kr.; med de valgte evidensgrader er besparelsen mindre og udgifterne større.",
}


def _full_saving_note(ex) -> str:
    if ex.layout == "ballerup":
        return "BDO: besparelseskrav 15,0 mio. kr. (knap 14,0 på institutioner og 1,5 på familiepleje)"
    return "Notatet: driftsbesparelse 6.480.000 kr. i 2023 (aktivitetstabellen)"


def _chart(t: Template, ws, labels, first: int, last: int) -> None:
    """The case's parts as stacked columns and its net result as a line."""
    chart = t.book.add_chart({"type": "column", "subtype": "stacked"})
    colours = {1: "#A9D18E", 2: "#F4B183", 3: "#4472C4", 4: "#FFD966"}
    for i, colour in colours.items():
        chart.add_series({"name": labels[i], "categories": t.case_years,
                          "values": rng(NAME, first + i, 1, first + i, last), "fill": {"color": colour}})
    line = t.book.add_chart({"type": "line"})
    line.add_series({"name": labels[5], "categories": t.case_years, "values": t.where["scenario_net"],
                     "line": {"color": "#C00000", "width": 2.25}, "marker": {"type": "circle", "size": 6}})
    chart.combine(line)
    chart.set_title({"name": f"Casens dele og nettoresultat ({t.example.case_unit})", "name_font": {"size": 12}})
    chart.set_x_axis({"label_position": "low"})
    chart.set_y_axis({"num_format": t.money_format})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 500, "height": 360})
    ws.insert_chart(3, 7, chart)


def _payers(t: Template, ws, top: int) -> None:
    """Hvem betaler: the plan's change split by PAYERSPLIT under the year's refusion rule, and per case."""
    ex, s = t.example, t.styles
    years, last = ex.years, len(ex.years)
    steps = len(ex.refund_thresholds)
    ws.write(top, 0, f"Hvem betaler? Planens ændring mod {ex.snapshot_labels[ex.case_base]} (kr.)", s.subtitle)
    t.paragraph(ws, top + 1, f"Statsrefusion for særligt dyre enkeltsager, {ex.refund_source}: en sats af den del af "
                             "udgiften pr. sag, der ligger over hver tærskel. Skriv årets beløb (Social- og "
                             "Boligministeriets satser); her omregnes lovens beløb til prisåret med P/L-indekset.",
                5, lines=2)
    ws.write(top + 2, 0, "Refusionstrin", s.header)
    ws.write_row(top + 2, 1, [f"Trin {k + 1}" for k in range(steps)], s.header)
    ws.write(top + 3, 0, f"Tærskel, kr. pr. sag pr. år ({ex.refund_year}-niveau)", s.label)
    t.input_row(ws, top + 3, 1, ex.refund_thresholds, s.input_int)
    ws.write(top + 4, 0, "Lovens niveau (år)", s.label)
    ws.write_number(top + 4, 1, ex.refund_year, s.input_year)
    ws.write(top + 5, 0, f"Tærskel i prisårets niveau ({ex.price_year})", s.label)
    t.spill(ws, top + 5, 1, top + 5, steps,
            f"=PRICEINDEX({rng(None, top + 3, 1, top + 3, steps)},{xl_rowcol_to_cell(top + 4, 1, True, True)},"
            "Prisaar,PL_aar,PL_indeks)", s.int)
    ws.write(top + 6, 0, "Refusionssats", s.label)
    t.input_row(ws, top + 6, 1, ex.refund_rates, s.input_share)
    thresholds, rates = rng(None, top + 5, 1, top + 5, steps), rng(None, top + 6, 1, top + 6, steps)
    t.years_header(ws, top + 8, 1, years, "Kr.")
    ws.write(top + 9, 0, "Kommunen", s.bold_label)
    ws.write(top + 10, 0, "Staten (refusion)", s.label)
    t.spill(ws, top + 9, 1, top + 10, last,
            f"=PAYERSPLIT({t.where['case_base']},{t.where['scenario']},{t.where['case_prices']},{thresholds},"
            f"{rates})", s.int)
    t.where["payers"] = rng(NAME, top + 9, 1, top + 10, last)

    r = top + 12
    ws.write(r, 0, "Refusion sag for sag eller på gennemsnitspris", s.subtitle)
    t.paragraph(ws, r + 1, "Refusionen beregnes for hver sag. Regnet på en gennemsnitspris bliver den for lille, når "
                           "sagerne koster forskelligt: en sag langt over tærsklen giver mere, end en sag under den "
                           "mister. Skriv jeres dyreste sager hver for sig (beløbene her er et opdigtet eksempel "
                           "med typens gennemsnitspris som middel).", 5, lines=3)
    ws.write_row(r + 2, 0, ["Sag (eksempel)", "Nu", "I målet", "Årlig udgift (kr.)"], s.header)
    ws.set_row(r + 2, 30)
    cases = len(ex.refund_cases)
    for k, cost in enumerate(ex.refund_cases):
        ws.write(r + 3 + k, 0, f"Sag {k + 1}", s.label)
        ws.write_number(r + 3 + k, 1, 1, s.input_int)
        ws.write_number(r + 3 + k, 2, 0, s.input_int)
        ws.write_number(r + 3 + k, 3, cost, s.input_int)
    now, target, costs = (rng(None, r + 3, c, r + 2 + cases, c) for c in (1, 2, 3))
    end = r + 3 + cases
    ws.write_row(end, 1, ["Kommunen", "Staten"], s.header)
    ws.write(end + 1, 0, "Sag for sag", s.bold_label)
    t.spill(ws, end + 1, 1, end + 1, 2, f"=PAYERSPLIT({now},{target},{costs},{thresholds},{rates})", s.int)
    ws.write(end + 2, 0, "På gennemsnitsprisen", s.label)
    average = f"UNITPRICE(SUM({costs}),SUM({now}))"
    t.spill(ws, end + 2, 1, end + 2, 2, f"=PAYERSPLIT(SUM({now}),SUM({target}),{average},{thresholds},{rates})",
            s.int)
    t.where["refusion_by_case"] = rng(NAME, end + 1, 1, end + 1, 2)
    t.where["refusion_at_average"] = rng(NAME, end + 2, 1, end + 2, 2)
