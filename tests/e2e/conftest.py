"""Fixtures of the browser tests (defined in browser.py, which the tests import helpers from)."""

from browser import app, chrome  # noqa: F401
