"""Every report format for the demo's watches; the same claims in HTML, Markdown and JSON."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest

from app.reports.markdown import md_text
from app.risk.messages import DECISION_ZH, Message, render
from app.risk.service import REPLAY_NOTE

DECISIONS = {"硬核老刀": "no_go", "苏葵实验室": "caution", "小满爱拆机": "go"}
TYPES = {"json": "application/json", "md": "text/markdown", "html": "text/html"}


def report(client, watch_id, fmt, **params):
    response = client.get(f"/v1/watches/{watch_id}/report", params={"format": fmt, **params})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(TYPES[fmt])
    return response


@pytest.mark.db
def test_every_format_renders_for_each_demo_watch(app_client, demo):
    for kol, decision in DECISIONS.items():
        data = report(app_client, demo[kol], "json").json()
        assert data["risk"]["decision"] == decision
        assert data["watch"]["kol_name"] == kol
        page = report(app_client, demo[kol], "html").text
        assert 'id="decision"' in page
        assert "<script" not in page
        assert (
            "default-src 'none'"
            in report(app_client, demo[kol], "html").headers["content-security-policy"]
        )
        markdown = report(app_client, demo[kol], "md").text
        assert f"**{DECISION_ZH[decision]}** ({decision.upper().replace('_', '-')})" in markdown


@pytest.mark.db
def test_no_go_first_screen_has_reasons_with_quotes_timeline_and_stance(app_client, demo):
    data = report(app_client, demo["硬核老刀"], "json").json()
    reasons = data["top_reasons"]
    assert len(reasons) == 3
    assert all(r["evidence"] for r in reasons)
    assert reasons[0]["component"] == "stance"
    assert any(day["rumour_start"] for day in data["timeline"])
    assert {e["stance"] for e in data["stance_history"]} >= {"contempt"}
    assert data["coverage"]["posts"] > 0
    assert data["coverage"]["platforms"]
    page = report(app_client, demo["硬核老刀"], "html").text
    assert "不建议签约" in page
    assert "签约前风险报告" in page
    english = report(app_client, demo["硬核老刀"], "html", lang="en").text
    assert "NO-GO" in english
    assert "Pre-contract risk report" in english


@pytest.mark.db
def test_markdown_and_json_carry_the_same_claims_as_html(app_client, demo):
    """The JSON keeps the API's English; the English html and md say the same sentences."""
    watch = demo["硬核老刀"]
    data = report(app_client, watch, "json").json()
    page = report(app_client, watch, "html", lang="en").text
    markdown = report(app_client, watch, "md", lang="en").text
    risk = data["risk"]
    claims = [*risk["reasons"][:3], *(c["summary"] for c in risk["components"])]
    claims += [e["quote"] for r in data["top_reasons"] for e in r["evidence"]]
    claims += [s["quote"] for s in data["stance_history"]]
    for claim in claims:
        assert html.escape(claim, quote=False) in page.replace("&#39;", "'").replace(
            "&#34;", '"'
        ), claim
        assert md_text(claim) in markdown, claim
    assert f"{risk['score']:.0f} / 100" in page
    assert f"{risk['score']:.0f} / 100" in markdown
    for day in data["timeline"]:
        assert f"| {day['day']} | {day['posts']} |" in markdown


@pytest.mark.db
def test_timeline_svg_is_well_formed_and_marks_the_leak(app_client, demo):
    page = report(app_client, demo["硬核老刀"], "html").text
    svg = re.search(r"<svg .*?</svg>", page, re.S)
    assert svg is not None
    root = ET.fromstring(svg.group(0))
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg"
    assert len(root.findall(f"{ns}rect")) > 10
    assert root.findall(f"{ns}polyline")
    assert any(line.get("stroke-dasharray") for line in root.findall(f"{ns}line"))
    assert "http" not in svg.group(0).replace("http://www.w3.org/2000/svg", "")


