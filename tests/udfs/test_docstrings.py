"""The docstrings' examples are the proof: each one runs as a doctest against the installed ``trappen.udfs``."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

from trappen import udfs

MODULES = sorted(f"{udfs.__name__}.{m.name}" for m in pkgutil.iter_modules(udfs.__path__))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_give_what_they_print(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False,
                             report=True)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} fail (see output)"


def test_the_functions_docstrings_carry_examples():
    """Every function Excel sees shows at least one worked example in its docstring."""
    for spec in udfs.REGISTRY.values():
        assert ">>> " in (spec.python.__doc__ or ""), spec.name
