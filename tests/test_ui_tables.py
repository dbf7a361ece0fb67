"""The tables the pages show (ui.draw.number_table, data_table): numbers as the language writes
them, whole numbers plain, an empty cell "–", and every table of a page drawn through them."""

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
