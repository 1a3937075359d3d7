"""The risk endpoints: contract shape, stored snapshots, transitions, replays, risk-checks."""

import re

from app.reports.markdown import md_text
from tests.builders import create_watch, post_item

FIELDS = {
    "score",
    "level",
    "decision",
    "reasons",
    "components",
    "coverage",
    "confidence",
    "as_of",
    "model_versions",
    "pending_posts",
}
EVIDENCE_FIELDS = {"post_id", "platform", "platform_id", "url", "author", "created_at", "quote"}


def kol_post(pid, text, days_before="2026-11-19", **kw):
    return post_item(
        pid,
        text,
        created_at=f"{days_before}T20:00:00+08:00",
        author={"uid": "1000001", "name": "测评老王", "followers": 1000000},
        **kw,
    )


def test_risk_has_every_contract_field(api):
    watch = create_watch(api)
    api.post("/v1/posts", json=[kol_post("k1", "河粉就是一群韭菜，星河也就配这些人用，恶心")])
    risk = api.get(f"/v1/watches/{watch['id']}/risk").json()
    assert FIELDS <= set(risk)
    assert set(risk["coverage"]) >= {"platforms", "from", "to", "posts"}
    assert 0 <= risk["score"] <= 100
    assert 0 <= risk["confidence"] <= 1
    assert risk["level"] in {"low", "medium", "high", "critical"}
    assert risk["decision"] in {"go", "caution", "no_go"}
    for component in risk["components"]:
        assert {"name", "score", "weight", "summary", "evidence"} <= set(component)
        for evidence in component["evidence"]:
            assert EVIDENCE_FIELDS <= set(evidence)
    stance = next(c for c in risk["components"] if c["name"] == "stance")
    assert stance["evidence"][0]["platform_id"] == "k1"
    assert api.get(f"/v1/posts/{stance['evidence'][0]['post_id']}").status_code == 200


def test_no_posts_is_caution_insufficient_data(api):
    watch = create_watch(api)
    risk = api.get(f"/v1/watches/{watch['id']}/risk").json()
    assert risk["decision"] == "caution"
    assert any("insufficient data" in r for r in risk["reasons"])


def test_snapshot_is_reused_until_posts_arrive_and_a_change_writes_a_transition(api, clock):
    watch = create_watch(api)
    url = f"/v1/watches/{watch['id']}/risk"
    first = api.get(url).json()
    clock.advance(hours=1)
    again = api.get(url).json()
    assert again["evaluated_at"] == first["evaluated_at"]
    hostile = [kol_post(f"h{i}", f"河粉都是韭菜{i}号，星河的粉丝智商堪忧，恶心") for i in range(3)]
    api.post("/v1/posts", json=hostile)
    clock.advance(hours=1)
    changed = api.get(url).json()
    assert changed["evaluated_at"] != first["evaluated_at"]
    history = api.get(f"{url}/history").json()
    assert len(history["snapshots"]) == 2
    decisions = [(t["from_decision"], t["to_decision"]) for t in history["transitions"]]
    assert (None, "caution") in decisions
    if changed["decision"] != "caution":
        assert ("caution", changed["decision"]) in decisions


def test_as_of_replay_sees_only_earlier_posts_and_is_never_stored(api):
    watch = create_watch(api)
    api.post(
        "/v1/posts",
        json=[
            kol_post("old", "星河还行", days_before="2026-01-01"),
            kol_post("new", "星河不错", days_before="2026-06-01"),
        ],
    )
    url = f"/v1/watches/{watch['id']}/risk"
    replay = api.get(url, params={"as_of": "2026-03-01T00:00:00+08:00"}).json()
    assert replay["coverage"]["posts"] == 1
    assert replay["stored"] is False
    assert any("as_of" in note for note in replay["notes"])
    assert api.get(f"{url}/history").json()["snapshots"] == []


