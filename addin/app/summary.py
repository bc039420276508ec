"""One table of a batch's investment cases, side by side (CSV or xlsx, built with pandas).

Each workbook is read by its own layout through :func:`.case.read_headline`, the reader the command line and
``--json`` use too: Sammendrag's names where the workbook has them, Investeringscase's tables for an older
template. One row per workbook, columns named after what they hold (:func:`columns`): Projektmappe, Kommune,
Læst fra, Prisvisning, Enhed, Netto <år> and Akkumuleret <år> for every year any case covers, Udgift før
første år, Nutidsværdi, Tilbagebetalingsår (the year, empty where the case does not pay back within its
years), Tilbagebetaling (in words, as Sammendrag says it), Bemærkning. Every amount is in mio. kr. (one unit
per column, whatever unit the workbook shows), positive = merudgift. Another workbook gets a row with its
name and the note that it is not a Trappen template; a workbook that was not refreshed gets its reason.

The CSV is what a Danish Excel opens: semicolons between fields, a decimal comma and no thousands separator,
UTF-8 with a byte-order mark; every number is written the same way (full precision), whatever the column.
"""

from __future__ import annotations

import csv
from pathlib import Path

from .case import BY_NAMES, read_headline

UNIT = "mio. kr."
SOURCE = {BY_NAMES: "Sammendrag (navne)"}
OLDER = "Investeringscase (ældre skabelon)"


def case_figures(refreshed) -> dict[str, object]:
    """A refreshed workbook's headline case as one row (Danish column names, amounts in mio. kr.)."""
    row: dict[str, object] = {"Projektmappe": refreshed.path.name}
    headline = read_headline(refreshed)
    if headline is None:
        row["Bemærkning"] = "ikke en Trappen-skabelon: ingen investeringscase at vise"
        return row
    row["Kommune"] = headline.municipality
    row["Læst fra"] = SOURCE.get(headline.source, OLDER)
    row["Prisvisning"] = headline.price_view
    row["Enhed"] = UNIT
    notes = []
    if headline.in_millions(0.0) is None:
        notes.append(f"ukendt enhed '{headline.unit}': beløbene er ikke vist")
    for title, values in (("Netto", headline.net), ("Akkumuleret", headline.cumulative)):
        for year, value in zip(headline.years, values, strict=True):
            row[f"{title} {year}"] = _amount(headline.in_millions(value))
    row["Udgift før første år"] = _amount(headline.in_millions(headline.prior_costs))
    row["Nutidsværdi"] = _amount(headline.in_millions(headline.present_value))
    row["Tilbagebetalingsår"] = _amount(headline.payback)
    row["Tilbagebetaling"] = headline.payback_words
    if notes:
        row["Bemærkning"] = "; ".join(notes)
    return row


def _amount(value):
    """A number, or an error value's text (``#VALUE!``): never a number where the workbook shows an error."""
    return value if value is None or isinstance(value, (int, float)) else str(value)


def columns(rows: list[dict[str, object]]) -> list[str]:
    """The overview's columns in their order: the years ascending within Netto and Akkumuleret."""
    years = sorted({int(key.split()[-1]) for row in rows for key in row if key.startswith(("Netto ", "Akkumuleret "))})
    named = ["Projektmappe", "Kommune", "Læst fra", "Prisvisning", "Enhed",
             *(f"Netto {y}" for y in years), *(f"Akkumuleret {y}" for y in years),
             "Udgift før første år", "Nutidsværdi", "Tilbagebetalingsår", "Tilbagebetaling", "Bemærkning"]
    present = {key for row in rows for key in row}
    return [c for c in named if c in present or c in ("Projektmappe", "Bemærkning")]


def danish_field(value) -> str:
    """A CSV field as a Danish Excel reads it: 1234,5 (decimal comma, no thousands separator), text as it is."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "SAND" if value else "FALSK"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value).replace(".", ",")
    return str(value)


def write_summary(result, target: str | Path) -> Path:
    """Write a batch's case figures to ``target`` (.csv: ';' and decimal commas; .xlsx: numbers as numbers)."""
    target = Path(target)
    rows = [case_figures(r) for r in result.refreshed]
    rows += [{"Projektmappe": path.name, "Bemærkning": f"ikke genberegnet: {reason}"} for path, reason in result.failed]
    names = columns(rows)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.suffix.lower() == ".xlsx":
        import pandas as pd

        frame = pd.DataFrame([[row.get(c) for c in names] for row in rows], columns=names)
        if "Tilbagebetalingsår" in frame and all(v is None or isinstance(v, int) for v in frame["Tilbagebetalingsår"]):
            frame["Tilbagebetalingsår"] = frame["Tilbagebetalingsår"].astype("Int64")  # 2022, not 2022.0
        frame.to_excel(target, index=False, sheet_name="Oversigt")
    else:
        with target.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
            writer.writerow(names)
            writer.writerows([danish_field(row.get(c)) for c in names] for row in rows)
    return target
