"""The sheet "Investeringscase" in Roskilde's layout: the note's three scenarios for 2019–2023.

It imitates Roskilde's scenario tables (ROS, ``shared/SHEETS.md`` item 11), one for each target group (Børn,
Unge, Børn og Unge): Investering (Rådgivere, Kompetenceudvikling og projektledelse, Investering i alt),
Driftsbesparelse and "Samlet driftsændring" (NETSAVING), with the running total (CUMULATIVE). The whole
case (Børn og Unge) is derived where the note derives it: its investment from Sagstal (advisers × cost per
adviser + training, ADVISERCOST) and its 2023 saving from the activity table (ACTIVITYEFFECT on
Anbringelser). Its savings 2020–2022 are the note's phasing, typed; Scenarier follows them.
"""

from __future__ import annotations

from itertools import cycle

from ..workbook import Template, ref, rng, row_cells

NAME = "Investeringscase"

#: The sheet's source note: each figure that stays typed and why, and where the others come from.
TYPED_AND_DERIVED = (
    "Indtastet: driftsbesparelsen 2019–2022 i alle tre scenarier. Notatets indfasning kan ikke udledes af "
    "aktivitetstallene (de giver en besparelse allerede fra 2019, se Anbringelser).",
    "Indtastet: rådgivere og kompetenceudvikling for Børn og for Unge og deres besparelse i 2023: notatet har "
    "ingen aktivitetstabel for dem, og udgiften pr. rådgiver er forskellig i de tre modeller.",
    "Beregnet: Børn og Unges investering (Sagstal: 11 rådgivere × udgift pr. rådgiver + kompetenceudvikling), "
    "dens besparelse i 2023 (aktivitetstabellens økonomiske effekt på Anbringelser: 6,5 mio. kr.) og hvert "
    "scenaries samlede driftsændring (investering − besparelse).",
)


def write(t: Template) -> None:
    """Write the three scenario tables; the whole case (the last) is derived from Sagstal and Anbringelser."""
    ex, s = t.example, t.styles
    ws = t.sheet(NAME, {"A:A": 64, "B:F": 13, "G:G": 4, "H:H": 30, "I:I": 12})
    years, last = ex.years, len(ex.years)
    ws.write(0, 0, f"Investeringscase: tre omstillingsscenarier – {ex.municipality}", s.title)
    computed, bold, money = t.money
    t.write_text(ws, 1, 0, "Samlet driftsændring = investering i alt − driftsbesparelse. Positiv = merudgift, "
                           "negativ = besparelse. Beløb i {unit}", s.note)
    top = 3
    nets = []
    for k, (name, fte, advisers, training, savings_label, savings) in enumerate(ex.scenario_tables):
        whole_case = k == len(ex.scenario_tables) - 1
        t.heading(ws, top, f"{name} (ca. {fte:g} rådgiverårsværk)", "{unit}")
        t.years_header(ws, top + 1, 1, years, "{Unit}")
        ws.write(top + 2, 0, "Investering", s.bold_label)
        ws.write(top + 3, 0, "Rådgivere", s.label)
        ws.write(top + 4, 0, "Kompetenceudvikling og projektledelse", s.label)
        ws.write(top + 5, 0, "Investering i alt", s.bold_label)
        if whole_case:
            t.spill(ws, top + 3, 1, top + 3, last,
                    f"=ADVISERCOST({t.where['investment_advisers']},Udgift_pr_raadgiver)", computed)
            for j, cell in enumerate(row_cells(t.where["investment_training"])):
                ws.write_formula(top + 4, 1 + j, f"={cell}", computed)
            for j, cell in enumerate(row_cells(t.where["investment"])):
                ws.write_formula(top + 5, 1 + j, f"={cell}", bold)
        else:
            t.input_row(ws, top + 3, 1, advisers, money)
            t.input_row(ws, top + 4, 1, training, money)
            t.column_sums(ws, top + 5, 1, last, top + 3, top + 4, bold)
        ws.write(top + 6, 0, "Driftsbesparelse", s.bold_label)
        ws.write(top + 7, 0, savings_label, s.label)
        for j, saving in enumerate(savings):
            if whole_case and j == last - 1:  # the note's 2023 saving is the activity table's effect
                ws.write_formula(top + 7, 1 + j, f"=-{t.where['activity_total']}", computed)
            elif saving is None:
                ws.write_string(top + 7, 1 + j, "-", s.input_dash)
            else:
                ws.write_number(top + 7, 1 + j, saving, money)
                if money is s.input_mio1:
                    t.typed_in_kroner(ws, top + 7, 1 + j, top + 7, 1 + j)
        investment, saving_row = (rng(None, top + r, 1, top + r, last) for r in (5, 7))
        ws.write(top + 8, 0, "Samlet driftsændring", s.bold_label)
        t.spill(ws, top + 8, 1, top + 8, last, f"=NETSAVING({investment},{saving_row})", bold)
        ws.write(top + 9, 0, "Akkumuleret", s.label)
        t.spill(ws, top + 9, 1, top + 9, last, f"=CUMULATIVE({rng(None, top + 8, 1, top + 8, last)})", computed)
        nets.append((name, rng(NAME, top + 8, 1, top + 8, last)))
        t.where[f"net_{name}"] = rng(NAME, top + 8, 1, top + 8, last)
        if whole_case:
            t.where["case_savings"] = rng(NAME, top + 7, 1, top + 7, last)
            t.where["net"] = rng(NAME, top + 8, 1, top + 8, last)
            t.where["cumulative"] = rng(NAME, top + 9, 1, top + 9, last)
            t.where["years"] = rng(NAME, top + 1, 1, top + 1, last)
            t.where["case_investment_total"] = rng(NAME, top + 5, 1, top + 5, last)
        t.where[f"model_{k}"] = rng(NAME, top + 1, 1, top + 9, last)  # years .. cumulative
        t.where[f"model_{k}_name"] = name
        top += 12

    ws.write(top, 0, "Hvad er indtastet, og hvorfor", s.subtitle)
    for k, text in enumerate(TYPED_AND_DERIVED):
        t.paragraph(ws, top + 1 + k, text, 5, lines=2)
    t.where["sources_note"] = ref(NAME, top + 1, 0)

    chart = t.book.add_chart({"type": "column"})
    # One colour per scenario, repeated from the first if an example has more than three (zip would drop them).
    for (name, values), colour in zip(nets, cycle(("#9DC3E6", "#2E75B6", "#1F3864"))):
        chart.add_series({"name": t.series_name(name), "categories": t.where["years"], "values": t.chart_values(values),
                          "fill": {"color": colour}})
    t.year_chart(ws, chart, "Samlet driftsændring pr. år (positiv = merudgift)", t.money_format)
