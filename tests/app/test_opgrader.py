"""``trappen opgrader``: a workbook from the 0.2.0 template gets the dynamic-array formulas of today's template.

0.2.0's Usikkerhed!B16:B17 are plain formulas passing ``'Anbringelser'!$F$18:$F$24/1e+06`` to BREAKEVENFALL
and BREAKEVENGROWTH: Excel (and today's refresh) intersects that range with rows 16 and 17 (#VALUE!). After
``trappen opgrader`` they are dynamic-array formulas, and ``trappen refresh`` gives every cell of the workbook
the figure the 0.2.0 fixture holds (0.2.0's headless refresh: 7,47 and −0,019 there).
"""

from __future__ import annotations

import hashlib
import math
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from typer.testing import CliRunner

from trappen.addin.app import refresh, upgrade
from trappen.addin.cli import app
from trappen.addin.workbook import formulas_writer
from trappen.templates.build import build

RELEASED = Path(__file__).parents[1] / "data" / "released"
TEMPLATE_0_1 = RELEASED / "investeringscase-0.1.0.xlsx"
TEMPLATE_0_2 = RELEASED / "investeringscase-0.2.0.xlsx"
runner = CliRunner()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cell_values(path: Path) -> dict[tuple[str, str], object]:
    book = openpyxl.load_workbook(path, data_only=True)
    return {(sheet.title, cell.coordinate): cell.value for sheet in book.worksheets for row in sheet.iter_rows()
            for cell in row if cell.value is not None}


def same(old, new) -> bool:
    if isinstance(old, (int, float)) and isinstance(new, (int, float)) and not isinstance(old, bool):
        return math.isclose(old, new, rel_tol=1e-9, abs_tol=1e-9)
    return old == new


def cell_xml(path: Path, part: str, cell: str) -> str:
    with zipfile.ZipFile(path) as zf:
        text = zf.read(part).decode("utf-8")
    found = re.search(rf'<c r="{cell}"[^>]*>.*?</c>', text)
    assert found, cell
    return found[0]


@pytest.fixture(scope="module")
def upgraded_0_2(tmp_path_factory):
    path = tmp_path_factory.mktemp("opgrader") / TEMPLATE_0_2.name
    shutil.copyfile(TEMPLATE_0_2, path)
    result = runner.invoke(app, ["opgrader", str(path)], terminal_width=400)
    return path, result


def test_it_lists_the_two_cells_with_their_old_formulas_and_keeps_a_backup(upgraded_0_2):
    path, result = upgraded_0_2
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"Opgraderet: {path} (2 formler gjort til dynamiske matrixformler)"
    listed = [line.strip() for line in lines if line.startswith("  Usikkerhed!")]
    assert [line.split(":", 1)[0] for line in listed] == ["Usikkerhed!B16", "Usikkerhed!B17"]
    assert listed[0].startswith("Usikkerhed!B16: =BREAKEVENFALL('Anbringelser'!$B$6:$B$12,")
    assert listed[1].startswith("Usikkerhed!B17: =BREAKEVENGROWTH(")
    assert all("'Anbringelser'!$F$18:$F$24/1e+06" in line for line in listed)
    assert result.output.count("→ dynamisk matrixformel") == 2
    backup = path.with_name("investeringscase-0.2.0.bak.xlsx")
    assert f"Backup af originalen: {backup}" in result.output
    assert digest(backup) == digest(TEMPLATE_0_2)  # nothing lost: the original, byte for byte


