"""The sheet "Sagstal": caseload, the social workers needed to reach the target, and notifications.

It imitates the Ballerup note's (BAL-N) figures on cases and social workers (643 cases in 2017, 770
now, a target of at most 20 cases per worker) and its count of notifications (underretninger), with a
straight-line forecast for the whole year (CASELOAD, ADVISERSNEEDED, ADVISERCOST, ANNUALIZE).
"""

from __future__ import annotations

import datetime as dt

from ..workbook import Template, ref

NAME = "Sagstal"


def write(t: Template) -> None:
    """Write Sagstal: caseload and extra social workers, then notifications projected to a whole year."""
    ex, s = t.example, t.styles
    ws = t.sheet(NAME, {"A:A": 52, "B:B": 14, "C:C": 22, "D:D": 50})
    ws.write(0, 0, f"Sagstal og socialrådgivere – {ex.municipality}", s.title)
    ws.write_row(2, 0, ["", "Værdi", "Enhed", "Kilde / bemærkning"], s.header)
    ws.write(3, 0, "Sager sidste år", s.label)
    ws.write_number(3, 1, ex.cases_last_year, s.input_int)
    ws.write(3, 2, "sager", s.label)
    ws.write(3, 3, "Ballerup-notatet: 643 sager i 2017", s.note)
    ws.write(4, 0, "Sager nu", s.label)
    ws.write_number(4, 1, ex.cases_now, s.input_int)
    ws.write(4, 2, "sager", s.label)
    ws.write(4, 3, "Ballerup-notatet: aktuelt 770 sager", s.note)
    ws.write(5, 0, "Socialrådgivere nu", s.label)
    ws.write_number(5, 1, ex.advisers_now, s.input_num)
    ws.write(5, 2, "årsværk", s.label)
    ws.write(5, 3, "770 sager ved i gennemsnit 24 sager pr. rådgiver", s.note)
    ws.write(6, 0, "Sagstal nu", s.bold_label)
    ws.write_formula(6, 1, "=CASELOAD(B5,B6)", s.num1)
    ws.write(6, 2, "sager pr. rådgiver", s.label)
    ws.write(7, 0, "Mål for sagstal", s.label)
    ws.write_formula(7, 1, "=Maal_sagstal", s.num1)
    ws.write(7, 2, "sager pr. rådgiver", s.label)
    ws.write(8, 0, "Ekstra socialrådgivere for at nå målet", s.bold_label)
    ws.write_formula(8, 1, "=ADVISERSNEEDED(B5,Maal_sagstal,B6)", s.num2)
    ws.write(8, 2, "årsværk (ikke afrundet)", s.label)
    ws.write(9, 0, "Årlig udgift til de ekstra socialrådgivere", s.label)
    ws.write_formula(9, 1, "=ADVISERCOST(B9,Udgift_pr_raadgiver)", s.num2)
    ws.write(9, 2, "mio. kr. pr. år", s.label)
    ws.write(10, 0, "Stigning i antal sager", s.label)
    ws.write_formula(10, 1, "=B5/B4-1", s.share)

    ws.write(12, 0, "Underretninger", s.subtitle)
    ws.write_row(13, 0, ["", "Antal", "", ""], s.header)
    for i, (year, count) in enumerate(ex.notifications_previous):
        ws.write(14 + i, 0, f"Underretninger i {year}", s.label)
        ws.write_number(14 + i, 1, count, s.input_int)
    r = 14 + len(ex.notifications_previous)
    ws.write(r, 0, "Underretninger hidtil i år", s.label)
    ws.write_number(r, 1, ex.notifications_to_date, s.input_int)
    ws.write(r + 1, 0, "Opgjort pr.", s.label)
    ws.write_datetime(r + 1, 1, dt.datetime(*ex.notifications_date), s.input_date)
    ws.write(r + 2, 0, "Forventet i hele året (ligefrem fremskrivning)", s.bold_label)
    ws.write_formula(r + 2, 1, f"=ANNUALIZE(B{r + 1},B{r + 2})", s.int)
    ws.write(r + 2, 3, "Ballerup-notatet: 207 pr. 13. juni 2018 giver 461", s.note)
    t.where["caseload"] = ref(NAME, 6, 1)
    t.where["advisers_needed"] = ref(NAME, 8, 1)
    t.where["notifications_year"] = ref(NAME, r + 2, 1)
