"""The tables the pages show (ui.draw.number_table, data_table): numbers as the language writes
them, whole numbers plain, an empty cell "–", and every table of a page drawn through them."""

import json

import pandas as pd
import pyarrow as pa
import pytest
from helpers import PROJECT
from streamlit.testing.v1 import AppTest


def _table_app():
    import pandas as pd

    from ui.draw import number_table

    number_table(
        pd.DataFrame(
            {
                "year": pd.array([2023, None, 2019], dtype="Int64"),
                "rank": [1, 12, 1234],
                "rows": pd.array([2550, 1_060_000, None], dtype="Int64"),
                "index_pct": [1234.5, None, 84.054],
                "name": ["Thạnh Phú", None, "Tân An"],
                "rank_change": pd.array([None, None, None], dtype="Int64"),  # a year after the reorganisation
            }
        )
    )


def _shown(lang: str):
    at = AppTest.from_function(_table_app)
    at.session_state["_keep_lang"] = lang
    table = at.run().dataframe[0]
    display = pa.ipc.open_stream(table.proto.arrow_data.styler.display_values).read_all().to_pandas()
    return table, display


@pytest.mark.parametrize(
    "lang,decimals,rows",
    [("vi", ["1.234,50", "84,05"], ["2.550", "1.060.000"]), ("en", ["1,234.50", "84.05"], ["2,550", "1,060,000"])],
)
def test_number_table_writes_decimals_in_the_language_and_years_plain(lang, decimals, rows):
    table, display = _shown(lang)
    # an empty cell of any kind reads "–" (Streamlit would write "None")
    assert table.proto.placeholder == "–"
    assert [display["index_pct"][0], display["index_pct"][2]] == decimals
    # a year is 2023, not 2.023; a count is not given a thousands mark either
    assert [display["year"][0], display["year"][2]] == ["2023", "2019"]
    assert list(display["rank"]) == ["1", "12", "1234"]
    # a column of counts that reaches 10,000 is marked, every value of it
    assert list(display["rows"])[:2] == rows
    # the cells themselves stay numbers, so a column sorts by value
    assert table.value["index_pct"].dtype.kind == "f" and pd.isna(table.value["index_pct"][1])


def test_pages_draw_their_tables_through_the_shared_helpers():
    """Only ui.draw calls st.dataframe: every other table gets the "–" and the number formats."""
    callers = [
        p.relative_to(PROJECT).as_posix()
        for p in [*PROJECT.glob("app_pages/*.py"), *PROJECT.glob("ui/*.py"), PROJECT / "dashboard.py"]
        if ".dataframe(" in p.read_text(encoding="utf-8")
    ]
    assert callers == ["ui/draw.py"]


def test_a_phone_shows_the_key_column_first_then_long_texts_then_the_rest():
    from cchc_metrics.views.model import Table

    columns = ["Năm", "Đơn vị", "Loại", "Nội dung", "Điểm", "Mã"]
    findings = Table(pd.DataFrame(columns=columns), text={"Nội dung": "large"}, keys=("Đơn vị",))
    assert findings.phone_columns(columns) == ["Đơn vị", "Nội dung", "Năm", "Loại", "Điểm", "Mã"]
    ranking = Table(pd.DataFrame(columns=columns), search=("Đơn vị", "Mã"))  # the unit searched by
    assert ranking.phone_columns(columns) == ["Đơn vị", "Năm", "Loại", "Nội dung", "Điểm", "Mã"]
    plain = Table(pd.DataFrame(columns=columns))
    assert plain.phone_columns(columns) == columns
    text_first = Table(pd.DataFrame(columns=columns), text={"Nội dung": "large"}, keys=("Nội dung", "Loại"))
    assert text_first.phone_columns(columns) == ["Nội dung", "Loại", "Năm", "Đơn vị", "Điểm", "Mã"]


def _findings_app():
    import pandas as pd

    from cchc_metrics.views.model import Table
    from ui.draw import table

    frame = pd.DataFrame(
        {"Năm": [2014], "Đơn vị": ["Tân Thới"], "Loại": ["hạn chế"], "Nội dung": ["Chưa niêm yết TTHC"], "Điểm": [7.5]}
    )
    table(Table(frame, text={"Nội dung": "large"}, keys=("Đơn vị",)))


@pytest.mark.parametrize(
    "compact,columns,config,row_height",
    [
        (
            "1",
            ["Đơn vị", "Nội dung", "Năm", "Loại", "Điểm"],
            {"Đơn vị": (True, None), "Nội dung": (None, "medium")},
            80,
        ),
        ("0", ["Năm", "Đơn vị", "Loại", "Nội dung", "Điểm"], {"Nội dung": (None, "large")}, 0),
    ],
)
def test_a_table_on_a_phone_keeps_its_key_column_in_view_and_wraps_long_texts(compact, columns, config, row_height):
    at = AppTest.from_function(_findings_app)
    at.query_params["compact"] = compact
    drawn = at.run().dataframe[0]
    assert list(drawn.value.columns) == columns
    found = json.loads(drawn.proto.columns)
    assert {c: (v.get("pinned"), v.get("width")) for c, v in found.items() if c != "_index"} == config
    assert drawn.proto.row_height == row_height
