"""Answering a request end to end, owning its transactions (the API and the CLI call these):
find is one read; erase is one write, then each affected watch re-evaluated on its own."""

from __future__ import annotations

from app.audit import Actor
from app.clock import Clock
from app.db import Database
from app.privacy import service
from app.privacy.schemas import (
    AccountHeld,
    ErasureDone,
    ErasureOut,
    FindingsOut,
    MentionHeld,
    PostHeld,
    QuotedIn,
    ReevaluatedWatch,
)
from app.risk.moment import ReadTime
from app.risk.reads import read_risk
from app.tenants.audit_hooks import audit
from sentiment import Scorer


def find(
    database: Database, author: service.DataSubject, actor: Actor, clock: Clock
) -> FindingsOut:
    with database.session_scope(write=False) as session:
        found = service.find(session, author)
        held = FindingsOut(
            platform=author.platform,
            uid=author.uid,
            posts=[PostHeld.model_validate(p, from_attributes=True) for p in found.posts],
            mentions=[MentionHeld.model_validate(m, from_attributes=True) for m in found.mentions],
            accounts=[AccountHeld.model_validate(a) for a in found.accounts],
            evidence=[
                *(
                    QuotedIn(kind="assessment", id=a.id, watch_id=a.watch_id, at=a.evaluated_at)
                    for a in found.assessments
                ),
                *(
                    QuotedIn(kind="alert_event", id=e.id, watch_id=e.watch_id, at=e.created_at)
                    for e in found.alert_events
                ),
            ],  # fmt: skip
            erasures=[ErasureOut.model_validate(e, from_attributes=True) for e in found.erasures],
        )
    # An access request is audited too, in a short write of its own (the read took none).
    with database.session_scope() as session:
        detail = {"platform": author.platform, "posts": len(held.posts)}
        audit(session, actor, "find", "author", author.subject_hash, at=clock(), detail=detail)
    return held


def erase(
    database: Database,
    author: service.DataSubject,
    actor: Actor,
    scorer: Scorer,
    clock: Clock,
    inline_limit: int,
) -> ErasureDone:
    with database.session_scope() as session:
        result = service.erase(session, author, actor, clock())
        done = ErasureOut.model_validate(result.erasure, from_attributes=True)
    watches = []
    for watch_id in result.watches:
        time = ReadTime(clock(), inline_limit=inline_limit)
        risk = read_risk(database, author.tenant_id, watch_id, scorer, time=time)
        watches.append(
            ReevaluatedWatch(
                watch_id=watch_id, decision=risk.decision, level=risk.level, score=risk.score
            )
        )
    return ErasureDone(**done.model_dump(), watches=watches)
