"""The lines of a periodic digest and of an operator alert, in Chinese or English, from the
facts the app gathered (plain data: names, counts, a few quotes). The lines are plain text;
each channel's dialect escapes them, since names and quotes come from hostile posts."""

from __future__ import annotations

from typing import Any

from alerts.formats import words

QUOTES = 3


def digest_lines(facts: dict[str, Any], language: str) -> list[str]:
    first, last = str(facts.get("from", ""))[:10], str(facts.get("to", ""))[:10]
    days = facts.get("days", 7)
    watches = facts.get("watches") or []
    lines = [
        words.phrase(language, "digest_period", days=days, first=first, last=last),
        words.phrase(language, "digest_decisions", n=len(watches)),
    ]
    lines += [_watch_line(w, language) for w in watches]
    evidence = (facts.get("evidence") or [])[:QUOTES]
    if evidence:
        lines.append(words.phrase(language, "digest_evidence"))
        lines += [
            f"· {e.get('brand')} × {e.get('kol')}：「{e.get('quote')}」（{e.get('platform')}）"
            for e in evidence
        ]
    lines += _collection_lines(facts.get("collection") or [], language)
    return lines


def _watch_line(watch: dict[str, Any], language: str) -> str:
    decision = words.decision_label(language, watch.get("decision"))
    level = words.level_label(language, watch.get("level"))
    line = f"· {watch.get('brand')} × {watch.get('kol')}：" + words.phrase(
        language,
        "digest_watch",
        decision=decision,
        level=level,
        score=round(watch.get("score") or 0),
    )
    before = watch.get("previous_decision")
    if before and before != watch.get("decision"):
        was = words.decision_label(language, before)
        line += words.phrase(language, "digest_changed", before=was)
    if watch.get("new_posts"):
        line += words.phrase(
            language, "digest_posts", n=watch["new_posts"], negative=watch.get("new_negative", 0)
        )
    return line


def _collection_lines(platforms: list[dict[str, Any]], language: str) -> list[str]:
    failing = [p for p in platforms if p.get("failing")]
    if not platforms:
        return [words.phrase(language, "digest_no_collection")]
    if not failing:
        return [words.phrase(language, "digest_collection_ok", n=len(platforms))]
    lines = [words.phrase(language, "digest_collection")]
    for p in failing:
        kinds = "，".join(f"{k} ×{n}" for k, n in sorted((p.get("errors") or {}).items()))
        lines.append(
            "· " + words.phrase(language, "digest_platform", platform=p.get("platform"),
                                listings=p.get("listings"), failing=p.get("failing"), kinds=kinds)
        )  # fmt: skip
    return lines


def operator_lines(facts: dict[str, Any], language: str) -> list[str]:
    kind = str(facts.get("kind") or "")
    values = {k: v for k, v in facts.items() if k != "kind"}
    try:
        return [words.phrase(language, f"operator_{kind}", **values)]
    except KeyError:  # a kind this version does not word: say what we know
        return [f"{kind}: {values}"]
