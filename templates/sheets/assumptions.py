"""The sheet "Forudsætninger": the assumptions every other sheet reads, as named cells.

It lists the assumptions the case's document states in its text (Ballerup's note: 2 % price growth, the
20 %/10 % spill-over, a caseload of at most 20, 12 extra social workers for 5,5 mio. kr.; Roskilde's: a
caseload of 22–23 with about 11 more advisers for 5.605.651 kr.), each with its source or marked as an
assumption, and a P/L index. Each value gets an Excel name (``Prisaar``, ``Prisudvikling`` ...) that the
formulas on later sheets use; the cost per adviser is derived (UNITPRICE of the document's cost and count).
On a page of its own: the State's refusion for particularly expensive single cases year by year (serviceloven
§ 176 a / § 176 before 2024, barnets lov § 198 from 2024), each row with its source and marked "Skal
kontrolleres" where no source at hand states the year's amounts, with empty rows for the years the officer
adds, and the thresholds moved to the prices' year; "Hvem betaler?" on Scenarier reads it year by year.
"""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from ..workbook import UNIT_KR_NAME, UNIT_NAME, UNITS, Template, number_format, ref, rng

NAME = "Forudsætninger"


def write(t: Template) -> None:
    """Write Forudsætninger and define its names."""
    ex, s = t.example, t.styles
    ws = t.sheet(NAME, {"A:A": 56, "B:B": 17, "C:C": 22, "D:D": 12, "E:J": 9})
    ws.write(0, 0, f"Forudsætninger – {ex.municipality}", s.title)
    t.write_text(ws, 1, 0, "Gule celler skriver I selv; de øvrige celler er beregnet. Beløb vises i {unit} "
                           "(vælg enheden nedenfor)", s.note)
    ws.write_row(3, 0, ["Forudsætning", "Værdi", "Enhed"], s.header)
    ws.merge_range(3, 3, 3, 9, "Kilde / bemærkning", s.header)
    money = t.money[2]
    rows = [
        ("Kommune", ex.municipality, "", "", s.input_text, None),
        ("Beløbsenhed i hele projektmappen (vælg i listen)", ex.unit, "",
         "Vælg mio. kr. (én decimal) eller 1.000 kr.; kun visningen skifter, tallene er de samme", s.input_text,
         UNIT_NAME),
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
        ("Dokumentets udgift til dem pr. år", ex.doc_advisers_cost, "{unit}", ex.source("doc_advisers_cost"),
         money, "Raadgivere_i_alt"),
    ]
    for i, (label, value, unit, note, style, cell_name) in enumerate(rows):
        row = 4 + i
        ws.write(row, 0, label, s.label)
        if isinstance(value, str):
            ws.write_string(row, 1, value, style)
        else:
            ws.write_number(row, 1, value, style)
            if style is s.input_mio1:
                t.typed_in_kroner(ws, row, 1, row, 1)
        t.write_text(ws, row, 2, unit, s.label)
        ws.write(row, 3, note, s.note)
        if cell_name:
            t.book.define_name(cell_name, f"={ref(NAME, row, 1)}")
        if cell_name == UNIT_NAME:
            choices = list(UNITS)
            ws.data_validation(row, 1, row, 1, {"validate": "list", "source": choices,
                                                "error_message": "Vælg mio. kr. eller 1.000 kr. i listen"})
            # kr. per unit, for the charts' data (Diagramdata) and readers of Sammendrag (Sammendrag_Skala); an
            # unknown unit gives #N/A, never a wrong scale
            unit = xl_rowcol_to_cell(row, 1)
            per_unit = t.book.add_format({"num_format": number_format('"= "#,##0" kr."'), "font_name": "Calibri",
                                          "font_size": 11, "border": 1, "border_color": "#D9D9D9"})
            ws.write_formula(row, 2, f'=IF({unit}="{choices[1]}",{UNITS[choices[1]]},IF({unit}="{choices[0]}",'
                                     f'{UNITS[choices[0]]},NA()))', per_unit, UNITS[ex.unit])
            t.book.define_name(UNIT_KR_NAME, f"={ref(NAME, row, 2)}")
            t.where["unit"], t.where["unit_kr"] = ref(NAME, row, 1), ref(NAME, row, 2)
    row = 4 + len(rows)
    ws.write(row, 0, "Udgift pr. socialrådgiver", s.bold_label)
    ws.write_formula(row, 1, "=UNITPRICE(Raadgivere_i_alt,Ekstra_raadgivere)", s.mio2)
    t.write_text(ws, row, 2, "{unit} pr. årsværk", s.label)
    ws.write(row, 3, "Beregnet: dokumentets udgift / antal rådgivere", s.note)
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
    _refusion_rules(t, ws, top + 6)


#: The refusion table's columns (0-based) on Forudsætninger.
_LAW, _YEAR, _STATUS, _THRESHOLD, _RATE, _LEVEL = 0, 1, 2, 3, 6, 9
STATUS = ("Fra kilden", "Skal kontrolleres")
_SPARE_ROWS = 2  # empty rows for the years the officer adds


