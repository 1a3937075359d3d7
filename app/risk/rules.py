"""Decision rules and weights: defaults here, overridable per tenant (PUT /v1/risk-rules).

The decision is taken by these rules, in order; the first that applies wins:
  1. no post by or about the KOL               -> caution ("insufficient data")
  2. any component >= component_no_go_from     -> no_go (and the score is lifted to high_from)
  3. overall level high or critical             -> no_go
  4. the KOL showed contempt for the fandom     -> at least fandom_contempt_floor
  5. any component >= component_caution_from   -> caution (and the score is lifted to medium_from);
     a deal with one of the brand's competitors in the last competitor_deal_days scores
     competitor_deal_score, so a fresh one makes a caution on its own
  6. overall level medium                       -> caution
  7. fewer than thin_data_posts posts, none tying the KOL to the brand's side -> caution
  8. otherwise                                  -> go

Coordinated activity is a finding, not a warning sign: its component (weight 0) names the
bursts of near-identical text by bought-looking accounts, and their posts are left out of the
rumour and velocity components, which measure the organic backlash.

Below firm_confidence_from the decision stands but is marked provisional: every surface shows
it as a preliminary call, with what is missing and what to collect (app.risk.shortfalls).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.risk.checks import CHECKS

# The components a tenant may weigh, with their default weights (app.risk.checks).
COMPONENTS = tuple(check.name for check in CHECKS if check.weight is not None)


def default_weights() -> dict[str, float]:
    return {check.name: check.weight for check in CHECKS if check.weight is not None}


@dataclass(frozen=True)
class RiskRules:
    weights: dict[str, float] = field(default_factory=default_weights)
    # Level bands over the 0-100 score.
    medium_from: float = 25.0
    high_from: float = 50.0
    critical_from: float = 75.0
    # Any single component at or above this makes the decision no_go on its own.
    component_no_go_from: float = 75.0
    # Any single component at or above this makes the decision at least caution: the blend of
    # five signs must not dilute one clear warning (a scandal record, two partners walking out).
    component_caution_from: float = 25.0
    # The least decision a KOL's contempt for the brand's fans allows: "caution" or "no_go".
    fandom_contempt_floor: str = "caution"
    # Fewer posts than this about the KOL lowers confidence and is said in the reasons.
    thin_data_posts: int = 20
    # Controversy fades: a ban five years ago matters less than one last month.
    controversy_half_life_days: float = 365.0
    # Below this confidence a decision is shown as provisional ("初步判断 · 数据不足"): a red
    # no-go on five posts must not read like one on five hundred.
    firm_confidence_from: float = 0.5
    # A deal with a competitor (a sponsored post by the KOL naming it) this recent is a warning
    # sign: 40 for one fresh deal, fading to half at the window's end; more deals add up, to
    # competitor_deal_max (below the no-go line: a rival's ambassador is caution, not a ban).
    competitor_deal_days: int = 182
    competitor_deal_score: float = 40.0
    competitor_deal_max: float = 70.0
    # Coordinated activity (app.risk.coordinated): near-identical texts (character 3-gram
    # Jaccard at or above coordinated_similarity) by coordinated_min_accounts accounts within
    # coordinated_window_minutes; accounts under bought_followers_below followers look bought.
    coordinated_similarity: float = 0.7
    coordinated_window_minutes: int = 30
    coordinated_min_accounts: int = 5
    bought_followers_below: int = 10


DEFAULT_RULES = RiskRules()
