"""How a failure reaches the officer: one line in Danish naming the file, what is wrong and what to do.

Every refusal is a :class:`WorkbookError` whose message is already such a line. Anything else that goes
wrong — a full disk, a folder without write permission, a damaged zip member found by a library, an
interrupt, a bug — is turned into one by :func:`explain` at the edge (the command line, the batch
refresh), so no Python traceback ever reaches the officer (``--debug`` shows it).
"""

from __future__ import annotations

import errno
import subprocess
import zipfile
import zlib
from pathlib import Path

from lxml import etree


class WorkbookError(Exception):
    """A workbook we refuse to refresh; the message is one line for the officer: file, problem, remedy."""


class InterruptedAfterReplacing(KeyboardInterrupt):
    """Ctrl-C arrived while a new workbook was being swapped in; it was held back until that was done, so
    the workbook is refreshed (with its backup), not untouched."""


def refusal(path: str | Path, problem: str, remedy: str) -> WorkbookError:
    """``WorkbookError("NAME: problem — remedy")``."""
    return WorkbookError(f"{Path(path).name}: {problem} — {remedy}")


UNTOUCHED = "projektmappen er urørt"
#: In a folder the workbooks before the failure are refreshed (each with its backup); the one in hand is not.
UNTOUCHED_IN_FOLDER = "den projektmappe, der var i gang, er urørt"

#: What the disk or the operating system said, by errno, and what the officer can do about it.
_OS_ERRORS = {
    errno.ENOSPC: ("disken er fuld", "frigør plads og prøv igen"),
    errno.EDQUOT: ("din diskkvote er brugt op", "frigør plads og prøv igen"),
    errno.EFBIG: ("filen bliver større, end drevet tillader", "gem den på et andet drev"),
    errno.EACCES: ("ingen adgang", "tjek, at filen ikke er åben i et andet program, og at du må skrive i den og "
                                   "i mappen"),
    errno.EPERM: ("ingen adgang", "tjek, at filen ikke er åben i et andet program, og at du må skrive i den og "
                                  "i mappen"),
    errno.EROFS: ("drevet er skrivebeskyttet", "kopiér projektmappen til et drev, du kan skrive på"),
    errno.ENAMETOOLONG: ("navnet er for langt til filsystemet", "giv filen eller mappen et kortere navn"),
    errno.ENOENT: ("filen eller mappen findes ikke (længere)", "tjek stien og prøv igen"),
    errno.ENOTDIR: ("en del af stien er en fil, ikke en mappe", "tjek stien og prøv igen"),
    errno.EISDIR: ("stien er en mappe, ikke en fil", "angiv et filnavn"),
    errno.EEXIST: ("en fil med samme navn kom til undervejs", "den er ikke rørt; kør kommandoen igen"),
    errno.EIO: ("læse- eller skrivefejl på drevet", "tjek drevet, eller brug en kopi"),
    errno.EBUSY: ("filen er i brug af et andet program", "luk programmet og prøv igen"),
}


def explain(error: BaseException, path: str | Path | None = None, state: str | None = None) -> str:
    """One Danish line for any failure while refreshing ``path`` (a workbook or a folder); never a traceback.

    ``state`` says what became of the workbook (default: untouched, as every failure before the final
    rename leaves it).
    """
    name = Path(path).name if path is not None else ""
    if isinstance(error, WorkbookError):
        text = str(error)
        return text if not name or text.startswith(name) else f"{name}: {text}"
    if state is None and isinstance(error, InterruptedAfterReplacing):
        state = "projektmappen nåede at blive genberegnet (med backup), før Trappen stoppede"
    if state is None:
        state = UNTOUCHED_IN_FOLDER if path is not None and Path(path).is_dir() else UNTOUCHED
    problem, remedy = _problem_and_remedy(error)
    line = f"{problem} — {state}; {remedy}"
    return f"{name}: {line}" if name else line


def _problem_and_remedy(error: BaseException) -> tuple[str, str]:
    if isinstance(error, KeyboardInterrupt):
        return "afbrudt", "kør kommandoen igen"
    if isinstance(error, OSError) and error.errno in _OS_ERRORS:
        problem, remedy = _OS_ERRORS[error.errno]
        where = f" ({Path(error.filename).name})" if error.filename else ""
        return problem + where, remedy
    if isinstance(error, (zipfile.BadZipFile, zlib.error, EOFError)):
        return "er beskadiget: zip-pakken kan ikke læses", "åbn den i Excel og gem den igen, eller brug en backup"
    if isinstance(error, etree.XMLSyntaxError):
        return "er beskadiget: en del af filen er ikke gyldig XML", "åbn den i Excel og gem den igen"
    if isinstance(error, MemoryError):
        return "er for stor til at blive genberegnet", "del den op i mindre projektmapper"
    if isinstance(error, subprocess.CalledProcessError):
        return "LibreOffice kunne ikke lave PDF'en", "prøv igen uden --pdf, eller åbn filen i LibreOffice"
    if isinstance(error, subprocess.TimeoutExpired):
        return "LibreOffice svarede ikke inden for tidsfristen", "prøv igen uden --pdf"
    if isinstance(error, OSError):
        code = errno.errorcode.get(error.errno, "ukendt") if error.errno else "ukendt"
        return f"systemfejl {code} ved læsning eller skrivning", "prøv igen, eller kør med --debug"
    return (f"uventet fejl af typen {type(error).__name__}; filen kan være beskadiget",
            "åbn og gem den i Excel og prøv igen, ellers kør igen med --debug og send teksten til jeres IT-kontakt")
