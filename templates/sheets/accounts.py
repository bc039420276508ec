"""The sheet "Regnskab": the accounts, unit prices from the 2016 accounts and the treatment schools.

It imitates Ballerup's 2017 accounts (BAL-R Tabel 2, bevillingsramme 30.46) with the overspend per
activity (OVERSPEND), the unit prices from the 2016 accounts (BAL-N "Faktisk udgiftsfordeling", BAL-R
Tabel 4; UNITPRICE) and BAL-N's "Udgifter til behandlingsskoler" with the extra spend against the base
period in one year's P/L, as Socialstyrelsen's method (PRICEINDEX, then EXTRASPEND), with the figure in
current prices beside it for comparison (``shared/SHEETS.md`` items 3, 7, 8 and 10). Amounts are typed in
1.000 kr. as the accounts print them and shown in the workbook's unit (``display``). Opfølgning
reads its cells.
"""

from __future__ import annotations

from ..workbook import Template, ref, rng
from .display import THOUSANDS_AS_MILLIONS, amount_format

NAME = "Regnskab"

#: Why the merudgift is computed in fixed prices (the sheet's note).
FIXED_PRICES = ("Socialstyrelsens metode sammenligner i faste priser (\"Alle udgifter er opgjort i 2017-PL\"): "
                "hvert års udgift flyttes til ét års pris- og lønniveau, før den holdes op mod basisårenes "
                "gennemsnit. I løbende priser tæller den almindelige prisudvikling siden basisårene med som "
                "merudgift.")


