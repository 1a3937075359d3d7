"""What a tenant's periodic digest says, gathered from stored rows: each watch's decision now
and at the period's start, its posts of the period (from the day rollups), the newest
evidence, and how collection went (coverage)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Assessment, Brand, Coverage, Kol, Rollup, Watch
from app.risk.engine import DECISION_ORDER
from app.rollups.service import build_rollups, day_of

ACTIVE_STAGES = ("shortlisted", "negotiating", "signed", "live")
SHOWN_WATCHES = 20
SHOWN_QUOTES = 3
QUOTE_CHARS = 80


def digest_facts(
    session: Session, tenant_id: str, since: datetime, now: datetime
) -> dict[str, Any]:
    watches = list(
        session.scalars(
            select(Watch).where(Watch.tenant_id == tenant_id, Watch.stage.in_(ACTIVE_STAGES))
        )
    )
    rows = [_watch_facts(session, w, since, now) for w in watches]
    rows.sort(key=lambda r: (-DECISION_ORDER.get(r["decision"] or "", 0), -(r["score"] or 0)))
    return {
        "days": max(1, round((now - since).total_seconds() / 86400)),
        "from": since.isoformat(),
        "to": now.isoformat(),
        "watches": rows[:SHOWN_WATCHES],
        "more_watches": max(0, len(rows) - SHOWN_WATCHES),
        "evidence": _new_evidence(session, rows, since),
        "collection": _collection(session, [w.id for w in watches]),
    }


def _latest(session: Session, watch_id: str, before: datetime | None = None) -> Assessment | None:
    query = select(Assessment).where(Assessment.watch_id == watch_id)
    if before is not None:
        query = query.where(Assessment.evaluated_at <= before)
    return session.scalar(query.order_by(Assessment.seq.desc()).limit(1))


def _watch_facts(session: Session, watch: Watch, since: datetime, now: datetime) -> dict[str, Any]:
    brand, kol = session.get(Brand, watch.brand_id), session.get(Kol, watch.kol_id)
    now_snapshot, then = _latest(session, watch.id), _latest(session, watch.id, since)
    build_rollups(session, watch, now)  # incremental: the days changed since the last job run
    posts = dict(
        session.execute(
            select(Rollup.bucket, func.sum(Rollup.posts))
            .where(Rollup.watch_id == watch.id, Rollup.day >= day_of(session, since))
            .group_by(Rollup.bucket)
        ).all()
    )
    return {
        "watch_id": watch.id,
        "brand": brand.name if brand else "?",
        "kol": kol.name if kol else "?",
        "stage": watch.stage,
        "decision": now_snapshot.decision if now_snapshot else None,
        "level": now_snapshot.level if now_snapshot else None,
        "score": now_snapshot.score if now_snapshot else None,
        "previous_decision": then.decision if then else None,
        "previous_level": then.level if then else None,
        "new_posts": int(sum(posts.values())),
        "new_negative": int(posts.get("negative", 0)),
    }


def _new_evidence(
    session: Session, rows: list[dict[str, Any]], since: datetime
) -> list[dict[str, Any]]:
    """The newest quote of the period from each of the riskiest watches' current snapshots."""
    quotes: list[dict[str, Any]] = []
    for row in rows[:SHOWN_QUOTES]:
        snapshot = _latest(session, row["watch_id"])
        payload = snapshot.payload if snapshot else {}
        items = [
            (moment, item)
            for component in payload.get("components") or []
            for item in component.get("evidence") or []
            if not item.get("removed_on_request")
            and (moment := _moment(item.get("created_at"))) is not None
            and moment >= since
        ]
        if items:
            _, item = max(items, key=lambda pair: pair[0])
            quote = str(item.get("quote") or "")[:QUOTE_CHARS]
            quotes.append(
                {"brand": row["brand"], "kol": row["kol"], "platform": item.get("platform"),
                 "quote": quote}
            )  # fmt: skip
    return quotes


def _moment(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _collection(session: Session, watch_ids: list[str]) -> list[dict[str, Any]]:
    """Per platform: listings collected, how many failed on their last run, and why."""
    if not watch_ids:
        return []
    per_platform: dict[str, dict[str, Any]] = {}
    for row in session.scalars(select(Coverage).where(Coverage.watch_id.in_(watch_ids))):
        entry = per_platform.setdefault(
            row.platform,
            {"platform": row.platform, "listings": 0, "failing": 0, "errors": Counter()},
        )
        entry["listings"] += 1
        if failing(row):
            entry["failing"] += 1
            entry["errors"][row.last_error_kind or "error"] += 1
    return [{**entry, "errors": dict(entry["errors"])} for _, entry in sorted(per_platform.items())]


def failing(row: Coverage) -> bool:
    if row.last_error_at is None:
        return False
    return row.last_success_at is None or row.last_error_at > row.last_success_at
