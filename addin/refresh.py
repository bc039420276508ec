"""The headless refresh: compute every formula of a workbook, our functions included, and write the
results back as cached values next to the formulas, so the file opens with numbers even where the
add-in is not loaded.

``refresh(path)`` refreshes one workbook; ``refresh_many(paths)`` a batch, loading each distinct set of
formulas once and recomputing it with each workbook's inputs (compile once, reuse).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path


from . import backups, engine, failures, package
from .cells import cells_in, column_name, split_cell
from .package import WorkbookError


@dataclass
class CellError:
    """A formula cell that shows an Excel error, with our one-line message where we have one."""

    sheet: str
    cell: str
    code: str
    message: str = ""

    def __str__(self) -> str:
        text = f"{self.sheet}!{self.cell}: {self.code}"
        return f"{text} {self.message}" if self.message else text


@dataclass
class Refreshed:
    """The outcome of refreshing one workbook."""

    path: Path
    backup: Path | None
    formulas: int
    values: dict[str, dict[str, object]]  # SHEET (upper case) -> cell -> value
    errors: list[CellError] = field(default_factory=list)
    seconds: float = 0.0

    def value(self, sheet: str, cell: str):
        return engine.plain(self.values.get(sheet.upper(), {}).get(cell))

    def row(self, sheet: str, first: str, last: str) -> list:
        """Values of a one-row range, e.g. ``row("Investeringscase", "B16", "F16")``."""
        (c1, r), (c2, _) = split_cell(first), split_cell(last)
        return [self.value(sheet, f"{column_name(c)}{r}") for c in range(c1, c2 + 1)]


def refresh(path: str | Path, *, keep_backup: bool = True) -> Refreshed:
    """Recalculate ``path`` in place (atomically, after a backup) and return what was computed.

    Refuses a workbook Excel holds open, a file that is not a workbook, and formulas that call functions
    neither Excel nor Trappen knows (listed in the message). The original is untouched on any failure.
    """
    return _refresh(path, keep_backup=keep_backup)[0]


def _refresh(path, *, keep_backup: bool, model=None, model_book: str | None = None, pkg=None):
    """Refresh with a model loaded from an earlier workbook with the same formulas, or a new one.

    Returns the result and the model with the name of the workbook it was loaded from.
    """
    started = time.perf_counter()
    path = package.check(path) if pkg is None else Path(path)  # a batch has checked it before reading it
    pkg = pkg or package.read(path)
    # a model loaded from a workbook with the same formulas has had them checked already
    unknown = set() if model is not None else engine.unknown_functions(pkg.formula_texts, pkg.defined_names)
    if unknown:
        raise WorkbookError(f"{path.name}: formlerne kalder funktioner, som hverken Excel eller Trappen kender: "
                            f"{', '.join(sorted(unknown))}")
    if model is None:
        model, model_book = engine.load(path), path.name
        solution = engine.compute(model)
    else:
        solution = engine.compute(model, _inputs_for(model, model_book, pkg))
    values = engine.cell_values(solution, model_book)
    errors = _errors(pkg, values)

    def write(temporary: Path) -> None:
        stats = package.write_values(path, temporary, values)
        if stats["not_computed"]:
            raise WorkbookError(f"{path.name}: {len(stats['not_computed'])} formler blev ikke beregnet "
                                f"({', '.join(stats['not_computed'][:5])}); originalen er urørt")

    backup = package.replace_atomically(path, write, keep_backup=keep_backup, expected=pkg.snapshot)
    refreshed = Refreshed(path=path, backup=backup, formulas=len(pkg.formula_texts), values=values,
                          errors=errors, seconds=time.perf_counter() - started)
    return refreshed, model, model_book


def render_copy(refreshed: Refreshed, target: str | Path) -> Path:
    """A values-only copy of a refreshed workbook (formulas removed), e.g. for LibreOffice → PDF.

    LibreOffice recalculates array formulas on load and knows none of our functions; this copy shows
    exactly the cached values Excel would show.
    """
    target = Path(target)
    package.write_values(refreshed.path, target, refreshed.values, strip_formulas=True)
    return target


@dataclass
class BatchResult:
    refreshed: list[Refreshed] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)
    seconds: float = 0.0


def workbooks_in(folder: str | Path) -> list[Path]:
    """The workbooks of a folder: .xlsx/.xlsm, without Excel's ~$ lock files, hidden files and our backups."""
    return sorted(p for p in Path(folder).iterdir()
                  if p.suffix.lower() in package.WORKBOOK_SUFFIXES and not p.name.startswith(("~$", "."))
                  and not backups.is_backup(p))


def refresh_many(paths: Iterable[Path], *, keep_backup: bool = True,
                 progress: Callable[[Path], None] | None = None) -> BatchResult:
    """Refresh several workbooks; workbooks with identical formulas share one loaded model."""
    started = time.perf_counter()
    result = BatchResult()
    models: dict[tuple, tuple] = {}
    for path in paths:
        try:
            pkg = package.read(package.check(path))
            fingerprint = pkg.fingerprint()
            model, book = models.get(fingerprint, (None, None))
            refreshed, model, book = _refresh(path, keep_backup=keep_backup, model=model, model_book=book, pkg=pkg)
            models[fingerprint] = (model, book)
            result.refreshed.append(refreshed)
        except Exception as error:  # noqa: BLE001 - one bad file must not stop the batch
            result.failed.append((Path(path), failures.explain(error, path)))
        if progress:
            progress(Path(path))
    result.seconds = time.perf_counter() - started
    return result


def _inputs_for(model, model_book: str, pkg: package.Package) -> dict:
    """The constant cells of a workbook as inputs of a model loaded from another one with the same formulas.

    Cells inside a spilled range hold cached values that look like constants; they are not inputs.
    """
    import openpyxl

    nodes = model.dsp.data_nodes
    spilled = {(sheet.upper(), cell) for sheet, arrays in pkg.array_refs.items()
               for ref in arrays.values() for cell in cells_in(ref)}
    inputs = {}
    book = openpyxl.load_workbook(pkg.path, read_only=True, data_only=False)
    try:
        for sheet in book.worksheets:
            prefix = f"'[{model_book}]{sheet.title.upper()}'!"
            for row in sheet.iter_rows():
                for cell in row:
                    value = cell.value
                    if not isinstance(value, (int, float, str, dt.date)) or \
                            isinstance(value, str) and value.startswith("="):
                        continue  # empty cells and formulas (text, ArrayFormula) are not inputs
                    key = prefix + cell.coordinate
                    if key in nodes and (sheet.title.upper(), cell.coordinate) not in spilled:
                        if isinstance(value, (dt.date, dt.datetime)):
                            from trappen.udfs.inputs import date_serial
                            value = date_serial(value, cell.coordinate)
                        if isinstance(value, float):
                            value = round(value, 15)  # as formulas rounds constants when it loads a file
                        inputs[key] = value
    finally:
        book.close()
    return inputs


def _errors(pkg: package.Package, values: dict) -> list[CellError]:
    """Formula cells (array anchors once) that hold an Excel error, with our message where known."""
    from formulas.tokens.operand import XlError

    errors = []
    for sheet, cells in pkg.formulas.items():
        computed = values.get(sheet.upper(), {})
        for cell in cells:
            value = engine.plain(computed.get(cell))
            if isinstance(value, XlError):
                errors.append(CellError(sheet, cell, str(value), engine.MESSAGES.of(sheet, cell)))
    return errors
