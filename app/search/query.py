"""A text query as SQL over the bigram index: which posts hold every term of `q`.

A term of two characters or more is found through the index: the posts holding its rarest
bigram are read newest first straight off post_grams' key (the order lists page in), each
checked for its other bigrams with exact key lookups and, since bigrams in another order also
match, for the term itself with LIKE. So no query reads the tenant's posts at large, only the
rarest bigram's. A one-character term has no bigram: a query made only of those must be
bounded, to one watch or a short time window, and reads the posts within the bound.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.orm import Session, aliased

from app.errors import BadRequest
from app.models import Post, PostGram
from app.search.grams import query_terms, term_grams

MAX_QUERY_CHARS = 200
MAX_TERMS = 10
# A one-character query scans the window's posts: at most this long a window.
MAX_SCAN_WINDOW = timedelta(days=7)
# Postings counted per bigram to find the rarest one; past this, "common" is all we need.
COUNT_CAP = 5_000


Q_HELP = (
    "Text the posts must hold (Chinese or not; two-character words work). Terms split on "
    "spaces must all be present. A query of one-character terms only needs a bound: one "
    f"watch's posts, or since and until at most {MAX_SCAN_WINDOW.days} days apart."
)
BAD_QUERY: dict[int | str, dict[str, Any]] = {
    400: {
        "description": "q cannot be searched as sent (too long, empty, or one character "
        "without a bound); `message` says what to send instead."
    }
}


@dataclass(frozen=True)
class TextQuery:
    terms: tuple[str, ...]

    @property
    def grams(self) -> list[int]:
        return list(dict.fromkeys(g for term in self.terms for g in term_grams(term)))


@dataclass(frozen=True)
class Window:
    since: datetime | None
    until: datetime | None

    def bounded(self) -> bool:
        return (
            self.since is not None
            and self.until is not None
            and self.until - self.since <= MAX_SCAN_WINDOW
        )


def parse(q: str) -> TextQuery:
    """The query's terms, or a 400 that says what to send instead."""
    if len(q) > MAX_QUERY_CHARS:
        raise _bad(f"q: {len(q)} characters is over the limit of {MAX_QUERY_CHARS}")
    terms = tuple(query_terms(q))
    if not terms:
        raise _bad("q: holds no characters to search for; send a word, e.g. q=翻车")
    if len(terms) > MAX_TERMS:
        raise _bad(f"q: {len(terms)} terms is over the limit of {MAX_TERMS}")
    return TextQuery(terms)


def require_bound(query: TextQuery, window: Window, in_watch: bool) -> None:
    """A query of one-character terms only reads posts one by one: refuse it unbounded."""
    if query.grams or in_watch or window.bounded():
        return
    days = MAX_SCAN_WINDOW.days
    raise _bad(
        f"q: a one-character query searches one watch's posts (GET /v1/watches/{{id}}/posts?q=) "
        f"or a time window: send since and until at most {days} days apart, or a longer word",
        field="q",
    )


def _bad(message: str, field: str = "q") -> BadRequest:
    return BadRequest(message, [{"field": field, "problem": message}])


def rarest_gram(
    session: Session, tenant_id: str, query: TextQuery, window: Window
) -> tuple[int, int] | None:
    """The query's bigram with the fewest posts (counted up to COUNT_CAP) and its count;
    None for a query without bigrams."""
    best: tuple[int, int] | None = None
    if len(query.grams) == 1:  # nothing to choose between: the walk itself finds no posting
        return query.grams[0], COUNT_CAP
    for gram in query.grams:
        postings = select(PostGram.post_id).where(
            PostGram.tenant_id == tenant_id, PostGram.gram == gram, *_window_on(window)
        )
        count = session.scalar(
            select(func.count()).select_from(postings.limit(COUNT_CAP).subquery())
        )
        count = int(count or 0)
        if best is None or count < best[1]:
            best = (gram, count)
        if count == 0:
            break
    return best


def _window_on(window: Window) -> list[ColumnElement[bool]]:
    conditions = []
    if window.since is not None:
        conditions.append(PostGram.post_created_at >= window.since)
    if window.until is not None:
        conditions.append(PostGram.post_created_at < window.until)
    return conditions


@dataclass(frozen=True)
class Matching:
    """The conditions on Post that a query adds: every term (LIKE) and every bigram but the
    driver's (exact key probes of post_grams)."""

    conditions: list[ColumnElement[bool]]


def matching(tenant_id: str, query: TextQuery, driver_gram: int | None) -> Matching:
    conditions: list[ColumnElement[bool]] = [_contains(term) for term in query.terms]
    for gram in query.grams:
        if gram == driver_gram:
            continue
        probe = aliased(PostGram)
        conditions.append(
            exists().where(
                probe.tenant_id == tenant_id,
                probe.gram == gram,
                probe.post_created_at == Post.created_at,
                probe.post_id == Post.id,
            )
        )
    return Matching(conditions)


def _contains(term: str) -> ColumnElement[bool]:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return Post.text_norm.like(f"%{escaped}%", escape="\\")


__all__ = ["Matching", "TextQuery", "Window", "matching", "parse", "rarest_gram"]
