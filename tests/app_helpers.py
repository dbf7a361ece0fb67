"""AppTest helpers for the dashboard pages: open a page as a link would, read chart titles, and
check that a download button serves exactly a given table."""

from __future__ import annotations

import json
import re

from helpers import PROJECT
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from cchc_metrics.present.downloads import csv_bytes

ENTRY = str(PROJECT / "dashboard.py")

# Downloads are deferred: a button carries only an id, and its file is written when clicked.
# AppTest cannot click through to the file, so every deferred file registered in a run is kept
# here by its id, with its file name and the function that writes it.
DEFERRED: dict[str, tuple[str | None, object]] = {}
_add_deferred = MediaFileManager.add_deferred


def _keep_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
    file_id = _add_deferred(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)
    DEFERRED[file_id] = (file_name, data_callable)
    return file_id


MediaFileManager.add_deferred = _keep_deferred


def open_page(page: str, query: dict | None = None) -> AppTest:
    """The app opened at app_pages/<page>.py with `query` in the URL, as a link to that page opens it."""
    at = AppTest.from_file(ENTRY, default_timeout=90)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.switch_page(f"app_pages/{page}.py").run()


def _title_parts(chart) -> tuple[str, str]:
    """(title, subtitle) of a chart, markup removed; a long title's two lines read as one."""
    text = json.loads(chart.proto.spec)["layout"]["title"]["text"]
    title, _, subtitle = text.partition("<br><span")
    return re.sub(r"<[^>]+>", "", title.replace("<br>", " ")), re.sub(
        r"<[^>]+>", "", "<span" + subtitle
    ) if subtitle else ""


def open_tab(at: AppTest, code: str) -> AppTest:
    """The page run again with the tab `code` open (ui.state.tabs), as a click on it would."""
    [keep] = [k for k in at.session_state.keys() if k.startswith("_keep_tab:")]  # the page's own tabs
    at.session_state[keep] = code
    return at.run()


def tab_labels(at: AppTest) -> list[str]:
    return [tab.label for tab in at.tabs]


def titles_by_tab(at: AppTest, codes: list[str]) -> dict[str, list[str]]:
    """{tab code: the chart titles drawn with that tab open}, each tab opened in turn."""
    return {code: chart_titles(open_tab(at, code)) for code in codes}


def chart_titles(at: AppTest) -> list[str]:
    """Every chart's title (both lines of a long one), markup removed."""
    return [_title_parts(chart)[0] for chart in at.get("plotly_chart")]


def chart_subtitles(at: AppTest) -> list[str]:
    return [_title_parts(chart)[1] for chart in at.get("plotly_chart")]


def download_file(at: AppTest, file_name: str) -> bytes | None:
    """The bytes a download button of this run serves as `file_name` (written as a click would), or None."""
    for button in at.get("download_button"):
        name, write = DEFERRED.get(button.proto.deferred_file_id, (None, None))
        if name == file_name:
            data = write()
            return data.encode("utf-8") if isinstance(data, str) else data
    return None


def csv_download_serves(at: AppTest, frame, file_name: str) -> bool:
    """Whether a CSV download button named `file_name` serves exactly `frame` as csv_bytes writes it."""
    return download_file(at, file_name) == csv_bytes(frame)


def problems(at: AppTest) -> list[str]:
    return [e.value for e in at.exception] + [e.value for e in at.error]
