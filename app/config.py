"""One settings object, read once from the environment (prefix KOLRISK_).

Each setting's description is the README's settings table (`python -m app.settings_table`
writes it there; a test keeps the two in step), so say there what a user must know."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from collectors.platforms import BY_NAME

DEFAULT_VAR_DIR = Path("var")
# `kolrisk serve` listens here by default; it links to wherever it actually listens.
DEFAULT_BASE_URL = "http://127.0.0.1:8000"


def reached(platform: str) -> Any:
    """A platform's base-URL setting: its default and description from collectors.platforms."""
    known = BY_NAME[platform]
    return Field(known.base_url, description=f"Where {known.en} is reached.")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KOLRISK_", extra="ignore")

    database_url: str = Field(
        f"sqlite:///{DEFAULT_VAR_DIR}/kolrisk.db",
        description="Any SQLAlchemy URL: `sqlite:///path.db` or `postgresql+psycopg://user@host"
        "/db` (plain `postgresql://` is read as psycopg 3). `serve --demo` and `--demo` on the "
        "other commands use `sqlite:///var/demo.db` unless this is set.",
    )
    read_database_url: str | None = Field(
        None,
        description="A read replica for reads where a lagging copy is harmless: `as_of` replays "
        "(risk, risk-checks, reports) and the dashboard's watch list. Current reads, which must "
        "see a post just written, always use `KOLRISK_DATABASE_URL`. Unset: the primary only.",
    )
    # Connection pool per process and per database: budget processes x (pool_size +
    # max_overflow) under PostgreSQL's max_connections (100 by default). Kept connections
    # should cover the requests a process serves at once: an overflow connection is closed
    # when returned, and under steady load that meant a new PostgreSQL backend (a fork, cold
    # caches, statements planned afresh) every few requests, a tenth of the throughput.
    db_pool_size: int = Field(15, ge=1, description="Connections kept open per process.")
    # One process runs Python one thread at a time: threads past a few add switching and
    # contention, not throughput (docs/benchmarks.md, "Mixed load", round 6).
    api_threads: int = Field(
        8,
        ge=1,
        description="Requests one `serve` process works on at once (more wait their turn). "
        "Keep it at or under `KOLRISK_DB_POOL_SIZE`.",
    )
    db_max_overflow: int = Field(
        5, ge=0, description="Extra connections opened under load, closed again when returned."
    )
    db_pool_timeout_seconds: float = Field(
        30.0, gt=0, description="Seconds a request waits for a free connection before failing."
    )
    db_pool_recycle_seconds: int = Field(
        -1,
        description="Reopen connections older than this many seconds (-1: never); set it below "
        "a proxy's or firewall's idle cut-off.",
    )
    secret_key: str | None = Field(
        None,
        description="Encrypts stored webhook secrets and platform credentials. Generated into "
        "`KOLRISK_VAR_DIR` on first run when absent; required when `KOLRISK_ENV` is "
        "`production`, where a lost file would lose the secrets.",
    )
    env: str = Field(
        "development",
        description="`production` makes `KOLRISK_SECRET_KEY` required: saving or reading a "
        "webhook secret or platform credential fails without it (nothing else changes).",
    )
    var_dir: Path = Field(
        DEFAULT_VAR_DIR, description="Where the generated secret key file is kept."
    )
    webhook_allow_hosts: str = Field(
        "",
        description="Comma-separated hosts or CIDRs exempted from the webhook SSRF guard (e.g. "
        "`127.0.0.1` for a receiver on this machine). Empty: private, loopback and metadata "
        "addresses are refused.",
    )
    # Request budgets per API key (app/ratelimit).
    rate_limit_per_minute: int = Field(
        600,
        description="Requests per minute per API key to /v1 (over it: 429 with Retry-After); "
        "`0` turns every budget off.",
    )
    rate_limit_expensive_per_minute: int = Field(
        60,
        description="Of those, `as_of` replays, risk checks and reports per minute (`0`: no "
        "separate budget).",
    )
    rate_limit_pdf_per_minute: int = Field(
        12, description="Of those, PDF reports per minute (`0`: no separate budget)."
    )
    signin_failures_per_name: int = Field(
        5,
        description="Dashboard sign-in failures allowed in a burst per name (or key prefix), "
        "refilling over 15 minutes.",
    )
    signin_failures_per_address: int = Field(20, description="The same, per client address.")
    ui_session_hours: int = Field(12, description="How long a person stays signed in.")
    public_base_url: str = Field(
        DEFAULT_BASE_URL,
        description="The address people reach this service at: links in reports and alert "
        "messages point here. Unset, `kolrisk serve` uses the address it listens on; set it "
        "when a proxy or another host name stands in front.",
    )

    # Ingest limits. 5,000 items or 16 MB per request keeps one request under a second of work.
    max_items_per_request: int = Field(
        5000, description="Items per `POST /v1/posts`; bigger loads belong in `kolrisk import`."
    )
    max_body_bytes: int = Field(
        16 * 1024 * 1024, description="Bytes per `POST /v1/posts` body (answered 413 above it)."
    )
    max_text_chars: int = Field(
        200_000, description="Characters of one post's text; a longer item is rejected."
    )
    max_import_bytes: int = Field(
        512 * 1024 * 1024,
        description="Bytes per upload to `POST /v1/imports`; bigger files go through "
        "`kolrisk import` on the host.",
    )

    inline_score_limit: int = Field(
        2000,
        description="Pending posts a risk read scores itself before it answers with "
        "`pending_posts` instead (the `score-posts` job scores the rest); a `POST /v1/posts` "
        "batch of up to this many (at most 200) new posts is scored as it is stored; `0` never "
        "scores inside a request.",
    )
    score_batch_size: int = Field(500, description="Posts the `score-posts` job scores per batch.")
    inline_relink_max_posts: int = Field(
        200_000,
        description="Renaming a brand or KOL re-links stored posts inside the request up to "
        "this many posts in the tenant (about a second on SQLite); beyond it the `relink` job "
        "does it in the background.",
    )
    log_format: Literal["text", "json"] = Field(
        "text",
        description="`text`: one readable line per record; `json`: one JSON object per line, "
        "with the request id of the HTTP request that logged it.",
    )
    log_level: str = Field("INFO", description="The lowest level written: DEBUG, INFO, WARNING.")
    metrics_token: str | None = Field(
        None,
        description="When set, GET /metrics needs `Authorization: Bearer <token>` (what "
        "Prometheus sends with `bearer_token`); unset, it is open like /healthz.",
    )
    # Retention (app/retention, the daily `prune` job).
    retention_assessments_per_watch: int = Field(
        100,
        ge=1,
        description="Risk snapshots kept per watch (the newest), besides every one a "
        "transition points to.",
    )
    retention_alert_days: int = Field(
        90,
        ge=1,
        description="Alert events, messages and delivery attempts are deleted this many days "
        "after they were created (messages still being delivered are kept).",
    )
    retention_cursor_days: int = Field(
        180,
        ge=1,
        description="Collection cursors untouched this long are deleted (a listing read again "
        "later starts its backfill afresh).",
    )
    retention_post_raw_days: int = Field(
        0,
        ge=0,
        description="Drop the raw platform JSON of posts stored more than this many days ago, "
        "keeping what evidence and reports show; `0` keeps raw forever.",
    )
    retention_audit_log_days: int = Field(
        365, description="Audit log entries are kept this many days, never fewer than 365."
    )
    retention_batch_rows: int = Field(
        1000,
        ge=1,
        description="Rows deleted per transaction, so no lock is held for long.",
    )
    usage_flush_seconds: float = Field(
        30.0,
        gt=0,
        description="API calls are counted per tenant in memory and written to the usage "
        "counts this often (and at shutdown): `GET /v1/usage`, the dashboard's usage page.",
    )
    digest_every_days: int = Field(
        7,
        ge=0,
        description="Each tenant's channels get a digest (decisions and what changed, new "
        "posts and evidence, collection health) every this many days; 0 sends none.",
    )
    digest_hour: int = Field(
        9, ge=0, le=23, description="The hour (Asia/Shanghai) digests go out, or soon after."
    )
    operator_login_hours: float = Field(
        3.0,
        gt=0,
        description="An operator alert goes to the tenant's admin channel when a platform "
        "whose credentials it stored has met login walls (`login_required`) this long.",
    )
    operator_lag_minutes: int = Field(
        30,
        ge=1,
        description="An operator alert when watches are this overdue for collection, or a job "
        "has not started (or kept failing) this long.",
    )
    operator_remind_hours: float = Field(
        24.0, gt=0, description="An operator alert is repeated this often while it lasts."
    )
    # Background work (app/tasks): in this process (inline) or on procrastinate workers.
    task_queue: Literal["auto", "inline", "procrastinate"] = Field(
        "auto",
        description="Where background jobs run. `inline`: in `kolrisk serve` (or `kolrisk "
        "scheduler`) itself, one job at a time under the scheduler lease; `procrastinate`: as "
        "tasks in PostgreSQL's queue, run by any number of `kolrisk worker` processes; `auto`: "
        "`procrastinate` on PostgreSQL, `inline` on SQLite.",
    )
    worker_concurrency: int = Field(
        4, ge=1, description="Tasks one `kolrisk worker` runs at once (`--concurrency`)."
    )
    worker_shutdown_seconds: float = Field(
        30.0,
        gt=0,
        description="On SIGTERM a worker takes no new task and waits this long for running "
        "ones; what is still running then goes back to the queue for another worker.",
    )
    worker_stalled_seconds: float = Field(
        30.0,
        ge=5,
        description="A worker sends a heartbeat every third of this; when one has sent none "
        "for this long (killed, frozen, cut off), its running tasks go back to the queue.",
    )
    score_lanes: int = Field(
        2,
        ge=1,
        description="`score_batch` tasks that may run at once on workers (each scores "
        "`KOLRISK_SCORE_BATCH_SIZE` posts and queues itself again while posts wait).",
    )
    lease_ttl_seconds: float = Field(
        30.0,
        description="Scheduler lease: a dead holder's jobs are taken over after this many seconds.",
    )

    # Collectors (app/collection): where each platform is reached, so a stub can stand in. One
    # line per platform of collectors.platforms with a base URL (a test holds them to it).
    weibo_base_url: str = reached("weibo")
    bilibili_base_url: str = reached("bilibili")
    douyin_base_url: str = reached("douyin")
    xiaohongshu_base_url: str = reached("xiaohongshu")
    zhihu_base_url: str = reached("zhihu")
    tieba_base_url: str = reached("tieba")
    collect_min_interval_seconds: float = Field(
        2.0,
        description="Pacing per platform: one request in flight, at least this many seconds "
        "apart (plus the jitter).",
    )
    collect_jitter_seconds: float = Field(
        1.0, description="Up to this many more seconds between two requests, at random."
    )
    collect_timeout_seconds: float = Field(20.0, description="Seconds one request may take.")
    collect_queries_per_platform: int = Field(
        4,
        description="Search queries (and Tieba bars) a pass takes per platform from the "
        "watch's rotation.",
    )
    collect_pages_per_listing: int = Field(3, description="Pages read per listing and pass.")
    collect_venue_posts: int = Field(
        3,
        description="Latest posts of each brand or executive account whose comment sections "
        "a pass reads.",
    )
    collect_thread_posts: int = Field(
        2,
        description="Search hits and bar threads naming both the KOL and the brand's side "
        "whose comments are read, per listing and pass: fans argue about a pairing under them.",
    )
    collect_backfill_days: int = Field(
        3 * 365, description="How far back a listing's first passes read its history."
    )
    collect_cadence_minutes: dict[str, int] = Field(
        {"negotiating": 10, "signed": 30, "live": 30, "shortlisted": 60},
        description="Minutes between passes by watch stage, as JSON; stages not listed are "
        "not collected.",
    )
    collect_watches_per_run: int = Field(
        5, description="Watches the `collect` job takes per run, most overdue first."
    )


@lru_cache
def get_settings() -> Settings:
    return Settings()
