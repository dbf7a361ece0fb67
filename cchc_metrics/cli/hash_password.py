"""`hash-password [--user NAME]`: the scrypt hash of a password, to put in .streamlit/secrets.toml."""

from __future__ import annotations

import getpass
import json
import sys

from cchc_metrics import i18n
from cchc_metrics.publish.accounts import MIN_PASSWORD, hash_password


def register(sub, parent) -> None:
    parser = sub.add_parser(
        "hash-password", parents=[parent], help="hash an analyst's password for .streamlit/secrets.toml"
    )
    parser.add_argument("--user", default="analyst", help="login name for the printed line (default: analyst)")
    parser.add_argument(
        "--stdin", action="store_true", help="read the password from standard input (one line) instead of asking"
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    if args.stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass(i18n.t("password.prompt", args.lang))
        if getpass.getpass(i18n.t("password.again", args.lang)) != password:
            print(i18n.t("password.mismatch", args.lang), file=sys.stderr)
            return 1
    if len(password) < MIN_PASSWORD:
        print(i18n.t("password.too_short", args.lang, min=MIN_PASSWORD), file=sys.stderr)
        return 1
    print(i18n.t("password.add", args.lang), file=sys.stderr)
    print(f"{json.dumps(args.user, ensure_ascii=False)} = {json.dumps(hash_password(password))}")
    return 0
