"""Inputs markers: what a stored assessment was computed from, as one hash.

A watch's stored assessment stands while its marker does. The marker reads the change stamps of
the watch's brand and KOL (app.changes), never the watch's posts, so it costs the same at a
thousand posts or a million; stale_watch_ids() works out every watch's marker in a handful of
queries, for the evaluation job to find the few watches that changed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from app.analyst.service import CONTROLS, controls_marker, exclusions_markers
from app.models import (
    Assessment,
    Brand,
    Coverage,
    DecisionOverride,
    EntityStamp,
    Kol,
    Tenant,
    Watch,
)
from app.risk.engine import ENGINE_VERSION
from app.risk.rules import DEFAULT_RULES, RiskRules, default_weights


def rules_for(tenant_rules: dict[str, Any] | None) -> RiskRules:
    if not tenant_rules:
        return DEFAULT_RULES
    # Rules saved before a component existed lack its weight: it takes the default.
    weights = {**default_weights(), **(tenant_rules.get("weights") or {})}
    return RiskRules(**{**tenant_rules, "weights": weights})


def marker_of(
    stamps: tuple[int, int],
    pairing: tuple[Brand, Kol],
    model: str,
    rules: RiskRules,
    exclusions: str,
    coverage_updated: datetime | None,
    now: datetime,
) -> str:
    """The day is part of it: the engine's recent windows move with time, so a stored reading
    is redone at least once a day."""
    brand, kol = pairing
    seen = "|".join(
        [
            f"{stamps[0]}:{stamps[1]}:{now.astimezone(UTC).date()}",
            f"{brand.updated_at}:{kol.updated_at}:{brand.links_stale}:{kol.links_stale}",
            model,
            ENGINE_VERSION,
            _rules_text(rules),
            exclusions,
            str(coverage_updated),
        ]
    )
    return hashlib.sha256(seen.encode()).hexdigest()


def _rules_text(rules: RiskRules) -> str:
    if rules is DEFAULT_RULES:  # most tenants: written out once, not at every read
        return _DEFAULT_RULES_TEXT
    return json.dumps(asdict(rules), sort_keys=True)


_DEFAULT_RULES_TEXT = json.dumps(asdict(DEFAULT_RULES), sort_keys=True)


@dataclass(frozen=True)
class MarkerParts:
    """What one watch's marker reads from the database, in one query (parts_of)."""

    stamps: tuple[int, int]  # the brand's and the KOL's
    coverage_updated: datetime | None
    controls: tuple[tuple[int, datetime | None], ...]  # (count, latest) of each analyst control

    @property
    def exclusions(self) -> str:
        return controls_marker(list(self.controls))

    @property
    def overrides(self) -> int:
        """Decision overrides ever set on the watch (0: none can be active)."""
        return self.controls[CONTROLS.index(DecisionOverride)][0]


def part_columns(brand_id: Any, kol_id: Any, watch_id: Any) -> list[Any]:
    """What parts_of() reads, as single-row subqueries on the given ids (bound parameters, or
    columns of an outer query), each on a key or index of its table."""

    def stamp(entity_id: Any) -> Any:
        return select(EntityStamp.version).where(EntityStamp.entity_id == entity_id)

    columns = [stamp(brand_id), stamp(kol_id)]
    columns.append(select(func.max(Coverage.updated_at)).where(Coverage.watch_id == watch_id))
    for model in CONTROLS:
        columns.append(select(func.count()).where(model.watch_id == watch_id))
        columns.append(select(func.max(model.created_at)).where(model.watch_id == watch_id))
    return [c.scalar_subquery() for c in columns]


# parts_of()'s statement, built once: on every read, building it cost more than running it.
PARTS = select(*part_columns(bindparam("brand"), bindparam("kol"), bindparam("watch")))


def parts_from(row: Sequence[Any]) -> MarkerParts:
    """MarkerParts from the values of part_columns(), in order."""
    controls = tuple((int(row[i]), row[i + 1]) for i in range(3, len(row), 2))
    return MarkerParts((int(row[0] or 0), int(row[1] or 0)), row[2], controls)


def parts_of(session: Session, watch: Watch, pairing: tuple[Brand, Kol]) -> MarkerParts:
    """One statement of single-row subqueries, each on a key or index of its table."""
    brand, kol = pairing
    params = {"brand": brand.id, "kol": kol.id, "watch": watch.id}
    return parts_from(session.execute(PARTS, params).one())


def latest_markers(session: Session) -> dict[str, str]:
    """Each watch's last stored marker (the unique (watch_id, seq) index finds the last)."""
    last = (
        select(Assessment.watch_id, func.max(Assessment.seq).label("seq"))
        .group_by(Assessment.watch_id)
        .subquery()
    )
    query = select(Assessment.watch_id, Assessment.inputs_marker).join(
        last, (Assessment.watch_id == last.c.watch_id) & (Assessment.seq == last.c.seq)
    )
    return dict(session.execute(query).all())


def stale_watch_ids(session: Session, model: str, now: datetime) -> list[str]:
    """Watches with no stored assessment, or whose marker moved: a few queries in all, each
    over watches, entities or analysts' rows, none over posts."""
    watches = list(session.scalars(select(Watch).order_by(Watch.id)))
    brands = {b.id: b for b in session.scalars(select(Brand))}
    kols = {k.id: k for k in session.scalars(select(Kol))}
    versions = session.execute(select(EntityStamp.entity_id, EntityStamp.version))
    stamps = {entity_id: int(version) for entity_id, version in versions}
    rules = {t: rules_for(r) for t, r in session.execute(select(Tenant.id, Tenant.risk_rules))}
    coverage = dict(
        session.execute(
            select(Coverage.watch_id, func.max(Coverage.updated_at)).group_by(Coverage.watch_id)
        ).all()
    )
    exclusions = exclusions_markers(session)
    stored = latest_markers(session)
    stale = []
    for watch in watches:
        brand, kol = brands.get(watch.brand_id), kols.get(watch.kol_id)
        if watch.id not in stored or brand is None or kol is None:
            stale.append(watch.id)
            continue
        marker = marker_of(
            (stamps.get(brand.id, 0), stamps.get(kol.id, 0)),
            (brand, kol),
            model,
            rules.get(watch.tenant_id, DEFAULT_RULES),
            exclusions[watch.id],
            coverage.get(watch.id),
            now,
        )
        if marker != stored[watch.id]:
            stale.append(watch.id)
    return stale
