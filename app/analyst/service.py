"""Analyst controls on a watch: irrelevant posts, excluded aliases, decision overrides.

Each is recorded with who (the person's name, or the API key's name and prefix) and why, in
the audit log against the watch too, and each changes the watch's inputs marker so the next
read re-evaluates.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, literal, select, union_all
from sqlalchemy.orm import Session

from app.audit import Actor, record
from app.errors import Conflict, NotFound, Unprocessable
from app.ids import new_id
from app.models import DecisionOverride, ExcludedAlias, IrrelevantPost, Mention, Post, Watch
from sentiment import normalize


@dataclass(frozen=True)
class Exclusions:
    """What an analyst took out of one watch (empty for a pairing without a watch)."""

    watch_id: str | None = None
    aliases: frozenset[str] = field(default_factory=frozenset)
    # The posts flagged irrelevant, as read with the aliases (markers and caches key on them).
    irrelevant: frozenset[str] = field(default_factory=frozenset)


def kept(mention: Any, exclusions: Exclusions) -> list[ColumnElement[bool]]:
    """Conditions on a KOL mention (Mention or an alias of it) that drop what an analyst took
    out of the watch: the risk engine and the watch's rollups read the same set."""
    conditions: list[ColumnElement[bool]] = []
    if exclusions.watch_id is not None:
        flagged = exists().where(
            IrrelevantPost.watch_id == exclusions.watch_id,
            IrrelevantPost.post_id == mention.post_id,
        )
        conditions.append(~flagged)
    if exclusions.aliases:
        conditions.append(~and_(mention.via == "text", mention.matched.in_(exclusions.aliases)))
    return conditions


def exclusions_of(session: Session, watch: Watch) -> Exclusions:
    """The watch's excluded aliases and irrelevant posts, in one statement."""
    aliases = select(literal(True), ExcludedAlias.alias).where(ExcludedAlias.watch_id == watch.id)
    posts = select(literal(False), IrrelevantPost.post_id).where(
        IrrelevantPost.watch_id == watch.id
    )
    rows = session.execute(union_all(aliases, posts)).all()
    return Exclusions(
        watch.id,
        frozenset(value for is_alias, value in rows if is_alias),
        frozenset(value for is_alias, value in rows if not is_alias),
    )


# Any: the three models share watch_id and created_at but no base class that declares them.
CONTROLS: tuple[Any, ...] = (IrrelevantPost, ExcludedAlias, DecisionOverride)


def exclusions_marker(session: Session, watch_id: str) -> str:
    rows = []
    for model in CONTROLS:
        row = session.execute(
            select(func.count(), func.max(model.created_at)).where(model.watch_id == watch_id)
        ).one()
        rows.append((row[0], row[1]))
    return controls_marker(rows)


def controls_marker(rows: list[tuple[int, datetime | None]]) -> str:
    """exclusions_marker() from each of CONTROLS' (count, latest created_at) for the watch."""
    return _hashed([f"{count}:{latest}" for count, latest in rows])


def exclusions_markers(session: Session) -> defaultdict[str, str]:
    """exclusions_marker() of every watch, in one query per kind of control."""
    seen: dict[str, list[str]] = {}
    for position, model in enumerate(CONTROLS):
        query = select(model.watch_id, func.count(), func.max(model.created_at)).group_by(
            model.watch_id
        )
        for watch_id, count, latest in session.execute(query):
            parts = seen.setdefault(watch_id, ["0:None"] * len(CONTROLS))
            parts[position] = f"{count}:{latest}"
    markers: defaultdict[str, str] = defaultdict(lambda: _hashed(["0:None"] * len(CONTROLS)))
    markers.update({watch_id: _hashed(parts) for watch_id, parts in seen.items()})
    return markers


def _hashed(parts: list[str]) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def mark_irrelevant(
    session: Session, watch: Watch, post_id: str, reason: str, actor: Actor, now: datetime
) -> IrrelevantPost:
    post = session.get(Post, post_id)
    if post is None or post.tenant_id != watch.tenant_id:
        raise Unprocessable(f"post_id: no post {post_id!r} in this tenant")
    linked = session.scalar(
        select(func.count())
        .select_from(Mention)
        .where(Mention.post_id == post_id, Mention.entity_id == watch.kol_id)
    )
    if not linked:
        raise Unprocessable(f"post {post_id!r} is not one of this watch's posts")
    if session.get(IrrelevantPost, (watch.id, post_id)) is not None:
        raise Conflict(
            f"post {post_id!r} is already marked irrelevant for this watch",
            key="err.already_irrelevant",
        )
    flag = IrrelevantPost(
        watch_id=watch.id, post_id=post_id, reason=reason, created_by=actor.name, created_at=now
    )
    session.add(flag)
    after = {"irrelevant_post": post_id, "reason": reason}
    record(session, actor, "mark_irrelevant", "watch", watch.id, after=after, at=now)
    return flag


