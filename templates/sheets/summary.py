"""The sheet "Sammendrag": the case on one page, the workbook's first sheet and the PDF's first page.

It opens the workbook the way the State's business case model opens with a management summary
(ledelsesresumé): the case from Scenarier year by year (its parts, the net result, cumulative and present
value), the payback year and the document's own table for comparison; a chart of the net result with the
Monte Carlo's 10 % and 90 % paths; the uncertainty in words from Usikkerhed (the chance of paying back
within the horizon, Aabenraa's four-year rule; the assumption the result is most sensitive to, from the
tornado); the key assumptions; the sources. Every figure and every sentence is a formula on the other
sheets, so the page stays true after every edit.

The sheet is added first but filled last: :func:`write` adds it and returns the function that fills it once
every sheet it reads has been written (``build.write_sheets``).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby

from ..workbook import Template, column_ranges, ref, rng, row_cells, row_range
from . import assumptions, placements, scenarios, staffing, uncertainty

NAME = "Sammendrag"

#: The rows of INVESTMENTCASE (``udfs.investmentcase.ROW_LABELS``) the summary shows: the parts, net, cumulative,
#: present value; the net result is bold.
CASE_ROWS = (1, 2, 3, 4, 5, 6, 7)
NET_ROW = 5
#: Usikkerhed's Monte Carlo has three percentiles (10 %, median, 90 %) of each measure, then the share paid back.
LEVELS = 3
CUMULATIVE = "Akkumuleret nettoresultat"  # udfs.uncertainty.MONTECARLO_MEASURES


def montecarlo_row(measure: str | None, level: int = 0) -> int:
    """The row of MONTECARLO's result (0-based) with a measure's percentile, or (``None``) the share paid back."""
    from trappen.udfs.uncertainty import MONTECARLO_MEASURES

    if measure is None:
        return LEVELS * len(MONTECARLO_MEASURES)
    return LEVELS * MONTECARLO_MEASURES.index(measure) + level


def write(t: Template) -> Callable[[], None]:
    """Add Sammendrag as the next sheet (the first); returns what fills it after the other sheets."""
    ex = t.example
    money_width = 10 if ex.case_scale > 1 else 12.5
    ws = t.sheet(NAME, {"A:A": 50, "B:F": money_width, "G:G": 2, "H:H": 42, "I:I": 11, "J:J": 14})
    ws.fit_to_pages(1, 1)  # one page, always
    return lambda: _fill(t, ws)


def _fill(t: Template, ws) -> None:
    from trappen.udfs.investmentcase import ROW_LABELS

    ex, s = t.example, t.styles
    computed, bold, _ = t.money
    last = len(ex.years)
    ws.write(0, 0, f"Sammendrag: investeringscase – {ex.municipality}", s.title)
    ws.merge_range(1, 0, 1, 9, "", s.paragraph)
    ws.write(1, 0, "Casen regnet ud fra anbringelserne (Scenarier) med Trappens funktioner. Alle tal og sætninger "
                   "på denne side er formler, der henter fra de andre faner, og følger med, når et tal ændres. "
                   f"Beløb i {ex.case_unit}; positiv = merudgift, negativ = besparelse.", s.paragraph)
    ws.set_row(1, 27)

    years = t.case_years
    last_year = f"INDEX({years},{last})"
    horizon = t.where["horizon"]
    payback = t.where["scenario_payback"]

    # The case year by year
    t.heading(ws, 3, "Casen år for år", ex.case_unit)
    ws.write(4, 0, ex.case_unit.capitalize(), s.header)
    t.spill(ws, 4, 1, 4, last, f"={years}", s.year)
    # Scenarier's rows as whole ranges (a few formulas, not one a cell), the net result bold
    table = t.where["scenario_table"]
    for is_net, group in groupby(enumerate(CASE_ROWS, start=5), key=lambda row_k: row_k[1] == NET_ROW):
        rows = list(group)
        (first, k), count = rows[0], len(rows)
        for row, k_row in rows:
            ws.write(row, 0, ROW_LABELS[k_row], s.bold_label if is_net else s.label)
        t.spill(ws, first, 1, first + count - 1, last, f"={row_range(table, k, count)}", bold if is_net else computed)
    r = 5 + len(CASE_ROWS)
    ws.write(r, 0, "Tilbagebetalingsår (akkumuleret ≤ 0)", s.bold_label)
    ws.write_formula(r, 1, f'=IF({payback}=0,"ikke inden "&{last_year},{payback})', s.bold_year)
    ws.write(r + 1, 0, "Nutidsværdi over hele perioden", s.label)
    ws.write_formula(r + 1, 1, f"=INDEX({row_range(table, 7)},{last})", computed)
    ws.write(r + 2, 0, f"Til sammenligning: {ex.document}s tabel (Investeringscase)", s.label)
    t.spill(ws, r + 2, 1, r + 2, last, f"={t.where['net']}", computed)
    t.where["summary_net"] = rng(NAME, 5 + CASE_ROWS.index(NET_ROW), 1, 5 + CASE_ROWS.index(NET_ROW), last)
    t.where["summary_payback"] = ref(NAME, r, 1)
    t.where["summary_present_value"] = ref(NAME, r + 1, 1)

    _uncertainty(t, ws, r + 4, horizon, payback, last_year)
    _assumptions(t, ws, 19)  # below the chart
    _chart(t, ws)


def _uncertainty(t: Template, ws, top: int, horizon: str, payback: str, last_year: str) -> None:
    """Usikkerhed in figures and in words: the chance of paying back, the percentiles, the tornado's first."""
    ex, s = t.example, t.styles
    computed = t.money[0]
    years = t.case_years
    montecarlo = t.where["montecarlo"]
    paid_back = f"INDEX({row_range(montecarlo, montecarlo_row(None))},{horizon})"
    at_horizon = f"INDEX({years},{horizon})"
    sensitive = f"INDEX({t.where['tornado_labels']},1)"

    t.heading(ws, top, "Usikkerhed (fanen Usikkerhed)")
    ws.write_formula(top + 1, 0, f'="Andel af forløbene, der har tjent sig hjem i "&{at_horizon}', s.bold_label)
    ws.write_formula(top + 1, 1, f"={paid_back}", s.bold_share)
    ws.write(top + 2, 0, "Forløb (Monte Carlo), percentil", s.header)
    for j, level in enumerate(row_cells(t.where["montecarlo_levels"])):
        ws.write_formula(top + 2, 1 + j, f"={level}", s.header_share)
    ws.write_formula(top + 3, 0, f'="Akkumuleret nettoresultat i "&{at_horizon}', s.label)
    for j in range(LEVELS):
        percentile = row_range(montecarlo, montecarlo_row(CUMULATIVE, j))
        ws.write_formula(top + 3, 1 + j, f"=INDEX({percentile},{horizon})", computed)
    ws.write(top + 4, 0, "Mest følsomme forudsætning (tornado)", s.label)
    ws.write_formula(top + 4, 1, f"={sensitive}", s.bold_label)
    ws.write(top + 5, 0, f"Dens udsving mellem lav og høj værdi ({ex.case_unit})", s.label)
    ws.write_formula(top + 5, 1, f"=INDEX({t.where['tornado']},1,6)", computed)
    words = (f'=IF({payback}=0,"Basiscasen tjener sig ikke hjem inden "&{last_year}&".",'
             f'"Basiscasen tjener sig hjem i "&{payback}&".")'
             f'&" I "&ROUND(100*{paid_back},0)&" % af de simulerede forløb har casen tjent sig hjem inden for "'
             f'&{horizon}&" år (senest "&{at_horizon}&"; Aabenraas regel er fire år). Basiscasen er ét forløb med '
             f'casens egne værdier; forløbene trækker forudsætningerne mellem lav og høj. Resultatet er mest følsomt '
             f'for "&LOWER({sensitive})&"."')
    ws.merge_range(top + 6, 0, top + 8, 5, "", s.text)  # three rows of normal height: the rows beside stay so
    ws.write_formula(top + 6, 0, words, s.text)
    t.where["summary_paid_back"] = ref(NAME, top + 1, 1)
    t.where["summary_sensitive"] = ref(NAME, top + 4, 1)
    t.where["summary_words"] = ref(NAME, top + 6, 0)

    sources = top + 10
    t.heading(ws, sources, "Kilder")
    for k, text in enumerate(ex.documents):
        t.paragraph(ws, sources + 1 + k, text, 5)


