"""Rows for alerting tests, written straight through the ORM (no API round trips)."""

from __future__ import annotations

import random
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from alerts.ssrf import AllowList
from app.alerting.config import DeliveryConfig
from app.config import Settings
from app.crypto import encrypt
from app.db import Database
from app.ids import new_id
from app.models import (
    AlertEvent,
    AlertMessage,
    Assessment,
    Brand,
    DeliveryAttempt,
    Kol,
    Tenant,
    Transition,
    Watch,
    WebhookEndpoint,
)

LOOPBACK = AllowList.parse("127.0.0.1")


def loopback_config(settings: Settings, **overrides: Any) -> DeliveryConfig:
    config = DeliveryConfig.from_settings(settings, allow=LOOPBACK, rng=random.Random(7))
    for name, value in overrides.items():
        setattr(config, name, value)
    return config


def add_tenant(database: Database, name: str = "acme") -> str:
    with database.session_scope() as session:
        tenant = Tenant(id=new_id("tnt"), name=name)
        session.add(tenant)
        return tenant.id


def add_watch(
    database: Database, tenant_id: str, kol: str = "测评老王", brand: str = "星河手机"
) -> str:
    with database.session_scope() as session:
        brand_row = session.query(Brand).filter_by(tenant_id=tenant_id, name=brand).first()
        if brand_row is None:
            brand_row = Brand(id=new_id("brd"), tenant_id=tenant_id, name=brand)
            session.add(brand_row)
        kol_row = Kol(id=new_id("kol"), tenant_id=tenant_id, name=kol)
        session.add(kol_row)
        session.flush()
        watch = Watch(
            id=new_id("wch"), tenant_id=tenant_id, brand_id=brand_row.id, kol_id=kol_row.id
        )
        session.add(watch)
        return watch.id


def add_endpoint(
    database: Database,
    settings: Settings,
    tenant_id: str,
    url: str,
    kind: str = "standard",
    secret: str | None = None,
    **fields: Any,
) -> str:
    with database.session_scope() as session:
        endpoint = WebhookEndpoint(
            id=new_id("whk"),
            tenant_id=tenant_id,
            kind=kind,
            url_ciphertext=encrypt(settings, url),
            url_hint=url,
            secret_ciphertext=encrypt(settings, secret) if secret else None,
            **fields,
        )
        session.add(endpoint)
        return endpoint.id


def evidence(quote: str, url: str | None = None) -> dict[str, Any]:
    return {
        "post_id": new_id("pst"),
        "platform": "weibo",
        "platform_id": "1",
        "url": url,
        "author": {"uid": "u1", "name": "路人", "followers": 3},
        "created_at": "2026-11-19T12:00:00+00:00",
        "quote": quote,
    }


def add_transition(
    database: Database,
    watch_id: str,
    level: str,
    decision: str,
    now: datetime,
    score: float = 50.0,
    cause: str = "evidence",
    quotes: tuple[str, ...] = ("星河粉丝都在骂",),
) -> str:
    """A snapshot and its transition, as the risk engine writes them."""
    with database.session_scope() as session:
        watch = session.get(Watch, watch_id)
        assert watch is not None
        previous = (
            session.query(Assessment)
            .filter(Assessment.watch_id == watch_id)
            .order_by(Assessment.seq.desc())
            .first()
        )
        snapshot = Assessment(
            id=new_id("asm"),
            tenant_id=watch.tenant_id,
            watch_id=watch_id,
            seq=(previous.seq + 1) if previous else 1,
            evaluated_at=now,
            score=score,
            level=level,
            decision=decision,
            confidence=0.8,
            posts_seen=1,
            inputs_marker=new_id("m"),
            payload={
                "reasons": ["粉丝群负面情绪快速上升", "KOL 曾多次辱骂品牌粉丝"],
                "components": [
                    {
                        "name": "stance",
                        "score": 80,
                        "weight": 0.5,
                        "evidence": [evidence(q) for q in quotes],
                    }
                ],
            },
        )
        session.add(snapshot)
        session.flush()
        transition = Transition(
            id=new_id("trn"),
            tenant_id=watch.tenant_id,
            watch_id=watch_id,
            assessment_id=snapshot.id,
            from_level=previous.level if previous else None,
            to_level=level,
            from_decision=previous.decision if previous else None,
            to_decision=decision,
            cause=cause,
            created_at=now,
        )
        session.add(transition)
        return transition.id


def add_message(
    database: Database, endpoint_id: str, tenant_id: str, now: datetime, texts: list[str]
) -> str:
    """One pending message carrying one firing event per text (as KOL names)."""
    with database.session_scope() as session:
        return _message(session, endpoint_id, tenant_id, now, texts)


def add_messages(
    database: Database, endpoint_id: str, tenant_id: str, now: datetime, texts: list[str]
) -> None:
    """One pending message per text, in one transaction."""
    with database.session_scope() as session:
        for text in texts:
            _message(session, endpoint_id, tenant_id, now, [text])


def _message(
    session: Session, endpoint_id: str, tenant_id: str, now: datetime, texts: list[str]
) -> str:
    ids = []
    for text in texts:
        event = AlertEvent(
            id=new_id("evt"),
            tenant_id=tenant_id,
            type="firing",
            level="high",
            decision="no_go",
            payload={"brand": "星河手机", "kol": text, "score": 80.0, "reasons": ["r"]},
            created_at=now,
            grouped_at=now,
        )
        session.add(event)
        ids.append(event.id)
    message = AlertMessage(
        id=new_id("msg"),
        tenant_id=tenant_id,
        endpoint_id=endpoint_id,
        event_ids=ids,
        next_attempt_at=now,
        created_at=now,
    )
    session.add(message)
    return message.id


def add_sent_message(
    database: Database,
    tenant_id: str,
    endpoint_id: str,
    created: datetime,
    status: str = "delivered",
    event_ids: tuple[str, ...] = (),
    attempts: tuple[tuple[datetime, str], ...] = (),
) -> str:
    """A message with its delivery attempts (when, outcome) already made."""
    with database.session_scope() as session:
        message = AlertMessage(
            id=new_id("msg"),
            tenant_id=tenant_id,
            endpoint_id=endpoint_id,
            event_ids=list(event_ids),
            status=status,
            next_attempt_at=created,
            created_at=created,
        )
        session.add(message)
        session.flush()
        for attempted_at, outcome in attempts:
            session.add(
                DeliveryAttempt(
                    id=new_id("att"),
                    message_id=message.id,
                    endpoint_id=endpoint_id,
                    attempted_at=attempted_at,
                    outcome=outcome,
                )
            )
        return message.id
