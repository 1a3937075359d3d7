"""A text query as SQL over the search index: which posts hold every term of `q`.

A term of two characters or more is found through the index: the posts whose document holds
every bigram of the query (FTS5 MATCH on SQLite, a tsquery on PostgreSQL; the indexes
intersect their posting lists), each checked for the term itself with LIKE since bigrams in
another order also match. So no query reads the tenant's posts at large. A one-character term
has no bigram: a query made only of those must be bounded, to one watch or a short time
window, and reads the posts within the bound.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement

from app.errors import BadRequest
from app.models import Post
from app.search.grams import gram_token, query_terms, tenant_token, term_grams

MAX_QUERY_CHARS = 200
MAX_TERMS = 10
# A one-character query scans the window's posts: at most this long a window.
MAX_SCAN_WINDOW = timedelta(days=7)


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


def fts_match(tenant_id: str, query: TextQuery) -> str:
    """SQLite's MATCH expression: the tenant's token and every bigram's, each quoted (made
    of [0-9a-z] only: no user text reaches it)."""
    tokens = [tenant_token(tenant_id), *map(gram_token, query.grams)]
    return " AND ".join(f'"{token}"' for token in tokens)


def ts_query(query: TextQuery) -> str:
    """PostgreSQL's tsquery text: every bigram's token (the tenant is the row's column)."""
    return " & ".join(f"'{gram_token(gram)}'" for gram in query.grams)


@dataclass(frozen=True)
class Matching:
    """The conditions on Post that a query adds: every term (LIKE). The index finds the
    posts holding every bigram; bigrams in another order match too, so LIKE settles it."""

    conditions: list[ColumnElement[bool]]


def matching(query: TextQuery) -> Matching:
    return Matching([_contains(term) for term in query.terms])


def _contains(term: str) -> ColumnElement[bool]:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return Post.text_norm.like(f"%{escaped}%", escape="\\")


__all__ = ["Matching", "TextQuery", "Window", "fts_match", "matching", "parse", "ts_query"]
