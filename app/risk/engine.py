"""The risk engine: assess(inputs, rules) -> RiskReading. Pure: no database, no clock, no I/O.

Each component (app.risk.components) scores one warning sign 0-100 with the stored posts that
show it; the blend, level and decision follow the ordered rules in app.risk.rules, so a PR team
can say exactly why a pairing is go, caution or no-go.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from app.risk.checks import ORGANIC, SCORERS
from app.risk.components import (
    MAX_EVIDENCE,
    Component,
    is_negative,
    pairing_posts,
    saturating,
)
from app.risk.coordinated import Coordination, find_coordination
from app.risk.inputs import PostFacts, RiskInputs
from app.risk.messages import Message, Params, gaps_param, grave_param, render
from app.risk.rules import RiskRules
from app.risk.shortfalls import shortfalls
from app.risk.stance import Stance, stance_of

__all__ = [
    "ENGINE_VERSION",
    "RiskReading",
    "Component",
    "CoverageSpan",
    "assess",
    "blend",
    "level_of",
    "saturating",
]

DECISION_ORDER = {"go": 0, "caution": 1, "no_go": 2}
# Part of every snapshot's inputs marker: bump it when the engine's logic or wording changes, so
# stored snapshots are re-evaluated on their next read instead of serving the old reading.
ENGINE_VERSION = "2026-12-07.2"  # competitor deals; coordinated activity in recent and collab talk


@dataclass(frozen=True)
class CoverageSpan:
    platforms: dict[str, int]
    start: datetime | None
    end: datetime | None
    posts: int
    not_collected: dict[str, str]


@dataclass(frozen=True)
class RiskReading:
    score: float
    level: str
    decision: str
    # Why, worded per language by app.risk.messages; `reasons` is the English the API returns.
    messages: tuple[Message, ...]
    components: tuple[Component, ...]
    coverage: CoverageSpan
    confidence: float
    as_of: datetime
    model_versions: tuple[str, ...]
    pending_posts: int
    # Confidence below the rules' firm_confidence_from: the decision is a preliminary call.
    provisional: bool = False
    # What keeps the call from being firm, and what to collect (app.risk.shortfalls).
    shortfalls: tuple[Message, ...] = ()

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(render(m, "en") for m in self.messages)


def coverage_of(inputs: RiskInputs) -> CoverageSpan:
    counts = inputs.counts
    return CoverageSpan(
        dict(counts.platforms), counts.start, counts.end, counts.posts, dict(inputs.collection_gaps)
    )


def confidence_of(inputs: RiskInputs, coverage: CoverageSpan) -> float:
    """More posts, more platforms and fewer unscored posts make a call more trustworthy."""
    if coverage.posts == 0:
        return 0.0
    volume = 1.0 - math.exp(-coverage.posts / 30.0)
    breadth = min(1.0, 0.6 + 0.2 * len(coverage.platforms))
    scored = (coverage.posts - inputs.pending_posts) / coverage.posts
    # Each platform the collectors could not reach may hide talk the call never saw; one still
    # filling a gap hides less.
    missing = 0.1 * len(coverage.not_collected) + 0.05 * len(inputs.open_gaps)
    reach = max(0.5, 1.0 - missing)
    return round(volume * breadth * scored * reach, 3)


def level_of(score: float, rules: RiskRules) -> str:
    if score >= rules.critical_from:
        return "critical"
    if score >= rules.high_from:
        return "high"
    return "medium" if score >= rules.medium_from else "low"


def blend(components: tuple[Component, ...]) -> float:
    """Weighted mean, pulled toward the worst component so one grave sign is never averaged away.
    A competitor deal joins the mean only when one was found (see app.risk.rules)."""
    components = tuple(c for c in components if c.name != "competitor_deal" or c.score > 0)
    total_weight = sum(c.weight for c in components) or 1.0
    mean = sum(c.score * c.weight for c in components) / total_weight
    worst = max(c.score for c in components)
    return round(0.5 * mean + 0.5 * worst, 1)


def decide(
    score: float,
    components: tuple[Component, ...],
    contempt: int,
    rules: RiskRules,
    unlinked_posts: int | None = None,
) -> tuple[str, Message]:
    """(decision, the reason naming the rule that took it), in the order of app.risk.rules.
    unlinked_posts: the post count when it is thin and no post ties the KOL to the brand."""
    grave = [c for c in components if c.score >= rules.component_no_go_from]
    if grave:
        named = grave_param([(c.name, c.score) for c in sorted(grave, key=lambda c: -c.score)])
        params: Params = {"grave": named, "threshold": rules.component_no_go_from}
        return "no_go", _decided("no_go", "grave", params)
    level = level_of(score, rules)
    if level in ("high", "critical"):
        return "no_go", _decided("no_go", "level", {"level": level, "score": score})
    if contempt and DECISION_ORDER[rules.fandom_contempt_floor] > DECISION_ORDER["go"]:
        floor = rules.fandom_contempt_floor
        return floor, _decided(floor, "contempt", {"posts": contempt})
    notable = [c for c in components if c.score >= rules.component_caution_from]
    if notable:
        named = grave_param([(c.name, c.score) for c in sorted(notable, key=lambda c: -c.score)])
        params = {"grave": named, "threshold": rules.component_caution_from}
        return "caution", _decided("caution", "notable", params)
    if level == "medium":
        return "caution", _decided("caution", "level", {"level": level, "score": score})
    if unlinked_posts is not None:
        return "caution", _decided("caution", "unlinked", {"posts": unlinked_posts})
    return "go", _decided("go", "clear", {})


def ties_kol_to_brand(inputs: RiskInputs) -> bool:
    """Some post is the KOL's own about the brand's side, or others' talk naming both."""
    return any(p.brand_side for p in inputs.posts)


