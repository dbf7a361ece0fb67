"""Cập nhật dữ liệu (Upload data): analysts check a year's file, see what it changes, publish it,
and roll a year back. Viewers are refused here even when they type the page's address."""

from pathlib import Path

import streamlit as st

from cchc_metrics import config, i18n
from cchc_metrics.engine.reading import Limits
from cchc_metrics.engine.schema import LEVELS
from cchc_metrics.engine.validation import DataError
from cchc_metrics.publish.publishing import KINDS, PublishError, publish, rollback
from cchc_metrics.publish.templates import TemplateError
from cchc_metrics.views import upload as upload_tables
from ui.auth import analysts_configured, current_user, is_analyst, setup_help
from ui.common import current_lang, data_table, download_buttons, number_table, t, tm
from ui.upload import cached_template, checked_upload, data_stamp, forget_check

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MIME = {"csv": "text/csv", "xlsx": XLSX_MIME}

lang = current_lang()
st.title(t("uploadpage.title"))

if not is_analyst():
    st.error(t("uploadpage.refused"), icon=":material/lock:")
    if analysts_configured():
        st.page_link("app_pages/login.py", label=t("uploadpage.go_login"), icon=":material/login:")
    else:
        setup_help()
    st.stop()

user = current_user() or "analyst"
root = config.data_dir()
limits = Limits.from_env()
st.caption(tm("uploadpage.caption", root=root.name))

notice = st.session_state.pop("_upload_done", None)
with st.container():  # always drawn, so the tabs below keep their place (and the open tab) across reruns
    if notice:
        st.success(notice, icon=":material/check_circle:")

tab_upload, tab_history, tab_audit = st.tabs(
    [t("uploadpage.tab.upload"), t("uploadpage.tab.history"), t("uploadpage.tab.audit")], key="upload_tab"
)

