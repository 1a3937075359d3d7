"""Job: score posts that have no score under the current model."""

from __future__ import annotations

import logging

from app.clock import Clock
from app.db import Database
from app.scoring.service import score_pending
from sentiment import Scorer

log = logging.getLogger(__name__)


def score_new_posts(
    database: Database, scorer: Scorer, clock: Clock, batch_size: int, max_batches: int = 20
) -> int:
    """Score in batches, one transaction each, so a long backlog never holds the write lock long."""
    total = 0
    for _ in range(max_batches):
        with database.session_scope() as session:
            scored = score_pending(session, scorer, clock(), limit=batch_size)
        total += scored
        if scored < batch_size:
            break
    if total:
        log.info("scored %d posts", total)
    return total
