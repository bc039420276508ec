"""The sheet "Opfølgning": the plan against the accounts, on the plan's footing (FOLLOWUP).

The accounts are measured as the plan is: at the plan's prices (the year before moved to the prices' year with
the P/L index of Forudsætninger), the saving on placements less the knock-on costs on home-based and preventive
help, and the investment. The realised net result sits beside the plan's (BDO's case for the accounts' year, on
Investeringscase) with the share of the plan's saving achieved; below, how the earlier way of counting
(placements alone, current prices, no investment) leads to it step by step, and the ramme against its budget
(the overspend of Regnskab, reconciled). All amounts in kr. (Regnskab's 1.000 kr. times 1.000), shown in the
workbook's unit; positive = merudgift.
"""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from ..workbook import Template, rng, row_cells

NAME = "Opfølgning"

#: What each role of an area means on the sheet.
ROLES = {"saving": "Planens besparelse", "knock_on": "Følgeudgift", None: "Indgår ikke"}


def _investment_line(t: Template, year: int) -> tuple:
    """The investment's line: BDO's yearly amount in the plan; in the accounts the same cost as the case counts
    for that year (Scenarier's months before the case's first year, when the advisers started during it)."""
    ex, s = t.example, t.styles
    if ex.prior_months is not None and year == ex.years[0] - 1:
        advisers = row_cells(t.where["investment_advisers"])[0]
        return (f"Investering (socialrådgivere; {ex.prior_months} måneder i {year} som på Scenarier)",
                "=Raadgivere_i_alt", f"=ADVISERCOST({advisers}*{ex.prior_months}/12,Udgift_pr_raadgiver)", s.label)
    return ("Investering (ekstra socialrådgivere, Forudsætninger)", "=Raadgivere_i_alt", "=Raadgivere_i_alt",
            s.label)