def _decided(decision: str, rule: str, params: Params) -> Message:
    return Message(f"reason.decision.{rule}", {"decision": decision, **params})


def _driver(component: Component) -> Message:
    """A driving component's reason quotes its summary: the summary's key and parameters ride
    along, so the whole sentence renders in either language."""
    summary = component.message
    params = {**summary.params, "component": component.name, "score": component.score}
    return Message("reason.driver", {**params, "summary": summary.key})


def coordinated_component(
    inputs: RiskInputs, coordination: Coordination, rules: RiskRules
) -> tuple[Component, Message] | None:
    """The `coordinated` finding and its reason, when bought-looking accounts pushed
    near-identical text; None for organic talk, templated or not. Its weight is 0: it does not
    add risk, it says which volume the rumour and velocity components left out."""
    if not coordination.flagged:
        return None
    flagged = coordination.flagged_post_ids()
    negative = [p for p in pairing_posts(inputs) if is_negative(p)]
    recent = [p for p in negative if p.created_at >= inputs.as_of - timedelta(hours=48)]
    period = "in the last 48 h"
    if not any(p.post_id in flagged for p in recent):
        recent, period = negative, "about the pairing"
    share = round(100 * sum(p.post_id in flagged for p in recent) / len(recent)) if recent else 0
    counts: Params = {
        "clusters": len(coordination.flagged),
        "accounts": coordination.accounts,
        "bought": coordination.bought,
    }
    summary = Message(
        "summary.coordinated.found",
        {
            **counts,
            "window": rules.coordinated_window_minutes,
            "discounted": len(coordination.discounted),
        },
    )
    evidence = tuple(burst.posts[0] for burst in coordination.flagged[:MAX_EVIDENCE])
    component = Component("coordinated", float(share), 0.0, summary, evidence)
    reason_params: Params = {
        **counts,
        "share": share,
        "period": period,
        "followers": rules.bought_followers_below,
    }
    return component, Message("reason.coordinated", reason_params)


