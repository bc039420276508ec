"""Excel's call path under test: every function through classic xlwings' own code, with what pywin32 delivers.

Each call goes in where Excel's VBA wrapper hands it to Python, ``xlwings.com_server.XLPython.CallUDF``,
and runs xlwings' real Windows code from there (``xlwings.udfs.call_udf``: the calling cell, the
"missing argument" marker, ``conversion.read`` with ``ndim=2, err_to_str=True`` and
``_xlwindows.Engine.clean_value_data``, our twin (which finds the calling cell in ``call_udf``'s frame for
TRAPPENFEJL), ``conversion.write`` with ``prepare_xl_data_element``,
CallUDF's unwrapping of a 1 × 1 or 1 × n result). The arguments are the values pywin32 delivers for
Excel's cells: floats for numbers, ``int`` scodes for error values, ``bool``, ``None`` for an empty cell,
``str``, ``pywintypes`` datetimes, ``Decimal`` for currency-formatted cells, tuples of row tuples for a
range of values, ``-2147352572`` (DISP_E_PARAMNOTFOUND) for an omitted optional argument.

What cannot run on Linux, and is therefore not exercised here (a tester with Windows Excel checks it: a
bad input shows Excel's own #VÆRDI!/#DIVISION/0!/#I/T, ER.FEJL of it is SAND, =TRAPPENFEJL(cell) shows the
message, a #SPILL! or currency-formatted input behaves as tested here):

* pywin32's C++ conversion between variants and Python objects (``oleargs.cpp``), in both directions; the
  stand-ins in ``tests/xlwings_windows.py`` deliver what its source says it delivers, and the returned
  ``VARIANT`` is checked to carry exactly the two attributes pywin32 reads (``varianttype``, ``value``);
* the VBA wrapper (``NAME = XLPy.CallUDF(...)``) returning that variant to the cell, and Excel showing it;
* an argument that is a range reference: Excel then passes a COM ``Range`` whose ``.Value`` xlwings reads
  (``ReadValueFromRangeStage``); here the values come directly, as they do for an expression
  (``F18:F24/1e6``) or a constant, through the same cleaning stage;
* the COM calls that read the calling cell's workbook, sheet and address (stand-in objects here).

The server/Lite path (``XLWINGS_ON_SERVER=true``, xlwings' Office.js decorators and
``custom_functions_call``) runs at the end, in a fresh process.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
import types
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

from trappen import udfs
from trappen.udfs import host_errors, registry

from .xlwings_windows import ComCell, windows_xlwings

MISSING = -2147352572  # DISP_E_PARAMNOTFOUND: VBA's "argument omitted", as xlwings' call_udf tests for it

#: Every error value Excel can hand over, as pywin32 delivers it: its scode (0x800A0000 + XlCVError number).
SCODES = {code: host_errors.COM_ERROR_BASE + number for code, number in host_errors.ERROR_NUMBERS.items()}


def test_the_scodes_are_excels():
    """The seven codes xlwings itself knows (``_xlwindows.cell_errors``) and Microsoft's XlCVError numbers."""
    assert SCODES["#DIV/0!"] == -2146826281 and SCODES["#N/A"] == -2146826246
    assert SCODES["#NAME?"] == -2146826259 and SCODES["#NULL!"] == -2146826288
    assert SCODES["#NUM!"] == -2146826252 and SCODES["#REF!"] == -2146826265
    assert SCODES["#VALUE!"] == -2146826273 and SCODES["#SPILL!"] == -2146826243
    assert SCODES["#CALC!"] == -2146826238 and SCODES["#GETTING_DATA"] == -2146826245
    assert SCODES["#CONNECT!"] == -2146826242 and SCODES["#BLOCKED!"] == -2146826241
    assert SCODES["#UNKNOWN!"] == -2146826240 and SCODES["#FIELD!"] == -2146826239
    with windows_xlwings() as w:
        assert {SCODES[code]: code for code in w.xlwindows.cell_errors.values()} == w.xlwindows.cell_errors


