"""Reading a normalised text with the lexicon: negation, intensity, sarcasm, emotions, cues."""

from __future__ import annotations

from dataclasses import dataclass, field

from sentiment.lexicon import GUARD, INTENSIFIER, NEGATOR, SARCASM, Hit, Lexicon
from sentiment.patterns import PATTERNS

# A negator or intensifier only reaches a term this close, with no punctuation in between
# ("不觉得难看" is negated, "不, 难看" is not).
_SCOPE_GAP = 2
_CLAUSE_BREAKS = frozenset(",.!?;:~，。！？；：、 ")
# Negating a negative word leaves mild approval (不难看 ≈ "fine"), not praise; negating praise
# is close to criticism (不好看 ≈ "ugly").
_NEGATED_NEGATIVE = -0.5
_NEGATED_POSITIVE = -0.8
# Praise in a sarcastic text is mock praise: it counts against, and as mockery.
_MOCK_PRAISE = -0.8
_SARCASM_MARKER_MOCKERY = 0.7


@dataclass(slots=True)
class Reading:
    """What the lexicon says about one text."""

    score: float = 0.0
    anger: float = 0.0
    disgust: float = 0.0
    mockery: float = 0.0
    sarcastic: bool = False
    cues: list[str] = field(default_factory=list)
    negated_spans: list[tuple[int, int]] = field(default_factory=list)

    def add_emotions(self, anger: float, disgust: float, mockery: float) -> None:
        self.anger = max(self.anger, anger)
        self.disgust = max(self.disgust, disgust)
        self.mockery = max(self.mockery, mockery)


@dataclass(slots=True)
class _Modifiers:
    negation: float = 0.0
    negator: str = ""
    intensity: float = 1.0
    reach: int = -1  # text index up to which the pending modifiers still apply


def _in_scope(text: str, modifiers: _Modifiers, start: int) -> bool:
    gap = text[modifiers.reach : start]
    return len(gap) <= _SCOPE_GAP and not any(char in _CLAUSE_BREAKS for char in gap)


def _is_sarcastic(text: str, hits: list[Hit]) -> bool:
    strong_marker = any(
        h.entry.kind == SARCASM and h.entry.mockery >= _SARCASM_MARKER_MOCKERY for h in hits
    )
    return strong_marker or any(p.sarcastic and p.regex.search(text) for p in PATTERNS)


def _apply_term(reading: Reading, hit: Hit, modifiers: _Modifiers | None) -> None:
    entry = hit.entry
    weight = entry.polarity * (modifiers.intensity if modifiers else 1.0)
    if modifiers and modifiers.negation:
        factor = _NEGATED_NEGATIVE if weight < 0 else _NEGATED_POSITIVE
        reading.score += weight * factor * modifiers.negation
        reading.cues.append(f"{modifiers.negator}+{entry.term} (negated)")
        if weight < 0:
            reading.negated_spans.append((hit.start - len(modifiers.negator), hit.end))
        return
    if weight > 0 and reading.sarcastic and entry.kind != "emoji":
        reading.score += weight * _MOCK_PRAISE
        reading.add_emotions(0.0, 0.1, 0.8)
        reading.cues.append(f"{entry.term} (sarcastic)")
        return
    reading.score += weight
    reading.add_emotions(entry.anger, entry.disgust, entry.mockery)
    if weight:
        reading.cues.append(f"{entry.term} (sarcastic)" if entry.term == "[微笑]" else entry.term)


def _continues(hit: Hit, following: Hit | None) -> bool:
    """An intensifying word (太, 好) modifies a scored word that follows it directly."""
    return following is not None and following.start == hit.end and following.entry.kind != GUARD


def read(text: str, lexicon: Lexicon) -> Reading:
    """Apply the lexicon and patterns to normalised ``text``."""
    hits = lexicon.scan(text)
    reading = Reading(sarcastic=_is_sarcastic(text, hits))
    modifiers: _Modifiers | None = None
    for index, hit in enumerate(hits):
        entry = hit.entry
        if modifiers and not _in_scope(text, modifiers, hit.start):
            modifiers = None
        following = hits[index + 1] if index + 1 < len(hits) else None
        if entry.kind == GUARD:
            modifiers = None
        elif entry.kind == NEGATOR:
            modifiers = _Modifiers(negation=entry.intensity, negator=entry.term, reach=hit.end)
        elif entry.kind == INTENSIFIER or (entry.intensity != 1.0 and _continues(hit, following)):
            modifiers = modifiers or _Modifiers()
            modifiers.intensity *= entry.intensity
            modifiers.reach = hit.end
        else:
            _apply_term(reading, hit, modifiers)
            modifiers = None
    _apply_patterns(text, reading)
    return reading


def _apply_patterns(text: str, reading: Reading) -> None:
    for pattern in PATTERNS:
        if pattern.regex.search(text):
            reading.score += pattern.polarity
            reading.add_emotions(pattern.anger, pattern.disgust, pattern.mockery)
            reading.cues.append(pattern.cue)
