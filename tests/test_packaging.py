"""One installable name: everything installs under ``trappen``, nothing else at the top of site-packages."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIP = shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis",
                              "out", "*.xlsx", "*.pdf")


def test_the_wheel_holds_only_the_trappen_package_and_its_dist_info(tmp_path):
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=SKIP)  # build from a copy: the checkout stays clean
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w",
                            str(tmp_path / "wheel")], capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr[-3000:]
    (wheel,) = (tmp_path / "wheel").glob("trappen-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/", 1)[0] for name in names}
    assert {top for top in tops if not top.endswith(".dist-info")} == {"trappen"}
    assert len(tops) == 2
    for module in ("trappen/udfs/__init__.py", "trappen/addin/cli.py", "trappen/templates/build.py",
                   "trappen/templates/sheets/placements.py"):
        assert module in names
    # every module of the three folders, subpackages included (a package missing from pyproject's list would be
    # left out of the wheel while an editable install still finds it)
    for folder in ("udfs", "addin", "templates"):
        for module in (ROOT / folder).rglob("*.py"):
            assert f"trappen/{module.relative_to(ROOT).as_posix()}" in names, module
    assert not any(name.startswith("trappen/tests") or "/tests/" in name for name in names)


def test_from_another_folder_trappen_imports_and_the_bare_names_do_not(tmp_path):
    """An officer's own udfs.py beside a workbook can no longer replace our functions."""
    code = ("import importlib.util, trappen.udfs, trappen.addin.cli, trappen.templates.build\n"
            "print(trappen.udfs.PLACEMENTCOST.__module__)\n"
            "print([n for n in ('udfs', 'addin', 'templates') if importlib.util.find_spec(n) is not None])\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split("\n")[:2] == ["trappen.udfs", "[]"]


def test_an_officers_own_udfs_module_beside_the_workbook_does_not_shadow_ours(tmp_path):
    (tmp_path / "udfs.py").write_text("PLACEMENTCOST = 'not ours'\n", encoding="utf-8")
    code = "import trappen.udfs as u; print(u.placementcost(42, 957106))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert out.stdout.strip() == "40198452.0", out.stderr[-2000:]
