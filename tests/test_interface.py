"""The published interface, version by version (docs/graenseflade.md), against the registry and the releases.

The newest section must list today's signatures exactly, under today's version; every older section must be
that release's own signatures, as its own code declared them (``tests/data/released/signatures-VERSION.txt``,
written by ``tools/released_signatures.py`` from the release's commit), and there is one section per release;
every older section's functions must still exist, and each old argument list must be the start of today's
(new arguments only at the end, all optional) unless the function declares how it reads the old form
(``spec.forms`` or the five-value forms of ``trappen.udfs.old_forms``). CHANGELOG.md has an entry for each
version, saying what an officer does after upgrading.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from trappen import udfs

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "graenseflade.md"
RELEASED = ROOT / "tests" / "data" / "released"
CHANGELOG = ROOT / "CHANGELOG.md"
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


def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def released() -> dict[str, list[str]]:
    """Version -> its signatures as that release's own registry declared them."""
    return {path.name[len("signatures-"):-len(".txt")]: path.read_text(encoding="utf-8").strip().splitlines()
            for path in sorted(RELEASED.glob("signatures-*.txt"))}


def test_each_older_section_is_that_releases_own_signatures_and_every_release_has_one():
    page = sections()
    releases = released()
    assert {"0.1.0", "0.2.0"} <= set(releases)
    assert list(page) == [version(), *sorted(releases, key=lambda v: tuple(map(int, v.split("."))), reverse=True)]
    for number, signatures in releases.items():
        assert page[number] == signatures, number


def test_each_release_fixture_has_its_template_and_examples():
    for number in released():
        assert (RELEASED / f"investeringscase-{number}.xlsx").is_file()
        assert (RELEASED / f"examples-{number}.json").is_file()


def test_the_version_is_0_3_0_and_the_lite_requirements_name_its_wheel():
    assert version() == "0.3.0"
    assert f"trappen-{version()}-py3-none-any.whl" in (ROOT / "addin" / "excel" / "lite_requirements.txt").read_text(
        encoding="utf-8")


def changelog() -> dict[str, str]:
    text = CHANGELOG.read_text(encoding="utf-8")
    return dict(re.findall(r"^## (\d+\.\d+\.\d+)\n(.*?)(?=^## |\Z)", text, re.M | re.S))


def test_the_changelog_has_an_entry_per_version_with_what_to_do_after_upgrading():
    entries = changelog()
    assert list(entries) == list(sections())  # newest first, the same versions as the interface page
    head = CHANGELOG.read_text(encoding="utf-8").split("\n## ", 1)[0]
    for needed in ("Luk Excel helt", "start Excel igen", "trappen addin install", "Import Functions", "Restart"):
        assert needed in head, needed
    for number, body in entries.items():
        assert "Det gør du efter" in body, number


def test_the_changelog_names_each_new_argument_and_the_price_view_break():
    entries = changelog()
    newest = entries[version()]
    page = sections()
    previous = dict(arguments(s) for s in page[list(page)[1]])
    for signature in page[version()]:
        name, today = arguments(signature)
        added = [a for a in today if a not in previous.get(name, today)]
        for argument in added:
            assert f"`{argument}`" in newest, (name, argument)
    for needed in ("`price_view` udeladt er 2", "i 0.2.0 var den 1", "skriv 1 som `price_view`",
                   "Usikkerhed!B16", "Ctrl+Skift+Enter", "trappen[app]", "TRAPPENFEJL"):
        assert needed in newest, needed
