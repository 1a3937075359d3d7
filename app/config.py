"""One settings object, read once from the environment (prefix KOLRISK_)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_VAR_DIR = Path("var")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KOLRISK_", extra="ignore")

    database_url: str = f"sqlite:///{DEFAULT_VAR_DIR}/kolrisk.db"
    # A read replica (any SQLAlchemy URL) for reads where a lagging copy is harmless: as_of
    # replays (risk, risk-checks, reports) and the dashboard's watch list. Current reads, which
    # must see a post just written, always use database_url. Unset: everything uses the primary.
    read_database_url: str | None = None
    # Connection pool per process and per database (SQLAlchemy's defaults). Budget
    # processes x (pool_size + max_overflow) under PostgreSQL's max_connections (100 by default).
    db_pool_size: int = Field(default=5, ge=1)
    # Extra connections opened under load beyond pool_size, closed again when returned.
    db_max_overflow: int = Field(default=10, ge=0)
    # Seconds a request waits for a free connection before failing.
    db_pool_timeout_seconds: float = Field(default=30.0, gt=0)
    # Reopen connections older than this many seconds (-1: never). Set it below a proxy's or
    # firewall's idle cut-off; pre-ping already replaces connections that died.
    db_pool_recycle_seconds: int = -1
    # Encrypts stored webhook secrets and platform credentials. Generated into var_dir on first
    # run when absent; required when env is "production", where a lost file would lose secrets.
    secret_key: str | None = None
    env: str = "development"
    var_dir: Path = DEFAULT_VAR_DIR
    # Empty by default: only hosts listed here skip the webhook SSRF guard.
    webhook_allow_hosts: str = ""
    # Request budgets per API key (app/ratelimit): every /v1 request takes one from the
    # first; `as_of` replays, risk checks and reports also from the second, PDFs from the
    # third. 0 turns a budget off; rate_limit_per_minute=0 turns them all off.
    rate_limit_per_minute: int = 600
    rate_limit_expensive_per_minute: int = 60
    rate_limit_pdf_per_minute: int = 12
    # Dashboard sign-in failures allowed in a burst per name (or key prefix) and per client
    # address, each refilling over 15 minutes: after that, one try per refill step.
    signin_failures_per_name: int = 5
    signin_failures_per_address: int = 20
    # How long a person stays signed in to the dashboard.
    ui_session_hours: int = 12

    # Where people reach this service: alert messages link to its dashboard pages.
    public_base_url: str = "http://localhost:8000"

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

    # Logs: "text" (one readable line per record) or "json" (one JSON object per line, with the
    # request id of the HTTP request that logged it).
    log_format: Literal["text", "json"] = "text"
    # The lowest level written: DEBUG, INFO, WARNING, ERROR.
    log_level: str = "INFO"
    # GET /metrics is open, like /healthz, unless this is set: then it needs
    # `Authorization: Bearer <metrics_token>` (what Prometheus sends with `bearer_token`).
    metrics_token: str | None = None

    # Retention (app/retention, the daily `prune` job). Risk snapshots are stored only when
    # their content changes; the newest this many per watch are kept, and every snapshot a
    # transition points to (the record of each change of level or decision). The dashboard's
    # sparkline shows 30.
    retention_assessments_per_watch: int = Field(default=100, ge=1)
    # Alert events, messages (with their delivery attempts) and delivery attempts are deleted
    # this many days after they were created: long enough to answer "were we told?" for a
    # quarter. Messages still being delivered, and the events they carry, are kept.
    retention_alert_days: int = Field(default=90, ge=1)
    # Collection cursors untouched this long belong to listings no watch reads any more (a
    # deleted KOL, a dropped query); a listing read again later starts its backfill afresh.
    retention_cursor_days: int = Field(default=180, ge=1)
    # Drop the platform's raw JSON of posts stored more than this many days ago, keeping the
    # text, author, metrics and times that evidence and reports show. 0 (the default) keeps
    # raw forever, since GET /v1/posts/{id} returns it.
    retention_post_raw_days: int = Field(default=0, ge=0)
    # Audit log entries are kept this many days, never fewer than a year whatever is set
    # (app.retention.policy.AUDIT_LOG_MIN_DAYS).
    retention_audit_log_days: int = 365
    # Rows deleted (or raw values dropped) per transaction: small enough that no lock is held
    # for long and other writers slip in between batches.
    retention_batch_rows: int = Field(default=1000, ge=1)

    # API calls are counted in memory per tenant and written to usage_counts this often.
    usage_flush_seconds: float = 30.0

    # A digest per tenant to its channels every this many days (0: none), sent at this hour
    # (Asia/Shanghai) or at the first run of the job after it.
    digest_every_days: int = 7
    digest_hour: int = 9
    # Operator alerts to the tenant's admin channel: a platform's stored credentials failing
    # (login_required) this long; watches overdue for collection, or a job not succeeding,
    # this long; a reminder this often while it lasts.
    operator_login_hours: float = 3.0
    operator_lag_minutes: int = 30
    operator_remind_hours: float = 24.0

    # Scheduler lease: a dead holder is replaced after this many seconds (see app/jobs/lease.py).
    lease_ttl_seconds: float = 30.0

    # Collectors (app/collection): where each platform is reached, so a stub can stand in.
    weibo_base_url: str = "https://m.weibo.cn"
    bilibili_base_url: str = "https://api.bilibili.com"
    douyin_base_url: str = "https://www.douyin.com"
    xiaohongshu_base_url: str = "https://edith.xiaohongshu.com"
    zhihu_base_url: str = "https://www.zhihu.com"
    tieba_base_url: str = "https://tieba.baidu.com"
    # Pacing per platform: one request in flight, at least this gap plus up to the jitter.
    collect_min_interval_seconds: float = 2.0
    collect_jitter_seconds: float = 1.0
    collect_timeout_seconds: float = 20.0
    # A pass's budget per platform: search queries taken from the rotation, pages per listing.
    collect_queries_per_platform: int = 4
    collect_pages_per_listing: int = 3
    # Latest posts of each brand / executive account whose comment sections are read.
    collect_venue_posts: int = 3
    # Search hits and bar threads that name both the KOL and the brand side whose comments are
    # read, per listing and pass: where fans argue about a pairing is under such posts.
    collect_thread_posts: int = 2
    collect_backfill_days: int = 3 * 365
    # Minutes between passes by watch stage; stages not listed are not collected.
    collect_cadence_minutes: dict[str, int] = {
        "negotiating": 10,
        "signed": 30,
        "live": 30,
        "shortlisted": 60,
    }
    collect_watches_per_run: int = 5


@lru_cache
def get_settings() -> Settings:
    return Settings()
