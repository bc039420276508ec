"""The acceptance workbook ``trappen-accept.xlsx``: one run in a real Excel of everything the tests cannot reach.

Two sheets. "Funktioner": every function of the registry on its example from the documents (the inputs in
cells, the formula beside them; a result of several cells is a dynamic-array formula that spills).
"Fejl": a bad input shown as an error with its message, an error that must stay an error downstream (``+``,
``SUM``, our own functions), tests that tell an error value from a text (``IFERROR``, ``ISTEXT``), and
implicit intersection: the same expression over a range in a legacy formula in a row that meets the range,
in one that does not, and as a dynamic-array formula.

Each check is a :class:`Check`; the expected values come from the headless engine
(``trappen.addin.app.acceptance`` refreshes the workbook and writes the checklist, docs/accept.md). The file is
byte-identical on every build (fixed creation date).

    python -m trappen.addin.app.acceptance trappen-accept.xlsx      # the workbook, and the checklist beside it
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from xlsxwriter.utility import xl_cell_to_rowcol, xl_range, xl_rowcol_to_cell

from trappen import udfs

from .build import new_book
from .sheets import xlwings_conf
from .workbook import Template

FILENAME = "trappen-accept.xlsx"
FUNCTIONS = "Funktioner"
ERRORS = "Fejl"
RESULT_FORMAT = "#,##0.0000"


@dataclass(frozen=True)
class Check:
    """One thing the tester looks at: where, what it shows, and (for a spill) the range it fills."""

    number: int
    sheet: str
    cell: str
    what: str  # Danish: what the cell holds
    look: str  # Danish: what the tester checks
    last: str | None = None  # last cell of a spill (None: one cell)
    message_from: str | None = None  # the cell whose error message the tester reads (bad inputs)
    rule: str | None = None  # implicit intersection: the cell computing Excel's rule by hand, or its value


def range_shape(reference: str) -> tuple[int, int] | None:
    """(rows, columns) of a reference in an example's formula (``B5:B9`` → (5, 1)); None for anything else."""
    found = re.fullmatch(r"(\$?[A-Z]+\$?\d+)(?::(\$?[A-Z]+\$?\d+))?", reference.strip())
    if not found:
        return None
    first, last = found.groups()
    if last is None:
        return 1, 1
    (row1, col1), (row2, col2) = xl_cell_to_rowcol(first), xl_cell_to_rowcol(last)
    return row2 - row1 + 1, col2 - col1 + 1


def as_cells(value, shape: tuple[int, int] | None) -> list[list] | None:
    """A list argument as rows of cells, in the shape of the example formula's range (else one row); None for
    a single value (it goes into the formula)."""
    if not isinstance(value, (list, tuple)):
        return None
    if value and isinstance(value[0], (list, tuple)):
        return [list(row) for row in value]
    if shape is not None and shape[0] > 1 and shape[0] * shape[1] == len(value):
        return [list(value[r * shape[1]:(r + 1) * shape[1]]) for r in range(shape[0])]
    return [list(value)]


def literal(value) -> str:
    """A single argument as it is written in the formula (English syntax, as the file stores it)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return repr(float(value)) if isinstance(value, float) else str(value)


def _write_cells(ws, row: int, col: int, rows: list[list], style) -> None:
    for r, line in enumerate(rows):
        for c, value in enumerate(line):
            if value is None:
                ws.write_blank(row + r, col + c, None, style)
            else:
                ws.write_number(row + r, col + c, float(value), style)


def _result_shape(spec) -> tuple[int, int]:
    """Rows × columns of the example's result as Excel gets it (the registry's call on the cells' shapes)."""
    shapes = [range_shape(r) for r in spec.example.formula[len(spec.name) + 2:-1].split(";")]
    args = []
    for k, value in enumerate(spec.example.args):
        cells = as_cells(value, shapes[k] if k < len(shapes) else None)
        args.append(value if cells is None else cells)
    outcome = spec.call(*args)
    if isinstance(outcome, list):
        return len(outcome), len(outcome[0])
    return 1, 1


