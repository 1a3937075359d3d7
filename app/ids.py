"""Opaque, time-ordered string ids: a prefix that says what the id names, then 24 hex chars."""

from __future__ import annotations

import os
import time


def new_id(prefix: str) -> str:
    # Milliseconds first so ids sort by creation time, which keeps B-tree inserts
    # append-mostly and gives a stable pagination order; 48 random bits after them.
    # Hex, not base32: this runs once per ingested post and hex costs a fifth as much.
    return f"{prefix}_{time.time_ns() // 1_000_000:012x}{os.urandom(6).hex()}"
