"""The default scorer: the trained model read together with the domain lexicon.

polarity = tanh(MODEL_WEIGHT · model margin + LEXICON_WEIGHT · lexicon score)

The model carries what the corpora taught it; the lexicon carries fan-talk knowledge the corpora
lack (脱粉, 背刺, [微笑] as a smirk, 不难看 as approval). In a sarcastic text a positive model
margin is turned around, because what it detected is the mock praise.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from pathlib import Path

from sentiment.features import model_input
from sentiment.lexicon import Lexicon, default_lexicon
from sentiment.model import LinearModel, Outputs
from sentiment.patterns import PATTERNS
from sentiment.results import NEUTRAL_BAND, ModelInfo, SentimentResult, label_for
from sentiment.rules import Reading, read
from sentiment.textnorm import normalize

MODEL_WEIGHT = 0.5
LEXICON_WEIGHT = 1.0
SARCASTIC_MARGIN = -0.5  # factor applied to a positive model margin in a sarcastic text
MAX_CUES = 8


def _confidence(polarity: float) -> float:
    """Sureness of the label: 0.5 at the neutral band's edge, 1 at the extremes or at 0."""
    distance = abs(polarity)
    if distance < NEUTRAL_BAND:
        return 1.0 - 0.5 * distance / NEUTRAL_BAND
    return 0.5 + 0.5 * (distance - NEUTRAL_BAND) / (1.0 - NEUTRAL_BAND)


class FanTalkScorer:
    """Trained character n-gram model + lexicon rules; see the module docstring."""

    def __init__(self, artifact: Path | None = None, lexicon: Lexicon | None = None) -> None:
        self._linear = LinearModel.load(artifact)
        self._lexicon = lexicon or default_lexicon()
        self._model = ModelInfo(name="fantalk", version=_version(self._linear, self._lexicon))

    @property
    def model(self) -> ModelInfo:
        return self._model

    def score(self, text: str) -> SentimentResult:
        return self.score_many([text])[0]

    def score_many(self, texts: Sequence[str]) -> list[SentimentResult]:
        normalised = [normalize(text) for text in texts]
        readings = [read(text, self._lexicon) for text in normalised]
        inputs = [
            model_input(t, r.negated_spans) for t, r in zip(normalised, readings, strict=True)
        ]
        outputs = self._linear.predict_many(inputs)
        return [
            self._combine(text, reading, output)
            for text, reading, output in zip(normalised, readings, outputs, strict=True)
        ]

    def _combine(self, text: str, reading: Reading, output: Outputs) -> SentimentResult:
        if not text:
            return SentimentResult(0.0, "neutral", 1.0, _emotions(0, 0, 0), [], self._model)
        margin = output.margin
        if reading.sarcastic and margin > 0:
            margin *= SARCASTIC_MARGIN
        polarity = math.tanh(MODEL_WEIGHT * margin + LEXICON_WEIGHT * reading.score)
        negativity = max(0.0, -polarity)
        emotions = _emotions(
            max(reading.anger, output.anger * negativity),
            max(reading.disgust, output.disgust * negativity),
            reading.mockery,
        )
        return SentimentResult(
            polarity=round(polarity, 4),
            label=label_for(polarity),
            confidence=round(_confidence(polarity), 4),
            emotions=emotions,
            cues=reading.cues[:MAX_CUES],
            model=self._model,
        )


def _version(linear: LinearModel, lexicon: Lexicon) -> str:
    """Model digest plus a digest of the lexicon and combination weights: any change to what
    decides a score changes the version, so the app rescans."""
    rules = repr((sorted(lexicon.entries.items()), PATTERNS, MODEL_WEIGHT, LEXICON_WEIGHT))
    return f"{linear.version}-{hashlib.sha256(rules.encode('utf-8')).hexdigest()[:6]}"


def _emotions(anger: float, disgust: float, mockery: float) -> dict[str, float]:
    return {
        "anger": round(min(1.0, anger), 4),
        "disgust": round(min(1.0, disgust), 4),
        "mockery": round(min(1.0, mockery), 4),
    }
