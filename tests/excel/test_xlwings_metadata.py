"""What Excel's Insert Function dialog gets: xlwings' own Windows code builds our functions' metadata.

xlwings' ``@xw.func``/``@xw.arg``/``@xw.ret`` are no-ops off Windows, so this test imports the real
Windows implementation, ``xlwings/udfs.py``, with the pywin32 modules it imports stubbed out, decorates
our Excel twins with it exactly as on Windows, and checks the ``__xlfunc__`` metadata, the VBA wrapper
module that "Import Functions" writes into the workbook, and the ``Application.MacroOptions`` calls that
register the Danish descriptions.

It also checks the rule that decides when the twins are decorated at all (``registry.xlwings_decorators``):
``import trappen.udfs`` in a fresh process imports neither xlwings nor pandas, and when xlwings is imported
first, as classic xlwings on Windows does before it imports the UDF module, the twins carry xlwings' own
decorations (run in a fresh process with xlwings' Windows decorators in place of the Linux no-ops).
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import pytest

from trappen import udfs
from trappen.addin.excel.xlwings_setup import UDF_MODULE
from trappen.udfs import registry


class _ComError(Exception):
    pass


@pytest.fixture(scope="module")
def xlwings_windows_udfs():
    """``xlwings.udfs`` (the Windows UDF machinery) imported on Linux, pywin32 stubbed."""
    stubs = {
        "pythoncom": types.ModuleType("pythoncom"),
        "pywintypes": types.ModuleType("pywintypes"),
        "win32com": types.ModuleType("win32com"),
        "win32com.client": types.ModuleType("win32com.client"),
    }
    stubs["pythoncom"].CoInitialize = lambda: None
    stubs["pywintypes"].com_error = _ComError
    stubs["win32com.client"].Dispatch = lambda *a, **k: None
    stubs["win32com"].client = stubs["win32com.client"]
    saved = {name: sys.modules.get(name) for name in [*stubs, "xlwings.udfs"]}
    sys.modules.update(stubs)
    sys.modules.pop("xlwings.udfs", None)
    import xlwings.udfs as windows_udfs

    yield windows_udfs
    for name, module in saved.items():
        if module is None:
            sys.modules.pop(name, None)
        else:
            sys.modules[name] = module


@pytest.fixture(scope="module")
def udf_module(xlwings_windows_udfs):
    """A stand-in for ``trappen.udfs`` as Windows xlwings sees it: pure functions plus decorated twins."""
    w = xlwings_windows_udfs
    module = types.ModuleType(UDF_MODULE)
    for name, spec in udfs.REGISTRY.items():
        setattr(module, name.lower(), spec.python)
        setattr(module, name, registry.excel_twin(spec, (w.xlfunc, w.xlarg, w.xlret)))
    return module


def test_each_function_gets_its_excel_name_category_and_danish_help(udf_module):
    for name, spec in udfs.REGISTRY.items():
        meta = getattr(udf_module, name).__xlfunc__
        assert meta["name"] == name  # the VBA function name, as typed in Excel: =PLACEMENTCOST(...)
        assert meta["category"] == spec.category
        assert meta["ret"]["doc"] == spec.help and len(spec.help) <= 255
        assert not meta["sub"] and not meta["volatile"]
        assert [a["name"] for a in meta["args"]] == [a.name for a in spec.arguments]
        # heavy functions are not computed while Excel's Insert Function dialog is open
        assert meta["call_in_wizard"] == (not spec.heavy)
        for arg, xl in zip(spec.arguments, meta["args"], strict=True):
            assert xl["doc"].startswith(arg.help) and len(xl["doc"]) <= 255
            assert f"[{arg.unit}]" in xl["doc"] or len(arg.help) + len(arg.unit) + 3 > 255
            assert xl["options"] == {"ndim": 2, "err_to_str": True}
            assert xl["vararg"] == arg.repeating
            if arg.optional:
                assert xl["optional"] == arg.default
            else:
                assert "optional" not in xl
        # only the twin is an Excel function; the lower-case Python function is not decorated
        assert not hasattr(getattr(udf_module, name.lower()), "__xlfunc__")


def test_import_functions_writes_one_vba_wrapper_per_function(xlwings_windows_udfs, udf_module):
    class Workbook:
        Name = "investeringscase.xlsm"

    vba = io.StringIO()
    xlwings_windows_udfs.generate_vba_wrapper(UDF_MODULE, udf_module, vba, Workbook())
    text = vba.getvalue()
    declared = re.findall(r"^Function (\w+)\((.*)\)$", text, re.M)
    names = [name for name, _ in declared]
    assert sorted(names) == sorted(udfs.REGISTRY)
    assert len({n.lower() for n in names}) == len(names)  # VBA names are case-insensitive: no clashes
    signatures = dict(declared)
    assert signatures["PLACEMENTCOST"] == "counts, unit_prices, Optional price_growth, Optional years"
    assert signatures["NETSAVING"] == "investment, savings, ParamArray other_costs()"
    assert 'XLPy.CallUDF("trappen.udfs", "NETSAVING"' in text
    # the heavy functions return at once while the Insert Function dialog is open (xlwings' call_in_wizard)
    wizard = 'If (Not Application.CommandBars("Standard").Controls(1).Enabled) Then Exit Function'
    bodies = dict(re.findall(r"^Function (\w+)\(.*?\)$(.*?)^End Function", text, re.M | re.S))
    assert {name for name, body in bodies.items() if wizard in body} == {n for n, s in udfs.REGISTRY.items() if s.heavy}
    assert "Array(investment, savings)" in bodies["NETSAVING"]  # no reserved caller argument


def test_import_functions_registers_the_danish_descriptions(xlwings_windows_udfs, udf_module):
    calls = []

    class App:
        Version = "16.0"

        def MacroOptions(self, macro, **options):
            calls.append((macro, options))

    class Components:
        def __call__(self, name):
            raise _ComError("no such component")

        def Remove(self, component):  # pragma: no cover - not reached
            pass

        def Import(self, path):
            pass

    class Workbook:
        Name = "investeringscase.xlsm"
        Application = App()
        VBProject = types.SimpleNamespace(VBComponents=Components())

    xlwings_windows_udfs.udf_modules[UDF_MODULE] = {"filename": "udfs.py", "filetime": None, "module": udf_module}
    try:
        xlwings_windows_udfs.import_udfs(UDF_MODULE, Workbook())
    finally:
        xlwings_windows_udfs.udf_modules.pop(UDF_MODULE, None)
    by_name = {macro.split("!")[-1]: options for macro, options in calls}
    assert set(by_name) == set(udfs.REGISTRY)
    netsaving = by_name["NETSAVING"]
    assert netsaving["Description"] == udfs.REGISTRY["NETSAVING"].help
    assert netsaving["Category"] == "Trappen – investeringscase"
    assert netsaving["ArgumentDescriptions"][1].startswith("Besparelser pr. år som POSITIVE tal")
    # Danish letters travel unchanged (MacroOptions takes Unicode strings)
    assert by_name["ANNUALIZE"]["ArgumentDescriptions"][1].startswith("Opgørelsesdatoen")


def test_xlwings_imports_the_udf_module_by_its_dotted_name(xlwings_windows_udfs):
    """``UDF Modules = trappen.udfs``: xlwings' own loader imports the package and can watch its file."""
    assert UDF_MODULE == "trappen.udfs"
    try:
        module = xlwings_windows_udfs.get_udf_module(UDF_MODULE, None)
    finally:
        xlwings_windows_udfs.udf_modules.pop(UDF_MODULE, None)
    assert module is udfs and module.__file__.endswith("__init__.py")
    assert all(getattr(module, name) is spec.excel for name, spec in udfs.REGISTRY.items())


