"""What the refresh's safety costs, and how fast a hostile file is refused.

Every figure is wall-clock time measured in one run of this script; every ratio is against a baseline
measured in the same run, A and B interleaved, median and range (min–max) over ``--repeat`` runs.

1. **The gate**: ``package.check()`` of the template (zip inspected member by member with capped
   inflation, CRC, every XML part parsed, relationships and names checked). Baseline: what a trusting
   reader does, ``zipfile`` reading every member and ``lxml`` parsing each XML part. Also shown: the gate as
   a share of a whole ``refresh.refresh()`` of the template (``--no-backup``, same run).
2. **The replacement**: ``replacement.replace()`` of the template (temporary file beside it, permissions,
   fsync, lock check, the workbook compared with the snapshot, the atomic exchange, what came out checked
   against the snapshot and kept as the backup generation, folder fsync; a backup copy and a rename where
   the system has no exchange).
   Baseline: the unsafe way, ``shutil.copyfile`` to a temporary name and ``os.replace`` (no backup, no sync).
3. **A zip bomb, whole process** (what an officer waits for): ``trappen refresh bomb.xlsx`` where the
   template carries one more member of 1 GiB of zeros (1 MB deflated). Baseline: ``trappen refresh`` of the
   template (``--no-backup``). Peak memory (RSS) of each process from ``os.wait4``.
4. **Saves displaced** (issue 20): ``--trials`` refreshes of a small workbook, each while another process
   saves it as Excel and sync clients do (a copy with one extra part renamed over it,
   ``tests/workbook/saves.py``) at a random moment in the second half of the refresh, where the
   replacement happens, with a third process keeping a core busy. Counted: saves displaced (neither in
   the workbook nor refused), refused, in. With the system's exchange and without it (forced, as on a file
   system without one), interleaved trial by trial. Run against a checkout from before issue 20 (only
   "uden exchange" applies there) for the old figure.

Run: ``python benchmarks/safety.py [--repeat R] [--trials T] [--only-saves]``
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing
os.environ.setdefault("TQDM_DISABLE", "1")

from lxml import etree  # noqa: E402

from tests.workbook import saves  # noqa: E402
from tests.workbook.faults import small_workbook  # noqa: E402
from trappen.addin.app import refresh  # noqa: E402
from trappen.addin.workbook import disk, replacement  # noqa: E402
from trappen.addin.workbook import gate as package  # noqa: E402
from trappen.addin.workbook.failures import WorkbookError  # noqa: E402
from trappen.templates.build import build  # noqa: E402


def trusting_read(path: Path) -> None:
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            data = zf.read(name)
            if name.endswith((".xml", ".rels")):
                etree.fromstring(data)


def unsafe_replace(path: Path, source: Path) -> None:
    temporary = path.with_name(path.name + ".tmp")
    shutil.copyfile(source, temporary)
    os.replace(temporary, path)


def interleaved(repeat: int, a, b) -> tuple[list[float], list[float]]:
    times_a, times_b = [], []
    for _ in range(repeat):
        for action, times in ((a, times_a), (b, times_b)):
            started = time.perf_counter()
            action()
            times.append(time.perf_counter() - started)
    return times_a, times_b


def process(arguments: list[str]) -> tuple[float, int, int]:
    """Seconds, exit code and peak RSS (bytes) of one ``trappen`` process."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "trappen.addin.cli", *arguments],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - started, child.returncode, usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)


def gigabyte_bomb(template: Path, target: Path) -> Path:
    shutil.copyfile(template, target)
    zeros = bytes(2**20)
    with zipfile.ZipFile(target, "a", zipfile.ZIP_DEFLATED) as zf, \
            zf.open(zipfile.ZipInfo("xl/media/image1.png"), "w", force_zip64=True) as member:
        for _ in range(1024):
            member.write(zeros)
    return target


def row(label: str, a: list[float], b: list[float], unit: float = 1e3, suffix: str = "ms") -> str:
    ma, mb = statistics.median(a), statistics.median(b)
    return (f"{label:<34} {ma * unit:8.1f} {suffix} ({min(a) * unit:.1f}–{max(a) * unit:.1f})   baseline "
            f"{mb * unit:8.1f} {suffix} ({min(b) * unit:.1f}–{max(b) * unit:.1f})   ratio {ma / mb:5.2f}")


