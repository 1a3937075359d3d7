"""The `kolrisk` command. Every subcommand migrates first, so it works on an empty database."""

from __future__ import annotations

import argparse
import getpass
import logging
import signal
import sys
from collections.abc import Sequence
from datetime import datetime, timedelta
from types import FrameType
from typing import Any

from apscheduler.schedulers.base import BaseScheduler

from app.auth import people
from app.auth import service as auth_service
from app.clock import utcnow
from app.collection.cli import run_collect
from app.config import Settings, get_settings
from app.db import Database, upgrade_to_head
from app.errors import Unprocessable
from app.imports.cli import run_import
from app.jobs import lease
from app.jobs.runner import job_states, run_recorded
from app.jobs.scheduler import LeasedScheduler, job_table
from app.logs import configure_logging
from app.ops import cli as ops_cli
from app.privacy import cli as privacy_cli
from app.tenants import cli as tenants_cli
from app.tenants.registry import require_tenant
from app.ui.demo_sink import DEMO_SINK_PATH
from sentiment import Scorer, get_scorer

log = logging.getLogger("kolrisk")

# `serve --demo` keeps its own database unless KOLRISK_DATABASE_URL says otherwise.
DEMO_DATABASE_URL = "sqlite:///var/demo.db"


def _database(settings: Settings) -> Database:
    database = Database.from_settings(settings)
    upgrade_to_head(database)
    return database


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    database = _database(settings)
    print(f"database at head: {database.engine.url.render_as_string(hide_password=True)}")
    return 0


def cmd_apikey_create(args: argparse.Namespace, settings: Settings) -> int:
    database = _database(settings)
    now = utcnow()
    days = args.expires_in_days
    expires_at = now + timedelta(days=days) if days is not None else None
    with database.session_scope() as session:
        tenant = auth_service.get_or_create_tenant(session, args.tenant)
        key, plaintext = auth_service.create_key(
            session, tenant, args.scope or ["write"], now, args.name, expires_at
        )
        scopes = ",".join(key.scopes)
    until = f", expires {expires_at:%Y-%m-%d %H:%M} UTC" if expires_at else ""
    print(
        f"tenant {args.tenant}: key {key.prefix} with scopes {scopes}{until} "
        "(shown once; store it now)"
    )
    print(plaintext)
    return 0


def _when(moment: datetime | None, never: str) -> str:
    return f"{moment:%Y-%m-%d %H:%M}" if moment is not None else never


def cmd_apikey_list(args: argparse.Namespace, settings: Settings) -> int:
    database = _database(settings)
    now = utcnow()
    with database.session_scope(write=False) as session:
        tenant = require_tenant(session, args.tenant)
        keys = auth_service.list_keys(session, tenant)
    print("prefix\tname\tscopes\tcreated\texpires\tlast used\tstate  (times UTC)")
    for key in keys:
        if key.revoked_at is not None:
            state = f"revoked {key.revoked_at:%Y-%m-%d %H:%M}"
        else:
            state = "expired" if auth_service.is_expired(key, now) else "active"
        row = [
            key.prefix, key.label or "-", ",".join(key.scopes), _when(key.created_at, "-"),
            _when(key.expires_at, "never"), _when(key.last_used_at, "never"), state,
        ]  # fmt: skip
        print("\t".join(row))
    return 0


def cmd_apikey_revoke(args: argparse.Namespace, settings: Settings) -> int:
    database = _database(settings)
    with database.session_scope() as session:
        key = auth_service.revoke_key(session, args.prefix, utcnow())
        print(f"revoked {key.prefix}")
    return 0


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise Unprocessable("the two passwords differ; nothing was created")
    return first


def cmd_user_create(args: argparse.Namespace, settings: Settings) -> int:
    password = _read_password(args)
    database = _database(settings)
    with database.session_scope() as session:
        tenant = auth_service.find_tenant(session, args.tenant)
        user = people.create_user(session, tenant, args.name, args.role, password, utcnow())
        print(f"tenant {args.tenant}: {user.name} ({user.role}) can sign in at /ui/login")
    return 0


def cmd_user_list(args: argparse.Namespace, settings: Settings) -> int:
    database = _database(settings)
    with database.session_scope(write=False) as session:
        tenant = auth_service.find_tenant(session, args.tenant)
        users = people.list_users(session, tenant)
    print("name\trole\tcreated\tlast sign-in\tstate  (times UTC)")
    for user in users:
        state = f"disabled {user.disabled_at:%Y-%m-%d %H:%M}" if user.disabled_at else "active"
        row = [user.name, user.role, _when(user.created_at, "-"),
               _when(user.last_login_at, "never"), state]  # fmt: skip
        print("\t".join(row))
    return 0


def cmd_user_password(args: argparse.Namespace, settings: Settings) -> int:
    password = _read_password(args)
    database = _database(settings)
    with database.session_scope() as session:
        user = people.set_password(session, args.name, password, utcnow())
        print(f"new password for {user.name}: their other sessions end now")
    return 0