def test_a_bad_argument_shows_the_error_code_and_our_message_never_a_traceback():
    """Classic xlwings: the cell shows '#VALUE! argument: why — fix' as text (no Excel error values)."""
    cell = udfs.NETSAVING([[5.5, 5.5]], [[-3.0, -11.2]])
    assert cell.startswith("#VALUE! savings: -3 er negativ") and "\n" not in cell
    assert udfs.PAYBACKYEAR([[2.3, 1.3]], [[2018, 2019]]).startswith("#N/A net_by_year: det akkumulerede")
    assert udfs.CASELOAD([[770]], [[0]]).startswith("#DIV/0! advisers: er 0")
    # The text is rejected where another of our functions reads it: the error travels on.
    assert udfs.CUMULATIVE([[cell, 1.0]]).startswith("#VALUE! net_by_year: en celle indeholder fejlen #VALUE!")
    # A required argument left out (the headless engine passes what the formula gives) is named.
    assert udfs.NETSAVING([[5.5]]).startswith("#VALUE! savings: mangler")


def test_on_xlwings_server_a_bad_argument_raises_xlwings_error(monkeypatch):
    """xlwings Server/Lite show #VALUE! with the message on hover when the function raises XlwingsError."""
    import xlwings

    monkeypatch.setattr(xlwings, "on_server", True)
    with pytest.raises(xlwings.XlwingsError, match=r"#VALUE! savings: -3 er negativ"):
        udfs.NETSAVING([[5.5]], [[-3.0]])
    assert udfs.NETSAVING([[5.5]], [[3.0]]) == 2.5


