"""`bench --scale province|national [--data-dir DIR] [--json FILE] [--browser]`: time the engine at scale.

Generates the synthetic data set if it is missing (default: $CCHC_BENCH_DIR/<scale>, else
~/.cache/cchc-bench/<scale>, outside the project), then reports cold start, start with the cache,
each page's computation, peak memory and the pandas comparison (see cchc_metrics/bench.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from cchc_metrics import i18n
from cchc_metrics.config import PROJECT_ROOT
from cchc_metrics.tools import bench

# National targets of issue 23 (seconds, MB, ratio); the browser targets are per interaction (median)
# and per first visit; publish: the overview clicked after the import, drawn with the new year (from the press).
TARGETS = {
    "cold": 8.0,
    "warm": 2.0,
    "page": 0.2,
    "ratio": 5.0,
    "peak_cold_mb": 1024.0,
    "peak_warm_mb": 600.0,
    "browser": 0.5,
    "first_visit": 1.0,
    "publish": {"province": 0.5, "national": 2.0},
}


def register(sub, parent) -> None:
    parser = sub.add_parser("bench", parents=[parent], help="time the engine on a large synthetic data set")
    parser.add_argument("--scale", choices=tuple(bench.synthetic.SCALES), required=True)
    parser.add_argument("--json", help="also write the whole report to this JSON file")
    parser.add_argument(
        "--browser",
        action="store_true",
        help="also time page interactions and a publish in Chromium against `streamlit run dashboard.py` "
        "(tools/bench_browser.py)",
    )
    parser.add_argument(
        "--viewers",
        default="",
        help="also time that many browser sessions at once walking the pages, e.g. 10,25,50",
    )
    parser.set_defaults(run=run)


def _line(lang: str, key: str, value: str, target: str = "", ok: bool | None = None, **params) -> str:
    mark = "" if ok is None else (" ✓" if ok else " ✗")
    label = i18n.t(f"bench.{key}", lang, **params)
    return f"{label:<58} {value:>12}   {target}{mark}"


def run(args) -> int:
    lang = args.lang
    say = lambda text: print(text, file=sys.stderr)  # noqa: E731 - progress goes to stderr
    report = bench.run(args.scale, args.data_dir, progress=say)
    browser = [sys.executable, str(PROJECT_ROOT / "cchc_metrics" / "tools" / "bench_browser.py"), report["data_dir"]]
    for flag, key, extra in ((args.browser, "browser", ["--publish"]), (args.viewers, "viewers", None)):
        if not flag:
            continue
        say(i18n.t("bench.browser_running", lang))
        out = subprocess.run(
            browser + (extra or ["--viewers", args.viewers]), capture_output=True, text=True, check=False
        )
        if out.returncode != 0:
            say(out.stderr[-2000:])
            return 1
        report[key] = json.loads(out.stdout.strip().splitlines()[-1])
    national = args.scale == "national"
    m = report["machine"]
    print(
        i18n.t(
            "bench.header",
            lang,
            scale=args.scale,
            rows=f"{report['cold']['score_rows']:,}",
            mb=report["csv_mb"],
            cpu=m["cpu"],
            cores=m["cores"],
            ram=m["ram_gb"],
            load=m["load_avg"][0],
            load_end=m["load_avg_end"][0],
            probe=m["cpu_probe_s"],
            probe_end=m["cpu_probe_end_s"],
        )
    )
    if report["generated_s"] is not None:
        print(_line(lang, "generated", f"{report['generated_s']:.1f} s"))
    cold, warm = report["cold"], report["warm"]
    target = lambda v: f"≤ {v:g}" if national else ""  # noqa: E731
    print(
        _line(
            lang,
            "cold",
            f"{cold['seconds']:.2f} s",
            target(TARGETS["cold"]) + " s" * national,
            cold["seconds"] <= TARGETS["cold"] if national else None,
            cpu=cold["cpu_seconds"],
        )
    )
    print(
        _line(
            lang,
            "warm",
            f"{warm['seconds']:.2f} s",
            target(TARGETS["warm"]) + " s" * national,
            warm["seconds"] <= TARGETS["warm"] if national else None,
        )
    )
    for page, result in report["pages"].items():
        missing = [c for c in result["calls"] if "missing" in c]
        note = i18n.t("bench.missing", lang, n=len(missing)) if missing else ""
        print(
            _line(
                lang,
                "page",
                f"{result['total_median_s']:.3f} s",
                target(TARGETS["page"]) + " s" * national + note,
                result["total_median_s"] <= TARGETS["page"] if national else None,
                page=page,
            )
        )
    pandas = report["pandas"]
    print(_line(lang, "scores_duckdb", f"{report['duckdb_scores']['median_s']:.3f} s"))
    print(
        _line(
            lang,
            "scores_pandas",
            f"{pandas['total_s']:.2f} s",
            i18n.t("bench.pandas_split", lang, read=pandas["read_s"], compute=pandas["compute_s"]),
        )
    )
    ratios = report["ratios"]
    print(
        _line(
            lang,
            "ratio_total",
            f"{ratios['pandas_total_over_duckdb']:.1f}×",
            "≥ 5×" if national else "",
            ratios["pandas_total_over_duckdb"] >= TARGETS["ratio"] if national else None,
        )
    )
    print(_line(lang, "ratio_compute", f"{ratios['pandas_compute_over_duckdb']:.1f}×"))
    for key, mb, limit in (
        ("peak_cold", cold["peak_mb"], TARGETS["peak_cold_mb"] if national else None),
        ("peak_warm", report["peak_mb"], TARGETS["peak_warm_mb"] if national else None),
        ("peak_scores", report.get("scores_peak_mb", report["peak_mb"]), None),
        ("peak_pandas", pandas["peak_mb"], None),
    ):
        print(_line(lang, key, f"{mb:.0f} MB", f"≤ {limit:g} MB" if limit else "", mb <= limit if limit else None))
    published = report["publish"]
    built = published.get("built_in_import_s")
    built = "–" if built is None else f"{built:.2f}"
    print(_line(lang, "publish_engine", f"{published['seconds']:.2f} s", "", None, year=published["year"], built=built))
    if "browser" in report:
        steps = report["browser"]["steps"]
        worst = max(s["seconds"] for s in steps)
        print(_line(lang, "browser", f"{worst:.2f} s", "≤ 0.5 s", worst <= TARGETS["browser"], n=len(steps)))
        first = max(s["slowest"] for s in steps)
        print(_line(lang, "first_visit", f"{first:.2f} s", "≤ 1 s", first <= TARGETS["first_visit"]))
        runs = report["browser"].get("publish", [])
        if runs:
            seconds = sorted(r["seconds"] for r in runs)[len(runs) // 2]
            from_import = sorted(r["from_import_seconds"] for r in runs)[len(runs) // 2]
            limit = TARGETS["publish"].get(args.scale)
            print(
                _line(
                    lang,
                    "publish_browser",
                    f"{seconds:.2f} s",
                    f"≤ {limit:g} s" if limit else "",
                    seconds <= limit if limit else None,
                    n=len(runs),
                    from_import=f"{from_import:.2f}",
                )
            )
    for result in report.get("viewers", {}).get("viewers", []):
        print(
            _line(
                lang,
                "viewers",
                f"{result['median']:.2f} / {result['p95']:.2f} s",
                "",
                None,
                n=result["sessions"],
                clicks=result["clicks"],
            )
        )
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0
