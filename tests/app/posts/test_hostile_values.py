"""Values a database refuses, sent by API, import and collector alike: the item holding one is
rejected with its reason (or, for NUL, stored without it) and the good items are stored. Only
a body too deep to read is refused whole. Before, each of these failed the whole batch (500)."""

import io
import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.collection.store import store_posts
from app.imports.runner import import_file
from app.models import Tenant
from app.posts.ingest import IngestLimits
from collectors.types import Author, CollectedPost, Metrics, PostTime
from tests.builders import post_item

LIMITS = IngestLimits(max_text_chars=200_000)
GOOD = json.dumps(post_item("good", "好的"))


def with_field(platform_id: str, field_json: str, **overrides) -> str:
    """An item as JSON text with one more field written as given (json.dumps cannot write a
    5,000-digit integer or NaN the way a client might)."""
    return json.dumps(post_item(platform_id, "正文", **overrides))[:-1] + f", {field_json}}}"


def send(api, *items: str):
    body = "[" + ", ".join([GOOD, *items]) + "]"
    response = api.post("/v1/posts", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 200, response.text
    return response.json()


def stored(api, platform_id: str):
    found = api.get("/v1/posts", params={"platform": "weibo", "platform_id": platform_id})
    assert found.status_code == 200, found.text
    return found.json()


def dated(**times: str) -> str:
    return json.dumps(post_item("b", "x", **times))


BAD_ITEMS = {
    "likes over 64 bits": (json.dumps(post_item("b", "x", metrics={"likes": 2**64})), "metrics"),
    "followers over 64 bits": (
        json.dumps(post_item("b", "x", author={"uid": "u", "followers": 2**70})),
        "author.followers",
    ),
    "a 5,000-digit integer": (with_field("b", '"views_raw": ' + "9" * 5000), "views_raw"),
    "NaN in raw": (with_field("b", '"raw": {"score": NaN}'), "raw"),
    "1e999 in raw": (with_field("b", '"raw": [1e999]'), "raw"),
    "a lone surrogate in text": (json.dumps(post_item("b", "x \ud800 y")), "text"),
    "a lone surrogate in raw": (json.dumps(post_item("b", "x", raw={"k": "\udc00"})), "raw"),
    "a lone surrogate in a name": (json.dumps(post_item("b", "x", **{"k\ud800": 1})), "unicode"),
    "raw 65 levels deep": (with_field("b", '"raw": ' + "[" * 65 + "]" * 65), "raw"),
    "dated year 1": (dated(created_at="0001-01-01T00:00:00Z"), "created_at"),
    "dated 1999": (dated(created_at="1999-12-31T23:59:59Z"), "2000-01-01"),
    "dated 9999 at -12:00": (dated(created_at="9999-12-31T23:00-12:00"), "out of range"),
    "dated two days ahead": (dated(created_at="2026-11-22T00:00:00Z"), "future"),
    "collected in year 1": (dated(collected_at="0001-01-01"), "collected_at"),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD_ITEMS)
def test_one_unstorable_value_rejects_its_item_and_keeps_the_rest(api, case):
    item, named = BAD_ITEMS[case]
    result = send(api, item)
    assert result["inserted"] == 1
    [rejected] = result["rejected"]
    assert rejected["index"] == 1
    assert named in rejected["reason"]
    assert stored(api, "good")
    assert stored(api, "b") == []


@pytest.mark.parametrize(
    "body",
    ["[" * 2000 + "]" * 2000, "[" + with_field("b", '"raw": ' + "[" * 5000 + "]" * 5000) + "]"],
    ids=["2,000 nested arrays", "raw nested 5,000 deep"],
)
def test_a_body_too_deep_to_read_is_refused_whole_with_a_422(api, body):
    response = api.post("/v1/posts", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422, response.text
    assert "nested too deeply" in response.json()["message"]


def test_raw_64_levels_deep_is_stored_and_reads_back(api):
    nested = "[" * 64 + "]" * 64
    assert send(api, with_field("deep", f'"raw": {nested}'))["inserted"] == 2
    [post] = stored(api, "deep")
    assert api.get(f"/v1/posts/{post['id']}").status_code == 200


def test_nul_is_removed_from_text_ids_names_and_raw(api):
    item = post_item(
        "n\x00ul", "前\x00后", author={"uid": "u\x00", "name": "路\x00人"}, raw={"k\x00": "v\x00"}
    )
    assert send(api, json.dumps(item))["inserted"] == 2
    [post] = stored(api, "nul")
    assert (post["text"], post["author"]["uid"], post["author"]["name"]) == ("前后", "u", "路人")
    assert post["raw"] == {"k": "v"}


def test_an_id_of_nothing_but_nul_is_rejected(api):
    result = send(api, json.dumps(post_item("\x00", "x")))
    assert result["inserted"] == 1
    assert "platform_id" in result["rejected"][0]["reason"]


def test_a_file_import_rejects_the_same_rows_and_keeps_the_rest(database, api, clock):
    lines = [
        json.dumps(post_item("f1", "好的")),
        with_field("f2", '"views_raw": ' + "9" * 5000),
        json.dumps(post_item("f3", "x \ud800 y")),
        json.dumps(post_item("f4", "x", metrics={"likes": 2**64})),
        json.dumps(post_item("f5", "x", created_at="0001-01-01T00:00:00Z")),
        "[" * 3000 + "]" * 3000,
        json.dumps(post_item("f6", "前\x00后")),
    ]
    tenant_id = _tenant_of(database)  # the `api` fixture made tenant "acme"
    source = io.BytesIO("\n".join(lines).encode())
    result = import_file(database, tenant_id, source, "jsonl", None, clock, LIMITS)
    assert (result.inserted, [line for line, _ in result.rejected]) == (2, [2, 3, 4, 5, 6])
    assert "nested too deeply" in dict(result.rejected)[6]
    assert stored(api, "f6")[0]["text"] == "前后"


def test_collected_posts_with_such_values_are_rejected_one_by_one(database, api, clock):
    def collected(platform_id: str, text: str, followers: int = 1, **raw) -> CollectedPost:
        when = PostTime(datetime(2026, 11, 19, tzinfo=UTC), "second", "2026-11-19")
        author = Author("u1", "路\x00人", followers)
        return CollectedPost("weibo", platform_id, "post", text, when, author, None, Metrics(), raw)

    posts = [
        collected("c1", "好的"),
        collected("c2", "x \ud800"),
        collected("c3", "y", 2**64),
        collected("c4", "z", score=float("nan")),  # as a plain json.loads reads NaN
    ]
    with database.session_scope() as session:
        inserted, _, reasons = store_posts(session, _tenant_of(database), posts, clock(), LIMITS)
    assert inserted == 1
    assert len(reasons) == 3
    assert stored(api, "c1")[0]["author"]["name"] == "路人"


def _tenant_of(database) -> str:
    with database.session_scope() as session:
        return session.scalar(select(Tenant.id).where(Tenant.name == "acme"))
