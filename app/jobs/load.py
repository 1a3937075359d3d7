"""Mixed load on loopback: 80 % current risk reads, 20 % ten-post writes.

    python -m app.jobs.load --sqlite
    python -m app.jobs.load --postgres URL [--worker-cmd "kolrisk worker" --worker-cmd ...]

Seeds a tenant (20 watches, 2,000 posts, collection off), starts the service and waits until
the posts are scored, then drives it with a small asyncio HTTP/1.1 client (HttpConnection):

(a) steady: 50 clients each sending about one request a second: p50/p95 of the risk reads;
(b) ramp: back-to-back clients, more each step, until the reads' p95 passes 1 s: requests/s
    of the best step under it.

With --costs it starts no server: it seeds the same data and prints, for one current risk read
(fresh, and just after a 10-post write naming its KOL, at 100 posts of the KOL and at 1,100) and
for that write, the SQL statements and the CPU milliseconds spent in this process.

Then it checks that every post a 200 answer acknowledged is stored, and counts 5xx answers.
Each phase also reports the CPU the API and job processes used per request (from /proc):
on a shared machine, the figure that says what the service needs of a core to itself.
On SQLite one `kolrisk serve` runs everything; with --postgres two `kolrisk serve
--no-scheduler` and the background job command(s) (`--worker-cmd`, default `kolrisk
scheduler`; repeat the flag for several). --postgres DROPS every table of that database (its
name must contain "bench"). Rate limits are off (KOLRISK_RATE_LIMIT_PER_MINUTE=0). Bounded:
each phase runs for a fixed time and the whole run stops after --max-seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from sqlalchemy import event, func, select

from app.auth.service import create_key, get_or_create_tenant
from app.db import Database, upgrade_to_head
from app.ids import new_id
from app.jobs.bench import reset_postgres
from app.models import Brand, Kol, Post, ScoreQueue, Watch
from app.posts.ingest import IngestLimits, InlineScoring, ingest

WATCHES = 20
SEED_POSTS = 2000
READ_SHARE = 0.8
POSTS_PER_WRITE = 10
SLOW_P95 = 1.0


def kol_name(k: int) -> str:
    return f"博主{k:02d}号"


def item(platform_id: str, k: int, now: datetime, rng: random.Random) -> dict[str, Any]:
    mood = rng.choice(("真差，抵制", "不错", "又翻车了", "挺好的", "恰饭吃相难看"))
    return {
        "platform": rng.choice(("weibo", "douyin", "bilibili")),
        "platform_id": platform_id,
        "created_at": (now - timedelta(minutes=rng.randrange(60 * 24 * 30))).isoformat(),
        "text": f"{kol_name(k)}{mood} {platform_id}",
        "author": {"uid": f"u{rng.randrange(5000)}", "name": "网友"},
        "metrics": {"likes": rng.randrange(100)},
    }


def seed(database: Database) -> tuple[str, str, list[str]]:
    """The tenant (no collection), its watches and 2,000 posts; returns (tenant, key, watches)."""
    now = datetime.now(UTC)
    rng = random.Random(1)
    with database.session_scope() as session:
        tenant = get_or_create_tenant(session, "load")
        tenant.collection_enabled = False
        _, key = create_key(session, tenant, ["admin"], now)
        brands = [Brand(id=new_id("brd"), tenant_id=tenant.id, name=f"品牌{b}") for b in range(2)]
        kols = [
            Kol(id=new_id("kol"), tenant_id=tenant.id, name=kol_name(k)) for k in range(WATCHES)
        ]
        session.add_all([*brands, *kols])
        session.flush()
        watches = [
            Watch(id=new_id("wch"), tenant_id=tenant.id, brand_id=brands[k % 2].id,
                  kol_id=kol.id, stage="negotiating")
            for k, kol in enumerate(kols)
        ]  # fmt: skip
        session.add_all(watches)
        tenant_id, watch_ids = tenant.id, [w.id for w in watches]
    items = [item(f"seed-{i}", i % WATCHES, now, rng) for i in range(SEED_POSTS)]
    with database.session_scope() as session:
        ingest(session, tenant_id, items, now, IngestLimits(10_000))
    return tenant_id, key, watch_ids


CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU the processes have used so far (Linux /proc; 0 elsewhere). Per
    request, it is the figure that contention on a shared machine does not inflate much:
    what the service would need of a core to itself."""
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime
    return total


