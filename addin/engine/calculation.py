"""What a refresh computes, what it keeps, and what makes it refuse a workbook.

``calculate(contents)`` decides per formula (see :mod:`.trust` for when saved values are trusted):

- **trusted saved values, default**: only the formulas that depend on our functions, directly or through
  other cells, and the formula cells with no saved value are computed; every other formula cell keeps
  its saved value and enters the computation as a constant;
- **untrusted saved values** (placeholders, LibreOffice, manual mode without calculation on save):
  every formula is computed;
- **verify**: every formula is computed, and each one that does not depend on our functions must
  reproduce its saved value; the cells that do not make the refresh refuse the workbook
  (:class:`NotReproduced`, listing sheet!cell, formula, saved value and the engine's value), unless
  ``keep_saved``, which keeps their saved values and says so.

A formula the engine cannot compute (:func:`.evaluator.problem_text`) keeps its saved value where the
saved values are trusted and it does not depend on our functions; otherwise the workbook is refused,
naming the reason. Nothing is read from outside the workbook.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from formulas.tokens.operand import XlError

from trappen.udfs import REGISTRY

from ..workbook.cells import column_letters
from ..workbook.failures import WorkbookError
from . import excel_functions, functions, trust
from .contents import Contents
from .evaluator import Evaluation, Node, problem_text
from .functions import Messages

SHOWN = 5  # cells listed in a refusal; the rest are counted


@dataclass
class Difference:
    """A formula cell whose computed value is not the saved one."""

    sheet: str
    cell: str
    formula: str
    saved: object
    computed: object

    def __str__(self) -> str:
        return (f"{self.sheet}!{self.cell} {self.formula}: gemt {trust.shown(self.saved)}, "
                f"Trappen {trust.shown(self.computed)}")


@dataclass
class Kept:
    """A formula cell that keeps its saved value because the engine cannot compute it."""

    sheet: str
    cell: str
    reason: str


class NotReproduced(WorkbookError):
    """The refresh would write values other than the saved ones: the workbook is refused, untouched."""

    def __init__(self, name: str, differences: list[Difference]):
        self.differences = differences
        lines = [f"{name}: {len(differences)} formler giver ikke den værdi, som blev gemt — projektmappen er "
                 "ikke ændret. Brug --behold-gemte for at beholde de gemte værdier i de celler:"]
        lines += [f"  {d}" for d in differences[:SHOWN]]
        if len(differences) > SHOWN:
            lines.append(f"  ... og {len(differences) - SHOWN} flere")
        super().__init__("\n".join(lines))


class CannotCompute(WorkbookError):
    """Formulas that must be computed but that the engine cannot compute: refused by name."""

    def __init__(self, name: str, problems: dict[str, list[str]]):
        self.problems = problems
        unknown = sorted(p.partition(":")[2] for p in problems if p.startswith("unknown:"))
        parts = []
        if unknown:
            cells = sorted({c for p, found in problems.items() if p.startswith("unknown:") for c in found})
            more = f" og {len(cells) - 3} flere" if len(cells) > 3 else ""
            parts.append(f"formlerne kalder funktioner, som hverken Excel eller Trappen kender: {', '.join(unknown)} "
                         f"({', '.join(cells[:3])}{more})")
        for problem, cells in sorted(problems.items()):
            if problem.startswith("unknown:"):
                continue
            more = f" og {len(cells) - 3} flere" if len(cells) > 3 else ""
            parts.append(f"{', '.join(cells[:3])}{more}: {problem_text(problem)}")
        super().__init__(f"{name}: kan ikke genberegnes — " + "; ".join(parts))


@dataclass
class Calculated:
    """The formula cells' values to write (SHEET upper case -> cell -> value) and what the calculation found."""

    values: dict[str, dict[str, object]]  # formula cells only
    trust: trust.Trust
    computed: int  # formula cells computed
    formulas: int  # formula cells in all (array ranges cell by cell)
    kept: list[Kept] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)  # kept by keep_saved
    error_cells: list[tuple[str, str, str]] = field(default_factory=list)  # (sheet, anchor, code)
    stats: dict = field(default_factory=dict)
    replaced: int = 0  # untrusted saved values (not mere placeholders) replaced by a different value: it says so
    messages: Messages = field(default_factory=Messages)  # our functions' one-line messages, by cell


