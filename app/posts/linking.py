"""Which of a tenant's entities a post names or was written by. Pure: no database.

Every name is normalised with sentiment.normalize and found in the normalised post text with
one Aho-Corasick automaton, so the cost per post does not grow with the number of aliases.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import ahocorasick

from sentiment import normalize

ROLES = ("brand", "fandom", "executive", "competitor", "owned", "kol")
# Bits of Mention.signal: what makes a linked post worth reading in full for a risk call.
SIGNAL_BITS = {"author": 1, "collab": 2, "controversy": 4, "withdrawal": 8}


# What a tenant's brands and KOLs looked like when a matcher was built (see
# app.posts.mentions.entities_version): a matcher is rebuilt when it changes.
EntitiesVersion = tuple[object, ...]


def signal_of(via: str, cues: Iterable[str]) -> int:
    bits = SIGNAL_BITS["author"] if via == "author" else 0
    for cue in cues:
        bits |= SIGNAL_BITS.get(cue.split(":", 1)[0], 0)
    return bits


@dataclass(frozen=True)
class EntityRef:
    """One thing a post can be about: entity_id is the brand or KOL, target names the part."""

    entity_id: str
    role: str
    target: str


class MentionMatch(NamedTuple):
    """A tuple, not a dataclass: one or two are made for every post ingested."""

    ref: EntityRef
    matched: str
    via: str  # "text" or "author"


@dataclass
class EntityNames:
    """The names and accounts of one EntityRef, as the matcher is built from them."""

    ref: EntityRef
    names: list[str] = field(default_factory=list)
    accounts: list[tuple[str, str]] = field(default_factory=list)  # (platform, uid)


def brand_entities(
    brand_id: str,
    name: str,
    aliases: Sequence[str],
    fandom_names: Sequence[str],
    executives: Sequence[dict[str, Any]],
    competitors: Sequence[str],
    owned_accounts: Sequence[dict[str, Any]],
) -> list[EntityNames]:
    brand = EntityNames(EntityRef(brand_id, "brand", name), [name, *aliases])
    owned = EntityNames(EntityRef(brand_id, "owned", name))
    for account in owned_accounts:
        _add_account(owned, account)
        brand.names += [account["handle"]] if account.get("handle") else []
    entities = [brand, owned]
    entities += [EntityNames(EntityRef(brand_id, "fandom", f), [f]) for f in fandom_names]
    entities += [EntityNames(EntityRef(brand_id, "competitor", c), [c]) for c in competitors]
    for executive in executives:
        person = EntityNames(
            EntityRef(brand_id, "executive", executive["name"]), [executive["name"]]
        )
        for account in executive.get("accounts", []):
            _add_account(person, account)
        entities.append(person)
    return entities


def kol_entities(
    kol_id: str, name: str, aliases: Sequence[str], accounts: Sequence[dict[str, Any]]
) -> list[EntityNames]:
    kol = EntityNames(EntityRef(kol_id, "kol", name), [name, *aliases])
    for account in accounts:
        _add_account(kol, account)
    return [kol]


def hashed_uid(uid: str) -> str:
    """How MediaCrawler exports since 2026-07-01 name an author: sha256(uid), first 16 hex chars."""
    return "sha256:" + hashlib.sha256(uid.encode()).hexdigest()[:16]


def _add_account(entity: EntityNames, account: dict[str, Any]) -> None:
    if account.get("uid"):
        uid = str(account["uid"])
        # Both forms, so posts imported with only the hashed author still count as the KOL's own.
        entity.accounts += [(account["platform"], uid), (account["platform"], hashed_uid(uid))]
    if account.get("handle"):
        entity.names.append(account["handle"])


class Matcher:
    def __init__(self, entities: Iterable[EntityNames]) -> None:
        by_name: dict[str, set[EntityRef]] = defaultdict(set)
        self._by_account: dict[tuple[str, str], set[EntityRef]] = defaultdict(set)
        for entity in entities:
            for name in entity.names:
                key = normalize(name)
                if key:
                    by_name[key].add(entity.ref)
            for account in entity.accounts:
                self._by_account[account].add(entity.ref)
        self._automaton: Any = None
        if by_name:
            self._automaton = ahocorasick.Automaton()
            for key, refs in by_name.items():
                # Only a name that begins or ends with a Latin letter or digit can run into a
                # longer word; CJK names skip the boundary test.
                latin_edge = _is_word_char(key[0]) or _is_word_char(key[-1])
                self._automaton.add_word(key, (key, frozenset(refs), latin_edge))
            self._automaton.make_automaton()

    @property
    def empty(self) -> bool:
        return self._automaton is None and not self._by_account

    def match(self, text_norm: str, platform: str, author_uid: str | None) -> list[MentionMatch]:
        found: dict[EntityRef, MentionMatch] = {}
        if author_uid:
            for ref in self._by_account.get((platform, author_uid), ()):
                found[ref] = MentionMatch(ref, author_uid, "author")
        if self._automaton is not None and text_norm:
            for end, (key, refs, latin_edge) in self._automaton.iter(text_norm):
                if latin_edge and not _on_word_boundary(text_norm, end - len(key) + 1, end):
                    continue
                for ref in refs:
                    # The longest name found stands for the entity; its own account beats both.
                    current = found.get(ref)
                    if current is None or (
                        current.via == "text" and len(key) > len(current.matched)
                    ):
                        found[ref] = MentionMatch(ref, key, "text")
        return list(found.values())


def _is_word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _on_word_boundary(text: str, start: int, end: int) -> bool:
    """Latin names must not match inside longer words ("oppo" in "opposite"); CJK has no spaces."""
    if _is_word_char(text[start]) and start > 0 and _is_word_char(text[start - 1]):
        return False
    return not (_is_word_char(text[end]) and end + 1 < len(text) and _is_word_char(text[end + 1]))
