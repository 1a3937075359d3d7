"""A Report on a session: the risk read, the pairing's days, the KOL's stance history and what
was (and was not) collected, as one Report every format renders. app.reports.reads.build_report
opens the transactions."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from app.analyst.service import exclusions_of
from app.i18n import Lang
from app.models import Watch
from app.reports.schemas import (
    CollectionState,
    FailureGroup,
    PlatformCoverage,
    ReasonOut,
    Report,
    ReportCoverage,
    ReportWatch,
)
from app.reports.stance_history import MAX_ENTRIES, stance_entries
from app.reports.timeline import collab_days, day_points, shanghai_date
from app.risk.gather import gather_inputs
from app.risk.messages import Message, render_or
from app.risk.moment import ReadTime
from app.risk.schemas import MessageOut, RiskOut, localised
from app.rollups.service import daily_counts
from app.watches import service as watches_service
from sentiment import Scorer

TOP_REASONS = 3
QUOTES_PER_REASON = 3


def assemble(
    session: Session,
    watch: Watch,
    risk: RiskOut,
    scorer: Scorer,
    *,
    time: ReadTime,
) -> Report:
    brand, kol = watches_service.pairing(session, watch)
    rows = [(r.day, r.bucket, r.posts) for r in daily_counts(session, watch.id)]
    as_of = time.as_of
    inputs = gather_inputs(session, brand, kol, scorer, exclusions_of(session, watch), time=time)
    stances = stance_entries(inputs.posts)
    last_day = shanghai_date(as_of) if as_of else None
    return Report(
        watch=ReportWatch(
            id=watch.id,
            brand_id=brand.id,
            brand_name=brand.name,
            kol_id=kol.id,
            kol_name=kol.name,
            stage=watch.stage,
        ),  # fmt: skip
        generated_at=time.now,
        replay=time.replay,
        risk=risk,
        top_reasons=top_reasons(risk),
        timeline=day_points(rows, collab_days(inputs.posts), last_day),
        stance_history=stances[:MAX_ENTRIES],
        stance_total=len(stances),
        coverage=report_coverage(risk, watches_service.coverage(session, watch), as_of),
    )


def top_reasons(risk: RiskOut) -> list[ReasonOut]:
    """The first reasons, each with quotes from the component it names first."""
    names = [c.name for c in risk.components]
    # Old snapshots carry no messages: their reasons stay the stored English.
    messages = risk.reason_messages if len(risk.reason_messages) == len(risk.reasons) else []
    reasons = []
    quoted: set[str] = set()  # a post quoted under one reason is not quoted again under the next
    for index, text in enumerate(risk.reasons[:TOP_REASONS]):
        named = _first_named(text, names)
        component = next((c for c in risk.components if c.name == named), None)
        fresh = [e for e in component.evidence if e.post_id not in quoted] if component else []
        evidence = fresh[:QUOTES_PER_REASON]
        quoted.update(e.post_id for e in evidence)
        repeated = bool(component and component.evidence and not evidence)
        message = messages[index] if messages else None
        reasons.append(
            ReasonOut(
                text=text, component=named, evidence=evidence, message=message,
                quotes_above=repeated,
            )
        )  # fmt: skip
    return reasons


def localised_report(report: Report, lang: Lang) -> Report:
    """The report with its reasons and summaries worded in lang (html, md, pdf and the
    dashboard). The JSON format keeps the English the risk API returns, plus the messages."""
    if lang == "en":
        return report
    reasons = [
        r.model_copy(update={"text": render_or(r.text, _message(r.message), lang)})
        for r in report.top_reasons
    ]
    return report.model_copy(update={"risk": localised(report.risk, lang), "top_reasons": reasons})


def _message(message: MessageOut | None) -> Message | None:
    return message.message() if message else None


def _first_named(text: str, names: list[str]) -> str | None:
    found = [(m.start(), name) for name in names if (m := re.search(rf"\b{name}\b", text))]
    return min(found)[1] if found else None


def report_coverage(
    risk: RiskOut, stored: dict[str, Any], as_of: datetime | None
) -> ReportCoverage:
    """Counts are the assessment's (exclusions and as_of applied); spans are the stored posts'."""
    spans = {row["platform"]: row for row in stored["posts"]}
    platforms = [
        PlatformCoverage(
            platform=platform,
            posts=count,
            from_=spans.get(platform, {}).get("from"),
            to=_clipped(spans.get(platform, {}).get("to"), as_of),
        )
        for platform, count in sorted(risk.coverage.platforms.items(), key=lambda kv: -kv[1])
    ]
    collection = [
        CollectionState(
            platform=c["platform"],
            query=c["query"],
            last_success_at=c["last_success_at"],
            last_error_at=c["last_error_at"],
            last_error_kind=c["last_error_kind"],
            items=c["items"],
            from_=c["from"],
            to=c["to"],
        )  # fmt: skip
        for c in stored["collection"]
    ]
    failing = [c for c in collection if _failing(c)]
    return ReportCoverage(
        platforms=platforms,
        posts=risk.coverage.posts,
        from_=risk.coverage.from_,
        to=risk.coverage.to,
        collection=collection,
        not_collected=failing,
        not_collected_groups=failure_groups(failing),
    )


def failure_groups(failing: list[CollectionState]) -> list[FailureGroup]:
    """Per platform and cause: how many queries, the latest failure and the latest success."""
    groups: dict[tuple[str, str], list[CollectionState]] = {}
    for state in failing:
        groups.setdefault((state.platform, state.last_error_kind or "error"), []).append(state)
    return [
        FailureGroup(
            platform=platform,
            kind=kind,
            listings=len(states),
            last_error_at=_latest(s.last_error_at for s in states),
            last_success_at=_latest(s.last_success_at for s in states),
        )
        for (platform, kind), states in sorted(groups.items())
    ]


def _latest(moments: Iterable[datetime | None]) -> datetime | None:
    return max((m for m in moments if m is not None), default=None)


def _clipped(moment: datetime | None, as_of: datetime | None) -> datetime | None:
    if moment is None or as_of is None:
        return moment
    return min(moment, as_of)


def _failing(state: CollectionState) -> bool:
    if state.last_error_at is None:
        return False
    return state.last_success_at is None or state.last_error_at > state.last_success_at
