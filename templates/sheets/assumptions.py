"""The sheet "Forudsætninger": the assumptions every other sheet reads, as named cells.

It lists the assumptions the Ballerup note (BAL-N) states in its text (2 % price growth, the 20 %/10 %
spill-over, a caseload of at most 20, 12 extra social workers for 5,5 mio. kr.) and a P/L index
(``shared/SHEETS.md``). Each value gets an Excel name (``Prisaar``, ``Prisudvikling`` ...) that the
formulas on later sheets use.
"""

from __future__ import annotations

from ..workbook import Template, ref, rng

NAME = "Forudsætninger"


def write(t: Template) -> None:
    """Write Forudsætninger and define its names."""
    ex, s = t.example, t.styles
    ws = t.sheet(NAME, {"A:A": 46, "B:B": 14, "C:C": 16, "D:D": 12, "E:I": 9})
    ws.write(0, 0, f"Forudsætninger – {ex.municipality}", s.title)
    ws.write(1, 0, "Gule celler er indtastning; alle andre celler beregnes med Trappens funktioner. "
                   "Beløb i investeringscasen er i mio. kr.", s.note)
    ws.write_row(3, 0, ["Forudsætning", "Værdi", "Enhed", "Kilde / bemærkning"], s.header)
    rows = [
        ("Kommune", ex.municipality, "", "", s.input_text, None),
        ("Prisår for enhedspriserne", ex.price_year, "år", "Ballerup-notatet: enhedspriser fra regnskab 2017",
         s.input_year, "Prisaar"),
        ("Årlig prisudvikling", ex.price_growth, "andel pr. år",
         "Ballerup-notatet: \"den almindelige prisudvikling på 2 %\"", s.input_share, "Prisudvikling"),
        ("Andel af fald i anbringelsesudgift, der bliver hjemmebaserede udgifter", ex.home_share, "andel",
         "Ballerup-notatet: 20 % (0,2 mio. kr. pr. 1,0 mio. kr.)", s.input_share, "Andel_hjemmebaseret"),
        ("Andel af fald i anbringelsesudgift, der bliver forebyggende udgifter", ex.preventive_share, "andel",
         "Ballerup-notatet: 10 % (0,1 mio. kr. pr. 1,0 mio. kr.)", s.input_share, "Andel_forebyggende"),
        ("Diskonteringsrente (nutidsværdi)", ex.discount_rate, "andel pr. år",
         "Antagelse: Finansministeriets samfundsøkonomiske diskonteringsrente 3,5 %", s.input_share,
         "Diskonteringsrente"),
        ("Mål for sagstal", ex.target_caseload, "sager pr. rådgiver",
         "Ballerup-notatet: \"et sagsantal på ikke over 20\"", s.input_num, "Maal_sagstal"),
        ("Ekstra socialrådgivere i investeringen", ex.extra_advisers, "årsværk",
         "Ballerup-notatet: 12 socialrådgivere ansat 1. februar 2017", s.input_num, "Ekstra_raadgivere"),
        ("Udgift pr. socialrådgiver", ex.cost_per_adviser, "mio. kr. pr. år",
         "Ballerup-notatet: 5,5 mio. kr. til 12 socialrådgivere", s.input_num3, "Udgift_pr_raadgiver"),
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
    ws.set_row(6, 30)
    ws.set_row(7, 30)

    top = 4 + len(rows) + 2
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
