"""Coordinated activity among a pairing's posts: is this backlash real? Pure.

The method follows the coordinated-link-sharing studies (the same content shared by several
accounts within a short window) and what is known of Weibo 水军 (bought accounts with almost no
followers, pasting one text across many threads):

1. texts are reduced to their words (no @handles, links, emoji codes, punctuation or digits)
   and grouped when their character 3-gram sets overlap by `coordinated_similarity` (Jaccard),
   found exactly with prefix filtering, so no pair is compared twice and none is missed;
2. a group is a burst where `coordinated_min_accounts` distinct accounts posted it within
   `coordinated_window_minutes`;
3. in a burst, an account looks bought when it has fewer than `bought_followers_below`
   followers, is younger than NEW_ACCOUNT_DAYS (where the platform data says), pasted the text
   into REPEAT_THREADS threads or more with few followers, or posted it REPEAT_POSTS times.

Real fans copy and paste too (控评, a 抵制 slogan): a burst is flagged only when at least
`coordinated_min_accounts` of its accounts look bought, and only those accounts' posts are
discounted from the rumour and velocity components. Templated text by real-looking accounts
counts as the organic backlash it is.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from itertools import chain
from operator import itemgetter
from typing import Any

from app.risk.commercial import dig
from app.risk.inputs import PostFacts
from app.risk.rules import RiskRules

SHINGLE_CHARS = 3
# Texts shorter than this (after reduction) are too short to tell copying from coincidence:
# "支持", "顶", "666" are written alike by everyone.
MIN_TEXT_CHARS = 6
NEW_ACCOUNT_DAYS = 30
REPEAT_THREADS = 3
# An account pasting into many threads looks bought only when few follow it: a real fan with
# an audience does 控评 too.
REPEAT_THREADS_FOLLOWERS_BELOW = 100
REPEAT_POSTS = 5
# Where platform data (a post's `raw`) says when the author's account was created: Weibo's user
# object (`created_at`, "Tue Jan 05 10:00:00 +0800 2021"), Douyin's and others' epoch
# `create_time`, or `account_created_at` sent with a pushed item (POST /v1/posts keeps unknown
# fields in raw under `_unknown_fields`).
ACCOUNT_CREATED_PATHS = (
    ("account_created_at",), ("_unknown_fields", "account_created_at"),
    ("user", "created_at"), ("author", "created_at"),
    ("user", "create_time"), ("author", "create_time"), ("user_created_at",),
)  # fmt: skip
_NOISE = re.compile(r"@\S+|<url>|\[[^\]\s]{1,8}\]")
_NOT_WORDS = re.compile(r"[\W\d_]+")


@dataclass(frozen=True)
class Burst:
    """Near-identical posts by several accounts within the window."""

    posts: tuple[PostFacts, ...]
    accounts: frozenset[str]
    bought: frozenset[str]


@dataclass(frozen=True)
class Coordination:
    flagged: tuple[Burst, ...]
    # Bursts of copied text by real-looking accounts: organic, counted as it is.
    templated: tuple[Burst, ...]
    # Posts whose volume is discounted: flagged bursts' posts by accounts that look bought.
    discounted: frozenset[str]

    @property
    def accounts(self) -> int:
        return len(frozenset().union(*(b.accounts for b in self.flagged)))

    @property
    def bought(self) -> int:
        return len(frozenset().union(*(b.bought for b in self.flagged)))

    def flagged_post_ids(self) -> set[str]:
        return {p.post_id for burst in self.flagged for p in burst.posts}


# Kept facts come back at every re-evaluation with the same texts: each is reduced and cut
# into shingles once per process, not once per evaluation.
@lru_cache(maxsize=65_536)
def reduce_text(text_norm: str) -> str:
    """The words of a normalised text: what stays the same when a template is pasted."""
    return _NOT_WORDS.sub("", _NOISE.sub("", text_norm))


@lru_cache(maxsize=65_536)
def shingles(words: str) -> frozenset[str]:
    if len(words) <= SHINGLE_CHARS:
        return frozenset({words})
    return frozenset(words[i : i + SHINGLE_CHARS] for i in range(len(words) - SHINGLE_CHARS + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


class TextGroups:
    """Union-find over text indexes: near-identical texts end in one group."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def root(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def link_similar(
        self, ids: Iterable[int], sets: Sequence[frozenset[str]], threshold: float
    ) -> None:
        """Join the near-identical among `ids`, by prefix filtering: two sets with Jaccard >= t
        share a token among the first |x| - ceil(t|x|) + 1 of each in one global order (here
        rarest first among `ids`, ties by the shingle), so no pair is missed or compared twice."""
        chosen = sorted(ids)
        frequency = Counter(chain.from_iterable(sets[i] for i in chosen))
        ordered = sorted(frequency.items(), key=itemgetter(1, 0))
        by_rank = {shingle: rank for rank, (shingle, _) in enumerate(ordered)}.__getitem__
        index: dict[str, list[int]] = defaultdict(list)
        for i in chosen:
            size = len(sets[i])
            seen: set[int] = set()
            for token in sorted(sets[i], key=by_rank)[: size - math.ceil(threshold * size) + 1]:
                for j in index[token]:
                    if j not in seen:
                        seen.add(j)
                        if self.root(i) != self.root(j) and jaccard(sets[i], sets[j]) >= threshold:
                            self.parent[self.root(i)] = self.root(j)
                index[token].append(i)

    def groups(self) -> list[list[int]]:
        found: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.parent)):
            found[self.root(i)].append(i)
        return list(found.values())


