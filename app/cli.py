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
from typing import TYPE_CHECKING, Any

from apscheduler.schedulers.base import BaseScheduler
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from app.tasks.worker import BackgroundWorker

from app.auth import people
from app.auth import service as auth_service
from app.clock import utcnow
from app.collection.cli import run_collect
from app.config import Settings, get_settings
from app.db import Database, SchemaBehind, require_head, upgrade_to_head
from app.errors import Unprocessable
from app.imports.cli import run_import
from app.jobs import lease
from app.jobs.runner import job_states, run_recorded
from app.jobs.scheduler import LeasedScheduler, job_table
from app.logs import configure_logging
from app.metrics.queue import task_queue_stats
from app.models.post import PLATFORMS
from app.ops import cli as ops_cli
from app.privacy import cli as privacy_cli
from app.tasks.runtime import Runtime, live_workers, uses_workers
from app.tasks.schedule import QUEUES as TASK_QUEUES
from app.tenants import cli as tenants_cli
from app.ui.demo_sink import DEMO_SINK_PATH
from sentiment import Scorer, get_scorer

log = logging.getLogger("kolrisk")

# `serve --demo` keeps its own database unless KOLRISK_DATABASE_URL says otherwise; `--demo` on
# the other commands points them at the same one.
DEMO_DATABASE_URL = "sqlite:///var/demo.db"
# Longer than the idle timeout of common proxies and load balancers (60 s), so the proxy, not
# the server, closes an idle connection first.
KEEP_ALIVE_SECONDS = 75

EXIT_CODES = """exit codes:
  0    done
  1    could not run: unknown tenant, watch or file, unreadable file, refused input
  2    wrong command line (usage)
  3    ran, but nothing came of it: every row of an import was rejected, or every
       listing of a collection pass failed
  130  interrupted (Ctrl-C); finished work is kept and a re-run resumes"""
DATABASES = """databases: every command uses KOLRISK_DATABASE_URL, or else ./var/kolrisk.db;
`serve --demo` uses ./var/demo.db (unless KOLRISK_DATABASE_URL is set), and --demo on
the other commands points them at the demo's database, e.g.
  kolrisk apikey create --demo --tenant demo --scope admin"""


def shown_url(database: Database) -> str:
    return database.engine.url.render_as_string(hide_password=True)


def _database(settings: Settings, migrate: bool = True) -> Database:
    database = Database.from_settings(settings)
    if migrate:
        upgrade_to_head(database)
    else:
        require_head(database)
    return database


def _add_no_migrate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-migrate",
        action="store_true",
        help="do not migrate first; refuse to start unless the schema is at head "
        "(for deployments that run `kolrisk migrate` as their own step)",
    )


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    database = _database(settings)
    print(f"database at head: {shown_url(database)}")
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
        f"tenant {args.tenant}: key {key.prefix} with scopes {scopes}{until}, in the database "
        f"{shown_url(database)} (shown once; store it now)"
    )
    print(plaintext)
    return 0


def _when(moment: datetime | None, never: str) -> str:
    return f"{moment:%Y-%m-%d %H:%M}" if moment is not None else never


def cmd_apikey_list(args: argparse.Namespace, settings: Settings) -> int:
    database = _database(settings)
    now = utcnow()
    with database.session_scope(write=False) as session:
        tenant = auth_service.find_tenant(session, args.tenant)
        keys = auth_service.list_keys(session, tenant)
    print("prefix\tname\tscopes\tcreated\texpires\tlast used\tstate  (times UTC)")
    for key in keys:
        if key.revoked_at is not None:
            state = f"revoked {key.revoked_at:%Y-%m-%d %H:%M}"
        else:
            state = "expired" if auth_service.is_expired(key.expires_at, now) else "active"
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


