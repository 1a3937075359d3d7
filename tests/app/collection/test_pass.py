"""A collection pass end to end over a loopback stub: posts, cursors, coverage, resume."""

from __future__ import annotations

import argparse

import pytest
from sqlalchemy import func, select

from app.collection.cli import run_collect
from app.collection.gates import Gates
from app.collection.jobs import collect_due_watches
from app.collection.runner import run_collection
from app.models import CollectionCursor, Coverage, PlatformAccess, Post, Tenant
from tests.app.collection.stub import Stub, json_answer, serve
from tests.builders import create_watch


def mblog(mid: str, uid: str, text: str, created: str = "Thu Nov 19 20:00:00 +0800 2026"):
    return {
        "id": mid,
        "mid": mid,
        "text": text,
        "created_at": created,
        "user": {"id": int(uid), "screen_name": f"u{uid}", "followers_count": 10},
        "attitudes_count": 1,
        "reposts_count": "100万+",
        "comments_count": 2,
    }


def weibo_index(query):
    container = query.get("containerid", "")
    if container.startswith("100103"):  # search
        cards = [
            {
                "card_type": 11,
                "card_group": [
                    {"card_type": 9, "mblog": mblog("s1", "7", "测评老王 星河手机 合作")}
                ],
            }
        ]
        return json_answer({"ok": 1, "data": {"cards": cards if query.get("page") == "1" else []}})
    uid = query["value"]
    if uid != "1000001":  # brand / executive accounts: one venue post each
        return json_answer(
            {
                "ok": 1,
                "data": {
                    "cards": [{"card_type": 9, "mblog": mblog(f"v{uid}", uid, "新品发布")}],
                    "cardlistInfo": {},
                },
            }
        )
    if query.get("since_id") == "s2":
        return json_answer(
            {
                "ok": 1,
                "data": {
                    "cards": [{"card_type": 9, "mblog": mblog("k3", uid, "老帖", "2026-01-02")}],
                    "cardlistInfo": {},
                },
            }
        )
    cards = [{"card_type": 9, "mblog": mblog(m, uid, "我对星河[怒]")} for m in ("k1", "k2")]
    return json_answer({"ok": 1, "data": {"cards": cards, "cardlistInfo": {"since_id": "s2"}}})


def hotflow(query):
    comment = {
        "id": f"c{query['mid']}",
        "rootid": f"c{query['mid']}",
        "text": "老王不配 [怒]",
        "created_at": "Thu Nov 19 21:00:00 +0800 2026",
        "like_count": 3,
        "user": {"id": 8, "screen_name": "河粉"},
    }
    return json_answer({"ok": 1, "data": {"data": [comment], "max_id": 0, "max_id_type": 0}})


ROUTES = {
    "/api/container/getIndex": weibo_index,
    "/comments/hotflow": hotflow,
    "/x/web-interface/nav": lambda q: json_answer({"code": -412, "message": "请求被拦截"}),
    "/x/polymer/web-dynamic/v1/feed/space": lambda q: json_answer({"code": -412, "message": "x"}),
    "/x/web-interface/wbi/search/type": lambda q: json_answer({"code": -412, "message": "x"}),
    "/f/search/res": lambda q: (
        302,
        {"Location": "https://wappass.baidu.com/static/captcha/tuxing.html"},
        b"",
    ),
}


@pytest.fixture
def stub():
    made = Stub(dict(ROUTES))
    with serve(made) as url:
        made.url = url
        yield made


@pytest.fixture
def collect_settings(settings, stub):
    urls = {
        f"{p}_base_url": stub.url
        for p in ("weibo", "bilibili", "zhihu", "tieba", "douyin", "xiaohongshu")
    }
    return settings.model_copy(
        update={
            **urls,
            "collect_min_interval_seconds": 0.0,
            "collect_jitter_seconds": 0.0,
            "collect_pages_per_listing": 1,
            "collect_queries_per_platform": 1,
        }
    )


def coverage(database, watch_id):
    with database.session_scope(write=False) as session:
        rows = session.scalars(select(Coverage).where(Coverage.watch_id == watch_id))
        return {(r.platform, r.query): (r.last_error_kind, r.items, r.span_from) for r in rows}


def post_count(database):
    with database.session_scope(write=False) as session:
        return session.scalar(select(func.count()).select_from(Post))


def test_a_pass_stores_posts_writes_coverage_and_resumes(
    api, database, clock, collect_settings, stub
):
    watch = create_watch(api)
    assert (
        api.put("/v1/collection/platforms/weibo", json={"cookie": "SUB=secret"}).status_code == 200
    )
    tenant = api.get("/v1/collection/platforms").json()
    assert next(p for p in tenant if p["platform"] == "weibo")["has_cookie"] is True
    assert "secret" not in str(tenant)
    tenant_id = _tenant_id(database)

    summary = run_collection(
        database, collect_settings, clock, tenant_id, watch["id"], gates=Gates()
    )
    # search 1 and the comment under it (it names both sides), timeline 2, two venues with a
    # comment each
    assert summary.totals["inserted"] == 8
    rows = coverage(database, watch["id"])
    assert rows[("weibo", "user:1000001")][:2] == (None, 2)
    assert rows[("weibo", "search:测评老王 星河手机")][0] is None
    assert rows[("weibo", "venue:9000")][1] == 2
    assert rows[("bilibili", "search:测评老王 星河手机")][0] == "blocked"  # -412
    assert {kind for (p, _), (kind, _, _) in rows.items() if p == "douyin"} <= {"login_required"}
    assert rows[("zhihu", "search:测评老王 星河手机")][0] == "login_required"
    assert rows[("tieba", "search:测评老王 星河手机")][0] == "captcha_required"
    with database.session_scope(write=False) as session:
        cursor = session.get(CollectionCursor, (tenant_id, "weibo", "user:1000001"))
        assert cursor.cursor == {"since_id": "s2"}
        assert session.get(PlatformAccess, (tenant_id, "tieba")).paused_reason

    before = len(stub.hits("/f/search/res"))
    stored = post_count(database)
    run_collection(database, collect_settings, clock, tenant_id, watch["id"], gates=Gates())
    timeline = [q for q in stub.hits("/api/container/getIndex") if q.get("value") == "1000001"]
    assert [q.get("since_id") for q in timeline] == [None, "s2"]  # resumed, nothing fetched twice
    assert len(stub.hits("/f/search/res")) == before  # captcha pause holds until an operator acts
    assert post_count(database) == stored + 1  # the older post; everything else a duplicate