def test_as_of_respects_collected_at(api):
    watch = create_watch(api)
    late = kol_post(
        "late", "星河还行", days_before="2026-01-01", collected_at="2026-05-01T00:00:00+08:00"
    )
    api.post("/v1/posts", json=[late])
    replay = api.get(
        f"/v1/watches/{watch['id']}/risk", params={"as_of": "2026-03-01T00:00:00+08:00"}
    ).json()
    assert replay["coverage"]["posts"] == 0


def test_risk_check_without_a_watch_matches_the_watch_read(api):
    watch = create_watch(api)
    api.post("/v1/posts", json=[kol_post("k1", "星河的手机真烂")])
    body = {"brand_id": watch["brand_id"], "kol_id": watch["kol_id"]}
    check = api.post("/v1/risk-checks", json=body)
    assert check.status_code == 200
    read = api.get(f"/v1/watches/{watch['id']}/risk").json()
    assert (check.json()["score"], check.json()["decision"]) == (read["score"], read["decision"])


def test_risk_check_with_unknown_ids_is_422(api):
    response = api.post("/v1/risk-checks", json={"brand_id": "brd_nope", "kol_id": "kol_nope"})
    assert response.status_code == 422
    assert "brand" in response.json()["message"]


def test_pending_posts_are_scored_before_the_read(api):
    watch = create_watch(api)
    api.post("/v1/posts", json=[kol_post(f"s{i}", f"星河第{i}条") for i in range(5)])
    risk = api.get(f"/v1/watches/{watch['id']}/risk").json()
    assert risk["pending_posts"] == 0
    assert risk["coverage"]["posts"] == 5


def test_pending_posts_beyond_the_inline_limit_are_reported(api, settings):
    settings.inline_score_limit = 2
    watch = create_watch(api)
    api.post("/v1/posts", json=[kol_post(f"s{i}", f"星河第{i}条") for i in range(5)])
    risk = api.get(f"/v1/watches/{watch['id']}/risk").json()
    assert risk["pending_posts"] == 3
    assert any("not scored" in r for r in risk["reasons"])


def test_unchanged_read_is_answered_from_the_snapshot_in_a_read_transaction(
    api, database, monkeypatch
):
    watch = create_watch(api)
    api.post("/v1/posts", json=[kol_post("k1", "星河还行")])
    first = api.get(f"/v1/watches/{watch['id']}/risk").json()
    from app.risk import service

    def no_evaluation(*args, **kwargs):
        raise AssertionError("an unchanged watch must not be re-evaluated")

    monkeypatch.setattr(service, "evaluate", no_evaluation)
    again = api.get(f"/v1/watches/{watch['id']}/risk").json()
    assert again["evaluated_at"] == first["evaluated_at"]


def test_ingest_for_another_watch_of_the_tenant_also_refreshes(api):
    watch = create_watch(api)
    api.post("/v1/posts", json=[kol_post("k1", "星河还行")])
    first = api.get(f"/v1/watches/{watch['id']}/risk").json()
    api.post("/v1/posts", json=[kol_post("k2", "星河的河粉都是韭菜，恶心")])
    second = api.get(f"/v1/watches/{watch['id']}/risk").json()
    assert second["coverage"]["posts"] == first["coverage"]["posts"] + 1


def test_collection_gaps_show_in_coverage_and_reasons(api, database, clock):
    from app.models import Coverage

    watch = create_watch(api)
    api.post("/v1/posts", json=[kol_post("k1", "星河还行")])
    first = api.get(f"/v1/watches/{watch['id']}/risk").json()
    with database.session_scope() as session:
        gap = Coverage(
            watch_id=watch["id"],
            platform="douyin",
            query="user:1000001",
            last_error_at=clock(),
            last_error_kind="login_required",
            updated_at=clock(),
        )
        session.add(gap)
    second = api.get(f"/v1/watches/{watch['id']}/risk").json()
    assert second["coverage"]["not_collected"] == {"douyin": "login_required"}
    assert any(r.startswith("not collected: douyin") for r in second["reasons"])
    assert second["confidence"] < first["confidence"]


