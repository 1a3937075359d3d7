"""Train the fan-talk model: ``python -m sentiment.train [--data DIR] [--out FILE]``.

Reads the corpora in ../shared/data/sentiment (de-duplicated, seeded train / dev / test split; see
sentiment.datasets), fits the heads described in sentiment.model on the TRAIN rows only with
scikit-learn (the ``train`` extra) and writes the artifact the package ships. Dev rows are for
choosing settings (POLARITY_C and SOCIAL_WEIGHT below were compared on dev: C 3 / 10 and Weibo
weight 1 / 2 differ by under half a point, C 10 with weight 2 was best on hotel, shopping and
Weibo); test rows are read only by sentiment.bench.

Feature and head choices compared on dev (objective of sentiment.tune after re-tuning MIXING for
each model; raw = the model's own sign, before the lexicon):

- 1–3-grams, 300k features (shipped): objective 2.0328; raw Weibo 0.905, hotel 0.905,
  waimai 0.897, shopping 0.934.
- 1–4-grams, 600k features (NGRAM_SIZES (1, 2, 3, 4), MAX_FEATURES 600_000), C 10: objective
  2.0361 with MIXING model_weight 0.35, lexicon_social 0.75, lexicon_review 0.2, margin_offset
  0.25, sarcastic_margin -1.0, question_damping 0.25; raw Weibo 0.908, hotel 0.909, waimai
  0.897, shopping 0.934; C 30: 2.0359, C 4: 2.0332. Not shipped: the dev gain is one or two texts
  per corpus, dev fan-talk fell (0.923 → 0.917) and the blind table fell below its guard
  (127 / 156 against 129 / 156), so nothing shows it generalises better.
- the same plus a per-domain polarity bias (DOMAIN_BIAS): 2.0376, raw figures unchanged; not kept:
  the gain is one or two dev texts and it bakes the COVID Weibo set's negative prior
  (bias -1.7) into the expert that reads fan talk.

Issue #3 generalisation round (1-3-grams, lexicon of the time, objective at the shipped MIXING /
best point of a small MIXING grid; blind = first blind fan-talk table, of 156). The shipped
settings scored 2.0328 / 2.0328, blind 129. None of these beat it by more than a dev text or two,
so none was kept:

- Weibo "surprise" rows trained as half positive, half negative: 2.0225 / 2.0312, blind 127-130.
- classes balanced within each corpus (no corpus prior in the shared intercept): 2.0241 /
  2.0277, blind 130-132.
- SOCIAL_WEIGHT 1: 2.0294 / 2.0338, blind 129-130; SOCIAL_WEIGHT 3: 2.0320 / 2.0320, blind 127.
- per-domain weights regularised less (domain copies scaled x2): 2.0306, blind 129; more
  (x0.5): 2.0278, blind 130.
- word features from jieba were not trained: segmenting alone runs at ~7,600 fan-talk texts/s
  (the whole scorer does 13,000-24,000) and jieba takes 1.3 s to initialise from its cache, so
  the 30x-snownlp and under-a-second-load targets could not both hold.

Issue 18 (leave-one-corpus-out, ``python -m sentiment.bench --no-splits``): BALANCED_CLASSES
gives each corpus's negative and non-negative rows the same total weight, so the experts'
intercepts stop carrying the corpora's priors (COVID Weibo is 64 % negative, SMP 32 %, waimai
67 %) into text from elsewhere. Measured on the folds with the calibration of that round, against
the same recipe unbalanced: left-out COVID Weibo 0.814 → 0.822, SMP 0.794 → 0.796, shopping
0.867 → 0.870, waimai 0.825 → 0.824, hotel 0.807 → 0.800; the fan-talk tables moved by at most
one post each except fan-blind2 (-4 with the old calibration, level with the balanced one).

Issue 18, sixth round: OPINION_WEIGHTED weighs each COVID Weibo row by 1 - P(neutral), read by a
neutral-vs-rest head fitted on SMP (the class balance counts the weighted rows). Topic-held-out
SMP (``python -m sentiment.bench --no-splits``) 0.847 / 0.837 / 0.302 → 0.848 / 0.837 / 0.296
(accuracy / negative recall / neutral→negative), the left-out folds level or better (waimai
0.846 → 0.848), fan tables 166/146/113/156/176/162 → 167/146/113/156/176/161. Weighting SMP's own
rows too, only negative rows, (1 - p)² or hard drops stayed on the old curve or made the
calibration pick a lower neutral weight (0.299-0.336).
"""

from __future__ import annotations

import argparse
import hashlib
import math
import time
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse  # type: ignore[import-untyped]
from sklearn.linear_model import LogisticRegression

from sentiment.datasets import Corpus, Example, default_data_dir, load_corpora
from sentiment.features import NGRAM_SIZES, model_input, ngram_counts
from sentiment.lexicon import default_lexicon
from sentiment.model import ARTIFACT_NAME, LinearModel
from sentiment.neutral_train import fit_reader
from sentiment.rules import read

