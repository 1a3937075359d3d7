"""Imports prepared in a worker process: the same rows, counts and rejects as in one process,
and no process left behind however the import ends."""

import json
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select, text

from app.auth import service as auth_service
from app.imports import runner
from app.imports.pipeline import Entities, ImportJob, ImportWorker, ImportWorkerDied
from app.imports.runner import ImportProgress, import_file
from app.models import Brand, Erasure, Mention, Post
from app.posts.ingest import IngestLimits
from app.privacy.subjects import subject_hash
from collectors.importers import ImportFormatError
from tests.builders import create_watch, post_item
from tests.collectors.importers.helpers import OWN

LIMITS = IngestLimits(max_text_chars=200_000)
ROOT = Path(__file__).parents[3]
# Every column but the ones that differ by design between two imports of one file.
POST_COLUMNS = [c for c in Post.__table__.columns.keys() if c not in ("id", "tenant_id")]
MENTION_COLUMNS = ["role", "target", "matched", "via", "signal", "post_created_at",
                   "post_platform", "post_collected_at"]  # fmt: skip


@pytest.fixture
def worker_always(monkeypatch):
    """Send every file, however small, through the worker, and all of its rows."""
    monkeypatch.setattr(runner, "PIPELINE_MIN_BYTES", 0)
    monkeypatch.setattr(runner, "HEAD_START_BATCHES", 0)


@pytest.fixture
def tenant_id(database):
    with database.session_scope() as session:
        return auth_service.get_or_create_tenant(session, "acme").id


