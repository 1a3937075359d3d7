"""The default scorer: the trained model read together with the domain lexicon.

For each text (see ``mix``)::

    p = P(social | text) from the gate, re-weighted to MIXING.social_prior (see below)
    m = model margin - MIXING.margin_offset      (the model's prior lean taken out)
    m *= share of the text the model read   (spans the rules read are hidden from it)
    m *= s                  if the text is sarcastic and m > 0   (the model saw the mock praise),
                            s = 1 + (sarcastic_margin - 1) · p
    m *= question_damping   if the text is an information question ("请问…什么时候发货?")
    m = shrink(m)           if the text is deal news or a measurement with no lexicon evidence
                            ("实测续航11小时", "发布会定于周四"): a dead zone of info_dead_zone
                            around 0 in which the margin keeps only info_damping of itself,
                            sign(m) · (d·|m| + (1 - d) · max(0, |m| - k)). The sign is kept,
                            so no corpus's accuracy moves; the model's mild negative lean on
                            plain product talk no longer reads as backlash, while a margin far
                            beyond the zone ("续航才3小时, 还不如上一代") still does
    w = lexicon_review + (lexicon_social - lexicon_review) · p
    polarity = tanh(model_weight · m + w · lexicon score)

The model carries what the corpora taught it; the lexicon carries fan-talk knowledge the corpora
lack (脱粉, 背刺, [微笑] as a smirk, 不难看 as approval). The lexicon's weight and the sarcasm flip
follow the model's domain gate: full on text that reads like social media, lighter on text that
reads like a product or hotel review, where the trained review experts already know the
vocabulary and "太方便了呀" is sincere.

The gate learnt its odds from the training mix, where Weibo is about one text in eight; what
kolrisk scores is mostly social-media talk. Before p sets the lexicon's weight, the gate's
social-vs-review odds are rescaled from the training share to ``social_prior`` (Bayes' rule with
a new prior). Only the lexicon weight and the sarcasm flip use p: the experts' margins stay
mixed by the raw gate, so a product review on Xiaohongshu is still read by the review experts.
Every number in
``MIXING`` was chosen on the dev splits and the dev fan-talk table (``python -m sentiment.tune``),
never on the test splits or the blind fan-talk table.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt

from sentiment.features import model_input, unmasked_share
from sentiment.lexicon import Lexicon, default_lexicon
from sentiment.model import LinearModel, Outputs
from sentiment.neutral import CLASSES, NeutralModel, features
from sentiment.patterns import (
    ASKING,
    INFORMATIONAL,
    LAPSED_SUPPORT,
    MOVED,
    PATTERNS,
    QUESTION,
)
from sentiment.results import NEUTRAL_BAND, Label, ModelInfo, SentimentResult, label_for
from sentiment.rules import SCOPE_GAP, Reading, read
from sentiment.textnorm import normalize

FloatArray = npt.NDArray[np.float64]
MAX_CUES = 8
SOCIAL_DOMAINS = frozenset({"weibo", "smp"})
# score_many works through its input in chunks of this size: the batch arrays grow with the
# texts' total length, so one call with 50,000 reviews would otherwise need gigabytes. A chunk
# is large enough that numpy's per-call overhead stays negligible.
CHUNK_SIZE = 1000
_CERTAIN_NEUTRAL = {"negative": 0.0, "neutral": 1.0, "positive": 0.0}


@dataclass(frozen=True, slots=True)
class Mixing:
    """How the model margin and the lexicon score are combined (see the module docstring)."""

    model_weight: float
    lexicon_social: float
    lexicon_review: float
    margin_offset: float
    sarcastic_margin: float
    question_damping: float
    info_damping: float
    info_dead_zone: float
    social_prior: float  # share of social-media talk assumed among the texts scored (0..1)


# Chosen on dev by sentiment.tune (objective in its docstring). sarcastic_margin -1.0 and -0.5 tied
# on dev; the smaller change from the earlier -0.5 was kept. With model 1.716aea82f3 social_prior
# 0.75 is in every top grid point but one (0.5); the best point beats these values by 0.0011
# (three hotel texts traded for four waimai ones), so they were left as they are.
# Re-run in the 2026-12-02 round with that round's lexicon, patterns and the informational
# dead zone: the best point (lexicon_review 0.2) beats these by 0.002, again hotel traded for
# waimai, so they were kept.
# Issue 18, third round: lexicon_review 0.1 -> 0.5, chosen on the leave-one-corpus-out folds and
# the fan-talk tables rather than in-corpus dev. On text the gate reads as a review the lexicon
# had a tenth of its social weight, so corpora it never saw were read by experts trained on
# other products: left out, hotel 0.799 -> 0.812, shopping 0.870 -> 0.872, Weibo, waimai and
# SMP level (0.2 / 0.3 / 0.75 / 1.0 measured too: hotel +0.5 to +1.9, shopping level, the fan
# tables level at 0.2-0.3 but one blind3 post lost; better at 0.5-0.75). The in-corpus splits
# lose what the review experts knew better than the lexicon: hotel 0.905 -> 0.885, waimai
# 0.895 -> 0.891, shopping 0.931 -> 0.928 (NOTES-sent19.md).
MIXING = Mixing(
    model_weight=0.35,
    lexicon_social=1.0,
    lexicon_review=0.5,
    margin_offset=0.0,
    sarcastic_margin=-0.5,
    question_damping=0.25,
    info_damping=0.1,
    info_dead_zone=2.0,
    social_prior=0.75,
)


def reweighted(social: FloatArray, trained_share: float | None, prior: float) -> FloatArray:
    """P(social) under ``prior`` instead of the training share: the odds scaled by the ratio of
    the two priors' odds. ``trained_share`` None (an artifact that does not record its training
    mix) leaves the gate as it is."""
    if trained_share is None or not 0.0 < trained_share < 1.0:
        return social
    ratio = (prior / (1.0 - prior)) / (trained_share / (1.0 - trained_share))
    odds = social * ratio
    result: FloatArray = odds / (odds + (1.0 - social))
    return result


def mix(
    margin: FloatArray,
    social: FloatArray,
    lexicon: FloatArray,
    sarcastic: npt.NDArray[np.bool_],
    question: npt.NDArray[np.bool_],
    has_model: npt.NDArray[np.bool_],
    mixing: Mixing,
    trained_share: float | None = None,
    informational: npt.NDArray[np.bool_] | None = None,
    model_share: FloatArray | None = None,
) -> FloatArray:
    """Polarity (-1..1) of each text from its model and lexicon readings (arrays, one per text).
    ``trained_share`` is the social domain's share of the gate's training rows."""
    social = reweighted(social, trained_share, mixing.social_prior)
    m = np.where(has_model, margin - mixing.margin_offset, 0.0)
    if model_share is not None:
        m = m * model_share
    flip = 1.0 + (mixing.sarcastic_margin - 1.0) * social  # full on social text, none on reviews
    m = np.where(sarcastic & (m > 0), m * flip, m)
    m = np.where(question, m * mixing.question_damping, m)
    if informational is not None:
        m = np.where(informational, _dead_zone(m, mixing.info_damping, mixing.info_dead_zone), m)
    weight = mixing.lexicon_review + (mixing.lexicon_social - mixing.lexicon_review) * social
    result: FloatArray = np.tanh(mixing.model_weight * m + weight * lexicon)
    return result


def _dead_zone(margin: FloatArray, slope: float, width: float) -> FloatArray:
    """``margin`` shrunk toward 0: ``slope`` of it inside ``width``, all of it beyond."""
    size = np.abs(margin)
    result: FloatArray = np.sign(margin) * (
        slope * size + (1.0 - slope) * np.maximum(0.0, size - width)
    )
    return result


def _confidence(polarity: float) -> float:
    """Sureness of the label: 0.5 at the neutral band's edge, 1 at the extremes or at 0."""
    distance = abs(polarity)
    if distance < NEUTRAL_BAND:
        return 1.0 - 0.5 * distance / NEUTRAL_BAND
    return 0.5 + 0.5 * (distance - NEUTRAL_BAND) / (1.0 - NEUTRAL_BAND)