def write_functions(t: Template) -> list[Check]:
    """Every function on its example: inputs from column C on, the formula in column B below its inputs."""
    s = t.styles
    ws = t.book.add_worksheet(FUNCTIONS)
    ws.set_column(0, 0, 30)
    ws.set_column(1, 40, 13)
    ws.write(0, 0, "Trappens funktioner på dokumenternes eksempler", s.title)
    ws.write(1, 0, "Gule celler: input. Kolonne B: formlen (et resultat over flere celler spilder). Sammenlign "
                   "med tjeklisten (docs/accept.md).", s.note)
    result_style = t.book.add_format({"num_format": RESULT_FORMAT, "bg_color": "#E2EFDA", "border": 1,
                                      "border_color": "#BFBFBF"})
    checks: list[Check] = []
    row = 3
    for number, (name, spec) in enumerate(udfs.REGISTRY.items(), start=1):
        ws.write(row, 0, f"{number}. {name}", s.bold_label)
        ws.write(row + 1, 0, spec.example.source[:250], s.paragraph)
        references = spec.example.formula[len(name) + 2:-1].split(";")
        col, height, parts = 2, 1, []
        for k, value in enumerate(spec.example.args):
            cells = as_cells(value, range_shape(references[k]) if k < len(references) else None)
            if cells is None:
                parts.append(literal(value))
                continue
            _write_cells(ws, row, col, cells, s.input_num3)
            parts.append(xl_range(row, col, row + len(cells) - 1, col + len(cells[0]) - 1))
            col += len(cells[0]) + 1
            height = max(height, len(cells))
        while parts and parts[-1] == "":
            parts.pop()
        formula = f"={name}({','.join(parts)})"
        result_row = row + height + (1 if height > 1 or col > 2 else 0)
        rows, cols = _result_shape(spec)
        ws.write(result_row, 0, "Resultat:", s.label)
        if rows * cols > 1:
            t.spill(ws, result_row, 1, result_row + rows - 1, cols, formula, result_style)
            last = xl_rowcol_to_cell(result_row + rows - 1, cols)
            look = f"tallet, og at resultatet spilder over {rows} × {cols} celler uden #SPILL!"
        else:
            ws.write_formula(result_row, 1, formula, result_style)
            last, look = None, "tallet"
        checks.append(Check(number, FUNCTIONS, xl_rowcol_to_cell(result_row, 1), f"{name}: {spec.example.source}",
                            look, last))
        row = result_row + rows + 2
    ws.activate()
    return checks


#: The error checks: (row, Danish label, formula, kind, what the tester sees). Rows are Excel's (1-based).
#: Kinds: "dyn" a dynamic-array formula (an error does not spill), "spill3" one spilling down three rows, "one"
#: an ordinary formula, "legacy" an ordinary formula where Excel applies implicit
#: intersection. The counts for implicit intersection are in G6:G8.
ERROR_ROWS = (
    (12, "NETSAVING med en negativ besparelse (D4 er −11,2)", "=NETSAVING(B3:D3,B4:D4)", "dyn",
     "fejlen #VALUE! (ikke tal, ingen spill), og beskeden, der nævner savings"),
    (13, "... lagt sammen med +", "=B12+1", "one", "#VALUE! (fejlen går videre)"),
    (14, "... summeret med SUM over hele spill-området", "=SUM(B12:D12)", "one",
     "#VALUE! – aldrig 0 (en tekst i stedet for en fejl springer SUM over)"),
    (15, "... brugt af en af Trappens funktioner (CUMULATIVE)", "=CUMULATIVE(B12:D12)", "dyn",
     "en fejl, ikke tal"),
    (16, "... fanget med HVIS.FEJL (IFERROR)", '=IFERROR(B12,"fejl fanget")', "one",
     "teksten »fejl fanget« (så er det en rigtig fejlværdi)"),
    (17, "... er det tekst? (ER.TEKST / ISTEXT)", "=ISTEXT(B12)", "one", "FALSK (FALSE)"),
    (18, "Division med 0 i CASELOAD (0 rådgivere i H6)", "=CASELOAD(G6,H6)", "one",
     "#DIV/0! og beskeden om advisers"),
    (19, "En fejl i en inputcelle (B5 = 1/0) til NETSAVING", "=NETSAVING(B3:D3,B5:D5)", "dyn",
     "en fejl, ikke tal"),
    (7, "Implicit skæring: almindelig formel i række 7, som G6:G8 møder", "=PERMILLE(G6:G8*1,11498)", "legacy",
     "tallet for G7 (Excel tager den fælles række)"),
    (26, "Implicit skæring: almindelig formel i række 26, som G6:G8 ikke møder", "=PERMILLE(G6:G8*1,11498)",
     "legacy", "#VALUE! (ingen fælles række)"),
    (21, "Samme udtryk som dynamisk matrixformel (spilder 3 rækker)", "=PERMILLE(G6:G8*1,11498)", "spill3",
     "tre tal, ét for hver af G6, G7 og G8"),
)
#: Excel's rule for the two legacy formulas: by hand, the intersected cell (row 7) or #VALUE! (row 26).
RULES = {7: "=PERMILLE(G7*1,11498)", 26: None}