# ---------------------------------------------------------------- 1. template, upload, check, publish
with tab_upload:
    st.subheader(t("uploadpage.template_header"))
    published = upload_tables.published_years(root, "inspections")
    default_year = (published[0] + 1) if published else 2025
    cols = st.columns([1, 2, 1, 2], vertical_alignment="bottom")
    year = int(
        cols[0].number_input(
            t("uploadpage.template_year"), min_value=2000, max_value=2100, value=default_year, step=1, key="tpl_year"
        )
    )
    level = cols[1].radio(
        t("app.level"), list(LEVELS), horizontal=True, key="tpl_level", format_func=lambda v: i18n.t(f"level.{v}", lang)
    )
    fmt = cols[2].radio(
        t("uploadpage.template_format"), ["xlsx", "csv"], horizontal=True, key="tpl_fmt", format_func=lambda v: f".{v}"
    )
    vietnamese = cols[3].toggle(t("uploadpage.template_vietnamese"), value=True, key="tpl_vi")
    try:
        frame, framework = cached_template(str(root), data_stamp(root), year, level)
    except TemplateError as exc:
        st.warning(t(exc.key, **exc.params))
    else:
        st.download_button(
            t("uploadpage.template_download", year=year, level=t(f"level.{level}").lower(), fmt=fmt),
            lambda: upload_tables.template_bytes(frame, fmt, vietnamese),
            file_name=f"cchc_{year}_{level}_template.{fmt}",
            mime=MIME[fmt],
            icon=":material/download:",
            key="tpl_download",
        )
        st.caption(
            t(
                "uploadpage.template_caption",
                units=frame["unit_code"].nunique(),
                criteria=frame["criterion_code"].nunique(),
                framework=framework,
            )
        )

    st.subheader(t("uploadpage.upload_header"))
    nonce = st.session_state.setdefault("_upload_nonce", 0)
    uploaded = st.file_uploader(
        t("uploadpage.uploader"),
        type=list(upload_tables.UPLOAD_TYPES),
        key=f"upload_{nonce}",
        max_upload_size=max(1, -(-limits.max_bytes // (1024 * 1024))),
        help=t("uploadpage.uploader_help", mb=round(limits.max_bytes / 1024 / 1024, 1), rows=f"{limits.max_rows:,}"),
    )
    if uploaded is None:
        forget_check()
        st.info(t("uploadpage.waiting"), icon=":material/upload_file:")
    else:
        with st.spinner(t("uploadpage.checking")):
            prepared = checked_upload(uploaded.getvalue(), uploaded.name, root, limits)
        errors = sum(p.severity == "error" for p in prepared.problems)
        warnings = len(prepared.warnings)
        kind = t(f"uploadpage.kind.{prepared.kind}") if prepared.kind else t("uploadpage.kind.unknown")

        st.subheader(t("uploadpage.report_header"))
        facts = st.columns([2, 1, 1, 1])
        facts[0].metric(t("uploadpage.fact.kind"), kind)
        facts[1].metric(t("uploadpage.fact.year"), str(prepared.year) if prepared.year is not None else "–")
        facts[2].metric(t("uploadpage.fact.rows"), f"{prepared.rows:,}".replace(",", "." if lang == "vi" else ","))
        facts[3].metric(
            t("uploadpage.fact.problems"), t("uploadpage.fact.problems_value", errors=errors, warnings=warnings)
        )
        if errors:
            st.error(t("uploadpage.has_errors", errors=errors), icon=":material/block:")
        elif prepared.ok:
            st.success(t("uploadpage.no_errors") if not warnings else t("uploadpage.only_warnings", warnings=warnings))
        if prepared.problems:
            # one file at a time: its name is in the uploader above, not repeated on every row
            report = upload_tables.report_table(prepared, lang).drop(columns="file")
            report = report.rename(columns={c: t(f"problems.{c}") for c in report.columns})
            data_table(
                report,
                width="stretch",
                row_height=64,
                column_config={
                    t("problems.message"): st.column_config.TextColumn(width="large"),
                    t("problems.hint"): st.column_config.TextColumn(width="large"),
                },
            )
            download_buttons(report, t("uploadpage.file.report"), Path(uploaded.name).stem)

        diff = prepared.diff
        if prepared.ok and diff is not None:
            st.subheader(t("uploadpage.diff_header"))
            target = prepared.target.relative_to(root).as_posix()
            if diff.is_new:
                st.info(
                    tm("uploadpage.diff_new", kind=kind, year=prepared.year or "", path=target),
                    icon=":material/fiber_new:",
                )
            else:
                st.warning(
                    tm(
                        "uploadpage.diff_replace",
                        kind=kind,
                        year=prepared.year or "",
                        path=target,
                        old_rows=diff.published_rows,
                        new_rows=diff.new_rows,
                    ),
                    icon=":material/swap_horiz:",
                )
                shown = False
                for part, table in (("units", diff.units), ("criteria", diff.criteria), ("scores", diff.scores)):
                    if len(table):
                        shown = True
                        st.markdown(f"**{t(f'uploadpage.diff.{part}')}**")
                        changes = upload_tables.diff_table(table, lang)
                        number_table(
                            changes.rename(columns={c: t(f"uploadpage.col.{c}") for c in changes.columns}),
                            width="stretch",
                        )
                if not shown:
                    st.caption(t("uploadpage.diff_none"))

            st.subheader(t("uploadpage.publish_header"))
            confirm_warnings = True
            if warnings:
                confirm_warnings = st.checkbox(
                    t("uploadpage.confirm_warnings", warnings=warnings), key="confirm_warnings"
                )
            replace = True
            if not diff.is_new:
                replace = st.checkbox(
                    t("uploadpage.confirm_replace", kind=kind.lower(), year=prepared.year or ""), key="confirm_replace"
                )
            ready = confirm_warnings and replace
            if st.button(
                t("uploadpage.publish"), type="primary", icon=":material/publish:", disabled=not ready, key="publish"
            ):
                try:
                    written = publish(prepared, user, replace=not diff.is_new, confirm_warnings=bool(warnings))
                except PublishError as exc:
                    forget_check()
                    st.error(exc.message(lang))
                except DataError:
                    st.error(t("uploadpage.has_errors", errors=errors or 1))
                else:
                    message = t(
                        "uploadpage.published",
                        kind=kind,
                        year=prepared.year or "",
                        rows=written.rows,
                        sha=written.sha256[:12],
                        path=written.path.relative_to(root).as_posix(),
                    )
                    if written.archived:
                        message += " " + t(
                            "uploadpage.archived", archived=written.archived.relative_to(root).as_posix()
                        )
                    st.session_state["_upload_done"] = message
                    # the versions tab opens on what was just published
                    st.session_state["hist_kind"], st.session_state["hist_year"] = prepared.kind, prepared.year
                    st.session_state["_upload_nonce"] = nonce + 1
                    forget_check()
                    st.rerun()
            if not ready:
                st.caption(t("uploadpage.publish_needs"))
        elif not prepared.ok:
            st.caption(t("uploadpage.nothing_written"))

# ---------------------------------------------------------------- 2. versions of a year, roll back
with tab_history:
    cols = st.columns([1, 1, 2])
    kind = cols[0].selectbox(
        t("uploadpage.kind"), list(KINDS), key="hist_kind", format_func=lambda k: i18n.t(f"uploadpage.kind.{k}", lang)
    )
    years = upload_tables.published_years(root, kind)
    hist_year = None
    if kind != "units":
        hist_year = cols[1].selectbox(t("app.year"), years, key="hist_year") if years else None
    if kind != "units" and hist_year is None:
        st.info(t("uploadpage.no_versions"))
    else:
        versions = upload_tables.versions_table(root, kind, hist_year)
        if versions.empty:
            st.info(t("uploadpage.no_versions"))
        else:
            shown = versions.copy()
            shown["current"] = [t("uploadpage.current") if c else "" for c in shown["current"]]
            shown["action"] = [t(f"uploadpage.action.{a}") if a else "" for a in shown["action"]]
            data_table(shown.rename(columns={c: t(f"uploadpage.col.{c}") for c in shown.columns}), width="stretch")
            current_sha = versions.loc[versions["current"], "sha256"].tolist()
            # a version with the published content would restore nothing
            earlier = [
                int(v)
                for v, c, sha in zip(versions["version"], versions["current"], versions["sha256"])
                if not c and sha not in current_sha
            ]
            if not earlier:
                st.caption(t("uploadpage.only_one_version"))
            else:
                st.subheader(t("uploadpage.rollback_header"))
                shas = dict(zip(versions["version"], versions["sha256"]))
                version = st.columns([1, 1])[0].selectbox(
                    t("uploadpage.rollback_version"),
                    earlier,
                    key="rb_version",
                    format_func=lambda v: i18n.t("uploadpage.version_label", lang, version=v, sha=shas[v]),
                )
                rb_nonce = st.session_state.setdefault("_rollback_nonce", 0)
                sure = st.checkbox(
                    t(
                        "uploadpage.rollback_confirm",
                        version=version,
                        kind=t(f"uploadpage.kind.{kind}").lower(),
                        year=hist_year or "",
                    ),
                    key=f"rb_confirm_{rb_nonce}",
                )
                if st.button(t("uploadpage.rollback"), icon=":material/history:", disabled=not sure, key="rollback"):
                    try:
                        restored = rollback(root, kind, hist_year, version, user)
                    except PublishError as exc:
                        st.error(exc.message(lang))
                    except DataError as exc:
                        st.error(t("uploadpage.rollback_invalid", errors=len(exc.problems)))
                    else:
                        st.session_state["_upload_done"] = t(
                            "uploadpage.rolled_back",
                            version=version,
                            kind=t(f"uploadpage.kind.{kind}"),
                            year=hist_year or "",
                            sha=restored.sha256[:12],
                            archived=restored.archived.relative_to(root).as_posix() if restored.archived else "–",
                        )
                        st.session_state["_rollback_nonce"] = rb_nonce + 1  # the next rollback is confirmed afresh
                        forget_check()
                        st.rerun()

# ---------------------------------------------------------------- 3. audit log
with tab_audit:
    audit = upload_tables.audit_table(root, lang)
    if audit.empty:
        st.info(t("uploadpage.no_audit"))
    else:
        st.caption(t("uploadpage.audit_caption", n=len(audit)))
        log = audit.rename(columns={c: t(f"uploadpage.col.{c}") for c in audit.columns})
        data_table(log, width="stretch")
        download_buttons(log, t("uploadpage.file.audit"))
