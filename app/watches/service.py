from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, case, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.audit import Actor, record, recording, snapshot
from app.errors import Conflict, NotFound, Unprocessable
from app.ids import new_id
from app.models import Assessment, Brand, Coverage, Kol, Mention, Post, Tenant, Watch
from app.models.risk import DECISIONS, LEVELS
from app.pagination import PageRequest, keyset, split_page
from app.risk.rules import DEFAULT_RULES
from app.watches.schemas import STAGES, WatchCreate, WatchOut, WatchUpdate


def get(session: Session, tenant_id: str, watch_id: str) -> Watch:
    watch = session.get(Watch, watch_id)
    if watch is None or watch.tenant_id != tenant_id:
        raise NotFound(f"no watch {watch_id!r}")
    return watch


def pairing(session: Session, watch: Watch) -> tuple[Brand, Kol]:
    brand, kol = session.get(Brand, watch.brand_id), session.get(Kol, watch.kol_id)
    if brand is None or kol is None:  # the foreign keys forbid this; say so if it ever happens
        raise NotFound(f"watch {watch.id!r} refers to a missing brand or KOL")
    return brand, kol


def list_all(session: Session, tenant_id: str) -> list[Watch]:
    query = select(Watch).where(Watch.tenant_id == tenant_id).order_by(Watch.created_at)
    return list(session.scalars(query))


@dataclass(frozen=True)
class WatchFilter:
    decisions: Sequence[str] = ()
    levels: Sequence[str] = ()
    stages: Sequence[str] = ()
    min_score: float | None = None
    max_score: float | None = None
    sort: str = "created"


def _rank(column: Any, order: Sequence[str]) -> ColumnElement[int]:
    """A code column as its place in `order` (-1 for none), so codes sort by meaning."""
    return case({code: index for index, code in enumerate(order)}, value=column, else_=-1)


def _latest_assessment() -> Any:
    return (
        select(Assessment.id)
        .where(Assessment.watch_id == Watch.id)
        .order_by(Assessment.seq.desc())
        .limit(1)
        .correlate(Watch)
        .scalar_subquery()
    )


SORT_COLUMNS: dict[str, Any] = {
    "created": Watch.created_at,
    "score": func.coalesce(Assessment.score, -1.0),
    "decision": _rank(Assessment.decision, DECISIONS),
    "level": _rank(Assessment.level, LEVELS),
    "stage": _rank(Watch.stage, STAGES),
}


def _sort_value(name: str, watch: Watch, assessment: Assessment | None) -> Any:
    """The sort column's value for a row, as the cursor carries it."""
    if name == "created":
        return watch.created_at
    if name == "stage":
        return STAGES.index(watch.stage) if watch.stage in STAGES else -1
    if assessment is None:
        return -1.0 if name == "score" else -1
    if name == "score":
        return assessment.score
    order = DECISIONS if name == "decision" else LEVELS
    return order.index(getattr(assessment, name))


def list_page(
    session: Session, tenant_id: str, page: PageRequest, flt: WatchFilter
) -> tuple[list[WatchOut], str | None]:
    """Watches with their latest assessment, filtered, in the order asked (`-` for highest
    first), then by id; one page of them."""
    query = (
        select(Watch, Assessment)
        .outerjoin(Assessment, Assessment.id == _latest_assessment())
        .where(Watch.tenant_id == tenant_id)
    )
    for column, values in (
        (Assessment.decision, flt.decisions), (Assessment.level, flt.levels),
        (Watch.stage, flt.stages),
    ):  # fmt: skip
        if values:
            query = query.where(column.in_(values))
    if flt.min_score is not None:
        query = query.where(Assessment.score >= flt.min_score)
    if flt.max_score is not None:
        query = query.where(Assessment.score <= flt.max_score)
    name, descending = flt.sort.lstrip("-"), flt.sort.startswith("-")
    columns = (SORT_COLUMNS[name], Watch.id)
    rows = session.execute(keyset(query, columns, page, descending=descending)).all()
    shown, cursor = split_page(rows, page, lambda r: (_sort_value(name, r[0], r[1]), r[0].id))
    firm = firm_confidence(session, tenant_id)
    return [watch_out(watch, assessment, firm) for watch, assessment in shown], cursor


