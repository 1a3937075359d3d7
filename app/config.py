"""One settings object, read once from the environment (prefix KOLRISK_)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_VAR_DIR = Path("var")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KOLRISK_", extra="ignore")

    database_url: str = f"sqlite:///{DEFAULT_VAR_DIR}/kolrisk.db"
    # Encrypts stored webhook secrets and platform credentials. Generated into var_dir on first
    # run when absent; required when env is "production", where a lost file would lose secrets.
    secret_key: str | None = None
    env: str = "development"
    var_dir: Path = DEFAULT_VAR_DIR
    # Empty by default: only hosts listed here skip the webhook SSRF guard.
    webhook_allow_hosts: str = ""

    # Ingest limits. 5,000 items or 16 MB per request keeps one request under a
    # second of work; bigger loads belong in `kolrisk import`.
    max_items_per_request: int = 5000
    max_body_bytes: int = 16 * 1024 * 1024
    max_text_chars: int = 200_000
    # Uploads to POST /v1/imports; bigger files go through `kolrisk import` on the host.
    max_import_bytes: int = 512 * 1024 * 1024

    # How many pending posts a risk read scores inline before it answers with
    # `pending_posts` instead; the background job scores the rest.
    inline_score_limit: int = 2000
    score_batch_size: int = 500
    # Renaming a brand or KOL re-links stored posts inside the request up to this many posts in
    # the tenant (about a second on SQLite); beyond it the relink job does it in the background.
    inline_relink_max_posts: int = 200_000

    # Scheduler lease: a dead holder is replaced after this many seconds (see app/jobs/lease.py).
    lease_ttl_seconds: float = 30.0


@lru_cache
def get_settings() -> Settings:
    return Settings()