@pytest.mark.db
def test_a_long_history_shows_its_recent_days_first_then_all_of_it_by_week(app_client, demo):
    data = report(app_client, demo["硬核老刀"], "json").json()
    days = len(data["timeline"])
    assert days > 120  # the demo KOL has most of a year of posts
    page = report(app_client, demo["硬核老刀"], "html").text
    charts = re.findall(r"<svg [^>]*class=\"timeline\".*?</svg>", page, re.S)
    assert len(charts) == 2
    ns = "{http://www.w3.org/2000/svg}"
    recent, full = (ET.fromstring(chart) for chart in charts)
    bars = [r for r in recent.findall(f"{ns}rect") if r.find(f"{ns}title") is not None]
    assert len(bars) == 30  # the fresh leak gets a day per bar, not the chart's last pixels
    assert any(line.get("stroke-dasharray") for line in recent.findall(f"{ns}line"))
    weekly = [r for r in full.findall(f"{ns}rect") if r.find(f"{ns}title") is not None]
    assert len(weekly) == -(-days // 7)
    assert page.index("最近 30 天") < page.index(f"全部 {days} 天")


@pytest.mark.db
def test_as_of_report_is_a_replay_and_says_so(app_client, demo, clock):
    as_of = (clock() - timedelta(days=5)).isoformat()
    data = report(app_client, demo["硬核老刀"], "json", as_of=as_of).json()
    assert data["replay"] is True
    assert REPLAY_NOTE in data["risk"]["notes"]
    cut = (clock() - timedelta(days=5)).date().isoformat()
    assert max(day["day"] for day in data["timeline"]) <= cut
    assert not any(day["rumour_start"] for day in data["timeline"][-2:])
    page = report(app_client, demo["硬核老刀"], "html", as_of=as_of).text
    assert REPLAY_NOTE in html.unescape(page)
    assert md_text(REPLAY_NOTE) in report(app_client, demo["硬核老刀"], "md", as_of=as_of).text


@pytest.mark.db
def test_other_tenants_watch_is_not_found(app_client, demo, database):
    from tests.conftest import make_key

    app_client.headers["Authorization"] = f"Bearer {make_key(database, 'other', ['read'])}"
    response = app_client.get(f"/v1/watches/{demo['硬核老刀']}/report")
    assert response.status_code == 404
    anonymous = {"Authorization": ""}
    url = f"/v1/watches/{demo['硬核老刀']}/report"
    assert app_client.get(url, headers=anonymous).status_code == 401


def _zh(message):
    return render(Message(message["key"], message["params"]), "zh")


def _unescaped(page):
    return page.replace("&#39;", "'").replace("&#34;", '"')


@pytest.mark.db
@pytest.mark.parametrize("kol", list(DECISIONS))
def test_chinese_report_words_reasons_and_summaries_in_chinese(app_client, demo, kol):
    """The default (zh) html and md show the Chinese sentences and none of the English ones."""
    data = report(app_client, demo[kol], "json").json()
    risk = data["risk"]
    assert len(risk["reason_messages"]) == len(risk["reasons"])
    assert all(r["message"] for r in data["top_reasons"])
    page = _unescaped(report(app_client, demo[kol], "html").text)
    markdown = report(app_client, demo[kol], "md").text
    chinese = [_zh(m) for m in risk["reason_messages"][:3]]
    chinese += [_zh(c["summary_message"]) for c in risk["components"]]
    for claim in chinese:
        assert html.escape(claim, quote=False) in page, claim
        assert md_text(claim) in markdown, claim
    english = [*risk["reasons"], *(c["summary"] for c in risk["components"])]
    for sentence in english:
        assert html.escape(sentence, quote=False) not in page, sentence
        assert md_text(sentence) not in markdown, sentence


@pytest.mark.db
def test_chinese_no_go_reason_uses_the_verdicts_wording(app_client, demo):
    page = report(app_client, demo["硬核老刀"], "html").text
    reasons = page.split('class="reasons"', 1)[1].split("</ol>", 1)[0]
    assert "不建议签约：" in reasons
    assert "at or above" not in reasons


@pytest.mark.db
def test_reasons_never_quote_the_same_post_twice_and_outlets_have_no_follower_count(
    app_client, demo
):
    data = report(app_client, demo["硬核老刀"], "json").json()
    quoted = [e["post_id"] for r in data["top_reasons"] for e in r["evidence"]]
    assert len(quoted) == len(set(quoted))
    evidence = [e for c in data["risk"]["components"] for e in c["evidence"]]
    news = [e for e in evidence if e["platform"] == "news"]
    assert news
    assert all(e["author"]["followers"] is None for e in news)  # unknown is not 0
    assert "新闻" in report(app_client, demo["硬核老刀"], "html").text
