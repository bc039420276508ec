"""The sheet "Forudsætninger": the assumptions every other sheet reads, as named cells.

It lists the assumptions the case's document states in its text (Ballerup's note: 2 % price growth, the
20 %/10 % spill-over, a caseload of at most 20, 12 extra social workers for 5,5 mio. kr.; Roskilde's: a
caseload of 22–23 with about 11 more advisers for 5.605.651 kr.), each with its source or marked as an
assumption, and a P/L index. Each value gets an Excel name (``Prisaar``, ``Prisudvikling`` ...) that the
formulas on later sheets use; the cost per adviser is derived (UNITPRICE of the document's cost and count).
"""

from __future__ import annotations

from ..workbook import Template, ref, rng

NAME = "Forudsætninger"


def write(t: Template) -> None:
    """Write Forudsætninger and define its names."""
    ex, s = t.example, t.styles
    ws = t.sheet(NAME, {"A:A": 56, "B:B": 17, "C:C": 22, "D:D": 12, "E:J": 9})
    ws.write(0, 0, f"Forudsætninger – {ex.municipality}", s.title)
    ws.write(1, 0, "Gule celler er indtastning; alle andre celler beregnes med Trappens funktioner. "
                   f"Beløb i investeringscasen er i {ex.case_unit}", s.note)
    ws.write_row(3, 0, ["Forudsætning", "Værdi", "Enhed"], s.header)
    ws.merge_range(3, 3, 3, 9, "Kilde / bemærkning", s.header)
    money = t.money[2] if ex.case_scale > 1 or ex.display_millions else s.input_int
    rows = [
        ("Kommune", ex.municipality, "", "", s.input_text, None),
        ("Prisår for enhedspriserne", ex.price_year, "år", ex.source("price_year"), s.input_year, "Prisaar"),
        ("Årlig pris- og lønudvikling (P/L)", ex.price_growth, "andel pr. år", ex.source("price_growth"),
         s.input_share, "Prisudvikling"),
        ("Afsmitning til hjemmebaserede indsatser", ex.home_share, "andel af faldet",
         ex.source("home_share"), s.input_share, "Andel_hjemmebaseret"),
        ("Afsmitning til forebyggende indsatser", ex.preventive_share, "andel af faldet",
         ex.source("preventive_share"), s.input_share, "Andel_forebyggende"),
        ("Diskonteringsrente (nutidsværdi)", ex.discount_rate, "andel pr. år",
         "Antagelse: Finansministeriets samfundsøkonomiske diskonteringsrente 3,5 %", s.input_share,
         "Diskonteringsrente"),
        ("Mål for sagstal", ex.target_caseload, "sager pr. rådgiver", ex.source("target_caseload"), s.input_num,
         "Maal_sagstal"),
        ("Ekstra socialrådgivere i dokumentets investering", ex.doc_advisers, "årsværk", ex.source("doc_advisers"),
         s.input_num, "Ekstra_raadgivere"),
        ("Dokumentets udgift til dem pr. år", ex.doc_advisers_cost, ex.case_unit, ex.source("doc_advisers_cost"),
         money, "Raadgivere_i_alt"),
    ]
    for i, (label, value, unit, note, style, cell_name) in enumerate(rows):
        row = 4 + i
        ws.write(row, 0, label, s.label)
        if isinstance(value, str):
            ws.write_string(row, 1, value, style)
        else:
            ws.write_number(row, 1, value, style)
        ws.write(row, 2, unit, s.label)
        ws.write(row, 3, note, s.note)
        if cell_name:
            t.book.define_name(cell_name, f"={ref(NAME, row, 1)}")
    row = 4 + len(rows)
    ws.write(row, 0, "Udgift pr. socialrådgiver", s.bold_label)
    per_adviser = s.num2 if ex.case_scale > 1 else s.mio2 if ex.display_millions else s.int
    ws.write_formula(row, 1, "=UNITPRICE(Raadgivere_i_alt,Ekstra_raadgivere)", per_adviser)
    ws.write(row, 2, f"{ex.case_unit} pr. årsværk", s.label)
    ws.write(row, 3, "Beregnet: dokumentets udgift / antal rådgivere (UNITPRICE)", s.note)
    t.book.define_name("Udgift_pr_raadgiver", f"={ref(NAME, row, 1)}")
    t.where["cost_per_adviser"] = ref(NAME, row, 1)

    top = row + 3
    ws.write(top, 0, "Pris- og lønindeks (P/L)", s.subtitle)
    ws.write(top + 1, 0, "Antaget 2 % om året som i Ballerup-notatet; erstat med KL's pris- og lønskøn.", s.note)
    ws.write(top + 2, 0, "År", s.header)
    ws.write(top + 3, 0, "Indeks", s.label)
    for j, (year, value) in enumerate(ex.price_index):
        ws.write_number(top + 2, 1 + j, year, s.year)
        ws.write_number(top + 3, 1 + j, value, s.input_num)
    last = len(ex.price_index)
    t.book.define_name("PL_aar", f"={rng(NAME, top + 2, 1, top + 2, last)}")
    t.book.define_name("PL_indeks", f"={rng(NAME, top + 3, 1, top + 3, last)}")
