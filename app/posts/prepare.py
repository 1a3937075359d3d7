"""The CPU half of ingest: items checked, normalised, matched and encoded as rows, with no
database. ingest() runs it in the request; a large file import runs it in a worker process
for the next batch while the main process writes this one (app.imports.pipeline).
"""

from __future__ import annotations

import gc
import io
import pickle
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple, cast

from pydantic import ValidationError

from app.clock import EARLIEST, FUTURE_TOLERANCE, LATEST, as_utc, time_problem
from app.encoding import DatetimeTexts, RowEncoder, kinds_of, row_encoder
from app.ids import new_ids
from app.posts.cues import find_cues
from app.posts.linking import Matcher, MentionMatch, signal_of
from app.posts.schemas import POST_IN, MetricsIn, PostIn, Rejected, unknown_fields
from app.schemas import describe_validation_errors
from app.search.rows import GramRows
from app.storable import (
    NUL,
    check_json,
    json_without_nul,
    surrogate_problem,
    without_nul,
)
from sentiment import normalize

POST_COLUMNS = (
    "id", "tenant_id", "platform", "platform_id", "kind", "parent_platform_id", "text",
    "text_norm", "author_uid", "author_name", "author_followers", "url", "likes", "reposts",
    "comments", "views", "metrics_updated_at", "created_at", "time_precision", "collected_at",
    "ingested_at", "updated_at", "cues", "raw", "tombstone_reason", "tombstoned_at",
)  # fmt: skip
MENTION_COLUMNS = (
    "tenant_id", "post_id", "entity_id", "role", "target", "matched", "via", "signal",
    "post_created_at", "post_platform", "post_collected_at",
)  # fmt: skip
_CREATED_AT, _TEXT_NORM = POST_COLUMNS.index("created_at"), POST_COLUMNS.index("text_norm")
# How the columns are stored (see app.encoding); a test holds these to the models, which this
# module does not import (the import worker runs it without SQLAlchemy).
POST_KINDS = kinds_of(
    POST_COLUMNS,
    datetimes=("metrics_updated_at", "created_at", "collected_at", "ingested_at", "updated_at",
               "tombstoned_at"),
    json=("cues", "raw"),
)  # fmt: skip
MENTION_KINDS = kinds_of(MENTION_COLUMNS, datetimes=("post_created_at", "post_collected_at"))


@dataclass(frozen=True)
class IngestLimits:
    max_text_chars: int


@dataclass(frozen=True)
class RowEncoders:
    """How posts and mentions are encoded for one database (see app.bulk)."""

    posts: RowEncoder
    mentions: RowEncoder
    grams: GramRows

    @classmethod
    def for_dialect(cls, dialect: str) -> RowEncoders:
        datetimes = DatetimeTexts()  # mention and gram rows repeat their post's datetimes
        return cls(
            row_encoder(dialect, POST_KINDS, datetimes),
            row_encoder(dialect, MENTION_KINDS, datetimes),
            GramRows(dialect, datetimes),
        )


