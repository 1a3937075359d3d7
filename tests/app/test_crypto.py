import pytest

from app.config import Settings
from app.crypto import SecretKeyMissing, SecretUnreadable, decrypt, encrypt


def test_round_trip_with_a_configured_key(tmp_path):
    settings = Settings(secret_key="s3cret", var_dir=tmp_path)
    token = encrypt(settings, "whsec_abc")
    assert token != "whsec_abc"
    assert decrypt(settings, token) == "whsec_abc"


def test_key_file_is_generated_once_and_reused(tmp_path):
    settings = Settings(var_dir=tmp_path)
    token = encrypt(settings, "x")
    assert (tmp_path / "secret.key").exists()
    assert decrypt(Settings(var_dir=tmp_path), token) == "x"


def test_another_key_cannot_read_it(tmp_path):
    token = encrypt(Settings(secret_key="one", var_dir=tmp_path), "x")
    with pytest.raises(SecretUnreadable):
        decrypt(Settings(secret_key="two", var_dir=tmp_path), token)


def test_production_requires_a_key(tmp_path):
    with pytest.raises(SecretKeyMissing):
        encrypt(Settings(env="production", var_dir=tmp_path), "x")