def cmd_user_disable(args: argparse.Namespace, settings: Settings) -> int:
    database = _database(settings)
    with database.session_scope() as session:
        user = people.disable_user(session, args.name, utcnow())
        print(f"disabled {user.name}: their dashboard sessions end now")
    return 0


def _leased_scheduler(
    scheduler: BaseScheduler, database: Database, settings: Settings, scorer: Scorer
) -> LeasedScheduler:
    jobs = job_table(database, settings, scorer, utcnow)
    return LeasedScheduler(
        scheduler, database, jobs, utcnow, timedelta(seconds=settings.lease_ttl_seconds)
    )


def _demo_settings(settings: Settings, base_url: str) -> Settings:
    """Demo only: the demo webhook delivers to this process's loopback sink (/ui/demo-sink),
    which the SSRF guard refuses unless its host is allowed; alert links point here."""
    update: dict[str, str] = {}
    if "webhook_allow_hosts" not in settings.model_fields_set:
        update["webhook_allow_hosts"] = "127.0.0.1,::1,localhost"
    if "public_base_url" not in settings.model_fields_set:
        update["public_base_url"] = base_url
    return settings.model_copy(update=update)


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn
    from apscheduler.schedulers.background import BackgroundScheduler

    from app.main import create_app

    if args.demo and "database_url" not in settings.model_fields_set:
        settings = settings.model_copy(update={"database_url": DEMO_DATABASE_URL})
    host = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    if args.demo:
        settings = _demo_settings(settings, f"http://{host}:{args.port}")
    database = _database(settings)
    app = create_app(settings, database)
    if args.demo:
        from app.demo.seed import prepare_demo_alerts, seed_demo

        key = seed_demo(database, app.state.scorer, utcnow())
        sink = f"http://127.0.0.1:{args.port}{DEMO_SINK_PATH}"  # the sink is this process
        prepare_demo_alerts(database, app.state.scorer, settings, sink, utcnow())
        app.state.demo_sink = True
        print(f"demo ready: dashboard http://{host}:{args.port}/ui/  (sign in with the key below)")
        print(f"API docs: http://{host}:{args.port}/docs  (the same key, admin scope)")
        print(key, flush=True)
    leased = None
    if not args.no_scheduler:
        leased = _leased_scheduler(
            BackgroundScheduler(timezone="UTC"), database, settings, app.state.scorer
        )
        leased.start()
    try:
        # Our handler and format (app.logs), and our access line (with route and request id)
        # in place of uvicorn's.
        uvicorn.run(app, host=args.host, port=args.port, log_config=None, access_log=False)
    finally:
        if leased is not None:
            leased.stop()
        try:
            app.state.usage.flush(database, utcnow())  # the calls counted since the last write
        except Exception:
            log.exception("could not write the last API call counts")
        _dispose(app.state.replica, database)
    return 0


def _dispose(*databases: Database) -> None:
    for database in {id(d): d for d in databases}.values():
        database.dispose()


def cmd_scheduler(args: argparse.Namespace, settings: Settings) -> int:
    from apscheduler.schedulers.blocking import BlockingScheduler

    database = _database(settings)
    scheduler = BlockingScheduler(timezone="UTC")
    leased = _leased_scheduler(scheduler, database, settings, get_scorer())

    def stop(_signum: int, _frame: FrameType | None) -> None:
        # Let running jobs finish; start() below then returns and the lease is handed over.
        scheduler.shutdown(wait=True)

    signal.signal(signal.SIGTERM, stop)
    print(f"scheduler {leased.holder} running; SIGTERM or Ctrl-C stops it", flush=True)
    try:
        leased.start()
    except KeyboardInterrupt:
        pass
    finally:
        leased.stop()
        database.dispose()
    return 0


def cmd_jobs_list(args: argparse.Namespace, settings: Settings) -> int:
    database = _database(settings)
    states = job_states(database)
    for spec in job_table(database, settings, get_scorer(), utcnow):
        state = states.get(spec.name)
        last = "never run"
        if state is not None and state.last_started_at is not None:
            outcome = "ok" if state.last_ok else f"FAILED: {state.last_error}"
            last = f"last {state.last_started_at:%Y-%m-%d %H:%M:%S}Z, {outcome}, {state.runs} runs"
        every = f"every {spec.every.total_seconds():>4.0f}s"
        print(f"{spec.name:<18} {every}  {last}\n    {spec.description}")
    with database.session_scope(write=False) as session:
        holder = lease.current(session)
    print(
        f"lease: {holder.holder} until {holder.expires_at:%H:%M:%S}Z"
        if holder and holder.holder
        else "lease: nobody"
    )
    return 0


