"""The engine's inputs from the database, built to stay fast for a KOL with a million posts.

Only the posts that can carry a warning sign are read in full: the KOL's own, those with
collaboration / controversy / withdrawal cues (found through Mention.signal), those naming the
brand's side too, and comments under the brand's and executives' posts. Everything else counts
only towards coverage and confidence (app.risk.coverage).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import and_, bindparam, exists, select, tuple_, union_all
from sqlalchemy.orm import Session

from app.analyst.service import Exclusions, kept
from app.db import shared_alias
from app.models import Brand, Coverage, Kol, Mention, Post, PostScore
from app.risk import facts_cache
from app.risk.coordinated import account_created_at, burst_candidates
from app.risk.coverage import count_coverage, known_at
from app.risk.inputs import BRAND_SIDE, CoverageCounts, PostFacts, RiskInputs
from app.risk.moment import ReadTime
from app.risk.rules import DEFAULT_RULES
from app.scoring.service import model_key
from sentiment import Scorer, normalize

CHUNK = 500
# The KOL's mention of a post, beside another mention of it. Made once: an alias builds a copy
# of every column of the table, and per evaluation that was a tenth of a risk read's CPU.
KOL_MENTION = shared_alias(Mention, "kol_mention")
T = TypeVar("T")


def collection_gaps(session: Session, watch_id: str | None) -> dict[str, str]:
    """Platforms where every collection query of the watch failed, with the latest reason."""
    return coverage_gaps(session, watch_id)[0]


def open_gaps(session: Session, watch_id: str | None) -> dict[str, str]:
    """Platforms where a listing still has posts it has not fetched: history being read back
    ("backfill") or a burst's unfetched range ("gap")."""
    return coverage_gaps(session, watch_id)[1]


def coverage_gaps(session: Session, watch_id: str | None) -> tuple[dict[str, str], dict[str, str]]:
    """collection_gaps() and open_gaps() from one read of the watch's coverage rows."""
    if watch_id is None:
        return {}, {}
    rows = session.scalars(select(Coverage).where(Coverage.watch_id == watch_id))
    by_platform: dict[str, list[Coverage]] = {}
    opened: dict[str, str] = {}
    for row in rows:
        by_platform.setdefault(row.platform, []).append(row)
        # A burst's hole is the graver news: the newest talk is the part missing.
        if row.gap_kind is not None and opened.get(row.platform) != "gap":
            opened[row.platform] = str(row.gap_kind)
    failing = {}
    for platform, platform_rows in by_platform.items():
        if any(r.last_success_at for r in platform_rows):
            continue
        failed = [r for r in platform_rows if r.last_error_at and r.last_error_kind]
        if failed:
            failing[platform] = str(
                max(failed, key=lambda r: r.last_error_at or r.updated_at).last_error_kind
            )
    return failing, opened


VENUES = (
    select(Post.platform, Post.platform_id)
    .join(Mention, Mention.post_id == Post.id)
    .where(
        Mention.tenant_id == bindparam("tenant"),
        Mention.entity_id == bindparam("brand"),
        Mention.role.in_(("executive", "owned")),
        Mention.via == "author",
    )
)


def venue_keys(session: Session, tenant_id: str, brand_id: str) -> set[tuple[str, str]]:
    """(platform, platform_id) of posts written by the brand's executives or owned accounts."""
    rows = session.execute(VENUES, {"tenant": tenant_id, "brand": brand_id})
    return {(platform, platform_id) for platform, platform_id in rows}


def signal_post_ids(
    session: Session,
    brand: Brand,
    kol: Kol,
    venues: set[tuple[str, str]],
    *,
    time: ReadTime,
    among: Collection[str] | None = None,
) -> set[str]:
    """Posts that can carry a warning sign, known at time.as_of (a current read: all). Dates
    are checked here, on the mentions index, so a replay never reads posts from after it.
    `among`: only these posts are looked at (the ones that changed since a kept reading)."""
    tenant_id = brand.tenant_id
    kol_mention = KOL_MENTION
    only = [] if among is None else [Mention.post_id.in_(sorted(among))]
    signals = select(Mention.post_id).where(
        Mention.tenant_id == tenant_id,
        Mention.entity_id == kol.id,
        Mention.role == "kol",
        Mention.signal > 0,
        *known_at(time=time),
        *only,
    )
    co_mentions = select(Mention.post_id).where(
        Mention.tenant_id == tenant_id,
        Mention.entity_id == brand.id,
        Mention.role.in_(BRAND_SIDE),
        *known_at(time=time),
        *only,
        exists().where(
            kol_mention.post_id == Mention.post_id,
            kol_mention.entity_id == kol.id,
            kol_mention.role == "kol",
        ),
    )
    # Core execution: these are plain column rows, and the ORM's per-row layer costs more than
    # the lookups behind them at ten thousand rows. One statement for both kinds.
    connection = session.connection()
    ids = set(connection.scalars(union_all(signals, co_mentions)))
    for chunk in _chunks(sorted(venues)):
        under_venues = select(Post.id).where(
            Post.tenant_id == tenant_id,
            tuple_(Post.platform, Post.parent_platform_id).in_(chunk),
            *known_at(Post.created_at, Post.collected_at, time=time),
            *([] if among is None else [Post.id.in_(sorted(among))]),
            exists().where(
                kol_mention.post_id == Post.id,
                kol_mention.entity_id == kol.id,
                kol_mention.role == "kol",
            ),
        )
        ids.update(connection.scalars(under_venues))
    return ids


