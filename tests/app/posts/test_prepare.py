"""The CPU half of ingest encodes rows without the models; these hold it to them."""

from sqlalchemy import Table

from app.bulk import column_kinds
from app.models import Mention, Post
from app.posts.prepare import MENTION_COLUMNS, MENTION_KINDS, POST_COLUMNS, POST_KINDS


def test_columns_are_encoded_as_the_models_store_them():
    assert isinstance(Post.__table__, Table)
    assert isinstance(Mention.__table__, Table)
    assert column_kinds(Post.__table__, POST_COLUMNS) == POST_KINDS
    assert column_kinds(Mention.__table__, MENTION_COLUMNS) == MENTION_KINDS


def test_every_column_a_new_post_needs_is_written():
    required = {c.name for c in Post.__table__.columns if not c.nullable and c.default is None}
    assert required <= set(POST_COLUMNS)
