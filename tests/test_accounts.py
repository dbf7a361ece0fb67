"""Analyst accounts: hashes, verification, accounts from secrets, throttling with a fake clock."""

from cchc_metrics.publish.accounts import (
    Analyst,
    Throttle,
    analyst_emails,
    authenticate,
    hash_password,
    load_analysts,
    verify_password,
)

# Cheap parameters keep the tests fast; the defaults are checked once.
FAST = {"n": 2**4, "r": 1, "p": 1}


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_hash_has_scheme_parameters_and_random_salt():
    first, second = hash_password("mật khẩu dài", **FAST), hash_password("mật khẩu dài", **FAST)
    assert first != second
    assert first.split("$")[:4] == ["scrypt", "16", "1", "1"]
    assert hash_password("x", salt=b"0" * 16, **FAST) == hash_password("x", salt=b"0" * 16, **FAST)


def test_verify():
    stored = hash_password("mật khẩu dài", **FAST)
    assert verify_password("mật khẩu dài", stored) is True
    assert verify_password("mat khau dai", stored) is False
    assert verify_password("mật khẩu dài", "not a hash") is False
    assert verify_password("mật khẩu dài", "bcrypt$1$2$3$4$5") is False
    assert verify_password("abc", hash_password("abc")) is True  # the default cost


def test_accounts_from_a_secrets_mapping():
    stored = hash_password("pw-for-lan", **FAST)
    secrets = {
        "analysts": {
            "lan": stored,
            "minh": {"password_hash": stored, "display_name": "Nguyễn Minh"},
            "clear": "plain-text-password",
            "odd": 42,
        },
        "analyst_emails": ["Lan@SoNoiVu.gov.vn ", ""],
    }
    assert load_analysts(secrets) == {
        "lan": Analyst("lan", "lan", stored),
        "minh": Analyst("minh", "Nguyễn Minh", stored),
    }
    assert load_analysts({}) == {} and load_analysts(None) == {}
    assert analyst_emails(secrets) == {"lan@sonoivu.gov.vn"}


def test_throttle_locks_out_after_failures_and_releases_later():
    clock = FakeClock()
    throttle = Throttle(max_failures=3, window=60, lockout=300, clock=clock)
    for _ in range(2):
        throttle.failure("Lan")
    assert throttle.allowed("lan")
    throttle.failure(" lan ")
    assert throttle.retry_after("lan") == 300
    assert throttle.allowed("minh")  # keyed by user
    clock.now += 299
    assert throttle.retry_after("lan") == 1
    clock.now += 1
    assert throttle.allowed("lan")


def test_failures_outside_the_window_are_forgotten():
    clock = FakeClock()
    throttle = Throttle(max_failures=3, window=60, lockout=300, clock=clock)
    throttle.failure("lan")
    throttle.failure("lan")
    clock.now += 61
    throttle.failure("lan")
    assert throttle.allowed("lan")


def test_authenticate():
    clock = FakeClock()
    throttle = Throttle(max_failures=2, window=60, lockout=300, clock=clock)
    analysts = load_analysts({"analysts": {"lan": hash_password("đúng rồi", **FAST)}})
    assert authenticate({}, throttle, "lan", "đúng rồi") == "no_analysts"
    assert authenticate(analysts, throttle, "lan", "đúng rồi") == "ok"
    assert authenticate(analysts, throttle, "ghost", "x") == "invalid"
    assert authenticate(analysts, throttle, "lan", "sai") == "invalid"
    assert authenticate(analysts, throttle, "lan", "sai") == "invalid"
    assert authenticate(analysts, throttle, "lan", "đúng rồi") == "throttled"
    clock.now += 300
    assert authenticate(analysts, throttle, "lan", "đúng rồi") == "ok"


def test_a_name_locked_from_one_address_still_logs_in_from_another():
    """A lock per name only let anyone keep an analyst out forever: locks are per address and name."""
    clock = FakeClock()
    throttle = Throttle(max_failures=3, window=60, lockout=300, clock=clock)
    analysts = load_analysts({"analysts": {"lan": hash_password("đúng rồi", **FAST)}})
    for _ in range(3):
        assert authenticate(analysts, throttle, "lan", "sai", client="203.0.113.9") == "invalid"
    assert authenticate(analysts, throttle, "lan", "đúng rồi", client="203.0.113.9") == "throttled"
    assert authenticate(analysts, throttle, "lan", "đúng rồi", client="10.0.0.5") == "ok"
    assert throttle.retry_after("LAN", "203.0.113.9") == 300