class FanTalkScorer:
    """Trained character n-gram model + lexicon rules; see the module docstring."""

    def __init__(
        self,
        artifact: Path | None = None,
        lexicon: Lexicon | None = None,
        mixing: Mixing = MIXING,
        linear: LinearModel | None = None,
        neutral: NeutralModel | None | Literal["shipped"] = "shipped",
    ) -> None:
        """``linear`` and ``neutral`` replace the shipped artifacts (the benchmark's folds);
        ``neutral`` None scores without the neutral head and calibration (label from the
        polarity's neutral band, as before it existed)."""
        self._linear = linear or LinearModel.load(artifact)
        self._neutral = NeutralModel.load() if neutral == "shipped" else neutral
        if self._neutral is not None and self._neutral.head is not None:
            self._linear = self._linear.with_head(self._neutral.head, self._neutral.head_bias)
        self._lexicon = lexicon or default_lexicon()
        self._mixing = mixing
        domains = self._linear.meta["domains"]
        assert isinstance(domains, list)
        self._social = [i for i, name in enumerate(domains) if name in SOCIAL_DOMAINS]
        self.trained_share = _trained_share(self._linear.meta)
        self._model = ModelInfo(
            name="fantalk", version=_version(self._linear, self._lexicon, mixing, self._neutral)
        )

    @property
    def model(self) -> ModelInfo:
        return self._model

    def score(self, text: str) -> SentimentResult:
        return self.score_many([text])[0]

    def analyse(self, texts: Sequence[str]) -> tuple[list[str], list[Reading], list[Outputs]]:
        """Normalised texts, their lexicon readings and model outputs (used by tune and bench)."""
        normalised = [normalize(text) for text in texts]
        lexicon = self._lexicon
        readings = [read(text, lexicon) for text in normalised]
        inputs = [
            model_input(t, r.negated_spans) for t, r in zip(normalised, readings, strict=True)
        ]
        return normalised, readings, self._linear.predict_many(inputs)

    def social_share(self, output: Outputs) -> float:
        """P(social domain) from the gate; text the model cannot read counts as social."""
        if not output.gate or not self._social:
            return 1.0
        return sum(output.gate[i] for i in self._social)

    def score_many(self, texts: Sequence[str]) -> list[SentimentResult]:
        results: list[SentimentResult] = []
        for start in range(0, len(texts), CHUNK_SIZE):
            results += self._score_chunk(texts[start : start + CHUNK_SIZE])
        return results

    def polarities(
        self, normalised: Sequence[str], readings: Sequence[Reading], outputs: Sequence[Outputs]
    ) -> FloatArray:
        """The direction: model experts and lexicon mixed (``mix``), before the calibration."""
        return mix(
            np.array([o.margin for o in outputs]),
            np.array([self.social_share(o) for o in outputs]),
            np.array([r.score for r in readings]),
            np.array([r.sarcastic for r in readings]),
            np.array([r.question for r in readings]),
            np.array([bool(o.gate) for o in outputs]),
            self._mixing,
            self.trained_share,
            np.array([r.informational for r in readings]),
            model_shares(normalised, readings),
        )

    def calibration_rows(
        self, normalised: Sequence[str], readings: Sequence[Reading], outputs: Sequence[Outputs]
    ) -> FloatArray:
        """The calibration's input rows (sentiment.neutral.FEATURES) for analysed texts."""
        return features(
            normalised,
            readings,
            np.array([o.margin for o in outputs]),
            np.array([o.neutral for o in outputs]),
            self.polarities(normalised, readings, outputs),
        )

    def _score_chunk(self, texts: Sequence[str]) -> list[SentimentResult]:
        normalised, readings, outputs = self.analyse(texts)
        direction = self.polarities(normalised, readings, outputs)
        if self._neutral is None:
            polarities = direction.tolist()
            labels = [label_for(p) for p in polarities]
            confidences = [_confidence(p) for p in polarities]
            probabilities: list[dict[str, float]] = [{} for _ in polarities]
        else:
            rows = features(
                normalised,
                readings,
                np.array([o.margin for o in outputs]),
                np.array([o.neutral for o in outputs]),
                direction,
            )
            table = _questions_asked(
                self._neutral.calibration.probabilities(rows),
                np.array(
                    [
                        not r.cues and ASKING.search(t) is not None
                        for t, r in zip(normalised, readings, strict=True)
                    ]
                ),
            )
            polarities = (table[:, 2] - table[:, 0]).tolist()
            labels = self._neutral.calibration.labels(table)
            chosen = [CLASSES.index(label) for label in labels]
            table = _agreeing(table, chosen)
            confidences = table[np.arange(len(chosen)), chosen].tolist()
            probabilities = [
                {name: round(p, 4) for name, p in zip(CLASSES, row, strict=True)}
                for row in table.tolist()
            ]
        return [
            self._result(text, reading, output, *scored)
            for text, reading, output, *scored in zip(
                normalised,
                readings,
                outputs,
                polarities,
                labels,
                confidences,
                probabilities,
                strict=True,
            )
        ]

    def _result(
        self,
        text: str,
        reading: Reading,
        output: Outputs,
        polarity: float,
        label: Label,
        confidence: float,
        probabilities: dict[str, float],
    ) -> SentimentResult:
        if not text or (self._neutral and not output.gate and not reading.cues):
            # Nothing read: no known n-gram and no cue (empty text, or only platform
            # boilerplate such as "转发微博").
            return SentimentResult(
                0.0, "neutral", 1.0, _emotions(0, 0, 0), [], self._model, _CERTAIN_NEUTRAL
            )
        negativity = max(0.0, -polarity)
        emotions = _emotions(
            max(reading.anger, output.anger * negativity),
            max(reading.disgust, output.disgust * negativity),
            reading.mockery,
        )
        return SentimentResult(
            polarity=round(polarity, 4),
            label=label,
            confidence=round(confidence, 4),
            emotions=emotions,
            cues=reading.cues[:MAX_CUES],
            model=self._model,
            probabilities=probabilities,
        )


