"""Reading analysts' files: encodings, separators, decimal commas, limits, unit names."""

import unicodedata
from pathlib import Path

import pytest

from cchc_metrics.engine.reading import Limits, ReadError, _number_cell, decode_bytes
from cchc_metrics.publish.unit_names import Unit, match_name, name_key

UNITS = [
    Unit("918", "Bình Thủy", "quận", "district"),
    Unit("31117", "Bình Thủy", "phường", "commune"),
    Unit("31120", "Long Hoà", "phường", "commune"),
    Unit("31153", "Phong Điền", "thị trấn", "commune"),
    Unit("31157", "Trường Long", "xã", "commune"),
]


@pytest.mark.parametrize(
    "raw,encoding",
    [
        ("Trường Long".encode(), "utf-8"),
        ("Trường Long".encode("utf-8-sig"), "utf-8-sig"),
        ("Trường Long".encode("utf-16"), "utf-16"),
        (b"Tr\xfd\xf5\xccng Long", "cp1258"),  # ư, ơ and a combining grave accent
    ],
)
def test_decode_bytes(raw, encoding):
    assert decode_bytes(raw) == ("Trường Long", encoding)


def test_decode_rejects_mixed_and_unknown_encodings():
    with pytest.raises(ReadError) as mixed:
        decode_bytes("a,Trường\n".encode() + b"b,Tr\xfd\xf5\xecng\n")
    assert (mixed.value.key, mixed.value.params) == ("read.mixed_encoding", {"row": 2})
    with pytest.raises(ReadError) as unknown:
        decode_bytes("year,unit".encode("utf-16-le"))
    assert unknown.value.key == "read.encoding_unknown"


@pytest.mark.parametrize(
    "value,separator,expected",
    [
        ("2,5", ";", ("2.5", False)),
        ("1,500", ";", ("1.500", False)),  # Vietnamese Excel with ';' writes decimal commas only
        ("2,5", ",", ("2.5", False)),  # quoted in a comma file: clearly a decimal comma
        ("1,500", ",", ("1,500", True)),  # could be one thousand five hundred: reported
        ("2.5", ";", ("2.5", False)),
        ("1.234,5", ";", ("1.234,5", False)),  # left as it is: the number rule reports it
    ],
)
def test_decimal_comma(value, separator, expected):
    assert _number_cell(value, separator) == expected


def test_limits_from_arguments_environment_and_defaults(monkeypatch):
    monkeypatch.delenv("CCHC_MAX_UPLOAD_BYTES", raising=False)
    monkeypatch.setenv("CCHC_MAX_UPLOAD_ROWS", "500")
    assert Limits.from_env() == Limits(max_bytes=20 * 1024 * 1024, max_rows=500)
    assert Limits.from_env(max_bytes=10, max_rows=20) == Limits(10, 20)


@pytest.mark.parametrize(
    "written,code",
    [
        ("Xã Trường Long", "31157"),
        ("TRƯỜNG LONG", "31157"),
        (unicodedata.normalize("NFD", "Trường  Long"), "31157"),
        ("Phường Long Hòa", "31120"),  # tone on the o, the list has it on the a
        ("Thị trấn Phong Điền", "31153"),
        ("TT. Phong Điền", "31153"),
        ("Phường Bình Thuỷ", "31117"),
        ("Quận Bình Thủy", "918"),
    ],
)
def test_unit_names_match(written, code):
    unit, candidates = match_name(written, UNITS)
    assert (unit.code if unit else None, candidates) == (code, [])


def test_unit_names_ambiguous_or_unknown():
    assert match_name("Bình Thủy", UNITS) == (None, [UNITS[0], UNITS[1]])
    assert match_name("Trường Lonh", UNITS) == (None, [UNITS[4]])
    assert match_name("Xã Không Tên", UNITS) == (None, [UNITS[3]])  # close enough for difflib
    assert match_name("Ô Môn", UNITS) == (None, [])
    assert name_key("Hoà") == name_key("Hòa") and name_key("Thuỷ") == name_key("Thủy")


def _old_key(name: str) -> tuple[str | None, str]:
    """The matching key as it was computed one name and one syllable at a time."""
    import re

    from cchc_metrics.engine.reading import fold
    from cchc_metrics.publish.unit_names import _PREFIXES, _TONES

    text = fold(re.sub(r"[\s\u00a0]+", " ", name))
    prefix = None
    for spelling in sorted(_PREFIXES, key=len, reverse=True):
        if text.startswith(spelling + " ") or (spelling.endswith(".") and text.startswith(spelling)):
            prefix, text = _PREFIXES[spelling], text[len(spelling) :].strip()
            break

    def word(w):
        parts = unicodedata.normalize("NFD", w)
        tones = "".join(c for c in parts if c in _TONES)
        return unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES)) + tones

    return prefix, " ".join(word(w) for w in text.split(" ") if w)


