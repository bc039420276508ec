"""The pages for IT (it.md) and for one pc (installation.md) name each policy the add-in touches, its exception,
and the install and upgrade steps they rely on."""

from __future__ import annotations

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_the_it_page_names_each_policy_and_its_exception():
    text = (DOCS / "it.md").read_text(encoding="utf-8")
    for needed in (
        "Block all Office applications from creating child processes", "D4F940AB-401B-4EFC-AADC-AD5F3C50688A",
        "Block Win32 API calls from Office macros", "92E97FA1-2EDF-4476-BDD6-9DD0B4DDDC7B",
        "C:\\Windows\\System32\\cmd.exe", "#1420", "#821", "#2433",  # what the block looks like
        "Mark of the Web", "Disable all except digitally signed macros", "Trusted Publishers",
        "Trust access to the VBA project object model", "ImportPythonUDFsToAddin", "xlwings addin install --file",
        "user scheme", "xlwings64-0.37.8.dll", "-m venv",  # all users vs. user scheme, the DLL lookup
        "pip download", "--no-index --find-links", "--proxy", "xlwings Lite",
    ):
        assert needed in text, needed


def test_the_lite_page_names_what_it_must_be_allowed_and_the_self_hosting_option():
    text = (DOCS / "lite.md").read_text(encoding="utf-8")
    for needed in ("Microsoft Marketplace", "Integrerede apps", "cdn.jsdelivr.net", "pypi.org",
                   "Access-Control-Allow-Origin", "XLWINGS_PYPI_INDEX_URL", "Restart", "requirements.txt",
                   "main.py", "#VALUE!"):
        assert needed in text, needed


def test_the_dll_named_is_the_one_of_the_pinned_xlwings():
    """it.md names xlwings' DLL by version; the Lite pin is the version the tests run."""
    import xlwings

    assert f"xlwings64-{xlwings.__version__}.dll" in (DOCS / "it.md").read_text(encoding="utf-8")


def slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped (letters such as é kept), a hyphen
    for each space."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    return {slug(line.lstrip("#")) for line in page.read_text(encoding="utf-8").splitlines() if line.startswith("#")}


def test_the_slug_is_githubs():
    assert slug(" 3. Defender: reglerne for angrebsoverfladen (ASR) og undtagelserne") == \
        "3-defender-reglerne-for-angrebsoverfladen-asr-og-undtagelserne"
    assert slug(" 1. Ét fælles tilføjelsesprogram: projektmapperne forbliver .xlsx") == \
        "1-ét-fælles-tilføjelsesprogram-projektmapperne-forbliver-xlsx"


def policy_rows() -> dict[str, str]:
    """The policy table of installation.md: the policy's cell -> the whole row."""
    text = (DOCS / "installation.md").read_text(encoding="utf-8")
    section = text.split("## Politikker på en kommunal pc", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| politik")]
    return {row.split(" | ")[0]: row for row in rows}


def test_the_installation_page_names_each_policy_its_exception_and_its_place_on_the_it_page():
    rows = policy_rows()
    for policy, needed in (
        ("Block all Office applications from creating child processes",
         ("D4F940AB-401B-4EFC-AADC-AD5F3C50688A", "cmd.exe", "Audit", "udelukkelse")),
        ("Block Win32 API calls from Office macros", ("92E97FA1-2EDF-4476-BDD6-9DD0B4DDDC7B",)),
        ("Mark of the Web", (".xlsx", "Fjern blokering", "signerede")),
        ("Disable all except digitally signed macros", ("Trusted Publisher",)),
        ("Trust access to the VBA project object model", ("Import Functions", "byggepc")),
        ("for alle brugere", ("user scheme", "xlwings64-0.37.8.dll", "Interpreter_Win", "virtuelt miljø")),
        ("proxy", ("pip download", "--no-index --find-links", "--proxy")),
    ):
        (row,) = [row for cell, row in rows.items() if policy in cell]
        for word in needed:
            assert word in row, (policy, word)
        links = re.findall(r"\(it\.md#([^)]+)\)", row)
        assert links, policy  # each policy points to its section on the IT page
        assert set(links) <= anchors(DOCS / "it.md"), (policy, set(links) - anchors(DOCS / "it.md"))
    text = (DOCS / "installation.md").read_text(encoding="utf-8")
    assert "(lite.md)" in text  # the way with no exception at all


def test_the_installation_page_says_what_to_do_after_upgrading():
    text = (DOCS / "installation.md").read_text(encoding="utf-8")
    section = text.split("## 4. Efter en opdatering af Trappen", 1)[1].split("\n## ", 1)[0]
    for needed in ("Luk Excel helt", "start Excel igen", "trappen addin install", "Import Functions",
                   "CHANGELOG.md", "trappen[app]"):
        assert needed in section, needed
    links = re.findall(r"\(it\.md#([^)]+)\)", text)
    assert set(links) <= anchors(DOCS / "it.md")


def test_the_dll_named_on_the_installation_page_is_the_pinned_xlwings():
    import xlwings

    assert f"xlwings64-{xlwings.__version__}.dll" in (DOCS / "installation.md").read_text(encoding="utf-8")
