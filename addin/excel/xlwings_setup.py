"""Putting the functions into Excel on Windows: the xlwings add-in and the configuration that imports ``trappen.udfs``.

Classic xlwings runs our Python functions as Excel functions on Windows desktop Excel. It needs
(xlwings 0.37 documentation and source, see docs/installation.md):

* the xlwings add-in in Excel's XLSTART folder — ``xlwings addin install`` copies it there;
* the Python interpreter and the module to import — the settings ``Interpreter_Win`` and
  ``UDF Modules`` in the user's ``%USERPROFILE%\\.xlwings\\xlwings.conf`` (lines ``"KEY","value"``), or in a
  sheet named ``xlwings.conf`` inside the workbook (the template has one with ``UDF Modules = trappen.udfs``);
* per workbook, once: save it as .xlsm, tick the reference to xlwings (VBA editor → Tools → References)
  and click "Import Functions" on the xlwings tab, which writes the VBA wrappers of our functions into
  the workbook and registers their Danish help (needs "Trust access to the VBA project object model").

``trappen addin install`` does the first two on Windows and prints the rest.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from trappen import udfs

#: The module xlwings imports our functions from (its "UDF Modules" setting): ``trappen.udfs``.
UDF_MODULE = udfs.__name__


def user_config_path() -> Path:
    """xlwings' user configuration file (``%USERPROFILE%\\.xlwings\\xlwings.conf`` on Windows)."""
    return Path.home() / ".xlwings" / "xlwings.conf"


def windowed_python(executable: str | Path = sys.executable) -> str:
    """The interpreter xlwings should start: ``pythonw.exe`` beside ``python.exe`` (no console window)."""
    path = Path(executable)
    candidate = path.with_name("pythonw.exe")
    return str(candidate) if path.name.lower() == "python.exe" and candidate.exists() else str(path)


def settings(executable: str | Path = sys.executable) -> dict[str, str]:
    return {"INTERPRETER_WIN": windowed_python(executable), "UDF MODULES": UDF_MODULE}


class ConfigEncodingError(RuntimeError):
    """A setting has a character that the ANSI code page xlwings' VBA reads xlwings.conf in cannot hold."""


class AddinInstallFailed(RuntimeError):
    """``xlwings addin install`` did not install the add-in (xlwings prints its error and still exits 0)."""


def config_encoding() -> str:
    """The encoding xlwings' VBA reads xlwings.conf in: Windows' ANSI code page (``Open ... For Input``).

    Python's ``mbcs`` codec is that code page on Windows (cp1252 on Danish Windows); elsewhere (dry runs,
    tests) cp1252 stands in for it.
    """
    return "mbcs" if sys.platform.startswith("win") else "cp1252"


