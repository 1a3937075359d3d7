"""Fit the neutral head and the label calibration (sentiment.neutral) for a trained model.

``python -m sentiment.neutral_train [--data DIR]`` writes model/neutral.npz for the shipped
polarity model (model/fantalk.npz, which it does not change). The same ``fit_neutral`` runs in
every leave-one-corpus-out fold of the benchmark (sentiment.loco).

- head: TRAIN rows of every corpus with a neutral class (SMP2020), neutral vs the rest, over the
  polarity model's TF-IDF features;
- opinion gate: DEV rows of the corpora with a neutral class, neutral vs the rest;
- direction: DEV rows of every corpus (neutral rows left out), each corpus weighing the same
  in all (the social ones twice) and, within a corpus, its negative and non-negative rows
  weighing half each (BALANCED_DIRECTION): the cue-less offset is then the boundary that
  separates the classes, not the training mix's prior, which a Weibo set of unknown balance
  does not share;
- without any neutral-labelled corpus (the fold that leaves SMP out), the opinion gate is not
  fitted but set by hand from the structural marks (PRIOR_GATE, ``prior_gate``): links, news
  register, reposts, topics, dates and questions raise P(neutral), a cue or a strong polarity
  lowers it; the neutral weight is then 1;
- neutral weight: the value with the best mean binary accuracy over the same DEV rows (social
  corpora counted twice), after a penalty for any corpus whose negative recall falls under
  MIN_NEGATIVE_RECALL and for neutral posts called negative above MAX_NEUTRAL_NEGATIVE; of
  values within NEUTRAL_WEIGHT_TOLERANCE of the best, the smallest.

Issue 18, measured on the leave-one-corpus-out folds (accuracy on the left-out corpus, Weibo /
hotel / waimai / shopping / SMP; the figures in docs/benchmarks.md):

- the code at aabe2e5: 0.805 / 0.800 / 0.824 / 0.865 / 0.756 (SMP neutral→negative 0.661);
- without the information-question rule (scorer.QUESTION_NEUTRAL): 0.814 / 0.802 / 0.827 /
  0.867 / 0.757 — the rule, not the shared vocabulary, cost Weibo its 0.9 points; limited to
  posts that say they ask (patterns.ASKING): Weibo 0.812;
- BALANCED_DIRECTION (no question rule): 0.808 / 0.805 / 0.825 / 0.866 / 0.768 (neutral→negative
  0.627);
- and PRIOR_GATE: SMP 0.786 (neutral→negative 0.476, negative recall 0.832); with the plain
  emotion words added to the lexicon: Weibo 0.814, SMP 0.794. A stronger prior (bias -1.5,
  links / news / topics / reposts / dates weighted up) brought neutral→negative to 0.37-0.43
  but negative recall to 0.74-0.80 and accuracy to 0.788-0.790, so the milder one was kept;
- a "plain" head (negative vs not over the same features, one weight vector for all corpora,
  C 1, classes balanced) as a further input of the direction: read on all text, +0.2-0.6 points
  on four folds and -0.5 on hotel, but the fan-talk tables lost 4-9 posts each (it outvoted
  the lexicon on cued text); read on cue-less text only, +0.1 on Weibo and SMP. Not kept.

Needs the ``train`` extra (scikit-learn).
"""

from __future__ import annotations

import argparse
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy import sparse  # type: ignore[import-untyped]
from sklearn.linear_model import LogisticRegression

from sentiment.datasets import Corpus, default_data_dir, load_corpora
from sentiment.features import model_input
from sentiment.lexicon import default_lexicon
from sentiment.model import LinearModel
from sentiment.neutral import (
    ARTIFACT_NAME,
    GATE_FEATURES,
    Calibration,
    FloatArray,
    NeutralModel,
    direction_rows,
    gate_rows,
)
from sentiment.rules import read
from sentiment.scorer import FanTalkScorer

