"""Opaque, time-ordered string ids: a prefix that says what the id names, then 24 hex chars."""

from __future__ import annotations

import os
import time

RANDOM_BYTES = 6


def new_id(prefix: str) -> str:
    return new_ids(prefix, 1)[0]


def new_ids(prefix: str, count: int) -> list[str]:
    """`count` ids, with one read of the random source for all of them: os.urandom is a system
    call that releases the GIL, and once a post it let the import worker's sending thread take
    the GIL away from the preparing one again and again.
    """
    # Milliseconds first so ids sort by creation time, which keeps B-tree inserts
    # append-mostly and gives a stable pagination order; 48 random bits after them.
    noise = os.urandom(RANDOM_BYTES * count).hex()
    width = 2 * RANDOM_BYTES
    return [
        f"{prefix}_{time.time_ns() // 1_000_000:012x}{noise[i * width : (i + 1) * width]}"
        for i in range(count)
    ]
