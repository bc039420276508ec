"""The acceptance run in a real Excel: the workbook and its checklist, with the values the headless engine gives.

``write(folder)`` builds ``trappen-accept.xlsx`` (:mod:`trappen.templates.acceptance`), refreshes a copy with
the headless engine, and writes ``trappen-accept.md`` beside it: one line per check with the cell, what to
look at and the expected value, and boxes for Windows Excel 365 and Excel on the web. The checklist in
docs/accept.md is the same page (``python -m trappen.addin.app.acceptance --docs`` rewrites it; a test holds the
two equal, so the expected values are generated, never typed).

For the two implicit-intersection cells the expected value is Excel's rule, computed by the engine on the
intersected cell beside them; where the engine's own value for the legacy formula differs, the line says so.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from trappen.templates import acceptance as workbook

from . import refresh

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "accept.md"  # in a checkout; the page is generated whole (--docs)
BOX = "☐"

#: The page before the table: what the tester prepares and how the table is read (Danish).
INTRO = """\
# Accepttest i rigtig Excel (Windows Excel 365 og Excel på nettet)

Alle Trappens test kører uden Excel. Denne gennemgang er det, de ikke kan: den gøres én gang af en tester
med Windows Excel 365 (klassisk xlwings eller xlwings Lite) og én gang i Excel på nettet (xlwings Lite), fx
før en ny udgave tages i brug. Det tager omkring en halv time.

## Forberedelse

1. Lav projektmappen: `trappen accept MAPPE` (eller `python -m trappen.addin.app.acceptance MAPPE`). Den skriver
   `trappen-accept.xlsx` og `trappen-accept.md` (denne tjekliste med de forventede værdier) i `MAPPE`.
2. Windows, klassisk xlwings: tilføjelsesprogrammet installeret som i [installation.md](installation.md)
   eller [it.md](it.md). Åbn `trappen-accept.xlsx`.
3. xlwings Lite (Windows og nettet): åbn `trappen-accept.xlsx` (på nettet: læg den på OneDrive/SharePoint og
   åbn den i browseren), start xlwings Lite, og sæt Trappens `main.py` og `requirements.txt` ind som i
   [lite.md](lite.md). Vent, til Output-vinduet melder, at pakkerne er installeret.
4. Genberegn alt: Ctrl+Alt+F9 (på nettet: Formler > Beregn projektmappe).

## Sådan læses tabellen

- **forventet** er det, Trappens motor uden Excel giver (`trappen refresh`); tallene står med fire decimaler
  som cellernes talformat. Et resultat over flere celler (spill) skal fylde hele området; den sidste celle
  står også.
- **besked**: beskeden, der hører til fejlen. I xlwings Lite: hold musen over fejlen (eller klik på det lille
  fejlikon) — beskeden står der. I klassisk xlwings: se [fejlsoegning.md](fejlsoegning.md) for, hvor
  beskeden vises.
- Sæt kryds i **Windows** og **web**, når Excel viser det forventede. Viser Excel noget andet, så skriv
  cellen ned, hvad Excel viser (tallet, fejlen og beskeden), og hvilken vært (klassisk xlwings / Lite, Windows /
  web), og send det til Trappens udviklere.
- De vigtigste linjer er 25–32: en fejl skal blive en fejl. Viser Excel **0** eller et tal i linje 27 (SUM)
  eller **SAND** i linje 30 (ER.TEKST), når beskeden står som tekst i cellen, så er det præcis den fejl,
  Trappen skal forhindre — rapportér det.
- Linje 33–35 er implicit skæring: en almindelig formel med et udtryk over et område tager i Excel kun den
  række, formlen står i. Står der en note om Trappens motor, er motoren og Excels regel uenige i dag:
  skriv, hvad Excel viser.

## Tjekliste

"""

#: The page after the table: what to try that has no expected value.
OUTRO = """\
## Også at prøve (ingen forventet værdi)

- Dialogen Indsæt funktion (fx-knappen): kategorierne »Trappen – ...« og en dansk hjælpetekst for hver
  funktion og hvert argument (klassisk xlwings efter »Import Functions«; Lite viser hjælpen, mens du skriver).
- Gem projektmappen i Excel, og kør `trappen refresh --kontroller trappen-accept.xlsx` på en kopi: den må
  ikke melde forskelle. (Ikke prøvet: om en projektmappe gemt med xlwings Lite skriver funktionernes navne
  anderledes i filen — fx `_xldudf_` foran — så motoren ikke kender dem. Skriv det ned, hvis den melder
  `#NAME?` eller ukendte navne.)