def test_the_cells_are_stored_as_excel_365_stores_a_dynamic_array(upgraded_0_2):
    path, _ = upgraded_0_2
    for cell, name in (("B16", "BREAKEVENFALL"), ("B17", "BREAKEVENGROWTH")):
        xml = cell_xml(path, "xl/worksheets/sheet9.xml", cell)
        assert re.match(rf'<c r="{cell}" s="\d+" cm="1"><f t="array" ref="{cell}" aca="1">{name}\(', xml), xml
        old = cell_xml(TEMPLATE_0_2, "xl/worksheets/sheet9.xml", cell)
        assert re.search(r"<f>(.*)</f>", old)[1] == re.search(r"<f [^>]*>(.*)</f>", xml)[1]  # same text
        assert re.search(r"<v>.*</v>", old)[0] == re.search(r"<v>.*</v>", xml)[0]  # same saved value
    with zipfile.ZipFile(TEMPLATE_0_2) as old, zipfile.ZipFile(path) as new:
        assert [i.filename for i in old.infolist()] == [i.filename for i in new.infolist()]
        changed = [name for name in old.namelist() if old.read(name) != new.read(name)]
        assert changed == ["xl/worksheets/sheet9.xml"]
        # the 0.2.0 template already has the metadata part: its record 1 is the dynamic-array mark
        assert formulas_writer.dynamic_array_mark(new.read("xl/metadata.xml")) == 1


def test_refreshed_after_the_upgrade_every_cell_has_0_2_0s_figure(upgraded_0_2, tmp_path):
    path, _ = upgraded_0_2
    copy = tmp_path / path.name
    shutil.copyfile(path, copy)
    result = refresh.refresh(copy, keep_backup=False)
    assert result.errors == []
    before, after = cell_values(TEMPLATE_0_2), cell_values(copy)
    assert set(before) == set(after) and len(before) > 1200
    assert {key: (before[key], after[key]) for key in before if not same(before[key], after[key])} == {}
    assert after[("Usikkerhed", "B16")] == pytest.approx(7.465089092584094, rel=1e-12)
    assert after[("Usikkerhed", "B17")] == pytest.approx(-0.019003642745404642, rel=1e-9)


def test_without_the_upgrade_the_refresh_shows_what_excel_shows(tmp_path):
    """The contrast: the same fixture refreshed without ``opgrader`` has #VALUE! in the two cells."""
    copy = tmp_path / TEMPLATE_0_2.name
    shutil.copyfile(TEMPLATE_0_2, copy)
    refresh.refresh(copy, keep_backup=False)
    after = cell_values(copy)
    assert after[("Usikkerhed", "B16")] == after[("Usikkerhed", "B17")] == "#VALUE!"


def test_a_second_upgrade_finds_nothing_and_leaves_the_file_byte_identical(upgraded_0_2):
    path, _ = upgraded_0_2
    before = digest(path)
    result = runner.invoke(app, ["opgrader", str(path)], terminal_width=400)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Intet at opgradere i {path}") and "Filen er ikke ændret." in result.output
    assert digest(path) == before
    assert not path.with_name("investeringscase-0.2.0.bak-2.xlsx").exists()


@pytest.mark.parametrize("source", ["today", "0.1.0"])
def test_a_workbook_with_nothing_to_upgrade_is_not_touched(tmp_path, source):
    path = tmp_path / "investeringscase.xlsx"
    if source == "today":
        build(path)
    else:
        shutil.copyfile(TEMPLATE_0_1, path)
    before, stat = digest(path), path.stat()
    result = runner.invoke(app, ["opgrader", str(path)], terminal_width=400)
    assert result.exit_code == 0, result.output
    assert "Intet at opgradere" in result.output
    assert digest(path) == before and path.stat().st_mtime_ns == stat.st_mtime_ns
    assert sorted(p.name for p in tmp_path.iterdir()) == ["investeringscase.xlsx"]  # no backup, no temporary


def hand_made(path: Path) -> Path:
    """Ark1: A1:A3 = 1000, 2000, 3000 and formulas in rows 1, 2 and 5; B1, E2 and B5 need the upgrade."""
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Ark1")
    sheet.write_column("A1", [1000, 2000, 3000])
    sheet.write_formula("B1", "=PRESENTVALUE(A1:A3*1,0.05)", None, 1000)  # legacy: A1*1 (row 1)
    sheet.write_formula("C1", "=PRESENTVALUE(A1:A3,0.05)", None, 5625.850340136054)  # a range as argument: whole
    sheet.write_formula("D1", "=SUM(A1:A3*2)", None, 2000)  # not ours: left as Excel has it
    sheet.write_formula("B5", "=PRESENTVALUE(A1:A3/1,0.05)", None, "#VALUE!")  # rows 1-3 do not meet row 5
    book.define_name("Beloeb", "=Ark1!$A$1:$A$3")
    sheet.write_formula("E2", "=PRESENTVALUE(Beloeb*1,0.05)", None, 2000)  # a name for a range: A2*1 (row 2)
    book.close()
    return path


