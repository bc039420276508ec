"""Nøgletal: a sheet titled with a municipality shows that municipality's figures; another municipality's appear
only as a labelled comparison, with the source's comparability marks (Socialstyrelsen, Tabel 7: January 2016 is
not comparable with the later data points; the key figures are not comparable across municipalities)."""

from __future__ import annotations

import dataclasses

import openpyxl
import pytest

from trappen.addin.app import refresh
from trappen.templates.build import build, layout
from trappen.templates.example import BALLERUP


def _book(tmp_path, example):
    path = build(tmp_path / "investeringscase.xlsx", example)
    refresh.refresh(path, keep_backup=False)
    return openpyxl.load_workbook(path, data_only=True)["Nøgletal"], layout(example)


def _values(sheet, where):
    cells = where.rpartition("!")[2].replace("$", "")
    return [[cell.value for cell in row] for row in sheet[cells]]


def test_noegletal_shows_ballerups_own_figures_and_haderslev_only_as_a_labelled_comparison(tmp_path):
    sheet, where = _book(tmp_path, BALLERUP)
    texts = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert sheet["A1"].value == "Nøgletal – Ballerup Kommune"
    # Ballerup's own: BAL-R Tabel 4, units per 31 December 2014–2017 (2017 marked *) as in the accounts)
    assert _values(sheet, where["own_units"]) == [[140, 136, 133, 133], [895, 714, 774, 774], [145, 146, 145, 145],
                                                   [62, 55, 57, 57]]
    assert "2017 *)" in texts
    assert _values(sheet, where["own_permille"]) == [[None] * 4]  # no number of children typed: nothing computed
    # Haderslev: only under a heading that names it as a comparison, with Socialstyrelsen's marks
    haderslev = [k for k, text in enumerate(texts) if "Haderslev" in text]
    heading = texts.index("Til sammenligning: Haderslev Kommune – antal pr. 1000 0–17-årige")
    assert haderslev and min(haderslev) == heading
    assert any(text.startswith("Ikke Ballerup Kommunes tal.") for text in texts)
    assert "Jan 16 *)" in texts
    marks = next(text for text in texts if text.startswith("*) Socialstyrelsen"))
    assert "ikke kan sammenlignes direkte med de følgende" in marks
    assert "kan derfor ikke sammenlignes direkte på tværs af kommuner" in marks


def test_ballerups_placements_per_1000_once_the_officer_types_the_children(tmp_path):
    """A number of children typed (here 10.000, not from the documents): 149 placements in January 2017 are
    14,9 per 1000, 129 in March 2018 are 12,9."""
    sheet, where = _book(tmp_path, dataclasses.replace(BALLERUP, own_population=10_000))
    assert _values(sheet, where["own_permille"])[0] == pytest.approx([14.9, 13.7, 13.1, 12.9])
