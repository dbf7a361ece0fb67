"""Hostile input in the library: no SQL built from function inputs, uploaded names are labels, searches bind text.

The SQL review is a test: every f-string (or `%`/`.format`/`+`) that looks like SQL in the
library, the pages and the UI helpers is checked for values that come from a function's
parameters (directly or through local variables). Schema objects (parameters typed `Table`)
and identifiers passed through `quote_ident` are the allowed exceptions; a parameter that only
ever receives string literals from its callers is allowed too, and that is checked as well.
"""

from __future__ import annotations

import ast
import hashlib
import re
from pathlib import Path

import pytest
from helpers import PROJECT, TINY_2023, TINY_2024, TINY_UNITS, write_dir

from cchc_metrics.analysis.findings import search
from cchc_metrics.engine.dataset import open_dataset
from cchc_metrics.publish import publishing

SOURCES = [p for folder in ("cchc_metrics", "ui", "app_pages") for p in sorted((PROJECT / folder).rglob("*.py"))] + [
    PROJECT / "dashboard.py"
]
SQL_WORDS = re.compile(r"\b(select|insert|update|delete|create|drop|from|where|table|view|order by|group by)\b", re.I)
CLEAN_CALLS = {"quote_ident", "quote_literals", "sql_text", "typed_select", "len", "int", "str"}
SCHEMA_TYPES = {"Table", "Column"}
# Parameters that become SQL identifiers, reviewed: every call site must pass a string literal.
LITERAL_ONLY = {("publishing.py", "_typed_table", "name"), ("publishing.py", "_part_of", "relation")}


def _names(node: ast.AST) -> set[str]:
    """Names an expression reads, except inside calls that make a safe identifier."""
    if isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute)):
        func = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
        if func in CLEAN_CALLS:
            return set()
    if isinstance(node, ast.Name):
        return {node.id}
    found: set[str] = set()
    for child in ast.iter_child_nodes(node):
        found |= _names(child)
    return found


def _built_strings(node: ast.AST):
    """Strings built at run time inside `node`: f-strings, `%` and `+` on strings, str.format."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.JoinedStr):
            text = "".join(v.value for v in sub.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
            yield sub, text, [v.value for v in sub.values if isinstance(v, ast.FormattedValue)]
        elif (
            isinstance(sub, ast.BinOp)
            and isinstance(sub.op, (ast.Mod, ast.Add))
            and isinstance(sub.left, ast.Constant)
            and isinstance(sub.left.value, str)
        ):
            yield sub, sub.left.value, [sub.right]
        elif (
            isinstance(sub, ast.Call)
            and isinstance(sub.func, ast.Attribute)
            and sub.func.attr == "format"
            and isinstance(sub.func.value, ast.Constant)
            and isinstance(sub.func.value.value, str)
        ):
            yield sub, sub.func.value.value, list(sub.args) + [k.value for k in sub.keywords]


def _tainted(func: ast.FunctionDef) -> set[str]:
    """Parameters that may carry outside text, and the locals computed from them (to a fixpoint)."""
    args = func.args.posonlyargs + func.args.args + func.args.kwonlyargs
    tainted = {
        a.arg
        for a in args
        if a.arg not in ("self", "cls") and not (a.annotation is not None and set(_names(a.annotation)) & SCHEMA_TYPES)
    }
    for extra in (func.args.vararg, func.args.kwarg):
        if extra is not None:
            tainted.add(extra.arg)
    changed = True
    while changed:
        changed = False
        for node in ast.walk(func):
            targets, value = [], None
            if isinstance(node, ast.Assign):
                targets, value = node.targets, node.value
            elif isinstance(node, (ast.AugAssign, ast.AnnAssign)) and node.value is not None:
                targets, value = [node.target], node.value
            elif isinstance(node, (ast.For, ast.comprehension)):
                targets, value = [node.target], node.iter
            if value is None or not (_names(value) & tainted):
                continue
            for target in targets:
                for name in _names(target) - tainted:
                    tainted.add(name)
                    changed = True
    return tainted


def sql_from_inputs(path: Path, base: Path = PROJECT) -> list[str]:
    """Places in `path` where SQL text is built from a function's inputs: `file:line function(name)`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for func in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
        tainted = _tainted(func)
        for node, text, parts in _built_strings(func):
            if not SQL_WORDS.search(text):
                continue
            for name in sorted(set().union(*(_names(p) for p in parts)) & tainted):
                if (path.name, func.name, name) not in LITERAL_ONLY:
                    found.append(f"{path.relative_to(base)}:{node.lineno} {func.name}({name})")
    return sorted(set(found))


def test_no_sql_is_built_from_function_inputs():
    assert [hit for path in SOURCES for hit in sql_from_inputs(path)] == []


