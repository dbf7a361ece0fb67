"""The built-database cache: reused when inputs are unchanged, rebuilt when they change or break."""

import os
import shutil

import pandas as pd
import pyarrow.parquet as pq

from cchc_metrics.engine import dataset
from cchc_metrics.engine.dataset import fingerprint, open_dataset
from cchc_metrics.engine.sqlfiles import sql_text


def cache_files(root):
    return sorted(p.name for p in (root / ".cache").glob("cchc-*.duckdb"))


def test_second_open_reuses_the_cache(tiny_dir):
    first = open_dataset(tiny_dir)
    files = cache_files(tiny_dir)
    assert files == [f"cchc-{first.fingerprint}.duckdb"]
    mtime = (tiny_dir / ".cache" / files[0]).stat().st_mtime_ns
    second = open_dataset(tiny_dir)
    assert second.fingerprint == first.fingerprint
    assert (tiny_dir / ".cache" / files[0]).stat().st_mtime_ns == mtime


def test_changed_input_is_never_served_stale(tiny_dir):
    before = open_dataset(tiny_dir)
    assert (
        before.sql("select index_pct from unit_scores where year = 2024 and unit_code = '10201'")["index_pct"][0]
        == 50.0
    )
    path = tiny_dir / "inspections" / "2024.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("10,4,4\n", "10,6,6\n"), encoding="utf-8")
    after = open_dataset(tiny_dir)
    assert after.fingerprint != before.fingerprint
    assert (
        after.sql("select index_pct from unit_scores where year = 2024 and unit_code = '10201'")["index_pct"][0] == 60.0
    )
    assert cache_files(tiny_dir) == [f"cchc-{after.fingerprint}.duckdb"]  # the old one is pruned


def test_corrupt_cache_is_detected_and_rebuilt(tiny_dir):
    ds = open_dataset(tiny_dir)
    ds.close()
    target = tiny_dir / ".cache" / f"cchc-{ds.fingerprint}.duckdb"
    target.write_bytes(b"not a database" * 100)
    again = open_dataset(tiny_dir)
    assert again.years() == [2023, 2024]
    assert target.read_bytes()[:14] != b"not a database"


def test_unwritable_cache_dir_falls_back_to_memory(tiny_dir, monkeypatch):
    monkeypatch.setenv("CCHC_CACHE_DIR", str(tiny_dir / "units.csv" / "cannot-be-a-dir"))
    ds = open_dataset(tiny_dir)
    assert ds.years() == [2023, 2024]


def test_fingerprint_ignores_archive_and_cache(tiny_dir):
    stamp = fingerprint(tiny_dir)
    (tiny_dir / "archive" / "inspections").mkdir(parents=True)
    (tiny_dir / "archive" / "inspections" / "2024-old.csv").write_text("x", encoding="utf-8")
    (tiny_dir / ".cache").mkdir(exist_ok=True)
    (tiny_dir / ".cache" / "junk.duckdb").write_text("x", encoding="utf-8")
    assert fingerprint(tiny_dir) == stamp
    os.utime(tiny_dir / "units.csv", ns=(1, 1))
    assert fingerprint(tiny_dir) != stamp


def test_code_version_follows_build_and_check_sql_not_page_queries(tmp_path, monkeypatch):
    """A page query's change keeps the built cache; a build or check SQL change rebuilds it."""
    copy = tmp_path / "sql"
    shutil.copytree(dataset.SQL_DIR, copy)
    monkeypatch.setattr(dataset, "SQL_DIR", copy)

    def version() -> str:
        dataset.code_version.cache_clear()
        return dataset.code_version()

    try:
        before = version()
        query = next((copy / "queries").glob("*.sql"))
        query.write_text(query.read_text(encoding="utf-8") + "\n-- edited\n", encoding="utf-8")
        assert version() == before
        for folder in ("build", "checks"):
            step = next((copy / folder).rglob("*.sql"))
            step.write_text(step.read_text(encoding="utf-8") + "\n-- edited\n", encoding="utf-8")
            changed = version()
            assert changed != before
            before = changed
    finally:
        dataset.code_version.cache_clear()


