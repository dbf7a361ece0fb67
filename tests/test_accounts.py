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
