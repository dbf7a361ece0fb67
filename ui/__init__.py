"""Streamlit widgets shared by the pages: language, pickers bound to the URL, charts, downloads."""
