"""Analyst controls on a watch. Each change is recorded with who made it and why, and makes
the next risk read re-evaluate."""

from __future__ import annotations

from fastapi import APIRouter, Response

from app.analyst import service
from app.analyst.schemas import (
    AliasIn,
    AliasOut,
    ControlsOut,
    IrrelevantIn,
    IrrelevantOut,
    OverrideIn,
    OverrideRecord,
)
from app.deps import ClockDep, Reader, ReadSession, Writer, WriteSession
from app.watches import service as watches

router = APIRouter(prefix="/v1/watches/{watch_id}", tags=["analyst controls"])


@router.get("/controls")
def list_controls(watch_id: str, session: ReadSession, caller: Reader) -> ControlsOut:
    """Irrelevant posts, excluded aliases and the override history of a watch."""
    posts, aliases, overrides = service.controls(
        session, watches.get(session, caller.tenant_id, watch_id)
    )
    return ControlsOut(
        irrelevant_posts=[IrrelevantOut.model_validate(p) for p in posts],
        excluded_aliases=[AliasOut.model_validate(a) for a in aliases],
        overrides=[OverrideRecord.model_validate(o) for o in overrides],
    )


@router.post("/irrelevant-posts", status_code=201)
def mark_irrelevant(
    watch_id: str, body: IrrelevantIn, session: WriteSession, caller: Writer, clock: ClockDep
) -> IrrelevantOut:
    """Leave one of the watch's posts out of its assessment (a namesake, spam, off-topic)."""
    watch = watches.get(session, caller.tenant_id, watch_id)
    flag = service.mark_irrelevant(session, watch, body.post_id, body.reason, caller.who, clock())
    return IrrelevantOut.model_validate(flag)


@router.delete("/irrelevant-posts/{post_id}", status_code=204)
def unmark_irrelevant(
    watch_id: str, post_id: str, session: WriteSession, caller: Writer, clock: ClockDep
) -> Response:
    watch = watches.get(session, caller.tenant_id, watch_id)
    service.unmark_irrelevant(session, watch, post_id, caller.who, clock())
    return Response(status_code=204)


@router.post("/excluded-aliases", status_code=201)
def exclude_alias(
    watch_id: str, body: AliasIn, session: WriteSession, caller: Writer, clock: ClockDep
) -> AliasOut:
    """Posts tied to the KOL only through this alias leave the watch (小鹿 is also a word)."""
    watch = watches.get(session, caller.tenant_id, watch_id)
    excluded = service.exclude_alias(session, watch, body.alias, body.reason, caller.who, clock())
    return AliasOut.model_validate(excluded)


@router.delete("/excluded-aliases/{alias}", status_code=204)
def include_alias(
    watch_id: str, alias: str, session: WriteSession, caller: Writer, clock: ClockDep
) -> Response:
    watch = watches.get(session, caller.tenant_id, watch_id)
    service.include_alias(session, watch, alias, caller.who, clock())
    return Response(status_code=204)


@router.put("/override")
def set_override(
    watch_id: str, body: OverrideIn, session: WriteSession, caller: Writer, clock: ClockDep
) -> OverrideRecord:
    """Record the team's own decision beside the computed one; it replaces any earlier one."""
    watch = watches.get(session, caller.tenant_id, watch_id)
    override = service.set_override(
        session, watch, body.decision, body.rationale, caller.who, clock()
    )
    return OverrideRecord.model_validate(override)


@router.delete("/override", status_code=204)
def revoke_override(
    watch_id: str, session: WriteSession, caller: Writer, clock: ClockDep
) -> Response:
    watch = watches.get(session, caller.tenant_id, watch_id)
    service.revoke_override(session, watch, caller.who, clock())
    return Response(status_code=204)