@dataclass
class PreparedPosts:
    """A batch of items as rows ready to insert; ingest.write_prepared() stores them.

    Index i of post_ids, posts, mentions, grams and items is one post (grams: its rows of the
    search index, app.search); `items` keeps the item as sent,
    because a post that turns out to be stored already is updated from it instead.
    """

    rejected: list[Rejected] = field(default_factory=list)
    duplicates: int = 0  # the same post twice in the batch: the later copy wins
    post_ids: list[str] = field(default_factory=list)
    posts: list[Any] = field(default_factory=list)
    mentions: list[list[Any]] = field(default_factory=list)
    # (entity_id, role, created_at) per mention, unencoded: what app.changes records.
    named: list[list[tuple[str, str, datetime, str]]] = field(default_factory=list)
    grams: list[list[Any]] = field(default_factory=list)
    items: list[Any] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # as stored (what a scorer reads)
    # Per post: its index in the batch (for a reject) and (platform, author uid), so a post
    # by an author erased on request can still be refused once the rows are encoded.
    indexes: list[int] = field(default_factory=list)
    authors: list[tuple[str, str | None]] = field(default_factory=list)
    packed_rows: bytes | None = None
    packed_named: bytes | None = None
    packed_items: bytes | None = None

    def pack(self) -> None:
        """Pickle the rows and the items before the batch crosses processes, at a fifth of what
        the queue's own pickling costs (see dumps_tree). The writer unpacks the rows; it
        unpickles the items only in the rare batch that holds a stored post. `named` is
        pickled with the memo: its datetimes share one tzinfo and, per post, one object,
        which the memo writes once (six times faster than dumps_tree here)."""
        self.packed_rows = dumps_tree(
            (
                self.post_ids, self.posts, self.mentions, self.grams, self.indexes, self.authors,
                self.texts,
            )
        )  # fmt: skip
        self.packed_named = pickle.dumps(self.named, pickle.HIGHEST_PROTOCOL)
        self.packed_items = dumps_tree(self.items)
        self.post_ids, self.posts, self.mentions, self.items = [], [], [], []
        self.named, self.grams, self.indexes, self.authors = [], [], [], []
        self.texts = []

    def unpack(self) -> None:
        """The rows of a packed batch, back in post_ids, posts, mentions, named and grams."""
        if self.packed_rows is not None:
            rows = pickle.loads(self.packed_rows)
            (
                self.post_ids, self.posts, self.mentions, self.grams, self.indexes, self.authors,
                self.texts,
            ) = rows  # fmt: skip
            if self.packed_named is not None:
                self.named = pickle.loads(self.packed_named)
            self.packed_rows = self.packed_named = None

    def item(self, index: int) -> Any:
        self._unpack_items()
        return self.items[index]

    def _unpack_items(self) -> None:
        if self.packed_items is not None:
            self.items, self.packed_items = pickle.loads(self.packed_items), None

    def refuse(self, positions: set[int], reason: str) -> None:
        """Take the posts at these positions out of the batch, as rejects with `reason`."""
        if not positions:
            return
        self._unpack_items()
        for position in sorted(positions):
            self.rejected.append(Rejected(index=self.indexes[position], reason=reason))
        for name in (
            "post_ids",
            "posts",
            "mentions",
            "named",
            "grams",
            "items",
            "texts",
            "indexes",
            "authors",
        ):
            kept = [v for i, v in enumerate(getattr(self, name)) if i not in positions]
            setattr(self, name, kept)