def _agreeing(table: FloatArray, chosen: list[int]) -> FloatArray:
    """The probabilities as reported. Where a decision rule (the neutral weight, the band weak
    praise must pass) chose another class than the most probable one, the chosen class is
    raised to just above the others and they are scaled down in proportion: an API reader never
    sees a label that its own probabilities contradict. The polarity is read before this."""
    table = table.copy()
    picked = table[np.arange(len(chosen)), chosen]
    for row in np.flatnonzero(picked < table.max(axis=1)).tolist():
        index = chosen[row]
        top = float(table[row].max())
        if table[row, index] < top:
            lifted = min(1.0, top + 0.01)
            table[row] *= (1.0 - lifted) / max(1e-9, 1.0 - float(table[row, index]))
            table[row, index] = lifted
    return table


# A post with no cue that says it is asking (patterns.ASKING: "请问什么时候发货?", "有没有人知道
# 门店在哪") does not judge: its P(neutral) is raised to at least this, the other two scaled down
# in proportion.
QUESTION_NEUTRAL = 0.6


def _questions_asked(table: FloatArray, asking: npt.NDArray[np.bool_]) -> FloatArray:
    if not asking.any():
        return table
    table = table.copy()
    rows = asking & (table[:, 1] < QUESTION_NEUTRAL)
    scale = (1.0 - QUESTION_NEUTRAL) / np.maximum(1e-9, 1.0 - table[rows, 1])
    table[rows, 0] *= scale
    table[rows, 2] *= scale
    table[rows, 1] = QUESTION_NEUTRAL
    return table


