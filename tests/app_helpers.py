"""AppTest helpers for the dashboard pages: open a page as a link would, read chart titles, and
check that a download button serves exactly a given table."""

from __future__ import annotations

import json
import re

from streamlit.runtime.memory_media_file_storage import _calculate_file_id
from streamlit.testing.v1 import AppTest

from cchc_metrics.exporting import csv_bytes
from helpers import PROJECT

ENTRY = str(PROJECT / "dashboard.py")


def open_page(page: str, query: dict | None = None) -> AppTest:
    """The app opened with `query` in the URL, then switched to app_pages/<page>.py."""
    at = AppTest.from_file(ENTRY, default_timeout=90)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(f"app_pages/{page}.py").run()


def chart_titles(at: AppTest) -> list[str]:
    """The first line of every chart's title, markup removed."""
    titles = []
    for chart in at.get("plotly_chart"):
        text = json.loads(chart.proto.spec)["layout"]["title"]["text"]
        titles.append(re.sub(r"<[^>]+>", "", text.split("<br>")[0]))
    return titles


def chart_subtitles(at: AppTest) -> list[str]:
    out = []
    for chart in at.get("plotly_chart"):
        text = json.loads(chart.proto.spec)["layout"]["title"]["text"]
        out.append(re.sub(r"<[^>]+>", "", text.split("<br>")[1]) if "<br>" in text else "")
    return out


def csv_download_serves(at: AppTest, frame, file_name: str) -> bool:
    """Whether a CSV download button named `file_name` serves exactly `frame` as csv_bytes writes it."""
    file_id = _calculate_file_id(csv_bytes(frame), "text/csv", file_name)
    return any(b.proto.url.endswith(f"/{file_id}.csv") for b in at.get("download_button"))


def problems(at: AppTest) -> list[str]:
    return [e.value for e in at.exception] + [e.value for e in at.error]