def listen_url(host: str, port: int) -> str:
    """Where a browser on this machine reaches `serve` (a wildcard bind reads as loopback)."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    return f"http://[{shown}]:{port}" if ":" in shown else f"http://{shown}:{port}"


def serve_settings(settings: Settings, base_url: str, demo: bool) -> Settings:
    """Links in reports and alerts point where `serve` listens unless KOLRISK_PUBLIC_BASE_URL
    says otherwise. The demo also uses its own database, and its webhook delivers to this
    process's loopback sink (/ui/demo-sink), which the SSRF guard refuses unless allowed."""
    update: dict[str, str] = {}
    if "public_base_url" not in settings.model_fields_set:
        update["public_base_url"] = base_url
    if demo and "database_url" not in settings.model_fields_set:
        update["database_url"] = DEMO_DATABASE_URL
    if demo and "webhook_allow_hosts" not in settings.model_fields_set:
        update["webhook_allow_hosts"] = "127.0.0.1,::1,localhost"
    return settings.model_copy(update=update)


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn
    from apscheduler.schedulers.background import BackgroundScheduler

    from app.main import create_app

    base = listen_url(args.host, args.port)
    settings = serve_settings(settings, base, args.demo)
    database = _database(settings, migrate=not args.no_migrate)
    app = create_app(settings, database)
    if args.demo:
        from app.demo.seed import prepare_demo_alerts, seed_demo

        key = seed_demo(database, app.state.scorer, utcnow())
        sink = f"http://127.0.0.1:{args.port}{DEMO_SINK_PATH}"  # the sink is this process
        prepare_demo_alerts(database, app.state.scorer, settings, sink, utcnow())
        app.state.demo_sink = True
        print(f"demo ready: dashboard {base}/ui/  (sign in with the key below)")
        print(f"API docs: {base}/docs  (Authorize with the same key)")
        print(f"database: {shown_url(database)}; nothing is collected from real platforms")
        print(
            "another key for the demo, from a second shell in this folder: "
            "kolrisk apikey create --demo --tenant demo --scope admin"
        )
        print(key, flush=True)
    else:
        print(f"serving {base}/  (dashboard {base}/ui/, API docs {base}/docs)")
        print(f"database: {shown_url(database)}")
        print(f"links in reports and alerts point to {settings.public_base_url}", flush=True)
    leased: LeasedScheduler | BackgroundWorker | None = None  # the worker: on PostgreSQL
    if args.no_scheduler:
        pass
    elif uses_workers(settings):
        # Tasks go to PostgreSQL's queue; this process takes its share like any worker.
        from app.tasks.worker import BackgroundWorker

        runtime = Runtime(database, settings, app.state.scorer, utcnow)
        leased = BackgroundWorker(runtime, settings.worker_concurrency)
        leased.start()
    else:
        leased = _leased_scheduler(
            BackgroundScheduler(timezone="UTC"), database, settings, app.state.scorer
        )
        leased.start()
    # uvicorn shuts down on SIGTERM, then raises the signal again to the handler it found:
    # this one ends the process through the `finally` below (the in-process worker gives its
    # tasks back, the last call counts are written) instead of killing it on the spot.
    signal.signal(signal.SIGTERM, _exit_cleanly)
    try:
        # Our handler and format (app.logs), and our access line (with route and request id)
        # in place of uvicorn's. asyncio's own loop even where uvloop is installed: with the
        # thread pool our database routes run in, uvloop cost 30 % more CPU per request and about
        # a quarter less throughput under mixed load (docs/benchmarks.md, "Mixed load").
        # Idle keep-alive connections are closed after KEEP_ALIVE_SECONDS, not uvicorn's 5: a
        # client (or proxy) sending its next request just as the server closes the
        # connection gets a reset and no answer, which happened under load with 5.
        uvicorn.run(
            app,
            host=args.host,
            port=args.port,
            log_config=None,
            access_log=False,
            loop="asyncio",
            timeout_keep_alive=KEEP_ALIVE_SECONDS,
        )
    finally:
        if leased is not None:
            leased.stop()
        try:
            app.state.usage.flush(database, utcnow())  # the calls counted since the last write
        except Exception:
            log.exception("could not write the last API call counts")
        _dispose(app.state.replica, database)
    return 0


