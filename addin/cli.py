"""The command line: trappen template, trappen refresh (one workbook or a folder), trappen addin.

    trappen template [PATH]          write the template workbook (Ballerup example; --eksempel roskilde)
    trappen refresh [WORKBOOK]       recalculate a workbook headlessly and show its investment case
    trappen refresh MAPPE/           recalculate every workbook in a folder
    trappen accept [MAPPE]           the acceptance workbook and checklist for a tester with a real Excel
    trappen opgrader PROJEKTMAPPE    rewrite an older template's legacy formulas as today's template writes them
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import traceback
from pathlib import Path

import click
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from typer import rich_utils
from typer.core import TyperCommand, TyperGroup

from trappen.templates.build import FILENAME, build
from trappen.templates.example import EXAMPLES
from trappen.udfs import danish

from .app import batch, pdf
from .app import case as cases
from .app import refresh as refreshing
from .app.case import read_tables
from .workbook import disk, failures, replacement

HELP = "Trappen: skabelonen til investeringscasen og genberegning af projektmapper uden Excel."
HELP_OPTION = "Vis denne hjælp og afslut."
# typer's help panels read these titles from its rich_utils module when the help is shown.
rich_utils.ARGUMENTS_PANEL_TITLE, rich_utils.OPTIONS_PANEL_TITLE = "Argumenter", "Indstillinger"
rich_utils.COMMANDS_PANEL_TITLE, rich_utils.ERRORS_PANEL_TITLE = "Kommandoer", "Fejl"
rich_utils.DEFAULT_STRING, rich_utils.REQUIRED_LONG_STRING = "[standard: {}]", "[skal angives]"
rich_utils.ABORTED_TEXT = "Afbrudt."
rich_utils.RICH_HELP = "Prøv '{command_path} {help_option}' for at få hjælp."


class _Danish:
    """The help option and the usage line in Danish (click's own words are English)."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION
        return option

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix="Brug: ")


class DanishGroup(_Danish, TyperGroup):
    pass


class DanishCommand(_Danish, TyperCommand):
    pass


app = typer.Typer(add_completion=False, no_args_is_help=True, help=HELP, cls=DanishGroup,
                  options_metavar="[INDSTILLINGER]", subcommand_metavar="KOMMANDO [ARGUMENTER]...",
                  pretty_exceptions_enable=False)
addin_app = typer.Typer(no_args_is_help=True, help="Excel-tilføjelsesprogrammet (xlwings, Windows).",
                        cls=DanishGroup, options_metavar="[INDSTILLINGER]", subcommand_metavar="KOMMANDO")
app.add_typer(addin_app, name="addin")
console = Console()
err = Console(stderr=True)