HEAD_C = 4.0
CALIBRATION_C = 1.0
SOCIAL_WEIGHT = 2.0
MIN_NEGATIVE_RECALL = 0.8
MAX_NEUTRAL_NEGATIVE = 0.3
NEUTRAL_WEIGHTS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
# Neutral weights whose objective is within this of the best count as tied, and the smallest of
# them is taken (fewer texts called neutral: backlash must still be heard). 0.001 is three to six
# DEV texts of one corpus. Issue 18 round 4: in two leave-one-corpus-out folds the best weight
# flipped between 0.75 and 1.0 on a difference of 0.0002 (under one DEV text), which moved the
# left-out COVID Weibo set by 0.7 points and waimai by 0.7 (NOTES-sent20.md). The shipped fit
# is not moved by it (0.75 either way).
NEUTRAL_WEIGHT_TOLERANCE = 0.001
BALANCED_DIRECTION = True
PRIOR_GATE = True
# A gate set by hand for training sets with no neutral class: P(neutral) from the structural
# marks alone (weights over gate_rows columns, then the bias).
_PRIOR = {
    "cued": -1.5, "cue_count": -0.5, "question": 1.0, "url": 1.5, "hashtag": 0.5,
    "topic_only": 1.5, "repost": 1.0, "numbers": 0.5, "dates": 0.75, "news": 1.5,
    "informational": 0.5, "abs_polarity": -1.0, "abs_lexicon": -0.5,
}  # fmt: skip
PRIOR_BIAS = -2.0


def prior_gate() -> FloatArray:
    names = [*GATE_FEATURES, "abs_polarity", "abs_lexicon"]
    return np.array([_PRIOR.get(name, 0.0) for name in names] + [PRIOR_BIAS])


def _matrix(linear: LinearModel, texts: Sequence[str]) -> sparse.csr_matrix:
    lexicon = default_lexicon()
    inputs = [model_input(text, read(text, lexicon).negated_spans) for text in texts]
    indptr, columns, values = linear.sparse_rows(inputs)
    return sparse.csr_matrix((values, columns, indptr), shape=(len(texts), len(linear.index)))


def _with_neutral(corpora: Sequence[Corpus]) -> list[Corpus]:
    return [c for c in corpora if any(e.emotion == "neutral" for e in c.train + c.dev)]


def fit_reader(matrix: sparse.csr_matrix, neutral: Sequence[bool]) -> LogisticRegression:
    """Neutral vs the rest over TF-IDF rows: the neutral head, and the reader that weighs the
    polarity rows in sentiment.train."""
    classifier = LogisticRegression(C=HEAD_C, solver="liblinear", class_weight="balanced")
    return classifier.fit(matrix, neutral)


def fit_head(
    linear: LinearModel, corpora: Sequence[Corpus]
) -> tuple[npt.NDArray[np.float32] | None, float]:
    rows = [e for corpus in _with_neutral(corpora) for e in corpus.train]
    if not rows:
        return None, 0.0
    matrix = _matrix(linear, [e.text for e in rows])
    classifier = fit_reader(matrix, [e.emotion == "neutral" for e in rows])
    return classifier.coef_[0].astype(np.float32), float(classifier.intercept_[0])


@dataclass(frozen=True, slots=True)
class _Dev:
    """The DEV rows of one corpus, read by the scorer (calibration inputs) with their gold."""

    name: str
    weight: float
    rows: FloatArray
    negative: npt.NDArray[np.bool_]
    neutral: npt.NDArray[np.bool_]


def _dev_sets(scorer: FanTalkScorer, corpora: Sequence[Corpus]) -> list[_Dev]:
    sets = []
    for corpus in corpora:
        dev = [e for e in corpus.dev if e.polarity is not None]
        if dev:
            texts, readings, outputs = scorer.analyse([e.text for e in dev])
            sets.append(
                _Dev(
                    corpus.name,
                    SOCIAL_WEIGHT if corpus.domain == "social" else 1.0,
                    scorer.calibration_rows(texts, readings, outputs),
                    np.array([e.polarity == 0 for e in dev]),
                    np.array([e.emotion == "neutral" for e in dev]),
                )
            )
    return sets


def _fit_logistic(
    matrix: FloatArray, labels: npt.NDArray[np.bool_], weights: FloatArray, intercept: bool
) -> FloatArray:
    classifier = LogisticRegression(C=CALIBRATION_C, max_iter=2000, fit_intercept=intercept)
    classifier.fit(matrix, labels, sample_weight=weights / weights.mean())
    coef: FloatArray = classifier.coef_[0]
    if intercept:
        coef = np.append(coef, classifier.intercept_[0])
    return coef


def _corpus_weights(sets: Sequence[_Dev], keep: Sequence[npt.NDArray[np.bool_]]) -> FloatArray:
    """Each corpus weighs its ``weight`` in all, spread over its kept rows."""
    counts = [int(k.sum()) for k in keep]
    return np.concatenate(
        [np.full(n, d.weight / max(1, n)) for d, n in zip(sets, counts, strict=True)]
    )


