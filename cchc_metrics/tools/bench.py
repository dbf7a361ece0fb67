"""The benchmark behind `python -m cchc_metrics bench`: the engine timed on a synthetic data set.

Each measurement that needs a clean process (cold start, start with the cache, peak memory, the
pandas comparison) runs in a child process (`python -m cchc_metrics.tools.bench <task> ...`) that prints
one JSON object; the parent collects them. Nothing here is part of the test suite: timings depend
on the machine and on what else runs on it, so the report says the load average too.
"""

from __future__ import annotations

import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cchc_metrics.tools import synthetic

BENCH_DIR_ENV = "CCHC_BENCH_DIR"
REPEAT = 5
SLOW_S = 3.0


def default_data_dir(scale: str) -> Path:
    """Where a scale's data set lives: $CCHC_BENCH_DIR/<scale>, else ~/.cache/cchc-bench/<scale>."""
    base = os.environ.get(BENCH_DIR_ENV)
    return (Path(base) if base else Path.home() / ".cache" / "cchc-bench") / scale


def cpu_probe() -> float:
    """Seconds for a fixed pure-Python loop. This machine's speed drifts by ±30 % from hour to hour,
    so each run records it next to its timings (at idle: 1.2–1.3 s on the machine of 2026-11-29's
    first two rounds, 0.5–0.6 s on the machine of the third)."""
    start = time.perf_counter()
    sum(i * i for i in range(10**7))
    return round(time.perf_counter() - start, 3)


def machine() -> dict:
    """CPU model, cores, memory, Python and library versions, load average and CPU probe now."""
    import duckdb
    import pandas as pd
    import pyarrow as pa

    model = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        lines = Path("/proc/meminfo").read_text().splitlines()
        mem_kb = next(int(line.split()[1]) for line in lines if line.startswith("MemTotal"))
    except (OSError, StopIteration):
        mem_kb = 0
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "pandas": pd.__version__,
        "pyarrow": pa.__version__,
        "load_avg": [round(x, 2) for x in os.getloadavg()],
        "cpu_probe_s": cpu_probe(),
        "date": time.strftime("%Y-%m-%d %H:%M"),
    }


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def timed(fn, repeat: int = REPEAT) -> dict:
    """Run `fn` once to warm up, then `repeat` times: median and best wall seconds, and the first
    call's (what the first visitor of a year and level waits: the intermediates a Dataset keeps,
    Dataset.kept, are computed then).

    A call slower than SLOW_S is not repeated: its one (cold-ish) time is reported, marked single.
    """
    start = time.perf_counter()
    fn()
    first = time.perf_counter() - start
    if first > SLOW_S:
        return {"median_s": round(first, 4), "best_s": round(first, 4), "first_s": round(first, 4), "single": True}
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return {"median_s": round(statistics.median(runs), 4), "best_s": round(min(runs), 4), "first_s": round(first, 4)}


# --- child tasks: each runs in a fresh process and prints one JSON object --------------------


def task_open(root: str) -> dict:
    """Open the data set (cold or warm depends on $CCHC_CACHE_DIR); time, CPU and peak memory."""
    from cchc_metrics.engine.dataset import open_dataset

    start, cpu = time.perf_counter(), _cpu()
    ds = open_dataset(root)
    seconds = time.perf_counter() - start
    rows = int(ds.sql("select count(*) as n from inspections")["n"].iloc[0])
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(_cpu() - cpu, 2),
        "peak_mb": _peak_mb(),
        "score_rows": rows,
        "problems": len(ds.problems),
    }