def write(t: Template) -> None:
    """Write Regnskab and leave its accounts cells in ``t.accounts_cells`` for Opfølgning."""
    ex, s = t.example, t.styles
    ws = t.sheet(NAME, {"A:A": 60, "B:F": 14, "G:G": 18})
    ws.write(0, 0, f"Regnskab {ex.accounts_year} – {ex.municipality}", s.title)
    t.write_text(ws, 1, 0, "Kilde: Ballerups regnskab 2017, bevillingsramme 30.46 (Tabel 2). Beløb vist i {unit}; "
                           "de skrives i 1.000 kr. som i regnskabet.", s.note)
    mio, bold_mio = amount_format(t, THOUSANDS_AS_MILLIONS), amount_format(t, THOUSANDS_AS_MILLIONS, bold=True)
    typed = amount_format(t, THOUSANDS_AS_MILLIONS, typed=True)
    year = ex.accounts_year
    t.write_text(ws, 3, 0, "Aktiviteter ({unit})", s.header)
    ws.write_row(3, 1, [f"Vedtaget budget {year}", f"Korrigeret budget {year}",
                        f"Regnskab {year}", f"Overført til budget {year + 1}",
                        f"Resultat {year} efter overførsler", "Merforbrug (+) / mindreforbrug (−)"], s.header)
    ws.set_row(3, 45)
    n = len(ex.accounts)
    for i, (label, *values) in enumerate(ex.accounts):
        ws.write(4 + i, 0, label, s.label)
        t.input_row(ws, 4 + i, 1, values, typed)
        ws.write_formula(4 + i, 5, f"=D{5 + i}+E{5 + i}", mio)
    t.spill(ws, 4, 6, 3 + n, 6, f"=OVERSPEND({rng(None, 4, 2, 3 + n, 2)},{rng(None, 4, 3, 3 + n, 3)},"
                                f"{rng(None, 4, 4, 3 + n, 4)})", mio)
    total = 4 + n
    ws.write(total, 0, "I alt", s.bold_label)
    t.column_sums(ws, total, 1, 5, 4, 3 + n, bold_mio)
    ws.write_formula(total, 6, f"=OVERSPEND(C{total + 1},D{total + 1},E{total + 1})", bold_mio)
    t.where["overspend_total"] = ref(NAME, total, 6)
    t.accounts_cells["totals_2017"] = [ref(NAME, total, col) for col in (2, 3, 4)]  # corrected, accounts, moved
    t.accounts_cells["2017"] = [ref(NAME, 4 + i, 3) for i in range(n)]
    t.where["overspend_rows"] = rng(NAME, 4, 6, 3 + n, 6)

    top = total + 3
    ws.write(top, 0, "Enhedspriser fra regnskab 2016", s.subtitle)
    ws.write_row(top + 1, 0, ["Aktivitet", "", "Enheder pr. 31.12.2016", "Pris pr. enhed (1.000 kr.)"], s.header)
    t.write_text(ws, top + 1, 1, "Regnskab 2016 ({unit})", s.header)
    ws.set_row(top + 1, 30)
    m = len(ex.tracks_2016)
    for i, (label, cost, units) in enumerate(ex.tracks_2016):
        ws.write(top + 2 + i, 0, label, s.label)
        ws.write_number(top + 2 + i, 1, cost, typed)
        ws.write_number(top + 2 + i, 2, units, s.input_int)
    t.accounts_cells["2016"] = [ref(NAME, top + 2 + i, 1) for i in range(m)]
    if ex.follow_up_total_2016 is not None:  # the note's total 2016 holds "Andet", which has no track here
        ws.write(top + 2 + m, 0, "I alt (Ballerup-notatet, med \"Andet\")", s.bold_label)
        ws.write_number(top + 2 + m, 1, ex.follow_up_total_2016, typed)
        t.accounts_cells["total_2016"] = [ref(NAME, top + 2 + m, 1)]
    t.spill(ws, top + 2, 3, top + 1 + m, 3,
            f"=UNITPRICE({rng(None, top + 2, 1, top + 1 + m, 1)},{rng(None, top + 2, 2, top + 1 + m, 2)})",
            s.num1)
    t.where["unit_prices_2016"] = rng(NAME, top + 2, 3, top + 1 + m, 3)

    top = top + 2 + m + 3
    years = ex.school_years
    k = len(years)
    ws.write(top, 0, "Udgifter til behandlingsskoler og merudgift mod basisperiode", s.subtitle)
    t.years_header(ws, top + 1, 1, years, "{Unit}")
    for i, (label, *values) in enumerate(ex.schools):
        ws.write(top + 2 + i, 0, label, s.label)
        t.input_row(ws, top + 2 + i, 1, values, typed)
    total = top + 2 + len(ex.schools)
    ws.write(total, 0, "I alt", s.bold_label)
    t.column_sums(ws, total, 1, k, top + 2, total - 1, bold_mio)
    base = ex.base_period_years
    year_row = rng(None, top + 1, 1, top + 1, k)
    ws.write(total + 1, 0, f"I alt i {ex.price_year}-P/L (med pris- og lønindekset)", s.label)
    t.spill(ws, total + 1, 1, total + 1, k,
            f"=PRICEINDEX({rng(None, total, 1, total, k)},{year_row},Prisaar,PL_aar,PL_indeks)", mio)
    ws.write(total + 2, 0, f"Merudgift mod gennemsnittet {years[0]}–{years[base - 1]} ({ex.price_year}-P/L)",
             s.bold_label)
    t.spill(ws, total + 2, 1 + base, total + 2, k,
            f"=EXTRASPEND({rng(None, total + 1, 1 + base, total + 1, k)},"
            f"{rng(None, total + 1, 1, total + 1, base)})", bold_mio)
    ws.write(total + 3, 0, "Til sammenligning: merudgift i løbende priser", s.label)
    t.spill(ws, total + 3, 1 + base, total + 3, k,
            f"=EXTRASPEND({rng(None, total, 1 + base, total, k)},{rng(None, total, 1, total, base)})", mio)
    t.where["extra_spend"] = rng(NAME, total + 2, 1 + base, total + 2, k)
    t.where["extra_spend_current"] = rng(NAME, total + 3, 1 + base, total + 3, k)
    t.where["schools_fixed"] = rng(NAME, total + 1, 1, total + 1, k)
    t.paragraph(ws, total + 5, FIXED_PRICES, 5, lines=3)
