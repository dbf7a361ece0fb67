"""Analyst accounts: password hashes (scrypt, salted), verification, and throttling of failed attempts.

Accounts are read from a mapping shaped like the `[analysts]` section of `.streamlit/secrets.toml`
(`name = "scrypt$…"`, or a table with `password_hash` and an optional `display_name`); only hashes
are ever stored. The app passes `st.secrets` in; this module never imports streamlit. With an OIDC
provider, analysts are instead the e-mail addresses listed under `analyst_emails`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

SCHEME = "scrypt"
# scrypt cost: 2**14 × 8 × 128 bytes = 16 MB per check, about 50 ms; enough against offline guessing.
N, R, P = 2**14, 8, 1
SALT_BYTES = 16
MIN_PASSWORD = 10


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def hash_password(password: str, *, n: int = N, r: int = R, p: int = P, salt: bytes | None = None) -> str:
    """The stored form of a password: `scrypt$n$r$p$salt$hash` (salt random unless given)."""
    salt = salt if salt is not None else os.urandom(SALT_BYTES)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * n * r * p, dklen=32)
    return f"{SCHEME}${n}${r}${p}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """True when `password` matches the stored hash; False for a wrong password or a malformed hash."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != SCHEME:
            return False
        expected = _unb64(digest)
        actual = hashlib.scrypt(
            password.encode("utf-8"),
            salt=_unb64(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=256 * int(n) * int(r) * int(p),
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


@dataclass(frozen=True)
class Analyst:
    """One analyst account: login name, display name and password hash."""

    name: str
    display_name: str
    password_hash: str


def load_analysts(secrets: Mapping | None) -> dict[str, Analyst]:
    """The analyst accounts of a secrets mapping (its `analysts` section), by login name.

    Entries that hold no scrypt hash are skipped: a clear-text password is never accepted.
    """
    section = (secrets or {}).get("analysts", {}) or {}
    accounts: dict[str, Analyst] = {}
    for name, entry in section.items():
        if isinstance(entry, str):
            stored, display = entry, name
        elif isinstance(entry, Mapping):
            stored, display = entry.get("password_hash", ""), entry.get("display_name", name)
        else:
            continue
        if isinstance(stored, str) and stored.startswith(SCHEME + "$"):
            accounts[str(name)] = Analyst(str(name), str(display), stored)
    return accounts


def analyst_emails(secrets: Mapping | None) -> set[str]:
    """The e-mail addresses that are analysts when logging in through an OIDC provider (lower case)."""
    return {str(e).strip().lower() for e in (secrets or {}).get("analyst_emails", []) or [] if str(e).strip()}


class Throttle:
    """Failed login attempts per user: after `max_failures` within `window` seconds, refuse for `lockout` seconds.

    The clock is injectable for tests. Thread-safe: one instance serves every session of the app.
    """

    def __init__(
        self,
        max_failures: int = 5,
        window: float = 900.0,
        lockout: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.max_failures = max_failures
        self.window = window
        self.lockout = lockout
        self.clock = clock
        self._failures: dict[str, list[float]] = {}
        self._locked_until: dict[str, float] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _key(user: str) -> str:
        return user.strip().casefold()

    def retry_after(self, user: str) -> float:
        """Seconds until `user` may try again (0 when allowed now)."""
        with self._lock:
            until = self._locked_until.get(self._key(user), 0.0)
            return max(0.0, until - self.clock())

    def allowed(self, user: str) -> bool:
        return self.retry_after(user) == 0.0

    def failure(self, user: str) -> None:
        """Record a failed attempt; lock the user out when too many fall within the window."""
        key, now = self._key(user), self.clock()
        with self._lock:
            recent = [t for t in self._failures.get(key, []) if now - t < self.window] + [now]
            if len(recent) >= self.max_failures:
                self._locked_until[key] = now + self.lockout
                recent = []
            self._failures[key] = recent

    def success(self, user: str) -> None:
        """Forget the failures of a user who logged in."""
        with self._lock:
            self._failures.pop(self._key(user), None)
            self._locked_until.pop(self._key(user), None)


def authenticate(analysts: Mapping[str, Analyst], throttle: Throttle, user: str, password: str) -> str:
    """Check a login. Returns "ok", "throttled", "no_analysts" or "invalid" (unknown user and wrong
    password are not told apart). A throttled user is refused without checking the password."""
    if not analysts:
        return "no_analysts"
    if not throttle.allowed(user):
        return "throttled"
    account = analysts.get(user.strip())
    # Hash even for an unknown user, so the answer takes as long either way.
    valid = verify_password(password, account.password_hash if account else _DUMMY)
    if account is not None and valid:
        throttle.success(user)
        return "ok"
    throttle.failure(user)
    return "invalid"


_DUMMY = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