def calculate(contents: Contents, *, verify: bool = False, keep_saved: bool = False,
              everything: bool | None = None, fast: bool = True) -> Calculated:
    """Compute a workbook's formulas as the module doc describes; raise a WorkbookError to refuse it.

    ``fast=False`` computes every formula cell by cell through formulas' dispatcher (no runs, no direct
    calls of our functions): the yardstick the tests hold the fast way to.
    """
    functions.install()
    name = contents.path.name
    trusted = trust.trust(contents)
    try:
        evaluation = Evaluation(contents, set(REGISTRY), fast=fast)
    except ValueError as error:
        raise WorkbookError(f"{name}: {problem_text('large')} ({error.args[-1]})") from None
    evaluation.sort()
    full = verify or not trusted.trusted if everything is None else everything
    wanted, tainted = evaluation.plan(full)
    with excel_functions.reading(contents):  # what SUBTOTAL and AGGREGATE ask of the workbook
        evaluation.compute(wanted)

    problems: dict[str, list[str]] = {}
    kept: list[Kept] = []
    for index, problem in evaluation.failed.items():
        problem = excel_functions.as_problem(problem)  # "excel:AGGREGATE over rækker, ..." (ExcelOnly)
        node = evaluation.nodes[index]
        where = _anchor(contents, node)
        if trusted.trusted and node.saved and index not in tainted:
            kept.append(Kept(*where, problem_text(problem)))
        else:
            problems.setdefault(problem, []).append(f"{where[0]}!{where[1]}")
    if problems:
        raise CannotCompute(name, problems)

    differences = []
    if verify:
        for index, value in evaluation.computed.items():
            if index not in tainted:
                differences += _differences(contents, evaluation.nodes[index], value)
        if differences and not keep_saved:
            raise NotReproduced(name, differences)
    replaced = 0
    if not trusted.trusted and not trusted.placeholders and not verify:  # values that may be computed: counted
        replaced = sum(len(_differences(contents, evaluation.nodes[index], value))
                       for index, value in evaluation.computed.items())

    values: dict[str, dict[str, object]] = {sheet.name.upper(): {} for sheet in contents.sheets}
    error_cells = []
    formulas = computed = 0
    for node in evaluation.nodes:
        sheet = contents.sheets[node.sheet]
        out = values.setdefault(sheet.name.upper(), {})
        r1, c1, r2, c2 = node.area
        result = evaluation.computed.get(node.index)
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                cell = f"{column_letters(c)}{r}"
                formulas += 1
                if result is not None:
                    out[cell] = result[r - r1, c - c1]
                    computed += 1
                else:
                    out[cell] = sheet.values.get((r, c))
        if result is None:
            continue
        for member in node.members or [node]:  # a run's cells are formulas each; an array's anchor speaks for it
            value = result[member.row - r1, member.column - c1]
            if isinstance(value, XlError):
                error_cells.append((sheet.name, f"{column_letters(member.column)}{member.row}", str(value)))
    for d in differences:  # keep_saved: the saved value stays
        values[d.sheet.upper()][d.cell] = d.saved
    return Calculated(values, trusted, computed, formulas, kept, differences, error_cells, dict(evaluation.stats),
                      replaced, evaluation.messages)


def _anchor(contents: Contents, node: Node) -> tuple[str, str]:
    return contents.sheets[node.sheet].name, f"{column_letters(node.column)}{node.row}"


def _differences(contents: Contents, node: Node, value) -> list[Difference]:
    sheet = contents.sheets[node.sheet]
    r1, c1, r2, c2 = node.area
    found = []
    for r in range(r1, r2 + 1):
        for c in range(c1, c2 + 1):
            saved = sheet.values.get((r, c))
            if saved is None:
                continue  # nothing was saved: nothing to reproduce
            computed = value[r - r1, c - c1]
            if not trust.same(computed, saved):
                found.append(Difference(sheet.name, f"{column_letters(c)}{r}", node.text, saved, computed))
    return found
