"""Personal-data requests under PIPL (个人信息保护法): what a tenant holds about one author,
and erasing it.

What is held about an author (platform + uid): the posts they wrote (with their mentions and
scores), the brand and KOL accounts that name them, and the evidence quoting them in stored
assessments and alert events. Erasing deletes the posts, removes the accounts, rewrites the
quoting evidence as "removed on request (date)", and re-evaluates the watches that read them.
The request itself is kept as an Erasure row holding a hash of the author, never the uid.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Text, cast, delete, or_, select
from sqlalchemy.orm import Session

from app.audit import Actor
from app.changes import bump_stamps
from app.ids import new_id
from app.models import (
    AlertEvent,
    Assessment,
    Brand,
    ErasedPost,
    Erasure,
    Kol,
    Mention,
    Post,
    RollupState,
    Watch,
)
from app.privacy.removals import removal_day, removed_text
from app.privacy.subjects import subject_hash
from app.search import index as search_index
from app.tenants.audit_hooks import audit

POST_CHUNK = 500


@dataclass(frozen=True)
class DataSubject:
    tenant_id: str
    platform: str
    uid: str

    @property
    def subject_hash(self) -> str:
        return subject_hash(self.tenant_id, self.platform, self.uid)


@dataclass
class Findings:
    posts: list[Post] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    accounts: list[dict[str, Any]] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    alert_events: list[AlertEvent] = field(default_factory=list)
    erasures: list[Erasure] = field(default_factory=list)


def find(session: Session, author: DataSubject) -> Findings:
    posts = list(
        session.scalars(
            select(Post)
            .where(
                Post.tenant_id == author.tenant_id,
                Post.platform == author.platform,
                Post.author_uid == author.uid,
            )
            .order_by(Post.created_at, Post.id)
        )
    )
    post_ids = {p.id for p in posts}
    return Findings(
        posts=posts,
        mentions=_mentions(session, post_ids),
        accounts=[entry for _, entry in _accounts(session, author)],
        assessments=[a for a in _quoting(session, author) if _cites(a, author, post_ids)],
        alert_events=[e for e in _events(session, author) if _cites(e, author, post_ids)],
        erasures=list(
            session.scalars(
                select(Erasure)
                .where(Erasure.tenant_id == author.tenant_id)
                .where(Erasure.subject_hash == author.subject_hash)
                .order_by(Erasure.requested_at)
            )
        ),
    )


def _mentions(session: Session, post_ids: set[str]) -> list[Mention]:
    found: list[Mention] = []
    for chunk in _chunks(sorted(post_ids)):
        found += session.scalars(select(Mention).where(Mention.post_id.in_(chunk)))
    return found


def _chunks(ids: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(ids), POST_CHUNK):
        yield ids[start : start + POST_CHUNK]


def _accounts(session: Session, author: DataSubject) -> list[tuple[Brand | Kol, dict[str, Any]]]:
    """Every account entry of the tenant's brands and KOLs that is this author."""
    found: list[tuple[Brand | Kol, dict[str, Any]]] = []
    for kol in session.scalars(select(Kol).where(Kol.tenant_id == author.tenant_id)):
        found += [(kol, _entry("kol", kol, a)) for a in kol.accounts if _is(a, author)]
    for brand in session.scalars(select(Brand).where(Brand.tenant_id == author.tenant_id)):
        found += [
            (brand, _entry("owned", brand, a)) for a in brand.owned_accounts if _is(a, author)
        ]
        for person in brand.executives:
            found += [
                (brand, _entry("executive", brand, a, person.get("name")))
                for a in person.get("accounts") or []
                if _is(a, author)
            ]
    return found


def _is(account: dict[str, Any], author: DataSubject) -> bool:
    return account.get("platform") == author.platform and account.get("uid") == author.uid


def _entry(
    role: str, entity: Brand | Kol, account: dict[str, Any], person: str | None = None
) -> dict[str, Any]:
    return {"role": role, "entity_id": entity.id, "entity": entity.name, "person": person,
            "handle": account.get("handle")}  # fmt: skip


def _quoting(session: Session, author: DataSubject) -> list[Assessment]:
    """Snapshots whose JSON holds the uid somewhere: the candidates _cites then checks (a LIKE
    over the tenant's snapshots, not a parse of each)."""
    text = cast(Assessment.payload, Text)
    return list(
        session.scalars(
            select(Assessment).where(
                Assessment.tenant_id == author.tenant_id,
                or_(*(text.contains(form, autoescape=True) for form in _json_forms(author.uid))),
            )
        )
    )


def _json_forms(uid: str) -> set[str]:
    """The uid as JSON text may hold it: as is (JSONB), or with non-ASCII escaped (SQLite)."""
    return {uid, json.dumps(uid)[1:-1]}


def _events(session: Session, author: DataSubject) -> list[AlertEvent]:
    # Alert payloads quote by post id and author name (no uid): read the tenant's events that
    # carry evidence at all; there are far fewer of them than posts.
    return list(
        session.scalars(
            select(AlertEvent).where(
                AlertEvent.tenant_id == author.tenant_id,
                cast(AlertEvent.payload, Text).contains('"evidence"'),
            )
        )
    )


def _evidence_lists(payload: dict[str, Any]) -> Iterable[list[dict[str, Any]]]:
    """Every list of evidence items in a stored snapshot or alert payload."""
    if isinstance(payload.get("evidence"), list):
        yield payload["evidence"]
    for component in payload.get("components") or []:
        if isinstance(component, dict) and isinstance(component.get("evidence"), list):
            yield component["evidence"]


