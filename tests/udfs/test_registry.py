"""The registry: every function of the contract declared once, with Danish help, units and a checked example."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import numpy as np
import pytest

from trappen import udfs
from trappen.udfs.registry import Failure

CONTRACT = Path(__file__).resolve().parents[1] / "data" / "FUNCTIONS.md"  # the function contract, copied

#: Functions beyond the contract (FUNCTIONS.md: "add new functions freely, tell why"), each with its reason.
EXTRA_FUNCTIONS = {
    "INVESTMENTCASE": "the whole multi-year case as one spilled table from a few inputs (issue item 1)",
    "BREAKEVENFALL": "switching value: smallest fall in one type's placements that pays back in time (item 2)",
    "BREAKEVENGROWTH": "switching value: largest price growth at which the case still pays back in time (item 2)",
    "TORNADO": "each assumption's effect at its low and high value, for a tornado chart (item 2)",
    "MONTECARLO": "percentiles of the net result and the chance of payback over random assumptions (item 2)",
    "PAYERSPLIT": "a change in case costs split between municipality and state by the refusion rule (item 3)",
    "FOLLOWUP": "the case's planned savings against the accounts, year by year (item 4)",
}
SPECS = list(udfs.REGISTRY.values())
IDS = list(udfs.REGISTRY)


def contract_functions() -> dict[str, list[str]]:
    """Excel name -> argument names, read from the contract's tables (tests/data/FUNCTIONS.md)."""
    rows = re.findall(r"^\| `([A-Z]+)` \| `([^`]*)` \|", CONTRACT.read_text(encoding="utf-8"), re.M)
    found = {}
    for name, args in rows:
        found[name] = [a.strip(" []").split("=")[0].rstrip(".") for a in args.split(",") if a.strip()]
    return found


def test_registry_holds_the_contracts_functions_in_its_argument_order_plus_the_named_extras():
    contract = contract_functions()
    assert len(contract) == 17
    assert not set(EXTRA_FUNCTIONS) & set(contract)
    assert set(udfs.REGISTRY) == set(contract) | set(EXTRA_FUNCTIONS)
    assert set(list(udfs.REGISTRY)[: len(contract)]) == set(contract)  # the contract's functions come first
    for name, args in contract.items():
        declared = [a.name for a in udfs.REGISTRY[name].arguments]
        assert declared[: len(args)] == args, name


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_each_function_is_importable_by_its_python_and_excel_names(spec):
    assert getattr(udfs, spec.name.lower()) is spec.python
    assert getattr(udfs, spec.name) is spec.excel
    assert spec.excel.__name__ == spec.name and spec.excel.__doc__ == spec.help
    # xlwings reads the argument list through inspect.signature; it must be the Python function's.
    assert inspect.signature(spec.excel) == inspect.signature(spec.python)


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_each_example_from_the_documents_is_what_the_function_returns(spec):
    example = spec.example
    result = spec.python(*example.args)
    np.testing.assert_allclose(np.asarray(result, dtype=float), np.asarray(example.result, dtype=float),
                               rtol=0, atol=example.tolerance + 1e-9 * np.max(np.abs(example.result)))
    assert example.formula.startswith(f"={spec.name}(")


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_excel_twin_gives_the_example_as_excel_values(spec):
    outcome = spec.call(*spec.example.args)
    assert not isinstance(outcome, Failure), outcome
    flat = np.ravel(np.asarray(outcome, dtype=float))
    np.testing.assert_allclose(flat, np.ravel(np.asarray(spec.example.result, dtype=float)),
                               atol=spec.example.tolerance + 1e-6)
    assert isinstance(outcome, (int, float)) or all(isinstance(row, list) for row in outcome)


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_help_texts_are_danish_short_and_carry_units(spec):
    assert 20 < len(spec.help) <= 255 and spec.category.startswith("Trappen")
    assert spec.result
    for arg in spec.arguments:
        assert arg.help and arg.unit and len(arg.help) <= 255, (spec.name, arg.name)
    # The help is Danish: it uses Danish words, not the English docstring.
    assert spec.help != spec.python.__doc__.split("\n")[0]


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_docstrings_follow_the_house_style(spec):
    doc = spec.python.__doc__
    for section in ("Parameters", "Returns", "Examples"):
        assert f"\n    {section}\n    ---" in doc, (spec.name, section)
    assert ">>> " in doc
    # Units are stated: a money function names kr., a count or share says what it is.
    assert re.search(r"kr\.|decimal|per 1000|cases|adviser|count|year", doc)


