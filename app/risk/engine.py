"""The risk engine: assess(inputs, rules) -> Assessment. Pure: no database, no clock, no I/O.

Each component scores one kind of warning sign 0-100 and keeps the posts that show it; the
blend, level and decision follow explicit rules (app.risk.rules) so a PR team can defend them.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.risk.inputs import PostFacts, RiskInputs
from app.risk.rules import RiskRules

MAX_EVIDENCE = 5
QUOTE_CHARS = 140


@dataclass(frozen=True)
class Component:
    name: str
    score: float
    weight: float
    summary: str
    evidence: tuple[PostFacts, ...] = ()


@dataclass(frozen=True)
class Coverage:
    platforms: dict[str, int]
    start: datetime | None
    end: datetime | None
    posts: int


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


def saturating(amount: float, half_at: float) -> float:
    """0-100, reaching 50 at `half_at` and approaching 100 as the amount grows."""
    return 100.0 * (1.0 - math.exp(-math.log(2) * amount / half_at)) if amount > 0 else 0.0


def _strongest(
    posts: Iterable[PostFacts], key: Callable[[PostFacts], float]
) -> tuple[PostFacts, ...]:
    return tuple(sorted(posts, key=key, reverse=True)[:MAX_EVIDENCE])


def _is_negative(post: PostFacts) -> bool:
    return post.label == "negative"


def _negativity(post: PostFacts) -> float:
    emotions = post.emotions
    return max(-(post.polarity or 0.0), emotions.get("disgust", 0.0), emotions.get("mockery", 0.0))


def stance(inputs: RiskInputs, rules: RiskRules) -> Component:
    """The KOL's own words about the brand, its fandom and executives (competitors excluded)."""
    targets = {"brand", "fandom", "executive", "owned"}
    own = [p for p in inputs.posts if p.by_kol and p.brand_roles & targets]
    hostile = [p for p in own if _is_negative(p)]
    # Contempt for the fans weighs double: it is what turns a fandom against a deal.
    weight = sum(2.0 if "fandom" in p.brand_roles else 1.0 for p in hostile)
    fandom_hits = sum("fandom" in p.brand_roles for p in hostile)
    summary = (
        f"{len(hostile)} of {len(own)} posts by {inputs.kol_name} about {inputs.brand_name} "
        f"are hostile ({fandom_hits} aimed at its fans)"
        if own
        else f"no post by {inputs.kol_name} about {inputs.brand_name} found"
    )
    evidence = _strongest(hostile, lambda p: ("fandom" in p.brand_roles, _negativity(p)))  # type: ignore[arg-type,return-value]
    return Component("stance", saturating(weight, 1.5), rules.weights["stance"], summary, evidence)


def controversy(inputs: RiskInputs, rules: RiskRules) -> Component:
    """Lawsuits, bans, apologies, ended deals naming the KOL; removed posts of the KOL's own."""
    half_life = timedelta(days=rules.controversy_half_life_days)

    def recency(post: PostFacts) -> float:
        age = max(inputs.as_of - post.created_at, timedelta(0))
        return float(0.5 ** (age / half_life))

    record = [p for p in inputs.posts if p.has_cue("controversy") and (p.names_kol or p.by_kol)]
    removed = [p for p in inputs.posts if p.by_kol and p.tombstone_reason]
    amount = sum(recency(p) for p in record) + 0.5 * sum(recency(p) for p in removed)
    summary = (
        f"{len(record)} posts report controversy around {inputs.kol_name}"
        + (f"; {len(removed)} of the KOL's posts were removed" if removed else "")
        if record or removed
        else "no lawsuits, bans, apologies or ended deals found"
    )
    evidence = _strongest([*record, *removed], recency)
    return Component(
        "controversy", saturating(amount, 2.0), rules.weights["controversy"], summary, evidence
    )


def _pairing_posts(inputs: RiskInputs) -> list[PostFacts]:
    """Posts by others that name both the KOL and the brand (or its fans, executives)."""
    brand_side = {"brand", "fandom", "executive", "owned"}
    return [p for p in inputs.posts if not p.by_kol and p.names_kol and p.brand_roles & brand_side]


def rumour(inputs: RiskInputs, rules: RiskRules) -> Component:
    """Fan reaction to a rumoured deal: co-mentions with collaboration cues, engagement-weighted."""
    rumoured = [p for p in _pairing_posts(inputs) if p.has_cue("collab") and p.scored]
    if not rumoured:
        return Component(
            "rumour", 0.0, rules.weights["rumour"], "no talk of a deal between them yet"
        )
    weight_of = [(p, 1.0 + math.log1p(p.engagement)) for p in rumoured]
    total = sum(w for _, w in weight_of)
    negative = sum(w for p, w in weight_of if _is_negative(p))
    positive = sum(w for p, w in weight_of if p.label == "positive")
    # Defenders count the other way; volume decides how much the share can be trusted.
    share = max(negative - 0.5 * positive, 0.0) / total
    score = 100.0 * share * (1.0 - math.exp(-len(rumoured) / 4.0))
    negative_pct = round(100 * negative / total)
    summary = f"{len(rumoured)} posts discuss a deal; {negative_pct}% negative by engagement"
    evidence = _strongest([p for p in rumoured if _is_negative(p)], lambda p: p.engagement)
    return Component("rumour", score, rules.weights["rumour"], summary, evidence)


