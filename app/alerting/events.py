"""Risk transitions (the outbox) become alert state changes and alert events.

Each transition is claimed with a conditional UPDATE ... WHERE dispatched_at IS NULL whose
rowcount must be 1, in the same transaction that writes the events it causes: two schedulers
never turn one transition into two notifications, and a crash loses nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from pydantic import ValidationError
from sqlalchemy import CursorResult, or_, select, update
from sqlalchemy.orm import Session

from app.alerting import lifecycle
from app.alerting.policy import DEFAULT_POLICY, AlertPolicy
from app.alerting.silences import is_silenced
from app.ids import new_id
from app.models import Alert, AlertEvent, Assessment, Brand, Kol, Transition, Watch
from app.risk.schemas import RiskOut, reason_texts

EVIDENCE_QUOTES = 3


def _claim(session: Session, transition_id: str, now: datetime) -> bool:
    result = session.execute(
        update(Transition)
        .where(Transition.id == transition_id, Transition.dispatched_at.is_(None))
        .values(dispatched_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(cast(CursorResult[Any], result).rowcount) == 1


def top_evidence(components: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The three quotes of the heaviest components, one per post."""
    ordered = sorted(
        components, key=lambda c: -float(c.get("score", 0)) * float(c.get("weight", 0))
    )
    quotes: list[dict[str, Any]] = []
    for component in ordered:
        for item in component.get("evidence") or []:
            if len(quotes) == EVIDENCE_QUOTES:
                return quotes
            if any(q["post_id"] == item.get("post_id") for q in quotes):
                continue
            author = item.get("author") or {}
            quotes.append(
                {
                    "post_id": item.get("post_id"),
                    "quote": item.get("quote"),
                    "platform": item.get("platform"),
                    "author": author.get("name") if isinstance(author, dict) else None,
                    "url": item.get("url"),
                    "created_at": item.get("created_at"),
                }
            )
    return quotes


def payload_of(session: Session, watch: Watch, snapshot: Assessment | None) -> dict[str, Any]:
    brand, kol = session.get(Brand, watch.brand_id), session.get(Kol, watch.kol_id)
    payload: dict[str, Any] = {
        "brand": brand.name if brand else None,
        "kol": kol.name if kol else None,
    }
    if snapshot is None:
        return payload
    previous = session.scalar(
        select(Assessment.score).where(
            Assessment.watch_id == watch.id, Assessment.seq == snapshot.seq - 1
        )
    )
    stored = snapshot.payload or {}
    return payload | {
        "score": snapshot.score,
        "previous_score": previous,
        "reasons": list(stored.get("reasons") or [])[:3],
        "reasons_zh": _reasons_zh(stored)[:3],
        "evidence": top_evidence(list(stored.get("components") or [])),
    }


def _reasons_zh(stored: dict[str, Any]) -> list[str]:
    """The reasons in Chinese, for chat channels set to zh; [] when the snapshot predates them."""
    try:
        return reason_texts(RiskOut.model_validate(stored), "zh")
    except ValidationError:
        return []


def _alert(session: Session, transition: Transition) -> Alert | None:
    return session.scalar(
        select(Alert).where(Alert.fingerprint == lifecycle.fingerprint(transition.watch_id))
    )


def _new_alert(transition: Transition, score: float, now: datetime) -> Alert:
    return Alert(
        id=new_id("alr"),
        tenant_id=transition.tenant_id,
        watch_id=transition.watch_id,
        rule=lifecycle.RULE,
        fingerprint=lifecycle.fingerprint(transition.watch_id),
        status="firing",
        level=transition.to_level,
        decision=transition.to_decision,
        score=score,
        started_at=now,
        updated_at=now,
    )


