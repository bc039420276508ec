"""The function reference, generated from the registry for the README and the user guide.

Nothing here is typed by hand: names, arguments, units, help texts and examples come from
``udfs.REGISTRY``. ``python tools/function_reference.py`` rewrites the marked sections of README.md and
docs/funktioner.md; a test fails when they are out of date.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np

from trappen import udfs
from trappen.udfs import danish
from trappen.udfs.registry import ExcelFunction

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- functions:start -->", "<!-- functions:end -->"


def result_text(result) -> str:
    values = np.ravel(np.asarray(result, dtype=float))
    return "; ".join(danish.number(v) for v in values)


def readme_table() -> str:
    """One row per function: name and arguments, what it computes (Danish help), result unit."""
    lines = ["| Excel | argumenter | beregner | resultat |", "|---|---|---|---|"]
    for spec in udfs.REGISTRY.values():
        args = "; ".join(_arg_label(a) for a in spec.arguments)
        lines.append(f"| `{spec.name}` | {args} | {_cell(spec.help)} | {_cell(spec.result)} |")
    return "\n".join(lines)


def function_page(spec: ExcelFunction) -> str:
    """The user guide's section for one function: help, arguments with units, the documents' example."""
    rows = [f"### {spec.name}", "", _cell(spec.help), "", f"`={spec.signature}`", "",
            "| argument | betydning | enhed |", "|---|---|---|"]
    for arg in spec.arguments:
        rows.append(f"| {_arg_label(arg)} | {_cell(arg.help)} | {arg.unit} |")
    example = spec.example
    rows += ["", f"**Resultat:** {spec.result}.", "",
             f"**Eksempel** ({example.source}): `{example.formula}` giver **{result_text(example.result)}**.", ""]
    return "\n".join(rows)


def guide_reference() -> str:
    sections = []
    for category in dict.fromkeys(spec.category for spec in udfs.REGISTRY.values()):
        sections.append(f"## {category}\n")
        sections += [function_page(spec) for spec in udfs.REGISTRY.values() if spec.category == category]
    return "\n".join(sections).rstrip() + "\n"


def replace_section(text: str, generated: str) -> str:
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        raise ValueError(f"no {START} … {END} section to fill")
    return pattern.sub(lambda _: f"{START}\n{generated.rstrip()}\n{END}", text)


TARGETS = {ROOT / "README.md": readme_table, ROOT / "docs" / "funktioner.md": guide_reference}


def outdated() -> list[Path]:
    """Files whose generated section differs from what the registry says now."""
    stale = []
    for path, generate in TARGETS.items():
        text = path.read_text(encoding="utf-8")
        if replace_section(text, generate()) != text:
            stale.append(path)
    return stale


def write() -> list[Path]:
    changed = []
    for path, generate in TARGETS.items():
        text = path.read_text(encoding="utf-8")
        new = replace_section(text, generate())
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    return changed


def _arg_label(arg) -> str:
    label = f"{arg.name}…" if arg.repeating else arg.name
    return f"[{label}]" if arg.optional or arg.repeating else label


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


if __name__ == "__main__":
    for path in write():
        print(f"updated {path.relative_to(ROOT)}", file=sys.stderr)