def test_no_name_collides_with_an_excel_function():
    """FUNCTIONS.md: names must never collide with Excel's own functions (GROWTH, NPV, TREND ...)."""
    import importlib

    import formulas.functions as builtins

    # Excel's functions as the formulas package implements them, read from its own modules (the shared
    # table from formulas.get_functions() also holds ours once the headless engine has registered them).
    excel = {name.split(".")[-1] for module in builtins.SUBMODULES
             for name in importlib.import_module(module, builtins.__name__).FUNCTIONS}
    assert {"GROWTH", "NPV", "TREND"} <= excel
    assert not set(udfs.REGISTRY) & excel


def test_signature_uses_danish_separators_and_marks_optional_arguments():
    assert udfs.REGISTRY["PLACEMENTCOST"].signature == "PLACEMENTCOST(counts; unit_prices; [price_growth]; [years])"
    assert udfs.REGISTRY["NETSAVING"].signature == "NETSAVING(investment; savings; [other_costs...])"


def test_a_declaration_that_disagrees_with_its_function_is_refused():
    from trappen.udfs.registry import Example, excel_function

    with pytest.raises(TypeError, match="declared arguments"):
        @excel_function("BROKEN", category="Trappen", help="x" * 30, result="kr.",
                        example=Example("=X()", (), 0, "none"), a=("a", "kr."))
        def broken(a, b):  # pragma: no cover - never registered
            return a
    with pytest.raises(ValueError, match="upper case"):
        @excel_function("OTHERNAME", category="Trappen", help="x" * 30, result="kr.",
                        example=Example("=X()", (), 0, "none"), a=("a", "kr."))
        def misnamed(a):  # pragma: no cover - never registered
            return a
    assert "BROKEN" not in udfs.REGISTRY and "OTHERNAME" not in udfs.REGISTRY


def test_every_declared_function_is_in_the_stated_order_once():
    """udfs.FUNCTIONS states the order; no declared function is left out of it, none is listed twice."""
    import importlib
    import pkgutil

    declared = set()
    for module in pkgutil.iter_modules(udfs.__path__):
        for value in vars(importlib.import_module(f"{udfs.__name__}.{module.name}")).values():
            if callable(value) and getattr(value, "spec", None) is not None and value.__name__.islower():
                declared.add(value.spec.name)
    assert declared == set(udfs.REGISTRY)
    assert list(udfs.REGISTRY) == [f.spec.name for f in udfs.FUNCTIONS]


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_searching_for_an_excel_name_lands_on_its_declaration_and_its_twin(spec):
    """grep PLACEMENTCOST finds @excel_function("PLACEMENTCOST", ...) above def placementcost, and the twin."""
    import inspect as inspection

    source = inspection.getsource(inspection.getmodule(spec.python))
    assert re.search(rf'@excel_function\(\s*"{spec.name}"', source)
    package = (Path(udfs.__file__)).read_text(encoding="utf-8")
    assert f"{spec.name} = {spec.python.__name__}.excel" in package


def test_readme_and_guide_references_are_generated_from_the_registry():
    """The function tables in README.md and docs/funktioner.md are the registry's, not typed by hand."""
    from tools import function_reference as reference

    assert reference.outdated() == [], "run: python tools/function_reference.py"
    readme = (reference.ROOT / "README.md").read_text(encoding="utf-8")
    for spec in udfs.REGISTRY.values():
        assert f"| `{spec.name}` |" in readme
