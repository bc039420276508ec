"""The sheet "Anbringelser": placements, unit prices, the future scenario and what it costs.

It imitates three tables of the Ballerup note (BAL-N, ``shared/SHEETS.md`` items 4–6): "Udviklingen i
anbringelsesmønstret" (placement types × snapshot dates), "Udviklingen i enhedspriser" (types × price
years) and "Fremtidigt scenarie" (types × budget years). Beside the prices it holds the prices the case
counts at (the price year's; an input where the note prints "-"), below them the unit prices in the price
year's P/L (PRICEINDEX) with their weighted growth beyond P/L, and the scenario's cost, the spill-over of
its change in fixed prices (the note's financing need for prevention and home-based help) and its
budget effect against the case's base (PLACEMENTCOST, SPILLOVER, ACTIVITYEFFECT). The case on Scenarier
reads the base, the plan and the prices from here.
"""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from ..workbook import Template, ref, rng
from .display import KR_AS_MILLIONS, amount_format

NAME = "Anbringelser"


def price_table(t: Template, ws, header_row: int, dash_style, write_price) -> None:
    """A placement types × price years table: ``write_price(row, col, price)`` fills a cell that has a
    price, a "-" (in ``dash_style``) stands where the document prints none."""
    t.years_header(ws, header_row, 1, t.example.price_years, "Anbringelsestype")
    for i, typ in enumerate(t.example.placement_types):
        ws.write(header_row + 1 + i, 0, typ, t.styles.label)
        for j, price in enumerate(t.example.unit_prices[i]):
            if price is None:
                ws.write_string(header_row + 1 + i, 1 + j, "-", dash_style)
            else:
                write_price(header_row + 1 + i, 1 + j, price)