def _exit_cleanly(_signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(0)


def _dispose(*databases: Database) -> None:
    for database in {id(d): d for d in databases}.values():
        database.dispose()


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    from app.tasks.worker import run_worker

    if not uses_workers(settings):
        print(
            "kolrisk: workers take tasks from PostgreSQL's queue; with this database "
            f"(KOLRISK_TASK_QUEUE={settings.task_queue}) background jobs run inline in "
            "`kolrisk serve` or `kolrisk scheduler`",
            file=sys.stderr,
        )
        return 1
    database = _database(settings, migrate=not args.no_migrate)
    concurrency = args.concurrency or settings.worker_concurrency
    queues = [name.strip() for name in (args.queues or "").split(",") if name.strip()]
    runtime = Runtime(database, settings, get_scorer(), utcnow)
    shown = ",".join(queues) or "all queues"
    print(
        f"worker running {concurrency} task(s) at once from {shown} on {shown_url(database)}; "
        "SIGTERM or Ctrl-C stops it",
        flush=True,
    )
    try:
        return run_worker(runtime, concurrency, queues or None)
    except ValueError as exc:
        print(f"kolrisk: {exc}", file=sys.stderr)
        return 2
    finally:
        database.dispose()


def cmd_scheduler(args: argparse.Namespace, settings: Settings) -> int:
    from apscheduler.schedulers.blocking import BlockingScheduler

    if uses_workers(settings):
        # Periodic jobs are procrastinate's periodic tasks, deferred by every worker (once per
        # period across them all), so a separate scheduler would add nothing: it is a worker.
        args.concurrency, args.queues = None, None
        return cmd_worker(args, settings)
    database = _database(settings, migrate=not args.no_migrate)
    scheduler = BlockingScheduler(timezone="UTC")
    leased = _leased_scheduler(scheduler, database, settings, get_scorer())

    def stop(_signum: int, _frame: FrameType | None) -> None:
        # Let running jobs finish; start() below then returns and the lease is handed over.
        # A signal before the scheduler runs (its start is still under way) unwinds the start
        # like Ctrl-C instead: shutting down a scheduler not running yet raises.
        if not scheduler.running:
            raise KeyboardInterrupt
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
        if uses_workers(settings):
            _print_task_queue(session)
            return 0
        holder = lease.current(session)
    print(
        f"lease: {holder.holder} until {holder.expires_at:%H:%M:%S}Z"
        if holder and holder.holder
        else "lease: nobody"
    )
    return 0


def _print_task_queue(session: Session) -> None:
    """On workers the periodic jobs above are tasks; what waits in the queue, and who runs it."""
    waiting = task_queue_stats(session, utcnow())
    shown = ", ".join(f"{s.task} {s.depth} (oldest {s.oldest_age_seconds:.0f}s)" for s in waiting)
    print(f"task queue: {shown or 'nothing waiting'}")
    print(f"workers alive: {live_workers(session)}")


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


class Formatter(argparse.HelpFormatter):
    """Help that names each option's default, where it has one worth naming."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        default = action.default
        if default in (None, False, argparse.SUPPRESS) or "default" in text or action.required:
            return text
        return f"{text} (default: {default})"


DEMO_HELP = "use the demo's database (the one `kolrisk serve --demo` serves)"


def _command(commands: Any, name: str, summary: str, description: str = "") -> Any:
    """A subcommand whose --help shows what it does and every option's default."""
    return commands.add_parser(
        name, help=summary, description=description or summary, formatter_class=Formatter
    )


def _add_demo(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--demo", action="store_true", help=DEMO_HELP)


def _add_serving(commands: Any) -> None:
    serve = _command(
        commands,
        "serve",
        "migrate, then serve the API and the dashboard (and the scheduler)",
        "Migrate the database, then serve the API (/v1, docs at /docs) and the dashboard "
        "(/ui). Background jobs run in the same process unless --no-scheduler.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on")
    serve.add_argument(
        "--no-scheduler",
        action="store_true",
        help="run no background jobs here (workers or a scheduler run them elsewhere)",
    )
    serve.add_argument(
        "--demo",
        action="store_true",
        help="seed and serve a fictional demo tenant from ./var/demo.db, collecting nothing",
    )
    _add_no_migrate(serve)
    serve.set_defaults(handler=cmd_serve)
    scheduler = _command(
        commands,
        "scheduler",
        "run the background jobs alone (when the API runs elsewhere)",
        "Run the background jobs alone. On SQLite (KOLRISK_TASK_QUEUE=inline) one scheduler "
        "at a time runs them, under a lease; on PostgreSQL's task queue this is a worker "
        "(`kolrisk worker`).",
    )
    _add_demo(scheduler)
    _add_no_migrate(scheduler)
    scheduler.set_defaults(handler=cmd_scheduler)
    worker = _command(
        commands,
        "worker",
        "take background tasks from PostgreSQL's queue (start as many as needed)",
        "Run background tasks from the task queue in PostgreSQL: scoring, collection, "
        "rollups, assessments, alert delivery and the periodic jobs. Any number of workers "
        "on any number of machines share the work. SIGTERM finishes or gives back running "
        "tasks within KOLRISK_WORKER_SHUTDOWN_SECONDS.",
    )
    worker.add_argument(
        "--concurrency",
        type=_positive_int,
        help="tasks run at once (default: KOLRISK_WORKER_CONCURRENCY)",
    )
    worker.add_argument(
        "--queues",
        help=f"comma-separated queues to take tasks from ({', '.join(TASK_QUEUES)}; default: all)",
    )
    _add_no_migrate(worker)
    worker.set_defaults(handler=cmd_worker)
    migrate = _command(commands, "migrate", "upgrade the database schema to the latest version")
    _add_demo(migrate)
    migrate.set_defaults(handler=cmd_migrate)


def _add_apikey(commands: Any) -> None:
    apikey = _command(commands, "apikey", "create, list and revoke API keys")
    actions = apikey.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = _command(
        actions,
        "create",
        "create a key (printed once, as the last line)",
        "Create an API key for a tenant (the tenant too, if it is new). The key is printed "
        "once, as the last line of output; only a hash of it is stored.",
    )
    create.add_argument("--tenant", required=True, help="the tenant's name (created if new)")
    create.add_argument(
        "--scope",
        action="append",
        choices=["read", "write", "admin"],
        help="repeat for several; write implies read, admin implies all (default: write)",
    )
    create.add_argument(
        "--name", "--label", dest="name", help="who or what uses it (shown in the audit log)"
    )
    create.add_argument(
        "--expires-in-days", type=_positive_days, help="the key stops working after this"
    )
    _add_demo(create)
    create.set_defaults(handler=cmd_apikey_create)
    listing = _command(actions, "list", "list a tenant's keys (prefix, scopes, state)")
    listing.add_argument("--tenant", required=True, help="the tenant's name")
    _add_demo(listing)
    listing.set_defaults(handler=cmd_apikey_list)
    revoke = _command(actions, "revoke", "revoke a key by its prefix (kr_…)")
    revoke.add_argument("prefix", help="the key's prefix, as `apikey list` shows it")
    _add_demo(revoke)
    revoke.set_defaults(handler=cmd_apikey_revoke)


def _positive_int(text: str) -> int:
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError("give a whole number, 1 or more")
    return number


def _positive_days(text: str) -> int:
    days = int(text)
    if days < 1:
        raise argparse.ArgumentTypeError("give a whole number of days, 1 or more")
    return days


def _add_user(commands: Any) -> None:
    user = _command(commands, "user", "people who sign in to the dashboard")
    actions = user.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = _command(actions, "create", "add a person (password prompted)")
    create.add_argument("--tenant", required=True, help="the tenant's name")
    create.add_argument("--name", required=True, help="the sign-in name, e.g. 王经理 (unique)")
    create.add_argument("--role", required=True, choices=list(people.ROLE_SCOPES))
    create.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin's first line"
    )
    _add_demo(create)
    create.set_defaults(handler=cmd_user_create)
    listing = _command(actions, "list", "a tenant's people")
    listing.add_argument("--tenant", required=True, help="the tenant's name")
    _add_demo(listing)
    listing.set_defaults(handler=cmd_user_list)
    password = _command(actions, "password", "set a new password (sessions end now)")
    password.add_argument("name", help="the person's sign-in name")
    password.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin's first line"
    )
    _add_demo(password)
    password.set_defaults(handler=cmd_user_password)
    disable = _command(actions, "disable", "stop a person signing in (sessions end now)")
    disable.add_argument("name", help="the person's sign-in name")
    _add_demo(disable)
    disable.set_defaults(handler=cmd_user_disable)


