"""The sheet "Sammendrag": the case for the political committee, the workbook's first sheet and the PDF's first pages.

It opens the workbook the way the State's business case model (SØM) opens with a management summary: the
decision asked for; the case the officer has chosen on Scenarier, year by year with its totals over the period
(investment, gross saving, net) and its payback year, or how long it would take; every other answer the workbook
gives to the same question beside it with its name (the same case with the other view of prices, the document's
own table, in Roskilde the note's three models); the bridge from the document's table to the case, step by
step, summing exactly to the difference (Scenarier); a chart of the net result with the Monte Carlo's median,
10 % and 90 % paths; the uncertainty (the base case beside the median, P10 and P90, the chance of paying back
in one plain sentence); the effects for the children (placements, family care, caseload); the main risks the
documents name (risk, consequence, what is done); the key assumptions and the sources, each figure with the
sheet it comes from. Every figure is a formula on the other sheets.

The headline has workbook-level names (:data:`NAMES`), so any reader finds it by name.

The sheet is added first but filled last: :func:`write` adds it and returns the function that fills it once
every sheet it reads has been written (``build.write_sheets``).
"""

from __future__ import annotations

from collections.abc import Callable

from xlsxwriter.utility import xl_rowcol_to_cell

from ..workbook import Template, column_ranges, plus, ref, rng, row_cells, row_range
from . import assumptions, scenarios, staffing, uncertainty

NAME = "Sammendrag"

#: The rows of the case table (``udfs.investment_case.ROW_LABELS``) the summary shows, with its own labels.
CASE_ROWS = (
    (1, "Ændring i anbringelsesudgift mod basis (bruttobesparelse)"),
    (2, "Afsmittende udgifter (hjemmebaseret og forebyggende)"),
    (3, "Investering inkl. optimismetillæg"),
    (4, "Øvrige udgifter inkl. optimismetillæg (Scenarier)"),
)
NET_ROW, CUMULATIVE_ROW, PRESENT_VALUE_ROW = 5, 6, 7
#: Usikkerhed's Monte Carlo has three percentiles (10 %, median, 90 %) of each measure, then the share paid back.
LEVELS = 3
CUMULATIVE = "Akkumuleret nettoresultat"  # udfs.uncertainty.MONTECARLO_MEASURES

#: The workbook-level names of the headline case (what ``trappen refresh --json`` and other readers look up).
NAMES = {
    "years": "Sammendrag_Aar",
    "net": "Sammendrag_Netto",
    "cumulative": "Sammendrag_Akkumuleret",
    "present_value": "Sammendrag_Nutidsvaerdi",
    "payback": "Sammendrag_Tilbagebetalingsaar",
    "payback_words": "Sammendrag_Tilbagebetaling",
    "price_view": "Sammendrag_Prisvisning",
    "unit": "Sammendrag_Enhed",
    "answers": "Sammendrag_Svar",
    "answers_cumulative": "Sammendrag_Svar_Akkumuleret",
    "answers_payback": "Sammendrag_Svar_Tilbagebetaling",
    "answers_later": "Sammendrag_Svar_Ellers",
    "scale": "Sammendrag_Skala",  # the amounts' cells divided by this are in Sammendrag_Enhed (1 or 1000000)
    "bridge_from": "Sammendrag_Bro_Fra",  # the bridge's start: the label of the document's table
    "bridge_start": "Sammendrag_Bro_Start",  # and its accumulated result at the horizon
    "bridge_steps": "Sammendrag_Bro_Trin",
    "bridge_effects": "Sammendrag_Bro_Virkning",
    "prior_costs": "Sammendrag_Foer_Foerste_Aar",
}


def montecarlo_row(measure: str | None, level: int = 0) -> int:
    """The row of MONTECARLO's result (0-based) with a measure's percentile, or (``None``) the share paid back."""
    from trappen.udfs.uncertainty import MONTECARLO_MEASURES

    if measure is None:
        return LEVELS * len(MONTECARLO_MEASURES)
    return LEVELS * MONTECARLO_MEASURES.index(measure) + level