MAX_FEATURES = 300_000
MIN_DOCUMENT_FREQUENCY = 2
POLARITY_C = 10.0
EMOTION_C = 4.0
DOMAIN_BIAS = False
BALANCED_CLASSES = True
SOCIAL_WEIGHT = 2.0  # fan talk is social media: weigh the Weibo rows up against reviews
MODEL_SERIES = "1"
# Neutral rows (SMP) are left out of the polarity heads: "not an opinion" is learnt by the neutral
# head (sentiment.neutral), and folding it into "not negative" here would teach the experts that
# plain news is praise. SMP's opinions (happy vs angry, sad, fear) are polarity rows like any.
POLARITY_EXCLUDED: frozenset[str] = frozenset()
SOCIAL_CORPORA = frozenset({"weibo", "smp"})
# The anger and disgust heads learn from the corpus that labels both (SMP has no disgust class).
EMOTION_CORPORA = frozenset({"weibo"})
# The COVID Weibo set labels reposted news, case counts and advice fear or sadness, where SMP (and
# issue 18) call that kind of text neutral; its rows taught the experts that topic words (确诊, 病,
# 死) are negative, and neutral posts elsewhere read negative from them. Each of its rows weighs
# 1 - P(neutral), read by a neutral-vs-rest head fitted on the corpora that have a neutral class.
OPINION_WEIGHTED = frozenset({"weibo"})


def prepared(example: Example) -> str:
    reading = read(example.text, default_lexicon())
    return model_input(example.text, reading.negated_spans)


def build_vocabulary(counts: list[Counter[str]]) -> tuple[list[str], np.ndarray]:
    document_frequency: Counter[str] = Counter()
    for row in counts:
        document_frequency.update(row.keys())
    kept = [gram for gram, df in document_frequency.items() if df >= MIN_DOCUMENT_FREQUENCY]
    kept.sort(key=lambda gram: (-document_frequency[gram], gram))
    vocabulary = kept[:MAX_FEATURES]
    documents = len(counts)
    idf = np.array(
        [math.log((1 + documents) / (1 + document_frequency[g])) + 1.0 for g in vocabulary],
        dtype=np.float32,
    )
    return vocabulary, idf


def tfidf_matrix(counts: list[Counter[str]], model: LinearModel) -> sparse.csr_matrix:
    indptr, indices, values = [0], [], []
    for row in counts:
        columns = [model.index[g] for g in row if g in model.index]
        weights = np.array([1.0 + math.log(row[g]) for g in row if g in model.index])
        weights = weights * model.idf[columns] if columns else weights
        norm = float(np.sqrt(weights @ weights)) if columns else 0.0
        indices.extend(columns)
        values.extend((weights / norm if norm else weights).tolist())
        indptr.append(len(indices))
    shape = (len(counts), len(model.index))
    return sparse.csr_matrix((values, indices, indptr), shape=shape, dtype=np.float64)


