"""Character bigrams of a post's normalised text, as the integers the index stores.

Chinese words are mostly two characters, below what trigram indexes (FTS5 trigram, pg_trgm)
can match, so every pair of adjacent characters is indexed. A bigram is stored as one exact
integer (the two code points side by side: 21 bits each), not a hash, so the index has no
collisions and a query's bigrams are found with an equality lookup.

Pure functions: no database here.
"""

from __future__ import annotations

import functools
import hashlib
import operator
from collections.abc import Iterable

from sentiment import normalize

CODE_POINT_BITS = 21  # every Unicode code point is below 2**21


def gram_code(pair: str) -> int:
    """The stored integer of a two-character string."""
    return (ord(pair[0]) << CODE_POINT_BITS) | ord(pair[1])


def _indexed(pair: str) -> bool:
    """Pairs of letters, digits or Chinese characters only: punctuation, emoji and symbols
    add rows nobody searches for (a query's such pairs are checked by LIKE instead)."""
    return pair.isalnum()


def text_grams(text_norm: str) -> set[int]:
    """Every distinct indexed bigram of a normalised text; pairs across white space are left
    out (a query term never holds white space, see query_terms)."""
    grams: set[int] = set()
    for word in text_norm.split():
        # A pair is alphanumeric when both its characters are: each is tested once.
        codes = [ord(char) if char.isalnum() else -1 for char in word]
        grams.update(
            (first << CODE_POINT_BITS) | second
            for first, second in zip(codes, codes[1:], strict=False)
            if first >= 0 and second >= 0
        )
    return grams


def query_terms(query: str) -> list[str]:
    """The terms of a query as stored text reads: normalised, split on white space; a post
    matches when it holds every term."""
    return list(dict.fromkeys(normalize(query).split()))


def term_grams(term: str) -> list[int]:
    """The indexed bigrams a post must hold to contain `term` (none for a one-character
    term, or one of punctuation only)."""
    pairs = (term[i : i + 2] for i in range(len(term) - 1))
    return list(dict.fromkeys(gram_code(pair) for pair in pairs if _indexed(pair)))


def gram_token(code: int) -> str:
    """A bigram as the index's token: its integer in hexadecimal (at most 11 ASCII characters,
    which FTS5's default tokenizer and a tsvector both keep as one word)."""
    return format(code, "x")


@functools.lru_cache(maxsize=1024)
def tenant_token(tenant_id: str) -> str:
    """The token every post of a tenant carries, so one match is scoped to the tenant: 17
    characters, longer than any bigram's token, so the two never meet."""
    return "t" + hashlib.sha256(tenant_id.encode()).hexdigest()[:16]


def document(tenant_id: str, codes: Iterable[int]) -> str:
    """A post's indexed document: its tenant's token and its bigrams' tokens, sorted as
    PostgreSQL's tsvector sorts them (by bytes), so it reads back unchanged."""
    tokens = [tenant_token(tenant_id), *map(gram_token, codes)]
    return " ".join(sorted(tokens))


@functools.lru_cache(maxsize=1 << 16)
def _pair_token(pair: str) -> str:
    """A pair's token, or "" for a pair the index leaves out (see _indexed)."""
    return gram_token(gram_code(pair)) if _indexed(pair) else ""


def text_document(tenant_id: str, text_norm: str) -> str:
    """document(tenant_id, text_grams(text_norm)), computed at C speed: every adjacent pair of
    the whole text (a pair across white space is not alphanumeric, so it drops out as
    text_grams leaves it out), each distinct pair's token from a cache. Ingest makes one for
    every post, where the loop over characters cost as much as the rest of preparing it."""
    pairs = set(map(operator.add, text_norm, text_norm[1:]))
    tokens = set(map(_pair_token, pairs))
    tokens.discard("")
    tokens.add(tenant_token(tenant_id))
    return " ".join(sorted(tokens))