def test_many_names_from_one_address_are_throttled_without_hashing(monkeypatch):
    """Unknown names each cost a full scrypt and were never throttled: an address that fails too
    often, whatever the names, is refused before any hashing."""
    from cchc_metrics.publish import accounts

    clock = FakeClock()
    throttle = Throttle(max_failures=5, max_client_failures=20, window=900, lockout=300, clock=clock)
    analysts = load_analysts({"analysts": {"lan": hash_password("đúng rồi", **FAST)}})
    checks = []
    monkeypatch.setattr(accounts, "verify_password", lambda password, stored: checks.append(stored) or False)
    answers = [authenticate(analysts, throttle, f"ghost{i}", "x", client="203.0.113.9") for i in range(25)]
    assert answers == ["invalid"] * 20 + ["throttled"] * 5
    assert len(checks) == 20
    assert authenticate(analysts, throttle, "lan", "x", client="198.51.100.7") == "invalid"  # others still may try


def test_an_unknown_name_costs_what_a_known_one_does(monkeypatch):
    """The dummy hash an unknown name is checked against has today's cost, as new hashes have."""
    from cchc_metrics.publish import accounts

    costs = []
    real = accounts.hashlib.scrypt

    def measured(password, *, salt, n, r, p, maxmem, dklen):
        costs.append((n, r, p))
        return real(password, salt=salt, n=2**4, r=1, p=1, dklen=dklen)

    monkeypatch.setattr(accounts.hashlib, "scrypt", measured)
    analysts = {"lan": Analyst("lan", "lan", hash_password("đúng rồi"))}
    throttle = Throttle()
    authenticate(analysts, throttle, "lan", "sai", client="a")
    authenticate(analysts, throttle, "ghost", "sai", client="a")
    assert costs == [(2**17, 8, 1)] * 3  # the hash made, the known name, the unknown one


def test_the_throttle_state_stays_bounded():
    clock = FakeClock()
    throttle = Throttle(max_entries=100, clock=clock)
    for i in range(5000):
        throttle.failure(f"user{i}", client=f"198.51.{i // 256}.{i % 256}")
    assert len(throttle) == 100
    throttle.failure("lan", client="203.0.113.9")  # the newest are kept
    assert len(throttle) == 100 and throttle.retry_after("lan", "203.0.113.9") == 0


def test_hashes_are_made_at_scrypt_n_2_17():
    assert hash_password("một mật khẩu dài").split("$")[1:4] == ["131072", "8", "1"]


def test_an_older_hash_still_logs_in_and_is_made_again_at_todays_cost(tmp_path):
    from cchc_metrics.publish.accounts import RehashStore

    old = hash_password("đúng rồi", **FAST)
    secrets = {"analysts": {"lan": old}}
    store = RehashStore(tmp_path / "rehashed.json")
    assert load_analysts(secrets, store)["lan"].password_hash == old
    assert authenticate(load_analysts(secrets, store), Throttle(), "lan", "đúng rồi", client="a", store=store) == "ok"
    upgraded = load_analysts(secrets, store)["lan"].password_hash
    assert upgraded != old and upgraded.split("$")[1:4] == ["131072", "8", "1"]
    assert oct((tmp_path / "rehashed.json").stat().st_mode & 0o777) == "0o600"
    assert authenticate(load_analysts(secrets, store), Throttle(), "lan", "đúng rồi", client="a", store=store) == "ok"
    # a password changed in the secrets wins over the hash made from the old one
    changed = {"analysts": {"lan": hash_password("mật khẩu mới", **FAST)}}
    assert load_analysts(changed, store)["lan"].password_hash == changed["analysts"]["lan"]


def test_at_most_two_hashes_are_computed_at_once(monkeypatch):
    """Each check takes 128 MB: a burst of logins waits rather than taking gigabytes."""
    import threading
    import time

    from cchc_metrics.publish import accounts

    running, peak, lock = [0], [0], threading.Lock()
    real = accounts.hashlib.scrypt

    def slow(password, **kwargs):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.05)
        with lock:
            running[0] -= 1
        return real(password, **kwargs)

    monkeypatch.setattr(accounts.hashlib, "scrypt", slow)
    threads = [threading.Thread(target=hash_password, args=("x",), kwargs=FAST) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak[0] == accounts.HASHING_AT_ONCE == 2