def write_errors(t: Template, first: int) -> list[Check]:
    """Errors that must stay errors, and implicit intersection (inputs in B3:D5 and G6:G8)."""
    s = t.styles
    ws = t.book.add_worksheet(ERRORS)
    ws.set_column(0, 0, 62)
    ws.set_column(1, 9, 13)
    ws.set_column(10, 10, 40)
    ws.write(0, 0, "Fejl, der skal blive fejl, og implicit skæring", s.title)
    result_style = t.book.add_format({"num_format": RESULT_FORMAT, "bg_color": "#E2EFDA", "border": 1,
                                      "border_color": "#BFBFBF"})
    ws.write(2, 0, "Investering (mio. kr.)", s.label)
    _write_cells(ws, 2, 1, [[5.5, 5.5, 5.5]], s.input_num3)
    ws.write(3, 0, "Besparelser (mio. kr.) – den sidste er negativ: forkert input", s.label)
    _write_cells(ws, 3, 1, [[3.0, 11.2, -11.2]], s.input_num3)
    ws.write(4, 0, "En celle med en fejl (=1/0)", s.label)
    ws.write_formula(4, 1, "=1/0", s.input_num3)
    ws.write(4, 6, "Antal sager", s.bold_label)
    _write_cells(ws, 5, 6, [[594], [300], [120]], s.input_num3)
    ws.write(4, 7, "Rådgivere", s.bold_label)
    _write_cells(ws, 5, 7, [[0]], s.input_num3)
    ws.write(9, 10, "Formlen, som dansk Excel viser den", s.bold_label)
    checks: list[Check] = []
    for k, (row, what, formula, kind, look) in enumerate(ERROR_ROWS):
        r = row - 1
        ws.write(r, 0, what, s.label)
        ws.write_string(r, 10, formula.replace(",", ";"), s.note)
        last = rule = None
        if kind == "dyn":
            t.spill(ws, r, 1, r, 1, formula, result_style)
        elif kind == "spill3":
            t.spill(ws, r, 1, r + 2, 1, formula, result_style)
            last = xl_rowcol_to_cell(r + 2, 1)
        else:
            ws.write_formula(r, 1, formula, result_style)
        if kind == "legacy":
            if RULES[row] is None:
                rule = "#VALUE!"
            else:
                ws.write_formula(r, 8, RULES[row], result_style)
                ws.write(r, 9, "← Excels regel", s.note)
                rule = xl_rowcol_to_cell(r, 8)
        message = xl_rowcol_to_cell(r, 1) if formula.startswith(("=NETSAVING(B3:D3,B4", "=CASELOAD")) else None
        checks.append(Check(first + k, ERRORS, xl_rowcol_to_cell(r, 1), what, look, last, message, rule))
    return checks


def build(path: str | Path) -> tuple[Path, list[Check]]:
    """Write the acceptance workbook; return its path and the checks (without their expected values)."""
    path, book = new_book(path, FILENAME, "Trappen – accepttest i Excel",
                          "Bygget af trappen.templates.acceptance; se docs/accept.md.")
    template = Template(book, None)
    checks = write_functions(template)
    checks += write_errors(template, len(checks) + 1)
    xlwings_conf.write(template)
    book.close()
    return path, checks
