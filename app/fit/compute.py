"""The fit read of one KOL for one brand, from the KOL's stored posts only. Pure functions.

Four parts, each a share with the posts that show it:
- category: the share of the KOL's own posts holding one of the brand's category words;
- tone: the share of the KOL's own posts carrying contempt, sarcasm or attack (the scorer's
  anger / disgust / mockery emotions), read as gentle, neutral or sharp and set against the
  tone the brand chose;
- audience: of the accounts commenting under the KOL's own posts, the share that also speak as
  the brand's fans (by account), where comments were collected;
- past work: the KOL's own posts in the category that carry collaboration cues.
A part without data is left out of the score and said in `gaps`; `confidence` falls with thin
data, as it does for risk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

Tone = Literal["gentle", "neutral", "sharp"]
TONES: tuple[Tone, ...] = ("gentle", "neutral", "sharp")

# A post is harsh when any of these emotions reaches this strength.
HARSH_EMOTIONS = ("anger", "disgust", "mockery")
HARSH_AT = 0.5
# Harsh-post shares that separate the tones (under 5 %: gentle; 20 % and over: sharp).
GENTLE_BELOW, SHARP_FROM = 0.05, 0.20
# A KOL whose category share reaches this is fully "about" the category.
CATEGORY_FULL_AT = 0.30
# An audience overlap reaching this is full marks.
AUDIENCE_FULL_AT = 0.20
WEIGHTS = {"category": 40.0, "tone": 30.0, "audience": 20.0, "past_work": 10.0}
# Own posts and commenters at which the read stands on enough data.
FIRM_POSTS, FIRM_COMMENTERS = 30, 50
EVIDENCE_PER_PART = 3


@dataclass(frozen=True)
class OwnPost:
    """One of the KOL's own posts, as fit reads it."""

    post_id: str
    platform: str
    platform_id: str
    url: str | None
    author_uid: str | None
    author_name: str | None
    created_at: datetime
    text: str
    text_norm: str
    emotions: dict[str, float] | None  # None: not scored yet
    collab: bool  # carries collaboration cues (合作, 广告, 代言…)


@dataclass(frozen=True)
class FitInputs:
    category: str | None
    category_words: Sequence[str]  # normalised
    brand_tone: Tone
    own_posts: Sequence[OwnPost]
    commenters: frozenset[tuple[str, str]] | None  # (platform, uid); None: none collected
    brand_fans: frozenset[tuple[str, str]]


@dataclass(frozen=True)
class FitMessage:
    """A sentence as a catalogue key (app.i18n, "fit.msg.<key>") and its values, so the
    dashboard and reports word it in Chinese; `text` is the English the API returns."""

    text: str
    key: str
    params: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class FitPart:
    name: str
    score: float | None  # 0-1; None when there is no data for it
    value: float | None  # the share measured
    message: FitMessage
    evidence: list[OwnPost] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return self.message.text


@dataclass(frozen=True)
class FitRead:
    score: float | None  # 0-100; None when no part has data
    confidence: float  # 0-1
    kol_tone: Tone | None
    parts: list[FitPart]
    gaps: list[FitMessage]


NO_WORDS = FitMessage("the brand has no category words set", "no_words")
NO_POSTS = FitMessage("no posts by the KOL stored", "no_posts")
NO_SCORES = FitMessage("no scored posts by the KOL", "no_scores")
NO_COMMENTS = FitMessage("no comments under the KOL's posts collected", "no_comments")


def is_harsh(post: OwnPost) -> bool:
    emotions = post.emotions or {}
    return any(float(emotions.get(name, 0.0)) >= HARSH_AT for name in HARSH_EMOTIONS)


def tone_of(harsh_share: float) -> Tone:
    if harsh_share < GENTLE_BELOW:
        return "gentle"
    return "sharp" if harsh_share >= SHARP_FROM else "neutral"


def tone_match(kol: Tone, brand: Tone) -> float:
    """1 for the same tone, 0.5 a step apart, 0 for gentle against sharp."""
    return 1.0 - abs(TONES.index(kol) - TONES.index(brand)) / 2


