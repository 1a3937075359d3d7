from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator, TypeEngine

from app.models.base import Base

# Made by migration 0020 outside the metadata: SQLite's FTS5 table over post_search (a virtual
# table, its shadow tables and the triggers that keep it in step), PostgreSQL's GIN index.
SEARCH_FTS = "post_search_fts"
SEARCH_FTS_TABLES = frozenset(
    {SEARCH_FTS, *(f"{SEARCH_FTS}_{shadow}" for shadow in ("data", "idx", "config"))}
)
SEARCH_GIN_INDEX = "ix_post_search_grams"


class SearchTokens(TypeDecorator[str]):
    """Space-separated ASCII tokens: TEXT on SQLite, a tsvector on PostgreSQL. Read back the
    same on both (PostgreSQL's text form quotes each token), so a copy or an export between
    the two compares and loads as it was; app.search.grams writes them sorted, as a tsvector
    keeps them."""

    impl = Text
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(TSVECTOR())
        return dialect.type_descriptor(Text())

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None or dialect.name != "postgresql":
            return value
        return " ".join(token.strip("'") for token in value.split())


class PostSearch(Base):
    """A post's character bigrams (app.search.grams) as one document of short ASCII tokens,
    led by its tenant's token, for text search: one row a post.

    SQLite indexes `grams` with FTS5 (external content: this table is the content, `doc` the
    FTS rowid); PostgreSQL stores it as a tsvector under a GIN index. Either keeps one
    compressed posting list per token instead of a key row per bigram and post. The row goes
    with its post (cascade), and on SQLite triggers take it out of the FTS index.
    """

    __tablename__ = "post_search"

    # INTEGER PRIMARY KEY: SQLite's rowid itself, stable across VACUUM (the FTS rowid).
    doc: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant_id: Mapped[str] = mapped_column(String(40), ForeignKey("tenants.id", ondelete="CASCADE"))
    post_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("posts.id", ondelete="CASCADE"), unique=True
    )
    post_created_at: Mapped[datetime]
    grams: Mapped[str] = mapped_column(SearchTokens())


def kept_out_of_metadata(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Alembic's include_object: False for the search objects the models do not declare."""
    if type_ == "table" and name in SEARCH_FTS_TABLES:
        return False
    return not (type_ == "index" and name == SEARCH_GIN_INDEX)