def test_refusals_are_coverage_not_crashes(api, database, clock, collect_settings, stub):
    stub.routes["/api/container/getIndex"] = lambda q: (
        200,
        {"Content-Type": "text/html"},
        b"<html>garbage",
    )
    watch = create_watch(api)
    run_collection(
        database, collect_settings, clock, _tenant_id(database), watch["id"], gates=Gates()
    )
    rows = coverage(database, watch["id"])
    assert rows[("weibo", "user:1000001")][0] == "blocked"
    assert rows[("weibo", "search:测评老王 星河手机")][0] == "login_required"  # no cookie set


def test_rate_limit_with_retry_after_is_waited_out(api, database, clock, collect_settings, stub):
    calls = []
    original = stub.routes["/api/container/getIndex"]

    def limited(query):
        calls.append(query)
        return (429, {"Retry-After": "0"}, b"") if len(calls) == 1 else original(query)

    stub.routes["/api/container/getIndex"] = limited
    watch = create_watch(api)
    run_collection(
        database, collect_settings, clock, _tenant_id(database), watch["id"], gates=Gates()
    )
    assert coverage(database, watch["id"])[("weibo", "user:1000001")][0] is None


def test_scheduled_job_collects_due_watches_once(api, database, clock, collect_settings, stub):
    create_watch(api)
    assert collect_due_watches(database, collect_settings, clock) == 1
    assert collect_due_watches(database, collect_settings, clock) == 0  # not due again yet
    clock.advance(minutes=11)
    assert collect_due_watches(database, collect_settings, clock) == 1


def test_cli_on_a_fresh_database(tmp_path, capsys, collect_settings):
    settings = collect_settings.model_copy(
        update={"database_url": f"sqlite:///{tmp_path / 'x.db'}"}
    )
    code = run_collect(argparse.Namespace(tenant="nobody", watch="w1"), settings)
    assert code == 1
    assert "no tenant" in capsys.readouterr().err


def test_cli_runs_a_pass_with_progress(api, database, collect_settings, capsys, stub):
    watch = create_watch(api)
    code = run_collect(argparse.Namespace(tenant="acme", watch=watch["id"]), collect_settings)
    out, err = capsys.readouterr()
    assert code == 0
    assert "weibo user:1000001" in err
    assert out.strip().splitlines()[-1].startswith("listings=")


def _tenant_id(database):
    with database.session_scope(write=False) as session:
        return session.scalar(select(Tenant.id).where(Tenant.name == "acme"))


def test_cli_summary_names_each_cause_once_and_exits_3_when_all_failed(
    api, database, collect_settings, capsys, monkeypatch
):
    """Every platform pointed at a closed loopback port: each cause is said once per platform
    (not once per listing) and the exit code says nothing was collected."""
    import socket

    from app.collection import runner

    # The command uses the process's politeness gates: fresh ones, so no breaker opened by
    # another test in this process decides the outcome.
    monkeypatch.setattr(runner, "PROCESS_GATES", Gates())

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    urls = {
        f"{p}_base_url": closed
        for p in ("weibo", "bilibili", "zhihu", "tieba", "douyin", "xiaohongshu")
    }
    settings = collect_settings.model_copy(update={**urls, "collect_queries_per_platform": 3})
    watch = create_watch(api)
    code = run_collect(argparse.Namespace(tenant="acme", watch=watch["id"]), settings)
    out, err = capsys.readouterr()
    assert code == 3
    assert "every listing failed" in err
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("bilibili:"))
    assert "0 read" in lines[start]
    # The listing that met the closed port and the ones it kept us from: one line, in words.
    causes = [line for line in lines[start + 1 :] if line.startswith("  ")]
    first_cause = causes[0].strip()
    assert first_cause.startswith(f"{lines[start].split()[1]} failed: unreachable: cannot reach")
    assert "not tried" not in out
    assert "refusals" not in out + err  # a closed port is not the platform refusing us


def test_tenants_with_collection_switched_off_are_never_collected(
    api, database, clock, collect_settings, stub, capsys
):
    watch = create_watch(api)
    with database.session_scope() as session:
        tenant = session.scalar(select(Tenant).where(Tenant.name == "acme"))
        tenant.collection_enabled = False
    assert collect_due_watches(database, collect_settings, clock) == 0
    code = run_collect(argparse.Namespace(tenant="acme", watch=watch["id"]), collect_settings)
    assert code == 1
    assert "collection is switched off for tenant 'acme'" in capsys.readouterr().err
    assert stub.requests == []
    assert post_count(database) == 0
