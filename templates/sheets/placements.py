"""The sheet "Anbringelser": placements, unit prices, the future scenario and what it costs.

It imitates three tables of the Ballerup note (BAL-N, ``shared/SHEETS.md`` items 4–6): "Udviklingen i
anbringelsesmønstret" (placement types × snapshot dates), "Udviklingen i enhedspriser" (types × price
years) and "Fremtidigt scenarie" (types × budget years). Below them it computes the unit prices in the
price year's P/L (PRICEINDEX) and the scenario's cost, spill-over and budget effect (PLACEMENTCOST,
SPILLOVER, ACTIVITYEFFECT).
"""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from ..workbook import Template, rng

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
    """Write Anbringelser: the three BAL-N tables, the P/L-deflated prices and the scenario's cost."""
    ex, s = t.example, t.styles
    ws = t.sheet(NAME, {"A:A": 30, "B:H": 13})
    types = ex.placement_types
    n = len(types)
    ws.write(0, 0, f"Anbringelser – {ex.municipality}", s.title)
    ws.write(1, 0, "Kilde: Ballerup-notatet (udviklingen i anbringelsesmønstret, enhedspriser og fremtidigt "
                   "scenarie). \"-\" = ingen pris.", s.note)

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

    # Enhedspriser: types × price years
    top = total + 3
    t.heading(ws, top, "Udviklingen i enhedspriser", "kr. pr. helårsanbringelse")
    price_table(t, ws, top + 1, s.input_dash, lambda row, col, price: ws.write_number(row, col, price, s.input_int))
    price_col = 1 + list(ex.price_years).index(ex.price_year)
    prices = rng(None, top + 2, price_col, top + 1 + n, price_col)
    t.where["prices_price_year"] = rng(NAME, top + 2, price_col, top + 1 + n, price_col)
    price_top = top

    # Enhedspriser i prisårets P/L (PRICEINDEX), to compare real price rises
    top = top + 2 + n + 1
    t.heading(ws, top, f"Enhedspriser i {ex.price_year}-P/L", "kr.; stigning ud over P/L-indekset")
    shift = top - price_top  # rows from a price to the same price in this table

    def deflated(row: int, col: int, _price) -> None:
        source = xl_rowcol_to_cell(row - shift, col)
        year = xl_rowcol_to_cell(price_top + 1, col, True, True)
        ws.write_formula(row, col, f"=PRICEINDEX({source},{year},Prisaar,PL_aar,PL_indeks)", s.int)

    price_table(t, ws, top + 1, s.dash, deflated)
    t.where["prices_real"] = rng(NAME, top + 2, 1, top + 1 + n, len(ex.price_years))

    # Fremtidigt scenarie: types × years
    top = top + 2 + n + 2
    years = ex.years
    last = len(years)
    t.heading(ws, top, "Fremtidigt scenarie", "antal anbringelser")
    t.years_header(ws, top + 1, 1, years, "Anbringelsestype")
    for i, typ in enumerate(types):
        ws.write(top + 2 + i, 0, typ, s.label)
        t.input_row(ws, top + 2 + i, 1, ex.scenario[i], s.input_int)
    total = top + 2 + n
    ws.write(total, 0, "Anbringelser i alt", s.bold_label)
    t.column_sums(ws, total, 1, last, top + 2, top + 1 + n, s.bold_int)
    counts = rng(None, top + 2, 1, top + 1 + n, last)
    year_row = top + 1
    t.where["scenario"] = rng(NAME, top + 2, 1, top + 1 + n, last)

    # Udgift til anbringelser
    top = total + 3
    t.heading(ws, top, "Udgift til anbringelser i scenariet", "kr.")
    t.years_header(ws, top + 1, 1, years, "")
    r = top + 2
    ws.write(r, 0, "År efter prisåret", s.label)
    for j in range(last):
        ws.write_formula(r, 1 + j, f"={xl_rowcol_to_cell(year_row, 1 + j, True, False)}-Prisaar", s.int)
    offsets = rng(None, r, 1, r, last)
    ws.write(r + 1, 0, f"Udgift i {ex.price_year}-priser", s.label)
    t.spill(ws, r + 1, 1, r + 1, last, f"=PLACEMENTCOST({counts},{prices})", s.int)
    ws.write(r + 2, 0, "Udgift med prisudvikling", s.bold_label)
    t.spill(ws, r + 2, 1, r + 2, last, f"=PLACEMENTCOST({counts},{prices},Prisudvikling,{offsets})",
            s.bold_int)
    cost_row = r + 2
    ws.write(r + 3, 0, f"Ændring i forhold til {years[0]}", s.label)
    first_cost = xl_rowcol_to_cell(cost_row, 1, True, True)
    for j in range(last):
        ws.write_formula(r + 3, 1 + j, f"={xl_rowcol_to_cell(cost_row, 1 + j)}-{first_cost}", s.int)
    change = rng(None, r + 3, 1, r + 3, last)
    ws.write(r + 4, 0, "Nye hjemmebaserede udgifter", s.label)
    ws.write(r + 5, 0, "Nye forebyggende udgifter", s.label)
    t.spill(ws, r + 4, 1, r + 5, last,
            f"=SPILLOVER({change},Andel_hjemmebaseret,Andel_forebyggende)", s.int)
    base_col = 1 + ex.activity_base
    ws.write(r + 6, 0, f"Budgetvirkning mod {ex.snapshot_labels[ex.activity_base]} ({ex.price_year}-priser)",
             s.label)
    base = rng(None, snapshot_top + 2, base_col, snapshot_top + 1 + n, base_col)
    t.spill(ws, r + 6, 1, r + 6, last, f"=ACTIVITYEFFECT({base},{counts},{prices})", s.int)
    t.where["snapshot_base"] = rng(NAME, snapshot_top + 2, base_col, snapshot_top + 1 + n, base_col)
    t.where["activity_effect"] = rng(NAME, r + 6, 1, r + 6, last)
    ws.write(r + 8, 0, "Udgiften beregnes med PLACEMENTCOST (antal × enhedspris × (1+prisudvikling)^år); "
                       "spill-over med SPILLOVER (Ballerups 20 %/10 %-regel); budgetvirkningen med "
                       "ACTIVITYEFFECT ((scenarie − øjebliksbillede) × enhedspris).", s.note)
    t.where["placement_cost"] = rng(NAME, cost_row, 1, cost_row, last)

