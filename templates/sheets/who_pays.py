"""The table "Hvem betaler?" on Scenarier: the plan's change split between the municipality and the State.

PAYERSPLIT splits the change of the plan (Anbringelser's base and scenario at the case's unit prices) by the
refusion for particularly expensive single cases, each of the case's years under its own year's rule from the
dated table on Forudsætninger (serviceloven § 176 a / § 176 before 2024, barnets lov § 198 from 2024; the
amounts moved to the prices' year with the P/L index there). Below it: the refusion case by case against the
refusion at an average price, under the rule of one year the officer chooses from the table's years.

Amounts stay in kr. (the prices' unit) and are shown in the workbook's unit: the number format divides.
"""

from __future__ import annotations

from ..workbook import Template, ref, rng
from .display import KR_AS_MILLIONS, KR_AS_MILLIONS_2, amount_format


def write(t: Template, ws, sheet: str, top: int) -> None:
    """Write "Hvem betaler?" on ``ws`` (the sheet ``sheet``) from row ``top``."""
    ex, s = t.example, t.styles
    years, last = ex.years, len(ex.years)
    mio, mio2 = (amount_format(t, code) for code in (KR_AS_MILLIONS, KR_AS_MILLIONS_2))
    input_mio = amount_format(t, KR_AS_MILLIONS_2, typed=True)
    rule = f"{t.where['refusion_thresholds']},{t.where['refusion_rates']}"
    t.heading(ws, top, f"Hvem betaler? Planens ændring mod {ex.snapshot_labels[ex.case_base]}", "{unit}")
    t.paragraph(ws, top + 1, "Staten refunderer en del af udgiften til særligt dyre enkeltsager: en sats af den del "
                             "af årets udgift pr. sag, der ligger over hver tærskel. Hvert år bruger sit eget års "
                             "regel fra tabellen på Forudsætninger (serviceloven før 2024, barnets lov § 198 fra "
                             "2024). Negativ = mindreudgift.", 5, lines=2)
    t.years_header(ws, top + 2, 1, years, "{Unit}")
    ws.write(top + 3, 0, "Kommunen", s.bold_label)
    ws.write(top + 4, 0, "Staten (refusion)", s.label)
    t.spill(ws, top + 3, 1, top + 4, last,
            f"=PAYERSPLIT({t.where['case_base']},{t.where['scenario']},{t.where['case_prices']},{rule},"
            f"{t.case_years},{t.where['refusion_years']})", mio)
    t.where["payers"] = rng(sheet, top + 3, 1, top + 4, last)
    ws.write(top + 5, 0, "I eksemplet: " + _rules_in(ex), s.note)

    r = top + 7
    ws.write(r, 0, "Refusion sag for sag eller på gennemsnitspris", s.subtitle)
    t.paragraph(ws, r + 1, "Refusionen beregnes for hver sag. Regnet på en gennemsnitspris bliver den for lille, når "
                           "sagerne koster forskelligt: en sag langt over tærsklen giver mere, end en sag under den "
                           "mister. Skriv jeres dyreste sager hver for sig (beløbene her er et opdigtet eksempel "
                           "med typens gennemsnitspris som middel).", 5, lines=3)
    ws.write(r + 2, 0, "Reglen fra året (vælg på listen)", s.label)
    ws.write_number(r + 2, 1, years[-1], s.input_year)
    ws.data_validation(r + 2, 1, r + 2, 1, {"validate": "list", "source": f"={t.where['refusion_years']}",
                                            "error_title": "Refusionsår",
                                            "error_message": "Vælg et år fra refusionstabellen på Forudsætninger"})
    chosen = ref(sheet, r + 2, 1)
    ws.write_row(r + 3, 0, ["Sag (eksempel)", "Nu", "I målet"], s.header)
    t.write_text(ws, r + 3, 3, "Årlig udgift ({unit})", s.header)
    ws.set_row(r + 3, 30)
    cases = len(ex.refund_cases)
    for k, cost in enumerate(ex.refund_cases):
        ws.write(r + 4 + k, 0, f"Sag {k + 1}", s.label)
        ws.write_number(r + 4 + k, 1, 1, s.input_int)
        ws.write_number(r + 4 + k, 2, 0, s.input_int)
        ws.write_number(r + 4 + k, 3, cost, input_mio)
    if cases:
        t.typed_in_kroner(ws, r + 4, 3, r + 3 + cases, 3)
    now, target, costs = (rng(None, r + 4, c, r + 3 + cases, c) for c in (1, 2, 3))
    end = r + 4 + cases
    ws.write_row(end, 1, ["Kommunen", "Staten"], s.header)
    ws.write(end + 1, 0, "Sag for sag", s.bold_label)
    dated = f"{rule},{chosen},{t.where['refusion_years']}"
    t.spill(ws, end + 1, 1, end + 1, 2, f"=PAYERSPLIT({now},{target},{costs},{dated})", mio2)
    ws.write(end + 2, 0, "På gennemsnitsprisen", s.label)
    average = f"UNITPRICE(SUM({costs}),SUM({now}))"
    t.spill(ws, end + 2, 1, end + 2, 2,
            f"=PAYERSPLIT(SUM({now}),SUM({target}),{average},{dated})", mio2)
    t.where["refusion_by_case"] = rng(sheet, end + 1, 1, end + 1, 2)
    t.where["refusion_at_average"] = rng(sheet, end + 2, 1, end + 2, 2)


def _rules_in(ex) -> str:
    """Which law each of the example's years falls under, e.g. "2018–2020 serviceloven § 176 a; ..."."""
    laws = {year: law for year, law, *_ in ex.refund_rules}
    spans: list[list] = []
    for year in ex.years:
        law = laws.get(year, "(ikke i tabellen)")
        if spans and spans[-1][2] == law:
            spans[-1][1] = year
        else:
            spans.append([year, year, law])
    return "; ".join(f"{a}–{b} {law[0].lower() + law[1:]}" if a != b else f"{a} {law[0].lower() + law[1:]}"
                     for a, b, law in spans) + " (Forudsætninger)."

