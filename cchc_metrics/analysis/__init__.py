"""Strengths to replicate, weaknesses to fix: analyses of one year's scores and findings.

- peers: each unit's areas and criteria against its peers (PeerRule), whom to learn from.
- province: points lost per criterion (Pareto), common and chronic weaknesses, exemplars.
- selfgap: self-assessment against appraisal, and who over-claims in what.
- remediation: last year's weaknesses followed into the next year (RemediationRule).
- findings: inspection findings filtered, searched, grouped into recurring themes.
- narrative: the paragraph for the annual report, in Vietnamese or English.

Every function takes a Dataset and returns a DataFrame (or text); codes such as positions and
statuses are data, translated at the edge with `label()`.
"""
