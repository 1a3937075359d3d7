"""Decision rules and weights. Defaults here; a tenant may override them (issue: risk engine)."""

from __future__ import annotations

from dataclasses import dataclass, field

COMPONENTS = ("stance", "controversy", "rumour", "velocity", "peer", "coverage")


@dataclass(frozen=True)
class RiskRules:
    # Weights of the blended score. Stance and rumour carry most: the January 2026 case was a
    # KOL's years of contempt for the fandom, and fans' reaction the day the deal leaked.
    weights: dict[str, float] = field(
        default_factory=lambda: {
            "stance": 0.30,
            "controversy": 0.20,
            "rumour": 0.25,
            "velocity": 0.15,
            "peer": 0.10,
            "coverage": 0.0,
        }
    )
    # Level bands over the 0-100 score.
    medium_from: float = 25.0
    high_from: float = 50.0
    critical_from: float = 75.0
    # Any single component at or above this makes the decision no_go on its own.
    component_no_go_from: float = 75.0
    # Fewer posts than this about the KOL lowers confidence and is said in the reasons.
    thin_data_posts: int = 20
    # Controversy fades: a ban five years ago matters less than one last month.
    controversy_half_life_days: float = 365.0


DEFAULT_RULES = RiskRules()
