"""Data in Markdown elements: escaped so that it renders as the same text."""

import re

import pytest

from cchc_metrics import i18n
from cchc_metrics.present.text import escape, tm

HOSTILE = [
    "**Phường 1**",
    "Phường 1 (cũ).",
    "2. Xã",
    "> Xã",
    "+ Xã",
    "Xã\n# Tiêu đề\n- mục\n3) mục",
    "[bấm](javascript:alert(1))",
    "<script>alert(1)</script>",
    "# Xã",
    "1. Xã",
    "- Xã",
    "Xã `code` _a_ ~b~ $x$ :red[đỏ] :material/home:",
    "Thốt Nốt\nxuống dòng",
    "a\\b",
    "Cái Răng | Ô Môn",
    "Xã http://evil.test/x www.evil.test lan@evil.test HTTPS://X.Y",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_every_markdown_character_is_escaped_and_nothing_else_changes(text):
    """CommonMark shows a backslash-escaped punctuation mark as itself (the browser test checks the page)."""
    escaped = escape(text)
    shown = re.sub(r"\\(.)", r"\1", escaped, flags=re.S).replace("\u2060", "")
    assert shown == text
    bare = re.sub(r"\\.", "", escaped)  # what is left outside escapes holds no Markdown character
    assert not re.search(r"[\\`*_\[\]<>~$|&]", bare)
    assert not re.search(r"^\s*([#>+\-=]|\d+[.)])", bare, re.MULTILINE)  # nor a line opening a block


def test_tm_escapes_text_parameters_only():
    key = "commune.criteria_title"
    assert tm(key, "vi", unit="**X**", year=2024) == i18n.t(key, "vi", unit=r"\*\*X\*\*", year=2024)
    assert tm(key, "vi", unit="Xã Một", year=2024) == i18n.t(key, "vi", unit="Xã Một", year=2024)
    assert tm(key, "vi", unit="Xã\nMột", year=2024) == i18n.t(key, "vi", unit="Xã Một", year=2024)


def test_addresses_are_broken_up_so_that_markdown_does_not_link_them():
    assert escape("http://a.vn www.b.vn c@d.vn") == "http\u2060://a.vn www\u2060.b.vn c\u2060@d.vn"


def test_plain_names_stay_as_they_are():
    assert escape("Phường 1 (cũ). Ninh Kiều: 85,3 %") == "Phường 1 (cũ). Ninh Kiều: 85,3 %"
