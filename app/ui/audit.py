"""The audit log as a dashboard page (admins), with the API's filters and pages."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from app.audit.service import AuditFilter, entries_page
from app.clock import SHANGHAI, as_utc
from app.deps import ReadSession
from app.i18n import Lang, label
from app.models import AuditEntry
from app.pagination import PageRequest, decode_cursor
from app.schemas import Day
from app.ui.pages import HtmlErrorRoute, page
from app.ui.session import UiAdmin, UiLang

router = APIRouter(prefix="/ui", include_in_schema=False, route_class=HtmlErrorRoute)

PAGE_SIZE = 50
OBJECT_TYPES = (
    "brand", "kol", "watch", "webhook", "alert", "api_key", "user", "collection_platform",
    "risk_rules",
)  # fmt: skip
# A changed value longer than this is cut on the page (the API has it whole).
SHOWN_CHARS = 300


@dataclass(frozen=True)
class ChangeRow:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class EntryRow:
    entry: AuditEntry
    actor_kind: str
    action: str
    object_type: str
    changes: list[ChangeRow]


def _label(lang: Lang, group: str, value: str) -> str:
    """The page's word for an action or type; new ones (other features add them) show as is."""
    return label(lang, f"audit.{group}", value)


def entry_row(entry: AuditEntry, lang: Lang) -> EntryRow:
    return EntryRow(
        entry, _label(lang, "kind", entry.actor_kind), _label(lang, "action", entry.action),
        _label(lang, "type", entry.object_type), change_rows(entry),
    )  # fmt: skip


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


def change_rows(entry: AuditEntry) -> list[ChangeRow]:
    before, after = entry.changes.get("before") or {}, entry.changes.get("after") or {}
    fields = list(dict.fromkeys([*before, *after]))
    return [ChangeRow(f, _shown(before.get(f)), _shown(after.get(f))) for f in fields]


def _day_start(day: dt.date | None, days_after: int = 0) -> dt.datetime | None:
    if day is None:
        return None
    return as_utc(dt.datetime.combine(day + dt.timedelta(days=days_after), dt.time(), SHANGHAI))


@router.get("/audit")
def audit_page(
    request: Request, caller: UiAdmin, lang: UiLang, session: ReadSession,
    object_id: Annotated[str | None, Query(max_length=300)] = None,
    object_type: Annotated[str | None, Query(max_length=40)] = None,
    since: Annotated[Day | None, Query()] = None,
    until: Annotated[Day | None, Query()] = None,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> HTMLResponse:  # fmt: skip
    """Newest first; days are Asia/Shanghai days, `until` included."""
    flt = AuditFilter(
        object_id=object_id or None, object_type=object_type or None,
        since=_day_start(since), until=_day_start(until, days_after=1),
    )  # fmt: skip
    request_page = PageRequest(PAGE_SIZE, decode_cursor(cursor) if cursor else None)
    shown, next_cursor = entries_page(session, caller.tenant_id, flt, request_page)
    filters = {"object_id": object_id, "object_type": object_type, "since": since, "until": until}
    kept = {k: str(v) for k, v in filters.items() if v}
    next_query = urlencode({**kept, "cursor": next_cursor}) if next_cursor else None
    rows = [entry_row(entry, lang) for entry in shown]
    types = [(t, _label(lang, "type", t)) for t in OBJECT_TYPES]
    return page(
        request, "audit.html", lang, rows=rows, filters=filters, next_query=next_query, types=types
    )
