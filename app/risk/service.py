"""Risk reads: stored snapshots when nothing changed, fresh evaluations (and transitions) when
something did, replays for as_of. The engine itself is pure (app.risk.engine)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from app.analyst.service import Exclusions, active_override, exclusions_of
from app.changes import stamps
from app.db import upsert_for
from app.errors import NotFound
from app.ids import new_id
from app.models import Assessment, Brand, Kol, Tenant, Transition, Watch
from app.risk.coverage import (
    CountedCoverage,
    Span,
    count_coverage,
    misdated_posts,
    pending_post_ids,
)
from app.risk.engine import assess
from app.risk.gather import gather_inputs
from app.risk.markers import MarkerParts, marker_of, parts_of, rules_for
from app.risk.moment import ReadTime
from app.risk.rules import RiskRules
from app.risk.schemas import (
    OverrideOut,
    RiskHistoryOut,
    RiskOut,
    SnapshotOut,
    TransitionOut,
    risk_out,
)
from app.scoring.service import (
    model_key,
    other_models,
    queued_posts_of,
    score_pending,
    score_posts,
)
from sentiment import Scorer

REPLAY_NOTE = (
    "as_of replay: posts that existed then, read with today's stored text, metrics and aliases"
)
MISDATED_NOTE = (
    "{posts} stored post(s) naming the KOL are dated outside 2000-01-01 to 2100-01-01 and are "
    "left out: their dates cannot be read (GET /v1/posts/{{id}} still shows them)"
)


def tenant_rules(session: Session, tenant_id: str) -> RiskRules:
    tenant = session.get(Tenant, tenant_id)
    return rules_for(tenant.risk_rules if tenant else None)


def evaluate(
    session: Session,
    pairing: tuple[Brand, Kol],
    scorer: Scorer,
    rules: RiskRules,
    *,
    time: ReadTime,
    exclusions: Exclusions | None = None,
    score_inline: bool = False,
) -> RiskOut:
    """Assess a pairing at time.moment. With `score_inline`, posts the count finds unscored are
    scored first (up to time.inline_limit) before the coverage is counted again; the posts
    themselves are read once, after that."""
    brand, kol = pairing
    excluded = exclusions or Exclusions()
    model = model_key(scorer.model)

    def count() -> CountedCoverage:
        return count_coverage(session, brand.tenant_id, kol.id, model, excluded, time=time)

    counted = count()
    if (
        score_inline
        and counted.counts.pending
        and score_inline_pending(
            session, (brand.tenant_id, kol.id), scorer, counted.pending_spans, time=time
        )
    ):
        counted = count()
    inputs = gather_inputs(session, brand, kol, scorer, excluded, counted.counts, time=time)
    notes = [REPLAY_NOTE] if time.replay else []
    if misdated := misdated_posts(session, brand.tenant_id, kol.id):
        notes.append(MISDATED_NOTE.format(posts=misdated))
    return risk_out(
        assess(inputs, rules),
        brand_id=brand.id,
        kol_id=kol.id,
        evaluated_at=time.moment,
        stored=False,
        notes=notes,
    )


def score_inline_pending(
    session: Session,
    owner: tuple[str, str],
    scorer: Scorer,
    spans: tuple[Span, ...] | None,
    *,
    time: ReadTime,
) -> bool:
    """Score up to time.inline_limit of the KOL's pending posts inside a read, looking only
    within `spans` when the coverage count knows where they lie (a scan of every mention
    otherwise); whether any was."""
    tenant_id, kol_id = owner
    limit = time.inline_limit
    if spans is None:
        scored = score_pending(
            session, scorer, time.now, limit=limit, tenant_id=tenant_id, kol_id=kol_id
        )
    else:
        ids = pending_post_ids(session, tenant_id, kol_id, spans, limit)
        scored = score_posts(session, scorer, time.now, ids)
    return bool(scored)


def score_watch_pending(
    session: Session,
    watch: Watch,
    pairing: tuple[Brand, Kol],
    scorer: Scorer,
    others: bool | None = None,
    *,
    time: ReadTime,
) -> bool:
    """Score (up to time.inline_limit of) the watch's posts still waiting for a score; whether
    any was. `time` is a current read's (its as_of None).
    Run in a write transaction of its own, so the evaluation after it holds no write lock.
    The waiting posts are the KOL's entries in the score queue; only while scores of an older
    model wait for their rescore (`others`, when the caller just asked other_models()) does it
    count the watch's coverage to find them."""
    brand, kol = pairing
    model = model_key(scorer.model)
    if others is None:
        others = other_models(session, model)
    if not others:
        queued = queued_posts_of(session, brand.tenant_id, kol.id, time.inline_limit)
        return bool(queued) and bool(score_posts(session, scorer, time.now, queued))
    exclusions = exclusions_of(session, watch)
    counted = count_coverage(session, brand.tenant_id, kol.id, model, exclusions, time=time)
    if not counted.counts.pending:
        return False
    owner = (brand.tenant_id, kol.id)
    return score_inline_pending(session, owner, scorer, counted.pending_spans, time=time)


