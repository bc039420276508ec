"""One table of a batch's investment cases, side by side (CSV or xlsx, built with pandas).

For a workbook made from Trappen's template, the figures are the case as :mod:`.case` reads it (the one
reader the command line uses too, for Ballerup's layout and Roskilde's alike): the municipality, the net
result and the cumulative net result per year, the payback year and the present value. Another workbook
gets a row with its name and the note that it is not a Trappen template; a workbook that was not
refreshed gets its reason.
"""

from __future__ import annotations

from pathlib import Path

from .case import read_case


def case_figures(refreshed) -> dict[str, object]:
    """A refreshed workbook's case figures as one row (Danish column names)."""
    row: dict[str, object] = {"Projektmappe": refreshed.path.name}
    case = read_case(refreshed.values)
    if case is None:
        row["Bemærkning"] = "ikke en Trappen-skabelon: ingen investeringscase at vise"
        return row
    row["Kommune"] = case.municipality
    for title, values in (("Netto", case.net()), ("Akkumuleret", case.cumulative())):
        for year, value in zip(case.years, values, strict=True):
            row[f"{title} {year}"] = value
    for title, value in (("Tilbagebetalingsår", case.payback()), ("Nutidsværdi", case.present_value())):
        if isinstance(value, float) and value.is_integer() and title == "Tilbagebetalingsår":
            value = int(value)
        row[title] = value if value is None or isinstance(value, (int, float)) else str(value)
    return row


def write_summary(result, target: str | Path) -> Path:
    """Write a batch's case figures to ``target`` (.csv with ';' and decimal commas, or .xlsx)."""
    import pandas as pd

    target = Path(target)
    rows = [case_figures(r) for r in result.refreshed]
    rows += [{"Projektmappe": path.name, "Bemærkning": f"ikke genberegnet: {reason}"} for path, reason in result.failed]
    frame = pd.DataFrame(rows)
    first = [c for c in ("Projektmappe", "Kommune") if c in frame.columns]
    last = [c for c in ("Bemærkning",) if c in frame.columns]
    frame = frame[first + [c for c in frame.columns if c not in first + last] + last]
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.suffix.lower() == ".xlsx":
        frame.to_excel(target, index=False, sheet_name="Oversigt")
    else:
        frame.to_csv(target, index=False, sep=";", decimal=",", encoding="utf-8-sig")
    return target
