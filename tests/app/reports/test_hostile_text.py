"""Post text and URLs are hostile input: escaped in every format, never a live link."""

from __future__ import annotations

import pytest

from tests.builders import create_watch, post_item

HOSTILE = (
    '<script>alert("x")</script><img src=x onerror=alert(1)> '
    "河粉都是韭菜，星河真差劲 [点我](javascript:alert(1))"
)


@pytest.fixture
def hostile_watch(api):
    watch = create_watch(api)
    item = post_item(
        "h1",
        HOSTILE,
        author={"uid": "1000001", "name": "测评老王<b>", "followers": 5000},
        url="javascript:alert(document.cookie)",
    )
    assert api.post("/v1/posts", json=[item]).json()["inserted"] == 1
    return watch


@pytest.mark.db
def test_html_report_escapes_post_text_and_drops_unsafe_links(api, hostile_watch):
    page = api.get(f"/v1/watches/{hostile_watch['id']}/report").text
    assert "河粉都是韭菜" in page  # the quote is there...
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;" in page
    assert "javascript:" not in page.replace("(javascript:alert(1))", "")
    assert 'href="javascript' not in page


@pytest.mark.db
def test_markdown_report_escapes_post_text(api, hostile_watch):
    markdown = api.get(f"/v1/watches/{hostile_watch['id']}/report?format=md").text
    assert "河粉都是韭菜" in markdown
    assert "<script>" not in markdown
    assert "<img" not in markdown
    assert "](javascript:" not in markdown
    assert "(<javascript" not in markdown


@pytest.mark.db
def test_json_report_keeps_the_stored_text(api, hostile_watch):
    data = api.get(f"/v1/watches/{hostile_watch['id']}/report?format=json").json()
    quotes = [s["quote"] for s in data["stance_history"]]
    assert any(q.startswith('<script>alert("x")') for q in quotes)
