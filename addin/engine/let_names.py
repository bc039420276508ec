"""LET, resolved by writing each name's value in place of the name before a formula is read.

Microsoft's page "LET function" (support.microsoft.com, 34842dd8-b92b-4d3f-b325-b8b8f9908999):
``LET(name1, name_value1, [name2, name_value2, ...], calculation)`` assigns names to values and gives the
calculation's result; a name's value may use the names before it; "The last argument must be a calculation";
"names must begin with a letter". Excel writes the function ``_xlfn.LET`` and each name ``_xlpm.x`` in the file.

:func:`resolve_references` rewrites ``_xlfn.LET(_xlpm.x,5,SUM(_xlpm.x,1))`` as ``(SUM((5),1))``: each use of a
name replaced by its value in parentheses, token by token (:mod:`.dynamic_references`' tokens), so a name never
matches inside a string, a sheet name or another name. Only where this is certainly the same calculation: the
names plain and distinct, and no LET or LAMBDA inside (which could shadow a name); otherwise the formula stays as
written, kept or refused by name ("Excel-funktion … _XLFN.LET") as before. The file's text stays in ``written``.
"""

from __future__ import annotations

import re

from .formula_text import rewrite_calls, tokenised

_LET = ("LET", "_XLFN.LET")
_SCOPED = {"LET", "_XLFN.LET", "LAMBDA", "_XLFN.LAMBDA"}
_NAME = re.compile(r"(?:_xlpm\.)?[^\W\d_][\w.]*", re.I)


class _NotPlain(Exception):
    """A LET this module does not rewrite."""


def _calls(text: str) -> set[str]:
    return {chunk[:-1].strip().upper() for kind, chunk in tokenised(text) if kind == "call"}


def _substituted(text: str, values: dict[str, str]) -> str:
    out, after_sheet = [], False
    for kind, chunk in tokenised(text):
        # a word after a sheet (Ark1!x) is that sheet's defined name, never a LET name
        out.append(values.get(chunk.upper(), chunk) if kind == "word" and not after_sheet else chunk)
        after_sheet = kind == "sheet"
    return "".join(out)


def _let(args: list[str]) -> str:
    if len(args) < 3 or len(args) % 2 == 0:
        raise _NotPlain
    values: dict[str, str] = {}
    for name, value in zip(args[:-1:2], args[1:-1:2], strict=True):
        name = name.strip()
        if not _NAME.fullmatch(name) or name.upper() in values or _calls(value) & _SCOPED:
            raise _NotPlain
        values[name.upper()] = "(" + _substituted(value, values).strip() + ")"
    if _calls(args[-1]) & _SCOPED:
        raise _NotPlain
    return "(" + _substituted(args[-1], values).strip() + ")"


def resolve(text: str) -> str:
    """``text`` (a formula, with or without ``=``) with each plain LET written out (the module's rule)."""
    if "LET" not in text.upper():
        return text
    try:
        return rewrite_calls(text, _LET, lambda name, args: _let(args))
    except _NotPlain:
        return text


def resolve_references(contents) -> None:
    """Every formula of ``contents`` (a :class:`.contents.Contents`) with its plain LET calls written out
    (:func:`resolve`); the file's text stays in ``written``."""
    for sheet in contents.sheets:
        done: dict[str, str] = {}
        for formula in sheet.formulas.values():
            if not formula.text or "LET" not in formula.text.upper():
                continue
            if formula.text not in done:
                done[formula.text] = resolve(formula.text)
            if done[formula.text] != formula.text:
                if formula.written is None:
                    formula.written = formula.text
                formula.text = done[formula.text]
