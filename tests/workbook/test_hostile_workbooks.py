"""Damaged and hostile workbooks (issue 9, item 5): each is built here, refused by ``trappen refresh`` with one
Danish line naming the file, no traceback, and left byte for byte as it was with nothing beside it.

Each test breaks a small, sound workbook in one way. The refusal comes from ``gate.check``, before
``formulas`` or ``openpyxl`` open the file; the tests go through the command line, so they hold whatever
the engine behind the check does.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import zipfile
import zlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.workbook.faults import (
    cli,
    deflated_zeros,
    listing,
    part,
    refused_by_cli,
    rewrite,
    small_workbook,
    with_raw_member,
)
from trappen.addin.workbook import gate, inspection, ooxml
from trappen.addin.workbook.failures import WorkbookError

SHEET = "xl/worksheets/sheet1.xml"
RELS = "xl/_rels/workbook.xml.rels"
DAMAGED = "er beskadiget"


@pytest.fixture
def workbook(tmp_path):
    return small_workbook(tmp_path / "sagstal.xlsx")


def test_the_small_workbook_is_sound_and_refreshes(workbook):
    """The starting point of every test below: refreshed, with Ballerup's caseload 770 / 32."""
    result = cli("refresh", workbook)
    assert result.exit_code == 0, result.output
    from trappen.addin.app import refresh
    assert refresh.refresh(workbook, keep_backup=False).value("Sagstal", "B3") == pytest.approx(770 / 32)


# --- the zip package ----------------------------------------------------------------------------------------

def test_a_damaged_zip_member_is_refused_by_its_crc(workbook):
    rewrite(workbook, stored=(SHEET,))  # stored, so a byte of the sheet can be changed in place
    data = bytearray(workbook.read_bytes())
    at = data.index(b'r="B1"')
    data[at + 4] = ord("7")  # B1 -> B7: the member still reads, but its CRC no longer matches
    workbook.write_bytes(bytes(data))
    line = refused_by_cli(workbook, DAMAGED)
    assert SHEET in line and "kontrolsummen" in line


def test_a_damaged_deflate_stream_is_refused(workbook):
    data = bytearray(workbook.read_bytes())
    with zipfile.ZipFile(workbook) as package_:
        info = package_.getinfo(SHEET)
    start = info.header_offset + 30 + len(SHEET)
    data[start:start + 8] = b"\xff" * 8  # garbage where the deflate stream starts
    workbook.write_bytes(bytes(data))
    refused_by_cli(workbook, DAMAGED)


