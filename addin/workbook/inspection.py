"""Inspection of a workbook's zip package before any library opens it: a damaged or hostile file stops here.

``formulas`` and ``openpyxl`` trust the zip package and its XML: a member that inflates to gigabytes is
inflated, a damaged member ends in a ``BadZipFile`` deep inside them. :func:`inspect_zip` reads every member
once, itself, with bounded memory, and refuses (one Danish line) a file that

- is not a zip file (an Excel 97-2003 file or a password-protected workbook is an OLE file), or is truncated;
- has a member that is encrypted, compressed other than by deflate, duplicated, named outside the package
  (absolute, ``..``), overlapping another member, or whose CRC does not match (damaged);
- declares or inflates more than :data:`MAX_PART_BYTES` for one member, :data:`MAX_TOTAL_BYTES` for all,
  or more than :data:`MAX_RATIO` times its compressed size (a zip bomb). The central directory may lie, so
  the inflation itself is capped: a member that inflates past its declared size is refused at once;
- has an XML part (``.xml``, ``.rels``) that is not well-formed, or any XML or VML part with a DTD
  (``<!DOCTYPE``, ``<!ENTITY``: Excel never writes one; entity expansion is the billion-laughs attack).

What the parts must say to each other (required parts, relationships) is the workbook package's business:
``gate.check``.

The limits: an investment case is a few hundred kilobytes; the largest part among 141 real workbooks saved
by other programs is 3.3 MB (a drawing) and the highest compression ratio above 100 kB is 27. A 64 MB
worksheet part is about a million cells, far more than the headless engine computes in minutes, so
refusing beyond it loses no real workbook while keeping a refresh far below 1 GB of memory.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from .failures import WorkbookError, refusal

MAX_PART_BYTES = 64 * 2**20
MAX_TOTAL_BYTES = 256 * 2**20
#: Inflated / compressed size, checked for members above :data:`RATIO_FROM_BYTES` (small parts may compress well).
MAX_RATIO = 100
RATIO_FROM_BYTES = 2**20
CHUNK = 2**20

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # signature ... name length, extra length: 30 bytes
#: A DTD's start and an entity declaration, as UTF-8 and as UTF-16 (the encodings Excel's XML may use).
DTD_MARKERS = tuple(marker.encode(encoding) for marker in ("<!DOCTYPE", "<!ENTITY")
                    for encoding in ("utf-8", "utf-16-le", "utf-16-be"))
_AGAIN = "åbn den i Excel og gem den igen"
_BOMB = "åbn ikke filen; få en ny kopi fra afsenderen"


def inspect_zip(path: Path) -> None:
    """Refuse (:class:`~.failures.WorkbookError`) a file that is no zip package, or a damaged or hostile one."""
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head == OLE_MAGIC:
        raise refusal(path, "er beskyttet med adgangskode eller gemt i det gamle Excel 97-2003-format",
                      "åbn den i Excel, fjern adgangskoden (Filer > Info > Beskyt projektmappe) og gem som .xlsx")
    if not zipfile.is_zipfile(path):
        if head.startswith(b"PK\x03\x04"):
            raise refusal(path, "er ikke en gyldig Excel-projektmappe: filen er afkortet eller beskadiget",
                          "brug en backup, eller gem den igen fra Excel")
        raise refusal(path, "er ikke en gyldig Excel-projektmappe: filen er ikke en zip-pakke",
                      "åbn den i Excel og gem den som .xlsx")
    try:
        with zipfile.ZipFile(path) as zf, open(path, "rb") as raw:
            members = zf.infolist()
            _check_directory(path, members)
            for info in sorted(members, key=lambda i: i.header_offset):
                _inflate(path, raw, info)
    except (zipfile.BadZipFile, zlib.error, EOFError, struct.error, NotImplementedError) as error:
        # NotImplementedError: zipfile meets a zip feature or version no workbook uses (a damaged header)
        raise refusal(path, "er beskadiget: zip-pakken kan ikke læses", "brug en backup, eller " + _AGAIN) from error


def _check_directory(path: Path, members: list[zipfile.ZipInfo]) -> None:
    """What the central directory declares: names, encryption, compression, sizes, ratios, overlaps."""
    names, total, spans = set(), 0, []
    for info in members:
        name = info.filename
        if name in names:
            raise refusal(path, f"er beskadiget: delen {name} findes to gange", _AGAIN)
        names.add(name)
        if name.startswith("/") or "\\" in name or ".." in name.split("/"):
            raise refusal(path, f"har en del med et ugyldigt navn ({name})", _AGAIN)
        if info.flag_bits & 0x41:  # encrypted, strongly encrypted
            raise refusal(path, "er krypteret", "fjern adgangskoden i Excel og gem som .xlsx")
        if info.flag_bits & 0x20:  # "compressed patched data": no program writes it for a workbook
            raise refusal(path, f"er beskadiget: delen {name} er pakket på en måde, Excel ikke bruger", _AGAIN)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise refusal(path, f"delen {name} er pakket på en måde, Excel ikke bruger", _AGAIN)
        _check_size(path, name, info.file_size, info.compress_size)
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise refusal(path, f"fylder udpakket over {MAX_TOTAL_BYTES // 2**20} MB",
                          "Trappen genberegner ikke så store projektmapper; del den op")
        spans.append((info.header_offset, info.header_offset + ZIP_LOCAL_HEADER.size + info.compress_size))
    spans.sort()
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        if start < end:
            raise refusal(path, "er beskadiget: to dele i zip-pakken overlapper", "brug en backup, eller " + _AGAIN)


def _check_size(path: Path, name: str, inflated: int, compressed: int) -> None:
    if inflated > MAX_PART_BYTES:
        raise refusal(path, f"delen {name} fylder udpakket over {MAX_PART_BYTES // 2**20} MB",
                      "Trappen genberegner ikke så store projektmapper; del den op")
    if inflated > RATIO_FROM_BYTES and inflated > MAX_RATIO * max(compressed, 1):
        raise refusal(path, f"delen {name} pakkes ud til over {MAX_RATIO} gange sin størrelse (en zip-bombe)",
                      _BOMB)


def _inflate(path: Path, raw, info: zipfile.ZipInfo) -> None:
    """Inflate one member from its raw bytes, never past its declared size; check its CRC and, as it
    streams past, its XML. Nothing is kept: memory stays at a few chunks whatever the member holds."""
    raw.seek(info.header_offset)
    header = ZIP_LOCAL_HEADER.unpack(raw.read(ZIP_LOCAL_HEADER.size))
    if header[0] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"bad local header for {info.filename}")
    raw.seek(header[-2] + header[-1], 1)  # the name and the extra field
    size, crc = 0, 0
    xml = _XmlGuard(path, info.filename) if info.filename.lower().endswith((".xml", ".rels", ".vml")) else None
    inflater = zlib.decompressobj(-zlib.MAX_WBITS) if info.compress_type == zipfile.ZIP_DEFLATED else None
    left = info.compress_size
    while left > 0 or (inflater is not None and inflater.unconsumed_tail):
        if inflater is not None and inflater.unconsumed_tail:
            piece = inflater.decompress(inflater.unconsumed_tail, CHUNK)
        else:
            block = raw.read(min(CHUNK, left))
            if not block:
                raise EOFError(info.filename)
            left -= len(block)
            piece = inflater.decompress(block, CHUNK) if inflater is not None else block
        size += len(piece)
        if size > info.file_size:  # the directory lied: never inflate past what it declared
            raise refusal(path, f"delen {info.filename} pakkes ud til mere, end zip-kataloget angiver: filen er "
                          "beskadiget eller en zip-bombe", "brug en backup; åbn ikke en fil fra en ukendt afsender")
        crc = zlib.crc32(piece, crc)
        if xml is not None:
            xml.feed(piece)
        if inflater is not None and inflater.eof:
            break
    if size != info.file_size or crc != info.CRC:
        raise refusal(path, f"er beskadiget: delen {info.filename} er ødelagt (kontrolsummen passer ikke)",
                      "brug en backup, eller " + _AGAIN)
    if xml is not None:
        xml.close()


def has_dtd(xml: bytes) -> bool:
    """Whether XML bytes hold a DTD or an entity declaration (UTF-8 or UTF-16)."""
    return any(marker in xml for marker in DTD_MARKERS)


class _Doctype:
    """An lxml parser target that builds nothing and notes a ``<!DOCTYPE`` (in any encoding)."""

    seen = False

    def doctype(self, *_) -> None:
        self.seen = True

    def close(self) -> None:
        return None


class _XmlGuard:
    """Checks an XML part as it streams past: well-formed, no DTD; builds no tree (bounded memory)."""

    def __init__(self, path: Path, part: str):
        self.path, self.part, self.tail, self.target = path, part, b"", _Doctype()
        lenient = part.lower().endswith(".vml")  # Excel's VML is not always well-formed XML
        self.parser = None if lenient else etree.XMLParser(
            target=self.target, resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)

    def _dtd(self) -> WorkbookError:
        return refusal(self.path, f"delen {self.part} indeholder en DTD eller entitetserklæring, "
                       "som Excel aldrig skriver", _BOMB)

    def feed(self, data: bytes) -> None:
        window = self.tail + data
        if has_dtd(window):
            raise self._dtd()
        self.tail = window[-20:]
        if self.parser is not None:
            self._parse(self.parser.feed, data)

    def close(self) -> None:
        if self.parser is not None:
            self._parse(self.parser.close)

    def _parse(self, step, *data) -> None:
        try:
            step(*data)
        except etree.XMLSyntaxError as error:
            raise refusal(self.path, f"er beskadiget: delen {self.part} er ikke gyldig XML", _AGAIN) from error
        if self.target.seen:
            raise self._dtd()