def unmark_irrelevant(
    session: Session, watch: Watch, post_id: str, actor: Actor, now: datetime
) -> None:
    flag = session.get(IrrelevantPost, (watch.id, post_id))
    if flag is None:
        raise NotFound(f"post {post_id!r} is not marked irrelevant for this watch")
    before = {"irrelevant_post": post_id, "reason": flag.reason}
    record(session, actor, "unmark_irrelevant", "watch", watch.id, before=before, at=now)
    session.delete(flag)


def exclude_alias(
    session: Session, watch: Watch, alias: str, reason: str, actor: Actor, now: datetime
) -> ExcludedAlias:
    key = normalize(alias)
    if not key:
        raise Unprocessable("alias: empty after normalisation")
    if session.get(ExcludedAlias, (watch.id, key)) is not None:
        raise Conflict(
            f"alias {alias!r} is already excluded for this watch",
            key="err.alias_excluded",
            alias=alias,
        )
    excluded = ExcludedAlias(
        watch_id=watch.id, alias=key, reason=reason, created_by=actor.name, created_at=now
    )
    session.add(excluded)
    after = {"excluded_alias": key, "reason": reason}
    record(session, actor, "exclude_alias", "watch", watch.id, after=after, at=now)
    return excluded


def include_alias(session: Session, watch: Watch, alias: str, actor: Actor, now: datetime) -> None:
    excluded = session.get(ExcludedAlias, (watch.id, normalize(alias)))
    if excluded is None:
        raise NotFound(f"alias {alias!r} is not excluded for this watch")
    before = {"excluded_alias": excluded.alias, "reason": excluded.reason}
    record(session, actor, "include_alias", "watch", watch.id, before=before, at=now)
    session.delete(excluded)


def active_override(
    session: Session, watch_id: str, as_of: datetime | None = None
) -> DecisionOverride | None:
    query = select(DecisionOverride).where(DecisionOverride.watch_id == watch_id)
    if as_of is None:
        query = query.where(DecisionOverride.revoked_at.is_(None))
    else:
        query = query.where(DecisionOverride.created_at <= as_of).where(
            (DecisionOverride.revoked_at.is_(None)) | (DecisionOverride.revoked_at > as_of)
        )
    return session.scalar(query.order_by(DecisionOverride.created_at.desc()).limit(1))


def _override_state(override: DecisionOverride | None) -> dict[str, str | None]:
    if override is None:
        return {"override": None}
    return {"override": override.id, "decision": override.decision, "rationale": override.rationale}


def set_override(
    session: Session, watch: Watch, decision: str, rationale: str, actor: Actor, now: datetime
) -> DecisionOverride:
    current = active_override(session, watch.id)
    if current is not None:
        current.revoked_at, current.revoked_by = now, actor.name
    override = DecisionOverride(
        id=new_id("ovr"), tenant_id=watch.tenant_id, watch_id=watch.id, decision=decision,
        rationale=rationale, created_by=actor.name, created_at=now,
    )  # fmt: skip
    session.add(override)
    record(
        session, actor, "set_override", "watch", watch.id,
        before=_override_state(current), after=_override_state(override), at=now,
    )  # fmt: skip
    return override


def revoke_override(session: Session, watch: Watch, actor: Actor, now: datetime) -> None:
    current = active_override(session, watch.id)
    if current is None:
        raise NotFound("this watch has no decision override")
    current.revoked_at, current.revoked_by = now, actor.name
    record(
        session, actor, "revoke_override", "watch", watch.id,
        before=_override_state(current), after=_override_state(None), at=now,
    )  # fmt: skip


def controls(
    session: Session, watch: Watch
) -> tuple[list[IrrelevantPost], list[ExcludedAlias], list[DecisionOverride]]:
    posts = session.scalars(
        select(IrrelevantPost)
        .where(IrrelevantPost.watch_id == watch.id)
        .order_by(IrrelevantPost.created_at)
    )
    aliases = session.scalars(
        select(ExcludedAlias)
        .where(ExcludedAlias.watch_id == watch.id)
        .order_by(ExcludedAlias.created_at)
    )
    overrides = session.scalars(
        select(DecisionOverride)
        .where(DecisionOverride.watch_id == watch.id)
        .order_by(DecisionOverride.created_at)
    )
    return list(posts), list(aliases), list(overrides)