def _tables(ds) -> dict:
    names = ["inspections", "findings", "units", "area_scores", "unit_scores", "criterion_scores", "district_communes"]
    return {
        n: ds.sql(f"select * from {n}")
        .sort_values(list(ds.sql(f"select * from {n} limit 0").columns))
        .reset_index(drop=True)
        for n in names
    }


def test_cached_build_keeps_inspections_as_parquet_with_the_same_tables(demo_copy):
    """The cache keeps the inspections as Parquet parts, one per yearly file (a year in parts has
    several); every table reads as in a build held in memory."""
    cached = open_dataset(demo_copy)
    memory = open_dataset(demo_copy, use_cache=False)
    parts = sorted((demo_copy / ".cache" / "cchc-parts").glob("*.parquet"))
    files = sorted((demo_copy / "inspections").glob("*.csv"))
    # inspections-<file name>-<random>.parquet
    assert sorted(p.name.rsplit("-", 1)[0] for p in parts) == sorted(f"inspections-{f.stem}" for f in files)
    assert len(files) > len(memory.years())
    assert (
        cached.sql("select table_type from information_schema.tables where table_name = 'inspections'")["table_type"][0]
        == "VIEW"
    )
    assert list(cached.sql("describe inspections")["column_type"]) == list(
        memory.sql("describe inspections")["column_type"]
    )
    mine, theirs = _tables(cached), _tables(memory)
    for name in mine:
        pd.testing.assert_frame_equal(mine[name], theirs[name], obj=name)


def test_missing_parquet_part_is_detected_and_rebuilt(tiny_dir):
    ds = open_dataset(tiny_dir)
    ds.close()
    part = next((tiny_dir / ".cache" / "cchc-parts").glob("*.parquet"))
    part.unlink()
    again = open_dataset(tiny_dir)
    assert again.years() == [2023, 2024]
    assert len(again.sql("select * from inspections")) == len(
        open_dataset(tiny_dir, use_cache=False).sql("select * from inspections")
    )


def test_parts_a_new_version_drops_stay_for_the_grace_period(tiny_dir, monkeypatch):
    """A session on the older version reads its parts at every query: they go only PARTS_GRACE_S after
    the version that dropped them was built, however old they are."""
    parts = tiny_dir / ".cache" / "cchc-parts"
    first = open_dataset(tiny_dir)
    first.close()
    old_2024 = next(parts.glob("inspections-2024-*.parquet"))
    os.utime(old_2024, ns=(1, 1))  # written long ago
    path = tiny_dir / "inspections" / "2024.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    second = open_dataset(tiny_dir)
    assert old_2024.exists()  # dropped just now: a session on the first version may still read it
    assert len(second.sql("select * from inspections")) == 24
    monkeypatch.setattr(dataset, "PARTS_GRACE_S", -1)
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    newest = open_dataset(tiny_dir)
    used = set(newest.sql("select part from cache_inputs where part is not null")["part"])
    assert {str(p) for p in parts.glob("*.parquet")} == used  # the 2023 part, and the newest 2024 part
    assert len(used) == 2


def test_cache_folder_with_a_quote_in_its_name(tiny_dir, tmp_path, monkeypatch):
    """The Parquet parts' paths are SQL literals in the view: a quote in the folder name stays text."""
    folder = tmp_path / "it's the cache; drop table units"
    monkeypatch.setenv("CCHC_CACHE_DIR", str(folder))
    open_dataset(tiny_dir).close()
    again = open_dataset(tiny_dir)
    assert list(folder.glob("cchc-parts/*.parquet"))
    assert len(again.sql("select * from inspections")) == len(
        open_dataset(tiny_dir, use_cache=False).sql("select * from inspections")
    )
    assert len(again.sql("select * from units")) == 5


def test_a_dataset_keeps_its_last_intermediates_computed_once(tiny_dir):
    ds = open_dataset(tiny_dir, use_cache=False)
    try:
        calls = []
        first = ds.kept(("x", 1), lambda: calls.append(1) or ["one"])
        assert ds.kept(("x", 1), lambda: calls.append(1) or ["again"]) is first and calls == [1]
        for i in range(dataset.KEPT_RESULTS):  # the oldest key falls out past the bound
            ds.kept(("y", i), lambda: [])
        assert ds.kept(("x", 1), lambda: calls.append(1) or ["recomputed"]) == ["recomputed"] and calls == [1, 1]
    finally:
        ds.close()