def test_the_scan_catches_sql_built_from_a_parameter(tmp_path):
    """The scan itself: a search written the wrong way is caught, the right way passes."""
    bad = tmp_path / "bad.py"
    bad.write_text(
        "def search(con, text, table: Table):\n"
        "    needle = text.strip()\n"
        "    con.execute(f\"select * from {table.name} where text like '%{needle}%'\")\n"
        "    con.execute('select * from findings where unit = ' + text)\n"
        "    con.execute('select * from findings where text = $t', {'t': text})\n",
        encoding="utf-8",
    )
    assert sql_from_inputs(bad, tmp_path) == ["bad.py:3 search(needle)", "bad.py:4 search(text)"]


def test_reviewed_identifier_parameters_only_receive_literals():
    for file, function, param in LITERAL_ONLY:
        path = next(p for p in SOURCES if p.name == file)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        definition = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == function)
        position = [a.arg for a in definition.args.args].index(param)
        calls = [
            n
            for p in SOURCES
            for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
            if isinstance(n, ast.Call)
            and isinstance(n.func, (ast.Name, ast.Attribute))
            and (n.func.id if isinstance(n.func, ast.Name) else n.func.attr) == function
        ]
        assert calls, function
        for call in calls:
            given = (
                call.args[position]
                if len(call.args) > position
                else next(k.value for k in call.keywords if k.arg == param)
            )
            assert isinstance(given, ast.Constant) and re.fullmatch(r"[a-z_]+", given.value), (
                file,
                function,
                ast.dump(given),
            )


HOSTILE_FINDINGS = """year,unit_code,area_code,criterion_code,kind,text,inspected_on
2024,10101,LEAD,X.LEAD.1,weakness,"x'); drop table findings; --",2024-03-01
2024,10102,LEAD,X.LEAD.1,strength,<script>alert(1)</script>,2024-03-02
2024,10201,LEAD,X.LEAD.1,weakness,100% đúng hạn,2024-03-03
"""


def test_findings_search_binds_hostile_text(tmp_path):
    root = write_dir(
        tmp_path / "data",
        {
            "units.csv": TINY_UNITS,
            "inspections/2023.csv": TINY_2023,
            "inspections/2024.csv": TINY_2024,
            "findings/2024.csv": HOSTILE_FINDINGS,
        },
    )
    ds = open_dataset(root, use_cache=False)
    try:
        assert ds.problems == []
        found = search(ds, text="'); drop table findings; --")
        assert found[["unit_code", "text"]].values.tolist() == [["10101", "x'); drop table findings; --"]]
        assert search(ds, text="<script>")[["unit_code", "text"]].values.tolist() == [
            ["10102", "<script>alert(1)</script>"]
        ]
        assert search(ds, text="0% đ")["unit_code"].tolist() == ["10201"]  # % is a character, not a wildcard
        assert search(ds, text="_")["unit_code"].tolist() == []
        assert len(search(ds)) == 3  # the table is still there, whole
    finally:
        ds.close()


def _tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize(
    "name", ["../../etc/passwd.csv", "/etc/passwd.csv", "..\\..\\units.csv", "units.csv", "inspections/2023.csv"]
)
def test_uploaded_file_names_never_become_paths(tmp_path, name):
    """The name an analyst's browser sends is a label in reports and the audit log, never a path."""
    outside = write_dir(tmp_path / "outside", {"etc/passwd.csv": "keep\n"})
    root = write_dir(
        tmp_path / "work" / "data",
        {"units.csv": TINY_UNITS, "inspections/2023.csv": TINY_2023, "inspections/2024.csv": TINY_2024},
    )
    source = tmp_path / "upload-bytes"
    source.write_text(TINY_2024.replace("2024,", "2025,"), encoding="utf-8")
    before_outside, before = _tree(outside), _tree(root)
    prepared, published = publishing.import_file(source, root, user="lan", label=name)
    assert published is not None and published.path == root / "inspections" / "2025.csv"
    assert prepared.source == name
    after = _tree(root)
    changed = {k for k in after if before.get(k) != after[k]}
    assert changed == {"inspections/2025.csv", "audit.jsonl", ".publish.lock"}
    assert publishing.read_audit(root)["file"].tolist() == [name]
    assert _tree(outside) == before_outside


def test_upload_page_bytes_go_to_a_generated_path(tmp_path, monkeypatch):
    """The upload page's reader (when present) writes the bytes under a generated name only."""
    upload_tables = pytest.importorskip("cchc_metrics.views.upload")
    root = write_dir(
        tmp_path / "data",
        {"units.csv": TINY_UNITS, "inspections/2023.csv": TINY_2023, "inspections/2024.csv": TINY_2024},
    )
    seen = []
    real_prepare = upload_tables.prepare

    def spy(path, *args, **kwargs):
        seen.append((Path(path), kwargs.get("label")))
        return real_prepare(path, *args, **kwargs)

    monkeypatch.setattr(upload_tables, "prepare", spy)
    prepared = upload_tables.prepare_upload(TINY_2024.replace("2024,", "2025,").encode(), "../../etc/passwd.csv", root)
    assert prepared.ok and prepared.target == root / "inspections" / "2025.csv"
    ((path, label),) = seen
    assert label == "passwd.csv" and path.name.startswith("cchc-upload-") and ".." not in path.parts
    assert not path.exists()
