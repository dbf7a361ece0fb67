"""Publishing: new year, replacement with its difference, archive, audit, history, rollback, concurrency."""

import json
import shutil
import threading
from pathlib import Path

import pytest
from import_helpers import MESSY, TEST_LIMITS, copy_import_data

from cchc_metrics.engine import dataset
from cchc_metrics.engine.validation import DataError
from cchc_metrics.publish.publishing import PublishError, history, import_file, prepare, publish, read_audit, rollback

CLEAN = MESSY / "clean.csv"
DEMO = Path(__file__).resolve().parents[1] / "data"


def changed_copy(tmp_path, name, replacements):
    text = CLEAN.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_new_year_is_published_in_the_data_contract_format(tmp_path):
    root = copy_import_data(tmp_path)
    prepared = prepare(CLEAN, root, limits=TEST_LIMITS)
    assert (prepared.kind, prepared.year, prepared.rows, prepared.ok) == ("inspections", 2025, 15, True)
    assert prepared.diff.is_new
    assert not (root / "inspections" / "2025.csv").exists()  # nothing written by the check
    done = publish(prepared, "an")
    text = (root / "inspections" / "2025.csv").read_text(encoding="utf-8")
    assert text.splitlines()[:3] == [
        "year,unit_code,area_code,criterion_code,criterion_name,max_points,self_score,score,first_score,unit_name,method,note,source_province",
        "2025,31117,LEAD,X.LEAD.1,Ban hành kế hoạch CCHC,2.5,2.5,2.25,,Bình Thủy,,,",
        "2025,31117,PROC,X.PROC.1,Công khai TTHC,3,3,2.5,,Bình Thủy,,,",
    ]
    assert (done.action, done.archived, done.rows) == ("publish", None, 15)
    audit = read_audit(root)
    assert audit[["user", "action", "kind", "year", "file", "rows", "replaced_sha256", "archived"]].to_dict(
        "records"
    ) == [
        {
            "user": "an",
            "action": "publish",
            "kind": "inspections",
            "year": 2025,
            "file": "clean.csv",
            "rows": 15,
            "replaced_sha256": None,
            "archived": None,
        }
    ]
    assert audit["sha256"].iloc[0] == done.sha256 == prepared.sha256
    assert not list(root.rglob("*.tmp"))


def test_replacement_needs_replace_and_reports_the_difference(tmp_path):
    root = copy_import_data(tmp_path)
    import_file(CLEAN, root, user="an", limits=TEST_LIMITS)
    # Mỹ Khánh's PROC score up by 1.5, Long Hoà's rows gone, a new criterion for every unit.
    lines = CLEAN.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if ",31120," not in line]
    kept = [
        line.replace(
            "2025,31165,Mỹ Khánh,PROC,X.PROC.1,Công khai TTHC,3,2,1.5",
            "2025,31165,Mỹ Khánh,PROC,X.PROC.1,Công khai TTHC,3,3,3",
        )
        for line in kept
    ]
    kept += [f"2025,{c},,FIN,X.FIN.1,Tự chủ tài chính,1,1,1" for c in ("31117", "31153", "31157", "31165")]
    path = tmp_path / "2025_v2.csv"
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    prepared = prepare(path, root, limits=TEST_LIMITS)
    assert prepared.ok and not prepared.diff.is_new
    assert (prepared.diff.published_rows, prepared.diff.new_rows) == (15, 16)
    assert prepared.diff.units.to_dict("records") == [
        {"change": "removed", "unit_code": "31120", "unit_name": "Long Hoà"}
    ]
    assert prepared.diff.criteria.to_dict("records") == [
        {"change": "added", "criterion_code": "X.FIN.1", "area_code": "FIN", "criterion_name": "Tự chủ tài chính"}
    ]
    scores = prepared.diff.scores.round(4).to_dict("records")
    assert scores == [
        {
            "unit_code": "31165",
            "unit_name": "Mỹ Khánh",
            "published_pct": 57.5,
            "new_pct": round(100 * 8.25 / 11, 4),
            "change_pct": round(100 * 8.25 / 11 - 57.5, 4),
        },
        {
            "unit_code": "31157",
            "unit_name": "Trường Long",
            "published_pct": round(100 * 4.75 / 5.5, 4),
            "new_pct": round(100 * 5.75 / 6.5, 4),
            "change_pct": round(100 * 5.75 / 6.5 - 100 * 4.75 / 5.5, 4),
        },
        {
            "unit_code": "31117",
            "unit_name": "Bình Thủy",
            "published_pct": 87.5,
            "new_pct": round(100 * 9.75 / 11, 4),
            "change_pct": round(100 * 9.75 / 11 - 87.5, 4),
        },
        {
            "unit_code": "31153",
            "unit_name": "Phong Điền",
            "published_pct": 90.0,
            "new_pct": round(100 * 10 / 11, 4),
            "change_pct": round(100 * 10 / 11 - 90, 4),
        },
    ]
    with pytest.raises(PublishError) as refused:
        publish(prepared, "an")
    assert refused.value.key == "publish.needs_replace"
    done = publish(prepared, "an", replace=True)
    assert done.action == "replace" and done.archived.parent == root / "archive" / "inspections" / "2025"