- Skriv i en celle inde i et spill-område (fx Funktioner!C111): resultatet skal blive `#SPILL!`, og de
  funktioner, der bruger området, skal vise en fejl, aldrig et tal.
"""


@dataclass(frozen=True)
class Expected:
    """A check with what the headless engine gives for it."""

    check: workbook.Check
    value: object  # the cell's value (an error as its code, "#VALUE!")
    last: object = None  # the last cell of a spill
    message: str = ""  # our one-line message, for a bad input
    engine: object = None  # implicit intersection: the engine's own value of the legacy formula


def shown(value) -> str:
    """A value as the checklist writes it: Danish numbers with four decimals (the cells' format), Excel's words."""
    if isinstance(value, bool):
        return "SAND (TRUE)" if value else "FALSK (FALSE)"
    if isinstance(value, (int, float)):
        text = f"{float(value):,.4f}".replace(",", " ").replace(".", ",").replace(" ", ".")
        return text
    if value is None:
        return "(tom)"
    text = str(value)
    return text if text.startswith("#") else f"»{text}«"


def expected(path: Path, checks: list[workbook.Check]) -> list[Expected]:
    """The engine's values for the checks, from a headless refresh of a copy of the workbook."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / path.name
        shutil.copyfile(path, copy)
        result = refresh.refresh(copy, keep_backup=False)
    messages = {(e.sheet.upper(), e.cell): e.message for e in result.errors}

    def value(sheet: str, cell: str):
        found = result.value(sheet, cell)
        return str(found) if found is not None and type(found).__name__ == "XlError" else found

    out = []
    for check in checks:
        own = value(check.sheet, check.cell)
        if check.rule is not None:
            rule = check.rule if check.rule.startswith("#") else value(check.sheet, check.rule)
            out.append(Expected(check, rule, engine=own))
            continue
        message = messages.get((check.sheet.upper(), check.message_from), "") if check.message_from else ""
        last = value(check.sheet, check.last) if check.last else None
        out.append(Expected(check, own, last, message))
    return out


def checklist(rows: list[Expected]) -> str:
    """The checklist table (Markdown, Danish)."""
    lines = ["| nr. | ark!celle | hvad | se efter | forventet | Windows | web |", "|---|---|---|---|---|---|---|"]
    for row in rows:
        check = row.check
        where = f"{check.sheet}!{check.cell}" + (f":{check.last}" if check.last else "")
        value = shown(row.value)
        if check.last:
            value += f"; sidste celle {check.last}: {shown(row.last)}"
        if row.message:
            value += f"; besked: {row.message}"
        if check.rule is not None and shown(row.engine) != shown(row.value):
            value += (f" (Excels regel; Trappens motor uden Excel giver i dag {shown(row.engine)}: skriv ned, "
                      "hvad Excel viser)")
        what = check.what.replace("|", "/")
        lines.append(f"| {check.number} | {where} | {what} | {check.look} | {value} | {BOX} | {BOX} |")
    return "\n".join(lines) + "\n"


def page(rows: list[Expected]) -> str:
    """The whole checklist page: docs/accept.md, and trappen-accept.md beside the workbook."""
    marker = "<!-- Genereret af python -m trappen.addin.app.acceptance --docs; ret i addin/app/acceptance.py. -->"
    return f"{INTRO}{marker}\n\n{checklist(rows)}\n{OUTRO}"


def generated() -> str:
    """The page for a freshly built workbook."""
    with tempfile.TemporaryDirectory() as folder:
        path, checks = workbook.build(Path(folder) / workbook.FILENAME)
        return page(expected(path, checks))


def write(folder: str | Path) -> tuple[Path, Path]:
    """Build the workbook in ``folder`` and write its checklist page beside it; return both paths."""
    path, checks = workbook.build(Path(folder) / workbook.FILENAME)
    sheet = path.with_suffix(".md")
    sheet.write_text(page(expected(path, checks)), encoding="utf-8")
    return path, sheet


def replace_docs() -> bool:
    """Rewrite docs/accept.md; True if it changed."""
    new = generated()
    changed = not DOCS.exists() or DOCS.read_text(encoding="utf-8") != new
    if changed:
        DOCS.write_text(new, encoding="utf-8")
    return changed


if __name__ == "__main__":
    if sys.argv[1:] == ["--docs"]:
        print("docs/accept.md " + ("opdateret" if replace_docs() else "er allerede opdateret"))
    else:
        for written in write(sys.argv[1] if len(sys.argv) > 1 else "."):
            print(written)
