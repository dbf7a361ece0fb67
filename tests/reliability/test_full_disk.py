"""A full disk during a publish: nothing is published without its audit line, and it is said as a full disk.

The disk fills up at a chosen write (the tests run where a small filesystem cannot be mounted):
the audit log's append writes half its line and then fails with ENOSPC, or the first write of a
publish does. Also: the modes published files get, and what kills leave being cleared.
"""

from __future__ import annotations

import builtins
import errno
import hashlib
import io
import json
import os
from pathlib import Path

import pytest
from helpers import TINY_2023, TINY_2024, TINY_UNITS, write_dir

from cchc_metrics import i18n
from cchc_metrics.cli.main import main
from cchc_metrics.publish import publishing
from cchc_metrics.publish.publishing import PublishError

NEW_2025 = TINY_2024.replace("2024,", "2025,")
NEW_2024 = TINY_2024.replace(",10,4,4", ",10,5,5")


def tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != publishing.LOCK_FILE
    }


@pytest.fixture
def root(tmp_path) -> Path:
    """A data directory with one publish already audited (2023 replaced by itself plus a change)."""
    root = write_dir(
        tmp_path / "data",
        {"units.csv": TINY_UNITS, "inspections/2023.csv": TINY_2023, "inspections/2024.csv": TINY_2024},
    )
    upload = tmp_path / "first.csv"
    upload.write_text(TINY_2023.replace(",10,7,5", ",10,7,6"), encoding="utf-8")
    _prepared, published = publishing.import_file(upload, root, user="lan", replace=True)
    assert published is not None
    return root