def test_a_query_is_run_once_per_data_version_and_each_caller_gets_its_own_frame(tiny_dir, monkeypatch):
    ds = open_dataset(tiny_dir, use_cache=False)
    try:
        run = ds.sql
        texts = []
        monkeypatch.setattr(ds, "sql", lambda text, params=None: texts.append(text) or run(text, params))
        expected = run(sql_text("queries/unit_scores"), {"year": 2024, "level": "commune"})
        first = ds.query("unit_scores", year=2024, level="commune")
        pd.testing.assert_frame_equal(first, expected)
        first.loc[:, "index_pct"] = -1.0  # the caller's frame: changing it changes no later answer
        first["added"] = 1
        pd.testing.assert_frame_equal(ds.query("unit_scores", year=2024, level="commune"), expected)
        pd.testing.assert_frame_equal(ds.query("unit_scores", level="commune", year=2024), expected)
        assert texts == [sql_text("queries/unit_scores")]  # asked three times, run once
        assert len(ds.query("unit_scores", year=2023, level="commune")) == 3 and len(texts) == 2
        assert ds.years() == ds.years() == [2023, 2024] and len(texts) == 3
    finally:
        ds.close()


def test_kept_answers_stay_within_their_bound(tiny_dir, monkeypatch):
    ds = open_dataset(tiny_dir, use_cache=False)
    try:
        cells = ds.query("unit_scores", year=2024, level="commune").size
        monkeypatch.setattr(dataset, "KEPT_ANSWER_CELLS", 2 * cells)
        for year in (2023, 2024, 2023):
            ds.query("unit_scores", year=year, level="commune")
        run = ds.sql
        texts = []
        monkeypatch.setattr(ds, "sql", lambda text, params=None: texts.append(text) or run(text, params))
        ds.query("unit_scores", year=2023, level="commune")  # the last two answers are kept
        ds.query("unit_scores", year=2024, level="commune")
        assert texts == []
        ds.query("unit_scores", year=2024, level="district")  # a third: the oldest answer falls out
        ds.query("unit_scores", year=2023, level="commune")
        assert len(texts) == 2
        monkeypatch.setattr(dataset, "KEPT_ANSWER_ROWS", 2)  # a long answer is never kept
        ds.query("unit_scores", year=2022, level="commune")
        ds.query("unit_list", year=2024)  # three communes
        ds.query("unit_list", year=2024)
        assert len(texts) == 5
    finally:
        ds.close()


def test_a_part_damaged_inside_is_detected_and_rebuilt(tiny_dir):
    """A Parquet part changed in its middle (size and footer intact) reads as a valid file until a
    query reaches the page: its checksum, recorded at build, finds it at the next open."""
    ds = open_dataset(tiny_dir)
    expected = ds.sql("select * from inspections order by year, unit_code, criterion_code")
    ds.close()
    part = max((tiny_dir / ".cache" / "cchc-parts").glob("*.parquet"), key=lambda p: p.stat().st_size)
    names = next(  # the criterion names' column chunk: damage the middle of its pages
        c
        for c in (pq.ParquetFile(part).metadata.row_group(0).column(i) for i in range(11))
        if c.path_in_schema == "criterion_name"
    )
    start = names.dictionary_page_offset or names.data_page_offset
    middle = start + names.total_compressed_size // 2
    data = bytearray(part.read_bytes())
    data[middle : middle + 8] = bytes(b ^ 0x5A for b in data[middle : middle + 8])
    part.write_bytes(bytes(data))
    again = open_dataset(tiny_dir)
    pd.testing.assert_frame_equal(
        again.sql("select * from inspections order by year, unit_code, criterion_code"), expected
    )


