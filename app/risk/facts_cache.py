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

from sqlalchemy import select
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


def stamps_of(session: Session, pairing: tuple[Brand, Kol]) -> tuple[int, int]:
    brand, kol = pairing
    found = dict(
        session.execute(
            select(EntityStamp.entity_id, EntityStamp.version).where(
                EntityStamp.entity_id.in_((brand.id, kol.id))
            )
        ).all()
    )
    return int(found.get(brand.id, 0)), int(found.get(kol.id, 0))


def changed_since(
    session: Session, entity_ids: tuple[str, str], kept: tuple[int, int], now: tuple[int, int]
) -> set[str] | None:
    """The posts the entities' stamps moved for between `kept` and `now`, or None when some
    move's posts are unknown (not recorded, pruned) or too many to be worth picking out."""
    changed: set[str] = set()
    for entity_id, since, until in zip(entity_ids, kept, now, strict=True):
        if until < since:
            return None  # the stamp went back (a tenant imported again): start over
        if until == since:
            continue
        rows = session.execute(
            select(EntityChange.post_ids).where(
                EntityChange.entity_id == entity_id,
                EntityChange.version > since,
                EntityChange.version <= until,
            )
        ).all()
        if len(rows) != until - since:
            return None
        for (post_ids,) in rows:
            if post_ids is None:
                return None
            changed.update(post_ids)
        if len(changed) > MAX_CHANGED:
            return None
    return changed