def cmd_jobs_run(args: argparse.Namespace, settings: Settings) -> int:
    database = _database(settings)
    jobs = {spec.name: spec for spec in job_table(database, settings, get_scorer(), utcnow)}
    spec = jobs.get(args.name)
    if spec is None:
        print(f"kolrisk: no job {args.name!r}; jobs are {', '.join(jobs)}", file=sys.stderr)
        return 2
    ok = run_recorded(database, spec.name, spec.run, utcnow)
    state = job_states(database)[spec.name]
    detail = state.last_result or state.last_error or ""
    print(f"{spec.name}: {'ok' if ok else 'failed'} {detail}".rstrip())
    return 0 if ok else 1


def _add_serving(commands: Any) -> None:
    serve = commands.add_parser("serve", help="migrate, then serve the API (and the scheduler)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--no-scheduler", action="store_true", help="run no background jobs here")
    serve.add_argument("--demo", action="store_true", help="seed and serve a fictional demo tenant")
    serve.set_defaults(handler=cmd_serve)
    commands.add_parser("scheduler", help="run the background jobs alone").set_defaults(
        handler=cmd_scheduler
    )
    commands.add_parser("migrate", help="upgrade the database schema").set_defaults(
        handler=cmd_migrate
    )


def _add_apikey(commands: Any) -> None:
    apikey = commands.add_parser("apikey", help="create, list and revoke API keys")
    actions = apikey.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="create a key (printed once, last line)")
    create.add_argument("--tenant", required=True)
    create.add_argument("--scope", action="append", choices=["read", "write", "admin"])
    create.add_argument(
        "--name", "--label", dest="name", help="who or what uses it (shown in the audit log)"
    )
    create.add_argument(
        "--expires-in-days", type=_positive_days, help="the key stops working after this"
    )
    create.set_defaults(handler=cmd_apikey_create)
    listing = actions.add_parser("list", help="list a tenant's keys")
    listing.add_argument("--tenant", required=True)
    listing.set_defaults(handler=cmd_apikey_list)
    revoke = actions.add_parser("revoke", help="revoke a key by its prefix")
    revoke.add_argument("prefix")
    revoke.set_defaults(handler=cmd_apikey_revoke)


def _positive_days(text: str) -> int:
    days = int(text)
    if days < 1:
        raise argparse.ArgumentTypeError("give a whole number of days, 1 or more")
    return days


def _add_user(commands: Any) -> None:
    user = commands.add_parser("user", help="people who sign in to the dashboard")
    actions = user.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="add a person (password prompted)")
    create.add_argument("--tenant", required=True)
    create.add_argument("--name", required=True, help="the sign-in name, e.g. 王经理 (unique)")
    create.add_argument("--role", required=True, choices=list(people.ROLE_SCOPES))
    create.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin's first line"
    )
    create.set_defaults(handler=cmd_user_create)
    listing = actions.add_parser("list", help="a tenant's people")
    listing.add_argument("--tenant", required=True)
    listing.set_defaults(handler=cmd_user_list)
    password = actions.add_parser("password", help="set a new password (sessions end now)")
    password.add_argument("name")
    password.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin's first line"
    )
    password.set_defaults(handler=cmd_user_password)
    disable = actions.add_parser("disable", help="stop a person signing in (sessions end now)")
    disable.add_argument("name")
    disable.set_defaults(handler=cmd_user_disable)


def _add_jobs(commands: Any) -> None:
    jobs = commands.add_parser("jobs", help="list scheduled jobs or run one now")
    actions = jobs.add_subparsers(dest="action", required=True)
    actions.add_parser("list", help="each job, its schedule and last run").set_defaults(
        handler=cmd_jobs_list
    )
    run = actions.add_parser("run", help="run one job now, in this process")
    run.add_argument("name")
    run.set_defaults(handler=cmd_jobs_run)


def _add_data(commands: Any) -> None:
    importer = commands.add_parser("import", help="import posts from a file")
    importer.add_argument("file")
    importer.add_argument(
        "--format", required=True, choices=["mediacrawler", "weibo-crawler", "jsonl", "csv"]
    )
    importer.add_argument("--tenant", required=True)
    importer.add_argument("--platform")
    importer.set_defaults(handler=run_import)
    collect = commands.add_parser("collect", help="run one collection pass for a watch")
    collect.add_argument("--tenant", required=True)
    collect.add_argument("--watch", required=True)
    collect.set_defaults(handler=run_collect)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kolrisk", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands_of = (
        _add_serving,
        _add_apikey,
        _add_user,
        _add_jobs,
        _add_data,
        tenants_cli.add_commands,
        ops_cli.add_commands,
        privacy_cli.add_commands,
    )
    for add in commands_of:
        add(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from app.errors import AppError

    args = build_parser().parse_args(argv)
    settings = get_settings()
    configure_logging(settings)
    try:
        return int(args.handler(args, settings))
    except AppError as exc:
        print(f"kolrisk: {exc.message}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
