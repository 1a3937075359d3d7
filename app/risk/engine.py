"""The risk engine: assess(inputs, rules) -> Assessment. Pure: no database, no clock, no I/O.

Each component (app.risk.components) scores one warning sign 0-100 with the stored posts that
show it; the blend, level and decision follow the ordered rules in app.risk.rules, so a PR team
can say exactly why a pairing is go, caution or no-go.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from app.risk.components import CHECKS, Component, saturating
from app.risk.inputs import RiskInputs
from app.risk.rules import RiskRules
from app.risk.stance import Stance, stance_of

__all__ = ["Assessment", "Component", "Coverage", "assess", "blend", "level_of", "saturating"]

DECISION_ORDER = {"go": 0, "caution": 1, "no_go": 2}


@dataclass(frozen=True)
class Coverage:
    platforms: dict[str, int]
    start: datetime | None
    end: datetime | None
    posts: int
    not_collected: dict[str, str]


@dataclass(frozen=True)
class Assessment:
    score: float
    level: str
    decision: str
    reasons: tuple[str, ...]
    components: tuple[Component, ...]
    coverage: Coverage
    confidence: float
    as_of: datetime
    model_versions: tuple[str, ...]
    pending_posts: int


def coverage_of(inputs: RiskInputs) -> Coverage:
    counts = inputs.counts
    return Coverage(
        dict(counts.platforms), counts.start, counts.end, counts.posts, dict(inputs.collection_gaps)
    )


def confidence_of(inputs: RiskInputs, coverage: Coverage) -> float:
    """More posts, more platforms and fewer unscored posts make a call more trustworthy."""
    if coverage.posts == 0:
        return 0.0
    volume = 1.0 - math.exp(-coverage.posts / 30.0)
    breadth = min(1.0, 0.6 + 0.2 * len(coverage.platforms))
    scored = (coverage.posts - inputs.pending_posts) / coverage.posts
    # Each platform the collectors could not reach may hide talk the call never saw.
    reach = max(0.5, 1.0 - 0.1 * len(coverage.not_collected))
    return round(volume * breadth * scored * reach, 3)


def level_of(score: float, rules: RiskRules) -> str:
    if score >= rules.critical_from:
        return "critical"
    if score >= rules.high_from:
        return "high"
    return "medium" if score >= rules.medium_from else "low"


def blend(components: tuple[Component, ...]) -> float:
    """Weighted mean, pulled toward the worst component so one grave sign is never averaged away."""
    total_weight = sum(c.weight for c in components) or 1.0
    mean = sum(c.score * c.weight for c in components) / total_weight
    worst = max(c.score for c in components)
    return round(0.5 * mean + 0.5 * worst, 1)


def decide(
    score: float, components: tuple[Component, ...], contempt: int, rules: RiskRules
) -> tuple[str, str]:
    """(decision, the rule that took it), following the order documented in app.risk.rules."""
    grave = [c for c in components if c.score >= rules.component_no_go_from]
    if grave:
        named = ", ".join(f"{c.name} {c.score:.0f}" for c in sorted(grave, key=lambda c: -c.score))
        return "no_go", f"{named}: at or above {rules.component_no_go_from:g} on its own"
    level = level_of(score, rules)
    if level in ("high", "critical"):
        return "no_go", f"overall risk is {level} ({score:.0f})"
    if contempt and DECISION_ORDER[rules.fandom_contempt_floor] > DECISION_ORDER["go"]:
        floor = rules.fandom_contempt_floor
        return floor, f"the KOL has shown contempt for the brand's fans ({contempt} posts)"
    if level == "medium":
        return "caution", f"overall risk is medium ({score:.0f})"
    return "go", "no component shows material risk"


def assess(inputs: RiskInputs, rules: RiskRules) -> Assessment:
    components = tuple(_rounded(check(inputs, rules)) for check in CHECKS)
    coverage = coverage_of(inputs)
    confidence = confidence_of(inputs, coverage)
    coverage_component = Component(
        "coverage",
        round(100.0 * (1.0 - confidence), 1),
        rules.weights["coverage"],
        f"{coverage.posts} posts on {len(coverage.platforms)} platforms, "
        f"confidence {confidence:.2f}",
    )
    reasons: list[str] = []
    if not coverage.posts:
        score, level, decision = 0.0, "low", "caution"
        reasons.append(f"insufficient data: no post by or about {inputs.kol_name} yet")
    else:
        contempt = sum(stance_of(p) == Stance.CONTEMPT for p in inputs.posts if p.by_kol)
        score = blend(components)
        if any(c.score >= rules.component_no_go_from for c in components):
            # One grave sign decides no_go on its own; the level says so too.
            score = max(score, rules.high_from)
        level = level_of(score, rules)
        decision, rule = decide(score, components, contempt, rules)
        reasons.append(f"{decision}: {rule}")
        drivers = sorted(
            (c for c in components if c.score >= rules.medium_from), key=lambda c: -c.score
        )
        reasons += [f"{c.name} ({c.score:.0f}): {c.summary}" for c in drivers[:3]]
        if coverage.posts < rules.thin_data_posts:
            reasons.append(
                f"thin data: only {coverage.posts} posts, so confidence is {confidence:.2f}"
            )
    if inputs.pending_posts:
        reasons.append(f"{inputs.pending_posts} posts are not scored yet and are left out")
    if coverage.not_collected:
        gaps = ", ".join(f"{p} ({why})" for p, why in sorted(coverage.not_collected.items()))
        reasons.append(f"not collected: {gaps}")
    return Assessment(
        score=score,
        level=level,
        decision=decision,
        reasons=tuple(reasons),
        components=(*components, coverage_component),
        coverage=coverage,
        confidence=confidence,
        as_of=inputs.as_of,
        model_versions=inputs.model_versions,
        pending_posts=inputs.pending_posts,
    )


def _rounded(component: Component) -> Component:
    return Component(
        component.name,
        round(component.score, 1),
        component.weight,
        component.summary,
        component.evidence,
    )