def write(t: Template) -> None:
    """Write Opfølgning from Regnskab's cells, the plan on Investeringscase and Forudsætninger's P/L index."""
    ex, s = t.example, t.styles
    ws = t.sheet(NAME, {"A:A": 50, "B:E": 14, "F:F": 18})
    year = ex.accounts_year
    before = year - 1
    ws.write(0, 0, f"Opfølgning: plan mod regnskab {year} – {ex.municipality}", s.title)
    t.paragraph(ws, 1, f"Regnskabet gøres op som planen: i faste priser ({ex.price_year}-P/L; regnskab {before} "
                       "løftet med pris- og lønindekset på Forudsætninger), besparelsen på anbringelser minus "
                       "følgeudgifterne på hjemmebaserede og forebyggende indsatser, og med investeringen. "
                       "{Unit}; positiv = merudgift, negativ = besparelse.", 5, lines=2)
    t.paragraph(ws, 2, ex.follow_up_story, 5, lines=3)

    # The accounts at the plan's prices, area by area
    top = 4
    t.heading(ws, top, f"Regnskabet i faste priser ({ex.price_year}-P/L)", "{unit}")
    ws.write_row(top + 1, 0, ["Område", f"Regnskab {before}", f"Regnskab {before} i {ex.price_year}-P/L",
                              f"Regnskab {year}", "Ændring (positiv = merudgift)", "I opfølgningen"], s.header)
    ws.set_row(top + 1, 45)
    rows, names = {}, {}
    for i, (label, track, role) in enumerate(ex.follow_up):
        row = top + 2 + i
        ws.write(row, 0, label, s.label)
        ws.write_formula(row, 1, f"={t.accounts_cells['2016'][track]}*1000", s.mio1)
        ws.write_formula(row, 2, f"=PRICEINDEX({xl_rowcol_to_cell(row, 1)},{before},Prisaar,PL_aar,PL_indeks)",
                         s.mio1)
        ws.write_formula(row, 3, f"={t.accounts_cells['2017'][track]}*1000", s.mio1)
        ws.write_formula(row, 4, f"={xl_rowcol_to_cell(row, 3)}-{xl_rowcol_to_cell(row, 2)}", s.mio1)
        ws.write(row, 5, ROLES[role], s.label)
        rows.setdefault(role, []).append(row)
        names[row] = label
    (saving,) = rows["saving"]
    knock_on = rows.get("knock_on", [])

    def cell(row: int, col: int) -> str:
        return xl_rowcol_to_cell(row, col)

    # Plan and accounts on the same footing
    top = top + 3 + len(ex.follow_up)
    t.heading(ws, top, f"Plan og regnskab {year} på samme grundlag", "{unit}; positiv = merudgift")
    ws.write_row(top + 1, 0, ["", "Planen (BDO)", f"Regnskab {year}", "Forskel (regnskab − plan)"], s.header)
    ws.set_row(top + 1, 45)
    k = list(ex.bdo_years).index(year)
    requirement = row_cells(t.where["bdo_requirement"])[k]  # printed negative, as a saving
    lines = [(names[saving], f"={requirement}", f"={cell(saving, 4)}", s.label)]
    for row in knock_on:
        label = names[row]
        lines.append((f"Følgeudgift: {label[0].lower() + label[1:]}", None, f"={cell(row, 4)}", s.label))
    lines.append(_investment_line(t, year))
    first = top + 2
    for i, (label, plan, realised, style) in enumerate(lines):
        r = first + i
        ws.write(r, 0, label, style)
        if len(label) > 56:  # wider than column A: two lines
            ws.set_row(r, 30)
        if plan is None:  # the plan's knock-on costs: an input (BDO counted none)
            ws.write_number(r, 1, ex.follow_up_planned_knock_on / max(len(knock_on), 1), s.input_mio1)
            t.typed_in_kroner(ws, r, 1, r, 1)
        else:
            ws.write_formula(r, 1, plan, s.mio1)
        ws.write_formula(r, 2, realised, s.mio1)
        ws.write_formula(r, 3, f"={cell(r, 2)}-{cell(r, 1)}", s.mio1)
    net = first + len(lines)
    plan_saving = f"-{cell(first, 1)}"
    actual, base = (cell(saving, 3), cell(saving, 2))
    knock = "+".join(cell(first + 1 + j, 2) for j in range(len(knock_on))) or "0"
    planned_knock = "+".join(cell(first + 1 + j, 1) for j in range(len(knock_on))) or "0"
    investment = cell(net - 1, 2)
    planned_investment = cell(net - 1, 1)
    followup = (f"FOLLOWUP({plan_saving},{actual},{base},{knock},{investment},{planned_knock},"
                f"{planned_investment})")
    ws.write(net, 0, "Nettoresultat", s.bold_label)
    ws.write_formula(net, 1, f"=INDEX({followup},2)", s.bold_mio1)
    ws.write_formula(net, 2, f"=INDEX({followup},1)", s.bold_mio1)
    ws.write_formula(net, 3, f"=INDEX({followup},3)", s.bold_mio1)
    ws.write(net + 1, 0, "Andel af planens besparelse nået (efter følgeudgifter)", s.bold_label)
    ws.write_formula(net + 1, 2, f"=INDEX({followup},4)", s.bold_share)
    t.reformat(ws, net + 1, 2, net + 1, 2, "0.0 %")
    # The prudent reading: a knock-on area that fell is not the plan's doing (the plan asks it to rise), so only
    # rises count; IF, not MAX (which skips text), so an error or a text stays an error
    ws.write(net + 2, 0, "Nettoresultat, hvis et fald i følgeudgifterne ikke tæller med", s.label)
    rises = "".join(f"+IF({c}>0,{c},0)" for c in (cell(first + 1 + j, 2) for j in range(len(knock_on))))
    ws.write_formula(net + 2, 2, f"={investment}+{cell(first, 2)}{rises}", s.mio1)
    t.where["follow_up"] = rng(NAME, net, 1, net, 3)
    t.where["follow_up_share"] = rng(NAME, net + 1, 2, net + 1, 2)
    t.where["follow_up_prudent"] = rng(NAME, net + 2, 2, net + 2, 2)
    t.where["follow_up_lines"] = rng(NAME, first, 1, net - 1, 2)
    t.paragraph(ws, net + 3, f"Planen: BDO's besparelseskrav og investering for {year} (Investeringscase); BDO "
                             "regnede ikke med følgeudgifter. Antagelse: investeringen er brugt som bevilget og "
                             "konteres ikke på rammen 30.46 (rådgivernes løn er administration); kontrollér i "
                             "kontoplanen.", 5, lines=2)

    t.paragraph(ws, net + 5, ex.follow_up_reading, 5, lines=5)

    # From the earlier way of counting to the plan's footing
    top = net + 7
    t.new_page(ws, top)
    t.heading(ws, top, "Fra den tidligere opgørelse til planens grundlag", "{unit}")
    ws.write_row(top + 1, 0, ["Opgørelse", "Besparelse efter følgeudgifter", "Nettoresultat med investeringen",
                              "Andel af planens besparelse"], s.header)
    ws.set_row(top + 1, 45)
    current = cell(saving, 1)
    current_knock = "+".join(f"({cell(row, 3)}-{cell(row, 1)})" for row in knock_on) or "0"
    steps = [
        ("Anbringelser alene, løbende priser (den tidligere opgørelse)", current, "0"),
        ("+ følgeudgifterne, løbende priser", current, current_knock),
        (f"+ faste priser ({ex.price_year}-P/L): planens grundlag", base, knock),
    ]
    for i, (label, baseline, costs) in enumerate(steps):
        r = top + 2 + i
        ws.write(r, 0, label, s.bold_label if i == len(steps) - 1 else s.label)
        ws.write_formula(r, 1, f"={baseline}-{actual}-({costs})", s.mio1)
        if i == len(steps) - 1:  # the plan's footing is the headline above: the same cells, not the call again
            ws.write_formula(r, 2, f"={cell(net, 2)}", s.mio1)
            ws.write_formula(r, 3, f"={cell(net + 1, 2)}", s.share)
        else:
            call = (f"FOLLOWUP({plan_saving},{actual},{baseline},{costs},{investment},{planned_knock},"
                    f"{planned_investment})")
            ws.write_formula(r, 2, f"=INDEX({call},1)", s.mio1)
            ws.write_formula(r, 3, f"=INDEX({call},4)", s.share)
    t.where["follow_up_steps"] = rng(NAME, top + 2, 1, top + 1 + len(steps), 3)

    # The ramme against its budget
    if "total_2016" in t.accounts_cells:
        top = top + 3 + len(steps)
        corrected, accounts, moved = t.accounts_cells["totals_2017"]
        t.heading(ws, top, f"Rammen mod budgettet {year}: hvorfor der er merforbrug", "{unit}")
        fixed_total = f"PRICEINDEX({t.accounts_cells['total_2016'][0]}*1000,{before},Prisaar,PL_aar,PL_indeks)"
        bridge = [
            (f"Regnskab {before} i alt i {ex.price_year}-P/L", f"={fixed_total}", s.label),
            (f"Korrigeret budget {year}", f"={corrected}*1000", s.label),
            (f"Budgettet under {before}-niveauet", f"={cell(top + 1, 1)}-{cell(top + 2, 1)}", s.label),
            (f"Rammens fald {before}–{year} i faste priser", f"={cell(top + 1, 1)}-{accounts}*1000", s.label),
            (f"Overført til {year + 1}", f"={moved}*1000", s.label),
            ("Merforbrug efter overførsler (Regnskab)",
             f"={t.where['overspend_total']}*1000", s.bold_label),
        ]
        for i, (label, formula, style) in enumerate(bridge):
            ws.write(top + 1 + i, 0, label, style)
            ws.write_formula(top + 1 + i, 1, formula, s.bold_mio1 if i == len(bridge) - 1 else s.mio1)
        t.where["follow_up_budget"] = rng(NAME, top + 1, 1, top + len(bridge), 1)
        t.paragraph(ws, top + 1 + len(bridge), "Merforbruget = budgettet under niveauet − rammens fald + det "
                                              "overførte (tallene ovenfor).", 5)
        top = top + len(bridge) + 1
    else:
        top = top + 3 + len(steps)

    chart = t.book.add_chart({"type": "column"})
    labels = rng(NAME, first, 0, net, 0)
    for col, name, colour in ((1, "Planen (BDO)", "#9DC3E6"), (2, f"Regnskab {year}", "#1F3864")):
        chart.add_series({"name": t.series_name(name), "categories": labels,
                          "values": t.chart_values(rng(NAME, first, col, net, col)),
                          "fill": {"color": colour}})
    t.year_chart(ws, chart, f"Plan og regnskab {year} (op = merudgift, ned = besparelse)",
                 t.money_format, row=top + 2, col=0, size=(820, 330))
