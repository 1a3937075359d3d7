"""Opaque, time-ordered string ids: a prefix that says what the id names, then 20 base32 chars."""

from __future__ import annotations

import secrets
import time

_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"


def _base32(number: int, width: int) -> str:
    chars = []
    for _ in range(width):
        number, digit = divmod(number, 32)
        chars.append(_ALPHABET[digit])
    return "".join(reversed(chars))


def new_id(prefix: str) -> str:
    # Milliseconds first so ids sort by creation time, which keeps B-tree inserts
    # append-mostly and gives a stable pagination order.
    millis = time.time_ns() // 1_000_000
    return f"{prefix}_{_base32(millis, 10)}{_base32(secrets.randbits(50), 10)}"