def test_a_truncated_workbook_is_refused(workbook):
    data = workbook.read_bytes()
    workbook.write_bytes(data[:len(data) // 2])
    refused_by_cli(workbook, "afkortet eller beskadiget")


def test_a_file_that_is_no_zip_package_is_refused(tmp_path):
    text = tmp_path / "budget.xlsx"
    text.write_text("Besparelseskrav;-3,0\n", encoding="utf-8")
    refused_by_cli(text, "ikke en zip-pakke")


def test_a_password_protected_workbook_saved_as_xlsx_is_refused(tmp_path):
    """Excel saves a workbook with a password as an OLE compound file (EncryptionInfo, EncryptedPackage)
    even when its name ends in .xlsx; the OLE header (magic number, version 3, little-endian) says so."""
    path = tmp_path / "fortroligt.xlsx"
    header = inspection.OLE_MAGIC + bytes(16) + b"\x3e\x00\x03\x00\xfe\xff\x09\x00" + bytes(512 - 32)
    path.write_bytes(header + "EncryptedPackage".encode("utf-16-le") + bytes(1024))
    line = refused_by_cli(path, "beskyttet med adgangskode")
    assert "fjern adgangskoden" in line


def test_a_member_named_twice_is_refused(workbook):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate: that is the point
        with zipfile.ZipFile(workbook, "a") as package_:
            package_.writestr(SHEET, b"<worksheet/>")
    refused_by_cli(workbook, "findes to gange")


# --- zip bombs ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def gigabyte_of_zeros():
    return deflated_zeros(1024)  # 1 GiB inflated, about 1 MB deflated


def test_a_zip_bomb_is_refused_by_its_declared_size(workbook, gigabyte_of_zeros):
    with_raw_member(workbook, "xl/media/image1.png", *gigabyte_of_zeros, declared_size=2**30)
    line = refused_by_cli(workbook, "fylder udpakket over 64 MB")
    assert "xl/media/image1.png" in line


def lying(deflated_and_crc: tuple[bytes, int]) -> dict:
    """The headers of a 1 GiB member that declare 1 MiB, with the CRC of that first MiB: zipfile's
    ``read()`` inflates all of it in one call (2 GB of memory), returns the first MiB and finds the CRC
    right, so openpyxl would read it without a complaint."""
    return {"deflated": deflated_and_crc[0], "crc": zlib.crc32(bytes(2**20)), "declared_size": 2**20}


def test_a_zip_bomb_whose_headers_lie_is_refused_as_it_inflates(workbook, gigabyte_of_zeros):
    with_raw_member(workbook, "xl/media/image1.png", **lying(gigabyte_of_zeros))
    refused_by_cli(workbook, "pakkes ud til mere, end zip-kataloget angiver")


def test_a_member_that_compresses_too_well_is_refused(workbook):
    deflated, crc = deflated_zeros(32)  # 32 MiB in 33 kB: a ratio of about 1000
    with_raw_member(workbook, "xl/media/image1.png", deflated, crc, declared_size=32 * 2**20)
    refused_by_cli(workbook, "zip-bombe")


def test_zip_bombs_are_refused_within_seconds_and_the_process_stays_under_1_gb(tmp_path, gigabyte_of_zeros):
    """A real ``trappen`` process refreshes a folder with both bombs; its peak memory is measured."""
    honest = {"deflated": gigabyte_of_zeros[0], "crc": gigabyte_of_zeros[1], "declared_size": 2**30}
    for name, member in (("ærlig.xlsx", honest), ("løgn.xlsx", lying(gigabyte_of_zeros))):
        with_raw_member(small_workbook(tmp_path / name), "xl/media/image1.png", **member)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    # The refresh runs as the grandchild of a small launcher, which reports its peak: a process started
    # straight from pytest would count pytest's own memory (Linux keeps the peak across fork and exec).
    launcher = ("import resource, subprocess, sys\n"
                "code = subprocess.call(sys.argv[1:], timeout=110)\n"
                "print('PEAK', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
                "sys.exit(code)")
    with open(tmp_path.parent / "out.txt", "w+") as out:
        child = subprocess.Popen([sys.executable, "-c", launcher, sys.executable, "-m", "trappen.addin.cli",
                                  "refresh", str(tmp_path)],
                                 stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "COLUMNS": "200"})
        started = time.monotonic()
        while (waited := os.wait4(child.pid, os.WNOHANG))[0] == 0:
            if time.monotonic() - started > 120:  # a guard against a hang, not a timing assert
                child.kill()
            time.sleep(0.05)
        _, status, _ = waited
        out.seek(0)
        output = out.read()
    assert os.waitstatus_to_exitcode(status) == 1, output
    assert "Traceback" not in output and output.count("Ikke genberegnet:") == 2, output
    (reported,) = re.findall(r"^PEAK (\d+)$", output, re.M)
    peak = int(reported) * (1 if sys.platform == "darwin" else 1024)  # Linux counts kilobytes
    assert peak < 2**30, f"peak memory {peak / 2**20:.0f} MB"
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


# --- the XML ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [SHEET, "xl/workbook.xml", RELS, "[Content_Types].xml"])
def test_malformed_xml_is_refused(workbook, name):
    rewrite(workbook, replace={name: part(workbook, name)[:-20]})  # cut off: tags left open
    line = refused_by_cli(workbook, "ikke gyldig XML")
    assert name in line


BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                             for i in range(1, 10))
                  + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
                    b'uniqueCount="1"><si><t>&lol9;</t></si></sst>')
EXTERNAL_ENTITY = (b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
                   b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                   b'<row r="1"><c r="A1" t="inlineStr"><is><t>&secret;</t></is></c></row></sheetData></worksheet>')


@pytest.mark.parametrize("name, xml", [("xl/sharedStrings.xml", BILLION_LAUGHS), (SHEET, EXTERNAL_ENTITY),
                                       ("xl/workbook.xml", b'<!DOCTYPE workbook SYSTEM "http://x.invalid/w.dtd">'
                                                           b'<workbook/>')],
                         ids=["billion-laughs", "external-entity", "external-dtd"])