def _upload(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "upload.csv"
    path.write_text(text, encoding="utf-8")
    return path


class _FillsUp(io.RawIOBase):
    """A file that takes half of what is written to it, then fails as a full disk does."""

    def __init__(self, real):
        self.real = real

    def writable(self):
        return True

    def seek(self, offset, whence=os.SEEK_SET):
        return self.real.seek(offset, whence)

    def write(self, data):
        self.real.write(bytes(data[: len(data) // 2]))
        self.real.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    def truncate(self, size=None):
        return self.real.truncate(size)

    def fileno(self):
        return self.real.fileno()

    def close(self):
        self.real.close()
        super().close()


def disk_full_at(monkeypatch, name: str) -> None:
    """Appending to (or creating) the file `name` of the data directory fails with ENOSPC."""
    real_open = builtins.open

    def fake_open(file, mode="r", *args, **kwargs):
        if Path(file).name == name and any(c in mode for c in "wa"):
            return _FillsUp(real_open(file, mode, *args, **kwargs))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(publishing, "open", fake_open, raising=False)


def test_full_disk_at_the_audit_line_replacing_a_year_publishes_nothing(root, tmp_path, monkeypatch):
    before = tree(root)
    prepared = publishing.prepare(_upload(tmp_path, NEW_2024), root)
    disk_full_at(monkeypatch, publishing.AUDIT_FILE)
    with pytest.raises(PublishError) as caught:
        publishing.publish(prepared, "lan", replace=True)
    assert (caught.value.key, caught.value.params) == (
        "publish.disk_full",
        {"folder": str(root), "detail": "No space left on device"},
    )
    assert caught.value.message("en") == (
        f"The disk holding the folder {root} of the data directory is full (No space left on device). Free some "
        "space (or ask the server's administrator to), then publish again. The published data were not changed."
    )
    # the old 2024 is back in place, the audit log keeps whole lines only, no archive copy, no journal
    assert tree(root) == before
    assert len(publishing.read_audit(root)) == 1


def test_full_disk_at_the_audit_line_of_a_new_year_publishes_nothing(root, tmp_path, monkeypatch):
    before = tree(root)
    prepared = publishing.prepare(_upload(tmp_path, NEW_2025), root)
    disk_full_at(monkeypatch, publishing.AUDIT_FILE)
    with pytest.raises(PublishError) as caught:
        publishing.publish(prepared, "lan")
    assert caught.value.key == "publish.disk_full"
    assert tree(root) == before
    assert not (root / "inspections" / "2025.csv").exists()


def test_full_disk_at_the_first_write(root, tmp_path, monkeypatch):
    before = tree(root)
    prepared = publishing.prepare(_upload(tmp_path, NEW_2025), root)
    disk_full_at(monkeypatch, publishing.JOURNAL_FILE)
    with pytest.raises(PublishError) as caught:
        publishing.publish(prepared, "lan")
    assert (caught.value.key, caught.value.params["folder"]) == ("publish.disk_full", str(root))
    assert tree(root) == before


def test_cli_says_disk_full_and_exits_1_without_a_traceback(root, tmp_path, monkeypatch, capsys):
    before = tree(root)
    upload = _upload(tmp_path, NEW_2025)
    disk_full_at(monkeypatch, publishing.AUDIT_FILE)
    code = main(["import", str(upload), "--data-dir", str(root), "--lang", "vi", "--user", "lan"])
    out, err = capsys.readouterr()
    assert code == 1
    assert err.splitlines() == [
        i18n.t("publish.disk_full", "vi", folder=root, detail="No space left on device"),
        "upload.csv: chưa công bố gì.",
    ]
    assert "Traceback" not in out + err
    assert tree(root) == before


def test_what_kills_left_is_cleared_by_the_next_publish(root, tmp_path):
    """A journal of a publish killed before its rename, its archive copy and temporary files:
    the next publish removes them all and publishes as usual."""
    orphan = root / "archive" / "inspections" / "2024" / "20261128T000000000000Z-0123456789ab.csv"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes((root / "inspections" / "2024.csv").read_bytes())
    (root / publishing.JOURNAL_FILE).write_text(
        json.dumps(
            {
                "target": "inspections/2024.csv",
                "archived": orphan.relative_to(root).as_posix(),
                "entry": {"sha256": "0" * 64, "action": "replace"},
            }
        )
    )
    for leftover in ("inspections/.2024.csv.abc123.tmp", "archive/inspections/2024/.x.csv.def456.tmp", ".j.tmp"):
        (root / leftover).write_text("part")
    prepared, published = publishing.import_file(_upload(tmp_path, NEW_2025), root, user="lan")
    assert published is not None
    assert not list(root.rglob("*.tmp")) and not (root / publishing.JOURNAL_FILE).exists()
    assert not orphan.exists()
    assert [e["action"] for e in publishing._audit_entries(root)] == ["replace", "publish"]


def test_a_publish_killed_after_its_rename_gets_its_audit_line(root, tmp_path):
    """The journal names a file that is in place: history already shows its author, and the
    next publish writes the missing audit line."""
    prepared = publishing.prepare(_upload(tmp_path, NEW_2024), root)
    target = root / "inspections" / "2024.csv"
    entry = {"action": "replace", "user": "minh", "kind": "inspections", "year": 2024, "sha256": prepared.sha256}
    target.write_bytes(prepared.canonical)  # the rename happened, the kill came before the audit line
    (root / publishing.JOURNAL_FILE).write_text(
        json.dumps({"target": "inspections/2024.csv", "archived": None, "entry": entry})
    )
    assert publishing.history(root, "inspections", 2024)["published_by"].iloc[-1] == "minh"
    publishing.import_file(_upload(tmp_path, NEW_2025), root, user="lan")
    assert [(e["user"], e["year"]) for e in publishing._audit_entries(root)] == [
        ("lan", 2023),
        ("minh", 2024),
        ("lan", 2025),
    ]


@pytest.mark.parametrize(
    "configured,existing,expected",
    [(None, None, 0o644), (None, 0o664, 0o664), ("640", None, 0o640), ("640", 0o664, 0o640)],
)
def test_published_and_archived_files_are_readable_like_the_rest(
    root, tmp_path, monkeypatch, configured, existing, expected
):
    """mkstemp's 0600 made every published year unreadable to an app running as another account:
    a file gets $CCHC_FILE_MODE, else the mode of the file it replaces, else what the umask gives."""
    if configured:
        monkeypatch.setenv(publishing.FILE_MODE_ENV, configured)
    target = root / "inspections" / "2024.csv"
    if existing:
        target.chmod(existing)
    old_umask = os.umask(0o022)
    try:
        _prepared, published = publishing.import_file(_upload(tmp_path, NEW_2024), root, user="lan", replace=True)
        _prepared, new_year = publishing.import_file(_upload(tmp_path, NEW_2025), root, user="lan")
    finally:
        os.umask(old_umask)
    assert oct(target.stat().st_mode & 0o777) == oct(expected)
    assert oct(new_year.path.stat().st_mode & 0o777) == oct(0o640 if configured else 0o644)
    assert oct(published.archived.stat().st_mode & 0o777) == oct(0o640 if configured else expected)