def dumps_tree(value: Any) -> bytes:
    """Pickle without the memo, which costs most of pickle's time on thousands of small
    objects. Safe only for a tree of plain values, as rows and JSON-born items are: a shared
    object is written twice, and a cycle would never end."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(value)
    return buffer.getvalue()


def validate_item(item: Any, now: datetime, limits: IngestLimits) -> PostIn | str:
    """The parsed item, or a reason that says what to fix."""
    if not isinstance(item, dict):
        return f"each item must be a JSON object, got {type(item).__name__}"
    try:
        post = POST_IN.validate_python(item)
    except ValidationError as exc:
        return "; ".join(
            f"{d['field']}: {d['problem']}" for d in describe_validation_errors(exc.errors())
        )
    if len(post["text"]) > limits.max_text_chars:
        return f"text: {len(post['text'])} characters is over the limit of {limits.max_text_chars}"
    return _storable(post, now)


# NUL is removed from these; lone surrogates pydantic refuses itself in all but `text`, which
# has no length bound for it to check.
_TEXT_FIELDS = ("platform_id", "text", "parent_platform_id", "url", "tombstone_reason")


def _storable(post: PostIn, now: datetime) -> PostIn | str:
    """The post as the databases can store it (NUL removed), or why they cannot."""
    latest = now + FUTURE_TOLERANCE
    for name in ("created_at", "collected_at"):
        moment = post.get(name)
        if isinstance(moment, datetime) and not _plainly_in_range(moment, latest):
            if problem := time_problem(moment, now):
                return f"{name}: {problem}"
    if problem := surrogate_problem(post["text"]):
        return f"text: {problem}"
    _remove_nul(cast(dict[str, Any], post), _TEXT_FIELDS)
    if author := post.get("author"):
        _remove_nul(cast(dict[str, Any], author), ("uid", "name"))
    if not post["platform_id"]:
        return "platform_id: holds nothing but NUL characters"
    return _storable_raw(post)


def _plainly_in_range(moment: datetime, latest: datetime) -> bool:
    """An aware time inside POST_TIME_RANGE, found with one conversion to UTC: most are, and
    comparing times of one zone skips the utcoffset() calls that comparing across zones makes.
    False sends the time to time_problem(), which has the final word and the words."""
    if moment.tzinfo is None:
        return False
    try:
        utc = moment.astimezone(UTC)
    except OverflowError:
        return False
    return EARLIEST <= utc < LATEST and utc <= latest


def _remove_nul(fields: dict[str, Any], names: Sequence[str]) -> None:
    for name in names:
        value = fields.get(name)
        if value and NUL in value:
            fields[name] = without_nul(value)


def _storable_raw(post: PostIn) -> PostIn | str:
    """raw, and the unknown fields kept in it, as a JSON column takes them."""
    extra = unknown_fields(post)
    if extra:
        names = "".join(extra)
        problem = surrogate_problem(names) or ("one holds NUL" if NUL in names else None)
        if problem:
            return f"field names: {problem}"
    fields = cast(dict[str, Any], post)
    for name in ["raw", *extra] if "raw" in post else extra:
        value = fields[name]
        check = check_json(value if isinstance(value, dict | list) else [value])
        if check.problem:
            return f"{name}: {check.problem}"
        if check.has_nul:
            fields[name] = json_without_nul(value)
    return post


Checked = list[tuple[PostIn, Any, int]]  # valid posts, each with its item and its index


def prepare_posts(
    tenant_id: str,
    items: list[Any],
    now: datetime,
    limits: IngestLimits,
    matcher: Matcher,
    encoders: RowEncoders,
) -> PreparedPosts:
    prepared, checked = check_items(items, now, limits)
    add_rows(prepared, checked, tenant_id, now, matcher, encoders)
    return prepared


def check_items(
    items: list[Any], now: datetime, limits: IngestLimits
) -> tuple[PreparedPosts, Checked]:
    """Validation and repeats within the batch: a batch with its rejects and duplicates
    counted, and the posts still to be turned into rows by add_rows()."""
    prepared = PreparedPosts()
    latest: dict[tuple[str, str], tuple[PostIn, Any, int]] = {}
    for index, item in enumerate(items):
        checked = validate_item(item, now, limits)
        if isinstance(checked, str):
            prepared.rejected.append(Rejected(index=index, reason=checked))
            continue
        key = (checked["platform"], checked["platform_id"])
        prepared.duplicates += key in latest
        latest[key] = (checked, item, index)
    return prepared, list(latest.values())


def add_rows(
    prepared: PreparedPosts,
    checked: Checked,
    tenant_id: str,
    now: datetime,
    matcher: Matcher,
    encoders: RowEncoders,
) -> None:
    for post_id, (post, item, index) in zip(new_ids("pst", len(checked)), checked, strict=True):
        values, mentions = _rows(post_id, tenant_id, post, now, matcher)
        prepared.post_ids.append(post_id)
        prepared.posts.append(encoders.posts(values))
        prepared.mentions.append([encoders.mentions(m) for m in mentions])
        prepared.named.append([(m[2], m[3], m[8], m[1]) for m in mentions])
        created_at, text_norm = values[_CREATED_AT], values[_TEXT_NORM]
        prepared.grams.append(encoders.grams.of_post(tenant_id, post_id, created_at, text_norm))
        prepared.items.append(item)
        prepared.texts.append(post["text"])
        prepared.indexes.append(index)
        prepared.authors.append((post["platform"], (post.get("author") or {}).get("uid")))


def _rows(
    post_id: str, tenant_id: str, post: PostIn, now: datetime, matcher: Matcher
) -> tuple[tuple[Any, ...], list[tuple[Any, ...]]]:
    """The new post's row in POST_COLUMNS order, and its mention rows."""
    author = post.get("author") or {}
    author_uid = author.get("uid")
    platform, text = post["platform"], post["text"]
    text_norm = normalize(text)
    cues = find_cues(text_norm)
    created_at = as_utc(post["created_at"])
    collected_at = post.get("collected_at")
    collected_at = as_utc(collected_at) if collected_at else None
    metrics = post.get("metrics")
    tombstone_reason = post.get("tombstone_reason")
    values = (
        post_id, tenant_id, platform, post["platform_id"], post.get("kind", "post"),
        post.get("parent_platform_id"), text, text_norm, author_uid, author.get("name"),
        author.get("followers"), post.get("url"), *metrics_of(post).values(),
        now if metrics else None, created_at, post.get("time_precision", "second"),
        collected_at, now, now, cues, stored_raw(post), tombstone_reason,
        now if tombstone_reason else None,
    )  # fmt: skip
    matches = matcher.match(text_norm, platform, author_uid)
    key = PostKey(post_id, created_at, platform, collected_at, cues)
    return values, mention_values(tenant_id, key, matches)