def organic(inputs: RiskInputs, coordination: Coordination) -> RiskInputs:
    """The inputs without the posts of bought-looking accounts in coordinated bursts."""
    if not coordination.discounted:
        return inputs
    kept = tuple(p for p in inputs.posts if p.post_id not in coordination.discounted)
    return replace(inputs, posts=kept)


# The organic checks read the last 30 days (velocity) and collaboration talk of any age
# (rumour): a burst elsewhere changes no score, so only those posts are searched for bursts.
# It keeps detection in proportion to recent talk, not to the watch's whole history.
COORDINATION_DAYS = 30


def coordination_candidates(inputs: RiskInputs) -> list[PostFacts]:
    since = inputs.as_of - timedelta(days=COORDINATION_DAYS)
    return [p for p in inputs.posts if p.created_at >= since or p.has_cue("collab")]


def assess(inputs: RiskInputs, rules: RiskRules) -> RiskReading:
    coordination = find_coordination(coordination_candidates(inputs), rules)
    fans = organic(inputs, coordination)
    components = tuple(
        _rounded(check(fans if check in ORGANIC else inputs, rules)) for check in SCORERS
    )
    found = coordinated_component(inputs, coordination, rules)
    coverage = coverage_of(inputs)
    confidence = confidence_of(inputs, coverage)
    coverage_component = Component(
        "coverage",
        round(100.0 * (1.0 - confidence), 1),
        rules.weights["coverage"],
        Message(
            "summary.coverage",
            {
                "posts": coverage.posts,
                "platforms": len(coverage.platforms),
                "confidence": confidence,
            },
        ),
    )
    reasons: list[Message] = []
    if not coverage.posts:
        score, level, decision = 0.0, "low", "caution"
        reasons.append(Message("reason.insufficient_data", {"kol": inputs.kol_name}))
    else:
        contempt = sum(stance_of(p) == Stance.CONTEMPT for p in inputs.posts if p.by_kol)
        score = blend(components)
        if any(c.score >= rules.component_no_go_from for c in components):
            # One grave sign decides no_go on its own; the level says so too.
            score = max(score, rules.high_from)
        elif any(c.score >= rules.component_caution_from for c in components):
            score = max(score, rules.medium_from)  # and one notable sign makes it medium
        level = level_of(score, rules)
        few = coverage.posts < rules.thin_data_posts
        unlinked = coverage.posts if few and not ties_kol_to_brand(inputs) else None
        decision, rule = decide(score, components, contempt, rules, unlinked)
        reasons.append(rule)
        if found is not None:
            # Right after the decision, so the alert's first three reasons carry it.
            reasons.append(found[1])
        drivers = sorted(
            (c for c in components if c.score >= rules.medium_from), key=lambda c: -c.score
        )
        reasons += [_driver(c) for c in drivers[:3]]
        if coverage.posts < rules.thin_data_posts:
            thin: Params = {"posts": coverage.posts, "confidence": confidence}
            reasons.append(Message("reason.thin_data", thin))
    if inputs.pending_posts:
        reasons.append(Message("reason.pending", {"posts": inputs.pending_posts}))
    if coverage.not_collected:
        gaps = gaps_param(coverage.not_collected)
        reasons.append(Message("reason.not_collected", {"gaps": gaps}))
    if inputs.open_gaps:
        reasons.append(Message("reason.still_collecting", {"gaps": gaps_param(inputs.open_gaps)}))
    return RiskReading(
        score=score,
        level=level,
        decision=decision,
        messages=tuple(reasons),
        components=(*components, *([found[0]] if found else []), coverage_component),
        coverage=coverage,
        confidence=confidence,
        as_of=inputs.as_of,
        model_versions=inputs.model_versions,
        pending_posts=inputs.pending_posts,
        provisional=confidence < rules.firm_confidence_from,
        shortfalls=shortfalls(inputs),
    )


def _rounded(component: Component) -> Component:
    return Component(
        component.name,
        round(component.score, 1),
        component.weight,
        component.message,
        component.evidence,
    )