def _fail(error: BaseException, path: Path | None, debug: bool, lead: str, state: str | None = None) -> typer.Exit:
    """Say a failure in one Danish line (the traceback only with ``--debug``); the exit to raise."""
    if debug:
        traceback.print_exception(error, file=sys.stderr)
    err.print(f"{lead}: {failures.explain(error, path, state)}", markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(130 if isinstance(error, KeyboardInterrupt) else 1)


DEBUG = typer.Option(False, "--debug", help="Vis Pythons fejlsporing (traceback), hvis noget går galt.")


@app.command(cls=DanishCommand, options_metavar="[INDSTILLINGER]")
def template(path: Path = typer.Argument(Path(FILENAME), metavar="STI", help="Hvor skabelonen skrives."),
             force: bool = typer.Option(False, "--force", help="Overskriv en eksisterende fil (der tages backup)."),
             eksempel: str = typer.Option("ballerup", "--eksempel",
                                          help=f"Eksemplet, skabelonen fyldes med: {' eller '.join(EXAMPLES)}."),
             debug: bool = DEBUG):
    """Skriv skabelonen investeringscase.xlsx med Ballerup-eksemplet (eller Roskildes med --eksempel roskilde)."""
    example = EXAMPLES.get(eksempel.strip().lower())
    if example is None:
        err.print(f"Skabelonen blev ikke skrevet: ukendt eksempel '{eksempel}' — vælg {' eller '.join(EXAMPLES)}",
                  markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1)
    path = path / FILENAME if path.is_dir() else path
    if path.exists() and not force:
        err.print(f"Skabelonen blev ikke skrevet: {path} findes allerede — brug --force for at overskrive "
                  "(den gamle fil gemmes som backup)",
                  markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1)
    def write(target: Path) -> None:
        build(target, example)

    try:
        if path.exists():
            backup = replacement.replace(path, write, expected=disk.Snapshot.of(path))
            _say(f"Backup af den gamle fil: {backup}")
        else:
            replacement.create(path, write)
    except (Exception, KeyboardInterrupt) as error:  # noqa: BLE001 - the edge: one line, never a traceback
        raise _fail(error, path, debug, "Skabelonen blev ikke skrevet") from None
    _say(f"Skabelon skrevet: {path}")


@app.command(cls=DanishCommand, options_metavar="[INDSTILLINGER]")
def refresh(workbook: Path = typer.Argument(Path(FILENAME), metavar="PROJEKTMAPPE",
                                           help="Projektmappe eller mappe med projektmapper."),
            pdf: Path | None = typer.Option(None, "--pdf", help="Gem også en PDF (kræver LibreOffice)."),
            backup: bool = typer.Option(True, "--backup/--no-backup",
                                        help="Gem originalen som NAVN.bak.xlsx (ældre backupper bevares som "
                                             "NAVN.bak-2.xlsx, NAVN.bak-3.xlsx ...)."),
            verify: bool = typer.Option(False, "--kontroller", help="Beregn alle formler og afvis projektmappen, "
                                        "hvis en formel uden Trappens funktioner ikke giver den gemte værdi."),
            keep_saved: bool = typer.Option(False, "--behold-gemte", help="Med --kontroller: behold de gemte "
                                            "værdier i de celler, der ikke kan genskabes (og sig hvilke)."),
            processes: int | None = typer.Option(None, "--processer", min=1, help="Mappe: antal processer "
                                                 "(standard: så mange, som maskinen har ledige)."),
            summary: Path | None = typer.Option(None, "--oversigt", help="Mappe: skriv casernes tal side om side "
                                                "i en tabel (.csv eller .xlsx)."),
            as_json: bool = typer.Option(False, "--json", help="Skriv kun casens hovedtal som JSON på stdout "
                                         "(nøglerne står i docs/brug.md); alt andet på stderr."),
            debug: bool = DEBUG):
    """Genberegn en projektmappe uden Excel og vis investeringscasen.

    Uden argument: investeringscase.xlsx i den aktuelle mappe (oprettes fra skabelonen, hvis den mangler).
    """
    verify = verify or keep_saved
    try:
        if workbook.is_dir():
            code = _refresh_folder(workbook, backup, processes, summary, as_json, verify=verify,
                                   keep_saved=keep_saved)
        else:
            code = _refresh_one(workbook, pdf, backup, debug, as_json, verify=verify, keep_saved=keep_saved)
    except typer.Exit:
        raise
    except (Exception, KeyboardInterrupt) as error:  # noqa: BLE001 - the edge: one line, never a traceback
        raise _fail(error, workbook, debug, "Ikke genberegnet") from None
    raise typer.Exit(code)


@contextlib.contextmanager
def _lines_to_stderr(as_json: bool):
    """With ``--json`` stdout holds the JSON alone: every line for the officer goes to stderr meanwhile."""
    global console
    shown = console
    if as_json:
        console = err
    try:
        yield
    finally:
        console = shown


def _refresh_one(workbook: Path, pdf: Path | None, backup: bool, debug: bool, as_json: bool = False,
                 **options) -> int:
    with _lines_to_stderr(as_json):
        return _refresh_and_show(workbook, pdf, backup, debug, as_json, **options)


def _refresh_and_show(workbook: Path, pdf: Path | None, backup: bool, debug: bool, as_json: bool,
                      **options) -> int:
    if not workbook.exists() and workbook == Path(FILENAME):
        replacement.create(workbook, build)
        backup = False  # nothing to back up: the file was just built
        _say(f"Oprettede {workbook} fra skabelonen (Ballerup-eksemplet).")
    result = refreshing.refresh(workbook, keep_backup=backup, **options)
    headline = cases.read_headline(result)
    if as_json:
        _print_json(cases.as_json(headline, result.path.name))
    else:
        show_headline(headline)
        show_investment_case(result, scale=headline.scale if headline else 1.0)
    _say(f"{_n(result.formulas)} formler genberegnet på {danish.number(result.seconds, 2)} s → {result.path}")
    if result.backup:
        _say(f"Backup af originalen: {result.backup}")
    _what_was_computed(result)
    for cell in result.errors:
        err.print(f"Fejl i celle {cell}", markup=False, highlight=False, soft_wrap=True)
    if pdf is not None:
        try:
            _write_pdf(result, pdf)
        except (Exception, KeyboardInterrupt) as error:  # noqa: BLE001 - the workbook is refreshed; only the PDF failed
            raise _fail(error, pdf, debug, "Ingen PDF", state=f"{workbook.name} er genberegnet") from None
    return 0


def _n(count: int) -> str:
    """A count as the officer reads it: 50.000 (thousands dot)."""
    return danish.number(count)


def _say(line: str) -> None:
    """One line for the officer, printed as is (file names may hold [ ] that rich would read as markup)."""
    console.print(line, markup=False, highlight=False, soft_wrap=True)


def _what_was_computed(result: refreshing.Refreshed) -> None:
    """Say which formulas were computed and which kept their saved values, and why."""
    if not result.trusted and result.replaced:
        _say(f"Alle formler er beregnet, og {_n(result.replaced)} celler fik en anden værdi end den gemte — de gemte "
             f"værdier bruges ikke som facit: {result.trust_reason}.")
    if result.computed < result.formulas:
        _say(f"Beregnet: {_n(result.computed)} af {_n(result.formulas)} formelceller (Trappens funktioner, det der "
             f"afhænger af dem, og celler uden gemt værdi); resten beholder de gemte værdier — "
             f"{result.trust_reason}.")
    for kept in result.kept[:5]:
        _say(f"Beholder Excels værdi i {kept.sheet}!{kept.cell}: {kept.reason}")
    if len(result.kept) > 5:
        _say(f"... og {_n(len(result.kept) - 5)} celler mere beholder Excels værdi.")
    if result.differences:
        _say(f"{_n(len(result.differences))} celler beholder den gemte værdi (--behold-gemte), "
             f"fx {result.differences[0]}")


def _print_json(data) -> None:
    """JSON on stdout, nothing else (UTF-8, Danish letters as they are)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _refresh_folder(folder: Path, backup: bool, processes: int | None = None, summary: Path | None = None,
                    as_json: bool = False, **options) -> int:
    with _lines_to_stderr(as_json):
        return _refresh_all(folder, backup, processes, summary, as_json, **options)


def _refresh_all(folder: Path, backup: bool, processes: int | None, summary: Path | None, as_json: bool,
                 **options) -> int:
    paths = batch.workbooks_in(folder)
    if not paths:
        err.print(f"Ingen projektmapper (.xlsx/.xlsm) i {folder}", markup=False, highlight=False)
        return 1
    columns = (TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("Genberegner", total=len(paths))
        result = batch.refresh_many(paths, keep_backup=backup, processes=processes,
                                         progress=lambda _: progress.advance(task), **options)
    _say(f"{_n(len(result.refreshed))} af {_n(len(paths))} projektmapper genberegnet på "
         f"{danish.number(result.seconds, 1)} s "
         f"({result.processes} {'proces' if result.processes == 1 else 'processer'}).")
    if summary is not None:
        from .app.summary import write_summary

        _say(f"Oversigt: {write_summary(result, summary)}")
    if as_json:
        _print_json([cases.as_json(cases.read_headline(r), r.path.name) for r in result.refreshed])
    for r in result.refreshed:
        if r.errors:
            err.print(f"{r.path.name}: {_n(len(r.errors))} celler viser fejl, fx {r.errors[0]}",
                      markup=False, highlight=False, soft_wrap=True)
    for _, reason in result.failed:
        err.print(f"Ikke genberegnet: {reason}", markup=False, highlight=False, soft_wrap=True)
    return 1 if result.failed else 0


def _amount(headline: cases.Headline, value) -> str:
    """An amount as Sammendrag shows it: one decimal in mio. kr., whole kr. or 1.000 kr. otherwise."""
    if value is None:
        return ""
    decimals = 0 if (headline.unit or "").strip().lower() in ("kr.", "1.000 kr.") else 1
    return danish.cell_text(value, decimals)


def show_headline(headline: cases.Headline | None) -> None:
    """Print the headline case first, the figures Sammendrag shows: the years, net, accumulated, present value,
    payback in words, price view and unit; then the other answers with their names, and the bridge."""
    if headline is None:
        _say("Ingen investeringscase at vise: projektmappen er ikke lavet fra Trappens skabelon.")
        return
    unit = headline.unit or "enhed ikke angivet"
    _say(f"Investeringscasen{' – ' + str(headline.municipality) if headline.municipality else ''}, "
         f"{cases.SOURCE_WORDS[headline.source]}")
    _say(f"Prisvisning: {headline.price_view or 'ikke angivet'}. Beløb i {unit}; positiv = merudgift, "
         "negativ = besparelse.")
    table = Table(title=None, show_lines=False, header_style="bold")
    table.add_column(unit.capitalize())
    for year in headline.years:
        table.add_column(danish.cell_text(year) if not isinstance(year, int) else str(year), justify="right")
    table.add_row("Nettoresultat", *[_amount(headline, v) for v in headline.net], style="bold")
    table.add_row("Akkumuleret nettoresultat", *[_amount(headline, v) for v in headline.cumulative], style="bold")
    console.print(table)
    if headline.prior_costs is not None and headline.years:
        _say(f"Udgift før casens første år ({headline.years[0] - 1 if isinstance(headline.years[0], int) else ''}), "
             f"med i det akkumulerede: {_amount(headline, headline.prior_costs)}")
    if headline.present_value is not None:
        _say(f"Nutidsværdi (akkumuleret, tilbagediskonteret): {_amount(headline, headline.present_value)}")
    words = headline.payback_words or (str(headline.payback) if headline.payback else "ikke inden de viste år")
    _say(f"Tilbagebetalingsår: {words}")
    if headline.answers:
        last = headline.years[-1] if headline.years else ""
        answers = Table(title="Samme spørgsmål, andre svar", title_justify="left", header_style="bold")
        answers.add_column("Svar (fane)")
        answers.add_column(f"Akkumuleret {last}", justify="right")
        answers.add_column("Tilbagebetalingsår", justify="right")
        answers.add_column(f"Ellers, med {last}-niveau", justify="right")
        for k, answer in enumerate(headline.answers):
            answers.add_row(answer.name, _amount(headline, answer.cumulative), answer.payback, answer.later,
                            style="bold" if k == 0 else None)
        console.print(answers)
    bridge = headline.bridge
    if bridge is not None:
        steps = Table(title="Broen: fra dokumentets tabel til casen (akkumuleret ved sidste år)",
                      title_justify="left", header_style="bold")
        steps.add_column("Trin")
        steps.add_column("Virkning", justify="right")
        if bridge.origin is not None:
            steps.add_row(bridge.origin, _amount(headline, bridge.start), style="bold")
        for step in bridge.steps:
            steps.add_row(step.name, _amount(headline, step.effect))
        total = bridge.total()
        steps.add_row("Trinene i alt (casen minus tabellen)", _amount(headline, total))
        steps.add_row("Casen (øverst)", _amount(headline, headline.horizon), style="bold")
        console.print(steps)
    for problem in headline.problems:
        _say(f"(navnet {problem} findes ikke i projektmappen: vises ikke)")


def show_investment_case(result: refreshing.Refreshed, sheet: str = "Investeringscase", scale: float = 1.0) -> None:
    """Print the rows of the investment-case sheet that carry numbers, as the officer's table.

    ``scale``: the amounts divided by it are in the workbook's unit (the cells hold kr., shown in the chosen unit).
    """
    values = result.values.get(sheet.upper())
    if not values:
        _say(f"(ingen fane '{sheet}' at vise)")
        return
    for case_table in read_tables(values):
        table = Table(title=None, show_lines=False, header_style="bold")
        table.add_column(case_table.unit)
        for year in case_table.years:
            table.add_column(str(year), justify="right")
        decimals = 0 if case_table.unit.strip().lower() == "1.000 kr." else 1  # whole thousands, as the sheet shows
        for label, numbers in case_table.rows:
            shown = [danish.cell_text(v / scale if isinstance(v, float) else v, decimals) if not isinstance(v, str)
                     else v for v in numbers]
            if not any(shown):
                continue
            if label.lower().startswith("tilbagebetal"):
                year = numbers[0]
                whole = isinstance(year, (int, float)) and not isinstance(year, bool) and float(year).is_integer()
                shown = [str(int(year)) if whole else danish.cell_text(year)] + [""] * 4
            style = "bold" if label.startswith(("Nettobesparelse", "Finansieringsbehov i alt", "Tilbagebetal")) \
                else None
            table.add_row(label, *shown, style=style)
        console.print(table)


def _write_pdf(result: refreshing.Refreshed, target: Path) -> None:
    _say(f"PDF: {pdf.write(result, target)}")


@addin_app.command("install", cls=DanishCommand, options_metavar="[INDSTILLINGER]")
def addin_install(dry_run: bool = typer.Option(False, "--dry-run",
                                               help="Vis hvad der ville ske, uden at gøre det.")):
    """Installér xlwings-tilføjelsesprogrammet og skriv konfigurationen (Interpreter_Win, UDF Modules =
    trappen.udfs)."""
    from .excel import xlwings_setup

    try:
        for line in xlwings_setup.install(dry_run=dry_run):
            typer.echo(line)
    except (RuntimeError, subprocess.CalledProcessError) as error:
        typer.echo(str(error), err=True)
        typer.echo(xlwings_setup.MANUAL_STEPS)
        raise typer.Exit(1) from None
    except OSError as error:  # e.g. no write access to the configuration folder
        typer.echo(failures.explain(error, state="tilføjelsesprogrammet er ikke installeret"), err=True)
        typer.echo(xlwings_setup.MANUAL_STEPS)
        raise typer.Exit(1) from None
    typer.echo(xlwings_setup.MANUAL_STEPS)


@addin_app.command("steps", cls=DanishCommand, options_metavar="[INDSTILLINGER]")
def addin_steps():
    """Vis de trin i Excel, der ikke kan automatiseres."""
    from .excel import xlwings_setup

    typer.echo(xlwings_setup.MANUAL_STEPS)


@app.command(cls=DanishCommand, options_metavar="[INDSTILLINGER]")
def accept(folder: Path = typer.Argument(Path("."), metavar="MAPPE",
                                         help="Mappen, projektmappen og tjeklisten skrives i."),
           debug: bool = DEBUG):
    """Skriv accepttestens projektmappe trappen-accept.xlsx og dens tjekliste til en tester med rigtig Excel."""
    from .app import acceptance

    targets = [folder / "trappen-accept.xlsx", folder / "trappen-accept.md"]
    existing = [str(target) for target in targets if target.exists()]
    if existing:
        err.print(f"Accepttesten blev ikke skrevet: {', '.join(existing)} findes allerede — flyt eller slet den, "
                  "og prøv igen", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1)
    try:
        workbook, checklist = acceptance.write(folder)
    except (Exception, KeyboardInterrupt) as error:  # noqa: BLE001 - the edge: one line, never a traceback
        raise _fail(error, folder, debug, "Accepttesten blev ikke skrevet") from None
    _say(f"Accepttest skrevet: {workbook} og tjeklisten {checklist} (se docs/accept.md)")


@app.command("opgrader", cls=DanishCommand, options_metavar="[INDSTILLINGER]")
def opgrader(workbook: Path = typer.Argument(..., metavar="PROJEKTMAPPE",
                                            help="Projektmappen fra en ældre skabelon, der skal opgraderes."),
             debug: bool = DEBUG):
    """Opgradér en projektmappe fra en ældre skabelon: almindelige formler med Trappens funktioner, som Excel
    ville regne med implicit skæring, bliver dynamiske matrixformler (som i dagens skabelon).

    Originalen gemmes som backup (NAVN.bak.xlsx, NAVN.bak-2.xlsx ...); er der intet at opgradere, røres filen ikke.
    """
    from .app import upgrade

    try:
        result = upgrade.upgrade(workbook)
    except (Exception, KeyboardInterrupt) as error:  # noqa: BLE001 - the edge: one line, never a traceback
        raise _fail(error, workbook, debug, "Ikke opgraderet") from None
    if not result.changes:
        _say(f"Intet at opgradere i {result.path}: ingen formel med Trappens funktioner ændrer betydning ved "
             "implicit skæring. Filen er ikke ændret.")
        return
    _say(f"Opgraderet: {result.path} ({len(result.changes)} "
         f"{'formel' if len(result.changes) == 1 else 'formler'} gjort til dynamiske matrixformler)")
    for change in result.changes:
        _say(f"  {change.sheet}!{change.cell}: {change.formula}")
        _say(f"    → {change.new_form}")
    if result.backup:
        _say(f"Backup af originalen: {result.backup}")
    _say("Kør trappen refresh for at genberegne; åbn den i Excel, og gem den, så Excel også regner den igen.")


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