def decode_config(data: bytes) -> str:
    """The text of an xlwings.conf: UTF-8 as Trappen 0.2.0 wrote it, else the ANSI code page, as xlwings'
    own ``config create`` (Python's locale encoding) and its VBA ribbon write it. A file in cp1252 with
    æ, ø or å is never valid UTF-8, so the order decides nothing else."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode(config_encoding(), errors="replace")


def read_config(path: Path) -> dict[str, str]:
    """The ``"KEY","value"`` lines of an xlwings.conf file, keys upper-cased, in order."""
    found: dict[str, str] = {}
    if path.is_file():
        for line in decode_config(path.read_bytes()).splitlines():
            values = re.findall(r'"([^"]*)"', line)
            if len(values) >= 2:
                found[values[0].upper()] = values[1]
    return found


def encode_config(settings: dict[str, str]) -> bytes:
    """``"KEY","value"`` lines in the ANSI code page VBA reads (no BOM: VBA would read it as characters)."""
    text = "".join(f'"{k}","{v}"\r\n' for k, v in settings.items())
    try:
        return text.encode(config_encoding())
    except UnicodeEncodeError as error:
        bad = error.object[error.start:error.end]
        value = next((v for v in settings.values() if bad in v), bad)
        raise ConfigEncodingError(
            f"xlwings.conf: {value!r} har tegnet {bad!r}, som Excels VBA ikke kan læse i Windows' tegnsæt "
            f"({config_encoding()}) — installér Python i en mappe uden det tegn, fx C:\\Python311, og kør "
            "`trappen addin install` igen") from None


def write_config(path: Path, wanted: dict[str, str]) -> Path | None:
    """Merge ``wanted`` into the config file, keeping every other setting; backup, then atomic replace.

    Written in the ANSI code page with Windows line ends, as xlwings' VBA reads it. Returns the backup's path
    (None if there was no file before).
    """
    current = read_config(path)
    merged = {**current, **{k.upper(): v for k, v in wanted.items()}}
    data = encode_config(merged)  # before anything is touched: a setting VBA cannot read changes nothing
    path.parent.mkdir(parents=True, exist_ok=True)
    backup = None
    if path.exists():
        backup = path.with_name(path.name + ".bak")
        shutil.copy2(path, backup)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
    return backup


MANUAL_STEPS = """\
Tilbage i Excel (én gang pr. projektmappe):
  1. Åbn projektmappen (fx investeringscase.xlsx fra `trappen template`) og gem den som
     projektmappe med makroer, .xlsm (Filer > Gem som; engelsk: "Excel Macro-Enabled Workbook").
  2. Tryk Alt+F11 (VBA-editoren) > Tools > References... > sæt flueben ved "xlwings" > OK.
  3. Kun første gang på denne pc: Filer > Indstillinger > Sikkerhedscenter > Indstillinger for
     Sikkerhedscenter > Indstillinger for makroer > sæt flueben ved adgangen til VBA-projektobjektmodellen
     (engelsk: File > Options > Trust Center > Trust Center Settings > Macro Settings > "Trust access to
     the VBA project object model"). Kræves kun for at importere funktionerne.
  4. Fanen "xlwings" > "Import Functions". Funktionerne (fx =PLACEMENTCOST) virker nu, med dansk hjælp
     i dialogen Indsæt funktion, kategorien "Trappen – ...".
  5. Gem projektmappen. Når du opdaterer Trappen eller xlwings: kør `trappen addin install` igen, luk
     Excel helt og start det igen, og klik "Import Functions" igen.
På en kommunal pc (Defender-regler, kun signerede makroer, låst VBA-adgang): ét fælles, signeret
tilføjelsesprogram, så projektmapperne forbliver .xlsx uden makroer — se docs/it.md. Uden Python på pc'en:
xlwings Lite, docs/lite.md.
"""


def install(dry_run: bool = False, executable: str | Path = sys.executable, run=subprocess.run) -> list[str]:
    """Install the xlwings add-in and write the configuration; returns what was (or would be) done."""
    done = []
    command = [str(executable), "-m", "xlwings.cli", "addin", "install"]
    if dry_run:
        done.append("would run: " + " ".join(command))
    elif not sys.platform.startswith("win"):
        raise RuntimeError("xlwings' Excel-tilføjelsesprogram kan kun installeres på Windows (klassiske UDF'er "
                           "findes kun i Excel til Windows); brug --dry-run for at se trinnene")
    else:
        ran = run(command, capture_output=True, text=True)
        said = [line.strip() for line in f"{ran.stdout or ''}\n{ran.stderr or ''}".splitlines() if line.strip()]
        # xlwings prints "Successfully installed the xlwings add-in!" or its error, and exits 0 either way
        if ran.returncode != 0 or not any(line.startswith("Successfully installed") for line in said):
            raise AddinInstallFailed(
                "xlwings kunne ikke installere sit tilføjelsesprogram"
                + (f" ({said[-1]})" if said else f" (slutkode {ran.returncode})")
                + " — luk Excel og kør `trappen addin install` igen; se docs/installation.md")
        done.append("ran: " + " ".join(command))
    path = user_config_path()
    wanted = settings(executable)
    if dry_run:
        done.append(f"would write to {path}: " + ", ".join(f"{k} = {v}" for k, v in wanted.items()))
    else:
        backup = write_config(path, wanted)
        done.append(f"wrote to {path}: " + ", ".join(f"{k} = {v}" for k, v in wanted.items())
                    + (f" (backup: {backup})" if backup else ""))
    return done