def test_a_workbook_without_metadata_gets_xlsxwriters_metadata_part(tmp_path):
    path = hand_made(tmp_path / "egen.xlsx")
    with zipfile.ZipFile(path) as zf:
        assert "xl/metadata.xml" not in zf.namelist()
    done = upgrade.upgrade(path)
    assert [(c.sheet, c.cell, c.formula) for c in done.changes] == [
        ("Ark1", "B1", "=PRESENTVALUE(A1:A3*1,0.05)"), ("Ark1", "E2", "=PRESENTVALUE(Beloeb*1,0.05)"),
        ("Ark1", "B5", "=PRESENTVALUE(A1:A3/1,0.05)")]
    assert done.backup == tmp_path / "egen.bak.xlsx" and done.backup.exists()

    # what xlsxwriter writes for the same cell written with write_dynamic_array_formula
    reference = tmp_path / "reference.xlsx"
    book = xlsxwriter.Workbook(reference)
    book.add_worksheet("Ark1").write_dynamic_array_formula("B1", "=PRESENTVALUE(A1:A3*1,0.05)", None, 1000)
    book.close()
    with zipfile.ZipFile(path) as ours, zipfile.ZipFile(reference) as theirs:
        assert ours.read("xl/metadata.xml").split(b"\n", 1)[1] == theirs.read("xl/metadata.xml").split(b"\n", 1)[1]
        for part, pattern in (("[Content_Types].xml", rb'<Override PartName="/xl/metadata.xml"[^>]*/>'),
                              ("xl/_rels/workbook.xml.rels", rb'Type="[^"]*/sheetMetadata" Target="metadata.xml"')):
            assert re.search(pattern, ours.read(part)) and re.search(pattern, theirs.read(part)), part
        assert ours.read("xl/_rels/workbook.xml.rels").count(b"<Relationship ") == \
            theirs.read("xl/_rels/workbook.xml.rels").count(b"<Relationship ")
    sheet = "xl/worksheets/sheet1.xml"
    ours, theirs = cell_xml(path, sheet, "B1"), cell_xml(reference, sheet, "B1")
    assert ours == theirs.replace('ref="B1">', 'ref="B1" aca="1">')
    assert cell_xml(path, sheet, "C1") == cell_xml(done.backup, sheet, "C1")

    refreshed = refresh.refresh(path, keep_backup=False)
    values = cell_values(path)
    by_hand = 1000 + 2000 / 1.05 + 3000 / 1.05**2
    assert values[("Ark1", "B1")] == pytest.approx(by_hand, rel=1e-12)  # the whole range, discounted
    assert values[("Ark1", "B5")] == pytest.approx(by_hand, rel=1e-12)
    assert values[("Ark1", "C1")] == pytest.approx(by_hand, rel=1e-12)
    assert values[("Ark1", "E2")] == pytest.approx(by_hand, rel=1e-12)
    assert values[("Ark1", "D1")] == 2000  # Excel's implicit intersection: A1*2
    assert refreshed.errors == []


def test_the_hand_made_workbook_as_excel_computes_it_before_the_upgrade(tmp_path):
    """Before: B1 intersects (A1*1 → 1000), E2 too (A2*1 → 2000), B5 meets no row of A1:A3 (#VALUE!)."""
    path = hand_made(tmp_path / "egen.xlsx")
    refresh.refresh(path, keep_backup=False)
    values = cell_values(path)
    assert values[("Ark1", "B1")] == 1000 and values[("Ark1", "E2")] == 2000 and values[("Ark1", "B5")] == "#VALUE!"