def test_publish_refuses_a_stale_check_and_a_file_with_errors(tmp_path):
    root = copy_import_data(tmp_path)
    first = prepare(CLEAN, root, limits=TEST_LIMITS)
    second = prepare(changed_copy(tmp_path, "b.csv", [(",3,3,3\n", ",3,3,2.5\n")]), root, limits=TEST_LIMITS)
    publish(first, "an")
    with pytest.raises(PublishError) as stale:
        publish(second, "bao", replace=True)
    assert stale.value.key == "publish.changed_since_check"
    bad = prepare(
        changed_copy(tmp_path, "c.csv", [("2025,31117,Bình Thủy,LEAD", "2025,99999,Bình Thủy,LEAD")]),
        root,
        limits=TEST_LIMITS,
    )
    with pytest.raises(DataError):
        publish(bad, "an", replace=True)


def test_publish_replace_rollback_round_trip(tmp_path):
    root = copy_import_data(tmp_path)
    target = root / "inspections" / "2025.csv"
    _, v1 = import_file(CLEAN, root, user="an", limits=TEST_LIMITS)
    first_bytes = target.read_bytes()
    v2_file = changed_copy(
        tmp_path,
        "v2.csv",
        [
            (
                "2025,31165,Mỹ Khánh,PROC,X.PROC.1,Công khai TTHC,3,2,1.5",
                "2025,31165,Mỹ Khánh,PROC,X.PROC.1,Công khai TTHC,3,2,2",
            )
        ],
    )
    with pytest.raises(PublishError):
        import_file(v2_file, root, user="bao", limits=TEST_LIMITS)
    _, v2 = import_file(v2_file, root, user="bao", replace=True, limits=TEST_LIMITS)
    assert target.read_bytes() != first_bytes
    versions = history(root, "inspections", 2025)
    assert versions[["version", "sha256", "rows", "current", "published_by", "action"]].to_dict("records") == [
        {
            "version": 1,
            "sha256": v1.sha256[:12],
            "rows": 15,
            "current": False,
            "published_by": "an",
            "action": "publish",
        },
        {
            "version": 2,
            "sha256": v2.sha256[:12],
            "rows": 15,
            "current": True,
            "published_by": "bao",
            "action": "replace",
        },
    ]
    with pytest.raises(PublishError) as current:
        rollback(root, "inspections", 2025, 2, "chi")
    assert current.value.key == "publish.already_current"
    back = rollback(root, "inspections", 2025, 1, "chi")
    assert target.read_bytes() == first_bytes
    assert back.action == "rollback" and back.sha256 == v1.sha256
    after = history(root, "inspections", 2025)
    assert after[["version", "sha256", "current", "published_by", "action"]].to_dict("records") == [
        {"version": 1, "sha256": v1.sha256[:12], "current": False, "published_by": "an", "action": "publish"},
        {"version": 2, "sha256": v2.sha256[:12], "current": False, "published_by": "bao", "action": "replace"},
        {"version": 3, "sha256": v1.sha256[:12], "current": True, "published_by": "chi", "action": "rollback"},
    ]
    # Nothing is ever deleted: both earlier files are in the archive, named by time and hash.
    archived = sorted(p.name.split("-")[1] for p in (root / "archive" / "inspections" / "2025").iterdir())
    assert archived == sorted([v1.sha256[:12] + ".csv", v2.sha256[:12] + ".csv"])
    assert list(read_audit(root)["action"]) == ["publish", "replace", "rollback"]
    # A version can also be named by its hash.
    rollback(root, "inspections", 2025, v2.sha256[:8], "chi")
    last = history(root, "inspections", 2025).iloc[-1]
    assert (last["version"], last["sha256"], last["current"]) == (4, v2.sha256[:12], True)
    with pytest.raises(PublishError) as unknown:
        rollback(root, "inspections", 2025, 9, "chi")
    assert unknown.value.key == "publish.unknown_version"


