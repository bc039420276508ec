"""The one reader of a workbook's investment case, for the command line and for a batch's overview.

A Trappen template (Ballerup's example, Roskilde's three scenarios, an officer's own figures in either)
holds its case on the sheet Investeringscase as tables: a header row whose label is the unit
("Mio. kr.", "Kr.") and whose next five cells are the years, then rows of a label and one value per
year. The reader finds them by that shape, not by fixed cells, so it reads every layout the template
builds:

- :attr:`Case.tables`: every such table, in sheet order (what ``trappen refresh`` prints);
- the case itself (:meth:`Case.net`, ...): the last table with an accumulated row ("Akkumuleret ..."),
  whose net result is the row just above it ("Nettobesparelse" in Ballerup's, "Samlet driftsændring"
  in Roskilde's), with the payback year and present value in rows of their own where the table has them;
- :attr:`Case.municipality`: the row labelled "Kommune" on Forudsætninger.

Values are read from a refresh's result (``Refreshed.values``: SHEET -> cell -> value), plain Python
values with None for an empty cell.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..engine.evaluator import plain
from ..workbook.cells import position

SHEET = "Investeringscase"
ASSUMPTIONS = "Forudsætninger"
YEARS = 5  # the template's tables run over five years, in columns B..F
_UNITS = ("mio", "kr")
_CUMULATIVE = "akkumuleret"
_PAYBACK = "tilbagebetal"
_PRESENT_VALUE = "nutidsværdi"


@dataclass
class CaseTable:
    """One table of the case: its unit (the header's label), its years, its rows (label, value per year)."""

    unit: str
    years: list[int]
    rows: list[tuple[str, list]] = field(default_factory=list)

    def find(self, start: str) -> tuple[int, list] | None:
        """(index, values) of the first row whose label starts with ``start`` (case-insensitive), or None."""
        for i, (label, values) in enumerate(self.rows):
            if label.lower().startswith(start):
                return i, values
        return None


@dataclass
class Case:
    """A workbook's investment case as the template lays it out."""

    tables: list[CaseTable]
    municipality: object = None

    @property
    def main(self) -> CaseTable | None:
        """The table of the whole case: the last one with an accumulated row."""
        return next((t for t in reversed(self.tables) if t.find(_CUMULATIVE) is not None), None)

    @property
    def years(self) -> list[int]:
        return self.main.years if self.main else []

    def net(self) -> list:
        """The net result per year (positive = merudgift): the row just above the accumulated row."""
        index, _ = self.main.find(_CUMULATIVE)
        return self.main.rows[index - 1][1] if index else [None] * len(self.years)

    def cumulative(self) -> list:
        return self.main.find(_CUMULATIVE)[1]

    def payback(self):
        """The payback year (first value of its row), or None where the case has no such row."""
        found = self.main.find(_PAYBACK)
        return found[1][0] if found else None

    def present_value(self):
        found = self.main.find(_PRESENT_VALUE)
        return found[1][0] if found else None


def _is_year(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 1990 < value < 2100 \
        and float(value).is_integer()


def read_tables(cells: Mapping[str, object]) -> list[CaseTable]:
    """The tables of a case sheet's cells (A1 -> value): columns A (labels) to F (five years)."""
    rows: dict[int, dict[int, object]] = {}
    for cell, value in cells.items():
        row, column = position(cell)
        if column <= 1 + YEARS:
            rows.setdefault(row, {})[column] = plain(value, empty=None)
    tables: list[CaseTable] = []
    for row in sorted(rows):
        line = rows[row]
        label, values = line.get(1), [line.get(c) for c in range(2, 2 + YEARS)]
        years = [v for v in values if _is_year(v)]
        if isinstance(label, str) and len(years) == YEARS and label.lower().startswith(_UNITS):
            tables.append(CaseTable(label, [int(y) for y in years]))
        elif tables and isinstance(label, str):
            tables[-1].rows.append((label, values))
    return tables


def read_case(values: Mapping[str, Mapping[str, object]]) -> Case | None:
    """The case of a refreshed workbook (``Refreshed.values``), or None where it holds none (not a template)."""
    cells = values.get(SHEET.upper())
    if not cells:
        return None
    case = Case(read_tables(cells))
    if case.main is None:
        return None
    assumptions = values.get(ASSUMPTIONS.upper(), {})
    label = next((cell for cell, value in assumptions.items() if value == "Kommune" and cell.startswith("A")), None)
    case.municipality = plain(assumptions.get("B" + label[1:]), empty=None) if label else None
    return case
