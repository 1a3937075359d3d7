"""post_search rows, encoded for app.bulk the way posts and mentions are (no SQLAlchemy here:
the import worker builds them in another process).

A post has one row: its tenant, time and id, and its bigrams as one document of tokens
(app.search.grams.text_document), which SQLite's FTS5 and PostgreSQL's tsvector both read as
space-separated words.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.encoding import DatetimeTexts, kinds_of, row_encoder
from app.search.grams import text_document

GRAM_COLUMNS = ("tenant_id", "post_created_at", "post_id", "grams")
_KINDS = kinds_of(GRAM_COLUMNS, datetimes=("post_created_at",))


class GramRows:
    """Builds one dialect's encoded post_search rows."""

    def __init__(self, dialect: str, datetimes: DatetimeTexts | None = None) -> None:
        self._encode = row_encoder(dialect, _KINDS, datetimes)

    def of_post(
        self, tenant_id: str, post_id: str, created_at: datetime, text_norm: str
    ) -> list[Any]:
        """The post's rows: one (a list, as its mentions are)."""
        tokens = text_document(tenant_id, text_norm)
        return [self._encode((tenant_id, created_at, post_id, tokens))]