def displaced_saves(trials: int) -> None:
    """Section 4: trial by trial, with the exchange and without, the outcome of a save during a refresh."""
    try:
        from trappen.addin.workbook import exchange
    except ImportError:  # a checkout from before issue 20: check and rename only
        exchange = None
    swap = getattr(exchange, "swap", None)

    def no_exchange(*_):
        raise exchange.Unsupported("forced by the benchmark")

    ways = {"uden exchange": no_exchange}
    if exchange is not None and exchange.method():
        ways = {f"med {exchange.method()}": swap, **ways}
    counts = {way: {} for way in ways}
    chance = random.Random(20)
    with tempfile.TemporaryDirectory() as folder, saves.busy_core(), saves.saver() as saver:
        folder = Path(folder)
        original = small_workbook(folder / "sagstal.xlsx").read_bytes()
        durations = []
        for _ in range(5):
            (folder / "sagstal.xlsx").write_bytes(original)
            started = time.monotonic()
            refresh.refresh(folder / "sagstal.xlsx", keep_backup=False)
            durations.append(time.monotonic() - started)
        duration = statistics.median(durations)
        for number in range(1, trials + 1):
            for way, swapping in ways.items():
                for entry in folder.iterdir():
                    entry.unlink()
                workbook = folder / "sagstal.xlsx"
                workbook.write_bytes(original)
                prepared, save = saves.prepare_save(workbook, number)
                if exchange is not None:
                    exchange.swap = swapping
                saver.order(prepared, workbook, chance.uniform(0.5, 1.05) * duration)
                try:
                    refresh.refresh(workbook)
                    refused = False
                except WorkbookError:
                    refused = True
                saver.landed()
                try:
                    kind = saves.outcome(workbook, original, save, number, refused)
                except AssertionError as broken:
                    kind = f"broken: {broken}"
                counts[way][kind] = counts[way].get(kind, 0) + 1
    if exchange is not None:
        exchange.swap = swap
    print(f"4. saves during a refresh ({trials} trials each, a core busy, refresh {duration * 1e3:.0f} ms):")
    for way, kinds in counts.items():
        print(f"   {way:<36} displaced {kinds.get('displaced', 0):3d}   refused {kinds.get('refused', 0):3d}   "
              f"in the workbook {kinds.get('saved after', 0) + kinds.get('read the save', 0):3d}   "
              + "   ".join(f"{k} {v}" for k, v in kinds.items() if k.startswith("broken")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--only-saves", action="store_true", help="section 4 only")
    arguments = parser.parse_args()
    repeat = arguments.repeat
    if arguments.only_saves:
        displaced_saves(arguments.trials)
        return
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        template = build(folder / "skabelon.xlsx")
        work = folder / "arbejde.xlsx"
        shutil.copyfile(template, work)
        refresh.refresh(work, keep_backup=False)  # start-up paid before timing

        gate, trusting = interleaved(repeat, lambda: package.check(template), lambda: trusting_read(template))
        print(row("1. package.check (gate)", gate, trusting))
        whole = []
        for _ in range(repeat):
            shutil.copyfile(template, work)
            started = time.perf_counter()
            refresh.refresh(work, keep_backup=False)
            whole.append(time.perf_counter() - started)
        print(f"{'   gate / whole template refresh':<34} {statistics.median(gate) / statistics.median(whole):.1%} "
              f"(refresh {statistics.median(whole) * 1e3:.0f} ms)")

        def safe():
            replacement.replace(work, lambda temporary: shutil.copyfile(template, temporary),
                                expected=disk.Snapshot.of(work))

        safe_times, unsafe_times = interleaved(repeat, safe, lambda: unsafe_replace(work, template))
        print(row("2. replacement.replace (+backup)", safe_times, unsafe_times))

        bomb = gigabyte_bomb(template, folder / "bombe.xlsx")
        bomb_runs, template_runs = [], []
        for _ in range(max(3, repeat // 5)):
            bomb_runs.append(process(["refresh", str(bomb)]))
            shutil.copyfile(template, work)
            template_runs.append(process(["refresh", str(work), "--no-backup"]))
        assert all(code == 1 for _, code, _ in bomb_runs) and all(code == 0 for _, code, _ in template_runs)
        print(row("3. trappen refresh bomb (1 GiB)", [s for s, _, _ in bomb_runs], [s for s, _, _ in template_runs],
                  unit=1, suffix="s "))
        print(f"{'   peak memory, bomb / template':<34} {max(m for *_, m in bomb_runs) / 2**20:.0f} MB / "
              f"{max(m for *_, m in template_runs) / 2**20:.0f} MB")
    displaced_saves(arguments.trials)


if __name__ == "__main__":
    main()