def _update_alert(
    alert: Alert, kind: str | None, t: Transition, score: float, now: datetime
) -> None:
    if kind == "firing":
        # A new firing cycle of the same fingerprint: nothing acknowledged or notified yet.
        alert.status, alert.started_at, alert.resolved_at = "firing", now, None
        alert.acked_at = alert.acked_by = alert.last_notified_at = None
    elif kind == "escalated":
        alert.acked_at = alert.acked_by = None  # worse news needs a fresh acknowledgement
    elif kind == "resolved":
        alert.status, alert.resolved_at = "resolved", now
    alert.level, alert.decision, alert.score, alert.updated_at = (
        t.to_level,
        t.to_decision,
        score,
        now,
    )


def apply_transition(session: Session, transition: Transition, now: datetime) -> AlertEvent | None:
    watch = session.get(Watch, transition.watch_id)
    if watch is None:
        return None
    snapshot = session.get(Assessment, transition.assessment_id)
    score = snapshot.score if snapshot else 0.0
    alert = _alert(session, transition)
    kind = lifecycle.event_for(
        alert.status if alert else None,
        alert.level if alert else None,
        alert.decision if alert else None,
        transition.to_level,
        transition.to_decision,
    )
    if alert is None:
        if kind is None:
            return None
        alert = _new_alert(transition, score, now)
        session.add(alert)
        session.flush()
    was_notified = alert.last_notified_at is not None
    _update_alert(alert, kind, transition, score, now)
    if kind is None:
        return None
    # No resolved notice for a firing nobody was told about (it was silenced).
    quiet = is_silenced(session, watch.id, now) or (kind == "resolved" and not was_notified)
    event = AlertEvent(
        id=new_id("evt"),
        tenant_id=transition.tenant_id,
        alert_id=alert.id,
        watch_id=watch.id,
        transition_id=transition.id,
        type=kind,
        cause=transition.cause,
        level=transition.to_level,
        decision=transition.to_decision,
        previous_level=transition.from_level,
        previous_decision=transition.from_decision,
        payload=payload_of(session, watch, snapshot),
        silenced=quiet,
        created_at=now,
        grouped_at=now if quiet else None,
    )
    session.add(event)
    if not quiet:
        alert.last_notified_at = now
    return event


def ingest_transitions(session: Session, now: datetime, batch: int = 500) -> int:
    """Claim unprocessed transitions in order and apply them; returns how many were applied."""
    pending = session.scalars(
        select(Transition)
        .where(Transition.dispatched_at.is_(None))
        .order_by(Transition.created_at, Transition.id)
        .limit(batch)
    ).all()
    applied = 0
    for transition in pending:
        if _claim(session, transition.id, now):
            apply_transition(session, transition, now)
            applied += 1
    return applied


def queue_repeats(session: Session, now: datetime, policy: AlertPolicy = DEFAULT_POLICY) -> int:
    """A reminder for every alert still firing, unacknowledged and unsilenced, told about no
    sooner than repeat_interval ago."""
    due = session.scalars(
        select(Alert).where(
            Alert.status == "firing",
            Alert.acked_at.is_(None),
            or_(
                Alert.last_notified_at <= now - policy.repeat_interval,
                # Fired while silenced, the silence is over and it still fires: tell now.
                Alert.last_notified_at.is_(None),
            ),
        )
    ).all()
    queued = 0
    for alert in due:
        watch = session.get(Watch, alert.watch_id)
        if watch is None or is_silenced(session, alert.watch_id, now):
            continue
        latest = session.scalar(
            select(Assessment)
            .where(Assessment.watch_id == watch.id)
            .order_by(Assessment.seq.desc())
            .limit(1)
        )
        session.add(
            AlertEvent(
                id=new_id("evt"),
                tenant_id=alert.tenant_id,
                alert_id=alert.id,
                watch_id=watch.id,
                type="repeat" if alert.last_notified_at else "firing",
                cause="evidence",
                level=alert.level,
                decision=alert.decision,
                payload=payload_of(session, watch, latest),
                created_at=now,
            )
        )
        alert.last_notified_at = now
        queued += 1
    return queued