def _add_jobs(commands: Any) -> None:
    jobs = _command(commands, "jobs", "list the scheduled jobs or run one now")
    actions = jobs.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = _command(actions, "list", "each job, its schedule, its last run and the lease")
    _add_demo(listing)
    listing.set_defaults(handler=cmd_jobs_list)
    run = _command(actions, "run", "run one job now, in this process")
    run.add_argument("name", help="the job's name, as `jobs list` shows it")
    _add_demo(run)
    run.set_defaults(handler=cmd_jobs_run)


def _add_data(commands: Any) -> None:
    importer = _command(
        commands,
        "import",
        "import posts from another tool's export file",
        "Import posts from a file into an existing tenant. Progress goes to stderr with every "
        "rejected row and its line number; the last line of stdout is "
        "`inserted=N duplicates=N rejected=N`. Safe to interrupt and run again.",
    )
    importer.add_argument("file", help="the export file (JSON, JSONL or CSV)")
    importer.add_argument(
        "--format",
        required=True,
        choices=["mediacrawler", "weibo-crawler", "jsonl", "csv"],
        help="jsonl and csv are our own item shape (see the README)",
    )
    importer.add_argument("--tenant", required=True, help="an existing tenant's name")
    importer.add_argument(
        "--platform",
        help=f"the platform of rows that do not say ({', '.join(PLATFORMS)}; MediaCrawler's "
        "names such as xhs too); MediaCrawler files say it in their path",
    )
    _add_demo(importer)
    importer.set_defaults(handler=run_import)
    collect = _command(
        commands,
        "collect",
        "run one collection pass for a watch now",
        "Collect posts for one watch now, with progress per platform and listing on stderr "
        "and a summary per platform on stdout.",
    )
    collect.add_argument("--tenant", required=True, help="the tenant's name")
    collect.add_argument("--watch", required=True, help="the watch's id (wch_…)")
    _add_demo(collect)
    collect.set_defaults(handler=run_collect)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kolrisk",
        description=__doc__,
        epilog=f"{DATABASES}\n\n{EXIT_CODES}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
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
    if getattr(args, "demo", False) and "database_url" not in settings.model_fields_set:
        settings = settings.model_copy(update={"database_url": DEMO_DATABASE_URL})
    configure_logging(settings)
    try:
        return int(args.handler(args, settings))
    except AppError as exc:
        print(f"kolrisk: {exc.message}", file=sys.stderr)
        return 1
    except SchemaBehind as exc:
        print(f"kolrisk: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