def test_lang_zh_words_reasons_and_summaries_in_chinese(api):
    watch = create_watch(api)
    url = f"/v1/watches/{watch['id']}/risk"
    empty = api.get(url, params={"lang": "zh"}).json()
    assert empty["reasons"] == ["数据不足：尚未找到测评老王本人发布或与其相关的帖子"]
    api.post("/v1/posts", json=[kol_post("k1", "河粉就是一群韭菜，星河也就配这些人用，恶心")])
    english, chinese = api.get(url).json(), api.get(url, params={"lang": "zh"}).json()
    assert english["evaluated_at"] == chinese["evaluated_at"]  # one snapshot, two wordings
    assert chinese["reason_messages"] == english["reason_messages"]
    assert len(chinese["reasons"]) == len(english["reasons"])
    for en, zh in zip(english["reasons"], chinese["reasons"], strict=True):
        assert en != zh
        assert re.search(r"[\u4e00-\u9fff]", zh)
    assert all("{" not in r for r in chinese["reasons"])
    stance = next(c for c in chinese["components"] if c["name"] == "stance")
    assert stance["summary"].startswith("测评老王本人谈及")
    assert stance["summary_message"]["key"] == "summary.stance.found"
    assert api.get(url, params={"lang": "en"}).json()["reasons"] == english["reasons"]
    assert api.get(url, params={"lang": "fr"}).status_code == 422


def test_risk_check_accepts_lang(api):
    watch = create_watch(api)
    body = {"brand_id": watch["brand_id"], "kol_id": watch["kol_id"]}
    english = api.post("/v1/risk-checks", json=body).json()
    chinese = api.post("/v1/risk-checks", params={"lang": "zh"}, json=body).json()
    assert any("insufficient data" in r for r in english["reasons"])
    assert chinese["reasons"][0].startswith("数据不足")


def test_a_snapshot_stored_before_messages_still_reads(api, database):
    from sqlalchemy import select

    from app.models import Assessment

    watch = create_watch(api)
    api.post("/v1/posts", json=[kol_post("k1", "星河还行")])
    url = f"/v1/watches/{watch['id']}/risk"
    first = api.get(url).json()
    with database.session_scope() as session:
        snapshot = session.scalars(
            select(Assessment).where(Assessment.watch_id == watch["id"])
        ).one()
        payload = dict(snapshot.payload)
        del payload["reason_messages"]
        payload["components"] = [
            {k: v for k, v in c.items() if k != "summary_message"} for c in payload["components"]
        ]
        snapshot.payload = payload
    for lang in ("en", "zh"):
        old = api.get(url, params={"lang": lang})
        assert old.status_code == 200
        assert old.json()["reasons"] == first["reasons"]  # no messages: the stored English
        assert old.json()["reason_messages"] == []
    report = api.get(f"/v1/watches/{watch['id']}/report", params={"format": "md"})
    assert report.status_code == 200
    assert md_text(first["reasons"][0]) in report.text


def test_overlapping_evaluations_store_one_snapshot_and_one_transition(api, database, clock):
    """Two evaluations that both started from the same last snapshot: the second to store
    loses the race on (watch, seq), writes nothing, and says so."""
    from sqlalchemy import func, select

    from app.models import Assessment, Transition, Watch
    from app.risk import service
    from app.risk.moment import ReadTime

    watch = create_watch(api)
    api.post("/v1/posts", json=[kol_post("k1", "河粉都是韭菜，星河恶心")])
    risk = service.RiskOut.model_validate(api.get(f"/v1/watches/{watch['id']}/risk").json())
    with database.session_scope() as session:
        session.execute(Transition.__table__.delete())
        session.execute(Assessment.__table__.delete())
    with database.session_scope() as session:
        row = session.get(Watch, watch["id"])
        first = service.store_snapshot(
            session, row, risk.model_copy(), "m1", None, time=ReadTime(clock())
        )
        second = service.store_snapshot(
            session, row, risk.model_copy(), "m2", None, time=ReadTime(clock())
        )
        snapshots = session.scalar(select(func.count()).select_from(Assessment))
        transitions = session.scalar(select(func.count()).select_from(Transition))
    assert (first.stored, second.stored) == (True, False)
    assert (snapshots, transitions) == (1, 1)
