"""The sheet "Anbringelser" in Roskilde's layout: the activity table "Børn og Unge samlet".

It imitates Roskilde's activity table (ROS, ``shared/SHEETS.md`` item 12): the measures (§ 11, § 52 and three
kinds of placement) with their activity in September 2017 and 2019–2023, "Samlet til/afgang", "Udgift pr.
sag" and "Økonomisk effekt" (ACTIVITYEFFECT), and the effect year by year against September 2017. The case
on Scenarier reads its base (September 2017), its target (2023) and the costs per case from here; Roskilde's
note phases the saving more slowly than the table's years (its "Driftsbesparelse", typed on
Investeringscase), so the case follows the note.
"""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from ..workbook import Template, ref, rng
from .display import KR_AS_MILLIONS, amount_format

NAME = "Anbringelser"


def write(t: Template) -> None:
    """Write the activity table with its effect per measure, in all and year by year."""
    ex, s = t.example, t.styles
    ws = t.sheet(NAME, {"A:A": 44, "B:G": 12, "H:H": 13, "I:I": 13, "J:J": 14})
    n, years = len(ex.placement_types), ex.years
    last = len(years)
    ws.write(0, 0, f"Aktivitetstal og økonomisk effekt – {ex.municipality}", s.title)
    t.write_text(ws, 1, 0, "Kilde: Roskilde-notatet, \"Børn og Unge samlet\". \"-\" = ingen udgift pr. sag "
                           "(antallet ændres ikke). Udgift pr. sag i kr.; effekten i {unit} (negativ = besparelse).",
                 s.note)
    mio, bold_mio = amount_format(t, KR_AS_MILLIONS), amount_format(t, KR_AS_MILLIONS, bold=True)
    top = 3
    change_col, cost_col, effect_col = last + 2, last + 3, last + 4
    ws.write(top, 0, "Børn og Unge samlet", s.header)
    ws.write(top, 1, ex.snapshot_labels[0], s.header)
    for j, year in enumerate(years):
        ws.write_number(top, 2 + j, year, s.year)
    ws.write_row(top, change_col, ["Samlet til/afgang", "Udgift pr. sag (kr.)"], s.header)
    t.write_text(ws, top, effect_col, "Økonomisk effekt ({unit})", s.header)
    ws.set_row(top, 45)
    for i, measure in enumerate(ex.placement_types):
        row = top + 1 + i
        ws.write(row, 0, measure, s.label)
        t.input_row(ws, row, 1, ex.snapshots[i], s.input_int)
        t.input_row(ws, row, 2, ex.scenario[i], s.input_int)
        ws.write_formula(row, change_col, f"={xl_rowcol_to_cell(row, 1 + last)}-{xl_rowcol_to_cell(row, 1)}",
                         s.int)
        price = ex.unit_prices[i][0]
        if price is None:
            ws.write_string(row, cost_col, "-", s.input_dash)
        else:
            ws.write_number(row, cost_col, price, s.input_int)
    first, end = top + 1, top + n
    base, target = rng(None, first, 1, end, 1), rng(None, first, 1 + last, end, 1 + last)
    costs = rng(None, first, cost_col, end, cost_col)
    t.spill(ws, first, effect_col, end, effect_col, f"=ACTIVITYEFFECT({base},{target},{costs},TRUE)", mio)
    total = end + 1
    ws.write(total, 0, "I alt", s.bold_label)
    t.column_sums(ws, total, change_col, change_col, first, end, s.bold_int)
    ws.write_formula(total, effect_col, f"=ACTIVITYEFFECT({base},{target},{costs})", bold_mio)
    t.where["activity_total"] = ref(NAME, total, effect_col)
    t.where["snapshots"] = rng(NAME, first, 1, end, 1)
    t.where["snapshot_labels"] = rng(NAME, top, 1, top, 1)
    t.where["case_base"] = rng(NAME, first, 1, end, 1)
    t.where["case_base_label"] = ref(NAME, top, 1)
    t.where["scenario"] = rng(NAME, first, 2, end, 1 + last)
    t.where["case_target"] = rng(NAME, first, 1 + last, end, 1 + last)
    t.where["case_prices"] = rng(NAME, first, cost_col, end, cost_col)
    t.where["prices_price_year"] = t.where["case_prices"]
    t.where["type_labels"] = rng(NAME, first, 0, end, 0)

    r = total + 2
    t.heading(ws, r, f"Økonomisk effekt år for år mod {ex.snapshot_labels[0].lower()}", "{unit}")
    t.years_header(ws, r + 1, 1, years, "{Unit}")
    ws.write(r + 2, 0, "Økonomisk effekt efter aktivitetstallene", s.bold_label)
    t.spill(ws, r + 2, 1, r + 2, last, f"=ACTIVITYEFFECT({base},{rng(None, first, 2, end, 1 + last)},{costs})",
            bold_mio)
    t.where["activity_effect"] = rng(NAME, r + 2, 1, r + 2, last)
    t.paragraph(ws, r + 4, "Aktivitetstallene giver en besparelse allerede fra 2019 (én institutionsanbringelse "
                           "færre), mens notatets driftsbesparelse først kommer fra 2020 og vokser langsommere: "
                           "notatets indfasning kan ikke udledes af tallene (den er indtastet på Investeringscase, "
                           "og casen på Scenarier følger den). Kun 2023 (−6,5 mio. kr.) er beregnet begge steder.",
                effect_col, lines=3)
