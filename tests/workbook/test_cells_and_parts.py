"""The one A1 module (``workbook.cells``) and the one relationship resolver (``workbook.ooxml``)."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st
from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name

from trappen.addin.workbook import cells, ooxml


@given(st.integers(1, 16_384), st.integers(1, 1_048_576))
def test_a1_agrees_with_xlsxwriter_and_goes_both_ways(column, row):
    """Checked against xlsxwriter's own arithmetic (an independent implementation), (row, column) order."""
    a1 = cells.cell(row, column)
    assert a1 == f"{xl_col_to_name(column - 1)}{row}"
    assert cells.position(a1) == (row, column) == tuple(n + 1 for n in xl_cell_to_rowcol(a1))
    assert cells.position("$" + a1.replace(str(row), f"${row}")) == (row, column)
    assert cells.column_number(cells.column_letters(column)) == column


def test_areas_and_their_cells():
    assert cells.area("C6:B5") == (5, 2, 6, 3)
    assert cells.area("$AB$12") == (12, 28, 12, 28)
    assert list(cells.cells_in("B5:C6")) == ["B5", "C5", "B6", "C6"]


def package(rels: str, parts=("xl/worksheets/sheet1.xml", "xl/my sheet.xml")) -> zipfile.ZipFile:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as zf:
        zf.writestr("xl/_rels/workbook.xml.rels", rels)
        for part in parts:
            zf.writestr(part, "<x/>")
    return zipfile.ZipFile(data)


RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="r1" Type="http://x/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="r2" Type="http://x/worksheet" Target="/xl/worksheets/sheet1.xml"/>
<Relationship Id="r3" Type="http://x/worksheet" Target="my%20sheet.xml"/>
<Relationship Id="r4" Type="http://x/hyperlink" Target="https://example.org/" TargetMode="External"/>
<Relationship Id="r5" Type="http://x/hyperlink" Target="#Ark1!A1"/>
<Relationship Id="r6" Type="http://x/image" Target="../../outside.png"/>
</Relationships>"""


def test_one_resolver_for_relative_absolute_escaped_external_and_place_targets():
    related = ooxml.relationships(package(RELS), "xl/workbook.xml")
    assert related["r1"].part == related["r2"].part == "xl/worksheets/sheet1.xml"
    assert related["r1"].kind == "worksheet"
    assert related["r3"].part == "xl/my sheet.xml"
    assert related["r4"].external and related["r4"].part is None and related["r4"].target == "https://example.org/"
    assert related["r5"].part is None and not related["r5"].external
    assert related["r6"].part == "../outside.png"  # leaves the package: the gate refuses it
    assert ooxml.relationships(package(RELS), "xl/worksheets/sheet1.xml") == {}  # a part without relationships


def test_a_relationships_part_with_a_dtd_is_refused():
    dtd = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><Relationships/>'
    with pytest.raises(ooxml.WorkbookError, match="DTD"):
        ooxml.relationships(package(dtd), "xl/workbook.xml")