def velocity(inputs: RiskInputs, rules: RiskRules) -> Component:
    """Negative pairing talk in the last 48 hours against its own daily baseline (median / MAD)."""
    negative = [p for p in _pairing_posts(inputs) if _is_negative(p)]
    recent_from = inputs.as_of - timedelta(hours=48)
    recent = [p for p in negative if p.created_at >= recent_from]
    baseline_days = Counter(
        (inputs.as_of - p.created_at).days for p in negative if p.created_at < recent_from
    )
    daily = [baseline_days.get(day, 0) for day in range(2, 30)]
    median = statistics.median(daily)
    spread = 1.4826 * statistics.median(abs(d - median) for d in daily)
    # Venue comments (under the brand's own and executives' posts) are where fans gather.
    recent_weight = sum(2.0 if p.in_venue else 1.0 for p in recent) / 2.0
    surprise = (recent_weight - median) / (spread + 1.0)
    score = max(0.0, min(100.0, 20.0 * surprise))
    summary = (
        f"{len(recent)} negative posts about the pairing in the last 48 h (baseline {median:g}/day)"
        if recent
        else "no recent surge of negative talk about the pairing"
    )
    evidence = _strongest(recent, lambda p: p.engagement)
    return Component("velocity", score, rules.weights["velocity"], summary, evidence)


def peer(inputs: RiskInputs, rules: RiskRules) -> Component:
    """Other creators publicly withdrawing from deals with the brand over this KOL."""
    withdrawals = [p for p in _pairing_posts(inputs) if p.has_cue("withdrawal")]
    summary = (
        f"{len(withdrawals)} posts of other creators withdrawing over this pairing"
        if withdrawals
        else "no peer withdrawals seen"
    )
    evidence = _strongest(withdrawals, lambda p: p.author_followers or 0)
    return Component(
        "peer", saturating(len(withdrawals), 1.0), rules.weights["peer"], summary, evidence
    )


def coverage_of(inputs: RiskInputs) -> Coverage:
    posts = inputs.posts
    if not posts:
        return Coverage({}, None, None, 0)
    times = [p.created_at for p in posts]
    return Coverage(dict(Counter(p.platform for p in posts)), min(times), max(times), len(posts))


def confidence_of(inputs: RiskInputs, coverage: Coverage) -> float:
    """More posts, more platforms and fewer unscored posts make a call more trustworthy."""
    if coverage.posts == 0:
        return 0.0
    volume = 1.0 - math.exp(-coverage.posts / 30.0)
    breadth = min(1.0, 0.6 + 0.2 * len(coverage.platforms))
    scored = coverage.posts / (coverage.posts + inputs.pending_posts)
    return round(volume * breadth * scored, 3)


def level_of(score: float, rules: RiskRules) -> str:
    if score >= rules.critical_from:
        return "critical"
    if score >= rules.high_from:
        return "high"
    return "medium" if score >= rules.medium_from else "low"


def decide(score: float, components: tuple[Component, ...], rules: RiskRules) -> tuple[str, str]:
    """(decision, the rule that made it)."""
    worst = max(components, key=lambda c: c.score)
    if worst.score >= rules.component_no_go_from:
        limit = rules.component_no_go_from
        return "no_go", f"{worst.name} alone is at {worst.score:.0f} (no-go from {limit:g})"
    level = level_of(score, rules)
    if level in ("high", "critical"):
        return "no_go", f"overall risk is {level}"
    stance_c = next(c for c in components if c.name == "stance")
    if level == "medium" or stance_c.score >= rules.medium_from:
        return (
            "caution",
            "overall risk is medium" if level == "medium" else "hostile posts toward the brand",
        )
    return "go", "no component shows material risk"


def blend(components: tuple[Component, ...]) -> float:
    """Weighted mean, pulled toward the worst component so one grave sign is never averaged away."""
    total_weight = sum(c.weight for c in components) or 1.0
    mean = sum(c.score * c.weight for c in components) / total_weight
    worst = max(c.score for c in components)
    return round(0.5 * mean + 0.5 * worst, 1)


def assess(inputs: RiskInputs, rules: RiskRules) -> Assessment:
    components = tuple(
        check(inputs, rules) for check in (stance, controversy, rumour, velocity, peer)
    )
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
    if not any(p.by_kol or p.names_kol for p in inputs.posts):
        score, level, decision = 0.0, "low", "caution"
        reasons.append(f"insufficient data: no post by or about {inputs.kol_name} yet")
    else:
        score = blend(components)
        level = level_of(score, rules)
        decision, rule = decide(score, components, rules)
        reasons.append(f"{decision}: {rule}")
        reasons += [
            f"{c.name}: {c.summary}"
            for c in sorted(components, key=lambda c: -c.score)[:3]
            if c.score > 0
        ]
        if coverage.posts < rules.thin_data_posts:
            reasons.append(
                f"thin data: only {coverage.posts} posts, so confidence is {confidence:.2f}"
            )
    if inputs.pending_posts:
        reasons.append(f"{inputs.pending_posts} posts are not scored yet and are left out")
    return Assessment(
        score=score,
        level=level,
        decision=decision,
        reasons=tuple(reasons),
        components=(*(_rounded(c) for c in components), coverage_component),
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
