"""A data directory that cannot be written: a clear message naming the folder and what to do; nothing changes.

These tests run as root in CI, where chmod does not stop writes, and a read-only bind mount
needs privileges the runner lacks. So the failures are made three ways: the lock file's open
raising EROFS (what a read-only mount gives at the first write of a publish), os.replace raising
PermissionError (a folder without write permission), and a data directory under a regular file
(a real ENOTDIR from the operating system, nothing simulated).
"""

from __future__ import annotations

import builtins
import dataclasses
import errno
import hashlib
from pathlib import Path

import pytest
from helpers import TINY_2023, TINY_2024, TINY_UNITS, write_dir

from cchc_metrics import i18n
from cchc_metrics.cli.main import main
from cchc_metrics.publish import publishing
from cchc_metrics.publish.publishing import PublishError

NEW_2025 = TINY_2024.replace("2024,", "2025,")


def tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def root(tmp_path) -> Path:
    return write_dir(
        tmp_path / "data",
        {"units.csv": TINY_UNITS, "inspections/2023.csv": TINY_2023, "inspections/2024.csv": TINY_2024},
    )


@pytest.fixture
def upload(tmp_path) -> Path:
    path = tmp_path / "2025.csv"
    path.write_text(NEW_2025, encoding="utf-8")
    return path


def read_only_lock(monkeypatch, root: Path) -> None:
    """Opening anything for writing inside `root` fails as on a read-only mount."""
    real_open = builtins.open

    def fake_open(file, mode="r", *args, **kwargs):
        if Path(file).is_relative_to(root) and any(c in mode for c in "wax+"):
            raise OSError(errno.EROFS, "Read-only file system", str(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(publishing, "open", fake_open, raising=False)


def test_read_only_directory_message_names_folder_and_what_to_do(root, upload, monkeypatch):
    before = tree(root)
    read_only_lock(monkeypatch, root)
    prepared = publishing.prepare(upload, root)
    assert prepared.ok
    with pytest.raises(PublishError) as caught:
        publishing.publish(prepared, "lan")
    assert (caught.value.key, caught.value.params) == (
        "publish.not_writable",
        {"folder": str(root), "detail": "Read-only file system"},
    )
    assert caught.value.message("en") == (
        f"Cannot write to the folder {root} of the data directory (Read-only file system). The app's account needs "
        "write permission there: ask the server's administrator to grant it, or set CCHC_DATA_DIR to a writable "
        "copy of the data, then publish again. The published data were not changed."
    )
    assert str(root) in caught.value.message("vi") and "quyền ghi" in caught.value.message("vi")
    assert tree(root) == before


def test_cli_import_into_read_only_directory(root, upload, monkeypatch, capsys):
    before = tree(root)
    read_only_lock(monkeypatch, root)
    code = main(["import", str(upload), "--data-dir", str(root), "--lang", "en", "--user", "lan"])
    out, err = capsys.readouterr()
    assert code == 1
    assert err.splitlines() == [
        i18n.t("publish.not_writable", "en", folder=root, detail="Read-only file system"),
        "2025.csv: nothing was published.",
    ]
    assert tree(root) == before


def test_folder_without_write_permission_on_rename(root, upload, monkeypatch):
    """Replacing 2024: the rename into inspections/ is refused; the old file stays, no temporary file is left."""
    before = tree(root)
    replaced = upload.with_name("2024.csv")
    replaced.write_text(TINY_2024.replace(",10,4,4", ",10,5,5"), encoding="utf-8")
    prepared = publishing.prepare(replaced, root)

    def refuse(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))

    monkeypatch.setattr(publishing.os, "replace", refuse)
    with pytest.raises(PublishError) as caught:
        publishing.publish(prepared, "lan", replace=True)
    folder = root / "archive" / "inspections" / "2024"
    # The first rename of a replacement is the archive copy: that folder is named.
    assert caught.value.params == {"folder": str(folder), "detail": "Permission denied"}
    assert {k: v for k, v in tree(root).items() if k != publishing.LOCK_FILE} == before
    assert [p for p in root.rglob("*.tmp")] == []


def test_data_directory_under_a_file(root, upload, tmp_path):
    """A real operating-system refusal: the configured data directory lies under a regular file."""
    prepared = publishing.prepare(upload, root)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    bad = blocker / "data"
    with pytest.raises(PublishError) as caught:
        publishing.publish(dataclasses.replace(prepared, root=bad), "lan")
    assert caught.value.params == {"folder": str(bad), "detail": "Not a directory"}
    assert blocker.read_text() == "x"
