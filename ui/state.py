"""What a link keeps that Streamlit's own URL binding cannot: codes in the link with labels on
screen, a choice kept across pages, and the open tab.

Widgets whose link value is what they show (a search text, a plain year list on one page) use
Streamlit's `bind="query-params"` directly. The choices here keep codes in the link
(?level=commune, ?district=916, ?tab=areas) however they are labelled in either language, and
keep one value per key for the whole session, so the year chosen on one page is the year of the
next. The link is read once per session; afterwards each widget's value is written back to it.
"""

from __future__ import annotations

import streamlit as st

from cchc_metrics import i18n
from cchc_metrics.present import text
from cchc_metrics.views.model import Choice, Link

LANG_NAMES = {"vi": "Tiếng Việt", "en": "English"}
_WIDGETS = {"selectbox": "selectbox", "radio": "radio", "select_slider": "select_slider", "multiselect": "multiselect"}


def _keep(key: str) -> str:
    return f"_keep_{key}"


def current_lang() -> str:
    """The language chosen in the sidebar (kept in the link as ?lang=)."""
    return st.session_state.get(_keep("lang"), i18n.DEFAULT_LANG)


def t(key: str, **params) -> str:
    """The text of `key` in the session's language."""
    return i18n.t(key, current_lang(), **params)


def tm(key: str, **params) -> str:
    """`t` for Markdown elements: the data in `params` shown as text (present.text.tm)."""
    return text.tm(key, current_lang(), **params)


def kept_value(key: str):
    """What the reader chose for `key` on any page of this session (None: nothing yet)."""
    return st.session_state.get(_keep(key))


def _from_link(key: str, parse, default):
    """The session's value of `key`: the link's at the first ask, then what the reader chose."""
    keep = _keep(key)
    if keep not in st.session_state:
        raw = st.query_params.get(key)
        try:
            st.session_state[keep] = default if raw is None else parse(raw)
        except ValueError:
            st.session_state[keep] = default
    return st.session_state[keep]


def _remember(key: str):
    def remember():
        st.session_state[_keep(key)] = st.session_state[key]

    return remember


def choice(spec: Choice, container=None):
    """Draw `spec` and return the chosen code (a list of codes for a multiselect).

    An unknown code in the link, or one no longer offered (another year's units), falls back to
    the default, and the page says so under the widget when `spec.unavailable` explains that
    value; a multiselect keeps the known codes of ?key=a,b,c, at most `max_selections`.
    A disabled choice is drawn greyed and returns None; a choice with groups is drawn as two
    lists, the group first (_group_options).
    """
    options = list(spec.options)
    box = container or st
    if spec.disabled:
        box.selectbox(spec.label, options, disabled=True, key=spec.key, help=spec.help)
        return None
    multi = spec.widget == "multiselect"
    asked = None
    if multi:
        default = list(spec.default or [])
        value = _from_link(spec.key, lambda raw: [o for o in raw.split(",") if o in options] or None, None)
        value = [o for o in (value if value is not None else default) if o in options][: spec.max_selections]
    else:
        default = spec.first_shown()
        # the link's text, or the value kept from another page, matched to this page's options
        asked = _from_link(spec.key, lambda raw: raw, None)
        value = next((o for o in options if o == asked or str(o) == str(asked)), default)
    # a value asked for that this page does not offer stays the session's choice for the pages
    # that do, and the page says next to the widget what it shows instead (spec.unavailable)
    replaced = not multi and asked is not None and not any(str(o) == str(asked) for o in options)
    if not replaced:
        st.session_state[_keep(spec.key)] = value
    if spec.groups and not multi and value is not None:
        options = _group_options(spec, value, box)
    st.session_state[spec.key] = value
    widget = getattr(box, _WIDGETS[spec.widget])
    kwargs = {"key": spec.key, "on_change": _remember(spec.key), "format_func": spec.label_of, "help": spec.help}
    if spec.widget == "radio":
        kwargs["horizontal"] = spec.horizontal
    if spec.max_selections:
        kwargs["max_selections"] = spec.max_selections
    chosen = widget(spec.label, options, label_visibility=spec.label_visibility, **kwargs)
    chosen = list(chosen) if multi else chosen
    if replaced:
        message = next((m for k, m in spec.unavailable.items() if str(k) == str(asked)), None)
        if message:
            box.caption(text.escape(message))
    else:
        st.session_state[_keep(spec.key)] = chosen
    if spec.note:
        box.caption(text.escape(spec.note))
    st.query_params[spec.key] = ",".join(map(str, chosen)) if multi else str(chosen)
    return chosen


def _group_options(spec: Choice, value, box) -> list:
    """Draw the group list of a choice picked in two steps (Choice.groups), opened on the group
    of `value`, and return the options of the group shown. Picking another group picks its first
    option; the link keeps the option alone (its group follows from it)."""
    key = f"{spec.key}:group"
    groups = list(dict.fromkeys(spec.groups[o] for o in spec.options))

    def moved():
        group = st.session_state[key]
        st.session_state[_keep(spec.key)] = next(o for o in spec.options if spec.groups[o] == group)

    st.session_state[key] = spec.groups[value]
    group = box.selectbox(spec.group_label, groups, key=key, on_change=moved, help=spec.help)
    return [o for o in spec.options if spec.groups[o] == group]