# --- when the twins are decorated: only when xlwings will look for them ----------------------------------

def run_python(code: str, **env) -> subprocess.CompletedProcess:
    import os

    environment = {k: v for k, v in os.environ.items() if not k.startswith("XLWINGS_")} | env
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          env=environment, cwd=Path(__file__).parent, timeout=120)


def test_importing_trappen_udfs_imports_neither_xlwings_nor_pandas():
    """A headless start (trappen refresh, a notebook) pays for numpy only; the twins are plain functions."""
    out = run_python("""
        import sys
        import trappen.udfs as udfs
        print(sorted({"xlwings", "pandas"} & set(sys.modules)), hasattr(udfs.NETSAVING, "__xlfunc__"))
        print(udfs.NETSAVING([[5.5]], [[3.0]]), udfs.NETSAVING([[5.5]], [[-3.0]]).split(";")[0])
    """)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["[] False", "2.5 #VALUE! savings: -3 er negativ"], out.stdout


def test_with_xlwings_imported_first_the_twins_carry_xlwings_decorations():
    """Classic xlwings on Windows imports xlwings, then ``UDF Modules``: ``xw.func`` is then xlwings' Windows
    ``xlfunc``. Here xlwings' Windows decorators (pywin32 stubbed) stand in for it, in a fresh process."""
    out = run_python("""
        import sys, types
        for name in ("pythoncom", "pywintypes", "win32com", "win32com.client"):
            sys.modules[name] = types.ModuleType(name)
        sys.modules["pythoncom"].CoInitialize = lambda: None
        sys.modules["pywintypes"].com_error = Exception
        sys.modules["win32com.client"].Dispatch = lambda *a, **k: None
        import xlwings
        import xlwings.udfs as windows
        xlwings.func, xlwings.arg, xlwings.ret = windows.xlfunc, windows.xlarg, windows.xlret
        import trappen.udfs as udfs
        meta = udfs.NETSAVING.__xlfunc__
        print(meta["name"], meta["category"], [a["name"] for a in meta["args"]], meta["args"][0]["options"])
        print(all(hasattr(getattr(udfs, name), "__xlfunc__") for name in udfs.REGISTRY),
              udfs.TRAPPENFEJL.__xlfunc__["args"][0]["options"])
    """)
    assert out.returncode == 0, out.stderr
    first, every = out.stdout.splitlines()
    assert first == ("NETSAVING Trappen – investeringscase ['investment', 'savings', 'other_costs'] "
                     "{'ndim': 2, 'err_to_str': True}")
    assert every == "True {'convert': 'range'}"


def test_a_stray_xlwings_server_setting_without_a_licence_does_not_stop_the_import():
    """XLWINGS_ON_SERVER=true asks for the server's decorators; without a licence key xlwings cannot be
    imported, and trappen.udfs still imports (undecorated) instead of failing in every headless start."""
    out = run_python("import trappen.udfs as udfs; print(udfs.NETSAVING([[5.5]], [[3.0]]))",
                     XLWINGS_ON_SERVER="true", HOME="/nonexistent")
    assert out.returncode == 0 and out.stdout.strip() == "2.5", out.stderr[-2000:]
