"""Issue 20: a save by another program that lands during a refresh stays in the workbook, on a busy machine too.

Each trial refreshes a workbook while another process saves it the way Excel and sync clients do (a copy
with one extra part written beside it and renamed over it, :mod:`tests.workbook.saves`), with a third
process keeping a core busy. Every trial must end in one of: refused with the save intact, the refresh
of the save (it landed before the read), or the save itself (it landed after the new file was in); no
backup holds anything but what the refresh read, nothing is left behind (:func:`saves.outcome`).

The save lands at each stage of the replacement (``replacement.stage_hook``: deterministic, every window
covered) and at random moments around the end of the refresh, where the replacement happens. Both ways
are run: with the system's exchange (``renameat2(RENAME_EXCHANGE)`` here) and without (``exchange.swap``
made to say :class:`exchange.Unsupported`, as a file system without it does). Without the exchange, a
save landing between the last ``stat`` and the rename is displaced — the documented remainder; such a
trial must have landed inside that window (timed by the stages "identified" and "renamed"), and the
count is printed. With the exchange no save is ever displaced.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

import pytest

from tests.workbook import saves
from tests.workbook.faults import cli, small_workbook
from trappen.addin.app import batch, refresh
from trappen.addin.workbook import exchange, replacement
from trappen.addin.workbook.failures import WorkbookError

pytestmark = pytest.mark.skipif(not exchange.method(), reason="no exchange on this system")
#: The batch's workers inherit the stage hook only when forked (Linux, macOS).
forked = pytest.mark.skipif(sys.platform == "win32", reason="the workers are spawned on Windows")

RANDOM_TRIALS = 60
BATCH_TRIALS = 6
SEED = 20


def no_exchange(*_):
    raise exchange.Unsupported("forced by the test")


@pytest.fixture(params=["exchange", "no exchange"])
def way(request, monkeypatch):
    if request.param == "no exchange":
        monkeypatch.setattr(exchange, "swap", no_exchange)
    return request.param


@pytest.fixture(scope="module")
def load():
    """A core kept busy and a process that lands the saves, for the whole module."""
    with saves.busy_core(), saves.saver() as process:
        yield process


@pytest.fixture(scope="module")
def original(tmp_path_factory) -> bytes:
    return small_workbook(tmp_path_factory.mktemp("original") / "sagstal.xlsx").read_bytes()


def fresh(folder: Path, original: bytes, name: str = "sagstal.xlsx") -> Path:
    for entry in folder.iterdir():
        entry.unlink()
    workbook = folder / name
    workbook.write_bytes(original)
    return workbook


def refreshed_or_refused(workbook: Path) -> bool:
    """Refresh ``workbook``; True when it was refused because another program saved it (one Danish line)."""
    try:
        refresh.refresh(workbook)
    except WorkbookError as error:
        text = str(error)
        assert "gemt af et andet program" in text and "\n" not in text and text.startswith(workbook.name), text
        return True
    return False


class Timeline:
    """The stages of one replacement on the monotonic clock (``replacement.stage_hook``)."""

    def __init__(self, monkeypatch, action=None):
        self.times, self.action = {}, action
        monkeypatch.setattr(replacement, "stage_hook", self)

    def __call__(self, stage: str, target: Path) -> None:
        self.times[stage] = time.monotonic()
        if self.action is not None:
            self.action(stage, target)


def in_the_documented_window(timeline: Timeline, landed: tuple[float, float]) -> bool:
    """Whether the save's rename (called at ``landed[0]``, returned by ``landed[1]``) may have fallen between
    the last look ("identified") and the rename ("renamed")."""
    before, after = landed
    return before <= timeline.times.get("renamed", 0.0) and after >= timeline.times.get("identified", float("inf"))


# --- at each stage ------------------------------------------------------------------------------------------

STAGES = {"exchange": {"written": "refused", "checked": "refused", "swapped": "saved after", "kept": "saved after"},
          "no exchange": {"written": "refused", "checked": "refused", "copied": "refused",
                          "identified": "refused", "renamed": "saved after"}}


def force(way: str, monkeypatch) -> None:
    if way == "no exchange":
        monkeypatch.setattr(exchange, "swap", no_exchange)


@pytest.mark.parametrize("way, stage", [(w, s) for w in STAGES for s in STAGES[w]])
def test_a_save_at_each_stage_of_the_replacement_stays(tmp_path, monkeypatch, original, way, stage):
    force(way, monkeypatch)
    expected = STAGES[way][stage]
    workbook = fresh(tmp_path, original)
    prepared, save = saves.prepare_save(workbook, 1)

    def save_at(reached, target):
        if reached == stage and prepared.exists():
            saves.land(prepared, target)

    Timeline(monkeypatch, save_at)
    refused = refreshed_or_refused(workbook)
    assert not prepared.exists(), "the stage was never reached"
    assert saves.outcome(workbook, original, save, 1, refused) == expected


def test_without_the_exchange_a_save_between_the_last_look_and_the_rename_is_displaced(tmp_path, monkeypatch,
                                                                                       original):
    """The remainder the docs name, shown to be what this test would catch: the save is neither in the
    workbook nor in the backup."""
    monkeypatch.setattr(exchange, "swap", no_exchange)
    workbook = fresh(tmp_path, original)
    prepared, save = saves.prepare_save(workbook, 1)
    rename = replacement.os.replace

    def save_then_rename(source, target):
        if Path(target) == workbook and prepared.exists():
            rename(prepared, workbook)  # the other program's save, just before ours
        return rename(source, target)

    monkeypatch.setattr(replacement.os, "replace", save_then_rename)
    assert saves.outcome(workbook, original, save, 1, refreshed_or_refused(workbook)) == "displaced"


def test_the_refusal_says_which_program_may_have_saved(tmp_path, monkeypatch, original):
    workbook = fresh(tmp_path, original)
    prepared, _ = saves.prepare_save(workbook, 1)
    lock = tmp_path / "~$sagstal.xlsx"

    def excel_saves(stage, target):
        if stage == "checked" and prepared.exists():
            saves.land(prepared, target)

    Timeline(monkeypatch, excel_saves)
    result = cli("refresh", workbook)
    line = " ".join(result.output.split())
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "gemt af et andet program, mens Trappen regnede (filen siger, den er gemt med Microsoft Excel)" in line
    assert "den nye version er ikke rørt" in line
    lock.write_text("owner", encoding="utf-8")  # Excel holds it open: its lock file names the program
    from trappen.addin.workbook import disk

    assert disk.saving_program(workbook) == "sandsynligvis Excel, som har den åben: ~$sagstal.xlsx findes"


def test_the_program_named_is_the_one_the_file_names(tmp_path, original):
    from tests.workbook.faults import rewrite
    from trappen.addin.workbook import disk

    workbook = fresh(tmp_path, original)
    app = (b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           b'<Application>LibreOffice/7.3.7.2$Linux_X86_64 LibreOffice_project/30$Build-2</Application></Properties>')
    rewrite(workbook, replace={"docProps/app.xml": app})
    assert disk.saving_program(workbook) == "filen siger, den er gemt med LibreOffice/7.3.7.2"
    workbook.write_bytes(b"not a zip")
    assert disk.saving_program(workbook) == ""


# --- a second save while the first is put back --------------------------------------------------------------

def test_a_second_save_while_the_first_is_put_back_wins(tmp_path, monkeypatch, original):
    workbook = fresh(tmp_path, original)
    first, _ = saves.prepare_save(workbook, 1)
    second, save2 = saves.prepare_save(workbook, 2)
    swap, swaps = exchange.swap, []

    def swap_with_saves(target, incoming, spare):
        swaps.append(target)
        if len(swaps) == 1:
            saves.land(first, target)  # lands just before the swap: it comes out
        elif len(swaps) == 2:
            saves.land(second, target)  # lands between the swap and the put-back: it must win
        return swap(target, incoming, spare)

    monkeypatch.setattr(exchange, "swap", swap_with_saves)
    assert refreshed_or_refused(workbook)
    assert len(swaps) == 3 and saves.outcome(workbook, original, save2, 2, refused=True) == "refused"


@pytest.mark.skipif(sys.platform == "win32", reason="an open file cannot be renamed away on Windows")
def test_a_save_that_empties_the_name_for_a_moment_is_given_it(tmp_path, monkeypatch, original):
    """Windows' own save renames the workbook away before it renames the new file in."""
    workbook = fresh(tmp_path, original)
    first, save1 = saves.prepare_save(workbook, 1)
    swap, swaps = exchange.swap, []

    def swap_with_saves(target, incoming, spare):
        swaps.append(target)
        if len(swaps) == 1:
            saves.land(first, target)
        elif len(swaps) == 2:
            target.rename(tmp_path / "~excel-old.tmp")  # the other program's first step
        return swap(target, incoming, spare)

    monkeypatch.setattr(exchange, "swap", swap_with_saves)
    assert refreshed_or_refused(workbook)
    assert workbook.read_bytes() == save1
    (tmp_path / "~excel-old.tmp").unlink()  # the other program cleans up after itself
    assert saves.outcome(workbook, original, save1, 1, refused=True) == "refused"


