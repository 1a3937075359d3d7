"""The result and scorer types every scorer in this package shares."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

Label = Literal["negative", "neutral", "positive"]

# Emotions every result carries, even when a scorer has no opinion (then 0.0).
EMOTIONS: tuple[str, ...] = ("anger", "disgust", "mockery")

# |polarity| below this is reported as neutral: plain informational posts ("今天测评五款防晒")
# land here, and a weak lean either way is not evidence of backlash or support.
NEUTRAL_BAND = 0.2


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """Which model produced a score; the app stores it and rescans when it changes."""

    name: str
    version: str


@dataclass(frozen=True, slots=True)
class SentimentResult:
    """One scored text.

    ``polarity`` is in -1..1 (negative below 0); ``label`` is "neutral" inside the neutral band;
    ``confidence`` (0..1) is how sure the scorer is of ``label``; ``emotions`` maps at least
    anger, disgust and mockery to 0..1; ``cues`` lists the words or patterns behind the verdict.
    ``probabilities`` maps negative / neutral / positive to calibrated probabilities (empty for
    a scorer that has none, such as snownlp); ``label`` is the most probable of them.
    """

    polarity: float
    label: Label
    confidence: float
    emotions: dict[str, float]
    cues: list[str] = field(default_factory=list)
    model: ModelInfo = field(default_factory=lambda: ModelInfo("unknown", "0"))
    probabilities: dict[str, float] = field(default_factory=dict)


def label_for(polarity: float) -> Label:
    """The label a polarity falls in, using the shared neutral band."""
    if polarity <= -NEUTRAL_BAND:
        return "negative"
    if polarity >= NEUTRAL_BAND:
        return "positive"
    return "neutral"


@runtime_checkable
class Scorer(Protocol):
    """Anything that scores text: our model, the snownlp baseline, or a test fake."""

    @property
    def model(self) -> ModelInfo: ...

    def score(self, text: str) -> SentimentResult: ...

    def score_many(self, texts: Sequence[str]) -> list[SentimentResult]: ...
