"""Linking posts to a tenant's entities in the database: at ingest, and again when names change."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, bindparam, delete, func, or_, select, tuple_
from sqlalchemy.orm import Session

from app.bulk import insert_many
from app.models import Brand, Kol, Mention, Post
from app.posts.linking import (
    EntitiesVersion,
    EntityNames,
    Matcher,
    MentionMatch,
    brand_entities,
    kol_entities,
)
from app.posts.prepare import MENTION_COLUMNS, PostKey, mention_values
from sentiment import normalize

RELINK_BATCH = 2000


def entities_of_brand(brand: Brand) -> list[EntityNames]:
    return brand_entities(
        brand.id,
        brand.name,
        brand.aliases,
        brand.fandom_names,
        brand.executives,
        brand.competitors,
        brand.owned_accounts,
    )


def entities_of_kol(kol: Kol) -> list[EntityNames]:
    return kol_entities(kol.id, kol.name, kol.aliases, kol.accounts)


@dataclass
class _CachedMatcher:
    version: EntitiesVersion
    matcher: Matcher


# Matchers are rebuilt only when a tenant's brands or KOLs change; the version is one cheap query.
_matchers: dict[str, _CachedMatcher] = {}


def _entities_version_statement() -> Any:
    """Count and latest change of the tenant's brands and KOLs, in one statement built once
    (every write asks it, to know whether its cached matcher still stands)."""
    tenant: Any = bindparam("tenant")
    columns = [
        select(aggregate).where(model.tenant_id == tenant).scalar_subquery()
        for model in (Brand, Kol)
        for aggregate in (func.count(), func.max(model.updated_at))
    ]
    return select(*columns)


ENTITIES_VERSION = _entities_version_statement()


def entities_version(session: Session, tenant_id: str) -> EntitiesVersion:
    return tuple(session.execute(ENTITIES_VERSION, {"tenant": tenant_id}).one())


def tenant_entities(session: Session, tenant_id: str) -> list[EntityNames]:
    entities: list[EntityNames] = []
    for brand in session.scalars(select(Brand).where(Brand.tenant_id == tenant_id)):
        entities += entities_of_brand(brand)
    for kol in session.scalars(select(Kol).where(Kol.tenant_id == tenant_id)):
        entities += entities_of_kol(kol)
    return entities


def tenant_matcher(session: Session, tenant_id: str) -> Matcher:
    version = entities_version(session, tenant_id)
    cached = _matchers.get(tenant_id)
    if cached is not None and cached.version == version:
        return cached.matcher
    matcher = Matcher(tenant_entities(session, tenant_id))
    _matchers[tenant_id] = _CachedMatcher(version, matcher)
    return matcher


def mention_rows(
    tenant_id: str, post: PostKey, matches: Sequence[MentionMatch]
) -> list[dict[str, object]]:
    return [
        dict(zip(MENTION_COLUMNS, values, strict=True))
        for values in mention_values(tenant_id, post, matches)
    ]


def insert_mentions(session: Session, rows: Sequence[dict[str, object]]) -> None:
    insert_many(session, Mention, rows)


def relink_entity(session: Session, tenant_id: str, entities: list[EntityNames]) -> int:
    """Recompute one brand's or KOL's mentions over the tenant's stored posts.

    Candidates are found in SQL (a name inside text_norm, or an account's uid as author) so
    only posts that can match are read; the matcher then applies the same rules as ingest.
    """
    entity_ids = {e.ref.entity_id for e in entities}
    session.execute(
        delete(Mention).where(Mention.tenant_id == tenant_id, Mention.entity_id.in_(entity_ids))
    )
    conditions = _candidate_conditions(entities)
    if not conditions:
        return 0
    matcher = Matcher(entities)
    linked, last_id = 0, ""
    while True:
        page = session.execute(
            select(
                Post.id,
                Post.text_norm,
                Post.platform,
                Post.author_uid,
                Post.cues,
                Post.created_at,
                Post.collected_at,
            )
            .where(Post.tenant_id == tenant_id, Post.id > last_id, or_(*conditions))
            .order_by(Post.id)
            .limit(RELINK_BATCH)
        ).all()
        if not page:
            return linked
        rows: list[dict[str, object]] = []
        for post_id, text_norm, platform, author_uid, cues, created_at, collected_at in page:
            matches = matcher.match(text_norm, platform, author_uid)
            linked += bool(matches)
            key = PostKey(post_id, created_at, platform, collected_at, cues)
            rows += mention_rows(tenant_id, key, matches)
        insert_mentions(session, rows)
        last_id = page[-1][0]


def _candidate_conditions(entities: list[EntityNames]) -> list[ColumnElement[bool]]:
    names = {normalize(name) for e in entities for name in e.names} - {""}
    accounts = {account for e in entities for account in e.accounts}
    conditions: list[ColumnElement[bool]] = [
        Post.text_norm.contains(name, autoescape=True) for name in names
    ]
    if accounts:
        conditions.append(tuple_(Post.platform, Post.author_uid).in_(sorted(accounts)))
    return conditions