def test_concurrent_publishes_are_serialised_and_all_audited(tmp_path):
    root = copy_import_data(tmp_path)
    files = [
        changed_copy(
            tmp_path,
            f"p{i}.csv",
            [
                (
                    "2025,31165,Mỹ Khánh,LEAD,X.LEAD.1,Ban hành kế hoạch CCHC,2.5,1.5,1.25",
                    f"2025,31165,Mỹ Khánh,LEAD,X.LEAD.1,Ban hành kế hoạch CCHC,2.5,1.5,{i / 2}",
                )
            ],
        )
        for i in range(4)
    ]
    start = threading.Barrier(len(files))
    results, errors = {}, []

    def worker(i):
        start.wait()
        try:
            results[i] = import_file(files[i], root, user=f"user{i}", replace=True, limits=TEST_LIMITS)[1]
        except Exception as exc:  # collected: an exception in a thread would otherwise pass silently
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(files))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    audit = read_audit(root)
    assert sorted(audit["user"]) == ["user0", "user1", "user2", "user3"]
    assert sorted(audit["action"]) == ["publish", "replace", "replace", "replace"]
    # Each write replaced exactly the file the previous one wrote: a chain, nothing lost.
    assert list(audit["replaced_sha256"].iloc[1:]) == list(audit["sha256"].iloc[:-1])
    written = {r.sha256 for r in results.values()}
    assert len(written) == 4
    current = (root / "inspections" / "2025.csv").read_bytes()
    import hashlib

    assert hashlib.sha256(current).hexdigest() == audit["sha256"].iloc[-1]
    archived = {
        hashlib.sha256(p.read_bytes()).hexdigest() for p in (root / "archive" / "inspections" / "2025").iterdir()
    }
    assert archived == written - {audit["sha256"].iloc[-1]}
    assert all(json.loads(line) for line in (root / "audit.jsonl").read_text(encoding="utf-8").splitlines())
    assert not list(root.rglob("*.tmp"))


def test_open_sessions_see_new_data_and_archive_is_no_input(tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_CACHE_DIR", str(tmp_path / "cache"))
    root = copy_import_data(tmp_path)
    before = dataset.open_dataset(root)
    assert before.years() == [2024]
    import_file(CLEAN, root, user="an", limits=TEST_LIMITS)
    v2 = changed_copy(tmp_path, "v2.csv", [(",3,2,1.5\n", ",3,2,2\n")])
    import_file(v2, root, user="an", replace=True, limits=TEST_LIMITS)
    after = dataset.open_dataset(root)
    assert after.fingerprint != before.fingerprint
    assert after.years() == [2024, 2025]
    inputs = [p.relative_to(root).as_posix() for p in dataset.input_files(root)]
    assert inputs == ["inspections/2024.csv", "inspections/2025.csv", "units.csv"]
    assert (root / "audit.jsonl").exists() and (root / "archive").is_dir()
    before.close()
    after.close()


def test_unit_list_follows_the_same_path(tmp_path):
    root = copy_import_data(tmp_path)
    units = (root / "units.csv").read_text(encoding="utf-8")
    added = tmp_path / "danh_sach_don_vi.csv"
    added.write_text(units + "31200,Nhơn Ái,xã,commune,926,2025,,new in 2025\n", encoding="utf-8")
    prepared, done = import_file(added, root, user="an", replace=True, limits=TEST_LIMITS)
    assert prepared.kind == "units" and done.action == "replace"
    assert prepared.diff.units[["change", "unit_code", "unit_name"]].to_dict("records") == [
        {"change": "added", "unit_code": "31200", "unit_name": "Nhơn Ái"}
    ]
    assert history(root, "units")["current"].tolist() == [False, True]
    # Removing a unit that a published year uses would break that year: refused, with the file named.
    broken = tmp_path / "units_without_truong_long.csv"
    broken.write_text(
        "".join(line for line in units.splitlines(keepends=True) if "Trường Long" not in line), encoding="utf-8"
    )
    before = (root / "units.csv").read_bytes()
    prepared, done = import_file(broken, root, user="an", replace=True, limits=TEST_LIMITS)
    assert done is None
    assert [(p.key, p.params) for p in prepared.problems] == [
        ("breaks_published", {"file": "inspections/2024.csv", "errors": 3})
    ]
    assert (root / "units.csv").read_bytes() == before


def test_each_part_of_a_year_goes_back_to_its_own_file(tmp_path):
    """A year's departments and a former province's archive are files of their own; a file taken
    out of the demo data and checked again is found the same part of its year, whether its rows
    name the province (inspections) or only their units do (findings), and is not new."""
    root = tmp_path / "data"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns(".cache", "archive", "plans"))
    names = ["2024.csv", "2024-departments.csv", "2024-hau-giang.csv", "2021-soc-trang.csv", "2026.csv"]
    got = []
    for kind in ("inspections", "findings"):
        for name in names:
            upload = tmp_path / f"upload-{kind}-{name}"
            shutil.copy(root / kind / name, upload)
            prepared = prepare(upload, root)
            assert prepared.ok, prepared.report("en").to_dict("records")
            got.append((kind, prepared.part, prepared.target.relative_to(root).as_posix(), prepared.diff.is_new))
    assert got == [
        ("inspections", None, "inspections/2024.csv", False),
        ("inspections", "departments", "inspections/2024-departments.csv", False),
        ("inspections", "hau-giang", "inspections/2024-hau-giang.csv", False),
        ("inspections", "soc-trang", "inspections/2021-soc-trang.csv", False),
        ("inspections", None, "inspections/2026.csv", False),
        ("findings", None, "findings/2024.csv", False),
        ("findings", "departments", "findings/2024-departments.csv", False),
        ("findings", "hau-giang", "findings/2024-hau-giang.csv", False),
        ("findings", "soc-trang", "findings/2021-soc-trang.csv", False),
        ("findings", None, "findings/2026.csv", False),
    ]
