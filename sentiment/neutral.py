"""Is this an opinion at all? The neutral head and the three-way label calibration.

The polarity the scorer has always computed (model experts + lexicon + rules, ``scorer.mix``)
keeps its direction. Two things are added on top of it:

- a neutral head: one more linear column over the polarity model's own TF-IDF features, trained
  on the SMP2020 Weibo posts, neutral vs the rest (news, questions, hashtags, reposts, links are
  what its neutral class is made of);
- an opinion gate: P(neutral), a logistic regression over the unsigned readings of the text
  (the neutral head, whether and how many cues were read, the strength of the polarity and of
  the lexicon, structural marks: question form, URL, hashtag-only, repost, mentions, numbers
  and dates, news register), fitted on the DEV rows of the corpora with a neutral class;
- a direction: P(negative | an opinion), a logistic function of the polarity with no intercept
  on text where a cue was read (so its sign decides, as it always has) and its own slope and
  offset on cue-less text, where the polarity is mostly the model's prior. Fitted on the DEV
  rows of all training corpora.

P(negative) = (1 - P(neutral)) * P(negative | an opinion), and so on. ``label`` is the largest
of P(negative), w * P(neutral), P(positive), with w chosen on the same DEV rows (a positive
label also needs the polarity past the neutral band, as before). The polarity
reported is P(positive) - P(negative), so its sign agrees with a negative or positive label.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt

from sentiment.patterns import INFORMATIONAL, QUESTION
from sentiment.results import NEUTRAL_BAND, Label
from sentiment.rules import Reading
from sentiment.textnorm import URL_TOKEN

ARTIFACT_NAME = "neutral.npz"
CLASSES: tuple[Label, Label, Label] = ("negative", "neutral", "positive")
FloatArray = npt.NDArray[np.float64]

_TOPIC = re.compile(r"#[^#]{1,40}#")
_CODE = re.compile(r"\[[^\[\]\s]{1,12}\]")
_MENTION = re.compile(r"@[^\s:：,，@]{1,30}[:：]?")
_REPOST = re.compile(r"//@|^转发|转发微博|^回复@|^@")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_DATE = re.compile(r"\d+月\d+日|\d+日\d*时?|\d{1,2}:\d{2}|\d+年|\d+例|\d+人")
_NEWS = re.compile(
    r"【|】|通报|新增|确诊|病例|记者|报道|获悉|发布|消息|据了解|据悉|官方|通知|公告|截至|数据|"
    r"表示|宣布|回应|声明|发文|通告|疫情|央视|新闻|来源|视频|直播|转载"
)
_QUESTION_END = re.compile(r"[?吗么]\s*$|[?]")
_CJK = re.compile(r"[\u4e00-\u9fff]")

FEATURES: tuple[str, ...] = (
    "polarity",
    "polarity_no_cue",
    "lexicon",
    "cued",
    "cue_count",
    "margin",
    "neutral_head",
    "question",
    "url",
    "hashtag",
    "topic_only",
    "repost",
    "mention",
    "numbers",
    "dates",
    "news",
    "informational",
    "length",
    "codes_only",
)


def _bare(text: str) -> str:
    """The text without topics, codes, links, mentions and reposts' handles."""
    for pattern in (_TOPIC, _CODE, _MENTION):
        text = pattern.sub(" ", text)
    return text.replace(URL_TOKEN, " ").replace("//", " ")


# log1p(length) / 5 for the usual lengths, looked up rather than computed per post.
_LOG_LENGTHS = (np.log1p(np.arange(4096)) / 5.0).tolist()


def _log_length(length: int) -> float:
    if length < len(_LOG_LENGTHS):
        return float(_LOG_LENGTHS[length])
    return float(np.log1p(length) / 5.0)


def structure(text: str, reading: Reading | None = None) -> list[float]:
    """The structural marks of a normalised text, in FEATURES order from "question". The marks
    ``reading`` (the text's ``rules.read``) already holds are taken from it."""
    # Only topic-only and codes-only posts need the count of Chinese characters outside
    # topics, codes and handles; most posts have neither mark and skip the three substitutions.
    has_topic = "#" in text
    has_code = "[" in text
    cjk = len(_CJK.findall(_bare(text))) if has_topic or has_code else 0
    numbers = len(_NUMBER.findall(text))
    if reading is None:
        question = QUESTION.search(text) is not None
        informational = INFORMATIONAL.search(text) is not None
    else:
        question, informational = reading.question, reading.info_marked
    return [
        float(question or _QUESTION_END.search(text) is not None),
        float(URL_TOKEN in text),
        float(has_topic),
        float(has_topic and cjk <= 4),
        float(_REPOST.search(text) is not None),
        float("@" in text),
        min(3, numbers) / 3.0,
        # Every date form has a digit: with no number found there is none to look for.
        float(numbers > 0 and _DATE.search(text) is not None),
        min(3, len(_NEWS.findall(text))) / 3.0,
        float(informational),
        _log_length(len(text)),
        float(has_code and cjk == 0 and _CODE.search(text) is not None),
    ]


