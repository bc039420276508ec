"""xlwings Lite: the workbook's main.py (addin/excel/lite_main.py) registers every function with its Danish
help and shows errors as errors.

Run under CPython with xlwings' own server-side code, the code xlwings Lite runs in Pyodide: with
``XLWINGS_ON_SERVER=true`` ``from xlwings import func, arg, ret`` are the decorators of
``xlwings.pro.udfs_officejs``, ``custom_functions_meta`` builds the metadata Lite registers with Excel and
``custom_functions_call`` runs a call the way Lite does (arguments as 2-D lists, one per parameter, a
repeating parameter as a list of them). That code needs an xlwings key on CPython (Lite needs none); the test
process uses xlwings' ``noncommercial`` key, which the PolyForm Noncommercial licence of xlwings PRO grants
to government institutions. What cannot run here: Pyodide itself (see tools/pyodide/), Excel's JavaScript
side that turns the raised error into ``#VALUE!`` with the message on hover, and the registration in Excel.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import ROOT
from trappen import udfs
from trappen.templates.acceptance import range_shape

MAIN = ROOT / "addin" / "excel" / "lite_main.py"
REQUIREMENTS = ROOT / "addin" / "excel" / "lite_requirements.txt"

HARNESS = """
    import asyncio, json, math, sys
    import importlib.util
    import xlwings
    import xlwings.server as server

    spec = importlib.util.spec_from_file_location("main", {main!r})
    main = importlib.util.module_from_spec(spec)
    sys.modules["main"] = main
    spec.loader.exec_module(main)

    def call(name, *args):
        data = {{"func_name": name, "args": list(args), "version": xlwings.__version__, "client": "Office.js",
                "caller_address": "Ark1!A1", "runtime": "1.4"}}
        try:
            return {{"result": asyncio.run(server.custom_functions_call(data, main))}}
        except xlwings.XlwingsError as error:
            return {{"error": type(error).__name__, "message": str(error)}}

    out = {{"meta": server.custom_functions_meta(main), "calls": {{}}}}
    for label, (name, args) in json.loads(sys.stdin.read()).items():
        out["calls"][label] = call(name, *args)
    print(json.dumps(out))
"""


def as_matrix(value, shape=None):
    """What Lite sends for one argument: a 2-D list in the shape of the formula's range (a list is one row
    when the formula gives no range of its size; a scalar is 1 × 1)."""
    if isinstance(value, (list, tuple)):
        if value and isinstance(value[0], (list, tuple)):
            return [list(row) for row in value]
        if shape is not None and shape[0] * shape[1] == len(value) and shape[0] > 1:
            return [list(value[r * shape[1]:(r + 1) * shape[1]]) for r in range(shape[0])]
        return [list(value)]
    return [[value]]


def lite_args(spec, args):
    """The example's positional arguments as Lite passes them: repeating ones gathered in one list."""
    references = spec.example.formula[len(spec.name) + 2:-1].split(";")
    shapes = [range_shape(r) for r in references] + [None] * len(args)
    fixed = [a for a in spec.arguments if not a.repeating]
    values = [as_matrix(v, shapes[k]) for k, v in enumerate(args[:len(fixed)])]
    if any(a.repeating for a in spec.arguments):
        values.append([as_matrix(v, shapes[len(fixed) + k]) for k, v in enumerate(args[len(fixed):])])
    return values


@pytest.fixture(scope="module")
def lite(tmp_path_factory):
    calls = {name: (name, lite_args(spec, spec.example.args)) for name, spec in udfs.REGISTRY.items()}
    # An error in an input cell arrives from Excel as an error entity (Office.js custom functions' data type)
    error_cell = {"type": "Error", "basicValue": "#DIV/0!", "errorType": "Div0"}
    bad = {"NETSAVING": ("NETSAVING", [[[5.5, 5.5]], [[-3.0, -11.2]]]), "CASELOAD": ("CASELOAD", [[[770]], [[0]]]),
           "PAYBACKYEAR": ("PAYBACKYEAR", [[[2.3, 1.3]], [[2018, 2019]]]),
           "ERROR_CELL": ("NETSAVING", [[[5.5, 5.5]], [[3.0, error_cell]]]),
           "EMPTY_CELL": ("NETSAVING", [[[5.5, 5.5]], [[3.0, ""]]])}
    environment = {k: v for k, v in os.environ.items() if not k.startswith("XLWINGS_")}
    environment |= {"XLWINGS_ON_SERVER": "true", "XLWINGS_LICENSE_KEY": "noncommercial",
                    "HOME": str(tmp_path_factory.mktemp("home"))}
    results = {}
    for label, batch in (("examples", calls), ("bad", bad)):
        out = subprocess.run([sys.executable, "-c", textwrap.dedent(HARNESS.format(main=str(MAIN)))],
                             input=json.dumps(batch), capture_output=True, text=True, env=environment,
                             cwd=tmp_path_factory.mktemp("cwd"), timeout=300)
        assert out.returncode == 0, out.stderr[-3000:]
        results[label] = json.loads(out.stdout)
    return results


