"""The framework as run: its versions, a unit's points down the tree (area → criterion →
sub-criterion), the parts of its index, the change between scoring rounds, and a criterion's
trend through the crosswalk where the framework changed.

Without framework files a year's criteria are its framework: a tree of two levels, the areas
and their criteria, and every trend stays within the codes of the yearly files.
"""

from __future__ import annotations

import pandas as pd

from cchc_metrics import i18n
from cchc_metrics.engine.dataset import Dataset
from cchc_metrics.present.labels import area_names

NODE_COLUMNS = ["depth", "node_code", "level_kind", "name", "max_points", "self_score", "score", "points_lost", "pct"]


def versions(ds: Dataset) -> pd.DataFrame:
    """Every framework version, by level and first year.

    Columns: framework_id, name, level, valid_from_year, valid_to_year, survey_rule (rescale |
    zero), bonus_cap, penalty_cap, areas, criteria, sub_criteria, appraisal_points, survey_points.
    Empty without framework files.
    """
    frame = ds.query("framework_versions")
    for col in ("valid_from_year", "valid_to_year", "areas", "criteria", "sub_criteria"):
        frame[col] = frame[col].astype("Int64")
    return frame


def in_force(ds: Dataset, year: int, level: str) -> str | None:
    """The framework_id scoring `level` in `year`, or None when no version is declared."""
    found = versions(ds)
    found = found[
        (found["level"] == level)
        & (found["valid_from_year"] <= year)
        & (found["valid_to_year"].isna() | (found["valid_to_year"] >= year))
    ]
    return None if found.empty else str(found["framework_id"].iloc[0])


def _survey_rule(ds: Dataset, framework_id: str) -> str:
    found = versions(ds)
    return str(found.loc[found["framework_id"] == framework_id, "survey_rule"].iloc[0])


def nodes(ds: Dataset, framework_id: str) -> pd.DataFrame:
    """The nodes of one version in report order (see framework_nodes.csv), with is_leaf."""
    return ds.query("framework_nodes_of", framework_id=framework_id)


def unit_tree(ds: Dataset, unit_id: str, year: int, level: str, lang: str) -> pd.DataFrame:
    """One unit's points down the tree of the framework in force, every node in report order.

    Columns: depth (0 area, 1 criterion, 2 sub-criterion), node_code, level_kind, name, max_points
    (of the criteria that apply to the unit), self_score, score, points_lost, pct (% of the
    maximum). A node none of whose sub-criteria apply keeps its row without values. Without a
    framework version the tree is the areas and the criteria of the year's file.
    """
    rows = ds.query("unit_criteria", unit_id=unit_id, year=int(year))
    framework_id = in_force(ds, year, level)
    if framework_id is None:
        tree = _flat_tree(ds, rows, lang)
    else:
        tree = nodes(ds, framework_id)
        tree["name"] = tree["name_vi" if lang == "vi" else "name_en"]
        tree["depth"] = tree["level_kind"].map({"area": 0, "criterion": 1, "sub-criterion": 2})
    scored = rows.set_index("criterion_code")[["max_points", "self_score", "score"]]
    leaves = tree[tree["is_leaf"]].set_index("node_code")
    if framework_id is not None and _survey_rule(ds, framework_id) == "zero":
        # survey points not given count as 0 of their maximum under this version's rule
        survey = leaves.index[leaves["source"] == "survey"].intersection(scored.index)
        scored.loc[survey, "score"] = scored.loc[survey, "score"].fillna(0.0)
    applies = scored["score"].notna()
    leaf_values = pd.DataFrame(
        {
            "max_points": scored["max_points"].where(applies),
            "self_score": scored["self_score"].where(applies),
            "score": scored["score"],
        }
    ).reindex(leaves.index)
    parent = dict(zip(tree["node_code"], tree["parent_code"]))
    # per node: maximum, self score, score of the leaves below that apply, and whether any did
    totals = {code: {"max": 0.0, "self": 0.0, "score": 0.0, "applies": False, "self_given": False} for code in parent}
    # plain floats, not a Series per row (iterrows): a tree of a hundred leaves in a third less time
    columns = (leaf_values[c].tolist() for c in ("max_points", "self_score", "score"))
    for code, max_points, self_score, score in zip(leaf_values.index, *columns):
        if pd.isna(score):
            continue
        node = code
        while isinstance(node, str) and node in totals:
            total = totals[node]
            total["max"] += max_points
            total["score"] += score
            total["applies"] = True
            if pd.notna(self_score):
                total["self"] += self_score
                total["self_given"] = True
            node = parent.get(node)
    out = tree[["depth", "node_code", "level_kind", "name"]].copy()
    rows = [totals[c] for c in out["node_code"]]
    out["max_points"] = pd.array([r["max"] if r["applies"] else None for r in rows], dtype="Float64").astype(float)
    out["self_score"] = pd.array([r["self"] if r["self_given"] else None for r in rows], dtype="Float64").astype(float)
    out["score"] = pd.array([r["score"] if r["applies"] else None for r in rows], dtype="Float64").astype(float)
    out["points_lost"] = out["max_points"] - out["score"]
    out["pct"] = 100 * out["score"] / out["max_points"]
    out["depth"] = out["depth"].astype(int)
    return out[NODE_COLUMNS].reset_index(drop=True)


