"""The sheet "Nøgletal": the municipality's own key figures, and another municipality's only as a comparison.

It shows the placement mix of the case's own document (Ballerup's note, BAL-N; PLACEMENTMIX), its placements
per 1000 children aged 0–17 once the officer types the number of children (the documents do not give it;
PERMILLE), and the units per 31 December of its own accounts (BAL-R Tabel 4, with the accounts' own "*)" for
counts that are not valid). Below, labelled as a comparison, Socialstyrelsen's key figures per 1000 for another
municipality (SOC Tabel 7, Haderslev), keeping Socialstyrelsen's marks: January 2016 is not comparable with
the later data points, and the figures are not comparable across municipalities (``shared/SHEETS.md`` items 4,
10, 13 and 17).
"""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from ..workbook import Template, number_format, rng

NAME = "Nøgletal"


def write(t: Template) -> None:
    """Write Nøgletal: the own placement mix, placements per 1000, units per 31 December; then the comparison."""
    ex, s = t.example, t.styles
    ws = t.sheet(NAME, {"A:A": 54, "B:G": 12})
    ws.write(0, 0, f"Nøgletal – {ex.municipality}", s.title)
    ws.write(1, 0, f"{ex.municipality}s egne tal. En anden kommunes tal står kun nederst, som sammenligning.", s.note)
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
    sheet, _, cells = t.where["snapshots"].rpartition("!")
    counts = t.where["snapshots"]
    total = 4 + n
    ws.write(total, 0, "Anbringelser i alt (antal)", s.bold_label)
    snapshot_columns = [f"{sheet}!{part}" for part in _columns(counts)]
    for j, column in enumerate(snapshot_columns):
        ws.write_formula(total, 1 + j, f"=SUM({column})", s.bold_int)
    ws.write(total + 1, 0, "Antal 0–17-årige (skriv tallet)", s.label)
    if ex.own_population is None:
        ws.write_blank(total + 1, 1, None, s.input_int)
    else:
        ws.write_number(total + 1, 1, ex.own_population, s.input_int)
    population = xl_rowcol_to_cell(total + 1, 1, True, True)
    ws.write(total + 2, 0, "Anbragte pr. 1000 0–17-årige", s.bold_label)
    for j in range(m):
        placed = xl_rowcol_to_cell(total, 1 + j)
        ws.write_formula(total + 2, 1 + j, f'=IF(ISNUMBER({population}),PERMILLE({placed},{population}),"")', s.num2)
    t.where["own_permille"] = rng(NAME, total + 2, 1, total + 2, m)
    t.paragraph(ws, total + 3, f"Kilde: {ex.document} (udviklingen i anbringelsesmønstret). Dokumenterne oplyser "
                               "ikke antallet af 0–17-årige; skriv det (Danmarks Statistik), så beregnes anbragte "
                               "pr. 1000.", 6)

    # Units per 31 December of the own accounts
    top = total + 5
    years = ex.own_units_years
    t.heading(ws, top, "Enheder pr. 31. december (regnskabet)", "antal")
    ws.write(top + 1, 0, "Aktivitet", s.header)
    marked = {year for _, _, assumed in ex.own_units for year in assumed}
    ws.write_row(top + 1, 1, [f"{year} *)" if year in marked else str(year) for year in years], s.header)
    assumed_style = t.book.add_format({"num_format": number_format("#,##0\" *)\""), "italic": True,
                                       "font_color": "#7F7F7F", "bg_color": "#FFF2CC", "border": 1,
                                       "border_color": "#BFBFBF", "locked": False, "font_name": "Calibri",
                                       "font_size": 11})
    for i, (label, values, assumed) in enumerate(ex.own_units):
        row = top + 2 + i
        ws.write(row, 0, label, s.label)
        for j, (year, value) in enumerate(zip(years, values, strict=True)):
            ws.write_number(row, 1 + j, value, assumed_style if year in assumed else s.input_int)
    end = top + 2 + len(ex.own_units)
    ws.write(end, 0, "I alt", s.bold_label)
    t.column_sums(ws, end, 1, len(years), top + 2, end - 1, s.bold_int)
    t.where["own_units"] = rng(NAME, top + 2, 1, end - 1, len(years))
    t.paragraph(ws, end + 1, ex.own_units_source, 6, lines=2)
    chart = t.book.add_chart({"type": "column", "subtype": "percent_stacked"})
    colours = ["#1F3864", "#2E75B6", "#9DC3E6", "#A9D18E", "#C00000", "#F4B183", "#FFD966"]
    for i, typ in enumerate(ex.placement_types):
        chart.add_series({"name": typ, "categories": t.where["snapshot_labels"],
                          "values": rng(NAME, 4 + i, 1, 4 + i, m), "fill": {"color": colours[i % 7]}})
    chart.set_title({"name": f"Anbringelsesmønster – {ex.municipality} (andel af anbringelserne)",
                     "name_font": {"size": 11}})
    chart.set_legend({"position": "right"})
    chart.set_y_axis({"num_format": number_format("0 %")})
    chart.set_size({"width": 640, "height": 230})
    ws.insert_chart(end + 4, 0, chart)  # below the tables, which it would otherwise cover


    # Another municipality's key figures per 1000: a labelled comparison, with the source's marks
    top = end + 17  # below the chart
    t.new_page(ws, top - 1)
    ws.write(top, 0, f"Til sammenligning: {ex.permille_municipality} – antal pr. 1000 0–17-årige", s.subtitle)
    t.paragraph(ws, top + 1, f"Ikke {ex.municipality}s tal. Kilde: {ex.permille_source}. Antal 0–17-årige er udledt af "
                             "tabellens antal og promiller (Socialstyrelsen trykker det ikke).", 6, lines=2)
    ws.write(top + 2, 0, ex.permille_municipality, s.header)
    labels = [f"{label} *)" if k in ex.permille_marked else label for k, label in enumerate(ex.permille_labels)]
    ws.write_row(top + 2, 1, labels, s.header)
    k = len(ex.permille_labels)
    ws.write(top + 3, 0, "Antal 0–17-årige", s.label)
    t.input_row(ws, top + 3, 1, ex.population, s.input_int)
    population = rng(None, top + 3, 1, top + 3, k)
    r = top + 4
    for label, values in ex.permille_rows:
        ws.write(r, 0, f"{label}: antal", s.label)
        t.input_row(ws, r, 1, values, s.input_int)
        ws.write(r + 1, 0, f"{label}: pr. 1000", s.bold_label)
        t.spill(ws, r + 1, 1, r + 1, k, f"=PERMILLE({rng(None, r, 1, r, k)},{population})", s.num2)
        r += 2
    t.where["permille_first"] = rng(NAME, top + 5, 1, top + 5, k)
    t.paragraph(ws, r, ex.permille_marks, 6, lines=3)



def _columns(where: str) -> list[str]:
    """The columns of a range's cells part (``$C$6:$F$12``) as ranges."""
    from ..workbook import column_ranges

    return [part.rpartition("!")[2] for part in column_ranges(where)]