def payback_words(payback: str, cumulative_last: str, net_last: str, last_year: str) -> str:
    """A formula (no "="): the payback year, or when it would come if the last year's net result held, or never.

    ``payback`` is a year or 0 (not within the years); the other arguments are cells or expressions.
    """
    return (f'IF({payback}>0,{payback}&"",IF({net_last}<0,"ikke inden "&{last_year}&"; ca. "&({last_year}+'
            f'ROUNDUP({cumulative_last}/-{net_last},0))&" med "&{last_year}&"-niveauet",'
            f'"ikke inden "&{last_year}&"; aldrig med "&{last_year}&"-niveauet"))')


def write(t: Template) -> Callable[[], None]:
    """Add Sammendrag as the next sheet (the first); returns what fills it after the other sheets."""
    ws = t.sheet(NAME, {"A:A": 46, "B:F": 10.5, "G:G": 13, "H:H": 2, "I:I": 52, "J:J": 11, "K:K": 13})
    # two pages (one wide): the case, its other answers and the bridge; the uncertainty, effects, risks
    return lambda: _fill(t, ws)


def _fill(t: Template, ws) -> None:
    ex, s = t.example, t.styles
    computed, bold, _ = t.money
    last = len(ex.years)
    unit = "{unit}"
    ws.write(0, 0, f"Sammendrag: investeringscase – {ex.municipality}", s.title)
    t.paragraph(ws, 1, f"Casen, som den er valgt på Scenarier. Beløb i {unit}; positiv = merudgift, negativ = "
                       "besparelse. Andre svar på samme spørgsmål står nedenfor med deres navn, og broen viser trin "
                       "for trin, hvorfor de afviger.", 6, lines=2)
    t.heading(ws, 3, "Beslutningen")
    t.paragraph(ws, 4, ex.decision, 6, lines=2)
    ws.set_row(4, 27)

    years = t.case_years
    last_year = f"INDEX({years},{last})"
    table = t.where["scenario_table"]
    t.book.define_name(NAMES["unit"], f"={t.where['unit']}")  # the workbook's unit (Forudsætninger)
    t.book.define_name(NAMES["scale"], f"={t.where['unit_kr']}")  # kr. per unit: the cells hold kr.

    # The case year by year, with its totals over the period
    top = 6
    t.heading(ws, top, "Casen år for år (Scenarier)", unit)
    ws.write(top + 1, 0, "Prisvisning", s.label)
    ws.write_formula(top + 1, 1, f"={t.where['price_view_word']}", s.bold_label)
    t.book.define_name(NAMES["price_view"], f"={ref(NAME, top + 1, 1)}")
    head = top + 2
    t.write_text(ws, head, 0, "{Unit}", s.header)
    t.spill(ws, head, 1, head, last, f"={years}", s.year)
    ws.write(head, last + 1, "I alt", s.header)
    t.book.define_name(NAMES["years"], f"={rng(NAME, head, 1, head, last)}")
    r = head + 1
    for k, label in CASE_ROWS:
        ws.write(r, 0, label, s.label)
        t.spill(ws, r, 1, r, last, f"={row_range(table, k)}", computed)
        ws.write_formula(r, last + 1, f"={plus(rng(None, r, 1, r, last))}", computed)
        r += 1
    ws.write(r, 0, f"Udgift før casens første år ({ex.years[0] - 1}; Scenarier)", s.label)
    ws.write_formula(r, last + 1, f"={t.where['prior_costs']}", computed)
    t.book.define_name(NAMES["prior_costs"], f"={ref(NAME, r, last + 1)}")
    prior_row = r
    r += 1
    ws.write(r, 0, "Nettoresultat", s.bold_label)
    t.spill(ws, r, 1, r, last, f"={row_range(table, NET_ROW)}", bold)
    ws.write_formula(r, last + 1, f"={plus(rng(None, r, 1, r, last))}+{xl_rowcol_to_cell(prior_row, last + 1)}",
                     bold)
    net = rng(NAME, r, 1, r, last)
    t.where["summary_net"] = net
    t.where["summary_total"] = ref(NAME, r, last + 1)
    t.book.define_name(NAMES["net"], f"={net}")
    r += 1
    ws.write(r, 0, "Akkumuleret nettoresultat", s.bold_label)
    t.spill(ws, r, 1, r, last, f"={row_range(table, CUMULATIVE_ROW)}", bold)
    cumulative = rng(NAME, r, 1, r, last)
    t.where["summary_cumulative"] = cumulative
    t.book.define_name(NAMES["cumulative"], f"={cumulative}")
    r += 1
    ws.write(r, 0, "Nutidsværdi (akkumuleret, tilbagediskonteret)", s.label)
    t.spill(ws, r, 1, r, last, f"={row_range(table, PRESENT_VALUE_ROW)}", computed)
    t.where["summary_present_value"] = ref(NAME, r, last)
    t.book.define_name(NAMES["present_value"], f"={t.where['summary_present_value']}")
    r += 1
    ws.write(r, 0, "Tilbagebetalingsår (akkumuleret ≤ 0)", s.bold_label)
    payback = t.where["scenario_payback"]
    net_last, cum_last = f"INDEX({net},{last})", f"INDEX({cumulative},{last})"
    ws.merge_range(r, 1, r, last + 1, "", s.bold_label)
    ws.write_formula(r, 1, "=" + payback_words(payback, cum_last, net_last, last_year), s.bold_label)
    t.where["summary_payback"] = ref(NAME, r, 1)
    t.book.define_name(NAMES["payback_words"], f"={ref(NAME, r, 1)}")
    t.book.define_name(NAMES["payback"], f"={payback}")

    answers_top = r + 2
    end = _answers(t, ws, answers_top, cumulative, net, payback)
    end = _bridge(t, ws, end + 1)
    _chart(t, ws)

    second = end + 2
    t.new_page(ws, second)
    _uncertainty(t, ws, second)
    _effects(t, ws, second + 8)
    _risks(t, ws, second + 14)
    _assumptions(t, ws, second)
    _sources(t, ws, second + 14 + 2 + len(ex.risks) + 1)


