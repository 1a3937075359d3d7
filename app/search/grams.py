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
import re
from collections.abc import Iterable
from itertools import repeat

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


# Runs of two or more letters, digits or Chinese characters: [^\W_] is str.isalnum(), character
# by character, as _indexed() tests a pair.
_ALNUM_RUN = re.compile(r"[^\W_]{2,}")


def text_document(tenant_id: str, text_norm: str) -> str:
    """document(tenant_id, text_grams(text_norm)), with the loops in C: the runs of indexed
    characters found by one regular expression, each run's bigram codes by map() over its code
    points (no pair crosses a run's end, so none across white space or punctuation), each
    code's token by format(). Ingest makes one for every post. (A cache of tokens by pair was
    faster on a small vocabulary and twice as slow on Chinese text, where it kept missing.)"""
    codes: set[int] = set()
    for run in _ALNUM_RUN.findall(text_norm):
        points = list(map(ord, run))
        codes.update(
            map(operator.or_, map(operator.lshift, points, repeat(CODE_POINT_BITS)), points[1:])
        )
    return " ".join(sorted([tenant_token(tenant_id), *map(format, codes, repeat("x"))]))