def similar_groups(texts: Sequence[str], threshold: float) -> list[list[int]]:
    """Indexes of `texts` grouped by near-identity (transitively)."""
    groups = TextGroups(len(texts))
    groups.link_similar(range(len(texts)), [shingles(t) for t in texts], threshold)
    return groups.groups()


def grouped_in_time(
    by_text: dict[str, list[PostFacts]], texts: list[str], window: timedelta, threshold: float
) -> list[list[int]]:
    """Near-identical texts grouped, comparing only texts posted within `window` of each other:
    posts fall in buckets one window long, and each bucket is compared with the next, so every
    pair of posts less than a window apart meets once. A burst lies within a window; comparing
    a whole month of posts at once would cost far more for nothing more."""
    sets = [shingles(t) for t in texts]
    buckets: dict[int, set[int]] = defaultdict(set)
    width = window.total_seconds()
    for i, text in enumerate(texts):
        for post in by_text[text]:
            buckets[int(post.created_at.timestamp() // width)].add(i)
    groups = TextGroups(len(texts))
    for bucket, ids in buckets.items():
        near = ids | buckets.get(bucket + 1, set())
        if len(near) > 1:  # one text alone has nothing to be like
            groups.link_similar(near, sets, threshold)
    return groups.groups()


def author_key(post: PostFacts) -> str:
    return post.author_uid or post.author_name or post.post_id


def burst_posts(posts: list[PostFacts], window: timedelta, min_accounts: int) -> list[PostFacts]:
    """The posts of a group that fall in some window holding `min_accounts` distinct accounts."""
    ordered = sorted(posts, key=lambda p: p.created_at)
    in_burst: set[int] = set()
    authors: Counter[str] = Counter()
    left = 0
    for right, post in enumerate(ordered):
        authors[author_key(post)] += 1
        while post.created_at - ordered[left].created_at > window:
            key = author_key(ordered[left])
            authors[key] -= 1
            if not authors[key]:
                del authors[key]
            left += 1
        if len(authors) >= min_accounts:
            in_burst.update(range(left, right + 1))
    return [ordered[i] for i in sorted(in_burst)]


def looks_bought(posts: list[PostFacts], rules: RiskRules) -> bool:
    """One account's posts in a group of near-identical text."""
    first = posts[0]
    followers = first.author_followers
    if followers is not None and followers < rules.bought_followers_below:
        return True
    # Any of the account's posts may carry its creation time (a reader may have read raw for
    # some posts only): the earliest known stands for the account.
    since = min((p.author_since for p in posts if p.author_since is not None), default=None)
    if since is not None and first.created_at - since < timedelta(days=NEW_ACCOUNT_DAYS):
        return True
    threads = {p.parent_id or p.post_id for p in posts}
    few_followers = followers is None or followers < REPEAT_THREADS_FOLLOWERS_BELOW
    return (len(threads) >= REPEAT_THREADS and few_followers) or len(posts) >= REPEAT_POSTS


def find_coordination(posts: Iterable[PostFacts], rules: RiskRules) -> Coordination:
    """Bursts of near-identical text among others' posts (the KOL's own are never counted)."""
    by_text: dict[str, list[PostFacts]] = defaultdict(list)
    for post in posts:
        words = reduce_text(post.text_norm)
        if not post.by_kol and len(words) >= MIN_TEXT_CHARS:
            by_text[words].append(post)
    window = timedelta(minutes=rules.coordinated_window_minutes)
    # A post in a burst of near-identical text lies, first of all, in a window busy enough with
    # any text: texts never posted in such a window are left out before the costly grouping.
    everyone = [p for group in by_text.values() for p in group]
    busy = {p.post_id for p in burst_posts(everyone, window, rules.coordinated_min_accounts)}
    texts = [text for text, group in by_text.items() if any(p.post_id in busy for p in group)]
    flagged: list[Burst] = []
    templated: list[Burst] = []
    discounted: set[str] = set()
    for group in grouped_in_time(by_text, texts, window, rules.coordinated_similarity):
        members = [p for i in group for p in by_text[texts[i]]]
        if len({author_key(p) for p in members}) < rules.coordinated_min_accounts:
            continue  # too few accounts to make a burst at all
        in_burst = burst_posts(members, window, rules.coordinated_min_accounts)
        if not in_burst:
            continue
        per_account: dict[str, list[PostFacts]] = defaultdict(list)
        for post in members:
            per_account[author_key(post)].append(post)
        accounts = frozenset(author_key(p) for p in in_burst)
        bought = frozenset(a for a in accounts if looks_bought(per_account[a], rules))
        burst = Burst(tuple(in_burst), accounts, bought)
        if len(bought) >= rules.coordinated_min_accounts:
            flagged.append(burst)
            discounted.update(p.post_id for p in in_burst if author_key(p) in bought)
        else:
            templated.append(burst)
    flagged.sort(key=lambda b: -len(b.posts))
    return Coordination(tuple(flagged), tuple(templated), frozenset(discounted))


def account_created_at(raw: Mapping[str, Any] | None) -> datetime | None:
    """When the author's account was created, if a post's raw platform data says."""
    for path in ACCOUNT_CREATED_PATHS:
        if (moment := _moment(dig(raw, path))) is not None:
            return moment
    return None


def _moment(value: Any) -> datetime | None:
    if isinstance(value, bool) or value in (None, "", 0):
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 10**11 else value  # milliseconds
        try:
            return datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    for parse in (datetime.fromisoformat, _weibo_time):
        try:
            moment = parse(value.strip())
        except ValueError:
            continue
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return None


def _weibo_time(value: str) -> datetime:
    return datetime.strptime(value, "%a %b %d %H:%M:%S %z %Y")


def burst_candidates(posts: Sequence[PostFacts], rules: RiskRules) -> set[str]:
    """Posts in any burst of copied text by two accounts or more: the ones whose authors' age
    is worth reading from raw (the rest cannot be in a flagged burst at any tenant's rules)."""
    loose = replace(rules, coordinated_min_accounts=2)
    found = find_coordination(posts, loose)
    return {p.post_id for burst in (*found.flagged, *found.templated) for p in burst.posts}