def test_a_dtd_or_entity_declaration_is_refused(workbook, name, xml):
    rewrite(workbook, replace={name: xml})
    line = refused_by_cli(workbook, "DTD eller entitetserklæring")
    assert name in line


def test_a_dtd_in_utf16_is_refused_too(workbook):
    xml = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE sst [<!ENTITY a "b">]><sst/>'
    rewrite(workbook, replace={"xl/sharedStrings.xml": xml.encode("utf-16")})
    refused_by_cli(workbook, "DTD")


def test_parse_xml_refuses_a_dtd_for_every_caller():
    with pytest.raises(WorkbookError, match="DTD"):
        ooxml.parse_xml(BILLION_LAUGHS, "xl/sharedStrings.xml")
    with pytest.raises(WorkbookError, match="ikke gyldig XML"):
        ooxml.parse_xml(b"<a><b></a>", "xl/workbook.xml")


# --- missing parts and relationships ------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["xl/workbook.xml", RELS, SHEET, "xl/sharedStrings.xml", "[Content_Types].xml"],
                         ids=["workbook", "workbook-rels", "sheet", "shared-strings", "content-types"])
def test_a_missing_part_is_refused(workbook, name):
    rewrite(workbook, remove=(name,))
    line = refused_by_cli(workbook, "mangler")
    assert name in line


def test_a_content_type_for_a_missing_part_is_refused(workbook):
    """openpyxl finds the workbook through [Content_Types].xml: a part named there must exist."""
    types = part(workbook, "[Content_Types].xml").replace(b'PartName="/xl/workbook.xml"',
                                                          b'PartName="/xl/]]>orkbook.xml"')
    rewrite(workbook, replace={"[Content_Types].xml": types})
    refused_by_cli(workbook, "[Content_Types].xml nævner den")


def test_a_member_with_an_unsupported_zip_feature_is_refused(workbook):
    data = bytearray(workbook.read_bytes())
    at = next(i for i in range(len(data)) if data.startswith(b"PK\x01\x02", i)
              and data[i + 46:i + 46 + len(SHEET)] == SHEET.encode())  # the sheet's central directory entry
    data[at + 8] |= 0x20  # general purpose flag bit 5: "compressed patched data"
    workbook.write_bytes(bytes(data))
    refused_by_cli(workbook, "pakket på en måde, Excel ikke bruger")


def test_a_sheet_without_a_relationship_is_refused(workbook):
    rels = part(workbook, RELS).replace(b'Id="rId1"', b'Id="rId99"')
    rewrite(workbook, replace={RELS: rels})
    refused_by_cli(workbook, "fanen Sagstal har ingen del")


@pytest.mark.parametrize("target, mode", [
    (b"../../../../etc/passwd", b""),
    (b"/../secret.xml", b""),
    (b"file:///C:/Windows/win.ini", b""),
    (b"\\\\server\\share\\sheet.xml", b""),
    (b"http://example.invalid/sheet.xml", b' TargetMode="External"'),
], ids=["dot-dot", "root-dot-dot", "file-url", "unc-path", "external-sheet"])
def test_a_relationship_that_leaves_the_package_is_refused(workbook, target, mode):
    rels = part(workbook, RELS).replace(b'Target="worksheets/sheet1.xml"', b'Target="' + target + b'"' + mode)
    rewrite(workbook, replace={RELS: rels})
    refused_by_cli(workbook, "uden for projektmappen")


def test_hyperlinks_and_external_link_paths_may_point_outside(workbook):
    """Decided: TargetMode="External" is accepted for hyperlinks and external-link file paths (Excel shows
    or resolves them when the officer asks; the refresh reads neither)."""
    rels_name = "xl/worksheets/_rels/sheet1.xml.rels"
    rels = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            b'officeDocument/2006/relationships/hyperlink" Target="https://www.ballerup.dk/" '
            b'TargetMode="External"/></Relationships>')
    rewrite(workbook, add={rels_name: rels})
    assert gate.check(workbook) == workbook


def test_a_defined_name_with_a_bracket_is_refused(workbook):
    xml = part(workbook, "xl/workbook.xml").replace(b'name="Sager"', b'name="Sag[er"')
    rewrite(workbook, replace={"xl/workbook.xml": xml})
    line = refused_by_cli(workbook, "Navnestyring")
    assert "Sag[er" in line


