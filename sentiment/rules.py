"""Reading a normalised text with the lexicon: negation, intensity, sarcasm, emotions, cues."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sentiment.lexicon import EMOJI, GUARD, INTENSIFIER, NEGATOR, SARCASM, Hit, Lexicon
from sentiment.patterns import (
    INFORMATIONAL,
    LAPSED_CUE,
    LAPSED_POLARITY,
    LAPSED_SUPPORT,
    MOVED,
    MOVED_TEARS,
    PATTERNS,
    QUESTION,
    Pattern,
)

# A negator or intensifier reaches a term up to this many characters away, with no punctuation in
# between ("我不觉得这个很差" and "没有传说中那么差" are negated, "不, 难看" is not). The width was
# chosen on the dev splits (sentiment.tune). The experiential 过 also ends the scope: "没见过这么烂
# 的" is "never seen anything this bad", not a negated 烂.
SCOPE_GAP = 4
_CLAUSE_BREAKS = frozenset(",.!?;:~，。！？；：、 \"'“”‘’()（）[]【】「」<>《》…")
_SCOPE_STOPS = _CLAUSE_BREAKS | frozenset("过")
# Negating a negative word leaves mild approval (不难看 ≈ "fine"), not praise; negating praise
# is close to criticism (不好看 ≈ "ugly").
_NEGATED_NEGATIVE = -0.5
_NEGATED_POSITIVE = -0.8
# Praise in a sarcastic text is mock praise: it counts against, and as mockery.
_MOCK_PRAISE = -0.8
_SARCASM_MARKER_MOCKERY = 0.7
# 好 is praise on its own ("很好", "太好了", "好的") but a degree adverb or a word part when an
# ideograph follows ("好难过", "好紧张", "好人"): there it only intensifies a scored word right
# after it ("好恶心") and counts nothing by itself. Likewise 美 ("太美了") is a word part or the
# short name of the USA before an ideograph ("美就宣布", "美帝", "郭美美"), and 牛 ("太牛了") is
# beef, bull or snail before one (牛腩, 牛排, 蜗牛 fill the waimai reviews; 牛逼 has its own
# entry). Sentence particles keep them standalone.
_BOUND_PRAISE = frozenset({"好", "美", "牛"})
_PARTICLES = frozenset("啊呀的了吧呢哦耶嘛滴哈啦")
# 支持 is "support (the KOL)" in fan talk but "supports (a feature)" in a spec line: followed by
# a number or a Latin word ("支持100w快充", "支持nfc", "支持5g") it is the feature verb and counts
# nothing.
_FEATURE_VERBS = frozenset({"支持"})
TEARS = "[泪]"


@dataclass(slots=True)
class Reading:
    """What the lexicon says about one text."""

    score: float = 0.0
    anger: float = 0.0
    disgust: float = 0.0
    mockery: float = 0.0
    sarcastic: bool = False
    question: bool = False  # an information question (patterns.QUESTION)
    informational: bool = False  # deal news or a measurement with no scored word at all
    info_marked: bool = False  # patterns.INFORMATIONAL matches, whatever else was read
    moved: bool = False  # a touching word is present: [泪] are tears of being moved
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
    start: int = -1  # where the negator starts (the model skips the whole negated span)


def _in_scope(text: str, modifiers: _Modifiers, start: int, gap_limit: int) -> bool:
    if start - modifiers.reach > gap_limit:
        return False
    return _SCOPE_STOPS.isdisjoint(text[modifiers.reach : start])


def _is_sarcastic(hits: list[Hit], matched: list[Pattern]) -> bool:
    strong_marker = any(
        h.entry.kind == SARCASM and h.entry.mockery >= _SARCASM_MARKER_MOCKERY for h in hits
    )
    return strong_marker or any(p.sarcastic for p in matched)


def _apply_term(reading: Reading, hit: Hit, modifiers: _Modifiers | None) -> None:
    entry = hit.entry
    if entry.kind == EMOJI:
        modifiers = None  # a sticker is not negated or intensified ("不说话[doge]")
        if entry.term == TEARS and reading.moved:
            reading.score += MOVED_TEARS
            reading.cues.append(f"{TEARS} (moved)")
            reading.negated_spans.append((hit.start, hit.end))  # the model learnt [泪] as sad
            return
    weight = entry.polarity * (modifiers.intensity if modifiers else 1.0)
    if modifiers and modifiers.negation:
        factor = _NEGATED_NEGATIVE if weight < 0 else _NEGATED_POSITIVE
        reading.score += weight * factor * modifiers.negation
        reading.cues.append(f"{modifiers.negator}+{entry.term} (negated)")
        if weight < 0:
            reading.negated_spans.append((modifiers.start, hit.end))
        return
    if weight > 0 and reading.sarcastic and entry.kind != EMOJI:
        reading.score += weight * _MOCK_PRAISE
        reading.add_emotions(0.0, 0.1, 0.8)
        reading.cues.append(f"{entry.term} (sarcastic)")
        return
    reading.score += weight
    reading.add_emotions(entry.anger, entry.disgust, entry.mockery)
    if weight:
        reading.cues.append(f"{entry.term} (sarcastic)" if entry.term == "[微笑]" else entry.term)


def _bound_use(text: str, hit: Hit) -> bool:
    """A bound praise word with an ideograph (not a particle) right after it, or a feature verb
    with a number or Latin word right after it."""
    if hit.end >= len(text):
        return False
    after = text[hit.end]
    if hit.entry.term in _FEATURE_VERBS:
        return after.isascii() and after.isalnum()
    if hit.entry.term not in _BOUND_PRAISE:
        return False
    return "\u4e00" <= after <= "\u9fff" and after not in _PARTICLES


def _a_not_a(text: str, hit: Hit) -> bool:
    """An A-not-A question (是不是, 有没有, 好不好用, 喜不喜欢): the character before the
    negator 不/没 comes again right after it."""
    start = hit.start
    return (
        0 < start < len(text) - 1
        and text[start] in "不没"
        and text[start - 1] == text[start + 1]
        and "\u4e00" <= text[start - 1] <= "\u9fff"
    )


def _lapsed_praise(hit: Hit) -> bool:
    """A praise word (not an emoji code) inside a lapsed-support span: it no longer counts."""
    return hit.entry.polarity > 0 and hit.entry.kind not in (GUARD, NEGATOR, INTENSIFIER, EMOJI)


def _continues(hit: Hit, following: Hit | None) -> bool:
    """An intensifying word (太, 好) modifies a scored word that follows it directly."""
    return following is not None and following.start == hit.end and following.entry.kind != GUARD


def _set_aside(
    text: str, hits: list[Hit], lapsed: re.Match[str] | None, reading: Reading
) -> set[int]:
    """Indices of hits that neither count nor modify what follows: the negator of an A-not-A
    question and the word asked about ("好不好用"), and praise inside lapsed support (which the
    model does not read either)."""
    aside: set[int] = set()
    asked_at = -1
    for index, hit in enumerate(hits):
        if hit.entry.kind == NEGATOR and _a_not_a(text, hit):
            aside.add(index)
            asked_at = hit.start + 1
        elif hit.start == asked_at and hit.entry.kind not in (INTENSIFIER, GUARD):
            aside.add(index)
        elif lapsed and lapsed.start() <= hit.start < lapsed.end() and _lapsed_praise(hit):
            aside.add(index)
            reading.cues.append(f"{hit.entry.term} (lapsed)")
            reading.negated_spans.append((hit.start, hit.end))
    return aside


def _apply_patterns(
    reading: Reading, text: str, matched: list[Pattern], lapsed: re.Match[str] | None
) -> None:
    if lapsed:
        reading.score += LAPSED_POLARITY
        reading.add_emotions(0.1, 0.2, 0.0)
        reading.cues.append(LAPSED_CUE)
    for pattern in matched:
        if pattern.polarity > 0:
            # A defender's phrase (恰饭怎么了) is read here; the model, which learnt 怎么了 from
            # complaints, does not read it again.
            reading.negated_spans += [match.span() for match in pattern.regex.finditer(text)]
        reading.score += pattern.polarity
        reading.add_emotions(pattern.anger, pattern.disgust, pattern.mockery)
        reading.cues.append(pattern.cue)


def read(text: str, lexicon: Lexicon, gap_limit: int | None = None) -> Reading:
    """Apply the lexicon and patterns to normalised ``text`` (negation reaches ``gap_limit``
    characters, default SCOPE_GAP)."""
    if gap_limit is None:
        gap_limit = SCOPE_GAP
    hits = lexicon.scan(text)
    matched = [pattern for pattern in PATTERNS if pattern.regex.search(text)]
    reading = Reading(
        sarcastic=_is_sarcastic(hits, matched),
        question=QUESTION.search(text) is not None,
        moved=TEARS in text and MOVED.search(text) is not None,
    )
    lapsed = LAPSED_SUPPORT.search(text)
    aside = _set_aside(text, hits, lapsed, reading)
    modifiers: _Modifiers | None = None
    for index, hit in enumerate(hits):
        entry = hit.entry
        if modifiers and not _in_scope(text, modifiers, hit.start, gap_limit):
            modifiers = None
        following = hits[index + 1] if index + 1 < len(hits) else None
        if index in aside or entry.kind == GUARD:
            modifiers = None
        elif entry.kind == NEGATOR:
            modifiers = _Modifiers(
                negation=entry.intensity, negator=entry.term, reach=hit.end, start=hit.start
            )
        elif entry.kind == INTENSIFIER or (entry.intensity != 1.0 and _continues(hit, following)):
            modifiers = modifiers or _Modifiers()
            modifiers.intensity *= entry.intensity
            modifiers.reach = hit.end
        elif _bound_use(text, hit):
            continue  # a pending negator or intensifier still reaches the word after it
        else:
            _apply_term(reading, hit, modifiers)
            modifiers = None
    _apply_patterns(reading, text, matched, lapsed)
    # A post that ends on a question with no sentiment word anywhere asks, it does not complain.
    asks = text.rstrip().endswith("?")
    reading.info_marked = INFORMATIONAL.search(text) is not None
    reading.informational = not reading.cues and (reading.info_marked or asks)
    return reading
