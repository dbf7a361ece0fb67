"""Where the data live: the data directory, from an option, the environment or the default."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
DATA_DIR_ENV = "CCHC_DATA_DIR"
WARM_AT_START_ENV = "CCHC_WARM_AT_START"


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """The data directory: `override` if given, else $CCHC_DATA_DIR, else the project's `data/`."""
    if override:
        return Path(override).expanduser().resolve()
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return DEFAULT_DATA_DIR


def warm_at_start() -> bool:
    """Whether the server makes the version it was started on ready at its first visit (ui.warm):
    yes, unless $CCHC_WARM_AT_START is 0."""
    return os.environ.get(WARM_AT_START_ENV, "1").strip() != "0"


def inspections_dir(root: Path) -> Path:
    return root / "inspections"


def findings_dir(root: Path) -> Path:
    return root / "findings"