def _answers(t: Template, ws, top: int, cumulative: str, net: str, payback: str) -> int:
    """The same question's other answers, each with its name; returns the row after the table."""
    ex, s = t.example, t.styles
    computed = t.money[0]
    last = len(ex.years)
    last_year = ex.years[-1]
    t.heading(ws, top, "Samme spørgsmål, andre svar: hvornår tjener casen sig hjem? ({unit})")
    ws.write_row(top + 1, 0, ["Svar (fane)", f"Investering\n{ex.years[0]}", f"Netto\n{last_year}",
                              f"Resultat\ni alt {last_year}"], s.header)
    ws.merge_range(top + 1, 4, top + 1, last, "Tilbagebetalingsår", s.header)
    ws.write(top + 1, last + 1, f"Ellers, med\n{last_year}-niveau", s.header)
    ws.set_row(top + 1, 30)
    # the case is the document's last model, derived (scenario_tables.py): named, so the committee sees which
    case_model = f"{ex.scenario_tables[-1][0]}, " if ex.scenario_tables else ""
    rows = [
        (f'="Casen: {case_model}"&LOWER({t.where["price_view_word"]})&" (Scenarier)"',
         f"INDEX({row_range(t.where['scenario_table'], 3)},1)", f"INDEX({net},{last})",
         f"INDEX({cumulative},{last})", payback),
        (f'="Samme case med "&LOWER({t.where["other_view_name"]})&" (Scenarier)"',
         f"INDEX({row_range(t.where['scenario_table'], 3)},1)", t.where["other_view_net"],
         t.where["other_view_cumulative"], t.where["other_view_payback"]),
    ]
    if ex.scenario_tables:
        for k, (name, *_rest) in enumerate(ex.scenario_tables):
            model = t.where[f"model_{k}"]
            model_net, model_cumulative = row_range(model, 7), row_range(model, 8)
            rows.append((f"Notatets model: {name} (Investeringscase)", f"INDEX({row_range(model, 4)},1)",
                         f"INDEX({model_net},{last})", f"INDEX({model_cumulative},{last})",
                         f"IF(ISNA(PAYBACKYEAR({model_net},{row_range(model, 0)})),0,"
                         f"PAYBACKYEAR({model_net},{row_range(model, 0)}))"))
    else:
        rows.append((f"{ex.document}s tabel (Investeringscase)", f"INDEX({t.where['investment']},1)",
                     f"INDEX({t.where['net']},{last})", f"INDEX({t.where['cumulative']},{last})",
                     f"IF(ISNA({t.where['payback']}),0,{t.where['payback']})"))
        if "bdo_net" in t.where:  # BDO's original case, 2017–2021: its last year is the row's
            bdo_net, bdo_years = t.where["bdo_net"], t.where["bdo_years"]
            bdo_last = len(ex.bdo_years)
            rows.append((f"BDO's tabel {ex.bdo_years[0]}–{ex.bdo_years[-1]} (Investeringscase)",
                         f"INDEX({t.where['bdo_investment']},{list(ex.bdo_years).index(ex.years[0]) + 1})",
                         f"INDEX({bdo_net},{bdo_last})", f"INDEX(CUMULATIVE({bdo_net}),{bdo_last})",
                         f"IF(ISNA(PAYBACKYEAR({bdo_net},{bdo_years})),0,PAYBACKYEAR({bdo_net},{bdo_years}))"))
    for k, (label, investment, net_last, cum_last, year) in enumerate(rows):
        row = top + 2 + k
        style = s.bold_label if k == 0 else s.label
        if label.startswith("="):
            ws.write_formula(row, 0, label, style)
        else:
            ws.write(row, 0, label, style)
        ws.write_formula(row, 1, f"={investment}", computed)
        ws.write_formula(row, 2, f"={net_last}", computed)
        ws.write_formula(row, 3, f"={cum_last}", computed)
        cum_cell, net_cell = xl_rowcol_to_cell(row, 3), xl_rowcol_to_cell(row, 2)
        ws.merge_range(row, 4, row, last, "", s.dash)
        ws.write_formula(row, 4, f'=IF({year}>0,{year}&"","ikke inden {last_year}")', s.dash)
        ws.write_formula(row, last + 1, f'=IF({year}>0,"",IF({net_cell}<0,"ca. "&({last_year}+ROUNDUP({cum_cell}/'
                                        f'-{net_cell},0)),"aldrig"))', s.dash)
    end = top + 2 + len(rows)
    t.where["summary_answers"] = rng(NAME, top + 2, 0, end - 1, 0)
    t.where["summary_answers_cumulative"] = rng(NAME, top + 2, 3, end - 1, 3)
    t.where["summary_answers_payback"] = rng(NAME, top + 2, 4, end - 1, 4)
    t.where["summary_answers_later"] = rng(NAME, top + 2, last + 1, end - 1, last + 1)
    t.book.define_name(NAMES["answers"], f"={t.where['summary_answers']}")
    t.book.define_name(NAMES["answers_cumulative"], f"={t.where['summary_answers_cumulative']}")
    t.book.define_name(NAMES["answers_payback"], f"={t.where['summary_answers_payback']}")
    t.book.define_name(NAMES["answers_later"], f"={t.where['summary_answers_later']}")
    note = ("Casen regner ud fra anbringelsernes antal og priser med de valgte tillæg, fradrag og øvrige udgifter; "
            "notatets tabel er dets budgetopgørelse; BDO's tal er for BDO's sidste år. Broen nedenfor viser trin for "
            "trin forskellen mellem notatets tabel og casen. \"Ellers\": året, det akkumulerede resultat er tjent "
            "hjem, hvis nettoresultatet bliver på sidste års niveau.")
    if ex.scenario_tables:
        note = ("Notatets tre modeller er dets egne tabeller (ingen tillæg og fradrag); casen er Børn og Unge regnet "
                "ud fra aktivitetstallene med de valgte tillæg og fradrag. \"Ellers\": året, det akkumulerede resultat "
                "er tjent hjem, hvis nettoresultatet bliver på sidste års niveau.")
    t.paragraph(ws, end, note, last + 1, lines=3)
    # Where the case counts no price growth beyond P/L, both price views give the same result: say so
    same = ("Samme case med budgetpres giver her det samme som faste priser, fordi casen ikke regner med "
            "prisvækst ud over P/L.")
    ws.write_formula(end, 0, f"={_text(note)}&IF(Merprisvaekst=0,{_text(' ' + same)},\"\")", t.styles.paragraph)
    t.where["summary_answers_note"] = ref(NAME, end, 0)
    return end + 1


