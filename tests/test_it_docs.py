"""The pages for IT name each policy the add-in touches, its exception, and the install steps they rely on."""

from __future__ import annotations

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