def jsonl_file(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    return path


def numbered_posts(tmp_path: Path, count: int) -> Path:
    return jsonl_file(
        tmp_path / "numbered.jsonl", [post_item(f"n{n}", f"第{n}条") for n in range(count)]
    )


def mixed_file(tmp_path: Path) -> Path:
    """Names to match, cues, a repeat inside the file, a bad row, a hashed KOL author."""
    rows = [
        post_item("p1", "测评老王和星河要合作了？恰饭"),
        post_item("p2", "河粉说青橙不行", author={"uid": "9001", "name": "周总"}),
        {"platform": "weibo", "text": "缺少 platform_id", "created_at": "2026-11-18T21:00:00"},
        post_item("p3", "tab\there\\ 新行", metrics=None, raw={"mid": 3}, source_app="x"),
        post_item("p1", "测评老王和星河要合作了？恰饭 (edited)"),
        post_item("p4", "老王测评道歉", author={"uid": "1000001"}, tombstone_reason="deleted"),
        post_item("p5", "没有提到任何人", collected_at="2026-11-19T21:00:00+08:00"),
    ]
    return jsonl_file(tmp_path / "mixed.jsonl", rows)


def stored_rows(database) -> tuple[list[tuple], list[tuple]]:
    with database.session_scope(write=False) as session:
        posts = session.execute(
            select(*[Post.__table__.c[c] for c in POST_COLUMNS]).order_by(Post.platform_id)
        ).all()
        mentions = session.execute(
            select(Post.platform_id, *[Mention.__table__.c[c] for c in MENTION_COLUMNS])
            .join(Post, Post.id == Mention.post_id)
            .order_by(Post.platform_id, Mention.role, Mention.target)
        ).all()
    return [tuple(p) for p in posts], [tuple(m) for m in mentions]


@pytest.mark.parametrize("prepared_by", ["worker", "writer"])
def test_worker_stores_the_very_rows_one_process_stores(
    api, database, clock, tmp_path, monkeypatch, prepared_by
):
    if prepared_by == "writer":  # as when the worker keeps the writer waiting
        request = ImportWorker.request
        monkeypatch.setattr(
            ImportWorker, "request", lambda self, now, prepare=True: request(self, now, False)
        )
    create_watch(api)
    with database.session_scope() as session:
        tenant_id = auth_service.find_tenant(session, "acme").id
    path = mixed_file(tmp_path)
    alone = import_file(database, tenant_id, path, "jsonl", None, clock, LIMITS, batch_size=3)
    expected = stored_rows(database)
    with database.engine.begin() as connection:
        connection.execute(text("DELETE FROM posts"))
    monkeypatch.setattr(runner, "PIPELINE_MIN_BYTES", 0)
    monkeypatch.setattr(runner, "HEAD_START_BATCHES", 0)
    piped = import_file(database, tenant_id, path, "jsonl", None, clock, LIMITS, batch_size=3)
    assert stored_rows(database) == expected
    assert expected[1], "the file names the watch's brand and KOL"
    assert (piped.rows, piped.inserted, piped.duplicates) == (alone.rows, 5, 1)
    assert piped.rejected == alone.rejected == [(3, piped.rejected[0][1])]


def test_rejects_in_line_order_and_a_rerun_is_all_duplicates(
    database, tenant_id, clock, worker_always
):
    def run():
        path = OWN / "items.jsonl"
        return import_file(database, tenant_id, path, "jsonl", "weibo", clock, LIMITS, 2)

    first = run()
    assert first.inserted == 3
    assert [line for line, _ in first.rejected] == [3, 4, 5]
    again = run()
    assert (again.inserted, again.duplicates, len(again.rejected)) == (0, 3, 3)
    assert not multiprocessing.active_children()


def test_progress_comes_after_each_written_batch(database, tenant_id, clock, worker_always):
    seen: list[ImportProgress] = []
    path = OWN / "items.jsonl"
    import_file(database, tenant_id, path, "jsonl", "weibo", clock, LIMITS, 2, seen.append)
    assert [p.rows for p in seen] == [2, 4, 6]
    assert seen[-1].bytes_read == seen[-1].total_bytes == path.stat().st_size


def test_the_writer_imports_the_first_batches_while_the_worker_starts(
    database, tenant_id, clock, tmp_path, monkeypatch
):
    monkeypatch.setattr(runner, "PIPELINE_MIN_BYTES", 0)
    seen: list[ImportProgress] = []
    path = numbered_posts(tmp_path, 9)
    result = import_file(database, tenant_id, path, "jsonl", None, clock, LIMITS, 2, seen.append)
    assert runner.HEAD_START_BATCHES == 2
    assert [p.rows for p in seen] == [2, 4, 6, 8, 9]
    assert (result.inserted, result.duplicates) == (9, 0), "no row imported twice, none missed"


def test_interrupted_import_keeps_finished_batches_and_leaves_no_process(
    database, tenant_id, clock, tmp_path, worker_always
):
    path = numbered_posts(tmp_path, 10)

    def interrupt(progress: ImportProgress) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_file(database, tenant_id, path, "jsonl", None, clock, LIMITS, 4, interrupt)
    assert not multiprocessing.active_children()
    resumed = import_file(database, tenant_id, path, "jsonl", None, clock, LIMITS, 4)
    assert (resumed.inserted, resumed.duplicates) == (6, 4)


def test_a_failure_in_the_worker_is_raised_here(
    database, tenant_id, clock, tmp_path, worker_always
):
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(json.dumps(post_item("ok", "好")).encode() + b"\n" + b'{"text": "\xe9"}\n')
    with pytest.raises(ImportFormatError, match="UTF-8"):
        import_file(database, tenant_id, path, "jsonl", None, clock, LIMITS, 1)
    assert not multiprocessing.active_children()


def test_names_changed_during_an_import_match_the_later_batches(
    api, database, clock, tmp_path, worker_always
):
    create_watch(api)
    with database.session_scope() as session:
        tenant_id = auth_service.find_tenant(session, "acme").id
    rows = [post_item(f"a{n}", "小星星新品") for n in range(6)]
    path = jsonl_file(tmp_path / "alias.jsonl", rows)

    def add_alias(progress: ImportProgress) -> None:
        if progress.rows == 2:
            with database.session_scope() as session:
                brand = session.scalars(select(Brand)).one()
                brand.aliases = [*brand.aliases, "小星星"]
                brand.updated_at = clock()

    import_file(database, tenant_id, path, "jsonl", None, clock, LIMITS, 2, add_alias)
    with database.session_scope(write=False) as session:
        linked = session.scalars(
            select(Post.platform_id).join(Mention, Mention.post_id == Post.id)
        ).all()
    assert sorted(linked) == ["a2", "a3", "a4", "a5"]


def test_small_files_are_imported_without_a_worker(database, tenant_id, clock, monkeypatch):
    def no_worker(*args, **kwargs):
        raise AssertionError("a small file must not start a process")

    monkeypatch.setattr(ImportWorker, "__init__", no_worker)
    result = import_file(database, tenant_id, OWN / "items.jsonl", "jsonl", "weibo", clock, LIMITS)
    assert result.inserted == 3


def test_a_killed_worker_is_an_error_not_a_hang(
    database, tenant_id, clock, tmp_path, worker_always
):
    path = numbered_posts(tmp_path, 20)

    def kill_worker(progress: ImportProgress) -> None:
        for child in multiprocessing.active_children():
            child.kill()

    with pytest.raises(ImportWorkerDied):
        import_file(database, tenant_id, path, "jsonl", None, clock, LIMITS, 1, kill_worker)
    assert not multiprocessing.active_children()


def test_a_writer_kept_waiting_knows_it(database, tenant_id, clock, tmp_path):
    path = numbered_posts(tmp_path, 4)
    dialect = database.engine.dialect.name
    job = ImportJob(str(path), "jsonl", None, tenant_id, dialect, LIMITS, batch_size=2)
    with ImportWorker(job, Entities((), [])) as worker:
        worker.request(clock())
        worker.request(clock(), prepare=False)
        first = worker.next_batch()  # asked for at once: the worker was still starting
        assert worker.kept_waiting
        assert first is not None
        assert first.posts is not None
        assert first.lines == [1, 2]
        deadline = time.monotonic() + 30
        while not worker.ready() and time.monotonic() < deadline:
            time.sleep(0.01)
        second = worker.next_batch()
        assert not worker.kept_waiting
        assert second is not None
        assert second.posts is None
        assert [item["text"] for item in second.items()] == ["第2条", "第3条"]


def test_the_worker_starts_without_the_database_or_web_libraries():
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, app.imports.pipeline; print(*sys.modules)"],
        capture_output=True, text=True, check=True, cwd=ROOT,
    ).stdout.split()  # fmt: skip
    assert "app.posts.prepare" in loaded
    assert not [name for name in loaded if name.split(".")[0] in ("sqlalchemy", "fastapi")]


