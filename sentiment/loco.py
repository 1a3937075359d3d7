"""Leave-one-corpus-out (LOCO) evaluation, with a naive reference trained on the same rows.

For each corpus in turn: train on the other corpora, test on the one left out. Both methods are
fitted in the same run on the same rows:

- ours (``fit_ours``): the recipe that produced the shipped model, run on the fold's corpora:
  polarity experts, domain gate and emotion heads from the TRAIN rows (sentiment.train), the
  neutral head from the TRAIN rows and the label calibration from the DEV rows
  (sentiment.neutral);
- naive (``NaiveModel``): a plain character 1-3-gram TF-IDF + logistic regression (scikit-learn
  defaults) on the same TRAIN + DEV rows, negative vs not negative.

Read as binary (the issue's read): a text counts as negative when its ``label`` is negative; gold
negative is the negative emotions and review label 0, gold not-negative is positive, happy and
neutral; "surprise" is left out. A text that occurs in the left-out corpus is dropped from the
training corpora (the shopping set's 酒店 category repeats most of the hotel set).

Each training corpus is capped at ``train_cap`` rows and the left-out corpus at ``test_cap``
rows (a seeded hash order, not the split's text order), so the five folds run in minutes.
Needs the ``train`` extra (scikit-learn).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from sentiment.datasets import SPLIT_SEED, Corpus, Example, bucket
from sentiment.results import Scorer

CAP_SEED = SPLIT_SEED + 1
DEFAULT_TRAIN_CAP = 8000
DEFAULT_TEST_CAP = 3000


@dataclass(frozen=True, slots=True)
class Fold:
    left_out: str
    training: list[Corpus]
    test: list[Example]  # polarity known, not in any training corpus


@dataclass(frozen=True, slots=True)
class Scores:
    """Binary figures of one scorer on one set (gold negative = polarity 0)."""

    rows: int
    accuracy: float
    negative_recall: float
    negative_f1: float
    neutral_called_negative: float | None  # share of gold-neutral texts labelled negative


def capped(examples: Sequence[Example], cap: int | None) -> list[Example]:
    """The first ``cap`` examples in a seeded hash order (all of them for ``cap`` None)."""
    ordered = sorted(examples, key=lambda example: bucket(example.text, CAP_SEED))
    return ordered[:cap]


def folds(corpora: Sequence[Corpus], train_cap: int | None, test_cap: int | None) -> list[Fold]:
    result: list[Fold] = []
    for left in corpora:
        held = [e for e in left.train + left.dev + left.test if e.polarity is not None]
        held_texts = {e.text for e in held}
        training = [
            replace(
                corpus,
                train=capped([e for e in corpus.train if e.text not in held_texts], train_cap),
                dev=capped([e for e in corpus.dev if e.text not in held_texts], train_cap),
                test=[],
            )
            for corpus in corpora
            if corpus.name != left.name
        ]
        result.append(Fold(left.name, training, capped(held, test_cap)))
    return result


def score_binary(predicted_negative: Sequence[bool], examples: Sequence[Example]) -> Scores:
    actual = [e.polarity == 0 for e in examples]
    pairs = list(zip(predicted_negative, actual, strict=True))
    true_pos = sum(p and a for p, a in pairs)
    false_pos = sum(p and not a for p, a in pairs)
    false_neg = sum(a and not p for p, a in pairs)
    pairs_e = zip(predicted_negative, examples, strict=True)
    neutral = [p for p, e in pairs_e if e.emotion == "neutral"]
    return Scores(
        rows=len(pairs),
        accuracy=sum(p == a for p, a in pairs) / len(pairs) if pairs else 0.0,
        negative_recall=true_pos / (true_pos + false_neg) if true_pos + false_neg else 0.0,
        negative_f1=2 * true_pos / (2 * true_pos + false_pos + false_neg) if true_pos else 0.0,
        neutral_called_negative=sum(neutral) / len(neutral) if neutral else None,
    )


class NaiveModel:
    """Character 1-3-gram TF-IDF + logistic regression, scikit-learn defaults otherwise."""

    def __init__(self, examples: Sequence[Example]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        labelled = [e for e in examples if e.polarity is not None]
        self._vectoriser = TfidfVectorizer(analyzer="char", ngram_range=(1, 3))
        matrix = self._vectoriser.fit_transform([e.text for e in labelled])
        self._classifier = LogisticRegression(max_iter=1000)
        self._classifier.fit(matrix, [e.polarity == 0 for e in labelled])

    def negative(self, texts: Sequence[str]) -> list[bool]:
        predicted = self._classifier.predict(self._vectoriser.transform(list(texts)))
        return [bool(p) for p in predicted]


def fit_ours(training: Sequence[Corpus]) -> tuple[Scorer, Scorer]:
    """Our recipe fitted on ``training`` (see the module docstring), and the same polarity
    model scored as before the neutral head existed (label from the polarity's band)."""
    from sentiment.neutral_train import fit_neutral
    from sentiment.scorer import FanTalkScorer
    from sentiment.train import train

    linear = train(list(training), quiet=True)
    return (
        FanTalkScorer(linear=linear, neutral=fit_neutral(linear, training)),
        FanTalkScorer(linear=linear, neutral=None),
    )


def label_negative(scorer: Scorer, texts: Sequence[str]) -> list[bool]:
    return [result.label == "negative" for result in scorer.score_many(texts)]


def run_fold(fold: Fold, with_snownlp: bool = True) -> dict[str, Scores]:
    """Fit ours and naive on the fold's training corpora; score all on the left-out rows.
    Keys: "fantalk" (ours), "fantalk-v1" (ours without the neutral head and calibration),
    "naive", "snownlp"."""
    texts = [e.text for e in fold.test]
    ours, before = fit_ours(fold.training)
    naive_rows = [e for corpus in fold.training for e in corpus.train + corpus.dev]
    predictions = {
        "fantalk": label_negative(ours, texts),
        "fantalk-v1": label_negative(before, texts),
        "naive": NaiveModel(naive_rows).negative(texts),
    }
    if with_snownlp:
        from sentiment.baseline import SnowNLPScorer

        predictions["snownlp"] = label_negative(SnowNLPScorer(), texts)
    return {name: score_binary(called, fold.test) for name, called in predictions.items()}
