"""The command line: `main.py` builds the parser; each command is a module with `register()`.

A new command is a new module here, added to COMMANDS.
"""

COMMANDS = (
    "validate",
    "scores",
    "draw",
    "lineage",
    "official-check",
    "strengths",
    "weaknesses",
    "lost-points",
    "narrative",
    "import_file",
    "history",
    "rollback",
    "template",
    "hash-password",
    "briefing",
    "report",
    "bench",
)
