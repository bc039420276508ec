"""The one reader of a workbook's investment case, for the command line and for a batch's overview.

A Trappen template (Ballerup's example, Roskilde's three scenarios, an officer's own figures in either)
holds its case on the sheet Investeringscase as tables: a header row whose label is the unit
("Mio. kr.", "1.000 kr.", "Kr.") and whose next five cells are the years, then rows of a label and one value per
year. The reader finds them by that shape, not by fixed cells, so it reads every layout the template
builds:

- :attr:`Case.tables`: every such table, in sheet order (what ``trappen refresh`` prints);
- the case itself (:meth:`Case.net`, ...): the last table with an accumulated row ("Akkumuleret ..."),
  whose net result is the row just above it ("Nettobesparelse" in Ballerup's, "Samlet driftsændring"
  in Roskilde's), with the payback year and present value in rows of their own where the table has them;
- :attr:`Case.municipality`: the row labelled "Kommune" on Forudsætninger.

Values are read from a refresh's result (``Refreshed.values``: SHEET -> cell -> value), plain Python
values with None for an empty cell.

The headline (:func:`read_headline`, :class:`Headline`): the case as Sammendrag states it, read by each
workbook's own layout. A workbook built by today's template names its headline (workbook-level names
``Sammendrag_Aar``, ``Sammendrag_Netto`` ... : ``templates.sheets.summary.NAMES``); each name is resolved to
its cells through the engine's reading of the package (``engine.contents``' defined names, parsed by
``engine.formula_text``), so the reader follows the names wherever the template puts the cells. A workbook
from an older template (0.1.0, 0.2.0) has no such names: its headline is the last table of Investeringscase
with an accumulated row, as above, and :attr:`Headline.source` says which was used. Amounts are in
:attr:`Headline.unit` (Sammendrag's unit, the one the officer chose on Forudsætninger: ``Sammendrag_Enhed``;
``Sammendrag_Skala`` says what its cells, which hold kr., are divided by to be in it).

The JSON (:func:`as_json`) has its amounts in one unit whatever the workbook shows, :data:`JSON_UNIT` (mio. kr.,
as the batch overview), so another program never gets numbers a thousand times larger because the officer chose
1.000 kr.; ``unit`` states it and ``workbook_unit`` the unit the workbook shows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from formulas.tokens.operand import XlError

from trappen.templates.sheets.summary import NAMES  # the template's published names of its headline

from ..engine import formula_text
from ..engine.evaluator import plain
from ..workbook.cells import cell as a1
from ..workbook.cells import position

SHEET = "Investeringscase"
ASSUMPTIONS = "Forudsætninger"
UNIT_LABEL = "Beløbsenhed"  # Forudsætninger's row of the workbook's unit (today's template): B the unit, C kr. per unit
YEARS = 5  # the template's tables run over five years, in columns B..F
_UNITS = ("mio", "kr", "1.000 kr")  # a table's header: "Mio. kr.", "Kr.", "1.000 kr."
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
    #: The tables' cells divided by this are in their header's unit: today's template keeps kr. and shows the
    #: unit chosen on Forudsætninger (its row "Beløbsenhed ...", kr. per unit beside the choice); 1 in an older
    #: template, whose cells are in the header's unit.
    scale: float = 1.0

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
    unit = next((cell for cell, value in assumptions.items() if cell.startswith("A") and isinstance(value, str)
                 and value.startswith(UNIT_LABEL)), None)
    scale = plain(assumptions.get("C" + unit[1:]), empty=None) if unit else None
    case.scale = float(scale) if _is_number(scale) and scale > 0 else 1.0
    return case


# --- the headline, by the workbook's own layout -------------------------------------------------------------

#: The names without which a workbook's headline is not read by name (the others are shown where present).
REQUIRED = ("years", "net", "cumulative")
BY_NAMES, BY_TABLES = "names", "tables"
#: How the command line says which reading it used.
SOURCE_WORDS = {BY_NAMES: "som Sammendrag viser den (læst ved projektmappens navne Sammendrag_...)",
                BY_TABLES: "fra Investeringscase (læst efter tabellernes form: projektmappen er fra en ældre "
                           "skabelon uden Sammendrags navne)"}
#: kr. per unit, for putting cases side by side in one unit.
UNIT_KR = {"kr.": 1.0, "1.000 kr.": 1e3, "mio. kr.": 1e6}
#: The unit of every amount in the JSON, whatever unit the workbook shows.
JSON_UNIT = "mio. kr."


@dataclass
class Answer:
    """Another answer to "when does the case pay back?" (Sammendrag's table), with its name."""

    name: str
    cumulative: object  # the accumulated result at the last year, in the headline's unit
    payback: str  # the payback year in words ("2022", "ikke inden 2023")
    later: str = ""  # otherwise, at the last year's level: "ca. 2065", "aldrig" or ""

    @property
    def payback_year(self) -> int | None:
        return int(self.payback) if self.payback.strip().isdigit() else None


@dataclass
class Step:
    """One step of the bridge from the document's table to the headline: its name and effect (headline's unit)."""

    name: str
    effect: object


@dataclass
class Bridge:
    """From the document's own table (``start``, named ``origin``) to the headline, step by step."""

    origin: str | None
    start: object
    steps: list[Step]

    def total(self) -> float | None:
        """The steps' sum (exact summation), None where a step is not a number."""
        effects = [s.effect for s in self.steps]
        return math.fsum(effects) if all(_is_number(e) for e in effects) else None


@dataclass
class Headline:
    """A workbook's headline case: what Sammendrag states (or, from an older template, Investeringscase's case).

    Amounts are in :attr:`unit`, positive = merudgift. ``payback`` is the year or None (not within the years);
    ``payback_words`` what the workbook says (with how long it would take); ``source`` :data:`BY_NAMES` or
    :data:`BY_TABLES`.
    """

    source: str
    municipality: object
    unit: str | None
    years: list[int]
    net: list
    cumulative: list
    present_value: object = None
    payback: object = None  # the year, None (not within the years), or the cell's error value
    payback_words: str | None = None
    price_view: str | None = None
    prior_costs: object = None
    answers: list[Answer] = field(default_factory=list)
    bridge: Bridge | None = None
    problems: list[str] = field(default_factory=list)  # named cells that did not hold what they should
    scale: float = 1.0  # the workbook's amounts divided by this are in ``unit`` (Sammendrag_Skala)

    @property
    def horizon(self) -> object:
        """The accumulated result at the last year."""
        return self.cumulative[-1] if self.cumulative else None

    def in_millions(self, value):
        """An amount of this case in mio. kr. (None where the unit is not known, an error value as it is)."""
        kr = UNIT_KR.get((self.unit or "").strip().lower())
        if not _is_number(value):
            return value
        return None if kr is None else value if kr == 1e6 else value * kr / 1e6


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def defined_name(values: Mapping[str, Mapping[str, object]], names: Sequence, name: str) -> list | None:
    """The values a workbook-level defined name stands for, row by row; None where there is no such name.

    ``names`` are the workbook's defined names as the engine reads them (``engine.contents.DefinedName``); the
    name's text is read by the engine's formula reader: one area on a sheet gives its cells' values, a constant
    (``"mio. kr."``, ``1000000``) itself.
    """
    wanted = name.upper()
    defined = next((d for d in names if d.sheet is None and d.name.upper() == wanted), None)
    if defined is None:
        return None
    try:
        pieces = formula_text.read(defined.text)
    except formula_text.FormulaSyntaxError:
        return None
    if len(pieces.parts) == 1 and isinstance(pieces.parts[0], formula_text.Ref):
        ref = pieces.parts[0]
        if ref.sheet is None or ref.book is not None or ref.kind != "area":
            return None
        cells = values.get(ref.sheet.upper(), {})
        return [plain(cells.get(a1(r, c)), empty=None)
                for r in range(ref.r1, ref.r2 + 1) for c in range(ref.c1, ref.c2 + 1)]
    if pieces.refs or pieces.names:
        return None
    literal = "".join(pieces.parts).strip()
    if len(literal) >= 2 and literal[0] == literal[-1] == '"':
        return [literal[1:-1].replace('""', '"')]
    try:
        return [float(literal)]
    except ValueError:
        return None


def read_headline(refreshed) -> Headline | None:
    """The headline case of a refreshed workbook (``app.refresh.Refreshed``): by Sammendrag's names where the
    workbook has them, else by Investeringscase's tables; None where it holds no case (not a template)."""
    by_names = _by_names(refreshed.values, getattr(refreshed, "names", ()))
    if by_names is not None:
        return by_names
    case = read_case(refreshed.values)
    if case is None:
        return None
    payback, has_row = _year(case.payback()), case.main.find(_PAYBACK) is not None
    words = (str(payback) if payback else f"ikke inden {case.years[-1]}") if has_row and case.years else None

    def amount(value):
        return value / case.scale if _is_number(value) else value

    return Headline(BY_TABLES, case.municipality, case.main.unit.strip().lower(), case.years,
                    [amount(v) for v in case.net()], [amount(v) for v in case.cumulative()],
                    present_value=amount(case.present_value()), payback=payback, payback_words=words,
                    scale=case.scale)


def _year(value):
    """A payback year cell: the year, None for 0 (not within the years) or empty; an error value stays itself."""
    if _is_number(value):
        return int(value) if float(value).is_integer() and 1990 < value < 2200 else None
    return value if isinstance(value, XlError) else None


def _by_names(values, names) -> Headline | None:
    found = {key: defined_name(values, names, name) for key, name in NAMES.items()}
    if any(not found[key] for key in REQUIRED):
        return None
    problems = [NAMES[key] for key, got in found.items() if got is None]

    def one(key):
        got = found[key]
        return got[0] if got else None

    scale = one("scale")
    scale = scale if _is_number(scale) and scale > 0 else 1.0

    def amount(value):
        return value / scale if _is_number(value) else value

    def text(value) -> str:
        return "" if value is None else str(value)

    years = [int(y) if _is_year(y) else y for y in found["years"]]
    headline = Headline(BY_NAMES, None, one("unit"), years, [amount(v) for v in found["net"]],
                        [amount(v) for v in found["cumulative"]], present_value=amount(one("present_value")),
                        payback=_year(one("payback")), payback_words=one("payback_words"),
                        price_view=one("price_view"), prior_costs=amount(one("prior_costs")), problems=problems,
                        scale=scale)
    answers = found["answers"] or []
    cumulative = found["answers_cumulative"] or [None] * len(answers)
    payback = found["answers_payback"] or [None] * len(answers)
    later = found["answers_later"] or [None] * len(answers)
    headline.answers = [Answer(text(n), amount(c), text(p), text(lt))
                        for n, c, p, lt in zip(answers, cumulative, payback, later, strict=False) if n]
    steps, effects = found["bridge_steps"], found["bridge_effects"]
    if steps and effects:
        headline.bridge = Bridge(one("bridge_from"), amount(one("bridge_start")),
                                 [Step(text(n), amount(e)) for n, e in zip(steps, effects, strict=False)])
    assumptions = values.get(ASSUMPTIONS.upper(), {})
    label = next((c for c, v in assumptions.items() if v == "Kommune" and c.startswith("A")), None)
    headline.municipality = plain(assumptions.get("B" + label[1:]), empty=None) if label else None
    return headline


def as_json(headline: Headline | None, workbook: str) -> dict:
    """The headline as plain JSON data (English keys, numbers as numbers; docs/brug.md lists the keys)."""
    if headline is None:
        return {"workbook": workbook, "source": None, "note": "ikke en Trappen-skabelon: ingen investeringscase"}

    known = headline.in_millions(0.0) is not None  # an unknown unit: the amounts as the workbook has them

    def number(value):
        if value is None or _is_number(value):
            return None if value is None or not math.isfinite(value) else value
        return str(value)  # an error value stays an error: "#VALUE!"

    def amount(value):
        """An amount in JSON_UNIT (where the workbook's unit is known), an error value as its text."""
        value = number(value)
        return headline.in_millions(value) if known and _is_number(value) else value

    def word(value):
        return value if value is None or isinstance(value, str) else str(value)

    bridge = headline.bridge
    return {
        "workbook": workbook,
        "source": headline.source,
        "municipality": word(headline.municipality),
        "unit": JSON_UNIT if known else word(headline.unit),
        "workbook_unit": word(headline.unit),
        "price_view": word(headline.price_view),
        "years": [y if isinstance(y, int) else number(y) for y in headline.years],
        "net": [amount(v) for v in headline.net],
        "cumulative": [amount(v) for v in headline.cumulative],
        "present_value": amount(headline.present_value),
        "payback_year": headline.payback if headline.payback is None or isinstance(headline.payback, int)
        else number(headline.payback),
        "payback": word(headline.payback_words),
        "cost_before_first_year": amount(headline.prior_costs),
        "answers": [{"name": a.name, "cumulative": amount(a.cumulative), "payback_year": a.payback_year,
                     "payback": a.payback, "otherwise": a.later or None} for a in headline.answers],
        "bridge": None if bridge is None else {
            "from": word(bridge.origin), "start": amount(bridge.start),
            "steps": [{"step": s.name, "effect": amount(s.effect)} for s in bridge.steps],
            "end": amount(headline.horizon)},
    }
