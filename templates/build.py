"""Builds the template workbook ``investeringscase.xlsx``: the officers' familiar sheets, our functions inside.

The layout imitates the documents' own tables (Ballerup's note and accounts, Socialstyrelsen's evaluation; with
``--eksempel roskilde`` Roskilde's scenarios and activity table). Input cells are unlocked and yellow;
formula cells are locked; the sheets are protected without a password so an officer can unprotect
them. Wherever a budget calculation happens, the formula calls one of our functions (``=NETSAVING``,
``=PLACEMENTCOST`` ...); plain sums of a table stay Excel's ``SUM``. The file is byte-identical on every
build: the creation date is fixed.

Each sheet is one module of ``sheets/`` with a ``write(t)`` function; what they share (styles, cell
references, the :class:`~.workbook.Template` context) is in ``workbook.py``. This module only puts the
sheets in order (:data:`LAYOUTS`: the sheets of each example's document) and writes the file.

    python -m trappen.templates.build out/investeringscase.xlsx
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

import xlsxwriter

from .example import BALLERUP, Example
from .sheets import (
    accounts,
    activity,
    assumptions,
    follow_up,
    investment_case,
    key_figures,
    placements,
    scenario_tables,
    scenarios,
    staffing,
    summary,
    uncertainty,
    xlwings_conf,
)
from .workbook import Template

FILENAME = "investeringscase.xlsx"
CREATED = dt.datetime(2018, 6, 13)  # fixed so that two builds are byte-identical

#: The sheet modules in workbook order, by the example's layout (whose document the sheets imitate). A sheet
#: may refer to the tables of the sheets before it; the summary (first) reads them all, so its ``write``
#: returns the function that fills it after the others.
LAYOUTS = {
    "ballerup": (summary, assumptions, placements, staffing, investment_case, accounts, key_figures, scenarios,
                 uncertainty, follow_up, xlwings_conf),
    "roskilde": (summary, assumptions, activity, staffing, scenario_tables, scenarios, uncertainty, xlwings_conf),
}
SHEET_MODULES = LAYOUTS["ballerup"]
SHEETS = tuple(module.NAME for module in SHEET_MODULES)
ACTIVE_SHEET = summary.NAME  # the sheet the workbook opens on, the first (Sammendrag in every layout)


def write_sheets(book: xlsxwriter.Workbook, example: Example) -> Template:
    """Write every sheet into ``book``; the returned context tells where each table went."""
    template = Template(book, example)
    later = [module.write(template) for module in LAYOUTS[example.layout]]
    for fill in filter(None, later):  # sheets that read sheets after them
        fill()
    template.finish()  # the amounts in the chosen unit, the charts' data
    book.get_worksheet_by_name(ACTIVE_SHEET).activate()
    return template


def new_book(path: str | Path, filename: str, title: str, comments: str) -> tuple[Path, xlsxwriter.Workbook]:
    """A new workbook at ``path`` (a file, or a folder for ``filename``), built the same way every time:
    the fixed creation date (byte-identical builds), no text read as numbers, automatic calculation."""
    path = Path(path)
    if path.is_dir():
        path = path / filename
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    book.set_properties({"title": title, "author": "Trappen", "created": CREATED, "comments": comments})
    book.set_calc_mode("auto")
    return path, book


def build(path: str | Path, example: Example = BALLERUP) -> Path:
    """Write the template workbook to ``path`` (a file, or a folder for ``investeringscase.xlsx``).

    ``layout(example)`` tells where each computed table is (sheet and range), for tests and tools.
    """
    path, book = new_book(path, FILENAME, "Trappen – investeringscase",
                          "Bygget af templates.build; formlerne kalder Trappens funktioner.")
    write_sheets(book, example)
    book.close()
    return path


def layout(example: Example = BALLERUP) -> dict[str, str]:
    """Where the template's computed tables are: name -> ``'Sheet'!$B$18:$F$18`` (built in memory)."""
    book = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    template = write_sheets(book, example)
    book.close()
    return dict(template.where)


if __name__ == "__main__":
    print(build(sys.argv[1] if len(sys.argv) > 1 else Path("out") / FILENAME))