class PostKey(NamedTuple):
    """The post fields a mention row copies (see Mention.post_created_at). A tuple: one is
    made for every post ingested."""

    post_id: str
    created_at: datetime
    platform: str
    collected_at: datetime | None
    cues: Sequence[str]


def mention_values(
    tenant_id: str, post: PostKey, matches: Sequence[MentionMatch]
) -> list[tuple[Any, ...]]:
    """Mention rows in MENTION_COLUMNS order."""
    if not matches:  # most posts ingested name nobody the tenant watches
        return []
    # The cues are the post's, so their signal bits are worked out once, not once a mention.
    signals = {via: signal_of(via, post.cues) for via in ("text", "author")}
    return [
        (
            tenant_id,
            post.post_id,
            m.ref.entity_id,
            m.ref.role,
            m.ref.target,
            m.matched[:200],
            m.via,
            signals[m.via],
            post.created_at,
            post.platform,
            post.collected_at,
        )  # fmt: skip
        for m in matches
    ]


def stored_raw(post: PostIn) -> dict[str, Any]:
    raw = post.get("raw")
    stored: dict[str, Any] = raw if isinstance(raw, dict) else {}
    if raw is not None and not isinstance(raw, dict):
        stored = {"value": raw}
    if extra := unknown_fields(post):
        stored = {**stored, "_unknown_fields": extra}
    return stored


def metrics_of(post: PostIn) -> dict[str, int | None]:
    metrics: MetricsIn = post.get("metrics") or {}
    return {
        "likes": metrics.get("likes"),
        "reposts": metrics.get("reposts"),
        "comments": metrics.get("comments"),
        "views": metrics.get("views"),
    }


GC_THRESHOLD = 50_000  # allocations between young collections (CPython's default: 700)


class _Thresholds:
    """The collector's thresholds as they were before the first rare_collections() began."""

    lock = threading.Lock()
    holders = 0
    before: tuple[int, int, int] = gc.get_threshold()


@contextmanager
def rare_collections() -> Iterator[None]:
    """Collect young objects every GC_THRESHOLD allocations instead of every 700.

    A batch is some 10^5 objects, none of them in a cycle, made and dropped at once: with the
    default thresholds the collector walked them again and again (a third of the import
    worker's time; in the server, parsing and storing a request's posts). Thread-safe: the
    server ingests several requests at once; the first to start sets the thresholds, the last
    to end puts them back.
    """
    with _Thresholds.lock:
        if _Thresholds.holders == 0:
            _Thresholds.before = gc.get_threshold()
            gc.set_threshold(GC_THRESHOLD, 20, 100)
        _Thresholds.holders += 1
    try:
        yield
    finally:
        with _Thresholds.lock:
            _Thresholds.holders -= 1
            if _Thresholds.holders == 0:
                gc.set_threshold(*_Thresholds.before)
