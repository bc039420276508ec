"""The sheet "Sagstal": caseload, the social workers needed to reach the target, and notifications.

It imitates the Ballerup note's (BAL-N) figures on cases and social workers (643 cases in 2017, 770
now, a target of at most 20 cases per worker) and its count of notifications (underretninger), with a
straight-line forecast for the whole year (CASELOAD, ADVISERSNEEDED, ADVISERCOST, ANNUALIZE); for Roskilde
(ROS) only the caseload the note states. Below, the investment by year (extra advisers, training and project
management; ADVISERCOST), which Investeringscase and Scenarier read.
"""

from __future__ import annotations

import datetime as dt

from ..workbook import Template, ref, rng

NAME = "Sagstal"


def write(t: Template) -> None:
    """Write Sagstal: caseload and extra social workers, notifications projected to a whole year, the investment."""
    ex, s = t.example, t.styles
    ws = t.sheet(NAME, {"A:A": 52, "B:B": 14, "C:C": 22, "D:F": 14, "G:G": 30})
    ws.write(0, 0, f"Sagstal og socialrådgivere – {ex.municipality}", s.title)
    ws.write_row(2, 0, ["", "Værdi", "Enhed"], s.header)
    ws.merge_range(2, 3, 2, 6, "Kilde / bemærkning", s.header)
    row = 3 if ex.cases_now is None else _caseload(t, ws)
    if ex.caseload_now is not None:
        ws.write(row, 0, "Sagstal nu", s.bold_label)
        ws.write_number(row, 1, ex.caseload_now, s.input_num)
        t.where["caseload"] = ref(NAME, row, 1)
        ws.write(row, 2, "sager pr. rådgiver", s.label)
        ws.write(row, 3, f"{ex.document}: \"ca. 33 sager pr. rådgiver\"; antal sager og rådgivere oplyses ikke, så "
                         "sagstallet kan ikke beregnes her", s.note)
        ws.write(row + 1, 0, "Mål for sagstal", s.label)
        ws.write_formula(row + 1, 1, "=Maal_sagstal", s.num1)
        ws.write(row + 1, 2, "sager pr. rådgiver", s.label)
        row += 3
    if ex.notifications_to_date is not None:
        row = _notifications(t, ws, row)
    _investment(t, ws, row)


def _caseload(t: Template, ws) -> int:
    """Cases, advisers and the caseload, the advisers needed for the target and their cost; the next free row."""
    ex, s = t.example, t.styles
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
    ws.write(5, 3, "770 sager ved i gennemsnit 24 sager pr. rådgiver (antallet oplyses ikke)", s.note)
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
    ws.write_formula(9, 1, "=ADVISERCOST(B9,Udgift_pr_raadgiver)", s.mio1)  # as Scenarier
    t.write_text(ws, 9, 2, "{unit} pr. år", s.label)
    ws.write(9, 3, "I casen som linje på Scenarier (Med / Uden)", s.note)
    ws.write(10, 0, "Stigning i antal sager", s.label)
    ws.write_formula(10, 1, "=B5/B4-1", s.share)
    t.where["caseload"] = ref(NAME, 6, 1)
    t.where["advisers_needed"] = ref(NAME, 8, 1)
    t.where["advisers_needed_cost"] = ref(NAME, 9, 1)
    return 12


def _notifications(t: Template, ws, top: int) -> int:
    """Notifications by year and so far this year, projected to the whole year; the next free row."""
    ex, s = t.example, t.styles
    ws.write(top, 0, "Underretninger", s.subtitle)
    ws.write_row(top + 1, 0, ["", "Antal", ""], s.header)
    for i, (year, count) in enumerate(ex.notifications_previous):
        ws.write(top + 2 + i, 0, f"Underretninger i {year}", s.label)
        ws.write_number(top + 2 + i, 1, count, s.input_int)
    r = top + 2 + len(ex.notifications_previous)
    ws.write(r, 0, "Underretninger hidtil i år", s.label)
    ws.write_number(r, 1, ex.notifications_to_date, s.input_int)
    ws.write(r + 1, 0, "Opgjort pr.", s.label)
    ws.write_datetime(r + 1, 1, dt.datetime(*ex.notifications_date), s.input_date)
    ws.write(r + 2, 0, "Forventet i hele året (ligefrem fremskrivning)", s.bold_label)
    ws.write_formula(r + 2, 1, f"=ANNUALIZE(B{r + 1},B{r + 2})", s.int)
    ws.write(r + 2, 3, "Ballerup-notatet: 207 pr. 13. juni 2018 giver 461", s.note)
    t.where["notifications_year"] = ref(NAME, r + 2, 1)
    return r + 4


def _investment(t: Template, ws, top: int) -> None:
    """The investment by year: extra advisers × cost per adviser + training and project management (ADVISERCOST)."""
    ex, s = t.example, t.styles
    computed, bold, money = t.money
    years, last = ex.years, len(ex.years)
    t.heading(ws, top, "Investeringen: flere socialrådgivere", "{unit}")
    t.years_header(ws, top + 1, 1, years, "")
    ws.write(top + 2, 0, "Ekstra socialrådgivere", s.label)
    t.input_row(ws, top + 2, 1, ex.advisers_by_year, s.input_num)
    ws.write(top + 2, last + 1, "årsværk", s.note)
    ws.write(top + 3, 0, "Kompetenceudvikling og projektledelse", s.label)
    t.input_row(ws, top + 3, 1, ex.training_by_year, money)
    ws.write(top + 4, 0, "Investering i alt", s.bold_label)
    advisers, training = (rng(None, top + k, 1, top + k, last) for k in (2, 3))
    t.spill(ws, top + 4, 1, top + 4, last, f"=ADVISERCOST({advisers},Udgift_pr_raadgiver,{training})", bold)
    ws.write(top + 4, last + 1, "rådgivere × udgift pr. rådgiver + øvrige", s.note)
    t.where["investment"] = rng(NAME, top + 4, 1, top + 4, last)
    t.where["investment_advisers"] = rng(NAME, top + 2, 1, top + 2, last)
    t.where["investment_training"] = rng(NAME, top + 3, 1, top + 3, last)
    t.paragraph(ws, top + 6, ex.investment_note + " Investeringen bruges af Investeringscase og Scenarier.",
                last + 1, lines=2)
