"""post_grams rows, encoded for app.bulk the way posts and mentions are (no SQLAlchemy here:
the import worker builds them in another process).

A post has some sixty bigrams; its tenant, time and id are encoded once and each bigram is
appended, instead of encoding sixty rows column by column.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from app.encoding import DatetimeTexts, kinds_of, row_encoder
from app.search.grams import text_grams

# The order rows are written in (any order serves an INSERT); the gram goes last so it can be
# appended to the post's encoded part.
GRAM_COLUMNS = ("tenant_id", "post_created_at", "post_id", "gram")
_POST_PART_KINDS = kinds_of(GRAM_COLUMNS[:3], datetimes=("post_created_at",))


class GramRows:
    """Builds one dialect's encoded post_grams rows."""

    def __init__(self, dialect: str, datetimes: DatetimeTexts | None = None) -> None:
        self._copy = dialect != "sqlite"
        self._encode = row_encoder(dialect, _POST_PART_KINDS, datetimes)

    def of_post(
        self, tenant_id: str, post_id: str, created_at: datetime, text_norm: str
    ) -> list[Any]:
        return self.of_grams(tenant_id, post_id, created_at, text_grams(text_norm))

    def of_grams(
        self, tenant_id: str, post_id: str, created_at: datetime, grams: Sequence[int] | set[int]
    ) -> list[Any]:
        part = self._encode((tenant_id, created_at, post_id))
        if self._copy:
            prefix = part[:-1]  # the line without its newline
            return [f"{prefix}\t{gram}\n" for gram in grams]
        return [[*part, gram] for gram in grams]