@dataclass(frozen=True)
class Pending:
    """Whether a watch's KOL has posts waiting for a score, and whether scores of another
    model exist (then the score queue does not hold every waiting post)."""

    waiting: bool
    others: bool


def watch_pending(
    session: Session, watch: Watch, pairing: tuple[Brand, Kol], scorer: Scorer
) -> Pending:
    """A probe of the score queue (and the two ends of the scores' model index)."""
    _brand, kol = pairing
    if other_models(session, model_key(scorer.model)):
        return Pending(True, True)  # score_watch_pending() counts to find out
    return Pending(bool(queued_posts_of(session, watch.tenant_id, kol.id, 1)), False)


def watch_has_pending(
    session: Session, watch: Watch, pairing: tuple[Brand, Kol], scorer: Scorer
) -> bool:
    """Whether the watch's KOL has posts waiting for a score (a probe of the score queue)."""
    return watch_pending(session, watch, pairing, scorer).waiting


def evaluate_current(
    session: Session,
    watch: Watch,
    pairing: tuple[Brand, Kol],
    scorer: Scorer,
    rules: RiskRules,
    marker: str | None = None,
    *,
    time: ReadTime,
) -> tuple[RiskOut, str]:
    """A current evaluation and the marker of what it read (taken first, or `marker` when the
    caller took it before anything moved since), without scoring or storing anything: a
    read-only transaction serves."""
    if marker is None:
        marker = inputs_marker(session, watch, pairing, scorer, rules, time=time)
    exclusions = exclusions_of(session, watch)
    risk = evaluate(session, pairing, scorer, rules, time=time, exclusions=exclusions)
    risk.watch_id = watch.id
    return risk, marker


def store_current(
    session: Session,
    watch: Watch,
    risk: RiskOut,
    marker: str,
    *,
    time: ReadTime,
    overrides: bool = True,
) -> RiskOut:
    """Store an evaluate_current() reading (in a short write transaction); when a snapshot of
    the same inputs got there first, it is the answer. `overrides=False`: the caller knows the
    watch never had a decision override (none is looked up)."""
    previous = latest_snapshot(session, watch.id)
    if previous is not None and previous.inputs_marker == marker:
        risk = RiskOut.model_validate(previous.payload)
        return with_override(session, watch, risk, None, lookup=overrides)
    stored = store_snapshot(session, watch, risk, marker, previous, time=time)
    return with_override(session, watch, stored, None, lookup=overrides)


def inputs_marker(
    session: Session,
    watch: Watch,
    pairing: tuple[Brand, Kol],
    scorer: Scorer,
    rules: RiskRules,
    *,
    time: ReadTime,
) -> str:
    """Changes whenever anything an evaluation reads has changed (app.risk.markers). O(1): it
    reads the stamps of the watch's brand and KOL, never the watch's posts, so a post naming
    anyone else leaves it as it was."""
    return marked(parts_of(session, watch, pairing), pairing, scorer, rules, time=time)


