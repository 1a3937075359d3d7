"""Creating, revoking and opening share links. Services never commit: the caller's unit of
work does; opening records its use in the caller's transaction too, refusals included."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.audit import Actor
from app.config import Settings
from app.errors import AppError, NotFound
from app.ids import new_id
from app.models import Mention, Post, ReportShare, ReportShareUse, Watch
from app.pagination import PageRequest, keyset, split_page
from app.privacy.removals import missing_post
from app.shares.schemas import ShareOut
from app.shares.tokens import make_token, read_token
from app.tenants.audit_hooks import audit

USER_AGENT_CHARS = 200


class ShareGone(AppError):
    """An expired or revoked share: it existed, and will not open again."""

    status_code = 410
    error = "share_gone"


def share_url(settings: Settings, token: str) -> str:
    return f"{str(settings.public_base_url).rstrip('/')}/share/{token}"


def out(settings: Settings, share: ReportShare) -> ShareOut:
    token = make_token(settings, share.id, share.expires_at)
    return ShareOut(
        id=share.id,
        watch_id=share.watch_id,
        url=share_url(settings, token),
        expires_at=share.expires_at,
        created_at=share.created_at,
        created_by=share.created_by,
        revoked_at=share.revoked_at,
        uses=share.uses,
        last_used_at=share.last_used_at,
    )


def create(session: Session, watch: Watch, hours: int, actor: Actor, now: datetime) -> ReportShare:
    # Whole seconds: the token carries the expiry in seconds and must agree with the row.
    expires_at = (now + timedelta(hours=hours)).replace(microsecond=0)
    share = ReportShare(
        id=new_id("shr"),
        tenant_id=watch.tenant_id,
        watch_id=watch.id,
        created_by=actor.name,
        created_at=now,
        expires_at=expires_at,
        uses=0,
    )
    session.add(share)
    session.flush()
    detail = {"watch_id": watch.id, "expires_at": expires_at.isoformat()}
    audit(session, actor, "create", "share", share.id, at=now, detail=detail)
    return share


def list_page(
    session: Session, watch: Watch, page: PageRequest
) -> tuple[list[ReportShare], str | None]:
    """A page of the watch's shares, newest first, and the next page's cursor."""
    query = select(ReportShare).where(ReportShare.watch_id == watch.id)
    columns = [ReportShare.created_at, ReportShare.id]
    rows = session.scalars(keyset(query, columns, page, descending=True)).all()
    return split_page(rows, page, lambda share: (share.created_at, share.id))


def revoke(session: Session, watch: Watch, share_id: str, actor: Actor, now: datetime) -> None:
    share = session.get(ReportShare, share_id)
    if share is None or share.watch_id != watch.id:
        raise NotFound(f"no share {share_id!r} of watch {watch.id!r}")
    if share.revoked_at is None:
        share.revoked_at, share.revoked_by = now, actor.name
    audit(session, actor, "revoke", "share", share.id, at=now, detail={"watch_id": watch.id})


@dataclass(frozen=True)
class Visitor:
    """Who opened a link, as far as the request tells."""

    client: str | None
    user_agent: str | None


def open_share(
    session: Session,
    settings: Settings,
    token: str,
    what: str,
    visitor: Visitor,
    now: datetime,
) -> ReportShare | ShareGone:
    """The share behind a token, its use recorded; a refusal (expired, revoked) is recorded
    too and returned for the caller to raise once the record is committed."""
    found = read_token(settings, token)
    share = session.get(ReportShare, found[0]) if found else None
    if found is None or share is None:
        raise NotFound("no such shared report; ask for a new link")
    outcome = _outcome(share, found[1], now)
    session.add(
        ReportShareUse(
            id=new_id("shu"),
            share_id=share.id,
            used_at=now,
            what=what,
            outcome=outcome,
            client=visitor.client,
            user_agent=(visitor.user_agent or "")[:USER_AGENT_CHARS] or None,
        )
    )
    if outcome == "ok":
        session.execute(
            update(ReportShare)
            .where(ReportShare.id == share.id)
            .values(uses=ReportShare.uses + 1, last_used_at=now)
        )
    visitor_actor = Actor(share.tenant_id, "share", share.id, f"shared link ({visitor.client})")
    detail = {"watch_id": share.watch_id, "what": what, "outcome": outcome}
    audit(session, visitor_actor, "open", "share", share.id, at=now, detail=detail)
    if outcome == "ok":
        return share
    when = share.revoked_at if outcome == "revoked" else share.expires_at
    return ShareGone(
        f"this shared report was {outcome} on {when:%Y-%m-%d %H:%M} UTC; ask for a new link",
        {"share_id": share.id, "reason": outcome, "at": when},
    )


def _outcome(share: ReportShare, signed_expiry: datetime, now: datetime) -> str:
    if share.revoked_at is not None:
        return "revoked"
    if now >= min(share.expires_at, signed_expiry):
        return "expired"
    return "ok"


def shared_post(session: Session, share: ReportShare, post_id: str) -> Post:
    """A post the shared report may link to: one of the watch's (its KOL's) posts."""
    watch = session.get(Watch, share.watch_id)
    post = session.get(Post, post_id)
    if post is None or post.tenant_id != share.tenant_id:
        raise missing_post(session, share.tenant_id, post_id)
    if watch is None:
        raise NotFound(f"no post {post_id!r} in this shared report")
    linked = session.scalar(
        select(Mention.id).where(
            Mention.post_id == post.id, Mention.entity_id == watch.kol_id, Mention.role == "kol"
        ).limit(1)
    )  # fmt: skip
    if linked is None:
        raise NotFound(f"no post {post_id!r} in this shared report")
    return post