def _text(text: str) -> str:
    """A text as an Excel formula's string, in pieces of at most 255 characters (Excel's limit for one)."""
    pieces = [text[i:i + 255] for i in range(0, len(text), 255)] or [""]
    return "&".join('"' + piece.replace('"', '""') + '"' for piece in pieces)


def _bridge(t: Template, ws, top: int) -> int:
    """The bridge from the document's table to the case (Scenarier), each step's effect at the last year; returns
    its last row."""
    ex, s = t.example, t.styles
    computed, bold, _ = t.money
    t.heading(ws, top, f"Fra {ex.document}s tabel til casen: akkumuleret {ex.years[-1]} trin for trin "
                       f"(Scenarier)", "{unit}")
    ws.write(top + 1, 0, "Trin", s.header)
    ws.write(top + 1, 1, "Virkning", s.header)
    ws.write(top + 2, 0, f"{ex.document}s tabel (Investeringscase)", s.bold_label)
    ws.write_formula(top + 2, 1, f"={t.where['bridge_start']}", bold)
    labels, effects = row_cells(t.where["bridge_labels"]), row_cells(t.where["bridge_effects"])
    for k, (label, effect) in enumerate(zip(labels, effects, strict=True)):
        ws.write_formula(top + 3 + k, 0, f"={label}", s.label)
        ws.write_formula(top + 3 + k, 1, f"={effect}", computed)
    end = top + 3 + len(labels)
    ws.write(end, 0, "Casen (øverst)", s.bold_label)
    ws.write_formula(end, 1, f"={t.where['bridge_start']}+{plus(rng(None, top + 3, 1, end - 1, 1))}", bold)
    ws.merge_range(top + 2, 2, end, len(ex.years) + 1, "", s.paragraph)
    ws.write(top + 2, 2, "Hvert trin er hele casen regnet igen med ét valg mere end trinnet før (fanen Scenarier). "
                         "Virkningen er forskellen, så trinnene lægger sig nøjagtigt sammen til forskellen mellem "
                         "tabellen og casen. Et trin på 0 er et valg, der ikke ændrer noget her.", s.paragraph)
    t.where["summary_bridge_start"] = ref(NAME, top + 2, 1)
    t.where["summary_bridge_effects"] = rng(NAME, top + 3, 1, end - 1, 1)
    t.where["summary_bridge_labels"] = rng(NAME, top + 3, 0, end - 1, 0)
    t.where["summary_bridge_end"] = ref(NAME, end, 1)
    t.book.define_name(NAMES["bridge_from"], f"={ref(NAME, top + 2, 0)}")
    t.book.define_name(NAMES["bridge_start"], f"={t.where['summary_bridge_start']}")
    t.book.define_name(NAMES["bridge_steps"], f"={t.where['summary_bridge_labels']}")
    t.book.define_name(NAMES["bridge_effects"], f"={t.where['summary_bridge_effects']}")
    return end