def _quotes_author(item: dict[str, Any], author: DataSubject, post_ids: set[str]) -> bool:
    if item.get("post_id") in post_ids:
        return True
    who = item.get("author")
    return (
        isinstance(who, dict)
        and who.get("uid") == author.uid
        and item.get("platform") == author.platform
    )


def _cites(row: Assessment | AlertEvent, author: DataSubject, post_ids: set[str]) -> bool:
    return any(
        _quotes_author(item, author, post_ids)
        for items in _evidence_lists(row.payload or {})
        for item in items
        if isinstance(item, dict)
    )


@dataclass
class ErasureResult:
    erasure: Erasure
    watches: list[str]


def erase(session: Session, author: DataSubject, actor: Actor, now: datetime) -> ErasureResult:
    """Erase what `find` finds, in the caller's transaction (all of it, or none)."""
    found = find(session, author)
    post_ids = {p.id for p in found.posts}
    watches = _affected_watches(session, author.tenant_id, found)
    erasure = Erasure(
        id=new_id("era"), tenant_id=author.tenant_id, platform=author.platform,
        subject_hash=author.subject_hash, requested_by=actor.name, requested_at=now, removed={},
    )  # fmt: skip
    session.add(erasure)
    session.flush()
    day = removal_day(now)
    rewritten = _rewrite_evidence([*found.assessments, *found.alert_events], author, post_ids, day)
    # Their search rows go first (the posts' delete would cascade to them too).
    search_index.forget(session, map(search_index.indexed_text, found.posts))
    for chunk in _chunks(sorted(post_ids)):
        session.execute(delete(Post).where(Post.id.in_(chunk)))
    session.add_all(
        ErasedPost(post_id=pid, tenant_id=author.tenant_id, erasure_id=erasure.id, erased_at=now)
        for pid in sorted(post_ids)
    )
    accounts = _remove_accounts(session, author, now)
    named = {m.entity_id for m in found.mentions} | {a["entity_id"] for a in found.accounts}
    _invalidate(session, author.tenant_id, watches, named)
    erasure.removed = {
        "posts": len(post_ids),
        "mentions": len(found.mentions),
        "accounts": accounts,
        "assessments": sum(1 for r in rewritten if isinstance(r, Assessment)),
        "alert_events": sum(1 for r in rewritten if isinstance(r, AlertEvent)),
    }
    detail = {"erasure_id": erasure.id, "platform": author.platform, "removed": erasure.removed}
    audit(session, actor, "erase", "author", author.subject_hash, at=now, detail=detail)
    return ErasureResult(erasure, sorted(watches))


def _affected_watches(session: Session, tenant_id: str, found: Findings) -> set[str]:
    """Watches whose brand or KOL the posts name, and those whose snapshots quote them."""
    entities = {m.entity_id for m in found.mentions} | {a["entity_id"] for a in found.accounts}
    quoting = {a.watch_id for a in found.assessments}
    if not entities:
        return quoting
    named = session.scalars(
        select(Watch.id).where(
            Watch.tenant_id == tenant_id,
            or_(Watch.kol_id.in_(entities), Watch.brand_id.in_(entities)),
        )
    )
    return quoting | set(named)


def _rewrite_evidence(
    rows: list[Assessment | AlertEvent], author: DataSubject, post_ids: set[str], day: date
) -> list[Assessment | AlertEvent]:
    for row in rows:
        payload = _copy(row.payload or {})
        for items in _evidence_lists(payload):
            items[:] = [
                _removed(item, day) if _quotes_author(item, author, post_ids) else item
                for item in items
            ]
        row.payload = payload  # a new object, so the JSON column is written
    return rows


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _removed(item: dict[str, Any], day: date) -> dict[str, Any]:
    """The evidence item without the author's data; its id still links to the removal note."""
    blank = {"uid": None, "name": None, "followers": None}
    kept = {"post_id": item.get("post_id"), "platform": item.get("platform"),
            "created_at": item.get("created_at")}  # fmt: skip
    author = blank if isinstance(item.get("author"), dict) else None
    return kept | {
        "platform_id": "",
        "url": None,
        "author": author,
        "quote": removed_text(day),
        "sentiment": None,
        "cues": [],
        "removed_on_request": day.isoformat(),
    }


def _remove_accounts(session: Session, author: DataSubject, now: datetime) -> int:
    removed = 0
    for entity, _entry_found in _accounts(session, author):
        if isinstance(entity, Kol):
            entity.accounts = [a for a in entity.accounts if not _is(a, author)]
        else:
            entity.owned_accounts = [a for a in entity.owned_accounts if not _is(a, author)]
            entity.executives = [
                {**p, "accounts": [a for a in p.get("accounts") or [] if not _is(a, author)]}
                for p in entity.executives
            ]
        entity.updated_at = now
        removed += 1
    return removed


def _invalidate(session: Session, tenant_id: str, watch_ids: set[str], named: set[str]) -> None:
    """Make the affected watches' next read rebuild: their day rollups from scratch (a
    deletion is a change the incremental build cannot see) and a fresh evaluation (the
    stamps of the entities the posts named, and of the affected watches' brands and KOLs)."""
    entities = set(named)
    if watch_ids:
        ids = sorted(watch_ids)
        session.execute(delete(RollupState).where(RollupState.watch_id.in_(ids)))
        for brand_id, kol_id in session.execute(
            select(Watch.brand_id, Watch.kol_id).where(Watch.id.in_(ids))
        ):
            entities |= {brand_id, kol_id}
    bump_stamps(session, tenant_id, dict.fromkeys(entities))  # which posts: unknown
