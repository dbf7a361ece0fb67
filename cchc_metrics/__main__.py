"""`python -m cchc_metrics ...`: the command line."""

import sys

from .cli.main import main

sys.exit(main())
