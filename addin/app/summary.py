"""One table of a batch's investment cases, side by side (CSV or xlsx, built with pandas).

For a workbook made from Trappen's template, the figures are read where the template puts them
(``templates.build.layout()``): the municipality (Forudsætninger, the row labelled "Kommune"), the net
result and the cumulative net result per year, the payback year and the present value. Another
workbook gets a row with its name and the note that it is not a Trappen template; a workbook that was
not refreshed gets its reason.
"""

from __future__ import annotations

from pathlib import Path

from .cells import column_name, split_cell

ASSUMPTIONS = "Forudsætninger"


def _cells(where: str) -> tuple[str, list[str]]:
    sheet, _, area = where.rpartition("!")
    first, _, last = area.replace("$", "").partition(":")
    (c1, r1), (c2, r2) = split_cell(first), split_cell(last or first)
    return sheet.strip("'"), [f"{column_name(c)}{r}" for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]


def case_figures(refreshed) -> dict[str, object]:
    """A refreshed workbook's case figures as one row (Danish column names)."""
    from trappen.templates.build import layout

    row: dict[str, object] = {"Projektmappe": refreshed.path.name}
    where = layout()
    sheet, year_cells = _cells(where["years"])
    years = [refreshed.value(sheet, c) for c in year_cells]
    if sheet.upper() not in refreshed.values or not all(isinstance(y, (int, float)) for y in years):
        row["Bemærkning"] = "ikke en Trappen-skabelon: ingen investeringscase at vise"
        return row
    assumptions = refreshed.values.get(ASSUMPTIONS.upper(), {})
    label = next((cell for cell, value in assumptions.items() if value == "Kommune" and cell.startswith("A")), None)
    row["Kommune"] = assumptions.get("B" + label[1:]) if label else None
    for name, title in (("net", "Netto"), ("cumulative", "Akkumuleret")):
        sheet, cells = _cells(where[name])
        for year, cell in zip(years, cells):
            row[f"{title} {int(year)}"] = refreshed.value(sheet, cell)
    for name, title in (("payback", "Tilbagebetalingsår"), ("present_value", "Nutidsværdi")):
        sheet, (cell,) = _cells(where[name])
        value = refreshed.value(sheet, cell)
        if isinstance(value, float) and value.is_integer() and name == "payback":
            value = int(value)
        row[title] = value if isinstance(value, (int, float)) else str(value)
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
