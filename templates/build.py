"""Builds the template workbook ``investeringscase.xlsx``: the officers' familiar sheets, our functions inside.

The layout imitates the documents' tables (``shared/SHEETS.md``). Input cells are unlocked and yellow;
formula cells are locked; the sheets are protected without a password so an officer can unprotect
them. Wherever a budget calculation happens, the formula calls one of our functions (``=NETSAVING``,
``=PLACEMENTCOST`` ...); plain sums of a table stay Excel's ``SUM``. The file is byte-identical on every
build: the creation date is fixed.

    python -m trappen.templates.build out/investeringscase.xlsx
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from .example import BALLERUP, Example

FILENAME = "investeringscase.xlsx"
CREATED = dt.datetime(2018, 6, 13)  # fixed so that two builds are byte-identical

SHEETS = ("Forudsætninger", "Anbringelser", "Investeringscase", "Sagstal", "Regnskab", "Nøgletal", "Scenarier",
          "Usikkerhed", "Opfølgning", "xlwings.conf")


def engine_column(cell: str, offset: int) -> str:
    """The cell ``offset`` columns to the right of ``cell`` (``'B14'``, 2 → ``'D14'``)."""
    letters = cell.rstrip("0123456789")
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return f"{xl_col_to_name(number - 1 + offset)}{cell[len(letters):]}"


def ref(sheet: str, row: int, col: int, row_abs: bool = True, col_abs: bool = True) -> str:
    return f"'{sheet}'!{xl_rowcol_to_cell(row, col, row_abs, col_abs)}"


def rng(sheet: str | None, first_row: int, first_col: int, last_row: int, last_col: int) -> str:
    """An A1 range, e.g. ``'Anbringelser'!$C$6:$G$12`` (sheet omitted for the same sheet)."""
    cells = (f"{xl_rowcol_to_cell(first_row, first_col, True, True)}:"
             f"{xl_rowcol_to_cell(last_row, last_col, True, True)}")
    return f"'{sheet}'!{cells}" if sheet else cells


@dataclass
class Styles:
    title: object
    subtitle: object
    header: object
    label: object
    bold_label: object
    note: object
    input_int: object
    input_year: object
    input_dash: object
    dash: object
    input_num: object
    input_share: object
    input_text: object
    input_date: object
    int: object
    num1: object
    num2: object
    share: object
    year: object
    bold_num1: object
    bold_int: object
    bold_year: object


def make_styles(book: xlsxwriter.Workbook) -> Styles:
    base = {"font_name": "Calibri", "font_size": 11}
    inputs = {**base, "bg_color": "#FFF2CC", "font_color": "#1F3864", "border": 1, "border_color": "#BFBFBF",
              "locked": False}
    formula = {**base, "border": 1, "border_color": "#D9D9D9", "locked": True}

    def fmt(**kw):
        return book.add_format({**base, **kw})

    return Styles(
        title=fmt(bold=True, font_size=14, font_color="#1F3864"),
        subtitle=fmt(bold=True, font_size=12),
        header=fmt(bold=True, bg_color="#D9E1F2", border=1, border_color="#BFBFBF", text_wrap=True,
                   align="center", valign="vcenter"),
        label=fmt(text_wrap=True, valign="vcenter"),
        bold_label=fmt(bold=True, valign="vcenter"),
        note=fmt(italic=True, font_color="#595959", font_size=9, valign="top"),
        input_int=fmt(**inputs, num_format="#,##0"),
        input_year=fmt(**inputs, num_format="0"),
        input_dash=fmt(**inputs, align="right"),
        dash=fmt(**formula, align="right"),
        input_num=fmt(**inputs, num_format="#,##0.0"),
        input_share=fmt(**inputs, num_format="0.0%"),
        input_text=fmt(**inputs),
        input_date=fmt(**inputs, num_format="dd-mm-yyyy"),
        int=fmt(**formula, num_format="#,##0"),
        num1=fmt(**formula, num_format="#,##0.0"),
        num2=fmt(**formula, num_format="#,##0.00"),
        share=fmt(**formula, num_format="0.0%"),
        year=fmt(bold=True, bg_color="#D9E1F2", border=1, border_color="#BFBFBF", align="center",
                 num_format="0"),
        bold_num1=fmt(**formula, bold=True, num_format="#,##0.0"),
        bold_int=fmt(**formula, bold=True, num_format="#,##0"),
        bold_year=fmt(**formula, bold=True, num_format="0"),
    )


class Template:
    """Writes the six sheets; remembers where each table is, so later sheets can refer to it."""

    def __init__(self, book: xlsxwriter.Workbook, example: Example):
        self.book, self.ex, self.s = book, example, make_styles(book)
        self.where: dict[str, str] = {}

    # -- helpers ---------------------------------------------------------------------------------------
    def sheet(self, name: str, widths: dict[str, float]):
        ws = self.book.add_worksheet(name)
        for cols, width in widths.items():
            ws.set_column(cols, width)
        ws.protect("", {"format_columns": True, "format_rows": True, "select_locked_cells": True,
                        "select_unlocked_cells": True})
        ws.hide_gridlines(2)
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)  # one page wide, as many pages tall as needed
        ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        ws.set_footer(f"&L{name}&RSide &P af &N")
        return ws

    def heading(self, ws, row: int, title: str, unit: str | None = None) -> None:
        ws.write(row, 0, f"{title} ({unit})" if unit else title, self.s.subtitle)

    def years_header(self, ws, row: int, first_col: int, years, label: str = "") -> None:
        ws.write(row, 0, label, self.s.header)
        for i, year in enumerate(years):
            ws.write_number(row, first_col + i, year, self.s.year)

    def input_row(self, ws, row: int, col: int, values, style) -> None:
        for i, value in enumerate(values):
            if value is None:
                ws.write_blank(row, col + i, None, style)
            else:
                ws.write_number(row, col + i, value, style)

    def reformat(self, ws, row: int, col: int, last_row: int, last_col: int, num_format: str) -> None:
        """Another number format for part of a spilled range (a spill takes one format for all its cells)."""
        fmt = self.book.add_format({"num_format": num_format})
        ws.conditional_format(row, col, last_row, last_col, {"type": "no_errors", "format": fmt})

    def spill(self, ws, row: int, col: int, last_row: int, last_col: int, formula: str, style) -> None:
        """A dynamic-array formula whose result spills over the given range (Excel 365)."""
        ws.write_dynamic_array_formula(row, col, last_row, last_col, formula, style)

    # -- sheets ----------------------------------------------------------------------------------------
    def assumptions(self) -> None:
        ex, s = self.ex, self.s
        ws = self.sheet("Forudsætninger", {"A:A": 46, "B:B": 14, "C:C": 16, "D:D": 12, "E:I": 9})
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
             "Ballerup-notatet: 5,5 mio. kr. til 12 socialrådgivere", s.input_num, "Udgift_pr_raadgiver"),
        ]
        for i, (label, value, unit, note, style, name) in enumerate(rows):
            row = 4 + i
            ws.write(row, 0, label, s.label)
            if isinstance(value, str):
                ws.write_string(row, 1, value, style)
            else:
                ws.write_number(row, 1, value, style if name != "Udgift_pr_raadgiver" else self._three(style))
            ws.write(row, 2, unit, s.label)
            ws.write(row, 3, note, s.note)
            if name:
                self.book.define_name(name, f"={ref('Forudsætninger', row, 1)}")
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
        self.book.define_name("PL_aar", f"={rng('Forudsætninger', top + 2, 1, top + 2, last)}")
        self.book.define_name("PL_indeks", f"={rng('Forudsætninger', top + 3, 1, top + 3, last)}")

    def _three(self, _style):
        return self.book.add_format({"font_name": "Calibri", "font_size": 11, "bg_color": "#FFF2CC",
                                     "font_color": "#1F3864", "border": 1, "border_color": "#BFBFBF",
                                     "locked": False, "num_format": "#,##0.000"})

    def placements(self) -> None:
        ex, s = self.ex, self.s
        name = "Anbringelser"
        ws = self.sheet(name, {"A:A": 30, "B:H": 13})
        types = ex.placement_types
        n = len(types)
        ws.write(0, 0, f"Anbringelser – {ex.municipality}", s.title)
        ws.write(1, 0, "Kilde: Ballerup-notatet (udviklingen i anbringelsesmønstret, enhedspriser og fremtidigt "
                       "scenarie). \"-\" = ingen pris.", s.note)

        # Anbringelsesmønster: types × snapshots
        top = snapshot_top = 3
        self.heading(ws, top, "Udviklingen i anbringelsesmønstret", "antal")
        ws.write(top + 1, 0, "Anbringelsestype", s.header)
        ws.write_row(top + 1, 1, ex.snapshot_labels, s.header)
        ws.set_row(top + 1, 30)
        for i, typ in enumerate(types):
            ws.write(top + 2 + i, 0, typ, s.label)
            self.input_row(ws, top + 2 + i, 1, ex.snapshots[i], s.input_int)
        total = top + 2 + n
        ws.write(total, 0, "I alt", s.bold_label)
        for j in range(len(ex.snapshot_labels)):
            col = xl_col_to_name(1 + j)
            ws.write_formula(total, 1 + j, f"=SUM({col}{top + 3}:{col}{top + 2 + n})", s.bold_int)
        self.where["snapshots"] = rng(name, top + 2, 1, top + 1 + n, len(ex.snapshot_labels))
        self.where["snapshot_labels"] = rng(name, top + 1, 1, top + 1, len(ex.snapshot_labels))

        # Enhedspriser: types × price years
        top = total + 3
        self.heading(ws, top, "Udviklingen i enhedspriser", "kr. pr. helårsanbringelse")
        ws.write(top + 1, 0, "Anbringelsestype", s.header)
        for j, year in enumerate(ex.price_years):
            ws.write_number(top + 1, 1 + j, year, s.year)
        for i, typ in enumerate(types):
            ws.write(top + 2 + i, 0, typ, s.label)
            for j, price in enumerate(ex.unit_prices[i]):
                if price is None:
                    ws.write_string(top + 2 + i, 1 + j, "-", s.input_dash)
                else:
                    ws.write_number(top + 2 + i, 1 + j, price, s.input_int)
        price_col = 1 + list(ex.price_years).index(ex.price_year)
        prices = rng(None, top + 2, price_col, top + 1 + n, price_col)
        self.where["prices_price_year"] = rng(name, top + 2, price_col, top + 1 + n, price_col)
        price_top = top

        # Enhedspriser i prisårets P/L (PRICEINDEX), to compare real price rises
        top = top + 2 + n + 1
        self.heading(ws, top, f"Enhedspriser i {ex.price_year}-P/L", "kr.; stigning ud over P/L-indekset")
        ws.write(top + 1, 0, "Anbringelsestype", s.header)
        for j, year in enumerate(ex.price_years):
            ws.write_number(top + 1, 1 + j, year, s.year)
        for i, typ in enumerate(types):
            ws.write(top + 2 + i, 0, typ, s.label)
            for j, price in enumerate(ex.unit_prices[i]):
                if price is None:
                    ws.write_string(top + 2 + i, 1 + j, "-", s.dash)
                    continue
                source = xl_rowcol_to_cell(price_top + 2 + i, 1 + j)
                year = xl_rowcol_to_cell(price_top + 1, 1 + j, True, True)
                ws.write_formula(top + 2 + i, 1 + j, f"=PRICEINDEX({source},{year},Prisaar,PL_aar,PL_indeks)", s.int)
        self.where["prices_real"] = rng(name, top + 2, 1, top + 1 + n, len(ex.price_years))

        # Fremtidigt scenarie: types × years
        top = top + 2 + n + 2
        years = ex.years
        last = len(years)
        self.heading(ws, top, "Fremtidigt scenarie", "antal anbringelser")
        self.years_header(ws, top + 1, 1, years, "Anbringelsestype")
        for i, typ in enumerate(types):
            ws.write(top + 2 + i, 0, typ, s.label)
            self.input_row(ws, top + 2 + i, 1, ex.scenario[i], s.input_int)
        total = top + 2 + n
        ws.write(total, 0, "Anbringelser i alt", s.bold_label)
        for j in range(last):
            col = xl_col_to_name(1 + j)
            ws.write_formula(total, 1 + j, f"=SUM({col}{top + 3}:{col}{top + 2 + n})", s.bold_int)
        counts = rng(None, top + 2, 1, top + 1 + n, last)
        year_row = top + 1
        self.where["scenario"] = rng(name, top + 2, 1, top + 1 + n, last)

        # Udgift til anbringelser
        top = total + 3
        self.heading(ws, top, "Udgift til anbringelser i scenariet", "kr.")
        self.years_header(ws, top + 1, 1, years, "")
        r = top + 2
        ws.write(r, 0, "År efter prisåret", s.label)
        for j in range(last):
            ws.write_formula(r, 1 + j, f"={xl_rowcol_to_cell(year_row, 1 + j, True, False)}-Prisaar", s.int)
        offsets = rng(None, r, 1, r, last)
        ws.write(r + 1, 0, f"Udgift i {ex.price_year}-priser", s.label)
        self.spill(ws, r + 1, 1, r + 1, last, f"=PLACEMENTCOST({counts},{prices})", s.int)
        ws.write(r + 2, 0, "Udgift med prisudvikling", s.bold_label)
        self.spill(ws, r + 2, 1, r + 2, last, f"=PLACEMENTCOST({counts},{prices},Prisudvikling,{offsets})",
                   s.bold_int)
        cost_row = r + 2
        ws.write(r + 3, 0, f"Ændring i forhold til {years[0]}", s.label)
        first_cost = xl_rowcol_to_cell(cost_row, 1, True, True)
        for j in range(last):
            ws.write_formula(r + 3, 1 + j, f"={xl_rowcol_to_cell(cost_row, 1 + j)}-{first_cost}", s.int)
        change = rng(None, r + 3, 1, r + 3, last)
        ws.write(r + 4, 0, "Nye hjemmebaserede udgifter", s.label)
        ws.write(r + 5, 0, "Nye forebyggende udgifter", s.label)
        self.spill(ws, r + 4, 1, r + 5, last,
                   f"=SPILLOVER({change},Andel_hjemmebaseret,Andel_forebyggende)", s.int)
        base_col = 1 + ex.activity_base
        ws.write(r + 6, 0, f"Budgetvirkning mod {ex.snapshot_labels[ex.activity_base]} ({ex.price_year}-priser)",
                 s.label)
        base = rng(None, snapshot_top + 2, base_col, snapshot_top + 1 + n, base_col)
        self.spill(ws, r + 6, 1, r + 6, last, f"=ACTIVITYEFFECT({base},{counts},{prices})", s.int)
        self.where["snapshot_base"] = rng(name, snapshot_top + 2, base_col, snapshot_top + 1 + n, base_col)
        self.where["activity_effect"] = rng(name, r + 6, 1, r + 6, last)
        ws.write(r + 8, 0, "Udgiften beregnes med PLACEMENTCOST (antal × enhedspris × (1+prisudvikling)^år); "
                           "spill-over med SPILLOVER (Ballerups 20 %/10 %-regel); budgetvirkningen med "
                           "ACTIVITYEFFECT ((scenarie − øjebliksbillede) × enhedspris).", s.note)
        self.where["placement_cost"] = rng(name, cost_row, 1, cost_row, last)

    def investment_case(self) -> None:
        ex, s = self.ex, self.s
        name = "Investeringscase"
        ws = self.sheet(name, {"A:A": 62, "B:F": 11, "G:G": 4, "H:H": 30, "I:I": 12})
        years = ex.years
        last = len(years)
        ws.write(0, 0, f"Investeringscase – {ex.municipality}", s.title)
        ws.write(1, 0, "Nettobesparelse: opnået besparelse fratrukket investeringen og det samlede "
                       "finansieringsbehov. Positiv = merudgift, negativ = besparelse.", s.note)

        # Finansieringsbehov (inputs: the documents' unfolding of the need)
        top = 3
        self.heading(ws, top, "Finansieringsbehov", "mio. kr.")
        self.years_header(ws, top + 1, 1, years, "Mio. kr.")
        need_rows = [("Finansieringsbehov til anbringelser", ex.need_placements),
                     ("Finansieringsbehov til forebyggelse og hjemmebaserede indsatser", ex.need_prevention),
                     ("Øget tilgang", ex.need_inflow)]
        for i, (label, values) in enumerate(need_rows):
            ws.write(top + 2 + i, 0, label, s.label)
            self.input_row(ws, top + 2 + i, 1, values, s.input_num)
        need_total = top + 5
        ws.write(need_total, 0, "Finansieringsbehov i alt", s.bold_label)
        for j in range(last):
            col = xl_col_to_name(1 + j)
            ws.write_formula(need_total, 1 + j, f"=SUM({col}{top + 3}:{col}{top + 5})", s.bold_num1)

        # Nettobesparelse
        top = need_total + 3
        self.heading(ws, top, "Nettobesparelse", "mio. kr.")
        self.years_header(ws, top + 1, 1, years, "Mio. kr.")
        year_row = rng(None, top + 1, 1, top + 1, last)
        r = top + 2
        ws.write(r, 0, "Besparelseskrav", s.label)
        self.input_row(ws, r, 1, ex.savings_requirement, s.input_num)
        requirement = rng(None, r, 1, r, last)
        ws.write(r + 1, 0, "Finansieringsbehov på anbringelsesområdet (stigende priser og reduceret fald i "
                           "antallet af anbringelser)", s.label)
        ws.set_row(r + 1, 30)
        first_need = need_total - 3  # the rows of the Finansieringsbehov table above
        for j in range(last):
            ws.write_formula(r + 1, 1 + j, f"={xl_rowcol_to_cell(first_need, 1 + j)}", s.num1)
        ws.write(r + 2, 0, "Yderligere finansieringsbehov (forebyggelse og hjemmebaserede indsatser; øget tilgang)",
                 s.label)
        ws.set_row(r + 2, 30)
        for j in range(last):
            col = xl_col_to_name(1 + j)
            ws.write_formula(r + 2, 1 + j, f"=SUM({col}{first_need + 2}:{col}{first_need + 3})", s.num1)
        ws.write(r + 3, 0, "Investering (ekstra socialrådgivere)", s.label)
        for j in range(last):
            ws.write_formula(r + 3, 1 + j, "=ADVISERCOST(Ekstra_raadgivere,Udgift_pr_raadgiver)", s.num1)
        need1, need2, invest = (rng(None, r + k, 1, r + k, last) for k in (1, 2, 3))
        self.where["requirement"] = rng(name, r, 1, r, last)
        self.where["needs"] = rng(name, r + 1, 1, r + 2, last)
        self.where["investment"] = rng(name, r + 3, 1, r + 3, last)
        net_row = r + 4
        ws.write(net_row, 0, "Nettobesparelse", s.bold_label)
        self.spill(ws, net_row, 1, net_row, last, f"=NETSAVING({invest},-{requirement},{need1},{need2})",
                   s.bold_num1)
        net = rng(None, net_row, 1, net_row, last)
        ws.write(net_row + 1, 0, "Akkumuleret nettoresultat", s.label)
        self.spill(ws, net_row + 1, 1, net_row + 1, last, f"=CUMULATIVE({net})", s.num1)
        ws.write(net_row + 3, 0, "Tilbagebetalingsår (akkumuleret ≤ 0)", s.bold_label)
        ws.write_formula(net_row + 3, 1, f"=PAYBACKYEAR({net},{year_row})", s.bold_year)
        ws.write(net_row + 4, 0, "Nutidsværdi af nettoresultatet (diskonteringsrente fra Forudsætninger)", s.label)
        ws.write_formula(net_row + 4, 1, f"=PRESENTVALUE({net},Diskonteringsrente)", s.num1)
        self.where["net"] = rng(name, net_row, 1, net_row, last)
        self.where["cumulative"] = rng(name, net_row + 1, 1, net_row + 1, last)
        self.where["years"] = rng(name, top + 1, 1, top + 1, last)
        self.where["payback"] = ref(name, net_row + 3, 1)
        self.where["present_value"] = ref(name, net_row + 4, 1)

        # BDO's original case
        top = net_row + 7
        self.heading(ws, top, "BDO's investeringscase (maj 2016)", "mio. kr.")
        self.years_header(ws, top + 1, 1, ex.bdo_years, "Mio. kr.")
        ws.write(top + 2, 0, "Besparelseskrav", s.label)
        self.input_row(ws, top + 2, 1, ex.bdo_requirement, s.input_num)
        ws.write(top + 3, 0, "Investering (12 socialrådgivere)", s.label)
        self.input_row(ws, top + 3, 1, ex.bdo_investment, s.input_num)
        ws.write(top + 4, 0, "Nettobesparelse", s.bold_label)
        self.spill(ws, top + 4, 1, top + 4, last,
                   f"=NETSAVING({rng(None, top + 3, 1, top + 3, last)},-{rng(None, top + 2, 1, top + 2, last)})",
                   s.bold_num1)
        ws.write(top + 5, 0, "Tilbagebetalingsår", s.label)
        ws.write_formula(top + 5, 1, f"=PAYBACKYEAR({rng(None, top + 4, 1, top + 4, last)},"
                                     f"{rng(None, top + 1, 1, top + 1, last)})", s.bold_year)
        ws.write(top + 6, 0, "BDO trykker 3,0 og 1,5 for 2017–2018; rækkerne giver 4,0 og 2,5.", s.note)
        self.where["bdo_net"] = rng(name, top + 4, 1, top + 4, last)

        chart = self.book.add_chart({"type": "column"})
        chart.add_series({"name": "Nettobesparelse", "categories": self.where["years"], "values": self.where["net"],
                          "fill": {"color": "#4472C4"}})
        line = self.book.add_chart({"type": "line"})
        line.add_series({"name": "Akkumuleret", "categories": self.where["years"],
                         "values": self.where["cumulative"], "line": {"color": "#C00000", "width": 2.25},
                         "marker": {"type": "circle", "size": 6}})
        chart.combine(line)
        chart.set_title({"name": "Nettoresultat pr. år (mio. kr.)"})
        chart.set_legend({"position": "bottom"})
        chart.set_x_axis({"label_position": "low"})
        chart.set_y_axis({"num_format": "0.0", "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
        chart.set_size({"width": 560, "height": 300})
        ws.insert_chart(3, 7, chart)

    def staffing(self) -> None:
        ex, s = self.ex, self.s
        name = "Sagstal"
        ws = self.sheet(name, {"A:A": 52, "B:B": 14, "C:C": 22, "D:D": 50})
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
        self.where["caseload"] = ref(name, 6, 1)
        self.where["advisers_needed"] = ref(name, 8, 1)
        self.where["notifications_year"] = ref(name, r + 2, 1)

    def accounts(self) -> None:
        ex, s = self.ex, self.s
        name = "Regnskab"
        ws = self.sheet(name, {"A:A": 60, "B:F": 14, "G:G": 18})
        ws.write(0, 0, f"Regnskab {ex.accounts_year} – {ex.municipality}", s.title)
        ws.write(1, 0, "Kilde: Ballerups regnskab 2017, bevillingsramme 30.46 (Tabel 2). 1.000 kr.", s.note)
        year = ex.accounts_year
        ws.write_row(3, 0, ["Aktiviteter (1.000 kr.)", f"Vedtaget budget {year}", f"Korrigeret budget {year}",
                            f"Regnskab {year}", f"Overført til budget {year + 1}",
                            f"Resultat {year} efter overførsler", "Merforbrug (+) / mindreforbrug (−)"], s.header)
        ws.set_row(3, 45)
        n = len(ex.accounts)
        for i, (label, *values) in enumerate(ex.accounts):
            ws.write(4 + i, 0, label, s.label)
            self.input_row(ws, 4 + i, 1, values, s.input_int)
            ws.write_formula(4 + i, 5, f"=D{5 + i}+E{5 + i}", s.int)
        self.spill(ws, 4, 6, 3 + n, 6, f"=OVERSPEND({rng(None, 4, 2, 3 + n, 2)},{rng(None, 4, 3, 3 + n, 3)},"
                                       f"{rng(None, 4, 4, 3 + n, 4)})", s.int)
        total = 4 + n
        ws.write(total, 0, "I alt", s.bold_label)
        for j in range(1, 6):
            col = xl_col_to_name(j)
            ws.write_formula(total, j, f"=SUM({col}5:{col}{4 + n})", s.bold_int)
        ws.write_formula(total, 6, f"=OVERSPEND(C{total + 1},D{total + 1},E{total + 1})", s.bold_int)
        self.where["overspend_total"] = ref(name, total, 6)
        self.accounts_cells = {"2017": [ref(name, 4 + i, 3) for i in range(n)]}
        self.where["overspend_rows"] = rng(name, 4, 6, 3 + n, 6)

        top = total + 3
        ws.write(top, 0, "Enhedspriser fra regnskab 2016", s.subtitle)
        ws.write_row(top + 1, 0, ["Aktivitet", "Regnskab 2016 (1.000 kr.)", "Enheder pr. 31.12.2016",
                                  "Pris (1.000 kr.)"], s.header)
        ws.set_row(top + 1, 30)
        m = len(ex.tracks_2016)
        for i, (label, cost, units) in enumerate(ex.tracks_2016):
            ws.write(top + 2 + i, 0, label, s.label)
            self.input_row(ws, top + 2 + i, 1, (cost, units), s.input_int)
        self.accounts_cells["2016"] = [ref(name, top + 2 + i, 1) for i in range(m)]
        self.spill(ws, top + 2, 3, top + 1 + m, 3,
                   f"=UNITPRICE({rng(None, top + 2, 1, top + 1 + m, 1)},{rng(None, top + 2, 2, top + 1 + m, 2)})",
                   s.num1)
        self.where["unit_prices_2016"] = rng(name, top + 2, 3, top + 1 + m, 3)

        top = top + 2 + m + 2
        years = ex.school_years
        k = len(years)
        ws.write(top, 0, "Udgifter til behandlingsskoler og merudgift mod basisperiode", s.subtitle)
        self.years_header(ws, top + 1, 1, years, "1.000 kr.")
        for i, (label, *values) in enumerate(ex.schools):
            ws.write(top + 2 + i, 0, label, s.label)
            self.input_row(ws, top + 2 + i, 1, values, s.input_int)
        total = top + 2 + len(ex.schools)
        ws.write(total, 0, "I alt", s.bold_label)
        for j in range(k):
            col = xl_col_to_name(1 + j)
            ws.write_formula(total, 1 + j, f"=SUM({col}{top + 3}:{col}{total})", s.bold_int)
        base = ex.base_period_years
        ws.write(total + 1, 0, f"Merudgift mod gennemsnittet {years[0]}–{years[base - 1]}", s.bold_label)
        self.spill(ws, total + 1, 1 + base, total + 1, k,
                   f"=EXTRASPEND({rng(None, total, 1 + base, total, k)},{rng(None, total, 1, total, base)})",
                   s.bold_int)
        self.where["extra_spend"] = rng(name, total + 1, 1 + base, total + 1, k)

    def key_figures(self) -> None:
        ex, s = self.ex, self.s
        name = "Nøgletal"
        ws = self.sheet(name, {"A:A": 44, "B:G": 12})
        ws.write(0, 0, f"Nøgletal – {ex.municipality}", s.title)
        ws.write(2, 0, "Anbringelsesmønster (andel af alle anbringelser)", s.subtitle)
        ws.write(3, 0, "Anbringelsestype", s.header)
        m = len(ex.snapshot_labels)
        for j in range(m):
            ws.write_formula(3, 1 + j, f"=INDEX({self.where['snapshot_labels']},1,{j + 1})", s.header)
        n = len(ex.placement_types)
        for i, typ in enumerate(ex.placement_types):
            ws.write(4 + i, 0, typ, s.label)
        self.spill(ws, 4, 1, 3 + n, m, f"=PLACEMENTMIX({self.where['snapshots']})", s.share)
        self.where["mix"] = rng(name, 4, 1, 3 + n, m)

        top = 4 + n + 2
        ws.write(top, 0, "Antal pr. 1000 0–17-årige", s.subtitle)
        ws.write(top + 1, 0, f"Eksempel: {ex.permille_source}", s.note)
        ws.write(top + 2, 0, "", s.header)
        ws.write_row(top + 2, 1, ex.permille_labels, s.header)
        k = len(ex.permille_labels)
        ws.write(top + 3, 0, "Antal 0–17-årige", s.label)
        self.input_row(ws, top + 3, 1, ex.population, s.input_int)
        population = rng(None, top + 3, 1, top + 3, k)
        r = top + 4
        for label, counts in ex.permille_rows:
            ws.write(r, 0, f"{label}: antal", s.label)
            self.input_row(ws, r, 1, counts, s.input_int)
            ws.write(r + 1, 0, f"{label}: pr. 1000", s.bold_label)
            self.spill(ws, r + 1, 1, r + 1, k, f"=PERMILLE({rng(None, r, 1, r, k)},{population})", s.num2)
            r += 2
        self.where["permille_first"] = rng(name, top + 5, 1, top + 5, k)

        chart = self.book.add_chart({"type": "column", "subtype": "percent_stacked"})
        colours = ["#1F3864", "#2E75B6", "#9DC3E6", "#A9D18E", "#C00000", "#F4B183", "#FFD966"]
        for i, typ in enumerate(ex.placement_types):
            chart.add_series({"name": typ, "categories": self.where["snapshot_labels"],
                              "values": rng(name, 4 + i, 1, 4 + i, m), "fill": {"color": colours[i % 7]}})
        chart.set_title({"name": "Anbringelsesmønster"})
        chart.set_legend({"position": "right"})
        chart.set_size({"width": 620, "height": 320})
        ws.insert_chart(2, 6, chart)

    def scenarios(self) -> None:
        """Scenarier: the whole case as one INVESTMENTCASE table, and who pays (PAYERSPLIT)."""
        from trappen.udfs.scenario import ROW_LABELS

        ex, s = self.ex, self.s
        name = "Scenarier"
        ws = self.sheet(name, {"A:A": 52, "B:F": 12, "G:G": 3, "H:H": 30, "I:I": 12})
        years, last = ex.years, len(ex.years)
        ws.write(0, 0, f"Scenarier – hele investeringscasen – {ex.municipality}", s.title)
        ws.write(1, 0, "Ballerups case regnet med INVESTMENTCASE: besparelseskravet som én \"type\" (nu 1, mål 0) "
                       "til det fulde krav, indfaset som kravet; investering og finansieringsbehov fra "
                       "Investeringscase. Mio. kr.", s.note)
        ws.write_row(3, 0, ["Forudsætning", "Værdi"], s.header)
        ws.write(4, 0, "Fuldt besparelseskrav (mio. kr.)", s.label)
        ws.write_number(4, 1, ex.full_requirement, s.input_num)
        ws.write(5, 0, "Dødvægt: andel af ændringen, der var sket alligevel", s.label)
        ws.write_number(5, 1, 0, s.input_share)
        ws.write(6, 0, "Optimismetillæg på investering og øvrige udgifter", s.label)
        ws.write_number(6, 1, 0, s.input_share)
        ws.write(7, 0, "Prisudvikling ud over budgettets prisniveau", s.label)
        ws.write_number(7, 1, 0, s.input_share)
        for row, cell_name in ((4, "Fuldt_krav"), (5, "Doedvaegt"), (6, "Optimismetillaeg"), (7, "Merprisvaekst")):
            self.book.define_name(cell_name, f"={ref(name, row, 1)}")

        top = 9
        self.years_header(ws, top, 1, years, "Mio. kr.")
        ws.write(top + 1, 0, "Indfasning (andel af det fulde krav)", s.label)
        requirement = self.where["requirement"]
        for j in range(last):
            cell = requirement.split("!")[1].replace("$", "").split(":")[0]
            col = engine_column(cell, j)
            ws.write_formula(top + 1, 1 + j, f"=-'Investeringscase'!{col}/Fuldt_krav", s.share)
        phase = rng(None, top + 1, 1, top + 1, last)
        year_row = rng(None, top, 1, top, last)
        first = top + 2
        for i, label in enumerate(ROW_LABELS):
            ws.write(first + i, 0, label, s.bold_label if i in (5, 8) else s.label)
        self.spill(ws, first, 1, first + len(ROW_LABELS) - 1, last,
                   f"=INVESTMENTCASE(1,0,{phase},Fuldt_krav,{self.where['investment']},Merprisvaekst,0,0,"
                   f"Doedvaegt,Optimismetillaeg,Diskonteringsrente,{self.where['needs']},{year_row})", s.num1)
        self.reformat(ws, first + 8, 1, first + 8, 1, "0")  # the payback year
        self.where["scenario_table"] = rng(name, first, 1, first + len(ROW_LABELS) - 1, last)
        self.where["scenario_net"] = rng(name, first + 5, 1, first + 5, last)
        self.where["scenario_cumulative"] = rng(name, first + 6, 1, first + 6, last)
        self.where["scenario_payback"] = ref(name, first + 8, 1)
        self.case_phase = rng(name, top + 1, 1, top + 1, last)
        self.case_years = rng(name, top, 1, top, last)

        chart = self.book.add_chart({"type": "column", "subtype": "stacked"})
        colours = {1: "#A9D18E", 2: "#F4B183", 3: "#4472C4", 4: "#FFD966"}
        for i, colour in colours.items():
            chart.add_series({"name": ROW_LABELS[i], "categories": self.case_years,
                              "values": rng(name, first + i, 1, first + i, last), "fill": {"color": colour}})
        line = self.book.add_chart({"type": "line"})
        line.add_series({"name": ROW_LABELS[5], "categories": self.case_years, "values": self.where["scenario_net"],
                         "line": {"color": "#C00000", "width": 2.25}, "marker": {"type": "circle", "size": 6}})
        chart.combine(line)
        chart.set_title({"name": "Casens dele og nettoresultat (mio. kr.)"})
        chart.set_x_axis({"label_position": "low"})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 620, "height": 340})
        ws.insert_chart(3, 7, chart)

        # Hvem betaler: the scenario's change in placements split between municipality and state
        top = first + len(ROW_LABELS) + 2
        ws.write(top, 0, "Hvem betaler? Anbringelsesscenariet mod januar 2018 (kr.)", s.subtitle)
        ws.write(top + 1, 0, "Refusion for særligt dyre enkeltsager: sats af udgiften pr. sag over tærsklen. "
                             "Tærsklerne er eksempler — brug årets gældende beløb.", s.note)
        ws.write_row(top + 2, 0, ["Refusionstrin", "Trin 1", "Trin 2"], s.header)
        ws.write(top + 3, 0, "Tærskel (kr. pr. sag pr. år)", s.label)
        self.input_row(ws, top + 3, 1, ex.refund_thresholds, s.input_int)
        ws.write(top + 4, 0, "Refusionssats", s.label)
        self.input_row(ws, top + 4, 1, ex.refund_rates, s.input_share)
        k = len(ex.refund_thresholds)
        self.years_header(ws, top + 6, 1, years, "Kr.")
        ws.write(top + 7, 0, "Kommunen", s.bold_label)
        ws.write(top + 8, 0, "Staten (refusion)", s.label)
        base = self.where["snapshot_base"]  # the snapshot the scenario is measured against (Jan 2018)
        self.spill(ws, top + 7, 1, top + 8, last,
                   f"=PAYERSPLIT({base},{self.where['scenario']},{self.where['prices_price_year']},"
                   f"{rng(None, top + 3, 1, top + 3, k)},{rng(None, top + 4, 1, top + 4, k)})", s.int)
        self.where["payers"] = rng(name, top + 7, 1, top + 8, last)

    def uncertainty(self) -> None:
        """Usikkerhed: switching values, tornado and Monte Carlo on the Scenarier case."""
        from trappen.udfs.uncertainty import ASSUMPTIONS, TORNADO_COLUMNS

        ex, s = self.ex, self.s
        name = "Usikkerhed"
        ws = self.sheet(name, {"A:A": 50, "B:F": 12, "G:G": 3, "H:H": 30})
        years, last = ex.years, len(ex.years)
        ws.write(0, 0, f"Usikkerhed – {ex.municipality}", s.title)
        ws.write(1, 0, "Casen fra Scenarier. Aabenraas regel: investeringen skal balancere over fire år; "
                       "Ballerups case balancerer først i år 5, så horisonten står til 5.", s.note)
        ws.write_row(3, 0, ["Forudsætning", "Lav", "Høj"], s.header)
        for i, assumption in enumerate(ASSUMPTIONS):
            ws.write(4 + i, 0, assumption.label, s.label)
            ws.write_number(4 + i, 1, ex.uncertainty_low[i], s.input_share)
            ws.write_number(4 + i, 2, ex.uncertainty_high[i], s.input_share)
        n = len(ASSUMPTIONS)
        low, high = rng(None, 4, 1, 3 + n, 1), rng(None, 4, 2, 3 + n, 2)
        r = 5 + n
        ws.write(r, 0, "Horisont for tilbagebetaling (år)", s.label)
        ws.write_number(r, 1, ex.horizon, s.input_int)
        horizon = xl_rowcol_to_cell(r, 1, True, True)
        needs = self.where["needs"]
        case = f"1,0,{self.case_phase},Fuldt_krav,{self.where['investment']}"

        ws.write(r + 2, 0, "Skifteværdier", s.subtitle)
        ws.write(r + 3, 0, "Mindste realiserede andel af kravet (skifteværdi)", s.label)
        ws.write_formula(r + 3, 1, f"=BREAKEVENFALL({case},1,{horizon},Merprisvaekst,0,0,Doedvaegt,"
                                   f"Optimismetillaeg,{needs})", s.share)
        ws.write(r + 4, 0, "Største prisudvikling ud over budgettet (skifteværdi)", s.label)
        ws.write_formula(r + 4, 1, f"=BREAKEVENGROWTH({case},{horizon},0,0,Doedvaegt,Optimismetillaeg,{needs})",
                         s.share)
        self.where["breakeven_fall"] = ref(name, r + 3, 1)
        self.where["breakeven_growth"] = ref(name, r + 4, 1)

        top = r + 6
        ws.write(top, 0, "Tornado: akkumuleret nettoresultat ved horisonten (mio. kr.)", s.subtitle)
        ws.write(top + 1, 0, "Forudsætning", s.header)
        ws.write_row(top + 1, 1, TORNADO_COLUMNS, s.header)
        ws.set_row(top + 1, 30)
        for i, assumption in enumerate(ASSUMPTIONS):
            ws.write(top + 2 + i, 0, assumption.label, s.label)
        self.spill(ws, top + 2, 1, top + 1 + n, 3,
                   f"=TORNADO({case},{low},{high},Merprisvaekst,0,0,Doedvaegt,Optimismetillaeg,"
                   f"Diskonteringsrente,{needs},{horizon})", s.num1)
        self.where["tornado"] = rng(name, top + 2, 1, top + 1 + n, 3)
        chart = self.book.add_chart({"type": "bar"})
        for j, colour in ((1, "#4472C4"), (2, "#C00000")):
            chart.add_series({"name": TORNADO_COLUMNS[j - 1], "categories": rng(name, top + 2, 0, top + 1 + n, 0),
                              "values": rng(name, top + 2, j, top + 1 + n, j), "fill": {"color": colour}})
        chart.set_title({"name": "Tornado (mio. kr.)"})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 560, "height": 300})
        ws.insert_chart(3, 7, chart)

        top = top + 3 + n
        ws.write(top, 0, f"Monte Carlo: {ex.montecarlo_n:,} scenarier (mio. kr.)".replace(",", "."), s.subtitle)
        self.years_header(ws, top + 1, 1, years, "Percentil / andel")
        labels = ["10 %-percentil af nettoresultatet", "Median (50 %)", "90 %-percentil",
                  "Andel af scenarierne, der har tjent sig hjem"]
        for i, label in enumerate(labels):
            ws.write(top + 2 + i, 0, label, s.label)
        self.spill(ws, top + 2, 1, top + 5, last,
                   f"=MONTECARLO({case},{low},{high},0,0,{needs},{ex.montecarlo_n},{ex.montecarlo_seed})", s.num2)
        self.reformat(ws, top + 5, 1, top + 5, last, "0%")  # the share paid back
        self.where["montecarlo"] = rng(name, top + 2, 1, top + 5, last)
        chart = self.book.add_chart({"type": "line"})
        for i, colour in enumerate(("#9DC3E6", "#1F3864", "#9DC3E6")):
            chart.add_series({"name": labels[i], "categories": self.case_years,
                              "values": rng(name, top + 2 + i, 1, top + 2 + i, last),
                              "line": {"color": colour, "width": 2.25 if i == 1 else 1.5}})
        chart.set_title({"name": "Nettoresultat: 10 %, 50 % og 90 % (mio. kr.)"})
        chart.set_x_axis({"label_position": "low"})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 560, "height": 300})
        ws.insert_chart(20, 7, chart)

    def follow_up(self) -> None:
        """Opfølgning: the plan against the accounts (FOLLOWUP), fed from the Regnskab sheet."""
        from trappen.udfs.follow_up import ROW_LABELS

        ex, s = self.ex, self.s
        name = "Opfølgning"
        ws = self.sheet(name, {"A:A": 40, "B:D": 14, "E:G": 16, "H:H": 3})
        ws.write(0, 0, f"Opfølgning: plan mod regnskab – {ex.municipality}", s.title)
        ws.write(1, 0, "Realiseret besparelse = basis (regnskab året før) − faktisk forbrug. 1.000 kr.", s.note)
        ws.write_row(3, 0, ["Område (1.000 kr.)", "Planlagt besparelse", "Basis: regnskab 2016", "Regnskab 2017",
                            *ROW_LABELS], s.header)
        ws.set_row(3, 45)
        for i, (label, planned, track) in enumerate(ex.follow_up):
            row = 4 + i
            ws.write(row, 0, label, s.label)
            ws.write_number(row, 1, planned, s.input_int)
            ws.write_formula(row, 2, f"={self.accounts_cells['2016'][track]}", s.int)
            ws.write_formula(row, 3, f"={self.accounts_cells['2017'][track]}", s.int)
            self.spill(ws, row, 4, row, 6, f"=FOLLOWUP(B{row + 1},D{row + 1},C{row + 1})", s.int)
            self.reformat(ws, row, 6, row, 6, "0.0%")  # the share of the plan achieved
        rows = len(ex.follow_up)
        self.where["follow_up"] = rng(name, 4, 4, 3 + rows, 6)
        ws.write(5 + rows, 0, "Planlagt besparelse 2017: BDO's besparelseskrav (1,5 mio. kr.) på anbringelser.", s.note)
        chart = self.book.add_chart({"type": "column"})
        chart.add_series({"name": "Planlagt", "categories": rng(name, 4, 0, 3 + rows, 0),
                          "values": rng(name, 4, 1, 3 + rows, 1), "fill": {"color": "#9DC3E6"}})
        chart.add_series({"name": "Realiseret", "categories": rng(name, 4, 0, 3 + rows, 0),
                          "values": rng(name, 4, 4, 3 + rows, 4), "fill": {"color": "#1F3864"}})
        chart.set_title({"name": "Planlagt og realiseret besparelse (1.000 kr.)"})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 520, "height": 280})
        ws.insert_chart(8 + rows, 0, chart)

    def xlwings_conf(self) -> None:
        """The sheet xlwings reads its settings from: keys in A1 down (no gaps), values in column B.

        Only ``UDF Modules`` is set here; the Python interpreter is machine-specific and comes from the
        user's xlwings.conf (``trappen addin install``). An empty value here would override the user file,
        so no other key is listed.
        """
        from trappen import udfs

        ws = self.book.add_worksheet("xlwings.conf")
        ws.set_column("A:B", 16)
        ws.set_column("D:D", 90)
        ws.write_string(0, 0, "UDF Modules")
        ws.write_string(0, 1, udfs.__name__)
        ws.write(0, 3, "Indstillinger til xlwings (Excel-tilføjelsesprogrammet): Trappens funktioner hentes fra "
                       "Python-modulet udfs.", self.s.note)
        ws.write(1, 3, "Python-fortolkeren sættes i brugerens xlwings.conf af `trappen addin install`. "
                       "Tilføj ikke tomme nøgler i kolonne A: en tom værdi her tilsidesætter brugerens fil.", self.s.note)
        ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})

    def build(self) -> None:
        self.assumptions()
        self.placements()
        self.investment_case()
        self.staffing()
        self.accounts()
        self.key_figures()
        self.scenarios()
        self.uncertainty()
        self.follow_up()
        self.xlwings_conf()
        self.book.get_worksheet_by_name("Investeringscase").activate()


def build(path: str | Path, example: Example = BALLERUP) -> Path:
    """Write the template workbook to ``path`` (a file, or a folder for ``investeringscase.xlsx``).

    ``layout(example)`` tells where each computed table is (sheet and range), for tests and tools.
    """
    path = Path(path)
    if path.is_dir():
        path = path / FILENAME
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    book.set_properties({"title": "Trappen – investeringscase", "author": "Trappen", "created": CREATED,
                         "comments": "Bygget af templates.build; formlerne kalder Trappens funktioner."})
    book.set_calc_mode("auto")
    Template(book, example).build()
    book.close()
    return path


def layout(example: Example = BALLERUP) -> dict[str, str]:
    """Where the template's computed tables are: name -> ``'Sheet'!$B$18:$F$18`` (built in memory)."""
    import io

    book = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    template = Template(book, example)
    template.build()
    book.close()
    return dict(template.where)


if __name__ == "__main__":
    print(build(sys.argv[1] if len(sys.argv) > 1 else Path("out") / FILENAME))