def test_main_registers_every_function_under_its_excel_name_with_the_danish_help(lite):
    functions = {f["name"]: f for f in lite["examples"]["meta"]["functions"]}
    assert set(functions) == set(udfs.REGISTRY)
    for name, spec in udfs.REGISTRY.items():
        meta = functions[name]
        assert meta["description"] == spec.help
        assert [p["name"] for p in meta["parameters"]] == [a.name for a in spec.arguments]
        for parameter, argument in zip(meta["parameters"], spec.arguments, strict=True):
            assert parameter["description"].startswith(argument.help)
            assert parameter.get("optional", False) == argument.optional
            assert parameter.get("repeating", False) == argument.repeating
            assert parameter["dimensionality"] == "matrix"
        assert meta["result"] == {"dimensionality": "matrix", "type": "any"}  # spills


def test_each_example_computes_through_lites_call_path(lite):
    import numpy as np

    for name, spec in udfs.REGISTRY.items():
        outcome = lite["examples"]["calls"][name]
        assert "result" in outcome, (name, outcome)
        np.testing.assert_allclose(np.ravel(np.asarray(outcome["result"], dtype=float)),
                                   np.ravel(np.asarray(spec.example.result, dtype=float)),
                                   rtol=1e-9, atol=spec.example.tolerance + 1e-6, err_msg=name)


def test_a_bad_argument_is_raised_as_lites_error_with_the_one_line_danish_message(lite):
    calls = lite["bad"]["calls"]
    assert calls["NETSAVING"]["error"] == "XlwingsError"
    assert calls["NETSAVING"]["message"].startswith("#VALUE! savings: -3 er negativ")
    assert calls["CASELOAD"]["message"].startswith("#DIV/0! advisers: er 0")
    assert calls["PAYBACKYEAR"]["message"].startswith("#N/A net_by_year: det akkumulerede")
    # an error in an input cell is never read as a number or as empty: the error travels on
    assert calls["ERROR_CELL"]["message"].startswith("#VALUE! savings: en celle indeholder fejlen #DIV/0!")
    errors = [c for c in calls.values() if "error" in c]
    assert all("\n" not in c["message"] and "Traceback" not in c["message"] for c in errors)


def test_an_empty_cell_from_lite_is_an_empty_cell(lite):
    """Office.js sends an empty cell as "" (or null): the adapter's empty cell, 0 in a savings row."""
    assert lite["bad"]["calls"]["EMPTY_CELL"] == {"result": [[2.5, 5.5]]}


def test_main_lists_nothing_by_hand():
    """main.py reads the registry; no function name is typed there a second time."""
    text = MAIN.read_text(encoding="utf-8")
    assert not [name for name in udfs.REGISTRY if name in text]


def test_requirements_name_the_wheel_of_this_version():
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    lines = REQUIREMENTS.read_text(encoding="utf-8").splitlines()
    (wheel,) = [line for line in lines if "trappen" in line]
    assert wheel.endswith(f"/trappen-{version}-py3-none-any.whl")


# --- one path: Lite's functions are the registry's twins for an Office.js host ---------------------------

def _no_op_decorators():
    """Decorators that decorate nothing, from no xlwings module (what a host unknown to the registry hands over)."""
    return (lambda **kw: lambda f: f, lambda *a, **kw: lambda f: f, lambda **kw: lambda f: f)


def test_lites_functions_are_the_registrys_twins_for_office_js_and_a_failure_raises_xlwings_error():
    import xlwings

    from trappen.addin.excel import lite
    from trappen.udfs import registry

    made = lite.functions(_no_op_decorators())
    assert list(made) == list(udfs.REGISTRY)
    assert made["CASELOAD"](770, 32) == 24.0625
    with pytest.raises(xlwings.XlwingsError, match=r"^#DIV/0! advisers: er 0") as raised:
        made["CASELOAD"](770, 0)
    assert "\n" not in str(raised.value)
    # the same twin the registry makes for xlwings Server; without a host, unknown decorators keep the text
    server_twin = registry.excel_twin(udfs.REGISTRY["CASELOAD"], _no_op_decorators(), host=registry.OFFICE_JS)
    with pytest.raises(xlwings.XlwingsError, match=r"^#DIV/0! advisers: er 0"):
        server_twin(770, 0)
    assert registry.excel_twin(udfs.REGISTRY["CASELOAD"], _no_op_decorators())(770, 0).startswith("#DIV/0! advisers")


def test_the_registry_knows_each_host_by_its_decorators():
    from trappen.udfs import registry

    def decorator_from(module):
        function = lambda **kw: lambda f: f  # noqa: E731
        function.__module__ = module
        return (function, function, function)

    assert registry.host_of(decorator_from("xlwings.udfs")) == registry.CLASSIC
    assert registry.host_of(decorator_from("xlwings.pro.udfs_officejs")) == registry.OFFICE_JS
    assert registry.host_of(decorator_from("xlwings")) is None  # xlwings' no-op decorators on Linux and Mac


def test_one_place_makes_xlwings_error_and_one_function_decorates_a_twin():
    """Only host_errors turns a failure into XlwingsError; only the registry applies xlwings' decorators, and
    nothing outside it reaches for its private helpers."""
    sources = {path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8")
               for folder in ("udfs", "addin") for path in (ROOT / folder).rglob("*.py")}
    assert [name for name, text in sources.items() if "XlwingsError(" in text] == ["udfs/host_errors.py"]
    assert [name for name, text in sources.items() if "_decorate_for_xlwings" in text] == ["udfs/registry.py"]
    private = re.compile(r"registry\._|from trappen\.udfs\.registry import [^\n]*\b_")
    assert [name for name, text in sources.items() if private.search(text)] == []
