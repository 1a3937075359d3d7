"""One payload builder per channel (alerts.registry names which is whose). Each returns the
JSON object to send; signing and the provider's sign fields are added by the channel's signer."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from alerts.formats import markdown
from alerts.formats.markdown import Dialect
from alerts.notice import Digest, Notice, platform_link
from alerts.text import clip_chars, inert, inert_slack

STANDARD_MAX_BYTES = 20 * 1024
SLACK_SECTION_CHARS = 2900
DINGTALK_TEXT_BYTES = 18_000
FEISHU_TEXT_BYTES = 15_000  # the whole request must stay under 20 KB
WECOM_MARKDOWN_BYTES = 4000  # the API refuses more than 4096


def safe_url(url: str) -> str:
    """Characters that could end a markdown or mrkdwn link early are percent-encoded."""
    return quote(url, safe=":/?#=&%+,;~@!$'*-._")


def _md_link(label: str, url: str) -> str:
    return f"[{label}]({safe_url(url)})"


def _bold(text: str) -> str:
    return f"**{text}**"


DINGTALK = Dialect(escape=inert, bold=_bold, link=_md_link, newline="  \n")
FEISHU = Dialect(escape=inert, bold=_bold, link=_md_link)
WECOM = Dialect(escape=inert, bold=_bold, link=_md_link, quote_chars=60)
SLACK = Dialect(
    escape=inert_slack,
    bold=lambda text: f"*{text}*",
    link=lambda label, url: f"<{safe_url(url)}|{label}>",
)


def _chat_text(digest: Digest, dialect: Dialect, limit: int) -> str:
    parts = markdown.sections(digest, dialect)
    return markdown.fit(parts, markdown.footer(digest, dialect), limit, dialect, digest.language)


def dingtalk(digest: Digest) -> dict[str, Any]:
    text = _chat_text(digest, DINGTALK, DINGTALK_TEXT_BYTES)
    return {
        "msgtype": "markdown",
        "markdown": {"title": markdown.digest_title(digest), "text": text},
        # Never @ anyone: an alert must not page a whole group because a post said "@所有人".
        "at": {"isAtAll": False, "atMobiles": [], "atUserIds": []},
    }


def feishu(digest: Digest) -> dict[str, Any]:
    worst = {n.level for n in digest.notices}
    template = "red" if worst & {"critical", "high"} else "orange" if "medium" in worst else "blue"
    text = _chat_text(digest, FEISHU, FEISHU_TEXT_BYTES)
    return {
        "msg_type": "interactive",
        "card": {
            "config": {"wide_screen_mode": True},
            "header": {
                "template": template,
                "title": {"tag": "plain_text", "content": markdown.digest_title(digest)},
            },
            "elements": [{"tag": "div", "text": {"tag": "lark_md", "content": text}}],
        },
    }


def wecom(digest: Digest) -> dict[str, Any]:
    return {
        "msgtype": "markdown",
        "markdown": {"content": _chat_text(digest, WECOM, WECOM_MARKDOWN_BYTES)},
    }


def slack(digest: Digest) -> dict[str, Any]:
    title = markdown.digest_title(digest)
    if digest.layout == "summary":
        texts = [_chat_text(digest, SLACK, SLACK_SECTION_CHARS)]
    else:
        texts = [
            clip_chars(markdown.notice_section(n, digest, SLACK), SLACK_SECTION_CHARS)
            for n in digest.notices
        ]
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": title}},
        *({"type": "section", "text": {"type": "mrkdwn", "text": t}} for t in texts[:45]),
        {
            "type": "context",
            "elements": [{"type": "mrkdwn", "text": markdown.footer(digest, SLACK)}],
        },
    ]
    return {"text": title, "blocks": blocks}


def _event_json(notice: Notice, digest: Digest) -> dict[str, Any]:
    return {
        "id": notice.event_id,
        "type": notice.type,
        "cause": notice.cause,
        "created_at": notice.created_at.isoformat(),
        "watch_id": notice.watch_id,
        "watch_url": digest.watch_url(notice.watch_id) if notice.watch_id else None,
        "brand": notice.brand,
        "kol": notice.kol,
        "level": notice.level,
        "decision": notice.decision,
        "previous_level": notice.previous_level,
        "previous_decision": notice.previous_decision,
        "score": notice.score,
        "previous_score": notice.previous_score,
        "reasons": list(notice.reasons),
        "reasons_zh": list(notice.reasons_zh),
        "evidence": [
            {
                "quote": e.quote,
                "platform": e.platform,
                "author": e.author,
                "url": platform_link(e.url),
                "created_at": e.created_at,
            }
            for e in notice.evidence
        ],
        "detail": notice.detail,
        "facts": notice.facts,
    }


def _size(body: dict[str, Any]) -> int:
    return len(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode())


def standard(digest: Digest) -> dict[str, Any]:
    kind = "webhook.test" if any(n.type == "test" for n in digest.notices) else "risk.alerts"
    events = [_event_json(n, digest) for n in digest.notices]
    body: dict[str, Any] = {
        "type": kind,
        "timestamp": digest.created_at.isoformat(),
        "data": {
            "message_id": digest.message_id,
            "layout": digest.layout,
            "alerts_url": digest.alerts_url,
            "events": events,
            "truncated_events": 0,
        },
    }
    # Keep under the 20 KB receivers expect: drop quotes first, then reasons, then events.
    for drop in ("evidence", "reasons"):
        for event in events:
            if _size(body) <= STANDARD_MAX_BYTES:
                return body
            event[drop] = []
    while _size(body) > STANDARD_MAX_BYTES and len(events) > 1:
        events.pop()
        body["data"]["truncated_events"] += 1
    return body