def test_a_year_removed_during_the_build_is_built_again_without_it(tiny_dir, monkeypatch):
    """A yearly file deleted after the build listed it (a FileNotFoundError page before): the
    build names it, sees its inputs changed and builds once more on what is there."""
    from cchc_metrics.engine import loading

    real = loading.stage_file
    removed = []

    def stage_and_remove(path, table, threads=True):
        if path.name == "2023.csv" and not removed:
            (tiny_dir / "inspections" / "2024.csv").unlink()
            removed.append(True)
        return real(path, table, threads)

    monkeypatch.setattr(loading, "stage_file", stage_and_remove)
    ds = open_dataset(tiny_dir)
    assert (ds.years(), ds.problems) == ([2023], [])
    assert ds.fingerprint == fingerprint(tiny_dir)


def test_a_full_cache_folder_builds_in_memory_and_says_so(tiny_dir, monkeypatch):
    import duckdb

    from cchc_metrics.engine import sqlfiles

    real = sqlfiles.connect

    def full(database=":memory:"):
        if database != ":memory:":
            raise duckdb.IOException(f'IO Error: Could not write file "{database}": No space left on device')
        return real(database)

    monkeypatch.setattr(sqlfiles, "connect", full)
    ds = open_dataset(tiny_dir)
    assert ds.years() == [2023, 2024]
    assert [(p.file, p.key, p.params, p.severity) for p in ds.problems] == [
        (".cache", "cache.unavailable", {"folder": ".cache", "detail": "No space left on device"}, "warning")
    ]
    # the message names the full disk, never the server's path
    assert str(tiny_dir) not in ds.problems[0].describe("en")


def test_a_damaged_part_of_the_version_before_is_read_again_by_the_update(tiny_dir):
    """The next version is built from the one before; a part of that one damaged since (its
    CRC-32 no longer the one recorded) is never carried over: its file is read again."""
    first = open_dataset(tiny_dir)
    query = "select path, part from cache_inputs where part is not null"
    parts = dict(first.sql(query).itertuples(index=False))
    first.close()
    damaged = tiny_dir / ".cache" / "cchc-parts" / os.path.basename(parts["inspections/2023.csv"])
    data = bytearray(damaged.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8] = bytes(b ^ 0x5A for b in data[middle : middle + 8])
    damaged.write_bytes(bytes(data))
    path = tiny_dir / "inspections" / "2024.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    updated = open_dataset(tiny_dir)
    assert updated.build["kind"] == "update"
    assert updated.build["changed"] == ["inspections/2023.csv", "inspections/2024.csv"]
    now = dict(updated.sql(query).itertuples(index=False))
    assert now["inspections/2023.csv"] != parts["inspections/2023.csv"]
    memory = open_dataset(tiny_dir, use_cache=False)
    order = " order by year, unit_code, criterion_code"
    pd.testing.assert_frame_equal(
        updated.sql("select * from inspections" + order), memory.sql("select * from inspections" + order)
    )
    pd.testing.assert_frame_equal(
        updated.sql("select * from unit_scores order by all"), memory.sql("select * from unit_scores order by all")
    )


def test_files_checked_side_by_side_query_on_one_thread_and_the_setting_comes_back(tiny_dir, monkeypatch):
    """Two files checked at once keep both cores busy: their DuckDB queries run on one thread
    each (more only contend), and the connection's setting is the same again after the load;
    one file alone keeps every thread."""
    from cchc_metrics.engine import loading, sqlfiles

    con = sqlfiles.connect()
    con.execute("set threads = 2").fetchall()
    loading.create_tables(con)
    loading.load_reference(con, tiny_dir)
    seen = []
    check = loading.check_staged

    def spy(cur, *args, **kwargs):
        seen.append(cur.execute("select current_setting('threads')").fetchall()[0][0])
        return check(cur, *args, **kwargs)

    monkeypatch.setattr(loading, "check_staged", spy)
    files = loading.yearly_files(tiny_dir)
    assert len(files) >= loading.CHECKERS
    loading.load_yearly(con, tiny_dir)
    assert seen == [1] * len(files)
    assert con.execute("select current_setting('threads')").fetchall()[0][0] == 2
    seen.clear()
    loading.load_yearly(con, tiny_dir, only={files[0].label})
    assert seen == [2]
