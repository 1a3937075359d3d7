"""Named scorers, each built once per process on first use."""

from __future__ import annotations

import threading
from collections.abc import Callable

from sentiment.results import Scorer

DEFAULT_SCORER = "fantalk"

_instances: dict[str, Scorer] = {}
_lock = threading.Lock()


def _build_fantalk() -> Scorer:
    from sentiment.scorer import FanTalkScorer

    return FanTalkScorer()


def _build_snownlp() -> Scorer:
    from sentiment.baseline import SnowNLPScorer

    return SnowNLPScorer()


_FACTORIES: dict[str, Callable[[], Scorer]] = {
    "fantalk": _build_fantalk,
    "snownlp": _build_snownlp,
}


def get_scorer(name: str | None = None) -> Scorer:
    """The scorer called ``name`` (default: ours). Raises ``ValueError`` for unknown names."""
    key = DEFAULT_SCORER if name is None else name.strip().lower()
    if key not in _FACTORIES:
        known = ", ".join(sorted(_FACTORIES))
        raise ValueError(f"unknown scorer {name!r}; known scorers: {known}")
    scorer = _instances.get(key)
    if scorer is None:
        with _lock:
            scorer = _instances.get(key)
            if scorer is None:
                scorer = _FACTORIES[key]()
                _instances[key] = scorer
    return scorer