@pytest.fixture(scope="module")
def excel():
    """A Windows xlwings with ``trappen.udfs`` as its UDF module, decorated by xlwings' own Windows code."""
    with windows_xlwings() as w:
        decorators = (w.udfs.xlfunc, w.udfs.xlarg, w.udfs.xlret)
        module = types.ModuleType("trappen.udfs")
        for name, spec in udfs.REGISTRY.items():
            setattr(module, name, registry.excel_twin(spec, decorators))
        module.TRAPPENFEJL = registry.error_message_function(decorators)
        w.udfs.udf_modules["trappen.udfs"] = {"filename": "udfs.py", "filetime": None, "module": module}
        server = w.com_server.XLPython()
        cells = iter(range(1, 10**6))

        def call(name, *args, cell=None):
            """``=NAME(args)`` in ``cell`` (a new cell each call unless given), through CallUDF."""
            caller = cell or ComCell(f"B{next(cells)}")
            twin = getattr(module, name)
            given = list(args)
            if name in udfs.REGISTRY:
                declared = [a for a in udfs.REGISTRY[name].arguments if not a.repeating]
                # VBA passes every declared argument; an omitted Optional one as DISP_E_PARAMNOTFOUND
                given += [MISSING for a in declared[len(given):] if a.optional]
            assert hasattr(twin, "__xlfunc__")
            return w.com_server.XLPython.CallUDF(server, "trappen.udfs", name, tuple(given), None, caller)

        host_errors.LOG.clear()
        yield types.SimpleNamespace(call=call, module=module, w=w)
        w.udfs.udf_modules.pop("trappen.udfs", None)