def _uncertainty(t: Template, ws, top: int) -> None:
    """The base case beside the Monte Carlo's median, P10 and P90; the chance of paying back in one sentence."""
    ex, s = t.example, t.styles
    computed = t.money[0]
    last = len(ex.years)
    years = t.case_years
    horizon = t.where["horizon"]
    montecarlo = t.where["montecarlo"]
    paid_back = f"INDEX({row_range(montecarlo, montecarlo_row(None))},{horizon})"
    at_horizon = f"INDEX({years},{horizon})"
    sensitive = f"INDEX({t.where['tornado_labels']},1)"

    t.heading(ws, top, f"Usikkerheden i {ex.montecarlo_n:,} simuleringer (Usikkerhed)".replace(",", "."), "{unit}")
    ws.write_row(top + 1, 0, ["", "Basiscasen", "Median", "10 %", "90 %"], s.header)
    ws.write(top + 2, 0, f"Akkumuleret nettoresultat {ex.years[-1]}", s.label)
    ws.write_formula(top + 2, 1, f"=INDEX({t.where['scenario_cumulative']},{last})", computed)
    for j, level in enumerate((1, 0, 2)):
        percentile = row_range(montecarlo, montecarlo_row(CUMULATIVE, level))
        ws.write_formula(top + 2, 2 + j, f"=INDEX({percentile},{last})", computed)
    t.where["summary_percentiles"] = rng(NAME, top + 2, 1, top + 2, 4)
    ws.write_formula(top + 3, 0, f'="Andel af simuleringerne, der har tjent sig hjem i "&{at_horizon}', s.label)
    ws.write_formula(top + 3, 1, f"={paid_back}", s.bold_share)
    ws.write(top + 4, 0, "Mest følsomme forudsætning (tornado)", s.label)
    ws.merge_range(top + 4, 1, top + 4, 4, "", s.bold_label)
    ws.write_formula(top + 4, 1, f"={sensitive}", s.bold_label)
    words = (f'="Chancen for, at casen har tjent sig hjem inden for "&{horizon}&" år (senest "&{at_horizon}&"), '
             f'er "&ROUND(100*{paid_back},0)&" %: i "&ROUND(100*{paid_back},0)&" af 100 simuleringer, hvor hver '
             f'forudsætning trækkes inden for sit spænd, er det akkumulerede resultat nået 0 eller derunder i "'
             f'&{at_horizon}&"."')
    ws.merge_range(top + 5, 0, top + 6, 6, "", s.text)
    ws.write_formula(top + 5, 0, words, s.text)
    t.where["summary_paid_back"] = ref(NAME, top + 3, 1)
    t.where["summary_sensitive"] = ref(NAME, top + 4, 1)
    t.where["summary_words"] = ref(NAME, top + 5, 0)


