"""The published interface, version by version (docs/graenseflade.md), against the registry.

The newest section must list today's signatures exactly, under today's version; every older section's
functions must still exist, and each old argument list must be the start of today's (new arguments only
at the end, all optional) unless the function declares how it reads the old form (``spec.forms`` or the
five-value forms of ``trappen.udfs.old_forms``).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from trappen import udfs

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "graenseflade.md"
#: Functions whose old form today's function reads by the values it gets (five assumptions), not by position.
READ_BY_VALUES = {"TORNADO"}


def sections() -> dict[str, list[str]]:
    """Version -> the signatures in its ```text block, in the page's order (newest first)."""
    found = {}
    for version, body in re.findall(r"^## (\d+\.\d+\.\d+)\n(.*?)(?=^## |\Z)", PAGE.read_text(encoding="utf-8"),
                                    re.M | re.S):
        (block,) = re.findall(r"```text\n(.*?)```", body, re.S)
        found[version] = block.strip().splitlines()
    return found


def arguments(signature: str) -> tuple[str, list[str]]:
    name, inside = re.fullmatch(r"(\w+)\((.*)\)", signature).groups()
    return name, [part.strip("[]. ") for part in inside.split(";")] if inside else []


def test_the_newest_section_is_todays_version_and_lists_todays_signatures_in_order():
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    newest, signatures = next(iter(sections().items()))
    assert newest == version
    assert signatures == [spec.signature for spec in udfs.REGISTRY.values()]


def test_every_older_form_still_works_by_its_place_in_the_argument_list():
    older = list(sections().items())[1:]
    assert older, "docs/graenseflade.md lists no earlier version"
    for version, signatures in older:
        for signature in signatures:
            name, old = arguments(signature)
            spec = udfs.REGISTRY[name]
            today = [a.name for a in spec.arguments]
            if spec.forms is not None or name in READ_BY_VALUES:
                continue  # its earlier form is read by trappen.udfs.old_forms (tests/test_upgrade.py)
            assert today[:len(old)] == old, f"{name}: {version}'s arguments {old} are not the start of {today}"
            assert all(a.optional or a.repeating for a in spec.arguments[len(old):]), name


def test_the_functions_that_read_an_old_form_are_those_whose_argument_list_changed():
    """MONTECARLO's arguments moved (its 0.1 form is moved back by spec.forms); TORNADO's did not, only its
    number of values in low and high, which old_forms reads."""
    assert {name for name, spec in udfs.REGISTRY.items() if spec.forms is not None} == {"MONTECARLO"}
    for _version, signatures in list(sections().items())[1:]:
        for signature in signatures:
            name, old = arguments(signature)
            today = [a.name for a in udfs.REGISTRY[name].arguments]
            if name in READ_BY_VALUES:
                assert today[:len(old)] == old