def test_saves_that_never_stop_leave_the_newest_visible(tmp_path, monkeypatch, original):
    workbook = fresh(tmp_path, original)
    prepared = [saves.prepare_save(workbook, n) for n in range(1, replacement.PUT_BACK_ROUNDS + 2)]
    swap, swaps = exchange.swap, []

    def swap_with_saves(target, incoming, spare):
        swaps.append(target)
        saves.land(prepared[len(swaps) - 1][0], target)
        return swap(target, incoming, spare)

    monkeypatch.setattr(exchange, "swap", swap_with_saves)
    with pytest.raises(WorkbookError, match="gemt igen og igen af et andet program.*sagstal.gemt-undervejs.xlsx"):
        refresh.refresh(workbook)
    newest = replacement.PUT_BACK_ROUNDS + 1
    assert saves.holds_save(tmp_path / "sagstal.gemt-undervejs.xlsx", newest)
    assert saves.holds_save(workbook, newest - 1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sagstal.gemt-undervejs.xlsx", "sagstal.xlsx"]


# --- at random moments, a core busy -------------------------------------------------------------------------

def calibrate(folder: Path, original: bytes, monkeypatch) -> tuple[float, float]:
    """Median seconds from the start of a refresh to its last check before the swap or rename, and to its end."""
    timeline = Timeline(monkeypatch)
    checks, ends = [], []
    for _ in range(5):
        workbook = fresh(folder, original)
        started = time.monotonic()
        refresh.refresh(workbook)
        ends.append(time.monotonic() - started)
        checks.append(timeline.times.get("checked", started) - started)
    return statistics.median(checks), statistics.median(ends)


def test_saves_at_random_moments_on_a_busy_machine(tmp_path, monkeypatch, original, load, way):
    check, end = calibrate(tmp_path, original, monkeypatch)
    timeline = Timeline(monkeypatch)
    chance = random.Random(SEED)
    kinds, remainder = {}, 0
    for number in range(1, RANDOM_TRIALS + 1):
        workbook = fresh(tmp_path, original)
        prepared, save = saves.prepare_save(workbook, number)
        # a third over the whole refresh, the rest within a few milliseconds of the last check
        delay = chance.uniform(0, end * 1.2) if number % 3 == 0 else max(0.0, check + chance.uniform(-0.004, 0.004))
        timeline.times.clear()
        load.order(prepared, workbook, delay)
        refused = refreshed_or_refused(workbook)
        landed = load.landed()
        kind = saves.outcome(workbook, original, save, number, refused)
        if kind == "displaced":
            assert way == "no exchange" and in_the_documented_window(timeline, landed), \
                f"trial {number}: the save was displaced ({way}, landed {landed[1] - timeline.times['written']:+.4f} s)"
            remainder += 1
        kinds[kind] = kinds.get(kind, 0) + 1
    print(f"\n{way}: {RANDOM_TRIALS} trials, {kinds}; displaced in the documented window: {remainder}")
    assert kinds.get("refused", 0) >= RANDOM_TRIALS // 10, kinds  # the trials did hit the replacement


# --- a batch: trappen refresh MAPPE/ ------------------------------------------------------------------------

NAMES = ["a.xlsx", "b.xlsx", "c.xlsx", "d.xlsx"]


def fresh_folder(folder: Path, original: bytes) -> list[Path]:
    fresh(folder, original, NAMES[0])
    for name in NAMES[1:]:
        (folder / name).write_bytes(original)
    return [folder / name for name in NAMES]


def batch_outcomes(result, saved: dict[Path, tuple[int, bytes]], original: bytes) -> dict[str, int]:
    failed = {Path(path): message for path, message in result.failed}
    kinds = {}
    for workbook, (number, save) in saved.items():
        refused = workbook in failed
        if refused:
            assert "gemt af et andet program" in failed[workbook], failed[workbook]
        kind = saves.outcome(workbook, original, save, number, refused)
        kinds[kind] = kinds.get(kind, 0) + 1
    for workbook in set(map(Path, result.refreshed and [r.path for r in result.refreshed])) - set(saved):
        assert workbook.read_bytes() != original  # refreshed
    return kinds


@forked
@pytest.mark.parametrize("way, stage", [("exchange", "checked"), ("exchange", "swapped"),
                                        ("no exchange", "checked"), ("no exchange", "identified")])
def test_a_batch_keeps_each_save_at_each_stage(tmp_path, monkeypatch, original, way, stage):
    force(way, monkeypatch)
    paths = fresh_folder(tmp_path, original)
    saved = {}
    for number, workbook in enumerate(paths[1::2], start=1):
        prepared, save = saves.prepare_save(workbook, number)
        saved[workbook] = (number, save)

    def save_at(reached, target):  # runs in the batch's worker processes (forked with the hook)
        prepared = target.with_name(f"~trappen-save-{NAMES.index(target.name) // 2 + 1}.tmp")
        if reached == stage and target.name in ("b.xlsx", "d.xlsx") and prepared.exists():
            saves.land(prepared, target)

    monkeypatch.setattr(replacement, "stage_hook", save_at)
    result = batch.refresh_many(paths, processes=2)
    kinds = batch_outcomes(result, saved, original)
    assert kinds == {STAGES[way][stage]: 2}, kinds
    assert len(result.refreshed) == 4 - kinds.get("refused", 0)


def test_a_batch_with_saves_at_random_moments_on_a_busy_machine(tmp_path, original, load, way):
    paths = fresh_folder(tmp_path, original)
    started = time.monotonic()
    batch.refresh_many(paths, processes=2)
    duration = time.monotonic() - started
    chance, kinds = random.Random(SEED), {}
    for trial in range(BATCH_TRIALS):
        paths = fresh_folder(tmp_path, original)
        chosen = sorted(chance.sample(paths, 2), key=lambda p: p.name)
        saved, orders = {}, []
        for offset, workbook in enumerate(chosen):
            number = 2 * trial + offset + 1
            prepared, save = saves.prepare_save(workbook, number)
            saved[workbook] = (number, save)
            orders.append((chance.uniform(0.3, 1.1) * duration, prepared, workbook))
        for delay, prepared, workbook in sorted(orders, key=lambda o: o[0]):
            load.order(prepared, workbook, delay)
        result = batch.refresh_many(paths, processes=2)
        for _ in orders:
            load.landed()
        for kind, count in batch_outcomes(result, saved, original).items():
            if kind == "displaced":  # without the exchange: the documented remainder (not timed in workers)
                assert way == "no exchange", f"batch trial {trial}: a save was displaced"
            kinds[kind] = kinds.get(kind, 0) + count
    print(f"\nbatch, {way}: {BATCH_TRIALS} trials × 2 saves, {kinds}")


def test_the_folder_command_says_one_line_for_a_save_it_kept(tmp_path, monkeypatch, original):
    paths = fresh_folder(tmp_path, original)
    prepared, save = saves.prepare_save(paths[1], 1)

    def save_at(reached, target):
        if reached == "checked" and target.name == "b.xlsx" and prepared.exists():
            saves.land(prepared, target)

    monkeypatch.setattr(replacement, "stage_hook", save_at)
    result = cli("refresh", tmp_path, "--processer", "1")
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if "b.xlsx" in line and "gemt af et andet program" in line]
    assert len(lines) == 1, result.output
    assert saves.outcome(paths[1], original, save, 1, refused=True) == "refused"