def model_shares(texts: Sequence[str], readings: Sequence[Reading]) -> FloatArray:
    """For each text, the share of it the model read: spans the rules read (negated criticism,
    lapsed praise, a defender's phrase) are hidden from the model, and what is left of the text
    gets a proportional say. "恰饭怎么了? 又不是虚假宣传" leaves the model "? 又", whose margin
    is mostly its intercept."""
    return np.array(
        [unmasked_share(t, r.negated_spans) for t, r in zip(texts, readings, strict=True)]
    )


def _trained_share(meta: dict[str, object]) -> float | None:
    """The social domain's share of the training rows, from the artifact's meta."""
    counts = meta.get("trained_on")
    if not isinstance(counts, dict) or not SOCIAL_DOMAINS & set(counts):
        return None
    total = sum(int(count) for count in counts.values())
    social = sum(int(count) for name, count in counts.items() if name in SOCIAL_DOMAINS)
    return social / total if total else None


def _version(
    linear: LinearModel, lexicon: Lexicon, mixing: Mixing, neutral: NeutralModel | None
) -> str:
    """Model digest plus a digest of the lexicon, rules and combination weights: any change to
    what decides a score changes the version, so the app rescans."""
    rules = repr(
        (
            sorted(lexicon.entries.items()),
            PATTERNS,
            QUESTION.pattern,
            ASKING.pattern,
            INFORMATIONAL.pattern,
            LAPSED_SUPPORT.pattern,
            MOVED.pattern,
            SCOPE_GAP,
            astuple(mixing),
            neutral.version if neutral else None,
            QUESTION_NEUTRAL,
        )
    )
    return f"{linear.version}-{hashlib.sha256(rules.encode('utf-8')).hexdigest()[:6]}"


def _emotions(anger: float, disgust: float, mockery: float) -> dict[str, float]:
    return {
        "anger": round(min(1.0, anger), 4),
        "disgust": round(min(1.0, disgust), 4),
        "mockery": round(min(1.0, mockery), 4),
    }
