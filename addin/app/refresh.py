"""The headless refresh: compute a workbook's formulas, our functions included, and write the results
back as cached values next to the formulas, so the file opens with numbers even where the add-in is not
loaded.

``refresh(path)`` refreshes one workbook: the package passes the gate (:mod:`..workbook.gate`), its
contents are read once (:mod:`..engine.contents`), computed (:mod:`..engine.calculation`: what is
computed, kept or refused) and the values written back (:mod:`..workbook.writer`) atomically after a
backup (:mod:`..workbook.replacement`). A batch of workbooks is :mod:`.batch`'s.
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..engine import calculation
from ..engine.contents import Contents, read_contents
from ..engine.evaluator import plain
from ..workbook import disk, failures, gate, replacement, writer
from ..workbook.cells import cell as a1
from ..workbook.cells import position
from ..workbook.failures import WorkbookError


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
            merged = {a1(r, c): v for (r, c), v in constants.items()}
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
    names: list = field(default_factory=list)  # the workbook's defined names (engine.contents.DefinedName)

    def value(self, sheet: str, cell: str):
        return plain(self.values.get(sheet.upper(), {}).get(cell), empty=None)

    def row(self, sheet: str, first: str, last: str) -> list:
        """Values of a one-row range, e.g. ``row("Investeringscase", "B16", "F16")``."""
        (r, c1), (_, c2) = position(first), position(last)
        return [self.value(sheet, a1(r, c)) for c in range(c1, c2 + 1)]


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
    path = gate.check(path)
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
        stats = writer.write_values(path, temporary, result.values)
        if stats["not_computed"]:
            raise WorkbookError(f"{path.name}: {len(stats['not_computed'])} formler blev ikke beregnet "
                                f"({', '.join(stats['not_computed'][:5])}); originalen er urørt")

    backup = replacement.replace_atomically(path, write, keep_backup=keep_backup, expected=snapshot)
    errors = [CellError(sheet, cell, code, result.messages.of(sheet, cell)) for sheet, cell, code in result.error_cells]
    return Refreshed(path=path, backup=backup, formulas=result.formulas,
                     values=WorkbookValues(result.values, contents), errors=errors,
                     seconds=time.perf_counter() - started, computed=result.computed,
                     trusted=result.trust.trusted, trust_reason=result.trust.reason, kept=result.kept,
                     differences=result.differences, replaced=result.replaced, names=contents.names)


def render_copy(refreshed: Refreshed, target: str | Path) -> Path:
    """A values-only copy of a refreshed workbook (formulas removed), e.g. for LibreOffice → PDF.

    LibreOffice recalculates array formulas on load and knows none of our functions; this copy shows
    exactly the cached values Excel would show.
    """
    target = Path(target)
    writer.write_values(refreshed.path, target, getattr(refreshed.values, "formulas", refreshed.values),
                         strip_formulas=True)
    return target