def _chunks(items: list[T]) -> Iterable[list[T]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def kol_full_names(kol: Kol) -> set[str]:
    """The KOL's name and handles, normalised: a match on these is no namesake's."""
    handles = [a["handle"] for a in kol.accounts if a.get("handle")]
    return {normalize(name) for name in (kol.name, *handles)}


# What the engine reads of a post: plain columns, not ORM objects (raw JSON stays on disk).
# _facts unpacks rows in this order.
FACT_COLUMNS = (
    Post.id, Post.platform, Post.platform_id, Post.url, Post.author_uid, Post.author_name,
    Post.author_followers, Post.created_at, Post.kind, Post.text, Post.text_norm, Post.likes,
    Post.reposts, Post.comments, Post.cues, Post.parent_platform_id, Post.tombstone_reason,
    PostScore.label, PostScore.polarity, PostScore.emotions, PostScore.cues,
)  # fmt: skip


def load_facts(
    session: Session,
    post_ids: set[str],
    pairing: tuple[Brand, Kol],
    model: str,
    exclusions: Exclusions,
    venues: set[tuple[str, str]],
    *,
    time: ReadTime,
    ages: bool = False,
) -> list[PostFacts]:
    """`ages`: with each author's account creation time from raw (read in the same query)."""
    brand, kol = pairing
    full_names = kol_full_names(kol)
    extra = (Post.raw,) if ages else ()
    kol_mention = KOL_MENTION
    facts: list[PostFacts] = []
    for chunk in _chunks(sorted(post_ids)):
        roles = _brand_roles(session, brand.id, chunk)
        query = (
            select(*FACT_COLUMNS, kol_mention.via, kol_mention.matched, *extra)
            .join(
                kol_mention,
                and_(
                    kol_mention.post_id == Post.id,
                    kol_mention.entity_id == kol.id,
                    kol_mention.role == "kol",
                ),
            )
            .outerjoin(PostScore, and_(PostScore.post_id == Post.id, PostScore.model == model))
            .where(
                Post.id.in_(chunk),
                *known_at(Post.created_at, Post.collected_at, time=time),
                *kept(kol_mention, exclusions),
            )
        )
        for row in session.connection().execute(query):
            via, matched = row[len(FACT_COLUMNS)], row[len(FACT_COLUMNS) + 1]
            named = "name" if matched in full_names else "alias"
            kol_via = "author" if via == "author" else named
            post = _facts(row, kol_via, roles.get(row[0], ()), venues)
            if ages and (since := account_created_at(row[-1])) is not None:
                post = replace(post, author_since=since)
            facts.append(post)
    return facts


def _brand_roles(session: Session, brand_id: str, post_ids: list[str]) -> dict[str, set[str]]:
    query = select(Mention.post_id, Mention.role).where(
        Mention.entity_id == brand_id, Mention.post_id.in_(post_ids)
    )
    roles: dict[str, set[str]] = {}
    for post_id, role in session.connection().execute(query):
        roles.setdefault(post_id, set()).add(role)
    return roles


def _facts(
    row: tuple[Any, ...], kol_via: str, roles: Iterable[str], venues: set[tuple[str, str]]
) -> PostFacts:
    (
        post_id, platform, platform_id, url, author_uid, author_name, followers, created_at,
        kind, text, text_norm, likes, reposts, comments, post_cues, parent_platform_id,
        tombstone_reason, label, polarity, emotions, score_cues,
    ) = row[:21]  # fmt: skip
    scored = label is not None
    return PostFacts(
        post_id=post_id,
        platform=platform,
        platform_id=platform_id,
        url=url,
        author_uid=author_uid,
        author_name=author_name,
        author_followers=followers,
        created_at=created_at,
        kind=kind,
        text=text,
        text_norm=text_norm,
        engagement=(likes or 0) + (reposts or 0) + (comments or 0),
        kol_via=kol_via,
        brand_roles=frozenset(roles),
        cues=tuple(post_cues),
        in_venue=parent_platform_id is not None and (platform, parent_platform_id) in venues,
        tombstone_reason=tombstone_reason,
        label=label,
        polarity=polarity,
        emotions=dict(emotions) if scored else {},
        sentiment_cues=tuple(score_cues) if scored else (),
        parent_id=parent_platform_id,
    )


def post_facts(
    session: Session,
    pairing: tuple[Brand, Kol],
    model: str,
    exclusions: Exclusions,
    venues: set[tuple[str, str]],
    *,
    time: ReadTime,
) -> list[PostFacts]:
    """The facts of every post that can carry a warning sign, in post id order, with account
    ages. A current read of a watch starts from the facts this process kept for it and reloads
    only the posts changed since (app.risk.facts_cache); a replay, or a pairing without a
    watch, reads them all."""
    if time.replay or exclusions.watch_id is None:
        return _whole_facts(session, pairing, model, exclusions, venues, time=time)
    return _kept_facts(session, pairing, model, exclusions, venues, time=time)


def _whole_facts(
    session: Session,
    pairing: tuple[Brand, Kol],
    model: str,
    exclusions: Exclusions,
    venues: set[tuple[str, str]],
    *,
    time: ReadTime,
) -> list[PostFacts]:
    post_ids = signal_post_ids(session, *pairing, venues, time=time)
    facts = load_facts(session, post_ids, pairing, model, exclusions, venues, time=time)
    return with_burst_ages(session, sorted(facts, key=_post_id))


def _kept_facts(
    session: Session,
    pairing: tuple[Brand, Kol],
    model: str,
    exclusions: Exclusions,
    venues: set[tuple[str, str]],
    *,
    time: ReadTime,
) -> list[PostFacts]:
    """Kept facts carry every post's account age (raw is read once a post, when it is
    loaded), so no burst search picks the posts worth reading raw for; the engine takes an
    account's age from any of its posts, so the reading is the one with the burst's posts'
    ages only."""
    watch_id, (brand, kol) = str(exclusions.watch_id), pairing
    key = facts_cache.facts_key(pairing, model, exclusions, venues)
    held = facts_cache.CACHE.get(watch_id)
    if held is not None and held.key != key:
        held = None
    # The stamps are read before the facts: the entry never claims to be newer than it is.
    versions, changed = facts_cache.stamps_and_changes(
        session, (brand.id, kol.id), held.versions if held is not None else None
    )
    by_id: dict[str, PostFacts] = {}
    if held is not None and changed is not None:
        by_id = {i: f for i, f in held.facts.items() if i not in changed}
    if changed is None or changed:
        post_ids = signal_post_ids(session, brand, kol, venues, time=time, among=changed)
        if len(by_id) + len(post_ids) > facts_cache.CACHE.limit:  # too many to keep
            facts_cache.CACHE.drop(watch_id)
            return _whole_facts(session, pairing, model, exclusions, venues, time=time)
        loaded = load_facts(
            session, post_ids, pairing, model, exclusions, venues, time=time, ages=True
        )
        by_id.update((f.post_id, f) for f in loaded)
    facts_cache.CACHE.put(watch_id, facts_cache.Kept(key, versions, by_id))
    return [by_id[i] for i in sorted(by_id)]


def _post_id(facts: PostFacts) -> str:
    return facts.post_id


def with_burst_ages(session: Session, facts: list[PostFacts]) -> list[PostFacts]:
    """The facts, with account ages read from raw for the posts that copy text in a burst
    only, never for a watch's every post."""
    ages = account_ages(session, burst_candidates(facts, DEFAULT_RULES))
    if not ages:
        return facts
    return [replace(p, author_since=ages[p.post_id]) if p.post_id in ages else p for p in facts]


def account_ages(session: Session, post_ids: Collection[str]) -> dict[str, datetime]:
    """When each post's author created the account, where its raw platform data says."""
    ages: dict[str, datetime] = {}
    for chunk in _chunks(sorted(post_ids)):
        rows = session.connection().execute(select(Post.id, Post.raw).where(Post.id.in_(chunk)))
        for post_id, raw in rows:
            if (created := account_created_at(raw)) is not None:
                ages[post_id] = created
    return ages


def gather_inputs(
    session: Session,
    brand: Brand,
    kol: Kol,
    scorer: Scorer,
    exclusions: Exclusions,
    counts: CoverageCounts | None = None,
    *,
    time: ReadTime,
) -> RiskInputs:
    """Everything assess() reads at time.moment; `counts` when the caller has just counted
    coverage."""
    model = model_key(scorer.model)
    if counts is None:
        counted = count_coverage(session, brand.tenant_id, kol.id, model, exclusions, time=time)
        counts = counted.counts
    venues = venue_keys(session, brand.tenant_id, brand.id)
    facts = post_facts(session, (brand, kol), model, exclusions, venues, time=time)
    gaps = coverage_gaps(session, exclusions.watch_id)
    return RiskInputs(
        brand_name=brand.name,
        kol_name=kol.name,
        as_of=time.moment,
        posts=tuple(facts),
        counts=counts,
        model_versions=(model,),
        collection_gaps=gaps[0],
        open_gaps=gaps[1],
        competitor_names=tuple(brand.competitors),
    )