def postgres_pids() -> list[int]:
    """The PostgreSQL server's processes on this machine (its backends come and go, so they
    are listed again at each reading). On a shared machine they serve others too."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def machine_ticks() -> tuple[int, int]:
    """(busy, total) clock ticks of all cores so far (Linux /proc/stat; zeros elsewhere): what
    the per-process figures miss (short-lived database processes such as autovacuum, the
    kernel's network work, anything else running)."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0, 0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return sum(fields[:8]) - idle, sum(fields[:8])


@dataclass
class Meter:
    """The CPU of the API processes, the job processes, the database server (a local
    PostgreSQL) and this driver, read around each phase."""

    api: list[int] = field(default_factory=list)
    jobs: list[int] = field(default_factory=list)
    postgres: bool = False

    def read(self) -> tuple[float, float, dict[int, float], float]:
        server = {pid: cpu_seconds([pid]) for pid in postgres_pids()} if self.postgres else {}
        return cpu_seconds(self.api), cpu_seconds(self.jobs), server, time.process_time()

    def spent(
        self,
        before: tuple[float, float, dict[int, float], float],
        after: tuple[float, float, dict[int, float], float],
    ) -> tuple[float, ...]:
        """CPU seconds between two readings. The database's per process: a backend that
        ended in between took its CPU with it, one that started counts from zero."""
        server = sum(cpu - before[2].get(pid, 0.0) for pid, cpu in after[2].items())
        return after[0] - before[0], after[1] - before[1], server, after[3] - before[3]


@dataclass
class Sample:
    kind: str  # "read" | "write"
    seconds: float
    status: int


@dataclass
class Phase:
    name: str
    clients: int
    seconds: float
    samples: list[Sample] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)
    # CPU seconds in the phase: API processes, job processes, database server, this driver.
    cpu: tuple[float, ...] = (0.0, 0.0, 0.0, 0.0)
    busy: float | None = None  # share of the machine's cores busy during the phase

    def reads(self) -> list[float]:
        return sorted(s.seconds for s in self.samples if s.kind == "read" and s.status == 200)

    def summary(self) -> str:
        reads = self.reads()
        writes = sorted(s.seconds for s in self.samples if s.kind == "write" and s.status == 200)
        failed = sum(1 for s in self.samples if s.status >= 500 or s.status == 0)
        other = sum(1 for s in self.samples if 200 < s.status < 500 or s.status < 200 and s.status)
        return (
            f"{self.name}: {self.clients} clients, {len(self.samples)} requests in "
            f"{self.seconds:.0f} s = {self.rate():.1f} req/s; reads p50 {ms(pct(reads, 50))} "
            f"p95 {ms(pct(reads, 95))} (n={len(reads)}); writes p50 {ms(pct(writes, 50))} "
            f"p95 {ms(pct(writes, 95))} (n={len(writes)}); 5xx/errors {failed}; other {other}; "
            f"CPU per request: API {self.cpu_per_request(0)}, jobs {self.cpu_per_request(1)}, "
            f"database {self.cpu_per_request(2)}, driver {self.cpu_per_request(3)}; "
            f"machine busy {'-' if self.busy is None else f'{self.busy:.0%}'}"
        )

    def cpu_per_request(self, which: int) -> str:
        if not self.samples:
            return "-"
        return f"{self.cpu[which] * 1000 / len(self.samples):.1f} ms"

    def rate(self) -> float:
        return len(self.samples) / self.seconds if self.seconds else 0.0


def pct(values: list[float], p: int) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def ms(value: float | None) -> str:
    return "-" if value is None else f"{value * 1000:.0f} ms"


