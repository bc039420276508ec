"""The PDF of a refreshed workbook, as LibreOffice prints it, with Danish numbers on any machine.

LibreOffice knows none of our functions, so it renders ``refresh.render_copy``: the workbook with its
formulas replaced by the values the refresh computed. It runs headless with a profile of its own in a
temporary folder, whose locale is Danish: a cell without a language of its own (the template's formats carry
Danish, ``templates.workbook.DANISH``; an officer's own cells may not) then shows 1.234,5 and not 1,234.5,
whatever the machine's locale. Hidden sheets (``xlwings.conf``) are neither printed nor counted in
"Side x af N".
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..workbook.failures import WorkbookError
from . import refresh as refreshing

#: LibreOffice's locale setting (Funktioner > Indstillinger > Sprogindstillinger > Lokalitet) in its profile.
LOCALE = "da-DK"
_SETTINGS = f"""<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">\
<value>{LOCALE}</value></prop></item>
</oor:items>
"""


def office() -> str | None:
    """LibreOffice's program (``soffice``), or None if it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def write(result: refreshing.Refreshed, target: str | Path) -> Path:
    """Render a refreshed workbook to the PDF ``target``; raises if LibreOffice is missing or fails."""
    target = Path(target)
    program = office()
    if program is None:
        raise WorkbookError(f"{target.name}: LibreOffice (soffice) er ikke installeret, så der blev ikke "
                            "lavet en PDF — installér LibreOffice, eller kør uden --pdf")
    with tempfile.TemporaryDirectory() as folder:
        profile = Path(folder) / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_SETTINGS, encoding="utf-8")
        copy = refreshing.render_copy(result, Path(folder) / (target.stem + ".xlsx"))
        subprocess.run([program, "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to",
                        "pdf", "--outdir", folder, str(copy)], check=True, capture_output=True, timeout=300)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(Path(folder) / (target.stem + ".pdf")), target)
    return target