def marked(
    parts: MarkerParts,
    pairing: tuple[Brand, Kol],
    scorer: Scorer,
    rules: RiskRules,
    *,
    time: ReadTime,
) -> str:
    model = model_key(scorer.model)
    return marker_of(
        parts.stamps, pairing, model, rules, parts.exclusions, parts.coverage_updated, time.now
    )


def restamped(session: Session, current: Current) -> MarkerParts:
    """The Current's marker parts with the brand's and KOL's stamps read again (after a write
    that moves only those, such as scoring the KOL's posts)."""
    brand, kol = current.pairing
    stamped = stamps(session, [brand.id, kol.id])
    return replace(current.parts, stamps=(stamped[brand.id], stamped[kol.id]))


LATEST_SNAPSHOT = (
    select(Assessment)
    .where(Assessment.watch_id == bindparam("watch"))
    .order_by(Assessment.seq.desc())
    .limit(1)
)


def latest_snapshot(session: Session, watch_id: str) -> Assessment | None:
    return session.scalar(LATEST_SNAPSHOT, {"watch": watch_id})


@dataclass
class Current:
    """A watch as a current read finds it: what it is computed from, the marker of those
    inputs now (and what it was made of), and the last stored snapshot (fresh while its
    marker is the same)."""

    watch: Watch
    pairing: tuple[Brand, Kol]
    rules: RiskRules
    parts: MarkerParts
    marker: str
    snapshot: Assessment | None

    @property
    def fresh(self) -> bool:
        return self.snapshot is not None and self.snapshot.inputs_marker == self.marker


def look(
    session: Session,
    watch: Watch,
    scorer: Scorer,
    loaded: tuple[tuple[Brand, Kol], RiskRules] | None = None,
    *,
    time: ReadTime,
    found: tuple[MarkerParts, Assessment | None] | None = None,
) -> Current:
    """The watch's inputs marker and last snapshot, in two statements; `loaded`: its pairing
    and rules when the caller has them already; `found`: the marker's parts and the last
    snapshot when the caller read them with the watch (app.risk.reads)."""
    if loaded is None:
        brand, kol = session.get(Brand, watch.brand_id), session.get(Kol, watch.kol_id)
        if brand is None or kol is None:  # the foreign keys forbid this; say so if ever
            raise NotFound(f"watch {watch.id!r} refers to a missing brand or KOL")
        loaded = (brand, kol), tenant_rules(session, watch.tenant_id)
    pairing, rules = loaded
    if found is None:
        found = parts_of(session, watch, pairing), latest_snapshot(session, watch.id)
    parts, snapshot = found
    marker = marked(parts, pairing, scorer, rules, time=time)
    return Current(watch, pairing, rules, parts, marker, snapshot)


def served(session: Session, current: Current) -> RiskOut:
    """A fresh Current's stored reading, with the analyst's override (looked up only when
    the watch ever had one)."""
    assert current.snapshot is not None
    risk = RiskOut.model_validate(current.snapshot.payload)
    return with_override(session, current.watch, risk, None, lookup=current.parts.overrides > 0)


def stored_if_fresh(
    session: Session, watch: Watch, scorer: Scorer, *, time: ReadTime
) -> RiskOut | None:
    """The last snapshot if nothing it read has changed since, else None (re-evaluate)."""
    current = look(session, watch, scorer, time=time)
    return served(session, current) if current.fresh else None


def replay(
    session: Session,
    watch: Watch,
    pairing: tuple[Brand, Kol],
    scorer: Scorer,
    rules: RiskRules,
    *,
    time: ReadTime,
) -> RiskOut:
    """What was known at time.as_of; never stored, never alerted."""
    exclusions = exclusions_of(session, watch)
    risk = evaluate(
        session, pairing, scorer, rules, time=time, exclusions=exclusions, score_inline=True
    )
    risk.watch_id = watch.id
    return with_override(session, watch, risk, time.as_of)


def with_override(
    session: Session, watch: Watch, risk: RiskOut, as_of: datetime | None, *, lookup: bool = True
) -> RiskOut:
    """The analyst's decision, shown beside the computed one (which alerts keep following).
    `lookup=False`: the caller knows the watch never had an override."""
    override = active_override(session, watch.id, as_of) if lookup else None
    risk.override = OverrideOut.model_validate(override, from_attributes=True) if override else None
    risk.effective_decision = risk.override.decision if risk.override else risk.decision
    return risk