@pytest.mark.parametrize("name", ["budget [udkast].xlsx", "budget[2].xlsx"])
def test_a_file_name_with_brackets_refreshes(tmp_path, name):
    """Excel opens budget [udkast].xlsx, and a workbook's own name appears in none of its formulas (a
    reference to another workbook names *that* one: [1]Ark1!A1), so the bracket in a file name is no risk."""
    path = small_workbook(tmp_path / name)
    result = cli("refresh", path)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and name in result.output
    with zipfile.ZipFile(path) as package:
        assert b"<v>24.0625</v>" in package.read("xl/worksheets/sheet1.xml")  # 770 / 32


def test_a_bracket_in_a_defined_name_is_still_refused(tmp_path):
    """In a formula a [ opens a reference to another workbook or a table: a name holding one is refused."""
    path = small_workbook(tmp_path / "navne.xlsx")
    workbook = part(path, "xl/workbook.xml").replace(b'name="Sager"', b'name="Sager[1]"')
    rewrite(path, replace={"xl/workbook.xml": workbook})
    refused_by_cli(path, "Sager[1]")


def test_a_sheet_named_with_a_literal_entity_refreshes(tmp_path):
    """A sheet named literally R&amp;D (saved as R&amp;amp;D): the name lxml decodes is the name, not
    unescaped once more into R&D, which named no sheet and left its formulas unwritten."""
    path = small_workbook(tmp_path / "rd.xlsx")
    workbook = part(path, "xl/workbook.xml").replace(b'name="Sagstal"', b'name="R&amp;amp;D"')
    workbook = workbook.replace(b"Sagstal!", b"'R&amp;amp;D'!")
    rewrite(path, replace={"xl/workbook.xml": workbook})
    from trappen.addin.app import refresh

    result = cli("refresh", path, "--no-backup")
    assert result.exit_code == 0, result.output
    refreshed = refresh.refresh(path, keep_backup=False)
    assert refreshed.value("R&amp;D", "B3") == pytest.approx(770 / 32)
    assert refreshed.value("R&amp;D", "B4") == 1540


def test_every_refusal_in_a_folder_is_one_line_and_the_sound_workbooks_are_refreshed(tmp_path):
    sound = small_workbook(tmp_path / "a.xlsx")
    broken = rewrite(small_workbook(tmp_path / "b.xlsx"), remove=(SHEET,))
    text = tmp_path / "c.xlsx"
    text.write_text("ikke en projektmappe", encoding="utf-8")
    before = {p: p.read_bytes() for p in (broken, text)}
    result = cli("refresh", tmp_path)
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.startswith("Ikke genberegnet:")]
    assert len(lines) == 2 and "b.xlsx" in lines[0] and "c.xlsx" in lines[1]
    assert all(p.read_bytes() == data for p, data in before.items())
    assert sound.read_bytes() != (tmp_path / "a.bak.xlsx").read_bytes()  # refreshed, with its backup
    assert listing(tmp_path) == ["a.bak.xlsx", "a.xlsx", "b.xlsx", "c.xlsx"]


# --- any damage ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sound_bytes(tmp_path_factory):
    return small_workbook(tmp_path_factory.mktemp("sund") / "sagstal.xlsx").read_bytes()


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(damage=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=8),
       cut=st.one_of(st.none(), st.floats(0, 1)))
def test_any_damage_ends_in_a_refresh_or_one_line_and_the_file_as_it_was(tmp_path, sound_bytes, damage, cut):
    """Bytes changed anywhere, the file perhaps cut short: never a traceback, never a half-changed file."""
    data = bytearray(sound_bytes)
    for where, value in damage:
        data[int(where * len(data))] = value
    if cut is not None:
        data = data[:int(cut * len(data))]
    path = tmp_path / "skadet.xlsx"
    for leftover in tmp_path.iterdir():
        leftover.unlink()
    path.write_bytes(bytes(data))
    result = cli("refresh", path)
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    if result.exit_code == 0:  # the damage missed what matters: refreshed, the original kept as the backup
        assert (tmp_path / "skadet.bak.xlsx").read_bytes() == bytes(data)
    else:
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert result.exit_code == 1 and len(lines) == 1 and "skadet.xlsx" in lines[0], result.output
        assert path.read_bytes() == bytes(data) and listing(tmp_path) == ["skadet.xlsx"]