def fit_polarity(
    matrix: sparse.csr_matrix,
    labels: np.ndarray,
    domains: np.ndarray,
    names: list[str],
    weights: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Shared + per-domain weights ("frustratingly easy" domain adaptation); returns one
    expert column per domain and each expert's bias (the shared intercept, plus a per-domain
    offset when DOMAIN_BIAS is on: the corpora's class balances differ)."""
    copies = [matrix] + [sparse.diags((domains == d).astype(float)) @ matrix for d in names]
    if DOMAIN_BIAS:
        indicators = np.stack([(domains == d).astype(float) for d in names], axis=1)
        copies.append(sparse.csr_matrix(indicators))
    augmented = sparse.hstack(copies).tocsr()
    classifier = LogisticRegression(C=POLARITY_C, solver="liblinear", max_iter=1000)
    classifier.fit(augmented, labels, sample_weight=weights)
    width = matrix.shape[1]
    coef = classifier.coef_[0]
    shared = coef[:width]
    experts = [shared + coef[width * (i + 1) : width * (i + 2)] for i in range(len(names))]
    biases = np.full(len(names), float(classifier.intercept_[0]))
    if DOMAIN_BIAS:
        biases += coef[width * (len(names) + 1) :]
    return np.stack(experts, axis=1), biases


def class_balance(
    labels: np.ndarray, domains: np.ndarray, kept: np.ndarray, weights: np.ndarray | None = None
) -> np.ndarray:
    """Per-row factors that give each corpus's two classes the same total weight among the
    ``kept`` rows (each row counted at its ``weights``, 1 by default), the corpus's own total
    unchanged when it has both."""
    weights = np.ones(len(labels)) if weights is None else weights
    factors = np.ones(len(labels))
    for name in np.unique(domains):
        rows = (domains == name) & kept
        for value in (0, 1):
            chosen = rows & (labels == value)
            if weights[chosen].sum() > 0:
                factors[chosen] = weights[rows].sum() / (2.0 * weights[chosen].sum())
    return factors


def opinion_weights(matrix: sparse.csr_matrix, examples: list[tuple[str, Example]]) -> np.ndarray:
    """1 - P(neutral) for the rows of OPINION_WEIGHTED corpora, 1 for every other row; all 1
    when no training corpus has a neutral class. The reader is fitted on the neutral corpora's
    rows only, so the rows it reads are out of its sample."""
    weights = np.ones(len(examples))
    has_neutral = {name for name, e in examples if e.emotion == "neutral"}
    readers = np.array([name in has_neutral for name, _ in examples])
    weighted = np.array([name in OPINION_WEIGHTED for name, _ in examples]) & ~readers
    if not readers.any() or not weighted.any():
        return weights
    neutral = np.array([e.emotion == "neutral" for _, e in examples])
    reader = fit_reader(matrix[readers], neutral[readers])
    weights[weighted] = 1.0 - reader.predict_proba(matrix[weighted])[:, 1]
    return weights


def fit_binary(matrix: sparse.csr_matrix, labels: np.ndarray) -> tuple[np.ndarray, float]:
    if matrix.shape[0] == 0 or labels.all() or not labels.any():
        return np.zeros(matrix.shape[1]), -10.0  # no emotion labels in this training set
    classifier = LogisticRegression(C=EMOTION_C, solver="liblinear", class_weight="balanced")
    classifier.fit(matrix, labels)
    return classifier.coef_[0], float(classifier.intercept_[0])


def train(corpora: list[Corpus], quiet: bool = False) -> LinearModel:
    """The polarity / gate / emotion model from the TRAIN rows of ``corpora`` (those in
    POLARITY_EXCLUDED skipped)."""
    corpora = [corpus for corpus in corpora if corpus.name not in POLARITY_EXCLUDED]
    names = [corpus.name for corpus in corpora]
    examples = [(corpus.name, example) for corpus in corpora for example in corpus.train]
    counts = [ngram_counts(prepared(example), NGRAM_SIZES) for _, example in examples]
    vocabulary, idf = build_vocabulary(counts)
    width = len(vocabulary)
    scaffold = LinearModel(
        vocabulary,
        idf,
        np.zeros((width, 1), np.float32),
        np.zeros(1, np.float32),
        {"domains": names, "version": "0", "ngram_sizes": list(NGRAM_SIZES)},
    )
    matrix = tfidf_matrix(counts, scaffold)
    domains = np.array([name for name, _ in examples])
    if not quiet:
        print(f"{len(examples)} training texts, {width} features")

    polar = np.array([e.polarity is not None and e.emotion != "neutral" for _, e in examples])
    labels = np.array([example.polarity or 0 for _, example in examples])
    opinion = opinion_weights(matrix, examples)
    sample_weights = np.where(np.isin(domains, list(SOCIAL_CORPORA)), SOCIAL_WEIGHT, 1.0) * opinion
    if BALANCED_CLASSES:
        sample_weights = sample_weights * class_balance(labels, domains, polar, opinion)
    experts, expert_biases = fit_polarity(
        matrix[polar], labels[polar], domains[polar], names, sample_weights[polar]
    )
    gate = LogisticRegression(C=POLARITY_C, max_iter=500)
    gate.fit(matrix, domains)
    gate_columns = [list(gate.classes_).index(name) for name in names]

    emotional = np.array(
        [e.emotion is not None and name in EMOTION_CORPORA for name, e in examples]
    )
    emotions = [
        e.emotion for name, e in examples if e.emotion is not None and name in EMOTION_CORPORA
    ]
    anger, anger_bias = fit_binary(matrix[emotional], np.array([e == "anger" for e in emotions]))
    disgust, disgust_bias = fit_binary(
        matrix[emotional], np.array([e == "disgust" for e in emotions])
    )
    weights = np.column_stack([experts, gate.coef_[gate_columns].T, anger, disgust])
    bias = np.concatenate(
        [
            expert_biases,
            gate.intercept_[gate_columns],
            [anger_bias, disgust_bias],
        ]
    )
    digest = hashlib.sha256(weights.astype(np.float16).tobytes()).hexdigest()[:10]
    meta: dict[str, object] = {
        "domains": names,
        "version": f"{MODEL_SERIES}.{digest}",
        "ngram_sizes": list(NGRAM_SIZES),
        "trained_on": {corpus.name: len(corpus.train) for corpus in corpora},
    }
    return LinearModel(vocabulary, idf, weights.astype(np.float32), bias.astype(np.float32), meta)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "model" / ARTIFACT_NAME)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    model = train(load_corpora(args.data))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    size = args.out.stat().st_size / 1e6
    print(
        f"wrote {args.out} ({size:.1f} MB, version {model.version}) "
        f"in {time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