def store_snapshot(
    session: Session,
    watch: Watch,
    risk: RiskOut,
    marker: str,
    previous: Assessment | None,
    *,
    time: ReadTime,
) -> RiskOut:
    risk.stored = True
    payload = risk.model_dump(
        mode="json", by_alias=True, exclude={"override", "effective_decision"}
    )
    if previous is not None and same_reading(previous.payload, payload):
        return confirm_snapshot(previous, payload, marker)
    values = {
        "id": new_id("asm"),
        "tenant_id": watch.tenant_id,
        "watch_id": watch.id,
        "seq": (previous.seq + 1) if previous else 1,
        "evaluated_at": time.now,
        "score": risk.score,
        "level": risk.level,
        "decision": risk.decision,
        "confidence": risk.confidence,
        "posts_seen": risk.coverage.posts,
        "inputs_marker": marker,
        "payload": payload,
    }
    # ON CONFLICT rather than a savepoint around an insert: one round trip, not three.
    claimed = session.execute(
        upsert_for(session)(Assessment)
        .values(values)
        .on_conflict_do_nothing(index_elements=["watch_id", "seq"])
        .returning(Assessment.id)
    ).first()
    if claimed is None:
        # An overlapping evaluation stored this step first; ours is the same reading, unstored.
        risk.stored = False
        return risk
    snapshot = Assessment(**values)
    if previous is None or (previous.level, previous.decision) != (risk.level, risk.decision):
        session.add(_transition(snapshot, previous, time.now))
    return risk


# When the evaluation ran: the only fields that differ between two readings of the same inputs.
EVALUATION_TIMES = ("as_of", "evaluated_at")


def same_reading(stored: dict[str, Any], fresh: dict[str, Any]) -> bool:
    return all(
        stored.get(key) == value for key, value in fresh.items() if key not in EVALUATION_TIMES
    )


def confirm_snapshot(previous: Assessment, payload: dict[str, Any], marker: str) -> RiskOut:
    """A re-evaluation that read the same as the last snapshot stores no new row (retention,
    app.retention): the snapshot now stands for the new inputs and says when it was last
    confirmed; its evaluated_at column keeps when the reading was first stored."""
    previous.inputs_marker = marker
    previous.payload = {**previous.payload, **{key: payload[key] for key in EVALUATION_TIMES}}
    return RiskOut.model_validate(previous.payload)


def _transition(snapshot: Assessment, previous: Assessment | None, now: datetime) -> Transition:
    return Transition(
        id=new_id("trn"),
        tenant_id=snapshot.tenant_id,
        watch_id=snapshot.watch_id,
        assessment_id=snapshot.id,
        from_level=previous.level if previous else None,
        to_level=snapshot.level,
        from_decision=previous.decision if previous else None,
        to_decision=snapshot.decision,
        cause=_cause(snapshot, previous),
        created_at=now,
    )


def _cause(snapshot: Assessment, previous: Assessment | None) -> str:
    """ "model_change" when the scorer changed and nothing else did: alerts summarise those."""
    if previous is None:
        return "evidence"
    same_posts = previous.posts_seen == snapshot.posts_seen
    new_model = previous.payload.get("model_versions") != snapshot.payload.get("model_versions")
    return "model_change" if same_posts and new_model else "evidence"


def history(session: Session, watch: Watch, limit: int = 500) -> RiskHistoryOut:
    snapshots = session.scalars(
        select(Assessment)
        .where(Assessment.watch_id == watch.id)
        .order_by(Assessment.seq.desc())
        .limit(limit)
    )
    transitions = session.scalars(
        select(Transition)
        .where(Transition.watch_id == watch.id)
        .order_by(Transition.created_at.desc())
        .limit(limit)
    )
    return RiskHistoryOut(
        watch_id=watch.id,
        snapshots=[SnapshotOut.model_validate(s, from_attributes=True) for s in snapshots],
        transitions=[TransitionOut.model_validate(t, from_attributes=True) for t in transitions],
    )
