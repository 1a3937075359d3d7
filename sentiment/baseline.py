"""snownlp behind the common ``Scorer`` interface: the baseline we measure against."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import metadata

from sentiment.results import EMOTIONS, ModelInfo, SentimentResult, label_for
from sentiment.textnorm import normalize


def _snownlp_version() -> str:
    try:
        return metadata.version("snownlp")
    except metadata.PackageNotFoundError:
        return "unknown"


class SnowNLPScorer:
    """snownlp's review-trained Bayes classifier; its probability p maps to polarity 2p - 1."""

    def __init__(self) -> None:
        self._model = ModelInfo(name="snownlp", version=_snownlp_version())

    @property
    def model(self) -> ModelInfo:
        return self._model

    def score(self, text: str) -> SentimentResult:
        clean = normalize(text)
        probability = 0.5
        if clean:
            # snownlp is imported lazily: it loads its own model files on first use.
            from snownlp import SnowNLP

            try:
                probability = float(SnowNLP(clean).sentiments)
            except Exception:  # snownlp fails on odd input; a baseline must not take us down
                probability = 0.5
        polarity = 2.0 * probability - 1.0
        return SentimentResult(
            polarity=polarity,
            label=label_for(polarity),
            confidence=abs(polarity),
            emotions=dict.fromkeys(EMOTIONS, 0.0),
            cues=[],
            model=self._model,
        )

    def score_many(self, texts: Sequence[str]) -> list[SentimentResult]:
        return [self.score(text) for text in texts]
