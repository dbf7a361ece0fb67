"""Every bad file of tests/fixtures/bad_files is rejected at the right row and column, writing nothing."""

import pytest
from import_helpers import BAD, TEST_LIMITS, copy_import_data, expected_bad, tree_hash

from cchc_metrics.publish.publishing import import_file

EXPECTED = expected_bad()


def test_the_corpus_is_large_and_complete():
    assert len(EXPECTED) >= 20
    on_disk = {p.name for p in BAD.iterdir()} - {"expected.csv"}
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_rejected_and_data_dir_untouched(tmp_path, name):
    root = copy_import_data(tmp_path)
    before = tree_hash(root)
    prepared, published = import_file(
        BAD / name, root, user="test", replace=True, confirm_warnings=True, limits=TEST_LIMITS
    )
    assert published is None
    assert not prepared.ok
    errors = {(p.key, p.row, p.column) for p in prepared.problems if p.severity == "error"}
    assert errors == EXPECTED[name]
    assert all(p.file == name for p in prepared.problems)
    assert tree_hash(root) == before


def test_every_problem_has_a_message_and_a_hint_in_both_languages(tmp_path):
    root = copy_import_data(tmp_path)
    for name in sorted(EXPECTED):
        prepared, _ = import_file(BAD / name, root, user="test", limits=TEST_LIMITS)
        for lang in ("vi", "en"):
            report = prepared.report(lang)
            assert list(report.columns) == ["file", "row", "column", "severity", "message", "hint"]
            assert (report["message"] != "").all() and (report["hint"] != "").all(), name


def test_unknown_unit_name_suggests_close_names(tmp_path):
    root = copy_import_data(tmp_path)
    prepared, _ = import_file(BAD / "ambiguous_unit_name.csv", root, user="test", limits=TEST_LIMITS)
    (problem,) = prepared.problems
    assert problem.params["suggestions"] == "Phường Bình Thủy (31117); Quận Bình Thủy (918)"
    assert problem.message("en") == (
        "the name “Bình Thủy” fits several units of 2025: Phường Bình Thủy (31117); Quận Bình Thủy (918)."
    )