def test_the_rewrite_keeps_the_formulas_other_attributes_and_refuses_a_cell_with_metadata():
    xml = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
           b'<c r="B1" s="3"><f ca="1">PRESENTVALUE(A1:A3*1,0.05)</f><v>1000</v></c>'
           b'<c r="C1" cm="2"><f>PRESENTVALUE(A1:A3*1,0.05)</f><v>1000</v></c></row></sheetData></worksheet>')
    out = formulas_writer.as_dynamic_arrays(xml, {"B1"}, 1).decode("utf-8")
    assert '<c r="B1" s="3" cm="1"><f t="array" ref="B1" aca="1" ca="1">PRESENTVALUE(A1:A3*1,0.05)</f><v>1000</v></c>' \
        in out
    assert '<c r="C1" cm="2"><f>PRESENTVALUE' in out  # a cell not asked for: as it was
    with pytest.raises(formulas_writer.WorkbookError, match="C1 har allerede metadata"):
        formulas_writer.as_dynamic_arrays(xml, {"C1"}, 1)
    with pytest.raises(formulas_writer.WorkbookError, match="D1 findes ikke"):
        formulas_writer.as_dynamic_arrays(xml, {"D1"}, 1)


def rewritten(source: Path, target: Path, part: str, change) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            new.writestr(item, change(data) if item.filename == part else data)
    return target


def test_a_shared_formula_is_refused_in_one_danish_line_and_nothing_changes(tmp_path):
    made = hand_made(tmp_path / "made.xlsx")

    def shared(xml: bytes) -> bytes:  # B1's formula copied to B2 as Excel writes it: one text for both
        xml = xml.replace(b'<f>PRESENTVALUE(A1:A3*1,0.05)</f>', b'<f t="shared" ref="B1:B2" si="0">'
                          b'PRESENTVALUE(A1:A3*1,0.05)</f>')
        return xml.replace(b'<c r="A2"><v>2000</v></c>', b'<c r="A2"><v>2000</v></c><c r="B2"><f t="shared" si="0"/>'
                           b'<v>2000</v></c>')

    path = rewritten(made, tmp_path / "delt.xlsx", "xl/worksheets/sheet1.xml", shared)
    assert b'si="0"/>' in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    before = digest(path)
    result = runner.invoke(app, ["opgrader", str(path)], terminal_width=400)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Ikke opgraderet: delt.xlsx: formlen i Ark1!B1 er kopieret til flere celler (delt formel) og kan ikke "
        "opgraderes af Trappen — markér cellerne i Excel, og gør dem til matrixformler (se docs/brug.md)"]
    assert digest(path) == before and not (tmp_path / "delt.bak.xlsx").exists()


def test_metadata_without_a_dynamic_array_mark_is_refused_and_nothing_changes(tmp_path):
    made = hand_made(tmp_path / "made.xlsx")
    done = upgrade.upgrade(made)  # now with xlsxwriter's metadata part
    assert done.changes
    unknown = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<metadata xmlns="'
               b'http://schemas.openxmlformats.org/spreadsheetml/2006/main"><metadataTypes count="1">'
               b'<metadataType name="XLRICHVALUE" minSupportedVersion="120000"/></metadataTypes></metadata>')
    path = rewritten(made, tmp_path / "ukendt.xlsx", "xl/metadata.xml", lambda xml: unknown)
    # the cells back to plain formulas, so there is something to upgrade again
    plain = rewritten(path, tmp_path / "ukendt-plain.xlsx", "xl/worksheets/sheet1.xml",
                      lambda xml: re.sub(rb' cm="1"><f t="array" ref="B\d" aca="1">', b"><f>", xml))
    before = digest(plain)
    result = runner.invoke(app, ["opgrader", str(plain)], terminal_width=400)
    assert result.exit_code == 1, result.output
    assert len(result.output.strip().splitlines()) == 1
    assert result.output.startswith("Ikke opgraderet: ukendt-plain.xlsx: projektmappens metadata")
    assert "projektmappen er urørt" in result.output
    assert digest(plain) == before and not (tmp_path / "ukendt-plain.bak.xlsx").exists()


def test_libreoffice_opens_the_upgraded_workbook(upgraded_0_2, tmp_path):
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed")
    path, _ = upgraded_0_2
    subprocess.run([office, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=300)
    assert (tmp_path / "investeringscase-0.2.0.pdf").stat().st_size > 10_000