def _flat_tree(ds: Dataset, rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The areas and criteria of a year's file as a tree of two levels."""
    names = area_names(ds, lang)
    areas = [a for a in names if a in set(rows["area_code"])]
    parts = []
    for area in areas:
        parts.append({"node_code": area, "parent_code": None, "level_kind": "area", "name": names[area], "depth": 0})
        own = rows[rows["area_code"] == area]
        for code, name in zip(own["criterion_code"], own["criterion_name"]):
            parts.append({"node_code": code, "parent_code": area, "level_kind": "criterion", "name": name, "depth": 1})
    tree = pd.DataFrame(parts, columns=["node_code", "parent_code", "level_kind", "name", "depth"])
    tree["is_leaf"] = tree["level_kind"] == "criterion"
    return tree


def index_parts(ds: Dataset, year: int, level: str) -> pd.DataFrame:
    """The parts of each unit's index in `year`: how it is made.

    Columns: unit_id, unit_code, unit_name, appraised_points, survey_points, bonus_points,
    penalty_points, max_points, index_pct. Index = (appraised + survey + bonus − penalty) ÷
    max_points, held to 0–100 %.
    """
    frame = ds.query("unit_scores", year=int(year), level=level)
    columns = [
        "unit_id",
        "unit_code",
        "unit_name",
        "appraised_points",
        "survey_points",
        "bonus_points",
        "penalty_points",
        "max_points",
        "index_pct",
    ]
    return frame[columns].reset_index(drop=True)


def adjustments(ds: Dataset, year: int, unit_code: str) -> pd.DataFrame:
    """A unit's bonus and penalty lines of the year as given (before any cap).

    Columns: kind, points, reason, source_document.
    """
    return ds.query("unit_adjustment_lines", year=int(year), unit_code=unit_code)


def rounds(ds: Dataset, year: int, level: str, lang: str) -> pd.DataFrame:
    """The change between scoring rounds per unit and area in `year`: self score → first
    appraisal → final (only where the first appraisal is recorded).

    Columns: unit_code, unit_name, area (name), self_pct, first_pct, final_pct, change_pct
    (final − first, in points of %). Empty when no round is recorded that year.
    """
    frame = ds.query("round_changes", year=int(year), level=level)
    names = area_names(ds, lang)
    frame.insert(2, "area", frame["area_code"].map(names).fillna(frame["area_code"]))
    frame["change_pct"] = frame["final_pct"] - frame["first_pct"]
    return frame[["unit_code", "unit_name", "area", "self_pct", "first_pct", "final_pct", "change_pct"]]


def criterion_trend(ds: Dataset, unit_id: str, year: int, level: str, node_code: str, lang: str) -> pd.DataFrame:
    """One criterion of the framework in force in `year` over the unit's years, read back through
    the crosswalk where the framework changed: a merged criterion is the sum of its old parts, a
    split one the whole old criterion it came from (marked), a new one has no earlier years.

    Columns: year, framework_id, nodes (the codes read that year), relation (same, merged, split,
    new; empty in the version itself), pct (% of the maximum), framework_changed (True in the
    first year of another version). Years without a framework version read the code itself.
    """
    scores = ds.query("unit_year_scores", unit_id=unit_id)
    lines = ds.query("crosswalk_lines")
    target = in_force(ds, year, level)
    rows = []
    previous = None
    for y in sorted(int(v) for v in scores["year"].unique()):
        framework_id = in_force(ds, y, level)
        codes, relation = _codes_in(framework_id, target, node_code, lines)
        own = scores[(scores["year"] == y) & scores["criterion_code"].isin(codes) & scores["score"].notna()]
        pct = 100 * own["score"].sum() / own["max_points"].sum() if len(own) else None
        rows.append(
            {
                "year": y,
                "framework_id": framework_id,
                "nodes": ", ".join(codes),
                "relation": relation,
                "pct": pct,
                "framework_changed": previous is not None and framework_id != previous,
            }
        )
        previous = framework_id
    frame = pd.DataFrame(rows, columns=["year", "framework_id", "nodes", "relation", "pct", "framework_changed"])
    frame["pct"] = frame["pct"].astype(float)
    return frame


def _codes_in(framework_id: str | None, target: str | None, node_code: str, lines: pd.DataFrame) -> tuple[list, str]:
    """The codes of `framework_id` that `node_code` of `target` stands for, and how."""
    if framework_id == target or framework_id is None or target is None:
        return [node_code], ""
    found = lines[
        (lines["to_framework"] == target) & (lines["to_node"] == node_code) & (lines["from_framework"] == framework_id)
    ]
    if found.empty:
        return [], "new"
    relations = set(found["relation"])
    relation = "merged" if "merged" in relations else ("split" if "split" in relations else found["relation"].iloc[0])
    return [c for c in found["from_node"] if isinstance(c, str)], relation


def crosswalk(ds: Dataset, lang: str) -> pd.DataFrame:
    """The crosswalk between versions, named in `lang`.

    Columns: from_framework, from_node, from_name, relation (in words), to_framework, to_node,
    to_name.
    """
    lines = ds.query("crosswalk_lines")
    suffix = "vi" if lang == "vi" else "en"
    return pd.DataFrame(
        {
            "from_framework": lines["from_framework"],
            "from_node": lines["from_node"],
            "from_name": lines[f"from_name_{suffix}"],
            "relation": [i18n.t(f"framework.relation.{r}", lang) for r in lines["relation"]],
            "to_framework": lines["to_framework"],
            "to_node": lines["to_node"],
            "to_name": lines[f"to_name_{suffix}"],
        }
    )
