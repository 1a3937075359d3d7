"""Every component of an assessment, defined once: its name, the pure function that scores it,
its default weight and its words in zh and en, in the order an assessment lists them.

The rest derive from this list: the checks the engine runs (app.risk.engine), the default
weights and the names PUT /v1/risk-rules accepts (app.risk.rules), the component labels of
reasons, the dashboard and the reports (app.risk.messages, app.i18n). A new component is its
function (app.risk.components or a module of its own) and its record here;
tests/app/risk/test_checks.py holds every consumer to the list.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.risk.components import (
    Component,
    competitor_deal,
    controversy,
    peer,
    rumour,
    stance,
    velocity,
)
from app.risk.inputs import RiskInputs
from app.risk.messages import Template

if TYPE_CHECKING:  # app.risk.rules takes its default weights from here
    from app.risk.rules import RiskRules

Scorer = Callable[[RiskInputs, "RiskRules"], Component]


@dataclass(frozen=True)
class Check:
    name: str
    zh: str
    en: str
    # Default weight in the blend (RiskRules.weights, editable per tenant); None: a finding the
    # blend leaves out (weight 0), which the rules do not list.
    weight: float | None
    # None: the engine builds the component itself from the whole assessment.
    score: Scorer | None = None
    # Reads the fans' organic reaction: posts of bought-looking accounts in coordinated bursts
    # (app.risk.coordinated) are left out of its inputs.
    organic: bool = False
    # Its sentences (`summary.<name>.…` keys), for a check defined in a module of its own; the
    # first checks keep theirs in app.risk.messages.CATALOGUE.
    templates: Mapping[str, Template] = field(default_factory=dict)


# Stance and rumour carry most: the January 2026 case was a KOL's years of contempt for the
# fandom, and the fans' reaction the afternoon the deal leaked.
CHECKS: tuple[Check, ...] = (
    Check("stance", "立场", "stance", 0.30, stance),
    Check("controversy", "争议记录", "controversy record", 0.20, controversy),
    Check("rumour", "传闻期反应", "rumour reaction", 0.25, rumour, organic=True),
    Check("velocity", "负面增速", "negative velocity", 0.15, velocity, organic=True),
    Check("peer", "同行退出", "peer withdrawal", 0.10, peer),
    # A deal with one of the brand's competitors in the last competitor_deal_days. It joins the
    # blend only when a deal is found: having none is no evidence of safety, and a KOL without
    # one is scored as before the component existed.
    Check("competitor_deal", "竞品合作", "competitor deal", 0.10, competitor_deal),
    # Bursts of near-identical text by bought-looking accounts (app.risk.engine builds it).
    Check("coordinated", "协同刷帖", "coordinated activity", None),
    # How far the data reaches: 100 x (1 - confidence), shown, never blended (weight 0).
    Check("coverage", "数据覆盖", "coverage", 0.0),
)

BY_NAME = {check.name: check for check in CHECKS}
# What the engine runs on the inputs, in order, and those it gives the organic inputs.
SCORERS = tuple(check.score for check in CHECKS if check.score is not None)
ORGANIC = tuple(check.score for check in CHECKS if check.score is not None and check.organic)
LABELS_ZH = {check.name: check.zh for check in CHECKS}
TEMPLATES = {key: template for check in CHECKS for key, template in check.templates.items()}
