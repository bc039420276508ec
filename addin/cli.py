"""The command line: ``trappen template``, ``trappen refresh`` (one workbook or a folder).

    trappen template [PATH]          write the template workbook (Ballerup example)
    trappen refresh [WORKBOOK]       recalculate a workbook headlessly and show its investment case
    trappen refresh MAPPE/           recalculate every workbook in a folder
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from trappen.templates.build import FILENAME, build
from trappen.udfs import danish

from . import refresh as refreshing
from .cells import split_cell
from .package import WorkbookError

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__.split("\n")[0])
addin_app = typer.Typer(no_args_is_help=True, help="Excel-tilføjelsesprogrammet (xlwings, Windows).")
app.add_typer(addin_app, name="addin")
console = Console()
err = Console(stderr=True)


@app.command()
def template(path: Path = typer.Argument(Path(FILENAME), help="Hvor skabelonen skrives."),
             force: bool = typer.Option(False, "--force", help="Overskriv en eksisterende fil (der tages backup).")):
    """Skriv skabelonen investeringscase.xlsx med Ballerup-eksemplet."""
    path = path / FILENAME if path.is_dir() else path
    if path.exists() and not force:
        err.print(f"[red]{path} findes allerede[/red] — brug --force for at overskrive (der tages backup).")
        raise typer.Exit(1)
    if path.exists():
        backup = path.with_name(f"{path.stem}.bak{path.suffix}")
        shutil.copy2(path, backup)
        console.print(f"Backup: {backup}")
    with tempfile.TemporaryDirectory(dir=path.parent if path.parent.exists() else None) as folder:
        built = build(Path(folder) / path.name)
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(built), path)
    console.print(f"Skabelon skrevet: [bold]{path}[/bold]")


@app.command()
def refresh(workbook: Path = typer.Argument(Path(FILENAME), help="Projektmappe eller mappe med projektmapper."),
            pdf: Path | None = typer.Option(None, "--pdf", help="Gem også en PDF (kræver LibreOffice)."),
            backup: bool = typer.Option(True, "--backup/--no-backup", help="Gem originalen som NAVN.bak.xlsx."),
            verify: bool = typer.Option(False, "--kontroller", help="Beregn alle formler og afvis projektmappen, "
                                        "hvis en formel uden Trappens funktioner ikke giver den gemte værdi."),
            keep_saved: bool = typer.Option(False, "--behold-gemte", help="Med --kontroller: behold de gemte "
                                            "værdier i de celler, der ikke kan genskabes (og sig hvilke)."),
            processes: int | None = typer.Option(None, "--processer", min=1, help="Mappe: antal processer "
                                                 "(standard: så mange, som maskinen har ledige)."),
            summary: Path | None = typer.Option(None, "--oversigt", help="Mappe: skriv casernes tal side om side "
                                                "i en tabel (.csv eller .xlsx).")):
    """Genberegn en projektmappe uden Excel og vis investeringscasen.

    Uden argument: investeringscase.xlsx i den aktuelle mappe (oprettes fra skabelonen, hvis den mangler).
    """
    verify = verify or keep_saved
    if workbook.is_dir():
        raise typer.Exit(_refresh_folder(workbook, backup, processes, summary, verify=verify, keep_saved=keep_saved))
    if not workbook.exists() and workbook == Path(FILENAME):
        build(workbook)
        backup = False  # nothing to back up: the file was just built
        console.print(f"Oprettede [bold]{workbook}[/bold] fra skabelonen (Ballerup-eksemplet).")
    try:
        result = refreshing.refresh(workbook, keep_backup=backup, verify=verify, keep_saved=keep_saved)
    except WorkbookError as error:
        err.print(f"[red]Ikke genberegnet:[/red] {error}")
        raise typer.Exit(1) from None
    show_investment_case(result)
    console.print(f"{result.formulas} formler genberegnet på {result.seconds:.2f} s → [bold]{result.path}[/bold]"
                  + (f" (backup: {result.backup.name})" if result.backup else ""))
    _what_was_computed(result)
    for cell in result.errors:
        err.print(f"[yellow]Fejl i celle[/yellow] {cell}")
    if pdf is not None:
        _write_pdf(result, pdf)


def _what_was_computed(result: refreshing.Refreshed) -> None:
    """Say which formulas were computed and which kept their saved values, and why."""
    if result.computed < result.formulas:
        console.print(f"Beregnet: {result.computed} af {result.formulas} formelceller (Trappens funktioner, det der "
                      f"afhænger af dem, og celler uden gemt værdi); resten beholder de gemte værdier — "
                      f"{result.trust_reason}.")
    for kept in result.kept[:5]:
        console.print(f"Beholder Excels værdi i {kept.sheet}!{kept.cell}: {kept.reason}")
    if len(result.kept) > 5:
        console.print(f"... og {len(result.kept) - 5} celler mere beholder Excels værdi.")
    if result.differences:
        console.print(f"[yellow]{len(result.differences)} celler beholder den gemte værdi (--behold-gemte)[/yellow], "
                      f"fx {result.differences[0]}")


def _refresh_folder(folder: Path, backup: bool, processes: int | None = None, summary: Path | None = None,
                    **options) -> int:
    paths = refreshing.workbooks_in(folder)
    if not paths:
        err.print(f"Ingen projektmapper (.xlsx/.xlsm) i {folder}")
        return 1
    columns = (TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("Genberegner", total=len(paths))
        result = refreshing.refresh_many(paths, keep_backup=backup, processes=processes,
                                         progress=lambda _: progress.advance(task), **options)
    console.print(f"{len(result.refreshed)} af {len(paths)} projektmapper genberegnet på {result.seconds:.1f} s "
                  f"({result.processes} {'proces' if result.processes == 1 else 'processer'}).")
    if summary is not None:
        from .summary import write_summary

        console.print(f"Oversigt: [bold]{write_summary(result, summary)}[/bold]")
    with_errors = [r for r in result.refreshed if r.errors]
    for r in with_errors:
        err.print(f"[yellow]{r.path.name}[/yellow]: {len(r.errors)} celler viser fejl, fx {r.errors[0]}")
    if result.failed:
        table = Table(title="Ikke genberegnet", title_style="bold red")
        table.add_column("Projektmappe")
        table.add_column("Årsag")
        for path, reason in result.failed:
            table.add_row(path.name, reason)
        err.print(table)
        return 1
    return 0


def show_investment_case(result: refreshing.Refreshed, sheet: str = "Investeringscase") -> None:
    """Print the rows of the investment-case sheet that carry numbers, as the officer's table."""
    values = result.values.get(sheet.upper())
    if not values:
        console.print(f"(ingen fane '{sheet}' at vise)")
        return
    rows: dict[int, dict[int, object]] = {}
    for cell, value in values.items():
        col, row = split_cell(cell)
        if col <= 6:
            rows.setdefault(row, {})[col] = refreshing.engine.plain(value)
    table = None
    for row in sorted(rows):
        cells = rows[row]
        label, numbers = cells.get(1), [cells.get(c) for c in range(2, 7)]
        years = [v for v in numbers if isinstance(v, (int, float)) and 1990 < v < 2100 and float(v).is_integer()]
        if isinstance(label, str) and len(years) == 5 and label.lower().startswith("mio"):
            if table is not None:
                console.print(table)
            table = Table(title=None, show_lines=False, header_style="bold")
            table.add_column(label)
            for year in years:
                table.add_column(str(int(year)), justify="right")
            continue
        if table is None or not isinstance(label, str):
            continue
        shown = [danish.cell_text(v) if not isinstance(v, str) else v for v in numbers]
        if not any(shown):
            continue
        if label.lower().startswith("tilbagebetal"):
            year = numbers[0]
            whole = isinstance(year, (int, float)) and not isinstance(year, bool) and float(year).is_integer()
            shown = [str(int(year)) if whole else danish.cell_text(year)] + [""] * 4
        style = "bold" if label.startswith(("Nettobesparelse", "Finansieringsbehov i alt", "Tilbagebetal")) else None
        table.add_row(label, *shown, style=style)
    if table is not None:
        console.print(table)


