"""Stance of a KOL's own post toward the brand side. Pure.

Contempt for the fandom is what turns fans against a deal, so it is told apart from hostility
toward the brand or its executives, and both from hard criticism of a product, which is a
reviewer's job and no warning sign on its own. A post that also names a competitor is read as a
comparison: whose side the venom is on cannot be told from words alone, so it counts only as
criticism.
"""

from __future__ import annotations

from enum import StrEnum

from app.risk.inputs import BRAND_SIDE, PostFacts

# Mockery or disgust at or above this (the scorer's 0-1 emotions) reads as contempt for people
# rather than a verdict on a product: measured on the scorer, product complaints stay under 0.35.
CONTEMPT_EMOTION = 0.5
# A negative post about the fans needs at least this much scorn to be contempt: being hurt by
# fans' messages ("禾粉私信骂我，我很难过") is negative about them without looking down on them.
NEGATIVE_CONTEMPT_EMOTION = 0.35


class Stance(StrEnum):
    CONTEMPT = "contempt"  # toward the fandom
    HOSTILE = "hostile"  # toward the brand or its executives
    CRITICAL = "critical"  # negative about products, no contempt
    NEUTRAL = "neutral"
    FRIENDLY = "friendly"


# How much each stance adds to the stance component (contempt for fans weighs most).
STANCE_WEIGHT = {Stance.CONTEMPT: 2.0, Stance.HOSTILE: 1.0, Stance.CRITICAL: 0.2}


def contempt_signal(post: PostFacts) -> float:
    return max(post.emotions.get("mockery", 0.0), post.emotions.get("disgust", 0.0))


def stance_of(post: PostFacts) -> Stance | None:
    """The stance of a KOL's own post toward the brand side, or None if it does not name it."""
    if not post.scored or not post.brand_roles & BRAND_SIDE:
        return None
    negative = post.label == "negative"
    scorn = contempt_signal(post)
    scornful = scorn >= CONTEMPT_EMOTION
    comparison = "competitor" in post.brand_roles and "fandom" not in post.brand_roles
    if "fandom" in post.brand_roles and (
        scornful or (negative and scorn >= NEGATIVE_CONTEMPT_EMOTION)
    ):
        return Stance.CONTEMPT
    if negative and scornful and not comparison:
        return Stance.HOSTILE
    if negative:
        return Stance.CRITICAL
    return Stance.FRIENDLY if post.label == "positive" else Stance.NEUTRAL