def com(value):
    """A Python example argument as pywin32 delivers it: numbers as floats, a list as a column of cells."""
    if isinstance(value, (list, tuple)):
        return tuple((com(v),) for v in value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return float(value)
    return value


def com_args(spec):
    args = [com(a) for a in spec.example.args]
    if spec.name == "ANNUALIZE":  # the as-of date: a date cell arrives as pywintypes' datetime
        from .xlwings_windows import TimeType

        args[1] = TimeType(2018, 6, 13)  # serial 43264, the example's date
    return args


def python_form(args):
    """The same arguments in a Python call: tuples as lists, a pywintypes date as a plain datetime."""
    out = []
    for a in args:
        if isinstance(a, tuple):
            a = [list(row) for row in a]
        elif isinstance(a, dt.datetime):
            a = dt.datetime(a.year, a.month, a.day)
        out.append(a)
    return out


def flat(result):
    return np.asarray(result, dtype=float).ravel()


def is_error(result, code="#VALUE!"):
    return (type(result).__name__ == "VARIANT" and result.varianttype == host_errors.VT_ERROR
            and result.value == SCODES[code])


@pytest.mark.parametrize("name", list(udfs.REGISTRY))
def test_each_function_gives_its_example_through_xlwings_com_path(excel, name):
    spec = udfs.REGISTRY[name]
    result = excel.call(name, *com_args(spec))
    expected = np.asarray(spec.example.result, dtype=float)
    assert not isinstance(result, str), result
    close = dict(rtol=max(spec.example.tolerance, 1e-12), atol=1e-9)
    # the example's lists arrive here as columns: a result by year then spills down instead of across
    assert np.allclose(flat(result), expected.ravel(), **close) or \
        np.allclose(np.asarray(result, dtype=float).T.ravel(), expected.ravel(), **close), result
    # the spill: the shape the function returns, as CallUDF returns it (1 × 1 a value, 1 × n one row)
    returned = np.asarray(spec.python(*python_form(com_args(spec))), dtype=float)
    if returned.size == 1:
        assert type(result) in (float, int)  # an int (a year) reaches the cell as a number (VT_I4)
    elif returned.ndim == 2 and min(returned.shape) > 1:
        assert np.shape(result) == returned.shape
    else:
        assert np.asarray(result).size == returned.size


def _replace_first_cell(args, value):
    """The arguments with the first cell of the first argument replaced by ``value``."""
    args = list(args)
    first = args[0]
    if isinstance(first, tuple):
        rows = [list(row) for row in first]
        rows[0][0] = value
        args[0] = tuple(tuple(row) for row in rows)
    else:
        args[0] = value
    return args


@pytest.mark.parametrize("code", list(SCODES))
@pytest.mark.parametrize("name", list(udfs.REGISTRY))
def test_an_error_value_in_an_argument_is_an_error_value_in_the_cell_never_a_number(excel, name, code):
    """pywin32 delivers every error value as an int; xlwings makes seven of them text. Either way: VT_ERROR."""
    spec = udfs.REGISTRY[name]
    cell = ComCell("C9", sheet="Investeringscase")
    result = excel.call(name, *_replace_first_cell(com_args(spec), SCODES[code]), cell=cell)
    assert is_error(result), result
    message = host_errors.LOG.message(("investeringscase.xlsx", "Investeringscase", "$C$9"))
    assert message.startswith(f"#VALUE! {spec.arguments[0].name}: en celle indeholder fejlen {code}"), message


def test_an_unknown_error_code_is_still_an_error(excel):
    result = excel.call("NETSAVING", ((5.5, 5.5),), ((3.0, -2146826254),), cell=ComCell("D4"))
    assert is_error(result)
    message = host_errors.LOG.message(("investeringscase.xlsx", "Anbringelser", "D4"))
    assert "en celle indeholder fejlen en Excel-fejl (kode -2146826254)" in message


@pytest.mark.parametrize("name", list(udfs.REGISTRY))
def test_currency_cells_compute_as_numbers(excel, name):
    """pywin32 gives a cell formatted as Valuta/Regnskab as Decimal (VT_CY): the same result as the float."""
    spec = udfs.REGISTRY[name]
    args = com_args(spec)
    first = args[0][0][0] if isinstance(args[0], tuple) else args[0]
    as_decimal = excel.call(name, *_replace_first_cell(args, Decimal(str(first))))
    assert np.array_equal(flat(as_decimal), flat(excel.call(name, *args)))


@pytest.mark.parametrize("kind, value", [("bool", True), ("text", "1.234,5"), ("date", dt.datetime(2018, 6, 13))])
@pytest.mark.parametrize("name", list(udfs.REGISTRY))
def test_text_logicals_and_dates_in_a_number_argument_are_errors(excel, name, kind, value):
    spec = udfs.REGISTRY[name]
    if kind == "date":
        from .xlwings_windows import TimeType

        value = TimeType(2018, 6, 13)
    result = excel.call(name, *_replace_first_cell(com_args(spec), value))
    assert is_error(result), (kind, result)


@pytest.mark.parametrize("name", list(udfs.REGISTRY))
def test_an_empty_cell_gives_what_python_gives_for_none(excel, name):
    """None (an empty cell) follows each function's empty-cell rule, exactly as a Python call with None does."""
    spec = udfs.REGISTRY[name]
    args = com_args(spec)
    through_excel = excel.call(name, *_replace_first_cell(args, None))
    python_args = python_form(_replace_first_cell(args, None))
    outcome = spec.call(*python_args)
    if isinstance(outcome, registry.Failure):
        assert is_error(through_excel, outcome.code), (through_excel, outcome)
    else:
        assert np.allclose(flat(through_excel), flat(outcome), equal_nan=True)


def test_the_error_code_is_the_failures(excel):
    """#DIV/0!, #N/A and #NUM! arrive as those errors, not all as #VALUE!."""
    assert is_error(excel.call("CASELOAD", 770.0, 0.0), "#DIV/0!")
    assert is_error(excel.call("PAYBACKYEAR", ((2.3, 1.3),), ((2018.0, 2019.0),)), "#N/A")
    assert is_error(excel.call("CASELOAD", 1e308, 1e-308), "#NUM!")
    assert is_error(excel.call("PLACEMENTCOST", ((1.0,), (2.0,)), ((3.0,),)), "#VALUE!")  # sizes differ


def test_a_returned_error_is_the_variant_pywin32_converts(monkeypatch):
    """What pywin32's ``MaybeExtractPyVariant`` reads: an instance of win32com.client.VARIANT with
    ``varianttype`` VT_ERROR (10) and ``value`` the scode. (pywin32 then writes DISP_E_PARAMNOTFOUND for any
    VT_ERROR value, oleargs.cpp ``MakeObjToVariant``: which error Excel shows is a check for Windows.) With
    TRAPPEN_FEJL_SOM_TEKST=1 the cell gets the text instead."""
    with windows_xlwings() as w:
        failure = registry.Failure("#N/A", "net_by_year: ...")
        variant = host_errors.com_error(failure)
        assert isinstance(variant, w.VARIANT)
        assert (variant.varianttype, variant.value) == (10, -2146826246)
        monkeypatch.setenv(host_errors.TEXT_SWITCH, "1")
        assert host_errors.com_error(failure) == "#N/A net_by_year: ..."


def test_omitted_optional_arguments_take_their_defaults(excel):
    """VBA passes DISP_E_PARAMNOTFOUND (an int) for an omitted argument; xlwings puts the Python default in
    its place, which may be an int (horizon=4): that is a default, not an error value."""
    spec = udfs.REGISTRY["BREAKEVENFALL"]
    args = com_args(spec)[:6]  # the case and the type: horizon (default 4) and the rest omitted
    result = excel.call("BREAKEVENFALL", *args)
    # Python says: even a fall to 0 does not pay back within 4 years (#N/A); an int default read as an
    # error value would have said #VALUE!
    assert spec.call(*spec.example.args[:6]).code == "#N/A" and is_error(result, "#N/A")
    spec = udfs.REGISTRY["TORNADO"]
    result = excel.call("TORNADO", *com_args(spec)[:7])  # horizon=4, present_value=False ... omitted
    assert np.allclose(flat(result), flat(spec.call(*spec.example.args[:7])))
    assert np.isclose(excel.call("PRESENTVALUE", ((100.0, 100.0),), 0.1), 190.9090909090909)


def test_trappenfejl_shows_the_message_of_the_failing_cell(excel):
    cell = ComCell("B57", sheet="Anbringelser")
    assert is_error(excel.call("SPILLOVER", -1.0, 2.0, cell=cell))
    cell.Value = SCODES["#VALUE!"]  # what the cell now holds, as pywin32 reads it
    message = excel.call("TRAPPENFEJL", ComCell("B57", SCODES["#VALUE!"], sheet="Anbringelser"))
    assert message.startswith("#VALUE! home_share: 2 er over 1 — "), message
    # a cell without an error has no message; an error from elsewhere says where to look
    assert excel.call("TRAPPENFEJL", ComCell("B58", 3.5)) == ""
    elsewhere = excel.call("TRAPPENFEJL", ComCell("B7", SCODES["#VALUE!"], sheet="Investeringscase"))
    assert elsewhere.startswith("B7: fejlen opstår ikke i en af Trappens funktioner")


def test_trappenfejl_is_an_excel_function_with_danish_help(excel):
    meta = excel.module.TRAPPENFEJL.__xlfunc__
    assert meta["name"] == "TRAPPENFEJL" and meta["category"] == "Trappen – fejlsøgning"
    assert meta["args"][0]["options"] == {"convert": "range"} and meta["ret"]["doc"].startswith("Viser fejl")


def test_numbers_never_become_error_values_and_a_spill_is_a_list_of_rows(excel):
    result = excel.call("INVESTMENTCASE", *com_args(udfs.REGISTRY["INVESTMENTCASE"]))
    assert isinstance(result, list) and all(isinstance(row, list) for row in result)
    assert all(type(v) is float for row in result for v in row)


# --- xlwings Server / Lite: the Office.js decorators and custom_functions_call -------------------------

SERVER = """
import asyncio, json, sys
import xlwings, xlwings.server as server
import trappen.udfs as udfs

examples = json.loads(sys.argv[1])
out = {}
def payload(name, args):
    return {"func_name": name, "args": args, "version": xlwings.__version__, "client": "Office.js",
            "caller_address": "Ark1!B2", "formula_name": name, "culture_info_name": "da-DK",
            "date_format": "dd-mm-yyyy", "runtime": "1.4"}
for name, args in examples.items():
    out[name] = asyncio.run(server.custom_functions_call(payload(name, args), udfs))
try:
    asyncio.run(server.custom_functions_call(payload("SPILLOVER", [[[-1.0]], [[2.0]]]), udfs))
except xlwings.XlwingsError as error:
    out["error"] = str(error)
error_cell = {"type": "Error", "basicValue": "#SPILL!", "errorType": "Spill"}
try:
    asyncio.run(server.custom_functions_call(payload("CUMULATIVE", [[[1.0, error_cell]]]), udfs))
except xlwings.XlwingsError as error:
    out["spill"] = str(error)
meta = server.custom_functions_meta(udfs)
out["meta"] = sorted(f["name"] for f in meta["functions"])
print(json.dumps(out))
"""


def _office(value):
    """A Python example argument as Office.js sends it: every argument a 2-D list."""
    if isinstance(value, (list, tuple)):
        return [[v if v is None else float(v)] for v in value]
    return [[None if value is None else float(value)]]


def test_server_and_lite_decorators_compute_the_examples_and_raise_the_message():
    examples = {}
    for name, spec in udfs.REGISTRY.items():
        args = [_office(a) for a in spec.example.args]
        fixed = sum(1 for a in spec.arguments if not a.repeating)
        if fixed < len(spec.arguments):  # Office.js sends a repeating argument as one list of its values
            args = [*args[:fixed], args[fixed:]]
        examples[name] = args
    env = {k: v for k, v in os.environ.items() if not k.startswith("XLWINGS_")}
    env |= {"XLWINGS_ON_SERVER": "true", "XLWINGS_LICENSE_KEY": "noncommercial"}
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(SERVER), json.dumps(examples)],
                         capture_output=True, text=True, env=env, cwd=Path(__file__).parent, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    results = json.loads(out.stdout.splitlines()[-1])
    for name, spec in udfs.REGISTRY.items():
        got = np.asarray(results[name], dtype=float)
        expected = np.asarray(spec.example.result, dtype=float).ravel()
        close = dict(rtol=max(spec.example.tolerance, 1e-12), atol=1e-9)
        assert np.allclose(got.ravel(), expected, **close) or np.allclose(got.T.ravel(), expected, **close), name
    assert results["error"].startswith("#VALUE! home_share: 2 er over 1")
    assert results["spill"].startswith("#VALUE! net_by_year: en celle indeholder fejlen #SPILL!")
    assert results["meta"] == sorted(udfs.REGISTRY)  # TRAPPENFEJL is classic xlwings' only