class HttpConnection:
    """One keep-alive HTTP/1.1 connection to the service, and only what the load needs of one.
    The driver shares the machine's two cores with the service: httpx spent 2-4 ms of CPU a
    request here (more with more clients), a fifth to a third of the machine; this spends a
    tenth of that, and the figures measure the service rather than its client."""

    def __init__(self, base: str, headers: dict[str, str]) -> None:
        url = urlsplit(base)
        self.host, self.port = url.hostname or "127.0.0.1", url.port or 80
        fixed = {"Host": f"{self.host}:{self.port}", **headers}
        self.head = "".join(f"{name}: {value}\r\n" for name, value in fixed.items())
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
        """(status, body); a connection the server closed while idle is opened again once."""
        reused = self.streams is not None
        try:
            return await asyncio.wait_for(self._exchange(method, path, body), REQUEST_TIMEOUT)
        except (ConnectionError, asyncio.IncompleteReadError):
            self.close()
            if not reused:
                raise
        return await asyncio.wait_for(self._exchange(method, path, body), REQUEST_TIMEOUT)

    async def _exchange(self, method: str, path: str, body: bytes | None) -> tuple[int, bytes]:
        if self.streams is None:
            self.streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self.streams
        head = f"{method} {path} HTTP/1.1\r\n{self.head}"
        if body is not None:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        writer.write(head.encode() + b"\r\n" + (body or b""))
        await writer.drain()
        status_line = await reader.readline()
        if not status_line:
            raise ConnectionError("closed by the server")
        length, closing = 0, False
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "connection":
                closing = value.strip().lower() == "close"
        data = await reader.readexactly(length)
        if closing:
            self.close()
        return int(status_line.split()[1]), data

    def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


REQUEST_TIMEOUT = 30.0
# What a failed exchange raises: counted by kind, as a request with no answer (status 0).
NO_ANSWER = (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError, IndexError)


class Driver:
    def __init__(
        self, bases: list[str], key: str, watch_ids: list[str], meter: Meter | None = None
    ) -> None:
        self.bases, self.watch_ids = bases, watch_ids
        self.meter = meter or Meter()
        self.headers = {"Authorization": f"Bearer {key}"}
        self.sent = 0
        self.errors: dict[str, int] = {}  # client-side failures (no answer), by kind

    async def one(
        self, connections: dict[str, HttpConnection], phase: Phase, rng: random.Random
    ) -> None:
        connection = connections[rng.choice(self.bases)]
        started = time.perf_counter()
        status = 0
        kind = "read" if rng.random() < READ_SHARE else "write"
        try:
            if kind == "read":
                watch_id = rng.choice(self.watch_ids)
                status, _ = await connection.request("GET", f"/v1/watches/{watch_id}/risk")
            else:
                self.sent += 1
                now = datetime.now(UTC)
                ids = [
                    f"load-{self.sent}-{j}-{rng.randrange(10**9)}" for j in range(POSTS_PER_WRITE)
                ]
                k = rng.randrange(WATCHES)  # a batch about one KOL, as a collection pass sends
                body = json.dumps([item(i, k, now, rng) for i in ids]).encode()
                status, answer = await connection.request("POST", "/v1/posts", body)
                if status == 200 and json.loads(answer).get("inserted") == len(ids):
                    phase.acknowledged.extend(ids)
        except NO_ANSWER as exc:
            self.errors[type(exc).__name__] = self.errors.get(type(exc).__name__, 0) + 1
        phase.samples.append(Sample(kind, time.perf_counter() - started, status))

    async def run(self, phase: Phase, pace: float | None) -> Phase:
        """`pace`: seconds between one client's requests (None: back to back). Each client
        keeps one connection per API process, as a pooled HTTP client would."""
        deadline = time.perf_counter() + phase.seconds
        before, ticks = self.meter.read(), machine_ticks()

        async def loop(n: int) -> None:
            rng = random.Random(n * 7919 + len(phase.name))
            connections = {base: HttpConnection(base, self.headers) for base in self.bases}
            if pace:
                await asyncio.sleep(rng.random() * pace)  # spread the first requests
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                await self.one(connections, phase, rng)
                if pace:
                    await asyncio.sleep(max(0.0, pace - (time.perf_counter() - started)))
            for connection in connections.values():
                connection.close()

        await asyncio.gather(*(loop(n) for n in range(phase.clients)))
        after = self.meter.read()
        phase.cpu = self.meter.spent(before, after)
        busy, total = (b - a for a, b in zip(ticks, machine_ticks(), strict=True))
        phase.busy = busy / total if total else None
        return phase


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    handle = log.open("wb")
    return subprocess.Popen(command, env=env, stdout=handle, stderr=subprocess.STDOUT)