def about_category(post: OwnPost, words: Sequence[str]) -> bool:
    return any(word and word in post.text_norm for word in words)


def category_part(inputs: FitInputs) -> FitPart:
    words = list(inputs.category_words)
    if inputs.category:
        words.append(inputs.category.lower())
    if not words:
        return FitPart("category", None, None, NO_WORDS)
    if not inputs.own_posts:
        return FitPart("category", None, None, NO_POSTS)
    about = [p for p in inputs.own_posts if about_category(p, words)]
    share = len(about) / len(inputs.own_posts)
    counts = {"found": len(about), "total": len(inputs.own_posts)}
    text = "{found} of {total} own posts are about the category".format(**counts)
    score = min(1.0, share / CATEGORY_FULL_AT)
    message = FitMessage(text, "category", counts)
    return FitPart("category", score, share, message, about[:EVIDENCE_PER_PART])


def tone_part(inputs: FitInputs) -> tuple[FitPart, Tone | None]:
    scored = [p for p in inputs.own_posts if p.emotions is not None]
    if not scored:
        return FitPart("tone", None, None, NO_SCORES), None
    harsh = [p for p in scored if is_harsh(p)]
    share = len(harsh) / len(scored)
    kol_tone = tone_of(share)
    counts = {"found": len(harsh), "total": len(scored)}
    text = (
        f"{len(harsh)} of {len(scored)} own posts carry contempt, sarcasm or attack: "
        f"{kol_tone}, against the brand's {inputs.brand_tone}"
    )
    score = tone_match(kol_tone, inputs.brand_tone)
    message = FitMessage(text, "tone", counts)
    return FitPart("tone", score, share, message, harsh[:EVIDENCE_PER_PART]), kol_tone


def audience_part(inputs: FitInputs) -> FitPart:
    if not inputs.commenters:
        return FitPart("audience", None, None, NO_COMMENTS)
    shared = inputs.commenters & inputs.brand_fans
    share = len(shared) / len(inputs.commenters)
    counts = {"found": len(shared), "total": len(inputs.commenters)}
    text = (
        f"{len(shared)} of {len(inputs.commenters)} accounts commenting on the KOL also "
        "speak as the brand's fans"
    )
    message = FitMessage(text, "audience", counts)
    return FitPart("audience", min(1.0, share / AUDIENCE_FULL_AT), share, message)


def past_work_part(inputs: FitInputs) -> FitPart:
    words = [*inputs.category_words, *([inputs.category.lower()] if inputs.category else [])]
    if not words or not inputs.own_posts:
        return FitPart("past_work", None, None, NO_WORDS if not words else NO_POSTS)
    deals = [p for p in inputs.own_posts if p.collab and about_category(p, words)]
    text = f"{len(deals)} own posts show paid or partner work in the category"
    message = FitMessage(text, "past_work", {"found": len(deals)})
    return FitPart("past_work", 1.0 if deals else 0.0, float(len(deals)), message, deals[:3])


def confidence_of(inputs: FitInputs) -> float:
    posts = min(1.0, len(inputs.own_posts) / FIRM_POSTS)
    commenters = min(1.0, len(inputs.commenters or ()) / FIRM_COMMENTERS)
    return round(0.75 * posts + 0.25 * commenters, 2)


def assess_fit(inputs: FitInputs) -> FitRead:
    tone, kol_tone = tone_part(inputs)
    parts = [category_part(inputs), tone, audience_part(inputs), past_work_part(inputs)]
    measured = [p for p in parts if p.score is not None]
    score = None
    if measured:
        weight = sum(WEIGHTS[p.name] for p in measured)
        score = round(100 * sum(WEIGHTS[p.name] * (p.score or 0.0) for p in measured) / weight, 1)
    gaps = [FitMessage(f"{p.name}: {p.summary}", p.message.key) for p in parts if p.score is None]
    if len(inputs.own_posts) < FIRM_POSTS:
        posts = len(inputs.own_posts)
        gaps.append(
            FitMessage(f"only {posts} own posts stored: thin data", "thin", {"posts": posts})
        )
    return FitRead(score, confidence_of(inputs), kol_tone, parts, gaps)
