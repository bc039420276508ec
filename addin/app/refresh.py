"""The headless refresh: compute a workbook's formulas, our functions included, and write the results
back as cached values next to the formulas, so the file opens with numbers even where the add-in is not
loaded.

``refresh(path)`` refreshes one workbook: the package is checked, its contents read once
(:mod:`.contents`), computed (:mod:`.calculation`: what is computed, kept or refused) and the values
written back atomically after a backup (:mod:`.package`). ``refresh_many(paths)`` refreshes a batch,
on as many processes as the machine has free (:mod:`.batch`).
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import backups, calculation, disk, engine, failures, package
from .cells import column_name, split_cell
from .contents import Contents, read_contents
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


class WorkbookValues(Mapping):
    """SHEET (upper case) -> {cell: value} of every filled cell: the formulas' new values over the constants.

    Each sheet's table is assembled the first time it is asked for (a refresh itself needs only the
    formula cells).
    """

    def __init__(self, formulas: dict[str, dict[str, object]], contents: Contents):
        self.formulas = formulas
        self.constants = {sheet.name.upper(): sheet.values for sheet in contents.sheets}
        self._merged: dict[str, dict[str, object]] = {}

    def __getitem__(self, sheet: str) -> dict[str, object]:
        if sheet not in self._merged:
            constants = self.constants[sheet]  # KeyError for a sheet that is not there
            merged = {f"{column_name(c)}{r}": v for (r, c), v in constants.items()}
            merged.update(self.formulas.get(sheet, {}))
            self._merged[sheet] = merged
        return self._merged[sheet]

    def __iter__(self):
        return iter(self.constants)

    def __len__(self) -> int:
        return len(self.constants)


@dataclass
class Refreshed:
    """The outcome of refreshing one workbook."""

    path: Path
    backup: Path | None
    formulas: int
    values: Mapping[str, dict[str, object]]  # SHEET (upper case) -> cell -> value (see WorkbookValues)
    errors: list[CellError] = field(default_factory=list)
    seconds: float = 0.0
    computed: int = 0  # formula cells computed (the others kept their saved values)
    trusted: bool = False
    trust_reason: str = ""
    kept: list[calculation.Kept] = field(default_factory=list)
    differences: list[calculation.Difference] = field(default_factory=list)  # saved values kept on request
    replaced: int = 0  # untrusted saved values replaced by a different value

    def value(self, sheet: str, cell: str):
        return engine.plain(self.values.get(sheet.upper(), {}).get(cell))

    def row(self, sheet: str, first: str, last: str) -> list:
        """Values of a one-row range, e.g. ``row("Investeringscase", "B16", "F16")``."""
        (c1, r), (c2, _) = split_cell(first), split_cell(last)
        return [self.value(sheet, f"{column_name(c)}{r}") for c in range(c1, c2 + 1)]


def refresh(path: str | Path, *, keep_backup: bool = True, verify: bool = False, keep_saved: bool = False,
            everything: bool | None = None) -> Refreshed:
    """Recalculate ``path`` in place (atomically, after a backup) and return what was computed.

    ``verify``: compute every formula and refuse the workbook if one that does not depend on our functions
    does not reproduce its saved value (``keep_saved``: keep those saved values instead). ``everything``
    forces (True) or forbids (False) computing every formula whatever the saved values' trust.
    Refuses a workbook Excel holds open, a file that is not a workbook, and formulas that must be
    computed but cannot be (named in the message). The original is untouched on any failure.
    """
    started = time.perf_counter()
    path = package.check(path)
    snapshot = disk.Snapshot.of(path)  # what was read: the replacement is refused if the file changes meanwhile
    with collector_paused():
        return _refresh(path, started, keep_backup, snapshot, verify=verify, keep_saved=keep_saved,
                        everything=everything)


@contextlib.contextmanager
def collector_paused():
    """Python's cyclic garbage collector paused while a workbook is read, computed and written.

    The refresh makes many small objects that live until it ends; the collector's passes over them took
    40 % of the time on large workbooks and free nothing. Reference counting still frees as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _refresh(path: Path, started: float, keep_backup: bool, snapshot: disk.Snapshot, **options) -> Refreshed:
    try:
        contents = read_contents(path)
        result = calculation.calculate(contents, **options)
    except WorkbookError as error:
        if str(error).startswith(path.name):
            raise
        raise WorkbookError(failures.explain(error, path)) from error
    except (KeyboardInterrupt, MemoryError, OSError):
        raise
    except Exception as error:  # noqa: BLE001 - a workbook we cannot read or compute is refused, untouched
        raise WorkbookError(failures.explain(error, path)) from error

    def write(temporary: Path) -> None:
        stats = package.write_values(path, temporary, result.values)
        if stats["not_computed"]:
            raise WorkbookError(f"{path.name}: {len(stats['not_computed'])} formler blev ikke beregnet "
                                f"({', '.join(stats['not_computed'][:5])}); originalen er urørt")

    backup = package.replace_atomically(path, write, keep_backup=keep_backup, expected=snapshot)
    errors = [CellError(sheet, cell, code, engine.MESSAGES.of(sheet, cell)) for sheet, cell, code in result.error_cells]
    return Refreshed(path=path, backup=backup, formulas=result.formulas,
                     values=WorkbookValues(result.values, contents), errors=errors,
                     seconds=time.perf_counter() - started, computed=result.computed,
                     trusted=result.trust.trusted, trust_reason=result.trust.reason, kept=result.kept,
                     differences=result.differences, replaced=result.replaced)