def wait_ready(base: str, limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{base} did not come up")


def wait_scored(database: Database, limit: float = 300) -> float:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        with database.session_scope(write=False) as session:
            if not session.scalar(select(func.count()).select_from(ScoreQueue)):
                return time.monotonic() - started
        time.sleep(1)
    return time.monotonic() - started


def stored_check(database: Database, tenant_id: str, acknowledged: list[str]) -> str:
    found: set[str] = set()
    with database.session_scope(write=False) as session:
        for start_at in range(0, len(acknowledged), 500):
            chunk = acknowledged[start_at : start_at + 500]
            found.update(
                session.scalars(
                    select(Post.platform_id).where(
                        Post.tenant_id == tenant_id, Post.platform_id.in_(chunk)
                    )
                )
            )
    missing = len(set(acknowledged) - found)
    return f"acknowledged posts: {len(acknowledged)}, stored: {len(found)}, missing: {missing}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m app.jobs.load", description=__doc__)
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--sqlite", action="store_true")
    target.add_argument("--postgres", metavar="URL")
    parser.add_argument("--port", type=int, default=18200, help="first port (the API's)")
    parser.add_argument("--api-processes", type=int, default=None, help="1 on SQLite, 2 else")
    parser.add_argument("--worker-cmd", action="append", default=None,
                        help="job process command (repeatable); default: kolrisk scheduler")  # fmt: skip
    parser.add_argument("--steady-seconds", type=float, default=30)
    parser.add_argument("--step-seconds", type=float, default=15)
    parser.add_argument("--steps", default="10,20,40,80", help="clients per ramp step")
    parser.add_argument("--max-seconds", type=float, default=600)
    parser.add_argument(
        "--costs",
        action="store_true",
        help="no servers: in this process, the SQL statements and CPU of one current risk read "
        "(fresh, and after a 10-post write naming its KOL) and of the write itself",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        run(args, Path(folder))


def run(args: argparse.Namespace, folder: Path) -> None:
    if args.postgres:
        database = reset_postgres(args.postgres)
        url = args.postgres
    else:
        url = f"sqlite:///{folder}/load.db"
        database = Database(url)
    upgrade_to_head(database)
    tenant_id, key, watch_ids = seed(database)
    if args.costs:
        try:
            costs(database, tenant_id, watch_ids)
            asyncio.run(app_costs(database, key, watch_ids))
        finally:
            database.dispose()
        return
    bin_dir = Path(sys.executable).parent
    kolrisk = str(bin_dir / "kolrisk")
    env = {**os.environ, "KOLRISK_DATABASE_URL": url, "KOLRISK_RATE_LIMIT_PER_MINUTE": "0"}
    apis = args.api_processes or (1 if args.sqlite else 2)
    processes: list[subprocess.Popen[bytes]] = []
    bases = [f"http://127.0.0.1:{args.port + n}" for n in range(apis)]
    try:
        for n in range(len(bases)):
            command = [kolrisk, "serve", "--port", str(args.port + n)]
            if args.postgres:
                command.append("--no-scheduler")
            processes.append(start(command, env, folder / f"api{n}.log"))
        for base in bases:
            wait_ready(base)
        if args.postgres:
            for n, line in enumerate(args.worker_cmd or ["kolrisk scheduler"]):
                words = shlex.split(line)
                if words[0] == "kolrisk":
                    words[0] = kolrisk
                processes.append(start(words, env, folder / f"worker{n}.log"))
        print(f"database: {'postgresql' if args.postgres else 'sqlite'}; API processes: "
              f"{len(bases)}; job processes: {len(processes) - len(bases)}", flush=True)  # fmt: skip
        print(f"seed scored in {wait_scored(database):.0f} s", flush=True)
        pids = [process.pid for process in processes]
        meter = Meter(api=pids[: len(bases)], jobs=pids[len(bases) :], postgres=bool(args.postgres))
        drive(args, database, tenant_id, Driver(bases, key, watch_ids, meter))
    finally:
        for process in processes:
            process.terminate()
        show_errors(folder)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        database.dispose()


COST_ROUNDS = 20
GROWN_POSTS = 1000


def costs(database: Database, tenant_id: str, watch_ids: list[str]) -> None:
    """Medians over COST_ROUNDS of what one request does in the service (no HTTP): SQL
    statements sent (BEGIN included, where SQLAlchemy sends it) and CPU of this thread."""
    from app.jobs.maintenance import update_rollups
    from app.jobs.scoring import score_new_posts
    from app.posts.router import INLINE_WRITE_SCORING
    from app.risk.moment import ReadTime
    from app.risk.reads import read_risk
    from sentiment import get_scorer

    scorer = get_scorer()
    scoring = InlineScoring(scorer, INLINE_WRITE_SCORING)

    def clock() -> datetime:
        return datetime.now(UTC)

    while score_new_posts(database, scorer, clock, 500, 20):
        pass
    update_rollups(database, clock)  # as the load's job processes keep them
    for watch_id in watch_ids:  # every watch has a stored reading
        read_risk(database, tenant_id, watch_id, scorer, time=ReadTime(clock(), None, 200))
    sent = [0]

    def count(*_: Any) -> None:
        sent[0] += 1

    event.listen(database.engine, "before_cursor_execute", count)
    rng = random.Random(2)
    measured: dict[str, list[tuple[float, int]]] = {"fresh read": [], "write": [], "stale read": []}

    def read(k: int) -> None:
        read_risk(database, tenant_id, watch_ids[k], scorer, time=ReadTime(clock(), None, 200))

    def write(k: int) -> None:
        items = [item(f"cost-{rng.randrange(10**9)}", k, clock(), rng) for _ in range(10)]
        with database.session_scope() as session:  # as POST /v1/posts stores them
            ingest(session, tenant_id, items, clock(), IngestLimits(10_000), scoring=scoring)

    for n in range(COST_ROUNDS):
        for name, call in (("fresh read", read), ("write", write), ("stale read", read)):
            sent[0], started = 0, time.thread_time()
            call(n % WATCHES)
            measured[name].append(((time.thread_time() - started) * 1000, sent[0]))
    # The load's writes grow each KOL by hundreds of posts in a run: the same read once the
    # KOL is named by 1,000 posts more.
    grown = f"stale read, KOL with {SEED_POSTS // WATCHES + GROWN_POSTS:,} posts"
    measured[grown] = []
    for start_at in range(0, GROWN_POSTS, 200):
        with database.session_scope() as session:
            more = [item(f"grow-{start_at + i}", 0, clock(), rng) for i in range(200)]
            ingest(session, tenant_id, more, clock(), IngestLimits(10_000), scoring=scoring)
    read(0)
    for _ in range(COST_ROUNDS):
        write(0)
        sent[0], started = 0, time.thread_time()
        read(0)
        measured[grown].append(((time.thread_time() - started) * 1000, sent[0]))
    for name, values in measured.items():
        cpu = statistics.median(v[0] for v in values)
        statements = statistics.median(v[1] for v in values)
        print(
            f"{name}: {statements:.0f} SQL statements, {cpu:.1f} ms CPU (median of {len(values)})"
        )


async def asgi_request(
    app: Any, method: str, path: str, key: str, body: bytes = b""
) -> tuple[int, bytes]:
    """One request through the ASGI app in this process: everything a server runs but HTTP."""
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "scheme": "http",
        "method": method, "path": path, "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000),
        "headers": [
            (b"host", b"127.0.0.1"), (b"authorization", f"Bearer {key}".encode()),
            (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        ],
    }  # fmt: skip
    messages = [{"type": "http.request", "body": body, "more_body": False}]
    status, chunks = 0, []

    async def receive() -> dict[str, Any]:
        if messages:
            return messages.pop()
        await asyncio.Event().wait()  # the client never disconnects
        raise AssertionError

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        else:
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(chunks)


async def app_costs(database: Database, key: str, watch_ids: list[str]) -> None:
    """Medians over COST_ROUNDS of the CPU of this process (every thread) for the same three
    requests sent through the app (middleware, routing, dependencies, thread hand-offs, JSON),
    without HTTP: the difference to the rows above is what the framework costs."""
    from app.config import get_settings
    from app.main import create_app

    settings = get_settings().model_copy(update={"rate_limit_per_minute": 0})
    app = create_app(settings, database)
    rng = random.Random(3)
    measured: dict[str, list[float]] = {"fresh read": [], "write": [], "stale read": []}

    async def read(k: int) -> int:
        return (await asgi_request(app, "GET", f"/v1/watches/{watch_ids[k]}/risk", key))[0]

    async def write(k: int) -> int:
        now = datetime.now(UTC)
        items = [item(f"app-{rng.randrange(10**9)}", k, now, rng) for _ in range(10)]
        body = json.dumps(items).encode()
        return (await asgi_request(app, "POST", "/v1/posts", key, body))[0]

    for k in range(WATCHES):
        await read(k)  # warm: every route compiled, every statement cached
    for n in range(COST_ROUNDS):
        for name, call in (("fresh read", read), ("write", write), ("stale read", read)):
            started = time.process_time()
            status = await call(n % WATCHES)
            measured[name].append((time.process_time() - started) * 1000)
            if status != 200:
                raise RuntimeError(f"{name} answered {status}")
    for name, values in measured.items():
        print(f"{name} through the app (no HTTP): {statistics.median(values):.1f} ms CPU "
              f"(median of {len(values)})")  # fmt: skip


def show_errors(folder: Path) -> None:
    """The exceptions the processes logged, if any (the logs go with the run)."""
    for log in sorted(folder.glob("*.log")):
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
        raised: dict[str, int] = {}
        for n, line in enumerate(lines):
            if line.startswith("Traceback"):
                end = next((m for m in range(n + 1, len(lines)) if lines[m][:1] not in " \t"), n)
                ours = [
                    x.strip() for x in lines[n:end] if "/app/" in x and "site-packages" not in x
                ]
                message = f"{lines[end][:300]} (at {' < '.join(reversed(ours[-4:]))})"
                raised[message] = raised.get(message, 0) + 1
        for message, times in raised.items():
            print(f"--- {log.name}: {times} x {message}")


def drive(args: argparse.Namespace, database: Database, tenant_id: str, driver: Driver) -> None:
    began = time.monotonic()
    asyncio.run(driver.run(Phase("warm-up", 5, 5), None))
    steady = asyncio.run(driver.run(Phase("(a) steady", 50, args.steady_seconds), 1.0))
    print(steady.summary(), flush=True)
    acknowledged = list(steady.acknowledged)
    failures = sum(1 for s in steady.samples if s.status >= 500 or s.status == 0)
    best: Phase | None = None
    for clients in [int(c) for c in args.steps.split(",")]:
        if time.monotonic() - began > args.max_seconds:
            print("stopped: --max-seconds reached", flush=True)
            break
        step = asyncio.run(
            driver.run(Phase(f"(b) ramp {clients}", clients, args.step_seconds), None)
        )
        print(step.summary(), flush=True)
        acknowledged += step.acknowledged
        failures += sum(1 for s in step.samples if s.status >= 500 or s.status == 0)
        p95 = pct(step.reads(), 95)
        if p95 is not None and p95 <= SLOW_P95 and (best is None or step.rate() > best.rate()):
            best = step
        if p95 is None or p95 > SLOW_P95:
            break
    reads = steady.reads()
    print(f"RESULT (a) 50 clients at ~1 req/s: read p95 {ms(pct(reads, 95))}")
    if best is not None:
        print(f"RESULT (b) {best.rate():.1f} req/s with read p95 {ms(pct(best.reads(), 95))} "
              f"({best.clients} back-to-back clients)")  # fmt: skip
    else:
        print("RESULT (b) no step kept the read p95 under 1 s")
    print(
        f"RESULT 5xx/connection errors: {failures}; {stored_check(database, tenant_id, acknowledged)}"
    )
    if driver.errors:
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(driver.errors.items()))
        print(f"RESULT requests without an answer, by kind: {kinds}")


if __name__ == "__main__":
    main()