def features(
    texts: Sequence[str],
    readings: Sequence[Reading],
    margins: FloatArray,
    neutral_logits: FloatArray,
    polarities: FloatArray,
) -> FloatArray:
    """One row of FEATURES per text."""
    rows = []
    for text, reading, margin, head, polarity in zip(
        texts,
        readings,
        margins.tolist(),
        neutral_logits.tolist(),
        polarities.tolist(),
        strict=True,
    ):
        cued = bool(reading.cues)
        rows.append(
            [
                polarity,
                0.0 if cued else polarity,
                max(-3.0, min(3.0, reading.score)),
                float(cued),
                min(4, len(reading.cues)) / 4.0,
                max(-6.0, min(6.0, margin)) / 3.0,
                max(-8.0, min(8.0, head)) / 4.0,
                *structure(text, reading),
            ]
        )
    return np.array(rows, dtype=np.float64).reshape(len(rows), len(FEATURES))


# Columns of FEATURES the opinion gate reads (everything but the signed readings: whether a text
# is an opinion says nothing about which way it leans).
GATE_FEATURES: tuple[str, ...] = tuple(
    name for name in FEATURES if name not in ("polarity", "polarity_no_cue", "lexicon", "margin")
)
_GATE_COLUMNS = [FEATURES.index(name) for name in GATE_FEATURES]
_POLARITY = FEATURES.index("polarity")
_CUED = FEATURES.index("cued")


def gate_rows(rows: FloatArray) -> FloatArray:
    """The opinion gate's inputs: the unsigned columns, plus |polarity| and |lexicon|."""
    unsigned = np.abs(rows[:, [_POLARITY, FEATURES.index("lexicon")]])
    result: FloatArray = np.hstack([rows[:, _GATE_COLUMNS], unsigned])
    return result


def direction_rows(rows: FloatArray) -> FloatArray:
    """The direction's inputs: polarity, polarity on cue-less text, and cue-less itself. No
    intercept: on a text with a cue P(negative | opinion) is exactly 1/2 at polarity 0, so the
    direction stays the polarity's; only cue-less text may have its boundary moved."""
    polarity = rows[:, _POLARITY]
    no_cue = 1.0 - rows[:, _CUED]
    result: FloatArray = np.column_stack([polarity, polarity * no_cue, no_cue])
    return result


@dataclass(frozen=True, slots=True)
class Calibration:
    """P(neutral) = the opinion gate; P(negative | an opinion) = the direction (a logistic
    function of the polarity); ``label`` is the largest of P(negative), ``neutral_weight`` *
    P(neutral) and P(positive). ``gate`` None: no neutral training data, P(neutral) is 0."""

    gate: FloatArray | None  # weights over gate_rows columns, then the bias
    direction: FloatArray  # weights over direction_rows columns (P(positive | an opinion))
    neutral_weight: float

    def probabilities(self, rows: FloatArray) -> FloatArray:
        """(texts, 3) probabilities in CLASSES order."""
        if self.gate is None:
            neutral = np.zeros(len(rows))
        else:
            neutral = _sigmoid(gate_rows(rows) @ self.gate[:-1] + self.gate[-1])
        positive = _sigmoid(direction_rows(rows) @ self.direction)
        opinion = 1.0 - neutral
        result: FloatArray = np.column_stack(
            [opinion * (1.0 - positive), neutral, opinion * positive]
        )
        return result

    def labels(self, table: FloatArray) -> list[Label]:
        weighted = table * np.array([1.0, self.neutral_weight, 1.0])
        chosen = weighted.argmax(axis=1)
        # A weak lean toward praise is not support: positive needs the polarity (P(positive) -
        # P(negative)) past the shared neutral band, as it did before the calibration. The
        # risk engine counts positive posts as defenders of a deal.
        weak = (chosen == 2) & (table[:, 2] - table[:, 0] < NEUTRAL_BAND)
        chosen[weak] = 1
        return [CLASSES[index] for index in chosen.tolist()]


def _sigmoid(values: FloatArray) -> FloatArray:
    result: FloatArray = 1.0 / (1.0 + np.exp(-np.clip(values, -30.0, 30.0)))
    return result


@dataclass(frozen=True, slots=True)
class NeutralModel:
    """The neutral head (weights over the polarity model's vocabulary) and the calibration."""

    head: npt.NDArray[np.float32] | None  # (vocabulary,) or None without neutral data
    head_bias: float
    calibration: Calibration
    meta: dict[str, object]

    @property
    def version(self) -> str:
        return str(self.meta.get("version", "0"))

    def save(self, path: Path) -> None:
        head = self.head if self.head is not None else np.zeros(0, np.float32)
        np.savez_compressed(
            path,
            head=head.astype(np.float16),
            head_bias=np.array([self.head_bias]),
            gate=self.calibration.gate if self.calibration.gate is not None else np.zeros(0),
            direction=self.calibration.direction,
            neutral_weight=np.array([self.calibration.neutral_weight]),
            meta=np.frombuffer(json.dumps(self.meta).encode(), dtype=np.uint8),
        )

    @classmethod
    def load(cls, path: Path | None = None) -> NeutralModel | None:
        """The shipped artifact, or None when there is none."""
        source = path or resources.files("sentiment").joinpath("model", ARTIFACT_NAME)
        if not source.is_file():
            return None
        with source.open("rb") as handle, np.load(handle) as arrays:
            meta = json.loads(bytes(arrays["meta"]).decode("utf-8"))
            head = arrays["head"].astype(np.float32)
            gate = arrays["gate"].astype(np.float64)
            calibration = Calibration(
                gate if len(gate) else None,
                arrays["direction"].astype(np.float64),
                float(arrays["neutral_weight"][0]),
            )
            return cls(
                head if len(head) else None, float(arrays["head_bias"][0]), calibration, meta
            )
