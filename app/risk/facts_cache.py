"""A watch's post facts kept in memory between current reads.

A read after a write used to load every post of the KOL that can carry a warning sign, so its
cost grew with the KOL's history. Here each process keeps the facts it last loaded for a watch,
with the brand's and KOL's stamps it read them at; the next current read asks app.changes
which posts the stamps moved for since (EntityChange) and reloads only those. Anything else
the facts depend on (the brand's and KOL's names and accounts, the model, the analyst's
exclusions, the brand's venues) is the entry's key: when it differs, everything is reloaded,
as it is when a move's posts were not recorded (an erasure, a big import) or were pruned.

Replays (as_of) and pairings without a watch never use it. Entries are dropped least
recently used first beyond MAX_KEPT_FACTS posts in all.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, bindparam, literal, null, or_, select, union_all
from sqlalchemy.orm import Session

from app.analyst.service import Exclusions
from app.models import Brand, EntityChange, EntityStamp, Kol
from app.risk.inputs import PostFacts

# About 1.5 KB a post (measured with a 60-character text): some 75 MB per process at most.
MAX_KEPT_FACTS = 50_000
# Beyond this many changed posts a reload of everything costs about the same.
MAX_CHANGED = 2_000


@dataclass(frozen=True)
class Kept:
    key: tuple[Any, ...]
    versions: tuple[int, int]  # the brand's and the KOL's stamps, read before the facts
    facts: Mapping[str, PostFacts]  # by post id, account ages read from raw included


class FactsCache:
    def __init__(self, limit: int = MAX_KEPT_FACTS) -> None:
        self.limit = limit
        self._entries: OrderedDict[str, Kept] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, watch_id: str) -> Kept | None:
        with self._lock:
            kept = self._entries.get(watch_id)
            if kept is not None:
                self._entries.move_to_end(watch_id)
            return kept

    def put(self, watch_id: str, kept: Kept) -> None:
        self.drop(watch_id)
        with self._lock:
            if len(kept.facts) > self.limit:
                return
            self._entries[watch_id] = kept
            self._size += len(kept.facts)
            while self._size > self.limit:
                _, dropped = self._entries.popitem(last=False)
                self._size -= len(dropped.facts)

    def drop(self, watch_id: str) -> None:
        with self._lock:
            if (old := self._entries.pop(watch_id, None)) is not None:
                self._size -= len(old.facts)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0


CACHE = FactsCache()


def facts_key(
    pairing: tuple[Brand, Kol],
    model: str,
    exclusions: Exclusions,
    venues: set[tuple[str, str]],
) -> tuple[Any, ...]:
    """Everything the facts depend on besides the posts themselves."""
    brand, kol = pairing
    return (
        brand.id, kol.id, brand.updated_at, kol.updated_at, brand.links_stale, kol.links_stale,
        model, exclusions.aliases, exclusions.irrelevant, frozenset(venues),
    )  # fmt: skip


def _stamps_and_moves() -> tuple[Any, Any]:
    """The two shapes of stamps_and_changes()'s statement, built once (a read after a write
    runs one; building it cost about as much as running it)."""
    first: Any = bindparam("first")
    second: Any = bindparam("second")
    stamps = select(EntityStamp.entity_id, EntityStamp.version, null(), literal(1)).where(
        EntityStamp.entity_id.in_([first, second])
    )
    after = or_(
        and_(EntityChange.entity_id == first, EntityChange.version > bindparam("first_since")),
        and_(EntityChange.entity_id == second, EntityChange.version > bindparam("second_since")),
    )
    moves = select(EntityChange.entity_id, EntityChange.version, EntityChange.post_ids,
                   literal(0)).where(after)  # fmt: skip
    return stamps, union_all(moves, stamps)


STAMPS, MOVES_AND_STAMPS = _stamps_and_moves()


def stamps_and_changes(
    session: Session, entity_ids: tuple[str, str], since: tuple[int, int] | None
) -> tuple[tuple[int, int], set[str] | None]:
    """The entities' stamps now and, when `since` is given, the posts the stamps moved for
    after it: one statement, so both come from one snapshot. The posts are None when not
    asked for, or when some move's posts are unknown (not recorded, pruned) or too many to be
    worth picking out."""
    params: dict[str, Any] = {"first": entity_ids[0], "second": entity_ids[1]}
    query = STAMPS
    if since is not None:
        params |= {"first_since": since[0], "second_since": since[1]}
        query = MOVES_AND_STAMPS
    now = dict.fromkeys(entity_ids, 0)
    moved: dict[str, dict[int, list[str] | None]] = {}
    for entity_id, version, post_ids, is_stamp in session.execute(query, params):
        if is_stamp:
            now[entity_id] = int(version)
        else:
            moved.setdefault(entity_id, {})[int(version)] = post_ids
    versions = (now[entity_ids[0]], now[entity_ids[1]])
    if since is None:
        return versions, None
    return versions, _changed_posts(entity_ids, moved, since, versions)


def _changed_posts(
    entity_ids: tuple[str, str],
    moved: Mapping[str, Mapping[int, list[str] | None]],
    since: tuple[int, int],
    now: tuple[int, int],
) -> set[str] | None:
    changed: set[str] = set()
    for entity_id, after, until in zip(entity_ids, since, now, strict=True):
        if until < after:
            return None  # the stamp went back (a tenant imported again): start over
        moves = [p for v, p in moved.get(entity_id, {}).items() if v <= until]
        if len(moves) != until - after:
            return None
        for post_ids in moves:
            if post_ids is None:
                return None
            changed.update(post_ids)
        if len(changed) > MAX_CHANGED:
            return None
    return changed
