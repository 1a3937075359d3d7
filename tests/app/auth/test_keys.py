import pytest

from app.auth.keys import (
    KEY_MARK,
    SCOPES,
    effective_scopes,
    generate_key,
    hash_secret,
    secret_matches,
    split_key,
)


def test_generated_key_is_prefix_then_secret():
    key = generate_key()
    assert key.prefix.startswith(f"{KEY_MARK}_")
    assert key.plaintext.startswith(f"{key.prefix}_")
    prefix, secret = split_key(key.plaintext)
    assert prefix == key.prefix
    assert key.plaintext == f"{prefix}_{secret}"
    assert len(secret) >= 20


def test_keys_are_unique():
    keys = [generate_key() for _ in range(50)]
    assert len({k.plaintext for k in keys}) == 50
    assert len({k.prefix for k in keys}) == 50


def test_stored_hash_never_equals_or_contains_the_secret():
    key = generate_key()
    _, secret = split_key(key.plaintext)
    assert key.secret_hash != secret
    assert secret not in key.secret_hash
    assert key.plaintext not in key.secret_hash
    assert key.secret_hash == hash_secret(secret)


def test_secret_matches_only_the_right_secret():
    key = generate_key()
    _, secret = split_key(key.plaintext)
    assert secret_matches(secret, key.secret_hash)
    assert not secret_matches(secret + "x", key.secret_hash)
    assert not secret_matches(key.secret_hash, key.secret_hash)


def test_secret_may_contain_underscores():
    assert split_key("kr_abcd1234_se_cr_et") == ("kr_abcd1234", "se_cr_et")


def test_surrounding_whitespace_is_ignored():
    assert split_key("  kr_abcd1234_secret \n") == ("kr_abcd1234", "secret")


@pytest.mark.parametrize(
    "presented",
    ["", "kr", "kr_abcd", "kr_abcd_", "kr__secret", "xx_abcd_secret", "Bearer", "abcd_secret"],
)
def test_malformed_keys_do_not_split(presented):
    assert split_key(presented) is None


@pytest.mark.parametrize(
    ("granted", "allowed"),
    [
        (["read"], {"read"}),
        (["write"], {"read", "write"}),
        (["admin"], {"read", "write", "admin"}),
        (["read", "write"], {"read", "write"}),
        ([], set()),
        (["bogus"], set()),
        (["read", "bogus"], {"read"}),
    ],
)
def test_scope_implication(granted, allowed):
    assert effective_scopes(granted) == allowed


def test_admin_implies_every_scope():
    assert effective_scopes(["admin"]) == set(SCOPES)
