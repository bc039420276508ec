"""What every sheet of the template shares: the styles, cell references, and the :class:`Template` context.

Each sheet is written by one ``write(t)`` function in a module of ``sheets/``; ``t`` is the
:class:`Template` below. It carries the workbook, the example data, the styles, and what a sheet leaves
for later sheets to refer to (``where``, ``accounts_cells``, ``case_phase``, ``case_years``). Cell
addresses are made with xlsxwriter's own ``xlsxwriter.utility`` functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import xlsxwriter
from xlsxwriter.utility import xl_cell_to_rowcol, xl_range, xl_rowcol_to_cell

from .example import Example


def ref(sheet: str, row: int, col: int, row_abs: bool = True, col_abs: bool = True) -> str:
    """One cell on a sheet, e.g. ``'Sagstal'!$B$7``."""
    return f"'{sheet}'!{xl_rowcol_to_cell(row, col, row_abs, col_abs)}"


def rng(sheet: str | None, first_row: int, first_col: int, last_row: int, last_col: int) -> str:
    """An A1 range, e.g. ``'Anbringelser'!$C$6:$G$12`` (sheet omitted for the same sheet)."""
    cells = (f"{xl_rowcol_to_cell(first_row, first_col, True, True)}:"
             f"{xl_rowcol_to_cell(last_row, last_col, True, True)}")
    return f"'{sheet}'!{cells}" if sheet else cells


def row_cells(where: str) -> list[str]:
    """The cells of a range as relative references, row by row (a one-row range: left to right).

    >>> row_cells("'Investeringscase'!$B$14:$D$14")
    ["'Investeringscase'!B14", "'Investeringscase'!C14", "'Investeringscase'!D14"]
    >>> row_cells("'Usikkerhed'!$H$50:$H$51")
    ["'Usikkerhed'!H50", "'Usikkerhed'!H51"]
    """
    sheet, _, cells = where.rpartition("!")
    first, last = cells.split(":")
    (row1, col1), (row2, col2) = xl_cell_to_rowcol(first), xl_cell_to_rowcol(last)
    prefix = f"{sheet}!" if sheet else ""
    return [f"{prefix}{xl_rowcol_to_cell(row, col)}" for row in range(row1, row2 + 1) for col in range(col1, col2 + 1)]


def plus(where: str) -> str:
    """The cells of a range added with ``+`` (``B10+C10+D10``): the total of cells that hold our functions'
    results or depend on them, where an error must stay an error and text must not count as 0 (SUM skips both).

    >>> plus("$B$10:$D$10")
    'B10+C10+D10'
    """
    return "+".join(row_cells(where))


def row_range(where: str, k: int, count: int = 1) -> str:
    """Row ``k`` (0-based) of a range, or ``count`` rows from it, as a range on the same sheet.

    >>> row_range("'Scenarier'!$B$20:$F$28", 5)
    "'Scenarier'!$B$25:$F$25"
    >>> row_range("'Scenarier'!$B$20:$F$28", 1, 4)
    "'Scenarier'!$B$21:$F$24"
    """
    sheet, _, cells = where.rpartition("!")
    first, last = cells.replace("$", "").split(":")
    (row1, col1), (_, col2) = xl_cell_to_rowcol(first), xl_cell_to_rowcol(last)
    return f"{sheet}!{rng(None, row1 + k, col1, row1 + k + count - 1, col2)}"


def column_ranges(where: str) -> list[str]:
    """The columns of a range, left to right, each as a range on the same sheet.

    >>> column_ranges("'Anbringelser'!$B$40:$C$41")
    ["'Anbringelser'!$B$40:$B$41", "'Anbringelser'!$C$40:$C$41"]
    """
    sheet, _, cells = where.rpartition("!")
    first, last = cells.replace("$", "").split(":")
    (row1, col1), (row2, col2) = xl_cell_to_rowcol(first), xl_cell_to_rowcol(last)
    return [f"{sheet}!{rng(None, row1, col, row2, col)}" for col in range(col1, col2 + 1)]


#: The language of every number format: 0x406, Danish. LibreOffice shows a format with a language in that
#: language's way (1.234,5; 2,0 %) on any machine, so a PDF made on an English machine prints Danish numbers;
#: Excel keeps showing numbers with the separators of Windows, as it does for every format.
DANISH = "[$-406]"


def number_format(code: str) -> str:
    """A number format in Danish: ``"#,##0.0"`` → ``"[$-406]#,##0.0"`` (codes keep Excel's ``,`` and ``.``).

    >>> number_format("0.0 %")
    '[$-406]0.0 %'
    """
    return code if code.startswith(DANISH) or code == ";;;" else DANISH + code


@dataclass
class Styles:
    title: object
    subtitle: object
    header: object
    label: object
    bold_label: object
    note: object
    paragraph: object
    text: object
    input_int: object
    input_year: object
    input_dash: object
    dash: object
    input_num: object
    input_num3: object
    input_share: object
    input_text: object
    input_date: object
    int: object
    num1: object
    num2: object
    share: object
    bold_share: object
    header_share: object
    year: object
    bold_num1: object
    bold_int: object
    bold_year: object
    mio1: object  # amounts in kr. shown in the workbook's unit (mio. kr. with one decimal, or 1.000 kr.)
    bold_mio1: object
    input_mio1: object
    mio2: object  # the same with two decimals in mio. kr. (small amounts: the cost per adviser)


def make_styles(book: xlsxwriter.Workbook) -> Styles:
    """The cell formats: yellow unlocked input cells, locked formula cells, headers and notes."""
    base = {"font_name": "Calibri", "font_size": 11}
    inputs = {**base, "bg_color": "#FFF2CC", "font_color": "#1F3864", "border": 1, "border_color": "#BFBFBF",
              "locked": False}
    formula = {**base, "border": 1, "border_color": "#D9D9D9", "locked": True}

    def fmt(**kw):
        if "num_format" in kw:
            kw["num_format"] = number_format(kw["num_format"])
        return book.add_format({**base, **kw})

    return Styles(
        title=fmt(bold=True, font_size=14, font_color="#1F3864"),
        subtitle=fmt(bold=True, font_size=12),
        header=fmt(bold=True, bg_color="#D9E1F2", border=1, border_color="#BFBFBF", text_wrap=True,
                   align="center", valign="vcenter"),
        label=fmt(text_wrap=True, valign="vcenter"),
        bold_label=fmt(bold=True, valign="vcenter"),
        note=fmt(italic=True, font_color="#595959", font_size=9, valign="top"),
        paragraph=fmt(italic=True, font_color="#404040", font_size=9, valign="top", text_wrap=True),
        text=fmt(valign="top", text_wrap=True),
        input_int=fmt(**inputs, num_format="#,##0"),
        input_year=fmt(**inputs, num_format="0"),
        input_dash=fmt(**inputs, align="right"),
        dash=fmt(**formula, align="right"),
        input_num=fmt(**inputs, num_format="#,##0.0"),
        input_num3=fmt(**inputs, num_format="#,##0.000"),
        input_share=fmt(**inputs, num_format="0.0 %"),
        input_text=fmt(**inputs),
        input_date=fmt(**inputs, num_format="dd-mm-yyyy"),
        int=fmt(**formula, num_format="#,##0"),
        num1=fmt(**formula, num_format="#,##0.0"),
        num2=fmt(**formula, num_format="#,##0.00"),
        share=fmt(**formula, num_format="0.0 %"),
        bold_share=fmt(**formula, bold=True, num_format="0 %"),
        header_share=fmt(bold=True, bg_color="#D9E1F2", border=1, border_color="#BFBFBF", align="center",
                         num_format="0 %"),
        year=fmt(bold=True, bg_color="#D9E1F2", border=1, border_color="#BFBFBF", align="center",
                 num_format="0"),
        bold_num1=fmt(**formula, bold=True, num_format="#,##0.0"),
        bold_int=fmt(**formula, bold=True, num_format="#,##0"),
        bold_year=fmt(**formula, bold=True, num_format="0"),
        mio1=fmt(**formula, num_format=MILLIONS),
        bold_mio1=fmt(**formula, bold=True, num_format=MILLIONS),
        input_mio1=fmt(**inputs, num_format=MILLIONS),
        mio2=fmt(**formula, num_format=MILLIONS_2),
    )


#: kr. shown in mio. kr. with one decimal: each "," after the digits divides by 1.000 (Excel and LibreOffice).
MILLIONS = "#,##0.0,,"
MILLIONS_2 = "#,##0.00,,"
#: kr. shown in 1.000 kr., whole thousands (the other unit the officer can choose).
THOUSANDS = "#,##0,"

#: The units the officer can choose for the whole workbook (Forudsætninger), the first the default, with the
#: kr. one unit is.
UNITS = {"mio. kr.": 1_000_000, "1.000 kr.": 1_000}
#: The workbook-level names of the chosen unit and of the kr. per unit (what chart data are divided by).
UNIT_NAME, UNIT_KR_NAME = "Enhed", "Kr_pr_enhed"
#: The condition under which the workbook shows 1.000 kr. (a conditional format's formula).
IN_THOUSANDS = f'={UNIT_NAME}="1.000 kr."'


#: A chart's amount axis (its data in the chosen unit): General, with as many decimals as the axis' steps need
#: (0,5; 2; 25000) and its sign. A format with conditions (to group thousands) prints the values between them
#: without their minus in LibreOffice, and "#,##0.#" prints "2," in Excel.
AXIS = number_format("General")
#: The hidden sheet with the charts' data and series names in the chosen unit.
CHART_DATA = "Diagramdata"


def excel_text(text: str) -> str:
    """A text as an Excel formula's string, in pieces of at most 255 characters (Excel's limit for one)."""
    pieces = [text[i:i + 255] for i in range(0, len(text), 255)] or [""]
    return "&".join('"' + piece.replace('"', '""') + '"' for piece in pieces)


def _runs(cells: list[str]) -> list[str]:
    """Cells (A1, in row order) as ranges of neighbours in a row: ``["B3", "C3", "E3"]`` → ``["B3:C3", "E3"]``."""
    runs: list[list[int]] = []
    for cell in cells:
        row, col = xl_cell_to_rowcol(cell)
        if runs and runs[-1][0] == row and runs[-1][2] == col - 1:
            runs[-1][2] = col
        else:
            runs.append([row, col, col])
    return [xl_rowcol_to_cell(r, a) if a == b else xl_range(r, a, r, b) for r, a, b in runs]


@dataclass
class Template:
    """The context every sheet writer receives: the workbook being written, its data, and what earlier
    sheets left for later ones.

    ``where`` maps a table's name to its place (``'Sheet'!$B$18:$F$18``); it is also what
    ``build.layout()`` returns. The whole case reads its parts from there: ``case_base``, ``case_target``
    and ``case_prices`` (Anbringelser: the counts without the intervention, the plan, the prices in kr.),
    ``investment`` (Sagstal, in kr.), ``case_other`` and ``case_savings`` (Investeringscase: the
    other costs, and the document's savings where the phase-in follows them), ``net`` and ``payback``
    (Investeringscase, for comparison). ``accounts_cells`` (set by Regnskab: the year ``"2016"`` / ``"2017"``
    -> one cell per activity) feeds Opfølgning; ``case_phase``, ``case_years`` and ``case_args`` (set by
    Scenarier: the phasing and year rows and the arguments of the whole case), ``case_other`` and ``case_prior``
    (Scenarier: the further costs switched on and the costs before the first year) feed Usikkerhed. A sheet may
    only read what a sheet before it in ``build.LAYOUTS`` has set.

    One unit per workbook: amounts are kept in kr. and shown in the unit chosen on Forudsætninger (the names
    ``Enhed`` and ``Kr_pr_enhed``). An amount's format is mio. kr. and registered (:meth:`in_units`) with its
    1.000 kr. format, which a conditional format applies when the choice is 1.000 kr. (:meth:`finish`); a text
    naming the unit is written with ``{unit}`` (:meth:`write_text`, :meth:`heading`, :meth:`paragraph`) and becomes
    a formula; charts plot the amounts divided by the kr. per unit and carry the unit in their series' names
    (:meth:`chart_values`, :meth:`series_name`, on the hidden sheet CHART_DATA).
    """

    book: xlsxwriter.Workbook
    example: Example
    styles: Styles = field(init=False)
    where: dict[str, str] = field(default_factory=dict)
    accounts_cells: dict[str, list[str]] = field(default_factory=dict)
    case_phase: str | None = None
    case_years: str | None = None
    case_args: str | None = None
    case_other: str = "0"
    case_prior: str = "0"
    #: The amount formats (by id) and the number format each takes when the workbook shows 1.000 kr.
    unit_formats: dict[int, tuple[object, str]] = field(default_factory=dict)
    #: Cells (sheet, first row, first col, last row, last col) another format covers (``reformat``)
    reformatted: list[tuple] = field(default_factory=list)
    #: The chart data and series names in the chosen unit, written on CHART_DATA by :meth:`finish`:
    #: (row, col, formula, the text a name shows before a refresh or None for an amount)
    chart_cells: list[tuple[int, int, str, str | None]] = field(default_factory=list)
    #: The number formats of 1.000 kr. the conditional formats apply, by code (one format each)
    thousands_formats: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.styles = make_styles(self.book)
        s = self.styles
        for style, thousands in ((s.mio1, THOUSANDS), (s.bold_mio1, THOUSANDS), (s.input_mio1, THOUSANDS),
                                 (s.mio2, THOUSANDS)):
            self.in_units(style, thousands)

    # --- one unit per workbook: mio. kr. or 1.000 kr., as the officer chooses on Forudsætninger -----------------

    def in_units(self, style, thousands: str):
        """Register an amount format: shown as it is in mio. kr., with the number format ``thousands`` when the
        workbook's unit is 1.000 kr. (a conditional format over every cell with it, :meth:`finish`)."""
        self.unit_formats[id(style)] = (style, thousands)
        return style

    @property
    def unit(self) -> str:
        """The unit the example's workbook opens with (the officer changes it on Forudsætninger)."""
        return self.example.unit

    def unit_words(self, text: str) -> tuple[str, str]:
        """A text naming the unit as ``{unit}`` (``{Unit}`` capitalised): the formula that follows the chosen
        unit, and the text with the example's unit (the cached value)."""
        capital = self.unit[0].upper() + self.unit[1:]
        value = text.replace("{unit}", self.unit).replace("{Unit}", capital)
        parts = []
        for piece in re.split(r"(\{unit\}|\{Unit\})", text):
            if piece == "{unit}":
                parts.append(UNIT_NAME)
            elif piece == "{Unit}":
                parts.append(f"UPPER(LEFT({UNIT_NAME}))&MID({UNIT_NAME},2,20)")
            elif piece:
                parts.append(excel_text(piece))
        return "=" + "&".join(parts), value

    def write_text(self, ws, row: int, col: int, text: str, style=None) -> None:
        """A text in a cell; where it names the unit (``{unit}``), a formula that follows the chosen unit."""
        if "{unit}" in text or "{Unit}" in text:
            formula, value = self.unit_words(text)
            ws.write_formula(row, col, formula, style, value)
        else:
            ws.write(row, col, text, style)

    def chart_values(self, where: str) -> str:
        """A range of kr. as chart data in the chosen unit: the same cells divided by the kr. per unit, on the
        hidden sheet CHART_DATA (a chart's axis cannot follow a cell, so its data do)."""
        sheet, _, cells = where.rpartition("!")
        first, last = cells.replace("$", "").split(":") if ":" in cells else (cells.replace("$", ""),) * 2
        (row1, col1), (row2, col2) = xl_cell_to_rowcol(first), xl_cell_to_rowcol(last)
        top = self._chart_rows()
        for i in range(row2 - row1 + 1):
            for j in range(col2 - col1 + 1):
                source = f"{sheet}!{xl_rowcol_to_cell(row1 + i, col1 + j)}"
                self.chart_cells.append((top + i, j, f"={source}/{UNIT_KR_NAME}", None))
        return rng(CHART_DATA, top, 0, top + row2 - row1, col2 - col1)

    def series_name(self, name: str) -> str:
        """A chart series' name with the chosen unit, ``name (1.000 kr.)``: a cell on CHART_DATA that follows the
        unit. The legend carries the unit, not the chart's title: LibreOffice prints a title linked to a cell as the
        text saved with the chart, and a series' name from its cell."""
        row = self._chart_rows()
        self.chart_cells.append((row, 0, *self.unit_words(f"{name} ({{unit}})")))
        return f"={ref(CHART_DATA, row, 0)}"

    def _chart_rows(self) -> int:
        return 1 + max((row for row, *_ in self.chart_cells), default=0)

    def finish(self) -> None:
        """After every sheet: the chart data sheet, and on each sheet the conditional formats that show the
        registered amount formats in 1.000 kr. when the workbook's unit is 1.000 kr."""
        for ws in list(self.book.worksheets()):
            self._units_on(ws)
        if self.chart_cells:
            ws = self.book.add_worksheet(CHART_DATA)
            ws.write(0, 0, "Diagrammernes tal i projektmappens enhed (beregnet; vises ikke)", self.styles.note)
            for row, col, formula, text in self.chart_cells:
                if text is None:
                    ws.write_formula(row, col, formula, self.styles.num2)
                else:
                    ws.write_formula(row, col, formula, self.styles.label, text)
            ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})
            ws.hide()  # the charts read it; never shown, never printed

    def _units_on(self, ws) -> None:
        """The conditional formats of one sheet: every cell with a registered amount format (xlsxwriter keeps the
        cells it will write in ``Worksheet.table``: row -> column -> cell with its format), but for the parts of a
        spill another format covers (:meth:`reformat`), so the two never compete."""
        skip = {(r, c) for sheet, r1, c1, r2, c2 in self.reformatted if sheet == ws.name
                for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        ranges: dict[int, list[str]] = {}
        for row in sorted(ws.table):
            for col, cell in sorted(ws.table[row].items()):
                style = getattr(cell, "format", None)
                if style is None or id(style) not in self.unit_formats or (row, col) in skip:
                    continue
                ranges.setdefault(id(style), []).append(xl_rowcol_to_cell(row, col))
        for key, cells in ranges.items():
            style, thousands = self.unit_formats[key]
            alternative = self._thousands_format(thousands)
            first_row, first_col = xl_cell_to_rowcol(cells[0])
            ws.conditional_format(first_row, first_col, first_row, first_col, {
                "type": "formula", "criteria": IN_THOUSANDS, "format": alternative,
                "multi_range": " ".join(_runs(cells))})

    def _thousands_format(self, code: str):
        if code not in self.thousands_formats:
            self.thousands_formats[code] = self.book.add_format({"num_format": number_format(code)})
        return self.thousands_formats[code]

    def sheet(self, name: str, widths: dict[str, float]):
        """A new protected A4 landscape sheet with the given column widths (``{"A:A": 46, ...}``)."""
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
        ws.repeat_rows(0)  # the sheet's title on top of every printed page
        return ws

    @staticmethod
    def new_page(ws, row: int) -> None:
        """Start a printed page at ``row`` (0-based), so that a table or chart is not split between pages."""
        ws.set_h_pagebreaks([*ws.hbreaks, row])

    @property
    def money(self) -> tuple:
        """The formats of amounts (kept in kr.) in the workbook's unit: (computed, bold computed, input)."""
        s = self.styles
        return s.mio1, s.bold_mio1, s.input_mio1

    @property
    def money_format(self) -> str:
        """The number format of a chart's amount axis, whose data are in the chosen unit (:meth:`chart_values`)."""
        return AXIS

    def paragraph(self, ws, row: int, text: str, last_col: int, lines: int = 1) -> None:
        """A wrapped note over columns A .. ``last_col`` (merged), ``lines`` lines high (``{unit}``: the chosen
        unit)."""
        ws.merge_range(row, 0, row, last_col, "", self.styles.paragraph)
        self.write_text(ws, row, 0, text, self.styles.paragraph)
        ws.set_row(row, 12.5 * lines + 2)

    def heading(self, ws, row: int, title: str, unit: str | None = None) -> None:
        """A table's title in column A, with its unit in brackets (``{unit}``: the workbook's chosen unit)."""
        self.write_text(ws, row, 0, f"{title} ({unit})" if unit else title, self.styles.subtitle)

    def years_header(self, ws, row: int, first_col: int, years, label: str = "") -> None:
        """A header row: ``label`` in column A (``{Unit}``: the chosen unit), then one year a column from
        ``first_col``."""
        self.write_text(ws, row, 0, label, self.styles.header)
        for i, year in enumerate(years):
            ws.write_number(row, first_col + i, year, self.styles.year)

    def input_row(self, ws, row: int, col: int, values, style) -> None:
        """Input cells from ``col`` to the right; ``None`` is an empty input cell."""
        for i, value in enumerate(values):
            if value is None:
                ws.write_blank(row, col + i, None, style)
            else:
                ws.write_number(row, col + i, value, style)
        if style is self.styles.input_mio1 and values:
            self.typed_in_kroner(ws, row, col, row, col + len(values) - 1)

    @staticmethod
    def typed_in_kroner(ws, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
        """Input cells kept in kr. but shown in the workbook's unit: an amount under 1.000 kr. (someone typing the
        mio. kr. they see, "0,9") is refused with a Danish message, so it never becomes 0,9 kr. in the case."""
        cell = xl_rowcol_to_cell(first_row, first_col)
        ws.data_validation(first_row, first_col, last_row, last_col, {
            "validate": "custom", "value": f"=OR(ISTEXT({cell}),{cell}=0,ABS({cell})>=1000)",
            "input_title": "Beløb i kr.",
            "input_message": "Skriv hele kroner, fx 5500000 for 5,5 mio. kr. (5.500 i 1.000 kr.). Cellen viser beløbet "
                             "i projektmappens enhed (Forudsætninger).",
            "error_title": "Beløb i kr.",
            "error_message": "Skriv beløbet i kr., fx 775000 for 775.000 kr.; cellen viser det i projektmappens "
                             "enhed (Forudsætninger)."})

    def column_sums(self, ws, row: int, first_col: int, last_col: int, first_row: int, last_row: int,
                    style, *, plus: bool = False) -> None:
        """A total row: in each column ``=SUM(B6:B12)`` of the rows ``first_row`` to ``last_row``.

        ``plus``: ``=B6+B7+B8`` instead, for rows that hold our functions' results (or depend on them): an
        error stays an error and text is refused, where SUM would skip text and show a number.
        """
        for col in range(first_col, last_col + 1):
            if plus:
                formula = "+".join(xl_rowcol_to_cell(r, col) for r in range(first_row, last_row + 1))
            else:
                formula = f"SUM({xl_range(first_row, col, last_row, col)})"
            ws.write_formula(row, col, f"={formula}", style)

    def reformat(self, ws, row: int, col: int, last_row: int, last_col: int, num_format: str) -> None:
        """Another number format for part of a spilled range (a spill takes one format for all its cells)."""
        fmt = self.book.add_format({"num_format": number_format(num_format)})
        ws.conditional_format(row, col, last_row, last_col, {"type": "no_errors", "format": fmt})
        self.reformatted.append((ws.name, row, col, last_row, last_col))

    def year_chart(self, ws, chart, title: str, num_format: str, row: int = 3, col: int = 7,
                   size: tuple[int, int] = (560, 300)) -> None:
        """Finish a chart of amounts by year (title, legend below, years at the bottom, grid lines) and place it.
        The unit is in the series' names (:meth:`series_name`)."""
        chart.set_title({"name": title, "name_font": {"size": 12}})
        chart.set_legend({"position": "bottom"})
        chart.set_x_axis({"label_position": "low"})
        chart.set_y_axis({"num_format": number_format(num_format),
                          "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
        chart.set_size({"width": size[0], "height": size[1]})
        ws.insert_chart(row, col, chart)

    def spill(self, ws, row: int, col: int, last_row: int, last_col: int, formula: str, style) -> None:
        """A dynamic-array formula whose result spills over the given range (Excel 365)."""
        ws.write_dynamic_array_formula(row, col, last_row, last_col, formula, style)
