"""Who was erased on request, as the hashes app.models.Erasure keeps: ingest reads them so a
post by an erased author, collected or sent again, is refused instead of stored again."""

from __future__ import annotations

import hashlib

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from app.models import Erasure

REFUSED = "its author's data was erased on request (kolrisk privacy erase): not stored again"


def subject_hash(tenant_id: str, platform: str, uid: str) -> str:
    return hashlib.sha256(f"{tenant_id}\n{platform}\n{uid}".encode()).hexdigest()


ERASED = select(Erasure.subject_hash).where(Erasure.tenant_id == bindparam("tenant"))


def erased_subjects(session: Session, tenant_id: str) -> frozenset[str]:
    return frozenset(session.scalars(ERASED, {"tenant": tenant_id}))


def erased_positions(
    tenant_id: str, authors: list[tuple[str, str | None]], erased: frozenset[str]
) -> set[int]:
    """The positions of `authors` (platform, uid) that name an erased author."""
    if not erased:
        return set()
    return {
        position
        for position, (platform, uid) in enumerate(authors)
        if uid and subject_hash(tenant_id, platform, uid) in erased
    }