def _assumptions(t: Template, ws, top: int) -> None:
    """The key assumptions, each from the sheet where it is typed (its source is written there)."""
    ex, s = t.example, t.styles
    target = column_ranges(t.where["case_target"])[-1]
    advisers = row_cells(t.where["investment_advisers"])[0]
    rows = (
        ("Antal uden indsatsen (casens basis)", f"=SUM({t.where['case_base']})", s.int, placements.NAME),
        (f"Antal med indsatsen i {ex.years[-1]}", f"=SUM({target})", s.int, placements.NAME),
        ("Ekstra socialrådgivere (årsværk, første år)", f"={advisers}", s.num1, staffing.NAME),
        (f"Udgift pr. socialrådgiver ({ex.case_unit} pr. år)", "=Udgift_pr_raadgiver",
         s.num2 if ex.case_scale > 1 else s.int, assumptions.NAME),
        ("Pris- og lønudvikling (P/L) pr. år", "=Prisudvikling", s.share, assumptions.NAME),
        ("Prisvækst ud over P/L pr. år", "=Merprisvaekst", s.share, scenarios.NAME),
        ("Afsmitning til hjemmebaserede indsatser", "=Andel_hjemmebaseret", s.share, assumptions.NAME),
        ("Afsmitning til forebyggende indsatser", "=Andel_forebyggende", s.share, assumptions.NAME),
        ("Dødvægt", "=Doedvaegt", s.share, scenarios.NAME),
        ("Optimismefradrag i besparelsen", "=Optimismefradrag", s.share, scenarios.NAME),
        ("Optimismetillæg på udgifterne", "=Optimismetillaeg", s.share, scenarios.NAME),
        ("Diskonteringsrente (nutidsværdi)", "=Diskonteringsrente", s.share, assumptions.NAME),
        ("Prisvisning", '=IF(Prisvisning=1,"samme priser","budgetpres")', s.dash, scenarios.NAME),
        ("Horisont for tilbagebetaling (år)", f"={t.where['horizon']}", s.int, uncertainty.NAME),
    )
    ws.write(top, 7, "Centrale forudsætninger", s.subtitle)
    ws.write_row(top + 1, 7, ["Forudsætning", "Værdi", "Fane"], s.header)
    for k, (label, formula, style, sheet) in enumerate(rows):
        row = top + 2 + k
        ws.write(row, 7, label, s.label)
        ws.write_formula(row, 8, formula, style)
        ws.write(row, 9, sheet, s.note)
    t.where["summary_assumptions"] = rng(NAME, top + 2, 8, top + 1 + len(rows), 8)