def _pages(ds, year: int, lang: str = "vi") -> dict[str, list[tuple[str, object]]]:
    """The library calls behind each page, for one year, one district, one commune and one area.

    A function that does not exist in this checkout is listed with the error instead of a time.
    """
    import importlib

    def lib(module: str, name: str):
        try:
            return getattr(importlib.import_module(f"cchc_metrics.{module}"), name)
        except (ImportError, AttributeError) as exc:
            error = str(exc)

            def missing(*_a, **_k):
                raise NotImplementedError(f"{module}.{name}: {error}")

            return missing

    first = ds.sql(
        "select unit_id, unit_code, level from unit_scores where year = $year order by level, rank, unit_code",
        {"year": year},
    )
    district = first[first["level"] == "district"].iloc[len(first[first["level"] == "district"]) // 2]
    commune = first[first["level"] == "commune"].iloc[len(first[first["level"] == "commune"]) // 2]
    years = ds.years()
    area = "ONESTOP"
    return {
        "overview": [
            ("overview.level_cards", lambda: lib("analysis.overview", "level_cards")(ds, year)),
            (
                "overview.band_counts ×2",
                lambda: [lib("analysis.overview", "band_counts")(ds, year, lv, lang) for lv in ("district", "commune")],
            ),
            (
                "overview.ranking_table district",
                lambda: lib("analysis.overview", "ranking_table")(ds, year, "district", lang),
            ),
            (
                "overview.ranking_table commune",
                lambda: lib("analysis.overview", "ranking_table")(ds, year, "commune", lang),
            ),
        ],
        "scores_table": [
            (
                "scores.scores_table commune",
                lambda: lib("analysis.scores", "scores_table")(ds, year, "commune", lang=lang),
            ),
        ],
        "district": [
            ("profiles.unit_options", lambda: lib("analysis.profiles", "unit_options")(ds, year, "district", lang)),
            (
                "profiles.unit_years",
                lambda: lib("analysis.profiles", "unit_years")(ds, "district", district["unit_id"], lang),
            ),
            (
                "profiles.area_comparison",
                lambda: lib("analysis.profiles", "area_comparison")(ds, year, "district", district["unit_id"], lang),
            ),
            (
                "profiles.district_communes",
                lambda: lib("analysis.profiles", "district_communes")(ds, year, district["unit_code"], lang),
            ),
        ],
        "commune": [
            ("profiles.unit_options", lambda: lib("analysis.profiles", "unit_options")(ds, year, "commune", lang)),
            (
                "profiles.unit_years",
                lambda: lib("analysis.profiles", "unit_years")(ds, "commune", commune["unit_id"], lang),
            ),
            (
                "profiles.area_comparison",
                lambda: lib("analysis.profiles", "area_comparison")(ds, year, "commune", commune["unit_id"], lang),
            ),
            (
                "profiles.criteria_table",
                lambda: lib("analysis.profiles", "criteria_table")(ds, commune["unit_id"], year, lang),
            ),
            (
                "profiles.findings_table",
                lambda: lib("analysis.profiles", "findings_table")(ds, commune["unit_id"], lang),
            ),
        ],
        "area": [
            (
                "reform_areas.area_ranking",
                lambda: lib("analysis.reform_areas", "area_ranking")(ds, year, "commune", area, lang),
            ),
            (
                "reform_areas.units_by_area",
                lambda: lib("analysis.reform_areas", "units_by_area")(ds, year, "commune", lang),
            ),
            ("reform_areas.area_over_years", lambda: lib("analysis.reform_areas", "area_over_years")(ds, area)),
            (
                "reform_areas.criteria_losing",
                lambda: lib("analysis.reform_areas", "criteria_losing")(ds, year, "commune", area),
            ),
        ],
        "trends": [
            ("trends.unit_choices", lambda: lib("analysis.trends", "unit_choices")(ds, "commune", lang)),
            (
                "trends.index_lines",
                lambda: lib("analysis.trends", "index_lines")(ds, "commune", [commune["unit_id"]], {}, "peers"),
            ),
            ("trends.movers", lambda: lib("analysis.trends", "movers")(ds, "commune", years[0], years[-1], lang)),
        ],
        # the leaders' view, one tab at a time (each tab computes only its own tables;
        # views/strengths.py): exemplars, weak units and areas, points lost, lasting
        # weaknesses, self-assessment gap, weaknesses fixed
        "strengths: exemplars": [
            (
                "analysis.views.exemplar_table",
                lambda: lib("analysis.strengths", "exemplar_table")(ds, year, "commune", lang=lang),
            ),
        ],
        "strengths: weak units and areas": [
            (
                "analysis.views.weakness_grid top 20",
                lambda: lib("analysis.strengths", "weakness_grid")(ds, year, "commune", lang=lang, top=20),
            ),
            (
                "analysis.views.weakness_list",
                lambda: lib("analysis.strengths", "weakness_list")(ds, year, "commune", lang=lang),
            ),
        ],
        "strengths: points lost": [
            (
                "analysis.province.lost_points",
                lambda: lib("analysis.province", "lost_points")(ds, year, "commune", lang),
            ),
            (
                "analysis.province.common_weaknesses",
                lambda: lib("analysis.province", "common_weaknesses")(ds, year, "commune"),
            ),
        ],
        "strengths: lasting weaknesses": [
            (
                "analysis.views.still_chronic",
                lambda: lib("analysis.strengths", "still_chronic")(ds, year, "commune", lang=lang),
            ),
        ],
        "strengths: self-assessment gap": [
            (
                "analysis.views.over_claimer_table",
                lambda: lib("analysis.strengths", "over_claimer_table")(ds, year, "commune", None, lang=lang),
            ),
        ],
        "strengths: weaknesses fixed": [
            (
                "analysis.views.fixed_by_district",
                lambda: lib("analysis.strengths", "fixed_by_district")(ds, year, "commune"),
            ),
        ],
        # as the page calls them: the candidates once per data version (planning.kept_candidates:
        # the first call's time is the first visitor's), which the draws and the coverage tab
        # read; a new seed or a new number per district redraws only
        "planning (first view)": [
            (
                "planning.kept_candidates",
                lambda: lib("analysis.planning", "kept_candidates")(ds, year, "district", lang),
            ),
            (
                "planning.draw",
                lambda: lib("analysis.planning", "draw")(
                    ds, year, 2, 12345, weighted=True, pool=_pool(ds, year, lang), lang=lang
                ),
            ),
        ],
        "planning (new draw)": [
            (
                "planning.draw",
                lambda: lib("analysis.planning", "draw")(
                    ds, year, 3, 54321, weighted=True, pool=_pool(ds, year, lang), lang=lang
                ),
            ),
        ],
        "planning (coverage tab)": [
            ("plan_tables.coverage_table", lambda: lib("views.planning", "coverage_table")(ds, year, 3, lang=lang)),
        ],
        "reorganisation": [
            ("reorganisation.unit_choices", lambda: lib("analysis.reorganisation", "unit_choices")(ds, lang)),
            (
                "reorganisation.history_table",
                lambda: lib("analysis.reorganisation", "history_table")(ds, commune["unit_code"], year, lang),
            ),
            (
                "reorganisation.story_table",
                lambda: lib("analysis.reorganisation", "story_table")(ds, commune["unit_code"], year, lang),
            ),
        ],
    }


def _pool(ds, year: int, lang: str):
    """The candidates for `year` as the page keeps them between draws (planning.kept_candidates)."""
    from cchc_metrics.analysis.planning import kept_candidates

    return kept_candidates(ds, year, "district", lang)


def task_pages(root: str) -> dict:
    """With the cache present: start time, each page's computation (warm), the full score computation."""
    from cchc_metrics.engine.dataset import open_dataset

    start = time.perf_counter()
    ds = open_dataset(root)
    started = time.perf_counter() - start
    year = ds.years()[-1]
    pages = {}
    for page, calls in _pages(ds, year).items():
        results, total = [], 0.0
        for label, fn in calls:
            try:
                t = timed(fn)
                total += t["median_s"]
                results.append({"call": label, **t})
            except NotImplementedError as exc:
                results.append({"call": label, "missing": str(exc)})
        pages[page] = {"total_median_s": round(total, 4), "calls": results}
    serving_mb = _peak_mb()  # the pages only: the full score computation below is no page's
    scores = timed(lambda: duckdb_scores(ds), repeat=3)
    return {
        "warm_start_s": round(started, 3),
        "year": year,
        "pages": pages,
        "duckdb_scores": scores,
        "peak_mb": serving_mb,
        "scores_peak_mb": _peak_mb(),
    }


def duckdb_scores(ds) -> int:
    """The full score computation in DuckDB from the loaded rows: area % per unit and area, index and
    rank per unit, every year and level (the build's own area_scores and unit_scores SQL, into temp
    tables on a cursor, so bands, changes and gaps are computed too). Returns the unit-year rows."""
    from cchc_metrics.engine.schema import PARTIAL_WEIGHT
    from cchc_metrics.engine.sqlfiles import sql_text

    cur = ds.cursor()
    years = {"years": ds.years()}
    unit_params = {**years, "partial_weight": PARTIAL_WEIGHT}
    try:
        cur.execute(f"create or replace temp table area_scores as {sql_text('build/area_scores')}", years).fetchall()
        cur.execute(
            f"create or replace temp table unit_scores as {sql_text('build/unit_scores')}", unit_params
        ).fetchall()
        rows = cur.execute("select count(*) from temp.unit_scores").fetchall()[0][0]
        cur.execute("drop table temp.unit_scores").fetchall()
        cur.execute("drop table temp.area_scores").fetchall()
        return rows
    finally:
        cur.close()


def task_pandas(root: str) -> dict:
    """The same scores the straightforward pandas way: read every CSV, group by unit and area, rank."""
    import pandas as pd

    start, cpu = time.perf_counter(), _cpu()
    folder = Path(root)
    units = pd.read_csv(folder / "units.csv", dtype=str)
    frames = [
        pd.read_csv(path, dtype={"unit_code": str, "criterion_code": str, "area_code": str})
        for path in sorted((folder / "inspections").glob("*.csv"))
    ]
    rows = pd.concat(frames, ignore_index=True)
    read_s = time.perf_counter() - start
    compute_start = time.perf_counter()
    rows = rows[rows["score"].notna()].merge(units[["unit_code", "level"]], on="unit_code")
    area = rows.groupby(["year", "level", "unit_code", "area_code"], as_index=False)[["score", "max_points"]].sum()
    area["area_pct"] = 100 * area["score"] / area["max_points"]
    unit = area.groupby(["year", "level", "unit_code"], as_index=False)[["score", "max_points"]].sum()
    unit["index_pct"] = 100 * unit["score"] / unit["max_points"]
    unit["rank"] = unit.groupby(["year", "level"])["index_pct"].transform(
        lambda s: s.round(2).rank(method="min", ascending=False)
    )
    compute_s = time.perf_counter() - compute_start
    return {
        "read_s": round(read_s, 2),
        "compute_s": round(compute_s, 2),
        "total_s": round(time.perf_counter() - start, 2),
        "cpu_seconds": round(_cpu() - cpu, 2),
        "peak_mb": _peak_mb(),
        "unit_rows": len(unit),
        "mean_index": round(float(unit["index_pct"].mean()), 6),
    }


def linked_copy(source: Path, target: Path) -> Path:
    """The data directory `source` as `target`, its files hard-linked (no copy of a gigabyte of CSV).

    A publish into the copy replaces a file by renaming a new one into place, so the source's
    files are never written. Same names, sizes and times: the same fingerprint, the same cache.
    """
    skip = shutil.ignore_patterns(".cache", "archive", "plans", "audit.jsonl", ".publish.lock", ".streamlit-bench-*")
    shutil.copytree(source, target, copy_function=os.link, ignore=skip)
    return target


def next_year_file(root: Path, folder: Path) -> tuple[Path, int]:
    """A new year's inspections file for `root`: its last year's file with the year after it, in `folder`."""
    last = max(int(p.stem) for p in (root / "inspections").glob("*.csv") if p.stem.isdigit())
    data = (root / "inspections" / f"{last}.csv").read_bytes()
    path = folder / f"nam-{last + 1}.csv"  # any name: the year is read from the rows
    path.write_bytes(data.replace(b"\n%d," % last, b"\n%d," % (last + 1)))
    return path, last + 1


def publish_new_year(root: Path, path: Path) -> float | None:
    """`python -m cchc_metrics import` of `path` into `root`, as an analyst publishes (no size limits:
    a national year is larger than the check's default memory and time budget, which an
    administrator raises for it, as the refusal says). Returns the seconds the import spent
    building the new data version before it ended (its last line), None when it says none."""
    budget = {"CCHC_CHECK_MEMORY_MB": "16384", "CCHC_CHECK_SECONDS": "3600"}
    out = subprocess.run(
        [sys.executable, "-m", "cchc_metrics", "import", str(path), "--data-dir", str(root), "--user", "bench"]
        + ["--max-bytes", str(2**40), "--max-rows", str(2**40), "--yes", "--lang", "en"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **budget},
    )
    if out.returncode != 0:
        raise RuntimeError(f"import failed:\n{out.stdout[-1000:]}{out.stderr[-2000:]}")
    ready = re.search(r"ready for readers \(([\d.,]+) s\)", out.stdout)
    return float(ready.group(1).replace(",", "")) if ready else None


def task_publish(root: str) -> dict:
    """A new year published into a linked copy of the data set, with its cache built: the time from
    the end of the import to the dataset open with the new year (what the next page waits for)."""
    from cchc_metrics.engine.dataset import open_dataset

    with tempfile.TemporaryDirectory(prefix="cchc-bench-publish-") as tmp:
        work = linked_copy(Path(root), Path(tmp) / "data")
        open_dataset(work).close()  # the version before the publish (the parent's cache: at once)
        path, year = next_year_file(work, Path(tmp))
        start = time.perf_counter()
        built = publish_new_year(work, path)
        imported = time.perf_counter() - start
        start, cpu = time.perf_counter(), _cpu()
        ds = open_dataset(work)
        seconds = time.perf_counter() - start
        assert ds.years()[-1] == year, ds.years()
        return {
            "year": year,
            "import_s": round(imported, 2),
            "built_in_import_s": built,
            "seconds": round(seconds, 3),
            "cpu_seconds": round(_cpu() - cpu, 2),
            "peak_mb": _peak_mb(),
            "build": ds.build,
        }


TASKS = {"open": task_open, "pages": task_pages, "pandas": task_pandas, "publish": task_publish}


def _child(task: str, root: Path, cache_dir: Path) -> dict:
    env = {**os.environ, "CCHC_CACHE_DIR": str(cache_dir)}
    out = subprocess.run(
        [sys.executable, "-m", "cchc_metrics.tools.bench", task, str(root)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"bench task {task} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(scale: str, data_dir: str | os.PathLike | None = None, progress=print) -> dict:
    """Generate the data set if missing, then measure everything; return the report as a dict.

    Keys: scale, data_dir, machine, generated_s (None if already there), cold, warm, pages,
    duckdb_scores, pandas, ratios. Raises RuntimeError when a child measurement fails.
    """
    root = Path(data_dir) if data_dir else default_data_dir(scale)
    report: dict = {"scale": scale, "data_dir": str(root), "machine": machine(), "generated_s": None}
    if not synthetic.is_complete(root, scale):
        progress(f"generating the {scale} data set in {root} ...")
        start = time.perf_counter()
        synthetic.generate(root, scale)
        report["generated_s"] = round(time.perf_counter() - start, 1)
    report["csv_mb"] = round(sum(p.stat().st_size for p in root.rglob("*.csv")) / 2**20, 1)
    cache = Path(tempfile.mkdtemp(prefix="cchc-bench-cache-"))
    try:
        progress("cold start (CSV → validate → build → cache file) ...")
        report["cold"] = _child("open", root, cache)
        # the DuckDB file and the inspections' Parquet parts beside it
        report["cache_mb"] = round(sum(p.stat().st_size for p in cache.rglob("*") if p.is_file()) / 2**20, 1)
        progress("start with the cache present ...")
        report["warm"] = _child("open", root, cache)
        progress("page computations (warm) and the DuckDB score computation ...")
        report.update(_child("pages", root, cache))
        progress("the same scores the pandas way ...")
        report["pandas"] = _child("pandas", root, cache)
        progress("a new year published: from the end of the import to the new version open ...")
        report["publish"] = _child("publish", root, cache)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    duck = report["duckdb_scores"]["median_s"]
    report["ratios"] = {
        "pandas_total_over_duckdb": round(report["pandas"]["total_s"] / duck, 1),
        "pandas_compute_over_duckdb": round(report["pandas"]["compute_s"] / duck, 1),
    }
    report["machine"]["load_avg_end"] = [round(x, 2) for x in os.getloadavg()]
    report["machine"]["cpu_probe_end_s"] = cpu_probe()
    return report


def main(argv: list[str]) -> int:
    task, root = argv[0], argv[1]
    print(json.dumps(TASKS[task](root)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