def _refusion_rules(t: Template, ws, top: int) -> None:
    """The refusion for particularly expensive single cases by year: the rule, its thresholds and rates, the
    price level the amounts are stated at and the source; below, the thresholds in the prices' year.

    PAYERSPLIT (Hvem betaler?) reads it by the case's years: ``where['refusion_years']``, ``['refusion_laws']``,
    ``['refusion_thresholds']`` (in the prices' year) and ``['refusion_rates']``.
    """
    ex, s = t.example, t.styles
    t.new_page(ws, top)
    ws.set_column(_THRESHOLD, _RATE + 2, 11)
    ws.write(top, 0, "Statsrefusion for særligt dyre enkeltsager, år for år", s.subtitle)
    t.paragraph(ws, top + 1, "Staten refunderer en sats af den del af årets udgift til én sag, der ligger over hver "
                             "tærskel. Hvert af casens år bruger sin egen række: serviceloven før 2024, barnets lov "
                             "§ 198 fra 1. januar 2024. Står et år ikke i kilderne, er rækken markeret \"Skal "
                             "kontrolleres\": kontrollér beløbene i den lovbekendtgørelse, der gjaldt det år. Et nyt "
                             "år skrives i en tom række.", _LEVEL, lines=3)
    head = top + 2
    ws.write_row(head, 0, ["Regel", "År", "Status", "Tærskel 1 (kr.)", "Tærskel 2 (kr.)", "Tærskel 3 (kr.)",
                           "Sats 1", "Sats 2", "Sats 3", "Beløbenes niveau (år)"], s.header)
    ws.set_row(head, 45)
    rows = [*ex.refund_rules, *[None] * _SPARE_ROWS]
    first, end = head + 1, head + len(rows)
    warn = t.book.add_format({"bg_color": "#F8CBAD"})
    for i, rule in enumerate(rows):
        row = first + i
        if rule is None:
            for col in range(_LEVEL + 1):
                ws.write_blank(row, col, None, s.input_text)
            continue
        year, law, thresholds, rates, level, _source, checked = rule
        ws.write_string(row, _LAW, law, s.input_text)
        ws.write_number(row, _YEAR, year, s.input_year)
        ws.write_string(row, _STATUS, STATUS[0] if checked else STATUS[1], s.input_text)
        t.input_row(ws, row, _THRESHOLD, [*thresholds, *[None] * (3 - len(thresholds))], s.input_int)
        t.input_row(ws, row, _RATE, [*rates, *[None] * (3 - len(rates))], s.input_share)
        ws.write_number(row, _LEVEL, level, s.input_year)
    ws.data_validation(first, _STATUS, end, _STATUS, {"validate": "list", "source": list(STATUS)})
    ws.conditional_format(first, _STATUS, end, _STATUS, {"type": "cell", "criteria": "==",
                                                          "value": f'"{STATUS[1]}"', "format": warn})
    t.where["refusion_years"] = rng(NAME, first, _YEAR, end, _YEAR)
    t.where["refusion_laws"] = rng(NAME, first, _LAW, end, _LAW)
    t.where["refusion_rates"] = rng(NAME, first, _RATE, end, _RATE + 2)

    # The source of each row, below the table (the year, then the source; a new year's source in a spare row)
    top = end + 2
    ws.write(top, 0, "Kilde til hver række", s.subtitle)
    wrapped = t.book.add_format({"font_name": "Calibri", "font_size": 9, "text_wrap": True, "valign": "vcenter",
                                 "bg_color": "#FFF2CC", "font_color": "#1F3864", "border": 1,
                                 "border_color": "#BFBFBF", "locked": False})
    for i, rule in enumerate(rows):
        row = top + 1 + i
        ws.write_formula(row, 0, f'=IF({chr(65 + _YEAR)}{first + i + 1}="","",{chr(65 + _YEAR)}{first + i + 1})',
                         s.bold_year)
        ws.merge_range(row, 1, row, _LEVEL, "", wrapped)
        ws.write_string(row, 1, rule[5] if rule else "", wrapped)
        ws.set_row(row, 15)
    low = top + 2 + len(rows)
    ws.write(low, 0, f"Tærsklerne i prisernes år ({ex.price_year}), kr. pr. sag pr. år", s.subtitle)
    ws.write(low + 1, 0, "Omregnet fra beløbenes niveau med pris- og lønindekset ovenfor; det er dem, casen "
                         "bruger.", s.note)
    ws.write_row(low + 2, 0, ["Regel", "År", "", "Tærskel 1", "Tærskel 2", "Tærskel 3"], s.header)
    hide_zero = t.book.add_format({"num_format": number_format("#,##0;-#,##0;"), "border": 1,
                                   "border_color": "#D9D9D9", "font_name": "Calibri", "font_size": 11})
    for i in range(len(rows)):
        row, source = low + 3 + i, first + i
        law, year, level = (f"{chr(65 + col)}{source + 1}" for col in (_LAW, _YEAR, _LEVEL))
        ws.write_formula(row, 0, f'=IF({law}="","",{law})', s.label)
        ws.write_formula(row, 1, f'=IF({year}="","",{year})', s.bold_year)
        for k in range(3):
            amount = f"{chr(65 + _THRESHOLD + k)}{source + 1}"
            ws.write_formula(row, _THRESHOLD + k, f"=IF(ISNUMBER({amount}),{amount}*PRICEINDEX(1,{level},Prisaar,"
                                                  f"PL_aar,PL_indeks),0)", hide_zero)
    t.where["refusion_thresholds"] = rng(NAME, low + 3, _THRESHOLD, low + 2 + len(rows), _THRESHOLD + 2)