def _chart(t: Template, ws) -> None:
    """The net result by year (columns), cumulative (line) and the Monte Carlo's 10 % and 90 % cumulative paths."""
    ex = t.example
    chart = t.book.add_chart({"type": "column"})
    chart.add_series({"name": "Nettoresultat", "categories": t.case_years, "values": t.where["scenario_net"],
                      "fill": {"color": "#4472C4"}})
    line = t.book.add_chart({"type": "line"})
    line.add_series({"name": "Akkumuleret", "categories": t.case_years, "values": t.where["scenario_cumulative"],
                     "line": {"color": "#C00000", "width": 2.25}, "marker": {"type": "circle", "size": 6}})
    for level, name, colour in ((0, "Akkumuleret, 10 % af forløbene", "#70AD47"),
                                (2, "Akkumuleret, 90 % af forløbene", "#ED7D31")):
        line.add_series({"name": name, "categories": t.case_years,
                         "values": row_range(t.where["montecarlo"], montecarlo_row(CUMULATIVE, level)),
                         "line": {"color": colour, "width": 1.5, "dash_type": "dash"}})
    chart.combine(line)
    t.year_chart(ws, chart, f"Nettoresultat og akkumuleret ({ex.case_unit})", t.money_format,
                 row=3, col=7, size=(600, 300))