def write(t: Template) -> None:
    """Write Anbringelser: the BAL-N tables, the case's prices, the P/L-deflated prices and the scenario's cost."""
    ex, s = t.example, t.styles
    ws = t.sheet(NAME, {"A:A": 50, "B:H": 13})
    types = ex.placement_types
    n = len(types)
    ws.write(0, 0, f"Anbringelser – {ex.municipality}", s.title)
    t.write_text(ws, 1, 0, "Kilde: Ballerup-notatet (udviklingen i anbringelsesmønstret, enhedspriser og "
                           "fremtidigt scenarie). \"-\" = ingen pris. Priser i kr. pr. helårsanbringelse, udgifter "
                           "i {unit}", s.note)

    # Anbringelsesmønster: types × snapshots
    top = snapshot_top = 3
    t.heading(ws, top, "Udviklingen i anbringelsesmønstret", "antal")
    ws.write(top + 1, 0, "Anbringelsestype", s.header)
    ws.write_row(top + 1, 1, ex.snapshot_labels, s.header)
    ws.set_row(top + 1, 30)
    for i, typ in enumerate(types):
        ws.write(top + 2 + i, 0, typ, s.label)
        t.input_row(ws, top + 2 + i, 1, ex.snapshots[i], s.input_int)
    total = top + 2 + n
    ws.write(total, 0, "I alt", s.bold_label)
    t.column_sums(ws, total, 1, len(ex.snapshot_labels), top + 2, top + 1 + n, s.bold_int)
    t.where["snapshots"] = rng(NAME, top + 2, 1, top + 1 + n, len(ex.snapshot_labels))
    t.where["snapshot_labels"] = rng(NAME, top + 1, 1, top + 1, len(ex.snapshot_labels))
    base_col = 1 + ex.case_base
    t.where["case_base"] = rng(NAME, snapshot_top + 2, base_col, snapshot_top + 1 + n, base_col)
    base = rng(None, snapshot_top + 2, base_col, snapshot_top + 1 + n, base_col)
    t.where["case_base_label"] = ref(NAME, snapshot_top + 1, base_col)
    t.where["type_labels"] = rng(NAME, top + 2, 0, top + 1 + n, 0)
    ws.write(total + 1, 0, f"Casens basis (uden indsatsen): {ex.snapshot_labels[ex.case_base]}, notatets "
                           "udgangspunkt før Fællesskabsmodellen (februar 2017).", s.note)

    # Enhedspriser: types × price years, and the prices the case counts at
    top = total + 3
    t.heading(ws, top, "Udviklingen i enhedspriser", "kr. pr. helårsanbringelse")
    price_table(t, ws, top + 1, s.input_dash, lambda row, col, price: ws.write_number(row, col, price, s.input_int))
    price_col = 1 + list(ex.price_years).index(ex.price_year)
    t.where["prices_price_year"] = rng(NAME, top + 2, price_col, top + 1 + n, price_col)
    case_col = len(ex.price_years) + 2
    ws.write(top + 1, case_col, f"Pris i casen ({ex.price_year})", s.header)
    ws.set_row(top + 1, 30)
    for i in range(n):
        if ex.unit_prices[i][price_col - 1] is None:
            ws.write_number(top + 2 + i, case_col, ex.missing_price, s.input_int)
        else:
            ws.write_formula(top + 2 + i, case_col, f"={xl_rowcol_to_cell(top + 2 + i, price_col)}", s.int)
    t.where["case_prices"] = rng(NAME, top + 2, case_col, top + 1 + n, case_col)
    prices = rng(None, top + 2, case_col, top + 1 + n, case_col)
    t.paragraph(ws, top + 2 + n, ex.missing_price_note, case_col, lines=2)
    price_top = top

    # Enhedspriser i prisårets P/L (PRICEINDEX), to compare real price rises
    top = top + 2 + n + 2
    t.heading(ws, top, f"Enhedspriser i {ex.price_year}-P/L", "kr.; stigning ud over P/L-indekset")
    last_price = len(ex.price_years)
    # One PRICEINDEX over the whole table (not one per cell): the price years are its header row; where the
    # document prints "-" the spill shows "-" too
    price_table(t, ws, top + 1, s.dash, lambda row, col, price: None)  # labels and years; the spill fills it
    source = rng(None, price_top + 2, 1, price_top + 1 + n, last_price)
    price_years = rng(None, price_top + 1, 1, price_top + 1, last_price)
    t.spill(ws, top + 2, 1, top + 1 + n, last_price,
            f'=IF({source}="-","-",PRICEINDEX(IF({source}="-",0,{source}),{price_years},Prisaar,PL_aar,PL_indeks))',
            s.int)
    t.where["prices_real"] = rng(NAME, top + 2, 1, top + 1 + n, last_price)
    real_first, real_last = (rng(None, top + 2, col, top + 1 + n, col) for col in (1, last_price))
    growth_row = top + 2 + n
    years = ex.years
    last = len(years)

    # Fremtidigt scenarie: types × years
    scenario_top = growth_row + 3
    counts = rng(None, scenario_top + 2, 1, scenario_top + 1 + n, last)
    first_counts = rng(None, scenario_top + 2, 1, scenario_top + 1 + n, 1)
    span = ex.price_years[-1] - ex.price_years[0]
    ws.write(growth_row, 0, f"Vægtet prisvækst ud over P/L pr. år {ex.price_years[0]}–{ex.price_years[-1]}",
             s.bold_label)
    ws.write_formula(growth_row, last_price, f"=(PLACEMENTCOST({first_counts},{real_last})/"
                                             f"PLACEMENTCOST({first_counts},{real_first}))^(1/{span})-1", s.share)
    ws.write(growth_row + 1, 0, f"Vægtet med scenariets antal i {years[0]} og priserne i {ex.price_year}-P/L.",
             s.note)
    t.where["real_growth"] = ref(NAME, growth_row, last_price)

    top = scenario_top
    t.new_page(ws, top)  # the plan and its cost on a page of their own
    t.heading(ws, top, "Fremtidigt scenarie", "antal anbringelser")
    t.years_header(ws, top + 1, 1, years, "Anbringelsestype")
    for i, typ in enumerate(types):
        ws.write(top + 2 + i, 0, typ, s.label)
        t.input_row(ws, top + 2 + i, 1, ex.scenario[i], s.input_int)
    total = top + 2 + n
    ws.write(total, 0, "Anbringelser i alt", s.bold_label)
    t.column_sums(ws, total, 1, last, top + 2, top + 1 + n, s.bold_int)
    year_row = top + 1
    t.where["scenario"] = rng(NAME, top + 2, 1, top + 1 + n, last)
    t.where["case_target"] = t.where["scenario"]

    # Udgift til anbringelser
    top = total + 3
    mio, bold_mio = amount_format(t, KR_AS_MILLIONS), amount_format(t, KR_AS_MILLIONS, bold=True)
    t.heading(ws, top, "Udgift til anbringelser i scenariet", "{unit}; positiv ændring = merudgift")
    t.years_header(ws, top + 1, 1, years, "")
    r = top + 2
    ws.write(r, 0, "År efter prisåret", s.label)
    for j in range(last):
        ws.write_formula(r, 1 + j, f"={xl_rowcol_to_cell(year_row, 1 + j, True, False)}-Prisaar", s.int)
    offsets = rng(None, r, 1, r, last)
    ws.write(r + 1, 0, f"Udgift i {ex.price_year}-priser", s.label)
    t.spill(ws, r + 1, 1, r + 1, last, f"=PLACEMENTCOST({counts},{prices})", mio)
    fixed_row = r + 1
    ws.write(r + 2, 0, "Udgift med pris- og lønudvikling", s.bold_label)
    t.spill(ws, r + 2, 1, r + 2, last, f"=PLACEMENTCOST({counts},{prices},Prisudvikling,{offsets})",
            bold_mio)
    t.where["placement_cost"] = rng(NAME, r + 2, 1, r + 2, last)
    ws.write(r + 3, 0, f"Ændring mod {years[0]} ({ex.price_year}-priser)", s.label)
    first_cost = xl_rowcol_to_cell(fixed_row, 1, True, True)
    for j in range(last):
        ws.write_formula(r + 3, 1 + j, f"={xl_rowcol_to_cell(fixed_row, 1 + j)}-{first_cost}", mio)
    change = rng(None, r + 3, 1, r + 3, last)
    ws.write(r + 4, 0, "Nye hjemmebaserede udgifter", s.label)
    ws.write(r + 5, 0, "Nye forebyggende udgifter", s.label)
    t.spill(ws, r + 4, 1, r + 5, last,
            f"=SPILLOVER({change},Andel_hjemmebaseret,Andel_forebyggende)", mio)
    t.where["spillover_fixed"] = rng(NAME, r + 4, 1, r + 5, last)
    ws.write(r + 6, 0, f"Budgetvirkning mod {ex.snapshot_labels[ex.case_base]} ({ex.price_year}-priser)",
             s.bold_label)
    t.spill(ws, r + 6, 1, r + 6, last, f"=ACTIVITYEFFECT({base},{counts},{prices})",
            bold_mio)
    t.where["activity_effect"] = rng(NAME, r + 6, 1, r + 6, last)
    t.paragraph(ws, r + 8, "Udgiften er antal × enhedspris, fremskrevet med pris- og lønudviklingen. Ændringen mod "
                           f"{years[0]} i faste {ex.price_year}-priser giver med notatets afsmitning (20 % til "
                           "hjemmebaserede og 10 % til forebyggende indsatser) finansieringsbehovet til forebyggelse "
                           "og hjemmebaserede indsatser (Investeringscase). Budgetvirkningen mod casens basis er "
                           "casens ændring i faste priser (Scenarier).", 7, lines=3)