MAIN_SCRIPT = """
import os, sys
with open(sys.argv[1], "a") as runs:
    runs.write(f"{os.getpid()}\\n")
from app.imports.pipeline import Entities, ImportJob, ImportWorker
from app.posts.prepare import IngestLimits
if __name__ == "__main__":
    job = ImportJob(sys.argv[2], "jsonl", None, "t", "sqlite", IngestLimits(100), batch_size=5)
    with ImportWorker(job, Entities((), [])) as worker:
        worker.request(__import__("datetime").datetime.now(__import__("datetime").UTC))
        print(len(worker.next_batch().lines))
"""


def test_the_worker_does_not_run_the_parent_s_main_script(tmp_path):
    script, runs = tmp_path / "main_script.py", tmp_path / "runs.txt"
    script.write_text(MAIN_SCRIPT)
    path = numbered_posts(tmp_path, 3)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, str(script), str(runs), str(path)],
        capture_output=True, text=True, check=True, env=env, timeout=60,
    )  # fmt: skip
    assert done.stdout.split() == ["3"]
    assert len(runs.read_text().split()) == 1, "the worker ran the script as its own main"


ORPHAN_SCRIPT = """
import multiprocessing, os, sys, time
from app.imports.pipeline import Entities, ImportJob, ImportWorker
from app.posts.prepare import IngestLimits
if __name__ == "__main__":
    job = ImportJob(sys.argv[1], "jsonl", None, "t", "sqlite", IngestLimits(100), batch_size=5)
    with ImportWorker(job, Entities((), [])):
        print(os.getpid(), flush=True)
        time.sleep(120)
"""


def _children(pid):
    command = ["ps", "-ww", "-o", "pid=,args=", "--ppid", str(pid)]
    listed = subprocess.run(command, capture_output=True, text=True, check=False).stdout
    return {int(line.split()[0]): line for line in listed.splitlines() if line.strip()}


def _gone(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return True
    return state in ("Z", "X")  # exited, not yet reaped by whoever adopted it


def test_a_killed_import_leaves_no_worker_or_resource_tracker(tmp_path):
    """kill -9 of `kolrisk import` gives it no time to stop its worker. The worker here waits
    to open a FIFO nobody writes to (as it could sit in a long read): it must still notice
    the parent is gone and exit, and the resource tracker with it, within seconds."""
    fifo = tmp_path / "never-written.jsonl"
    os.mkfifo(fifo)
    script = tmp_path / "orphan.py"
    script.write_text(ORPHAN_SCRIPT)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    parent = subprocess.Popen([sys.executable, str(script), str(fifo)], stdout=subprocess.PIPE,
                              text=True, env=env)  # fmt: skip
    try:
        assert parent.stdout is not None
        assert int(parent.stdout.readline()) == parent.pid
        deadline = time.monotonic() + 20
        while len(children := _children(parent.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert any("resource_tracker" in args for args in children.values()), children
        assert any("spawn_main" in args for args in children.values()), children
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 5
    while not all(_gone(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [args for pid, args in children.items() if not _gone(pid)]
    for pid in children:  # never leave them behind, whatever the outcome
        if not _gone(pid):
            os.kill(pid, 9)
    assert not left, f"still running 5 s after the parent was killed: {left}"


@pytest.mark.parametrize("piped", [False, True])
def test_an_erased_authors_rows_are_refused_in_a_file(
    database, tenant_id, clock, tmp_path, monkeypatch, piped
):
    if piped:
        monkeypatch.setattr(runner, "PIPELINE_MIN_BYTES", 0)
        monkeypatch.setattr(runner, "HEAD_START_BATCHES", 0)
    with database.session_scope() as session:
        session.add(
            Erasure(
                id="era_1", tenant_id=tenant_id, platform="weibo",
                subject_hash=subject_hash(tenant_id, "weibo", "u1"),
                requested_by="test", requested_at=clock(), removed={},
            )
        )  # fmt: skip
    other = {"uid": "u2", "name": "路人", "followers": 1}
    rows = [
        post_item("e1", "第一条"),
        post_item("e2", "第二条", author=other),
        post_item("e3", "三"),
    ]
    path = jsonl_file(tmp_path / "erased.jsonl", rows)
    result = import_file(database, tenant_id, path, "jsonl", None, clock, LIMITS, batch_size=2)
    assert result.inserted == 1
    assert [line for line, _ in result.rejected] == [1, 3]
    assert all("erased on request" in reason for _, reason in result.rejected)
    with database.session_scope(write=False) as session:
        assert session.scalars(select(Post.platform_id)).all() == ["e2"]
