"""The function library installs and works with numpy alone (xlwings Lite, notebooks); the rest is ``[app]``.

The wheel's metadata is read from a wheel built here; the imports of every module are read from its source
(so a new import is declared or this fails); and ``trappen.udfs`` is imported and run in a fresh process in
which the engine's, the command line's and the template builder's packages cannot be imported at all.
"""

from __future__ import annotations

import ast
import email
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
SKIP = shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis",
                              "out", "*.xlsx", "*.pdf", "tests")

#: What only the command line, the engine, the template and the classic add-in import (the "app" extra).
APP_PACKAGES = {"pandas", "formulas", "schedula", "lxml", "typer", "click", "rich", "xlsxwriter", "openpyxl",
                "xlwings"}
#: Import names that differ from the distribution's name.
DISTRIBUTION = {"yaml": "pyyaml"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    shutil.copytree(ROOT, source, ignore=SKIP)
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps",
                            "-q", "-w", str(tmp / "out")], capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr[-3000:]
    (found,) = (tmp / "out").glob("trappen-*.whl")
    assert found.name.endswith("-py3-none-any.whl")  # pure Python: micropip (Pyodide) installs it as it is
    return found


@pytest.fixture(scope="module")
def metadata(wheel):
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return email.message_from_bytes(archive.read(name))


def _requirements(metadata) -> list[Requirement]:
    return [Requirement(text) for text in metadata.get_all("Requires-Dist")]


def test_the_wheel_requires_numpy_only_and_puts_the_engine_behind_the_app_extra(metadata):
    requirements = _requirements(metadata)
    core = {r.name for r in requirements if r.marker is None}
    assert core == {"numpy"}
    app = {r.name for r in requirements if r.marker is not None and r.marker.evaluate({"extra": "app"})}
    assert app == APP_PACKAGES
    assert set(metadata.get_all("Provides-Extra")) >= {"app", "test", "server"}


def test_the_xlwings_pin_admits_the_version_lite_is_given(metadata):
    """addin/excel/lite_requirements.txt pins the xlwings Lite installs; the classic add-in's range admits it too."""
    (xlwings,) = [r for r in _requirements(metadata) if r.name == "xlwings"]
    lines = (ROOT / "addin" / "excel" / "lite_requirements.txt").read_text(encoding="utf-8").splitlines()
    (pinned,) = [Requirement(line) for line in lines if line.startswith("xlwings")]
    (version,) = [spec.version for spec in pinned.specifier]
    assert str(pinned.specifier) == f"=={version}"
    assert xlwings.specifier.contains(version)


def _third_party_imports(folder: Path) -> dict[str, set[str]]:
    """Top-level names of every absolute import in the folder's modules that is not the standard library."""
    found: dict[str, set[str]] = {}
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in {"trappen", "__future__"}:
                    found.setdefault(DISTRIBUTION.get(top, top), set()).add(str(path.relative_to(ROOT)))
    return found


def test_the_function_library_imports_numpy_and_nothing_else_outside_the_standard_library():
    """numpy; xlwings only where the registry asks a host that already has it for its decorators and where a
    failure becomes the host's error (host_errors, which also reaches pywin32's VARIANT under classic xlwings on
    Windows, where xlwings brings pywin32), each imported at call time."""
    imported = _third_party_imports(ROOT / "udfs")
    assert imported.pop("xlwings") == {"udfs/registry.py", "udfs/host_errors.py"}
    assert imported.pop(DISTRIBUTION.get("win32com", "win32com")) == {"udfs/host_errors.py"}
    assert set(imported) == {"numpy"}


def test_every_package_the_app_imports_is_declared(metadata):
    declared = {r.name for r in _requirements(metadata)}
    for folder in ("addin", "templates"):
        imported = _third_party_imports(ROOT / folder)
        assert set(imported) <= declared, {k: v for k, v in imported.items() if k not in declared}


BLOCKER = """
    import importlib.abc, sys
    BLOCKED = {blocked!r}

    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ModuleNotFoundError(f"No module named {{name!r}} (blocked: not a core dependency)")
            return None

    sys.meta_path.insert(0, Block())
"""


def test_trappen_udfs_imports_and_computes_every_example_without_the_app_packages():
    code = textwrap.dedent(BLOCKER.format(blocked=sorted(APP_PACKAGES | {"scipy"}))) + textwrap.dedent("""
        import numpy as np
        import trappen.udfs as udfs
        for name, spec in udfs.REGISTRY.items():
            outcome = spec.call(*spec.example.args)
            assert not isinstance(outcome, udfs.Failure), (name, outcome)
            np.testing.assert_allclose(np.ravel(np.asarray(outcome, dtype=float)),
                                       np.ravel(np.asarray(spec.example.result, dtype=float)),
                                       rtol=1e-9, atol=spec.example.tolerance + 1e-6)
        from trappen.addin.excel import lite  # what Lite's main.py imports
        assert list(lite.functions((lambda **kw: lambda f: f, lambda *a, **kw: lambda f: f,
                                    lambda **kw: lambda f: f))) == list(udfs.REGISTRY)
        print(len(udfs.REGISTRY), udfs.NETSAVING([[5.5]], [[-3.0]]).split(":")[0])
        try:
            import formulas  # noqa: F401
        except ModuleNotFoundError as error:
            print("blocked" in str(error))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT / "tests",
                         timeout=180)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.split() == [str(len(__import__("trappen.udfs").udfs.REGISTRY)), "#VALUE!", "savings", "True"]


def test_the_command_without_the_app_packages_says_what_to_install_in_one_danish_line():
    code = textwrap.dedent(BLOCKER.format(blocked=sorted(APP_PACKAGES))) + textwrap.dedent("""
        import sys
        from trappen.addin.__main__ import main
        sys.argv = ["trappen", "--help"]
        main()
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT / "tests",
                         timeout=120)
    assert out.returncode == 1
    assert out.stderr.strip().startswith("trappen: kommandolinjen mangler pakken ")
    assert 'pip install "trappen[app]"' in out.stderr and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_the_console_script_is_the_guarded_entry_point(metadata):
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts == {"trappen": "trappen.addin.__main__:main"}


def test_in_a_fresh_environment_the_wheel_brings_numpy_alone_and_the_functions_work(wheel, tmp_path):
    """A virtual environment without the system's packages: pip resolves the wheel's requirements itself."""
    environment = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(environment)], check=True, timeout=300)
    python = environment / ("Scripts/python.exe" if sys.platform.startswith("win") else "bin/python")
    installed = subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], capture_output=True,
                               text=True, timeout=600)
    assert installed.returncode == 0, installed.stderr[-3000:]
    listed = subprocess.run([str(python), "-m", "pip", "list", "--format=freeze", "--exclude-editable"],
                            capture_output=True, text=True, timeout=120).stdout
    packages = {line.split("==")[0].lower() for line in listed.split()} - {"pip", "setuptools", "wheel"}
    assert packages == {"numpy", "trappen"}
    code = ("import trappen.udfs as u; print(u.PLACEMENTCOST([[42]], [[957106]]), "
            "u.NETSAVING([[5.5]], [[-3.0]]).split(':')[0])")
    out = subprocess.run([str(python), "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert out.stdout.split() == ["40198452.0", "#VALUE!", "savings"], out.stderr[-2000:]
