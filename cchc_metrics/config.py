"""Where the data live: the data directory, from an option, the environment or the default."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
DATA_DIR_ENV = "CCHC_DATA_DIR"


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """The data directory: `override` if given, else $CCHC_DATA_DIR, else the project's `data/`."""
    if override:
        return Path(override).expanduser().resolve()
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return DEFAULT_DATA_DIR


def inspections_dir(root: Path) -> Path:
    return root / "inspections"


def findings_dir(root: Path) -> Path:
    return root / "findings"
