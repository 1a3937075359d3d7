"""Posts erased on request stay known by their (opaque) id: what a link to one answers.

Kept apart from the erasure service so the posts feature can ask without importing it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from app.clock import SHANGHAI
from app.errors import AppError, NotFound
from app.models import ErasedPost

REMOVED_EN = "removed on request ({day})"
REMOVED_ZH = "在请求下删除（{day}）"


class RemovedOnRequest(AppError):
    status_code = 410
    error = "removed_on_request"


def removal_day(erased_at: datetime) -> date:
    """The day a removal is shown under: Asia/Shanghai, the team's calendar."""
    return erased_at.astimezone(SHANGHAI).date()


def removed_text(day: date, lang: str = "en") -> str:
    return (REMOVED_ZH if lang == "zh" else REMOVED_EN).format(day=day.isoformat())


def missing_post(session: Session, tenant_id: str, post_id: str) -> AppError:
    """What to raise for a post that is not there: gone on request (410), or never was (404)."""
    erased = session.get(ErasedPost, post_id)
    if erased is None or erased.tenant_id != tenant_id:
        return NotFound(f"no post {post_id!r}")
    day = removal_day(erased.erased_at)
    return RemovedOnRequest(
        f"post {post_id} was {removed_text(day)}: its author asked for their data to be erased",
        {"post_id": post_id, "removed_on_request": day.isoformat()},
        key="err.removed_on_request",
        day=day.isoformat(),
    )
