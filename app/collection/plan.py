"""What one pass collects for a watch (pure): search queries from the brand × KOL names, the
KOL's own accounts, the Tieba bars the KOL and the brand name, and the comment sections under
the brand's and executives' accounts.

The cross product of names × cues is large, so each pass takes the next slice of a rotation
rather than firing it all (Weibo answers 418/432 within a few watches otherwise).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from collectors.platforms import reads

COLLAB_CUES = ("合作", "恰饭", "商单", "年框", "代言", "投了")
CONTROVERSY_TERMS = ("道歉", "起诉", "禁言", "封号", "翻车", "争议")

ListingKind = Literal["search", "user", "bar", "venue"]


@dataclass(frozen=True)
class Listing:
    platform: str
    kind: ListingKind
    target: str  # keyword, account uid, bar name or feed URL
    feed: str = "posts"

    @property
    def label(self) -> str:
        """The coverage row's query, and the cursor's key."""
        suffix = "" if self.feed in ("posts", "feed") else f":{self.feed}"
        return f"{self.kind}:{self.target}{suffix}"[:300]


def _unique(names: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for name in names:
        if name and name.strip():
            seen.setdefault(name.strip(), None)
    return list(seen)


def _kol_names(kol: Any) -> list[str]:
    return _unique([kol.name, *kol.aliases])


def _brand_terms(brand: Any) -> list[str]:
    """The brand's side: its names, its fandom's names and its executives'."""
    executives = [str(e.get("name", "")) for e in brand.executives]
    return _unique([brand.name, *brand.aliases, *brand.fandom_names, *executives])


def search_queries(brand: Any, kol: Any) -> list[str]:
    """Co-mentions first, then collaboration cues, then controversy terms."""
    kol_names, brand_terms = _kol_names(kol), _brand_terms(brand)
    queries = [f"{k} {b}" for k in kol_names for b in brand_terms]
    queries += [f"{kol.name} {cue}" for cue in COLLAB_CUES]
    queries += [f"{kol.name} {term}" for term in CONTROVERSY_TERMS]
    return _unique(queries)


def rotation_slice(queries: Sequence[str], start: int, size: int) -> list[str]:
    if not queries:
        return []
    size = min(size, len(queries))
    return [queries[(start + i) % len(queries)] for i in range(size)]


def _accounts(accounts: Iterable[Any], platform: str) -> list[str]:
    return _unique(
        str(a.get("uid") or "")
        for a in accounts
        if isinstance(a, dict) and a.get("platform") == platform
    )


def venue_accounts(brand: Any, platform: str) -> list[str]:
    executives = [a for e in brand.executives for a in (e.get("accounts") or [])]
    return _unique([*_accounts(brand.owned_accounts, platform), *_accounts(executives, platform)])


def tieba_bars(brand: Any, kol: Any) -> list[str]:
    """The KOL's fans' bars first, then the brand's."""
    return _unique([*kol.tieba_bars, *brand.tieba_bars])


def plan_platform(
    platform: str,
    brand: Any,
    kol: Any,
    user_feeds: Sequence[str],
    rotation: int,
    queries_per_pass: int,
    news_feeds: Sequence[str] = (),
) -> list[Listing]:
    """What a platform reads (collectors.platforms): feeds alone, or search, accounts and bars."""
    if reads(platform, "feeds"):
        return [Listing(platform, "user", url, "feed") for url in _unique(news_feeds)]
    listings: list[Listing] = []
    if reads(platform, "search"):
        queries = rotation_slice(search_queries(brand, kol), rotation, queries_per_pass)
        listings += [Listing(platform, "search", q) for q in queries]
    for uid in _accounts(kol.accounts, platform):
        listings += [Listing(platform, "user", uid, feed) for feed in user_feeds]
    if reads(platform, "bars"):  # bars take turns within the same budget as the queries
        bars = rotation_slice(tieba_bars(brand, kol), rotation, queries_per_pass)
        listings += [Listing(platform, "bar", bar) for bar in bars]
    if user_feeds:  # a venue is read through its account's posts
        listings += [
            Listing(platform, "venue", uid, user_feeds[0])
            for uid in venue_accounts(brand, platform)
        ]
    return listings


def names_the_pairing(text: str, brand: Any, kol: Any) -> bool:
    """Whether a post names the KOL and the brand's side (brand, fans or executives): a
    discussion of the pairing, whose comment section is worth reading."""
    return any(k in text for k in _kol_names(kol)) and any(b in text for b in _brand_terms(brand))


def relevant(text: str, brand: Any, kol: Any) -> bool:
    """News feeds carry everything: keep the entries that name the KOL or the brand."""
    names = _unique([kol.name, *kol.aliases, brand.name, *brand.aliases])
    return any(name in text for name in names)