def _effects(t: Template, ws, top: int) -> None:
    """What the case does for the children: placements, the share in family care, the caseload."""
    ex, s = t.example, t.styles
    base_cells = row_cells(t.where["case_base"])
    target_cells = row_cells(column_ranges(t.where["case_target"])[-1])
    rows = ex.placement_rows if ex.placement_rows is not None else range(len(base_cells))

    def total(cells, which) -> str:
        return "+".join(cells[k] for k in which)

    t.heading(ws, top, "Effekt for børnene")
    ws.write_row(top + 1, 0, ["Nøgletal", "Uden", f"Med, {ex.years[-1]}"], s.header)
    ws.merge_range(top + 1, 3, top + 1, 6, "Kilde", s.header)
    placed_base, placed_target = total(base_cells, rows), total(target_cells, rows)
    family_base, family_target = total(base_cells, ex.family_rows), total(target_cells, ex.family_rows)
    sheet = _sheet_of(t.where["case_base"])
    effect_rows = [
        ("Anbragte børn og unge (antal)", f"={placed_base}", f"={placed_target}", s.int,
         f"{sheet}: {ex.snapshot_labels[ex.case_base]} mod planen"),
        ("Andel anbragt i pleje- eller netværksfamilie", f"=({family_base})/({placed_base})",
         f"=({family_target})/({placed_target})", s.share, f"{sheet}: familiepleje af alle anbragte"),
    ]
    if "caseload" in t.where:
        effect_rows.append(("Sagstal (sager pr. rådgiver): nu og målet", f"={t.where['caseload']}", "=Maal_sagstal",
                            s.num1, f"{staffing.NAME} og {assumptions.NAME}"))
    for k, (label, before, after, style, source) in enumerate(effect_rows):
        row = top + 2 + k
        ws.write(row, 0, label, s.label)
        ws.write_formula(row, 1, before, style)
        ws.write_formula(row, 2, after, style)
        ws.merge_range(row, 3, row, 6, source, s.note)
    t.where["summary_effects"] = rng(NAME, top + 2, 1, top + 1 + len(effect_rows), 2)


def _sheet_of(where: str) -> str:
    """The sheet of a reference: ``'Aktivitet'!$B$5:$B$9`` → ``Aktivitet``."""
    return where.rpartition("!")[0].strip("'")


def _risks(t: Template, ws, top: int) -> None:
    """The main risks the documents name: risk, consequence, what is done."""
    ex, s = t.example, t.styles
    t.heading(ws, top, f"De vigtigste risici ({ex.document})")
    ws.write(top + 1, 0, "Risiko", s.header)
    ws.merge_range(top + 1, 1, top + 1, 3, "Konsekvens", s.header)
    ws.merge_range(top + 1, 4, top + 1, 6, "Hvad gøres", s.header)
    for k, (risk, consequence, action) in enumerate(ex.risks):
        row = top + 2 + k
        ws.write(row, 0, risk, s.text)
        ws.merge_range(row, 1, row, 3, consequence, s.text)
        ws.merge_range(row, 4, row, 6, action, s.text)
        ws.set_row(row, 45)
    t.where["summary_risks"] = rng(NAME, top + 2, 0, top + 1 + len(ex.risks), 0)


