"""Start-up: a refresh imports nothing it does not use (scipy only for a statistics function)."""

from __future__ import annotations

import importlib
import subprocess
import sys

from trappen.addin.engine import functions as function_table


def test_lazy_function_names_are_the_names_the_scipy_modules_define():
    """The names read from formulas' stat and comp sources are exactly what those modules define."""
    table = function_table.install()
    for module in (".stat", ".comp"):
        defined = set(importlib.import_module("formulas.functions" + module).FUNCTIONS)
        assert function_table._names_in_source(module) == defined, module
    assert {"AVERAGE", "MAX", "STDEV.S", "_XLFN.STDEV.S"} <= table.all_names()


def test_refreshing_the_template_does_not_import_scipy(tmp_path):
    script = (
        "import sys\n"
        "from trappen.templates.build import build\n"
        "from trappen.addin.app import refresh\n"
        f"r = refresh.refresh(build({str(tmp_path / 't.xlsx')!r}), keep_backup=False)\n"
        "assert not r.errors\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'scipy'))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_statistics_function_loads_its_module_when_used(tmp_path):
    import xlsxwriter

    from trappen.addin.app import refresh

    path = tmp_path / "stat.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Ark1")
    sheet.write_column("A1", [2, 4, 4, 4, 5, 5, 7, 9])
    sheet.write_formula("B1", "=STDEV.P(A1:A8)")
    sheet.write_formula("B2", "=AVERAGE(A1:A8)+MAX(A1:A8)")
    book.close()
    result = refresh.refresh(path, keep_backup=False)
    assert result.value("Ark1", "B1") == 2.0 and result.value("Ark1", "B2") == 14.0