def _balanced_weights(sets: Sequence[_Dev], keep: Sequence[npt.NDArray[np.bool_]]) -> FloatArray:
    """Each corpus weighs its ``weight`` in all, half on its negative rows, half on the rest."""
    parts = []
    for dev, kept in zip(sets, keep, strict=True):
        negative = dev.negative[kept]
        share = np.where(
            negative, 0.5 / max(1, int(negative.sum())), 0.5 / max(1, int((~negative).sum()))
        )
        parts.append(dev.weight * share)
    return np.concatenate(parts)


def fit_calibration(sets: Sequence[_Dev]) -> Calibration:
    gate: FloatArray | None = None
    with_neutral = [d for d in sets if d.neutral.any()]
    if with_neutral:
        gate = _fit_logistic(
            np.vstack([gate_rows(d.rows) for d in with_neutral]),
            np.concatenate([d.neutral for d in with_neutral]),
            _corpus_weights(with_neutral, [np.ones(len(d.rows), bool) for d in with_neutral]),
            intercept=True,
        )
    opinions = [~d.neutral for d in sets]
    direction = _fit_logistic(
        np.vstack([direction_rows(d.rows[k]) for d, k in zip(sets, opinions, strict=True)]),
        np.concatenate([~d.negative[k] for d, k in zip(sets, opinions, strict=True)]),
        (_balanced_weights if BALANCED_DIRECTION else _corpus_weights)(sets, opinions),
        intercept=False,
    )
    if gate is None and PRIOR_GATE:
        return Calibration(prior_gate(), direction, 1.0)
    weights = NEUTRAL_WEIGHTS if gate is not None else (1.0,)
    values = [_objective(Calibration(gate, direction, weight), sets) for weight in weights]
    return Calibration(gate, direction, lightest(weights, values, NEUTRAL_WEIGHT_TOLERANCE))


def lightest(weights: Sequence[float], values: Sequence[float], tolerance: float) -> float:
    """The smallest weight whose objective is within ``tolerance`` of the best one."""
    best = max(values)
    return min(w for w, v in zip(weights, values, strict=True) if v >= best - tolerance)


def _objective(calibration: Calibration, sets: Sequence[_Dev]) -> float:
    """Weighted mean binary accuracy, less the shortfalls on negative recall and neutral."""
    total = weights = penalty = 0.0
    for dev in sets:
        labels = calibration.labels(calibration.probabilities(dev.rows))
        called = np.array([label == "negative" for label in labels])
        total += dev.weight * float(np.mean(called == dev.negative))
        weights += dev.weight
        recall = float(called[dev.negative].mean()) if dev.negative.any() else 1.0
        penalty += max(0.0, MIN_NEGATIVE_RECALL - recall)
        if dev.neutral.any():
            penalty += max(0.0, float(called[dev.neutral].mean()) - MAX_NEUTRAL_NEGATIVE)
    return total / weights - penalty


def fit_neutral(linear: LinearModel, corpora: Sequence[Corpus]) -> NeutralModel:
    """The neutral head and calibration for ``linear`` from ``corpora`` (see the docstring)."""
    head, head_bias = fit_head(linear, corpora)
    scored = linear.with_head(head, head_bias) if head is not None else linear
    calibration = fit_calibration(_dev_sets(FanTalkScorer(linear=scored, neutral=None), corpora))
    parts = [calibration.direction, np.array([calibration.neutral_weight])]
    if calibration.gate is not None:
        parts.append(calibration.gate)
    if head is not None:
        parts.append(head.astype(np.float64))
    digest = hashlib.sha256(np.concatenate(parts).astype(np.float32).tobytes()).hexdigest()[:8]
    meta: dict[str, object] = {"polarity_model": linear.version, "version": f"n1.{digest}"}
    return NeutralModel(head, head_bias, calibration, meta)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "model" / ARTIFACT_NAME)
    parser.add_argument("--artifact", type=Path, default=None, help="the polarity model to fit for")
    args = parser.parse_args(argv)
    linear = LinearModel.load(args.artifact)
    model = fit_neutral(linear, load_corpora(args.data))
    model.save(args.out)
    calibration = model.calibration
    print(  # noqa: T201
        f"wrote {args.out} (version {model.version}; direction {calibration.direction.round(3)}, "
        f"neutral weight {calibration.neutral_weight})"
    )


if __name__ == "__main__":
    main()
