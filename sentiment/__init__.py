"""Chinese sentiment for short, slangy fan talk (Weibo, Bilibili, Douyin, Xiaohongshu).

Public API::

    normalize(text) -> str                       the one normaliser every module uses
    score(text) -> SentimentResult               default scorer
    score_many(texts) -> list[SentimentResult]
    get_scorer(name=None) -> Scorer              None / "fantalk": ours; "snownlp": baseline

The package imports nothing else of kolrisk and needs no network.
"""

from __future__ import annotations

from collections.abc import Sequence

from sentiment.registry import get_scorer
from sentiment.results import ModelInfo, Scorer, SentimentResult
from sentiment.textnorm import normalize

__all__ = [
    "ModelInfo",
    "Scorer",
    "SentimentResult",
    "get_scorer",
    "normalize",
    "score",
    "score_many",
]


def score(text: str) -> SentimentResult:
    """Score one text with the default scorer."""
    return get_scorer().score(text)


def score_many(texts: Sequence[str]) -> list[SentimentResult]:
    """Score many texts with the default scorer (faster than calling ``score`` in a loop)."""
    return get_scorer().score_many(texts)