def test_decimal_is_a_number_and_an_int_is_a_number_outside_the_com_path():
    """Python callers and the headless engine may pass ints as numbers; Decimal is a number everywhere."""
    from trappen.udfs import inputs

    assert udfs.placementcost([Decimal("42")], [Decimal("957106")]) == udfs.placementcost([42.0], [957106.0])
    assert udfs.CASELOAD(770, 32) == 24.0625
    with inputs.com_values():
        with pytest.raises(udfs.TrappenError, match="en celle indeholder fejlen #DIV/0!"):
            inputs.scalar(-2146826281, "advisers")
        with pytest.raises(udfs.TrappenError, match="fejlen #SPILL!"):
            inputs.numbers([[1.0, -2146826243]], "net_by_year")
        with pytest.raises(udfs.TrappenError, match="fejlen #CALC!"):
            inputs.flag(-2146826238, "per_row", default=False)
        assert inputs.numbers([[1.0, None]], "x", empty="zero").tolist() == [[1.0, 0.0]]


@pytest.mark.parametrize("name", list(udfs.REGISTRY))
def test_every_optional_argument_omitted_gives_what_python_gives(excel, name):
    """Only the required arguments: every optional one arrives as VBA's "missing" marker and becomes its
    Python default (ints among them: horizon=4, n=10000, seed=1, price_view=1), never an error value."""
    spec = udfs.REGISTRY[name]
    required = sum(1 for a in spec.arguments if not a.optional and not a.repeating)
    through_excel = excel.call(name, *com_args(spec)[:required])
    outcome = spec.call(*python_form(com_args(spec)[:required]))
    if isinstance(outcome, registry.Failure):
        assert is_error(through_excel, outcome.code), (through_excel, outcome)
        assert "en celle indeholder fejlen" not in outcome.message
    else:
        assert np.allclose(flat(through_excel), flat(outcome), equal_nan=True)


def test_with_xlwings_imported_first_off_windows_a_failure_is_text_not_an_exception():
    """On Linux or Mac without xlwings Server, xlwings' decorators are no-ops: the twins still never raise."""
    code = ("import xlwings\nimport trappen.udfs as udfs\n"
            "print(xlwings.func.__module__, udfs.NETSAVING([[5.5]], [[-3.0]]).split(';')[0])")
    env = {k: v for k, v in os.environ.items() if not k.startswith("XLWINGS_")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120,
                         cwd=Path(__file__).parent)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "xlwings #VALUE! savings: -3 er negativ"