def _sources(t: Template, ws, top: int) -> None:
    ex = t.example
    t.heading(ws, top, "Kilder")
    for k, text in enumerate(ex.documents):
        t.paragraph(ws, top + 1 + k, text, 6)


def _assumptions(t: Template, ws, top: int) -> None:
    """The key assumptions, each from the sheet where it is typed (its source is written there)."""
    ex, s = t.example, t.styles
    target = column_ranges(t.where["case_target"])[-1]
    advisers = row_cells(t.where["investment_advisers"])[0]
    counts = _sheet_of(t.where["case_base"])
    what = "Anbringelser" if ex.placement_rows is None else "Sager (alle typer)"
    rows = (
        (f"{what} uden indsatsen", f"=SUM({t.where['case_base']})", s.int, counts),
        (f"{what} i {ex.years[-1]}", f"=SUM({target})", s.int, counts),
        ("Ekstra socialrådgivere (årsværk, første år)", f"={advisers}", s.num1, staffing.NAME),
        ("Udgift pr. socialrådgiver ({unit} pr. år)", "=Udgift_pr_raadgiver", s.mio2, assumptions.NAME),
        ("Pris- og lønudvikling (P/L) pr. år", "=Prisudvikling", s.share, assumptions.NAME),
        ("Prisvækst ud over P/L pr. år", "=Merprisvaekst", s.share, scenarios.NAME),
        ("Afsmitning til hjemmebaserede indsatser", "=Andel_hjemmebaseret", s.share, assumptions.NAME),
        ("Afsmitning til forebyggende indsatser", "=Andel_forebyggende", s.share, assumptions.NAME),
        ("Dødvægt", "=Doedvaegt", s.share, scenarios.NAME),
        ("Optimismefradrag i besparelsen", "=Optimismefradrag", s.share, scenarios.NAME),
        ("Optimismetillæg på udgifterne", "=Optimismetillaeg", s.share, scenarios.NAME),
        ("Diskonteringsrente (nutidsværdi)", "=Diskonteringsrente", s.share, assumptions.NAME),
        ("Prisvisning", f"={t.where['price_view_word']}", s.dash, scenarios.NAME),
        ("Horisont for tilbagebetaling (år)", f"={t.where['horizon']}", s.int, uncertainty.NAME),
    )
    ws.write(top, 8, "Centrale forudsætninger", s.subtitle)
    ws.write_row(top + 1, 8, ["Forudsætning", "Værdi", "Fane"], s.header)
    for k, (label, formula, style, sheet) in enumerate(rows):
        row = top + 2 + k
        t.write_text(ws, row, 8, label, s.label)
        ws.write_formula(row, 9, formula, style)
        ws.write(row, 10, sheet, s.note)
    t.where["summary_assumptions"] = rng(NAME, top + 2, 9, top + 1 + len(rows), 9)


def _chart(t: Template, ws) -> None:
    """The net result by year (columns), cumulative (line), the Monte Carlo's median, 10 % and 90 % paths."""
    chart = t.book.add_chart({"type": "column"})
    chart.add_series({"name": t.series_name("Nettoresultat"), "categories": t.case_years,
                      "values": t.chart_values(t.where["scenario_net"]),
                      "fill": {"color": "#4472C4"}})
    line = t.book.add_chart({"type": "line"})
    line.add_series({"name": t.series_name("Akkumuleret (casen)"), "categories": t.case_years,
                     "values": t.chart_values(t.where["scenario_cumulative"]),
                     "line": {"color": "#C00000", "width": 2.25}, "marker": {"type": "circle", "size": 6}})
    for level, name, colour, dash in ((1, "Akkumuleret, median", "#1F3864", "solid"),
                                      (0, "Akkumuleret, 10 % af simuleringerne", "#70AD47", "dash"),
                                      (2, "Akkumuleret, 90 % af simuleringerne", "#ED7D31", "dash")):
        line.add_series({"name": t.series_name(name), "categories": t.case_years,
                         "values": t.chart_values(row_range(t.where["montecarlo"], montecarlo_row(CUMULATIVE, level))),
                         "line": {"color": colour, "width": 1.5, "dash_type": dash}})
    chart.combine(line)
    t.year_chart(ws, chart, "Nettoresultat og akkumuleret (op = merudgift, ned = besparelse)",
                 t.money_format, row=3, col=8, size=(640, 300))
