"""The text of chat messages, composed once for every markdown-like dialect.

Every piece of post text, reason, brand or KOL name goes through `Dialect.escape` after links
and line breaks are removed; only the links we add ourselves (the watch page, vetted platform
posts) are real links.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from alerts.formats import words
from alerts.formats.digest import digest_lines, operator_lines
from alerts.notice import Digest, Notice, platform_link
from alerts.text import chat_quote, clip_bytes, clip_chars, one_line, strip_links

REASON_CHARS = 120
NAME_CHARS = 60
LINE_CHARS = 300


@dataclass(frozen=True)
class Dialect:
    escape: Callable[[str], str]
    bold: Callable[[str], str]
    link: Callable[[str, str], str]  # (label, url)
    newline: str = "\n"
    quote_chars: int = 120


def _safe(text: str, d: Dialect, language: str, limit: int) -> str:
    return d.escape(clip_chars(one_line(strip_links(text, language)), limit))


def pairing(notice: Notice, d: Dialect, language: str) -> str:
    brand = _safe(notice.brand or "?", d, language, NAME_CHARS)
    kol = _safe(notice.kol or "?", d, language, NAME_CHARS)
    return f"{brand} × {kol}"


def digest_title(digest: Digest) -> str:
    if digest.layout == "summary":
        return words.title(digest.language, "summary")
    types = {n.type for n in digest.notices}
    key = types.pop() if len(types) == 1 else "digest"
    return words.title(digest.language, key)


def _score_line(notice: Notice, language: str) -> str:
    after = f"{notice.score:.0f}" if notice.score is not None else "?"
    if notice.previous_score is None:
        return words.phrase(language, "score_new", after=after)
    return words.phrase(language, "score", before=f"{notice.previous_score:.0f}", after=after)


def _evidence_lines(notice: Notice, d: Dialect, language: str) -> list[str]:
    lines = []
    for item in notice.evidence[:3]:
        quote = d.escape(chat_quote(item.quote, language, d.quote_chars))
        author = _safe(item.author or "", d, language, NAME_CHARS)
        source = f"{author}（{d.escape(item.platform)}）" if author else d.escape(item.platform)
        link = platform_link(item.url)
        tail = " " + d.link(words.phrase(language, "source"), link) if link else ""
        lines.append(f"· 「{quote}」 — {source}{tail}")
    return lines


def notice_section(notice: Notice, digest: Digest, d: Dialect) -> str:
    language = digest.language
    title = d.bold(words.title(language, notice.type))
    if notice.type == "test":
        return f"{title}{d.newline}{words.phrase(language, 'test_body')}"
    if notice.type == "webhook_disabled":
        return f"{title}{d.newline}{_safe(notice.detail or '', d, language, 400)}"
    if notice.type in ("weekly_digest", "operator"):
        made = digest_lines if notice.type == "weekly_digest" else operator_lines
        lines = [_safe(line, d, language, LINE_CHARS) for line in made(notice.facts, language)]
        return d.newline.join([title, *lines])
    risk = words.phrase(
        language,
        "risk",
        level=words.level_label(language, notice.level),
        decision=words.decision_label(language, notice.decision),
    )
    lines = [f"{title} {pairing(notice, d, language)}", f"{risk}；{_score_line(notice, language)}"]
    if reasons := notice.reasons_in(language):
        lines.append(d.bold(words.phrase(language, "reasons")))
        lines += [f"· {_safe(r, d, language, REASON_CHARS)}" for r in reasons[:3]]
    if notice.evidence:
        lines.append(d.bold(words.phrase(language, "evidence")))
        lines += _evidence_lines(notice, d, language)
    if notice.watch_id:
        lines.append(d.link(words.phrase(language, "open"), digest.watch_url(notice.watch_id)))
    return d.newline.join(lines)


def _summary_intro(digest: Digest) -> str:
    causes = {n.cause for n in digest.notices}
    key = (
        "summary_model_change"
        if causes == {"model_change"}
        else "summary_rules"
        if causes == {"rules_change"}
        else "summary_storm"
    )
    return words.phrase(digest.language, key, n=len({n.watch_id for n in digest.notices}))


def summary_sections(digest: Digest, d: Dialect) -> list[str]:
    language = digest.language
    counts = Counter(n.level for n in digest.notices)
    count_line = "，".join(
        words.phrase(language, "count", level=words.level_label(language, level), n=n)
        for level, n in sorted(counts.items(), key=lambda item: str(item[0]))
    )
    head = f"{d.bold(_summary_intro(digest))}{d.newline}{count_line}"
    lines = []
    for notice in digest.notices:
        change = (
            f"{words.level_label(language, notice.previous_level)} → "
            f"{words.level_label(language, notice.level)}"
        )
        link = d.link(words.phrase(language, "open"), digest.watch_url(notice.watch_id or ""))
        lines.append(f"· {pairing(notice, d, language)}：{change} {link}")
    return [head, *lines]


def sections(digest: Digest, d: Dialect) -> list[str]:
    if digest.layout == "summary":
        return summary_sections(digest, d)
    return [notice_section(n, digest, d) for n in digest.notices]


def footer(digest: Digest, d: Dialect) -> str:
    return d.link(words.phrase(digest.language, "alerts"), digest.alerts_url)


def fit(parts: list[str], tail: str, limit: int, d: Dialect, language: str) -> str:
    """Join as many parts as fit in `limit` UTF-8 bytes, then say how many were left out; the
    tail (our link) is always kept, and a first part too long on its own is clipped."""
    separator = d.newline * 2
    budget = limit - len((separator + tail).encode())
    kept: list[str] = []
    for index, part in enumerate(parts):
        more = words.phrase(language, "more", n=len(parts) - index)
        candidate = separator.join([*kept, part])
        rest_needed = len((separator + more).encode()) if index < len(parts) - 1 else 0
        if len(candidate.encode()) + rest_needed <= budget:
            kept.append(part)
            continue
        if not kept:
            kept.append(clip_bytes(part, budget - len((separator + more).encode())))
            index += 1
        if index < len(parts):
            kept.append(words.phrase(language, "more", n=len(parts) - index))
        break
    return separator.join([*kept, tail])
