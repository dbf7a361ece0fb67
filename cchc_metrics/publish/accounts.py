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
import json
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

SCHEME = "scrypt"
# scrypt cost: 2**17 × 8 × 128 bytes = 128 MB per check, about 0.5 s on the project's machine (OWASP's
# minimum for scrypt). Hashes made with a lower cost stay valid and are made again at the next login.
N, R, P = 2**17, 8, 1
SALT_BYTES = 16
MIN_PASSWORD = 10
# Checks running at once: each takes 128 MB; a burst of logins waits instead of taking gigabytes.
HASHING_AT_ONCE = 2
_hashing = threading.BoundedSemaphore(HASHING_AT_ONCE)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def hash_password(password: str, *, n: int = N, r: int = R, p: int = P, salt: bytes | None = None) -> str:
    """The stored form of a password: `scrypt$n$r$p$salt$hash` (salt random unless given)."""
    salt = salt if salt is not None else os.urandom(SALT_BYTES)
    with _hashing:
        digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * n * r * p, dklen=32)
    return f"{SCHEME}${n}${r}${p}${_b64(salt)}${_b64(digest)}"


def needs_rehash(stored: str) -> bool:
    """True when a valid stored hash was made with other parameters than today's (N, R, P)."""
    try:
        scheme, n, r, p, _salt, _digest = stored.split("$")
        return scheme == SCHEME and (int(n), int(r), int(p)) != (N, R, P)
    except ValueError:
        return False


def verify_password(password: str, stored: str) -> bool:
    """True when `password` matches the stored hash; False for a wrong password or a malformed hash."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != SCHEME:
            return False
        expected = _unb64(digest)
        with _hashing:
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


def load_analysts(secrets: Mapping | None, store: RehashStore | None = None) -> dict[str, Analyst]:
    """The analyst accounts of a secrets mapping (its `analysts` section), by login name.

    Entries that hold no scrypt hash are skipped: a clear-text password is never accepted. With
    `store`, an account uses the hash made again at its last login while its secrets hash is the
    one that hash was made from.
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
    upgraded = store.load() if store is not None else {}
    for name, account in accounts.items():
        entry = upgraded.get(name)
        if isinstance(entry, dict) and entry.get("from") == _fingerprint(account.password_hash):
            new = entry.get("hash")
            if isinstance(new, str) and new.startswith(SCHEME + "$"):
                accounts[name] = Analyst(account.name, account.display_name, new)
    return accounts


def analyst_emails(secrets: Mapping | None) -> set[str]:
    """The e-mail addresses that are analysts when logging in through an OIDC provider (lower case)."""
    return {str(e).strip().lower() for e in (secrets or {}).get("analyst_emails", []) or [] if str(e).strip()}


class Throttle:
    """Failed logins, counted per client address and per client address and name; thread-safe, one
    instance serves every session of the app.

    After `max_failures` failures of one name from one address within `window` seconds, that name
    is refused from that address for `lockout` seconds; after `max_client_failures` failures of any
    names from one address, the address is refused. A name is never locked for everyone: whoever
    guesses from elsewhere cannot lock an analyst out. Unknown names count like known ones, so
    trying many names from one address is stopped as well. At most `max_entries` addresses and
    pairs are remembered (the least recently seen are forgotten first), so the state stays
    bounded whatever is tried. Without a client address (None), every attempt counts as from one.
    The clock is injectable for tests.
    """

    def __init__(
        self,
        max_failures: int = 5,
        window: float = 900.0,
        lockout: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
        max_client_failures: int = 20,
        max_entries: int = 10_000,
    ):
        self.max_failures = max_failures
        self.max_client_failures = max_client_failures
        self.window = window
        self.lockout = lockout
        self.clock = clock
        self.max_entries = max_entries
        # key → (recent failure times, locked until); keys: ("client", address), ("pair", address, name)
        self._state: OrderedDict[tuple, tuple[list[float], float]] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def _keys(user: str, client: str | None) -> tuple[tuple, tuple]:
        address = (client or "").strip()
        return ("client", address), ("pair", address, user.strip().casefold())

    def retry_after(self, user: str, client: str | None = None) -> float:
        """Seconds until `user` may try again from `client` (0 when allowed now)."""
        now = self.clock()
        with self._lock:
            until = max(self._state.get(key, ((), 0.0))[1] for key in self._keys(user, client))
        return max(0.0, until - now)

    def allowed(self, user: str, client: str | None = None) -> bool:
        return self.retry_after(user, client) == 0.0

    def failure(self, user: str, client: str | None = None) -> None:
        """Record a failed attempt; lock the pair, or the address, when too many fall within the window."""
        now = self.clock()
        address, pair = self._keys(user, client)
        with self._lock:
            for key, limit in ((address, self.max_client_failures), (pair, self.max_failures)):
                recent, until = self._state.pop(key, ([], 0.0))
                recent = [t for t in recent if now - t < self.window][-limit:] + [now]
                if len(recent) >= limit:
                    recent, until = [], now + self.lockout
                self._state[key] = (recent, until)
            while len(self._state) > self.max_entries:
                self._state.popitem(last=False)

    def success(self, user: str, client: str | None = None) -> None:
        """Forget the failures of a name that logged in from that address (the address's own stay)."""
        with self._lock:
            self._state.pop(self._keys(user, client)[1], None)

    def __len__(self) -> int:
        """How many addresses and pairs are remembered."""
        with self._lock:
            return len(self._state)


class RehashStore:
    """Hashes made again at login with today's cost, kept beside the secrets the app cannot write.

    A JSON file (mode 0600: it holds password hashes) of name → {"from": sha256 of the hash in the
    secrets, "hash": the new hash}. load_analysts() uses a new hash only while the secrets still
    hold the hash it was made from: a password changed in the secrets wins.
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._lock = threading.Lock()

    def load(self) -> dict[str, dict]:
        try:
            entries = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return entries if isinstance(entries, dict) else {}

    def save(self, name: str, old_hash: str, new_hash: str) -> None:
        """Keep `new_hash` for `name`; a store that cannot be written is skipped (the old hash still works)."""
        with self._lock:
            entries = self.load()
            entries[name] = {"from": _fingerprint(old_hash), "hash": new_hash}
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(entries, handle, ensure_ascii=False, indent=1, sort_keys=True)
                os.replace(tmp, self.path)
            except OSError:
                pass


def _fingerprint(stored: str) -> str:
    return hashlib.sha256(stored.encode("utf-8")).hexdigest()


def authenticate(
    analysts: Mapping[str, Analyst],
    throttle: Throttle,
    user: str,
    password: str,
    client: str | None = None,
    store: RehashStore | None = None,
) -> str:
    """Check a login from the address `client`. Returns "ok", "throttled", "no_analysts" or "invalid"
    (unknown user and wrong password are not told apart).

    A throttled attempt is refused without checking the password. An unknown name costs one check
    against a hash of today's cost, as a known one does: the answer takes as long either way. With
    `store`, a valid password whose hash has an older cost is hashed again and kept there.
    """
    if not analysts:
        return "no_analysts"
    if not throttle.allowed(user, client):
        return "throttled"
    account = analysts.get(user.strip())
    valid = verify_password(password, account.password_hash if account else _DUMMY)
    if account is not None and valid:
        throttle.success(user, client)
        if store is not None and needs_rehash(account.password_hash):
            store.save(account.name, account.password_hash, hash_password(password))
        return "ok"
    throttle.failure(user, client)
    return "invalid"


# A hash of today's cost that no password matches: checked for unknown names.
_DUMMY = f"{SCHEME}${N}${R}${P}${'A' * 22}${'A' * 43}"