def toggle(label: str, key: str, default: bool, container=None, **kwargs) -> bool:
    """An on/off switch kept in the link as ?key=1 or ?key=0."""

    def parse(raw):
        if raw not in ("0", "1"):
            raise ValueError(raw)
        return raw == "1"

    st.session_state[key] = _from_link(key, parse, default)
    value = bool((container or st).toggle(label, key=key, on_change=_remember(key), **kwargs))
    st.session_state[_keep(key)] = value
    st.query_params[key] = "1" if value else "0"
    return value


def number(label: str, key: str, default: int, min_value: int, max_value: int, container=None, **kwargs) -> int:
    """A whole number kept in the link (?key=N); a value out of range falls back to `default`.

    Not Streamlit's binding: the default may change from run to run (a new random draw code),
    which must not change the number already chosen.
    """

    def parse(raw):
        value = int(raw)
        if not min_value <= value <= max_value:
            raise ValueError(raw)
        return value

    st.session_state[key] = _from_link(key, parse, default)
    box = container or st
    value = int(
        box.number_input(
            label, min_value=min_value, max_value=max_value, step=1, key=key, on_change=_remember(key), **kwargs
        )
    )
    st.session_state[_keep(key)] = value
    st.query_params[key] = str(value)
    return value


def set_value(key: str, value) -> None:
    """Change a kept value from code (a button's on_click), before its widget is drawn."""
    st.session_state[_keep(key)] = value


def opened_count() -> int:
    """How many times this session opened a unit from a chart or a button (open_unit)."""
    return int(st.session_state.get("_opened", 0))


def open_unit(link: Link, code: str) -> None:
    """Open `link.page` on the unit `code` in `link.year` (a click on a map or a ranking, or a
    button): the unit, year (and level) become the session's choices as if picked there, and
    the page's link names them, with the language, phone layout and former province the reader
    had.

    The whole app runs again and switches there (follow_opened): a click inside a tab's fragment
    that switched pages itself would leave the browser's address on the page it came from."""
    st.session_state["_opened"] = opened_count() + 1
    picked = {link.key: str(code), "year": int(link.year)} | ({"level": link.level} if link.level else {})
    for key, value in picked.items():
        set_value(key, value)
    params = {k: str(v) for k, v in picked.items()}
    params |= {k: st.query_params[k] for k in ("lang", "compact", "province") if k in st.query_params}
    st.session_state["_open_page"] = (link.page, params)
    st.rerun(scope="app")


def follow_opened() -> None:
    """Switch to the page open_unit asked for, if any (the app's script calls this first)."""
    target = st.session_state.pop("_open_page", None)
    if target:
        page, params = target
        st.switch_page(page, query_params=params)


def tabs(tabs: dict[str, str], page: str):
    """Tabs (code → label) of which only the open one is run and drawn; returns (code, container).

    A page of several charts draws one at a time: each plotly chart costs the browser 0.1–0.2 s.
    The open tab is kept per page for the session (`page` names it) and shown in the link as
    ?tab=<code>, so a copied link opens it. The link is read once, by the first page of the
    session to ask: the page the link opened. An unknown code opens the first tab.
    """
    codes = list(tabs)
    keep = _keep(f"tab:{page}")
    if "_tab_link_read" not in st.session_state:
        st.session_state["_tab_link_read"] = True
        st.session_state[keep] = st.query_params.get("tab")
    # a click's remember() has run before this run began: the choice it kept is already here
    code = st.session_state.get(keep) if st.session_state.get(keep) in tabs else codes[0]
    st.session_state["tab"] = tabs[code]
    by_label = {label: code for code, label in tabs.items()}

    def remember():
        st.session_state[keep] = by_label.get(st.session_state["tab"], codes[0])

    boxes = st.tabs(list(tabs.values()), key="tab", on_change=remember)
    st.query_params["tab"] = code
    return code, boxes[codes.index(code)]


def tabbed(tab_labels: dict[str, str], page: str, draw) -> None:
    """`tabs`, then draw(code of the open tab) inside it, as a fragment: a click on a tab (or a
    widget inside the tab) reruns and redraws this part of the page only. `draw` must not write
    to the sidebar, and what it sets is not seen by the page."""
    _tab_fragment(tab_labels, page, draw)


@st.fragment
def _tab_fragment(tab_labels: dict[str, str], page: str, draw) -> None:
    code, box = tabs(tab_labels, page)
    with box:
        draw(code)


def sidebar_language() -> str:
    """The language switch; its value is kept in the link so a shared link opens in that language."""
    spec = Choice("lang", "Ngôn ngữ / Language", i18n.LANGS, LANG_NAMES, widget="radio")
    return choice(spec, container=st.sidebar)


def sidebar_presentation() -> bool:
    """The presentation-mode switch: larger text, lines and markers on every chart."""
    return st.sidebar.toggle(t("presentation.toggle"), key="presentation", help=t("presentation.help"))


def presentation() -> bool:
    return bool(st.session_state.get("presentation", False))


def compact() -> bool:
    """Charts laid out for a phone: asked by the link (?compact=1, or 0 for the full layout), else
    when the browser says it is a phone's (a "Mobi" user agent, as phones' browsers send)."""
    asked = st.query_params.get("compact")
    if asked in ("0", "1"):
        return asked == "1"
    agent = st.context.headers.get("User-Agent") or ""
    return "Mobi" in agent
