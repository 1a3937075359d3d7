"""Keyset pages for every list the API returns.

The contract keeps lists as JSON arrays, so the page's position travels outside the body:
`limit` and `cursor` come in as query parameters, and the next page's address goes out in a
`Link: <…>; rel="next"` header (RFC 8288). A cursor is the sort key of the last row served,
so a page stays correct while rows are added before it, and a read costs the same on page 1
and page 1,000 (no OFFSET).

Sort columns must be NOT NULL and end in a unique column (usually the id), or rows with equal
keys could be skipped or repeated at a page boundary.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Query, Request, Response
from sqlalchemy import ColumnElement, Select, tuple_
from sqlalchemy.orm import InstrumentedAttribute

from app.errors import BadRequest

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
_DATETIME_TAG = "$dt"

Row = TypeVar("Row")
# Any SELECT, of one entity or of several (a watch with its latest assessment).
Statement = TypeVar("Statement", bound=Select[*tuple[Any, ...]])


@dataclass(frozen=True)
class PageRequest:
    limit: int
    # The sort key of the last row of the previous page; None on the first page.
    after: tuple[Any, ...] | None = None
    # Why the cursor sent cannot be read. Raised when the list is read (keyset), not while
    # the request's dependencies are solved: a missing or bad key must answer 401 first.
    bad_cursor: str | None = None


def encode_cursor(key: Sequence[Any]) -> str:
    values = [{_DATETIME_TAG: v.isoformat()} if isinstance(v, datetime) else v for v in key]
    raw = json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[Any, ...]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
        if not isinstance(values, list) or not values:
            raise ValueError("not a list")
        return tuple(_decode_value(v) for v in values)
    except (ValueError, binascii.Error, UnicodeDecodeError, TypeError, RecursionError) as exc:
        raise BadRequest(
            "cursor is not one this API gave out; start again without it, "
            'then follow the Link header\'s rel="next" address'
        ) from exc


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict):
        return datetime.fromisoformat(value[_DATETIME_TAG])
    if isinstance(value, str | int | float):
        return value
    raise ValueError("unexpected cursor value")


def page_request(
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description="Items per page (1-1000).")
    ] = DEFAULT_LIMIT,
    cursor: Annotated[
        str | None,
        Query(
            max_length=2000,
            description="Where the page starts: copy it from the previous page's `Link: <…>; "
            'rel="next"` header. Leave it out for the first page.',
        ),
    ] = None,
) -> PageRequest:
    try:
        return PageRequest(limit=limit, after=decode_cursor(cursor) if cursor else None)
    except BadRequest as exc:
        return PageRequest(limit=limit, bad_cursor=exc.message)


PageDep = Annotated[PageRequest, Depends(page_request)]


def keyset(
    statement: Statement,
    columns: Sequence[ColumnElement[Any] | InstrumentedAttribute[Any]],
    page: PageRequest,
    *,
    descending: bool = False,
) -> Statement:
    """`statement` ordered by `columns`, starting after the cursor, one row more than a page
    (the extra row says whether a next page exists)."""
    if page.bad_cursor is not None:
        raise BadRequest(page.bad_cursor)
    if page.after is not None:
        if len(page.after) != len(columns):
            raise BadRequest("cursor belongs to another list or ordering; start again without it")
        position = tuple_(*columns)
        after = tuple_(*page.after)
        statement = statement.where(position < after if descending else position > after)
    order = [column.desc() if descending else column.asc() for column in columns]
    return statement.order_by(*order).limit(page.limit + 1)


def split_page(
    rows: Sequence[Row], page: PageRequest, key: Callable[[Row], Sequence[Any]]
) -> tuple[list[Row], str | None]:
    """The rows of this page and the cursor of the next (None on the last page)."""
    if len(rows) <= page.limit:
        return list(rows), None
    shown = list(rows[: page.limit])
    return shown, encode_cursor(key(shown[-1]))


def link_next(request: Request, response: Response, cursor: str | None) -> None:
    """Point to the next page, keeping every other query parameter as the client sent it."""
    if cursor is None:
        return
    url = request.url.include_query_params(cursor=cursor)
    response.headers.append("Link", f'<{url}>; rel="next"')
