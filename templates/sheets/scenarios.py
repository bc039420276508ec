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

from dataclasses import dataclass

from xlsxwriter.utility import xl_rowcol_to_cell

from ..example import GRADES_SOURCE, OPTIMISM_BIAS_GRADES
from ..workbook import Template, column_ranges, plus, ref, rng, row_cells, row_range

NAME = "Scenarier"

#: What each view of prices means, in the order of INVESTMENTCASE's price_view (1, 2).
PRICE_VIEWS = (
    "Casen sammenlignes med situationen uden indsatsen til de samme priser (Green Book og SØM). Stiger "
    "priserne, bliver besparelsen større.",
    "Casen måles mod dagens budget i prisernes år (som et notats finansieringsbehov). Prisstigninger på "
    "alle de anbringelser, der er tilbage, tæller som udgift for casen.",
)


def write(t: Template) -> None:
    """Scenarier: the case's assumptions, the case table, the further costs, the bridge and who pays."""
    from trappen.udfs.investment_case import ROW_LABELS

    ex, s = t.example, t.styles
    computed, bold, _ = t.money
    ws = t.sheet(NAME, {"A:A": 52, "B:F": 14, "G:G": 3, "H:H": 30, "I:I": 12})
    years, last = ex.years, len(ex.years)
    hidden = t.book.add_format({"num_format": ";;;", "locked": True})
    ws.write(0, 0, f"Scenarier – hele investeringscasen – {ex.municipality}", s.title)
    base_label = ex.snapshot_labels[ex.case_base]
    t.paragraph(ws, 1, f"Casen regnet ud fra anbringelserne: uden indsatsen = {base_label}; "
                       f"{ex.plan_note}; enhedspriserne herfra, investeringen fra Sagstal, øvrige udgifter nedenfor. "
                       "Beløb i {unit}; positiv = merudgift, negativ = besparelse.", 5, lines=2)

    # The case's own assumptions
    ws.write_row(3, 0, ["Casens forudsætninger", "Værdi"], s.header)
    ws.merge_range(3, 2, 3, 5, "Kilde / bemærkning", s.header)
    r = 4
    ws.write(r, 0, "Prisvisning (vælg i listen)", s.bold_label)
    ws.write_string(r, 1, PRICE_VIEW_WORDS[ex.price_view - 1], s.input_text)
    ws.write(r, 2, "Faste priser eller budgetpres: se forklaringen nedenfor", s.note)
    view_cell = xl_rowcol_to_cell(r, 1, True, True)
    t.where["price_view_word"] = ref(NAME, r, 1)
    view_text_row = r + 1  # shows the chosen view's text from the table of views below
    t.where["price_view_text"] = ref(NAME, r + 1, 0)
    rows = [
        ("Prisvækst pr. år ud over P/L", ex.extra_growth, s.input_share, "Merprisvaekst", ex.extra_growth_note),
        ("Dødvægt: andel af ændringen, der var sket alligevel", ex.deadweight, s.input_share, "Doedvaegt",
         ex.deadweight_note),
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
    # the comparison (two rows and a note); on the next page the further costs and the bridge; then the grade
    # table the grades are looked up in and the table of price views.
    first = r + 5 + 1 + 2
    lines_top = first + len(ROW_LABELS) + 1 + 4
    lines = [EXTRA_LINES[key] for key in ex.extra_lines]
    bridge_top = lines_top + len(lines) + 7
    steps = _bridge_steps(ex, lines)
    alternatives_top = bridge_top + len(steps) + 6
    grade_top = alternatives_top + 6
    grade_texts = rng(None, grade_top + 1, 3, grade_top + len(OPTIMISM_BIAS_GRADES), 3)
    grade_values = rng(None, grade_top + 1, 2, grade_top + len(OPTIMISM_BIAS_GRADES), 2)
    views_top = grade_top + len(OPTIMISM_BIAS_GRADES) + 3
    views = rng(None, views_top + 1, 0, views_top + len(PRICE_VIEW_WORDS), 0)
    ws.data_validation(4, 1, 4, 1, {"validate": "list", "source": f"={views}",
                                    "error_message": "Vælg Faste priser eller Budgetpres i listen"})
    # The number the functions take (1 = faste priser, 2 = budgetpres), in an invisible cell beside the word
    ws.write_formula(4, 6, f"=MATCH({view_cell},{views},0)+0", hidden)  # +0: a float (formulas gives MATCH as int)
    t.book.define_name("Prisvisning", f"={ref(NAME, 4, 6)}")
    ws.merge_range(view_text_row, 0, view_text_row, 5, "", s.paragraph)
    ws.write_formula(view_text_row, 0, f"=INDEX({rng(None, views_top + 1, 1, views_top + 2, 1)},Prisvisning)",
                     s.paragraph)
    ws.set_row(view_text_row, 27)
    for label, grade, note, name, what in (
            ("Evidens for besparelsen (vælg i listen)", ex.savings_grade, ex.savings_grade_note, "Optimismefradrag",
             "Optimismefradrag i besparelsen"),
            ("Evidens for investering og øvrige udgifter (vælg i listen)", ex.cost_grade, ex.cost_grade_note,
             "Optimismetillaeg", "Optimismetillæg på investering og øvrige udgifter")):
        ws.write(r, 0, label, s.label)
        ws.write_string(r, 1, GRADE_WORDS[grade - 1], s.input_text)
        ws.data_validation(r, 1, r, 1, {"validate": "list", "source": f"={grade_texts}",
                                        "error_message": "Vælg evidensen i listen (tabellen nedenfor)"})
        ws.write(r, 2, note, s.note)
        ws.write_formula(r, 6, f"=MATCH({xl_rowcol_to_cell(r, 1)},{grade_texts},0)+0", hidden)
        ws.write(r + 1, 0, what, s.label)
        ws.write_formula(r + 1, 1, f"=INDEX({grade_values},{xl_rowcol_to_cell(r, 6)})", s.share)
        ws.write(r + 1, 2, "Efter evidensen (tabellen nedenfor)", s.note)
        t.book.define_name(name, f"={ref(NAME, r + 1, 1)}")
        r += 2
    ws.write(r, 0, "År fra prisernes år til første år", s.label)
    ws.write_formula(r, 1, f"={years[0]}-Prisaar", s.int)
    t.book.define_name("Prisforskydning", f"={ref(NAME, r, 1)}")

    # The further costs (on the next page; written last, as they read "Hvem betaler?" below)
    other, prior = _extra_places(lines_top, len(lines), last)
    t.where["extra_lines"], t.where["prior_costs"] = other, prior

    # The case year by year
    top = first - 2
    t.years_header(ws, top, 1, years, "{Unit}")
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
    year_row = rng(NAME, top, 1, top, last)
    for i, label in enumerate(ROW_LABELS):
        ws.write(first + i, 0, label, s.bold_label if i in (5, 8) else s.label)
    case = (f"{t.where['case_base']},{t.where['case_target']},{rng(NAME, top + 1, 1, top + 1, last)},"
            f"{t.where['case_prices']},{t.where['investment']}")
    t.case_args = case
    t.case_other = other
    t.case_prior = prior
    t.spill(ws, first, 1, first + len(ROW_LABELS) - 1, last,
            "=" + case_formula(case, other=other, years=year_row, prior=prior), computed)
    t.reformat(ws, first + 8, 1, first + 8, 1, NO_PAYBACK)  # the payback year, 0 in words
    t.reformat(ws, first + 8, 2, first + 8, last, ";;;")  # the row's other cells are 0: not shown
    t.where["scenario_table"] = rng(NAME, first, 1, first + len(ROW_LABELS) - 1, last)
    t.where["scenario_net"] = rng(NAME, first + 5, 1, first + 5, last)
    t.where["scenario_cumulative"] = rng(NAME, first + 6, 1, first + 6, last)
    t.where["scenario_present_value"] = rng(NAME, first + 7, 1, first + 7, last)
    t.where["scenario_payback"] = ref(NAME, first + 8, 1)
    t.case_phase = rng(NAME, top + 1, 1, top + 1, last)
    t.case_years = rng(NAME, top, 1, top, last)

    # Against the document's own table
    r = first + len(ROW_LABELS) + 1
    ws.write(r, 0, "Notatets tabel: nettoresultat (Investeringscase)", s.label)
    for j, cell in enumerate(row_cells(t.where["net"])):
        ws.write_formula(r, 1 + j, f"={cell}", computed)
    ws.write(r + 1, 0, "Ændring ved fuld indfasning i prisernes år, mod basis", s.label)
    full_change = f"ACTIVITYEFFECT({t.where['case_base']},{column_ranges(t.where['case_target'])[-1]}," \
                  f"{t.where['case_prices']})"
    ws.write_formula(r + 1, 1, f"={full_change}", computed)
    ws.write(r + 1, 2, _full_saving_note(ex), s.note)
    t.where["full_change"] = ref(NAME, r + 1, 1)
    t.where["comparison_net"] = rng(NAME, r, 1, r, last)
    t.paragraph(ws, r + 2, COMPARISON[ex.layout], 5, lines=3)

    _bridge(t, ws, bridge_top, steps, year_row)
    _alternatives(t, ws, alternatives_top, year_row)

    # GMCA's grades: inputs with their source
    top = grade_top
    t.new_page(ws, top)  # the tables the case looks its assumptions up in
    ws.write_row(top, 0, ["Evidensgrad og grundlag", "Grad", "Optimisme (%)", "Valg"], s.header)
    for k, (grade, text, share) in enumerate(OPTIMISM_BIAS_GRADES):
        ws.write(top + 1 + k, 0, text, s.label)
        ws.write_number(top + 1 + k, 1, grade, s.int)
        ws.write_number(top + 1 + k, 2, share, s.input_share)
        ws.write_string(top + 1 + k, 3, GRADE_WORDS[k], s.label)
    t.paragraph(ws, top + 1 + len(OPTIMISM_BIAS_GRADES), "Kilde: " + GRADES_SOURCE + " Udgifter hæves og "
                "besparelser sænkes med procenten for den valgte grad.", 5, lines=3)
    t.where["grades"] = rng(NAME, top + 1, 2, top + len(OPTIMISM_BIAS_GRADES), 2)
    ws.write(views_top, 0, "Prisvisning", s.header)
    ws.merge_range(views_top, 1, views_top, 5, "Hvad den betyder", s.header)
    for k, text in enumerate(PRICE_VIEWS):
        ws.write_string(views_top + 1 + k, 0, PRICE_VIEW_WORDS[k], s.label)
        ws.merge_range(views_top + 1 + k, 1, views_top + 1 + k, 5, text, s.paragraph)
        ws.set_row(views_top + 1 + k, 27)

    _chart(t, ws, ROW_LABELS, first, last)
    _payers(t, ws, views_top + len(PRICE_VIEWS) + 2)
    _extra_lines(t, ws, lines_top, lines)


def case_formula(case: str, *, other: str, years: str, prior: str, growth: str = "Merprisvaekst",
                 home: str = "Andel_hjemmebaseret", preventive: str = "Andel_forebyggende",
                 deadweight: str = "Doedvaegt", cost_bias: str = "Optimismetillaeg",
                 savings_bias: str = "Optimismefradrag", view: str = "Prisvisning") -> str:
    """The INVESTMENTCASE call of the whole case (no "="), with any of its assumptions replaced."""
    return (f"INVESTMENTCASE({case},{growth},{home},{preventive},{deadweight},{cost_bias},Diskonteringsrente,"
            f"{other},{years},{savings_bias},{view},Prisforskydning,{prior})")


@dataclass(frozen=True)
class ExtraLine:
    """A further cost the documents name: its label (a formula or text), where its yearly amount comes from."""

    key: str
    label: str
    note: str


#: The further costs a case may switch on or off, by key (``Example.extra_lines``).
EXTRA_LINES = {
    "inflow": ExtraLine("inflow", "Øget tilgang af børn (Investeringscase)",
                        "Øget tilgang: notatets 2,3 mio. kr. om året fra 2019 (Investeringscase)."),
    "advisers_to_target": ExtraLine(
        "advisers_to_target", '="Flere socialrådgivere for at nå sagstal "&Maal_sagstal&" (Sagstal)"',
        "Flere socialrådgivere: de rådgivere, der mangler for at nå målet for sagstal, gange udgiften pr. "
        "rådgiver (Sagstal), hvert år."),
    "state_share": ExtraLine(
        "state_share", "Statens andel af besparelsen (refusion, Hvem betaler?)",
        "Statens andel: når anbringelserne bliver billigere, betaler staten mindre refusion; den del af "
        "besparelsen får kommunen ikke (rækken Staten under Hvem betaler?, med modsat fortegn)."),
}

#: The words of the price views, in the order of INVESTMENTCASE's price_view (1, 2).
PRICE_VIEW_WORDS = ("Faste priser", "Budgetpres")
#: A payback year, with 0 (INVESTMENTCASE: not within the years) in words.
NO_PAYBACK = '0;-0;"ikke i årene"'
#: The words the officer chooses an evidence grade by (OPTIMISM_BIAS_GRADES' order).
GRADE_WORDS = ("Evalueret", "Egne tal", "Statistik", "Andre kommuner", "Ekspertskøn", "Anekdotisk")
ON, OFF = "Med", "Uden"


def _extra_places(top: int, count: int, last: int) -> tuple[str, str]:
    """Where :func:`_extra_lines` puts the case's other costs (a block of rows, or "0") and its prior costs."""
    other = rng(NAME, top + 2, 1, top + 1 + count, last) if count else "0"
    return other, ref(NAME, top + 3 + count, 1)


def _extra_lines(t: Template, ws, top: int, lines) -> None:
    """The further costs, each switched on or off (Med / Uden), and the costs before the first year."""
    ex, s = t.example, t.styles
    computed = t.money[0]
    last = len(ex.years)
    t.new_page(ws, top)
    t.heading(ws, top, "Øvrige udgifter i casen: slå hver linje til eller fra", "{unit}")
    t.years_header(ws, top + 1, 1, ex.years, "{Unit}")
    ws.write(top + 1, 7, "Med i casen?", s.header)
    for k, line in enumerate(lines):
        row = top + 2 + k
        if line.label.startswith("="):
            ws.write_formula(row, 0, line.label, s.label)
        else:
            ws.write(row, 0, line.label, s.label)
        switch = xl_rowcol_to_cell(row, 7, True, True)
        ws.write_string(row, 7, ON, s.input_text)
        ws.data_validation(row, 7, row, 7, {"validate": "list", "source": [ON, OFF],
                                            "error_message": "Vælg Med eller Uden"})
        for j in range(last):
            ws.write_formula(row, 1 + j, f'=IF({switch}="{ON}",{_line_amount(t, line.key, j)},0)', computed)
    end = top + 2 + len(lines)
    if lines:
        ws.write(end, 0, "Øvrige udgifter i alt (før optimismetillæg)", s.bold_label)
        t.column_sums(ws, end, 1, last, top + 2, end - 1, t.money[1], plus=True)
    t.where["extra_switches"] = rng(NAME, top + 2, 7, end - 1, 7) if lines else ""
    # Before the first year
    prior_row = end + 1
    ws.write(prior_row, 0, f"Udgift før casens første år ({ex.years[0] - 1})", s.label)
    if ex.prior_months is None:
        ws.write_number(prior_row, 1, 0, computed)
        ws.write_string(prior_row, 7, OFF, s.dash)
    else:
        switch = xl_rowcol_to_cell(prior_row, 7, True, True)
        ws.write_string(prior_row, 7, ON, s.input_text)
        ws.data_validation(prior_row, 7, prior_row, 7, {"validate": "list", "source": [ON, OFF],
                                                        "error_message": "Vælg Med eller Uden"})
        first_advisers = row_cells(t.where["investment_advisers"])[0]
        ws.write_formula(prior_row, 1, f'=IF({switch}="{ON}",ADVISERCOST({first_advisers}*{ex.prior_months}/12,'
                                       f'Udgift_pr_raadgiver),0)', computed)
    ws.write(prior_row, 2, ex.prior_note, s.note)
    if t.where["prior_costs"] != ref(NAME, prior_row, 1):
        raise AssertionError("the prior costs are not where the case reads them")
    notes = " ".join(line.note for line in lines)
    t.paragraph(ws, prior_row + 1, f"{notes} Linjer slået fra (Uden) tæller 0; de vises stadig her, så udvalget "
                                   "ser, hvad de koster.", 5, lines=3)


def _line_amount(t: Template, key: str, j: int) -> str:
    """The yearly amount (year index ``j``, kr.) of a further cost."""
    if key == "inflow":
        return row_cells(t.where["case_other"])[j]
    if key == "advisers_to_target":
        return t.where["advisers_needed_cost"]
    if key == "state_share":
        state = row_cells(row_range(t.where["payers"], 1))[j]  # the row "Staten"
        return f"-{state}"
    raise KeyError(key)


@dataclass(frozen=True)
class Step:
    """One step of the bridge from the document's table to the case: its label and the assumptions it sets."""

    label: str
    changes: dict


def _bridge_steps(ex, lines) -> list[Step]:
    """The bridge's steps in order; each sets more of the case's assumptions (the last one is the whole case)."""
    steps = [
        Step("Antal og priser i stedet for budgetopgørelsen",
             dict(growth="0", home="0", preventive="0", deadweight="0", cost_bias="0", savings_bias="0",
                  view="1", other="doc_other", prior="0")),
        Step("Afsmitning regnet af faldet mod basis",
             dict(growth="0", deadweight="0", cost_bias="0", savings_bias="0", view="1", other="doc_inflow",
                  prior="0")),
        Step("Prisvækst ud over P/L", dict(deadweight="0", cost_bias="0", savings_bias="0", view="1",
                                           other="doc_inflow", prior="0")),
        Step('="Prisvisning: "&LOWER(price_view_word)', dict(deadweight="0", cost_bias="0", savings_bias="0",
                                                              other="doc_inflow", prior="0")),
        Step("Dødvægt", dict(cost_bias="0", savings_bias="0", other="doc_inflow", prior="0")),
        Step("Optimismefradrag i besparelsen", dict(cost_bias="0", other="doc_inflow", prior="0")),
        Step("Optimismetillæg på udgifterne", dict(other="doc_inflow", prior="0")),
    ]
    for k, line in enumerate(lines):
        label = line.label if not line.label.startswith("=") else line.label
        steps.append(Step(label, dict(other=f"lines:{k}", prior="0")))
    steps.append(Step(f"Udgift før casens første år ({ex.years[0] - 1})", {}))
    return steps


def _bridge(t: Template, ws, top: int, steps, year_row: str) -> None:
    """From the document's table to the case: each step a whole case with one more of the case's choices, its
    effect the difference from the case before it, so the effects sum exactly to the difference."""
    ex, s = t.example, t.styles
    computed, bold, _ = t.money
    last = len(ex.years)
    t.write_text(ws, top, 0, f"Fra {ex.document}s tabel til casen: akkumuleret nettoresultat i {ex.years[-1]} "
                             "({unit})", s.subtitle)
    ws.write_row(top + 1, 0, ["Trin", "Akkumuleret efter trinnet", "Trinnets virkning"], s.header)
    ws.set_row(top + 1, 30)
    ws.write(top + 2, 0, f"{ex.document}s tabel (Investeringscase)", s.bold_label)
    ws.write_formula(top + 2, 1, f"=INDEX({t.where['cumulative']},{last})", bold)
    lines = t.where["extra_lines"]
    for k, step in enumerate(steps):
        row = top + 3 + k
        label = step.label.replace("price_view_word", t.where["price_view_word"])
        if label.startswith("="):
            ws.write_formula(row, 0, label, s.label)
        else:
            ws.write(row, 0, label, s.label)
        args = dict(step.changes)
        other = args.pop("other", t.case_other)
        if other == "doc_other":
            other = t.where.get("doc_other", "0")
        elif other == "doc_inflow":
            other = t.where.get("case_other", "0")
        elif other.startswith("lines:"):
            other = row_range(lines, 0, int(other.split(":")[1]) + 1)
        prior = args.pop("prior", t.case_prior)
        formula = case_formula(t.case_args, other=other, years=year_row, prior=prior, **args)
        # a dynamic-array formula: the case passes ranges divided by a million (implicit intersection otherwise)
        t.spill(ws, row, 1, row, 1, f"=INDEX({formula},7,{last})", computed)
        ws.write_formula(row, 2, f"={xl_rowcol_to_cell(row, 1)}-{xl_rowcol_to_cell(row - 1, 1)}", computed)
    end = top + 3 + len(steps)
    ws.write(end, 0, "Casen (Scenarier og Sammendrag) og trinnene i alt", s.bold_label)
    ws.write_formula(end, 1, f"=INDEX({t.where['scenario_cumulative']},{last})", bold)
    ws.write_formula(end, 2, f"={plus(rng(None, top + 3, 2, end - 1, 2))}", bold)
    ws.write(end + 1, 0, "Kontrol: casen − sidste trin (skal være 0)", s.note)
    ws.write_formula(end + 1, 1, f"={xl_rowcol_to_cell(end, 1)}-{xl_rowcol_to_cell(end - 1, 1)}", computed)
    t.paragraph(ws, end + 2, "Hvert trin er hele casen regnet igen med ét valg mere end trinnet før; virkningen er "
                             "forskellen, så virkningerne summer nøjagtigt til forskellen mellem tabellen og casen.",
                5, lines=2)
    t.where["bridge_labels"] = rng(NAME, top + 3, 0, end - 1, 0)
    t.where["bridge_cumulative"] = rng(NAME, top + 3, 1, end - 1, 1)
    t.where["bridge_effects"] = rng(NAME, top + 3, 2, end - 1, 2)
    t.where["bridge_start"] = ref(NAME, top + 2, 1)
    t.where["bridge_end"] = ref(NAME, end, 1)
    t.where["bridge_total"] = ref(NAME, end, 2)


def _alternatives(t: Template, ws, top: int, year_row: str) -> None:
    """The same case with the other view of prices: net in the last year, accumulated, payback year."""
    ex, s = t.example, t.styles
    computed = t.money[0]
    last = len(ex.years)
    ws.write(top, 0, "Samme case med den anden prisvisning", s.subtitle)
    ws.write_row(top + 1, 0, ["Prisvisning", f"Netto {ex.years[-1]}", f"Akkumuleret\n{ex.years[-1]}",
                              "Tilbage-\nbetalingsår"], s.header)
    ws.set_row(top + 1, 30)
    ws.write_formula(top + 2, 0, f'=IF(Prisvisning=1,"{PRICE_VIEW_WORDS[1]}","{PRICE_VIEW_WORDS[0]}")', s.label)
    formula = case_formula(t.case_args, other=t.case_other, years=year_row, prior=t.case_prior,
                           view="3-Prisvisning")
    # dynamic-array formulas: the case passes ranges divided by a million (implicit intersection otherwise)
    t.spill(ws, top + 2, 1, top + 2, 1, f"=INDEX({formula},6,{last})", computed)
    t.spill(ws, top + 2, 2, top + 2, 2, f"=INDEX({formula},7,{last})", computed)
    t.spill(ws, top + 2, 3, top + 2, 3, f"=INDEX({formula},9,1)", t.book.add_format(
        {"bold": True, "num_format": NO_PAYBACK, "border": 1, "border_color": "#D9D9D9"}))
    t.where["other_view_name"] = ref(NAME, top + 2, 0)
    t.where["other_view_net"] = ref(NAME, top + 2, 1)
    t.where["other_view_cumulative"] = ref(NAME, top + 2, 2)
    t.where["other_view_payback"] = ref(NAME, top + 2, 3)


#: Why the case here may differ from the document's own table, by layout.
COMPARISON = {
    "ballerup": "Notatets tabel (Investeringscase) måler mod budgettet: besparelseskravet plus finansieringsbehov, "
                "der ikke kan udledes af anbringelserne. Her regnes casen ud fra anbringelserne: mod januar 2017 "
                "giver scenariet ved fuld indfasning en ændring tæt på BDO's krav på 15,0 mio. kr., men med "
                "afsmitning, øget tilgang og optimismetillæg. Vælg Budgetpres for notatets syn på priserne.",
    "roskilde": "Uden dødvægt, uden optimismetillæg og -fradrag (evidens: Evalueret) og uden statens andel er casen "
                "her notatets \"Børn og Unge\" krone for krone; broen på næste side viser, hvad hvert valg flytter.",
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
        chart.add_series({"name": t.series_name(labels[i]), "categories": t.case_years,
                          "values": t.chart_values(rng(NAME, first + i, 1, first + i, last)),
                          "fill": {"color": colour}})
    line = t.book.add_chart({"type": "line"})
    line.add_series({"name": t.series_name(labels[5]), "categories": t.case_years,
                     "values": t.chart_values(t.where["scenario_net"]),
                     "line": {"color": "#C00000", "width": 2.25}, "marker": {"type": "circle", "size": 6}})
    chart.combine(line)
    chart.set_title({"name": "Casens dele og nettoresultat (positiv = merudgift)",
                     "name_font": {"size": 12}})
    chart.set_x_axis({"label_position": "low"})
    chart.set_y_axis({"num_format": t.money_format})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 500, "height": 360})
    ws.insert_chart(3, 7, chart)


def _payers(t: Template, ws, top: int) -> None:
    """Hvem betaler: the plan's change split by PAYERSPLIT, each year under its own year's refusion rule."""
    from . import who_pays

    who_pays.write(t, ws, NAME, top)