def _write_pdf(result: refreshing.Refreshed, target: Path) -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        err.print("[red]LibreOffice (soffice) er ikke installeret[/red] — ingen PDF.")
        raise typer.Exit(1)
    with tempfile.TemporaryDirectory() as folder:
        copy = refreshing.render_copy(result, Path(folder) / (target.stem + ".xlsx"))
        subprocess.run([office, "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to",
                        "pdf", "--outdir", folder, str(copy)], check=True, capture_output=True, timeout=300)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(Path(folder) / (target.stem + ".pdf")), target)
    console.print(f"PDF: [bold]{target}[/bold]")


@addin_app.command("install")
def addin_install(dry_run: bool = typer.Option(False, "--dry-run", help="Vis hvad der ville ske, uden at gøre det.")):
    """Installér xlwings-tilføjelsesprogrammet og skriv konfigurationen (Interpreter_Win, UDF Modules = trappen.udfs)."""
    from . import xlwings_setup

    try:
        for line in xlwings_setup.install(dry_run=dry_run):
            typer.echo(line)
    except (RuntimeError, subprocess.CalledProcessError) as error:
        typer.echo(str(error), err=True)
        typer.echo(xlwings_setup.MANUAL_STEPS)
        raise typer.Exit(1) from None
    typer.echo(xlwings_setup.MANUAL_STEPS)


@addin_app.command("steps")
def addin_steps():
    """Vis de trin i Excel, der ikke kan automatiseres."""
    from . import xlwings_setup

    typer.echo(xlwings_setup.MANUAL_STEPS)


def main() -> None:
    """Run the command, then leave without tearing down the interpreter's objects one by one.

    Everything is written and closed when a command returns (a refresh replaces the workbook atomically
    before it returns); freeing a large workbook's objects at exit took seconds and changes nothing.
    """
    try:
        app()
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        if not isinstance(exit_.code, (int, type(None))):
            print(exit_.code, file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    main()
