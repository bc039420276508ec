"""The sheet "Nøgletal": the placement mix and counts per 1000 children aged 0–17.

It imitates the placement pattern of the Ballerup note (BAL-N) as shares (PLACEMENTMIX) and
Socialstyrelsen's key figures per 1000 0–17-year-olds (SOC Tabel 7, Haderslev; PERMILLE)
(``shared/SHEETS.md`` items 4, 13 and 17).
"""

from __future__ import annotations

from ..workbook import Template, number_format, rng

NAME = "Nøgletal"


def write(t: Template) -> None:
    """Write Nøgletal: the placement mix of Anbringelser's snapshots, and counts per 1000 with a chart."""
    ex, s = t.example, t.styles
    ws = t.sheet(NAME, {"A:A": 54, "B:G": 12})
    ws.write(0, 0, f"Nøgletal – {ex.municipality}", s.title)
    ws.write(2, 0, "Anbringelsesmønster (andel af alle anbringelser)", s.subtitle)
    ws.write(3, 0, "Anbringelsestype", s.header)
    ws.set_row(3, 30)  # snapshot labels such as "Jan 2017 (Baseline)" take two lines
    m = len(ex.snapshot_labels)
    for j in range(m):
        ws.write_formula(3, 1 + j, f"=INDEX({t.where['snapshot_labels']},1,{j + 1})", s.header)
    n = len(ex.placement_types)
    for i, typ in enumerate(ex.placement_types):
        ws.write(4 + i, 0, typ, s.label)
    t.spill(ws, 4, 1, 3 + n, m, f"=PLACEMENTMIX({t.where['snapshots']})", s.share)
    t.where["mix"] = rng(NAME, 4, 1, 3 + n, m)

    top = 4 + n + 2
    ws.write(top, 0, "Antal pr. 1000 0–17-årige", s.subtitle)
    t.paragraph(ws, top + 1, f"Eksempel: {ex.permille_source}. Antal 0–17-årige er udledt af tabellens antal og "
                             "promiller (Socialstyrelsen trykker det ikke).", 6, lines=2)
    ws.write(top + 2, 0, "", s.header)
    ws.write_row(top + 2, 1, ex.permille_labels, s.header)
    k = len(ex.permille_labels)
    ws.write(top + 3, 0, "Antal 0–17-årige", s.label)
    t.input_row(ws, top + 3, 1, ex.population, s.input_int)
    population = rng(None, top + 3, 1, top + 3, k)
    r = top + 4
    for label, counts in ex.permille_rows:
        ws.write(r, 0, f"{label}: antal", s.label)
        t.input_row(ws, r, 1, counts, s.input_int)
        ws.write(r + 1, 0, f"{label}: pr. 1000", s.bold_label)
        t.spill(ws, r + 1, 1, r + 1, k, f"=PERMILLE({rng(None, r, 1, r, k)},{population})", s.num2)
        r += 2
    t.where["permille_first"] = rng(NAME, top + 5, 1, top + 5, k)

    chart = t.book.add_chart({"type": "column", "subtype": "percent_stacked"})
    colours = ["#1F3864", "#2E75B6", "#9DC3E6", "#A9D18E", "#C00000", "#F4B183", "#FFD966"]
    for i, typ in enumerate(ex.placement_types):
        chart.add_series({"name": typ, "categories": t.where["snapshot_labels"],
                          "values": rng(NAME, 4 + i, 1, 4 + i, m), "fill": {"color": colours[i % 7]}})
    chart.set_title({"name": "Anbringelsesmønster"})
    chart.set_legend({"position": "right"})
    chart.set_y_axis({"num_format": number_format("0 %")})
    chart.set_size({"width": 640, "height": 230})
    ws.insert_chart(r + 1, 0, chart)  # below the tables, which it would otherwise cover