def test_names_keyed_all_at_once_as_one_at_a_time():
    """name_keys runs each step once on all names joined (130,000 names in a fraction of a second):
    the same keys as one name and one syllable at a time, for every real unit name and its variants."""
    import csv

    from cchc_metrics.publish.unit_names import name_keys

    reference = Path(__file__).resolve().parent.parent / "cchc_metrics" / "tools" / "reference" / "can_tho_units.csv"
    with reference.open(encoding="utf-8") as handle:
        names = sorted({row["unit_name"] for row in csv.DictReader(handle)})
    variants = [
        v
        for n in names
        for v in (n, n.upper(), "Xã  " + n, "TT." + n, unicodedata.normalize("NFD", n), n.replace("ủy", "uỷ"))
    ]
    assert len(variants) > 500
    assert name_keys(variants) == [_old_key(v) for v in variants]


@pytest.mark.parametrize("scan_bytes", [1, 3, 1 << 20])  # line breaks and quotes across pieces, and in one
@pytest.mark.parametrize(
    "raw",
    [
        b"a,b\n1,2\n",
        b"a,b\r\n1,2\r\n",
        b"a,b\r1,2\r",  # Excel on a Mac
        b'"a","b"\n1,2\n',  # quotes in the header only
        b'a,b\n1,"x\ny"\n',  # a quoted line break in a cell
        b"\xef\xbb\xbfa,b\n1,2",  # a byte-order mark, no last line break
        b"a,b",  # a header alone
        b"   \n\t\r\n",  # nothing but white space
        b"",
        b"\n\n1,2\n",  # an empty first line
    ],
)
def test_the_scan_before_the_parse_finds_what_the_whole_file_shows(tmp_path, monkeypatch, raw, scan_bytes):
    """The yearly files are scanned in pieces for their header line and for quotes, not read whole
    into memory: the first line (to the first \\n or \\r), whether a quote follows it, and whether
    the file is nothing but white space come out as the whole file's bytes give them."""
    from cchc_metrics.engine import reading

    monkeypatch.setattr(reading, "SCAN_BYTES", scan_bytes)
    path = tmp_path / "2024.csv"
    path.write_bytes(raw)
    if not raw.strip():
        with pytest.raises(reading.ReadError) as empty, path.open("rb", buffering=0) as handle:
            reading._scan(handle)
        assert empty.value.key == "read.empty"
        return
    ends = [i for i in (raw.find(b"\n"), raw.find(b"\r")) if i >= 0]
    first = raw[: min(ends)] if ends else raw
    with path.open("rb", buffering=0) as handle:
        assert reading._scan(handle) == (first, raw.find(b'"', len(first)) >= 0)


def test_a_yearly_file_read_in_short_pieces_parses_as_a_whole(tmp_path, monkeypatch):
    """The system may return fewer bytes than a read asks for; the parser still gets whole blocks
    (fewer bytes only at the file's end), or a row straddling two blocks fails the file."""
    import io
    import random

    from cchc_metrics.engine import reading

    class ShortReads(io.RawIOBase):
        """A file whose reads return between one byte and what was asked."""

        def __init__(self, handle):
            super().__init__()
            self.handle, self.pick = handle, random.Random(7)

        def readable(self):
            return True

        def seek(self, *args):
            return self.handle.seek(*args)

        def close(self):
            self.handle.close()
            super().close()

        def readinto(self, buffer):
            return self.handle.readinto(memoryview(buffer)[: self.pick.randint(1, max(1, len(buffer)))])

    rows = "".join(f"2024,{10000 + i},LEAD,X.LEAD.{i % 7},Kế hoạch {i},10,{i % 10},{i % 10}\n" for i in range(3000))
    path = tmp_path / "2024.csv"
    path.write_text("year,unit_code,area_code,criterion_code,criterion_name,max_points,self_score,score\n" + rows)
    monkeypatch.setattr(reading, "PARSE_BLOCK_BYTES", 1024)
    whole = reading.read_csv_raw(path, threads=False)
    real_open = Path.open
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: ShortReads(real_open(self, *a, **k)))
    headers, columns = reading.read_csv_raw(path, threads=False)
    assert headers == whole[0]
    assert [c.to_pylist() for c in columns] == [c.to_pylist() for c in whole[1]]
