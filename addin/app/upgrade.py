"""``trappen opgrader``: a workbook from an older template brought to the formulas of today's.

What changes: a plain (legacy, non-array) formula that calls one of Trappen's functions and whose meaning
changes under implicit intersection (:func:`..engine.intersection.implicit` wraps one of its ranges) becomes
a single-cell dynamic-array formula, as today's template writes it. In Excel a legacy formula intersects
such a range with its own row (0.2.0's Usikkerhed!B16:B17: ``'Anbringelser'!$F$18:$F$24/1e+06`` in row 16
gives #VALUE!); as a dynamic-array formula it passes the whole range, which is what the function wants.

The formula's text, its saved value and every other part of the package stay as they are
(:mod:`..workbook.formulas_writer`); the workbook is replaced atomically after a backup generation
(:mod:`..workbook.replacement`). A workbook with nothing to upgrade is not written at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from trappen.udfs import REGISTRY

from ..engine import formula_text, intersection
from ..engine.contents import read_contents
from ..workbook import disk, failures, formulas_writer, gate, replacement
from ..workbook.cells import column_letters
from ..workbook.failures import WorkbookError, refusal

NEW_FORM = "dynamisk matrixformel (regner med hele områderne, ingen implicit skæring)"


@dataclass(frozen=True)
class Change:
    """One formula rewritten: where, the formula as it was, and its new form."""

    sheet: str
    cell: str
    formula: str  # as written in the file, with its "="
    new_form: str = NEW_FORM

    def __str__(self) -> str:
        return f"{self.sheet}!{self.cell}: {self.formula} → {self.new_form}"


@dataclass(frozen=True)
class Upgraded:
    path: Path
    changes: list[Change]
    backup: Path | None


def needs_upgrade(text: str, names: dict | None = None, sheet: int = 0, row: int = 1, column: int = 1) -> bool:
    """A plain formula's text that calls one of our functions and that implicit intersection changes.

    ``names``: :func:`range_names` of the workbook; a defined name that is one range counts as that range
    (``Udgifter*2`` where Udgifter is ``Ark1!$B$2:$B$6``), as the refresh reads it. ``sheet``, ``row``,
    ``column``: where the formula stands (a name with relative references moves with it).
    """
    try:
        pieces = formula_text.read(text)
    except formula_text.FormulaSyntaxError:
        return False
    if not pieces.calls & REGISTRY.keys():
        return False
    if names and pieces.names:
        pieces = _ranges_for_names(pieces, names, sheet, row, column)
    return intersection.implicit(pieces) is not pieces


def range_names(contents) -> dict[tuple[int | None, str], formula_text.Ref]:
    """(sheet index or None for the workbook, NAME) -> the one reference a defined name stands for; names
    that are anything else (a constant, a formula, several areas) are left out."""
    out = {}
    for defined in contents.names:
        try:
            pieces = formula_text.read(defined.text)
        except formula_text.FormulaSyntaxError:
            continue
        if len(pieces.parts) == 1 and isinstance(pieces.parts[0], formula_text.Ref):
            out[(defined.sheet, defined.name.upper())] = pieces.parts[0]
    return out


def _ranges_for_names(pieces, names, sheet: int, row: int, column: int):
    parts = []
    for part in pieces.parts:
        ref = None
        if type(part) is formula_text.Name and part.book is None and part.sheet is None:
            ref = names.get((sheet, part.name.upper())) or names.get((None, part.name.upper()))
        # a name's relative references are stored relative to A1 (as the refresh moves them)
        parts.append(part if ref is None else ref.moved(row - 1, column - 1, wrap=True))
    return formula_text.Pieces(tuple(parts), pieces.problems, pieces.calls)


def find_changes(path: str | Path) -> list[Change]:
    """The formulas of ``path`` that :func:`upgrade` rewrites, sheet by sheet, row by row.

    Refuses (one line) a shared formula that would need it: Excel writes a formula copied down a column
    once for all its copies, and Trappen does not split them.
    """
    path = Path(path)
    contents = read_contents(path)
    names = range_names(contents)
    changes = []
    for index, sheet in enumerate(contents.sheets):
        for (row, column), formula in sorted(sheet.formulas.items()):
            if formula.array is not None or not formula.text \
                    or not needs_upgrade(formula.text, names, index, row, column):
                continue
            cell = f"{column_letters(column)}{row}"
            if formula.shared_from is not None or _is_shared_master(sheet, (row, column)):
                raise refusal(path, f"formlen i {sheet.name}!{cell} er kopieret til flere celler (delt formel) "
                              "og kan ikke opgraderes af Trappen",
                              "markér cellerne i Excel, og gør dem til matrixformler (se docs/brug.md)")
            changes.append(Change(sheet.name, cell, "=" + (formula.written or formula.text)))  # Tabel1[Beløb] kept
    return changes


def _is_shared_master(sheet, position: tuple[int, int]) -> bool:
    return any(f.shared_from == position for f in sheet.formulas.values())


def upgrade(path: str | Path, *, keep_backup: bool = True) -> Upgraded:
    """Rewrite the formulas :func:`find_changes` finds as dynamic-array formulas, in place, after a backup.

    Nothing to upgrade: the file is not written (no backup either). Any failure leaves it untouched.
    """
    path = gate.check(path)
    snapshot = disk.Snapshot.of(path)
    try:
        changes = find_changes(path)
    except WorkbookError as error:
        raise WorkbookError(failures.explain(error, path)) from error
    if not changes:
        return Upgraded(path, [], None)
    cells: dict[str, set[str]] = {}
    for change in changes:
        cells.setdefault(change.sheet, set()).add(change.cell)

    def write(temporary: Path) -> None:
        try:
            formulas_writer.write_dynamic_arrays(path, temporary, cells)
        except WorkbookError as error:
            raise refusal(path, str(error), failures.UNTOUCHED) from error

    backup = replacement.replace_atomically(path, write, keep_backup=keep_backup, expected=snapshot)
    return Upgraded(path, changes, backup)