def render_copy(refreshed: Refreshed, target: str | Path) -> Path:
    """A values-only copy of a refreshed workbook (formulas removed), e.g. for LibreOffice → PDF.

    LibreOffice recalculates array formulas on load and knows none of our functions; this copy shows
    exactly the cached values Excel would show.
    """
    target = Path(target)
    package.write_values(refreshed.path, target, getattr(refreshed.values, "formulas", refreshed.values),
                         strip_formulas=True)
    return target


@dataclass
class BatchResult:
    refreshed: list[Refreshed] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)
    seconds: float = 0.0
    processes: int = 1


def workbooks_in(folder: str | Path) -> list[Path]:
    """The workbooks of a folder: .xlsx/.xlsm, without Excel's ~$ lock files, hidden files and our backups."""
    return sorted(p for p in Path(folder).iterdir()
                  if p.suffix.lower() in package.WORKBOOK_SUFFIXES and not p.name.startswith(("~$", "."))
                  and not backups.is_backup(p))


def refresh_one(path: Path, **options) -> Refreshed | tuple[Path, str]:
    """Refresh one workbook of a batch: the result, or (path, the reason it was not refreshed)."""
    try:
        return refresh(path, **options)
    except Exception as error:  # noqa: BLE001 - one bad file must not stop the batch
        return Path(path), failures.explain(error, path)


def refresh_many(paths: Iterable[Path], *, keep_backup: bool = True, processes: int | None = None,
                 progress: Callable[[Path], None] | None = None, **options) -> BatchResult:
    """Refresh several workbooks, each read once; ``processes`` None: as many as the machine has free."""
    from . import batch

    started = time.perf_counter()
    paths = [Path(p) for p in paths]
    result = BatchResult()
    result.processes = batch.processes_for(len(paths)) if processes is None else max(1, processes)
    for outcome in batch.run(paths, result.processes, keep_backup=keep_backup, **options):
        if isinstance(outcome, Refreshed):
            result.refreshed.append(outcome)
            done = outcome.path
        else:
            result.failed.append(outcome)
            done = outcome[0]
        if progress:
            progress(done)
    order = {path: i for i, path in enumerate(paths)}
    result.refreshed.sort(key=lambda r: order.get(r.path, len(order)))
    result.failed.sort(key=lambda f: order.get(f[0], len(order)))
    result.seconds = time.perf_counter() - started
    return result
