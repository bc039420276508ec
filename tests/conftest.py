"""Helpers several test modules share: where the repository and its test data are, the cells of a
template range, a workbook as Excel saves it."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from trappen.addin.workbook import cells

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"


def cells_of(where: str) -> tuple[str, list[str]]:
    """``'Sheet'!$B$18:$F$18`` → ("Sheet", ["B18", ..., "F18"]) in row-major order."""
    sheet, _, area = where.rpartition("!")
    return sheet.strip("'"), list(cells.cells_in(area))


def as_saved_by_excel(path: Path, extra_calc: str = "") -> Path:
    """The workbook with the calculation flags Excel writes when it saves after calculating."""
    with zipfile.ZipFile(path) as zf:
        parts = {info: zf.read(info.filename) for info in zf.infolist()}
    with zipfile.ZipFile(path, "w") as zf:
        for info, data in parts.items():
            if info.filename == "xl/workbook.xml":
                data = re.sub(rb"<calcPr[^>]*/>", f'<calcPr calcId="191029"{extra_calc}/>'.encode(), data)
            zf.writestr(info, data)
    return path
