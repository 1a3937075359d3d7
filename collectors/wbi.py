"""Bilibili's WBI request signing, written from its public description.

The key pair comes from /x/web-interface/nav (`wbi_img`, also when logged out); it is the file
stem of two URLs. Their concatenation is permuted by a fixed 64-entry table and cut to 32
characters: the mixin key. The query (parameters plus `wts`, sorted by name, values stripped of
!'()*, percent-encoded with upper-case hex and %20 for spaces) followed by the mixin key,
MD5-hashed, is `w_rid`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

MIXIN_KEY_ORDER = (
    46, 47, 18, 2, 53, 8, 23, 32, 15, 50, 10, 31, 58, 3, 45, 35, 27, 43, 5, 49,
    33, 9, 42, 19, 29, 28, 14, 39, 12, 38, 41, 13, 37, 48, 7, 16, 24, 55, 40,
    61, 26, 17, 0, 1, 60, 51, 30, 4, 22, 25, 54, 21, 56, 59, 6, 63, 57, 62, 11,
    36, 20, 34, 44, 52,
)  # fmt: skip
_DROPPED = str.maketrans("", "", "!'()*")


def key_from_url(url: str) -> str:
    """ ".../bfs/wbi/7cd0849413...077c.png" → "7cd0849413...077c"."""
    return url.rsplit("/", 1)[-1].split(".", 1)[0]


def mixin_key(img_key: str, sub_key: str) -> str:
    raw = img_key + sub_key
    if len(raw) != 64:
        raise ValueError("WBI keys must be 32 characters each")
    return "".join(raw[i] for i in MIXIN_KEY_ORDER)[:32]


def encode_query(params: Mapping[str, Any]) -> str:
    """Sorted, filtered and encoded as the signature expects (and as we then send it)."""
    pairs = []
    for name in sorted(params):
        value = str(params[name]).translate(_DROPPED)
        pairs.append(f"{quote(name, safe='')}={quote(value, safe='')}")
    return "&".join(pairs)


def signed_query(params: Mapping[str, Any], img_key: str, sub_key: str, wts: int) -> str:
    """The query string to send: the encoded parameters with `wts` and their `w_rid`."""
    query = encode_query({**params, "wts": wts})
    w_rid = hashlib.md5((query + mixin_key(img_key, sub_key)).encode()).hexdigest()
    return f"{query}&w_rid={w_rid}"
