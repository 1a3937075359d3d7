"""import_file against a real database: batches, re-runs, rejects with line numbers, linking."""

import hashlib
import io
import json
from datetime import datetime, timedelta

import pytest

from app.auth import service as auth_service
from app.imports.runner import ImportProgress, import_file
from app.posts.ingest import IngestLimits
from collectors.importers import ImportFormatError
from tests.builders import create_watch
from tests.collectors.importers.helpers import (
    MEDIACRAWLER_NEW,
    MEDIACRAWLER_OLD,
    OWN,
    WEIBO_CRAWLER,
)

LIMITS = IngestLimits(max_text_chars=200_000)


@pytest.fixture
def tenant_id(database):
    with database.session_scope() as session:
        return auth_service.get_or_create_tenant(session, "acme").id


def run(database, tenant_id, clock, source, fmt, platform=None, **kw):
    return import_file(database, tenant_id, source, fmt, platform, clock, LIMITS, **kw)


def weibo_lines(count: int, start: int = 0) -> bytes:
    rows = [
        {
            "note_id": f"52000000000{n:05d}",
            "content": f"第{n}条",
            "create_time": 1780000000 + n,
            "liked_count": str(n),
            "shared_count": "0",
            "comments_count": "0",
            "user_id": "u1",
            "nickname": "路人",
        }
        for n in range(start, start + count)
    ]
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode() + b"\n"


def test_import_twice_the_second_run_is_all_duplicates(database, tenant_id, clock):
    path = MEDIACRAWLER_OLD / "weibo/json/1_search_contents_2026-06-02.json"
    first = run(database, tenant_id, clock, path, "mediacrawler")
    assert (first.rows, first.inserted, first.duplicates) == (4, 3, 0)
    assert first.rejected == [(3, first.rejected[0][1])]
    second = run(database, tenant_id, clock, path, "mediacrawler")
    assert (second.inserted, second.duplicates, len(second.rejected)) == (0, 3, 1)


def test_a_malformed_row_does_not_lose_the_others(database, tenant_id, clock):
    result = run(database, tenant_id, clock, OWN / "items.jsonl", "jsonl", "weibo", batch_size=2)
    assert result.inserted == 3  # own-1, own-2, the numeric id
    lines = dict(result.rejected)
    assert set(lines) == {3, 4, 5}  # broken JSON, no platform_id (from ingest), not an object
    assert "platform_id" in lines[4]


def test_ingest_rejections_carry_the_file_line(database, tenant_id, clock):
    future = (clock() + timedelta(days=30)).timestamp()
    rows = [
        {"note_id": "1", "content": "ok", "create_time": 1780000000, "shared_count": "0"},
        {"note_id": "2", "content": "未来", "create_time": future, "shared_count": "0"},
    ]
    data = b"\n\n".join(json.dumps(r).encode() for r in rows)  # a blank line between
    result = run(database, tenant_id, clock, io.BytesIO(data), "mediacrawler", "weibo")
    assert result.inserted == 1
    assert result.rejected[0][0] == 3
    assert "future" in result.rejected[0][1]


def test_batches_commit_one_by_one_so_an_interrupted_import_resumes(database, tenant_id, clock):
    data = weibo_lines(10)

    def stop_after_first_batch(progress: ImportProgress) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(
            database,
            tenant_id,
            clock,
            io.BytesIO(data),
            "mediacrawler",
            "weibo",
            batch_size=4,
            progress=stop_after_first_batch,
        )
    resumed = run(
        database, tenant_id, clock, io.BytesIO(data), "mediacrawler", "weibo", batch_size=4
    )
    assert (resumed.inserted, resumed.duplicates) == (6, 4)


def test_progress_reports_rows_and_bytes(database, tenant_id, clock):
    data = weibo_lines(5)
    seen: list[ImportProgress] = []
    run(
        database,
        tenant_id,
        clock,
        io.BytesIO(data),
        "mediacrawler",
        "weibo",
        batch_size=2,
        progress=seen.append,
    )
    assert [p.rows for p in seen] == [2, 4, 5]
    assert seen[-1].bytes_read == seen[-1].total_bytes == len(data)


def test_now_may_be_a_clock_read_per_batch(database, tenant_id, clock):
    calls = []

    def ticking() -> datetime:
        calls.append(1)
        return clock()

    run(
        database,
        tenant_id,
        ticking,
        io.BytesIO(weibo_lines(5)),
        "mediacrawler",
        "weibo",
        batch_size=2,
    )
    assert len(calls) == 3


def test_a_file_that_cannot_be_read_raises(database, tenant_id, clock):
    with pytest.raises(ImportFormatError):
        run(database, tenant_id, clock, io.BytesIO(b"[{"), "mediacrawler", "weibo")


def test_weibo_crawler_and_csv_files_import(database, tenant_id, clock):
    csv_result = run(
        database, tenant_id, clock, WEIBO_CRAWLER / "weibo/测评老王/1000001.csv", "weibo-crawler"
    )
    assert (csv_result.inserted, len(csv_result.rejected)) == (3, 2)
    own = run(database, tenant_id, clock, OWN / "items.csv", "csv", "weibo")
    assert (own.inserted, [line for line, _ in own.rejected]) == (2, [5, 6])


def test_hashed_authors_are_the_kols_own_posts(api, database, clock):
    """New-format rows with creator_hash = sha256(uid)[:16] of the KOL's account."""
    watch = create_watch(api)
    with database.session_scope() as session:
        tenant_id = auth_service.find_tenant(session, "acme").id
    path = MEDIACRAWLER_NEW / "weibo/jsonl/1_creator_contents_2026-11-10.jsonl"
    result = run(database, tenant_id, clock, path, "mediacrawler")
    assert result.inserted == 2
    posts = api.get(f"/v1/watches/{watch['id']}/posts").json()["items"]
    own_posts = {p["platform_id"]: p for p in posts}
    assert set(own_posts) == {"5100000000000001", "5100000000000002"}
    expected_uid = "sha256:" + hashlib.sha256(b"1000001").hexdigest()[:16]
    for post in own_posts.values():
        assert post["author"]["uid"] == expected_uid
        kol = [m for m in post["mentions"] if m["role"] == "kol"]
        assert [m["via"] for m in kol] == ["author"]