def firm_confidence(session: Session, tenant_id: str) -> float:
    """The tenant's firm_confidence_from (its risk rules, else the default)."""
    rules = session.scalar(select(Tenant.risk_rules).where(Tenant.id == tenant_id)) or {}
    return float(rules.get("firm_confidence_from", DEFAULT_RULES.firm_confidence_from))


def watch_out(watch: Watch, assessment: Assessment | None, firm: float) -> WatchOut:
    out = WatchOut.model_validate(watch)
    if assessment is None:
        return out
    return out.model_copy(
        update={
            "decision": assessment.decision,
            "level": assessment.level,
            "score": assessment.score,
            "confidence": assessment.confidence,
            "provisional": assessment.confidence < firm,
            "evaluated_at": assessment.evaluated_at,
        }
    )


def current_out(session: Session, watch: Watch) -> WatchOut:
    """One watch with its latest assessment, as the list shows it."""
    assessment = session.scalar(
        select(Assessment)
        .where(Assessment.watch_id == watch.id)
        .order_by(Assessment.seq.desc())
        .limit(1)
    )
    return watch_out(watch, assessment, firm_confidence(session, watch.tenant_id))


def create(
    session: Session, tenant_id: str, data: WatchCreate, actor: Actor, now: datetime
) -> Watch:
    brand, kol = session.get(Brand, data.brand_id), session.get(Kol, data.kol_id)
    if brand is None or brand.tenant_id != tenant_id:
        raise Unprocessable(f"brand_id: no brand {data.brand_id!r}; create it with POST /v1/brands")
    if kol is None or kol.tenant_id != tenant_id:
        raise Unprocessable(f"kol_id: no KOL {data.kol_id!r}; create it with POST /v1/kols")
    watch = Watch(id=new_id("wch"), tenant_id=tenant_id, **data.model_dump())
    try:
        # Added inside the savepoint, so a refused insert leaves nothing pending to re-flush.
        with session.begin_nested():
            session.add(watch)
            session.flush()
    except IntegrityError as exc:
        existing = session.scalar(
            select(Watch.id).where(Watch.brand_id == brand.id, Watch.kol_id == kol.id)
        )
        raise Conflict(
            "this brand and KOL are already watched", {"watch_id": existing}, key="err.watch_exists"
        ) from exc
    record(session, actor, "create", "watch", watch.id, after=snapshot(watch), at=now)
    return watch


def update(
    session: Session, tenant_id: str, watch_id: str, data: WatchUpdate, actor: Actor, now: datetime
) -> Watch:
    watch = get(session, tenant_id, watch_id)
    with recording(session, actor, "update", "watch", watch.id, watch, at=now):
        watch.stage = data.stage
    return watch


def remove(session: Session, tenant_id: str, watch_id: str, actor: Actor, now: datetime) -> None:
    watch = get(session, tenant_id, watch_id)
    record(session, actor, "delete", "watch", watch.id, before=snapshot(watch), at=now)
    session.delete(watch)


def coverage(session: Session, watch: Watch) -> dict[str, Any]:
    """What stands behind the watch: stored posts per platform, and each collection's state."""
    linked = exists().where(
        Mention.post_id == Post.id, Mention.entity_id == watch.kol_id, Mention.role == "kol"
    )
    per_platform = session.execute(
        select(Post.platform, func.count(), func.min(Post.created_at), func.max(Post.created_at))
        .where(Post.tenant_id == watch.tenant_id, linked)
        .group_by(Post.platform)
    ).all()
    collection = session.scalars(select(Coverage).where(Coverage.watch_id == watch.id))
    return {
        "watch_id": watch.id,
        "posts": [
            {"platform": p, "posts": n, "from": first, "to": last}
            for p, n, first, last in per_platform
        ],
        "collection": [
            {
                "platform": c.platform,
                "query": c.query,
                "last_success_at": c.last_success_at,
                "last_error_at": c.last_error_at,
                "last_error_kind": c.last_error_kind,
                "items": c.items,
                "from": c.span_from,
                "to": c.span_to,
                # Posts in this span may exist that were not fetched yet (None once filled).
                "gap": (
                    {"kind": c.gap_kind, "from": c.gap_from, "to": c.gap_to} if c.gap_kind else None
                ),
            }
            for c in collection
        ],
    }
