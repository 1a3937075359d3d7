"""Benchmark ours against snownlp and a naive model: ``python -m sentiment.bench [--limit N]``.

Needs the ``train`` extra (scikit-learn) for the naive reference and the leave-one-corpus-out
folds. Two parts, both read as binary (a text counts as negative when its ``label`` is
negative; gold negative = the negative emotions and review label 0, neutral counts as not
negative, "surprise" is left out):

1. Leave-one-corpus-out (sentiment.loco): for each corpus, ours ("fantalk": the shipped recipe
   retrained on the other corpora; "fantalk-v1": the same polarity model labelled as before the
   neutral head existed) and the naive character 1-3-gram TF-IDF + logistic regression, both
   fitted in this run on the same rows, the naive model fitted on the review / COVID corpora
   alone ("naive-rc", SMP left out: issue 18's target reference), and snownlp, on the left-out
   corpus.
1b. Topic-held-out SMP (sentiment.loco.topic_folds; ``--no-topics`` skips it): SMP's posts in
   seeded topic groups, K folds of groups (``--topic-folds``); the recipe, naive and naive-rc
   fitted on every other corpus plus SMP's other groups, scored on the held-out groups. What an
   unseen Weibo set meets: a model that knows SMP's neutral class but not the set's topics.
2. The seeded de-duplicated splits: for each corpus's TEST split (sentiment.datasets: rows
   neither training nor any tuning choice ever saw), for the dev fan-talk tables
   (eval/fan_talk.tsv "fan-talk", eval/fan_talk_blind.tsv "fan-blind", first written blind,
   eval/fan_talk_dev3.tsv "fan-dev3") and for the blind fan-talk tables
   (eval/fan_talk_blind2.tsv .. fan_talk_blind4.tsv, "fan-blind2" .. "fan-blind4", never tuned
   on): accuracy, negative recall and F1, the share of neutral posts labelled negative, anger
   recall (Weibo anger posts labelled negative), posts/s of ``score_many`` on one core, and the
   scorer's peak memory. The naive row here is fitted on the TRAIN + DEV rows of every corpus
   (the rows the shipped model and its calibration were fitted on).
Fan-talk accuracy uses the table's own expectations (see sentiment.fantalk).

Peak memory (``rssMB``) is the peak resident set size of a fresh process that imports the
package, loads the scorer and scores the whole dataset with one ``score_many`` call: the
interpreter, numpy, the model, the texts and the scoring itself, as the kernel counts it, and
nothing else this benchmark loaded. ``--split dev`` runs the same figures on the dev splits and
without the blind tables (for checking the benchmark itself without spending a look at
held-out data).
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import resource
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from sentiment.baseline import SnowNLPScorer
from sentiment.datasets import Corpus, Example, default_data_dir, load_corpora
from sentiment.fantalk import (
    BLIND_TABLE,
    DEV_TABLE,
    FOURTH_BLIND_TABLE,
    SECOND_BLIND_TABLE,
    THIRD_BLIND_TABLE,
    THIRD_DEV_TABLE,
    UNSEEN_TABLES,
    FanTalkCase,
    case_passes,
    load_cases,
)
from sentiment.loco import (
    DEFAULT_TEST_CAP,
    DEFAULT_TRAIN_CAP,
    TOPIC_FOLDS,
    NaiveModel,
    Scores,
    folds,
    run_fold,
    run_topic_fold,
    score_binary,
    topic_folds,
)
from sentiment.results import Scorer, SentimentResult
from sentiment.scorer import FanTalkScorer

MIN_TIMING_SECONDS = 1.0
MEMORY_LIMIT_MB = 300  # issue #3: the scorer's peak memory
LOCO_NAMES = ("fantalk", "fantalk-v1", "naive", "naive-rc", "snownlp")
# The references each fold's difference lines are printed against.
REFERENCES = ("naive", "naive-rc")


@dataclass(frozen=True, slots=True)
class Row:
    dataset: str
    scorer: str
    accuracy: float
    negative_f1: float
    anger_recall: float | None
    posts_per_second: float | None
    peak_rss_mb: float | None
    rows: int = 0
    negative_recall: float | None = None
    neutral_negative: float | None = None


def negative_f1(predicted_negative: Sequence[bool], actual_negative: Sequence[bool]) -> float:
    pairs = list(zip(predicted_negative, actual_negative, strict=True))
    true_pos = sum(p and a for p, a in pairs)
    false_pos = sum(p and not a for p, a in pairs)
    false_neg = sum(a and not p for p, a in pairs)
    return 2 * true_pos / (2 * true_pos + false_pos + false_neg) if true_pos else 0.0


def timed(scorer: Scorer, texts: Sequence[str]) -> tuple[list[SentimentResult], float]:
    """Results of one ``score_many`` pass, and posts/s over repeated passes (at least
    MIN_TIMING_SECONDS in all, so a 150-text table is not timed on a single 10 ms call)."""
    gc.collect()
    started = time.perf_counter()
    results = scorer.score_many(texts)
    scored = len(texts)
    while time.perf_counter() - started < MIN_TIMING_SECONDS and texts:
        scorer.score_many(texts)
        scored += len(texts)
    return results, scored / max(time.perf_counter() - started, 1e-9)


def _max_rss_mb() -> float:
    """This process's peak RSS in MB. On Linux, VmHWM: getrusage's ru_maxrss would also count
    the parent's memory, which the kernel carries into a child's maximum across fork + exec."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _load_and_score(scorer_name: str, texts: list[str]) -> float:
    """Runs in a fresh process: build the scorer, score ``texts``, return the peak RSS (MB)."""
    dict(SCORERS)[scorer_name]().score_many(texts)
    return _max_rss_mb()


def peak_rss_mb(scorer_name: str, texts: Sequence[str]) -> float:
    """Peak RSS (MB) of a fresh process that loads the scorer and scores ``texts``. A spawned
    process starts from a bare interpreter, so nothing this benchmark loaded is counted."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(_load_and_score, scorer_name, list(texts)).result()


Judgement = tuple[float, float, float | None, float | None, float | None]


def measure(
    dataset: str,
    name: str,
    build: Callable[[], Scorer],
    texts: Sequence[str],
    judge: Callable[[list[SentimentResult]], Judgement],
) -> Row:
    results, speed = timed(build(), texts)
    accuracy, f1, anger, recall, neutral = judge(results)
    rss = peak_rss_mb(name, texts) if name in dict(SCORERS) else None
    return Row(dataset, name, accuracy, f1, anger, speed, rss, len(texts), recall, neutral)


def corpus_judge(examples: list[Example]) -> Callable[[list[SentimentResult]], Judgement]:
    def judge(results: list[SentimentResult]) -> Judgement:
        predicted = [result.label == "negative" for result in results]
        scores = score_binary(predicted, examples)
        angry = [p for p, e in zip(predicted, examples, strict=True) if e.emotion == "anger"]
        anger = sum(angry) / len(angry) if angry else None
        return (
            scores.accuracy,
            scores.negative_f1,
            anger,
            scores.negative_recall,
            scores.neutral_called_negative,
        )

    return judge


def fan_talk_judge(cases: list[FanTalkCase]) -> Callable[[list[SentimentResult]], Judgement]:
    def judge(results: list[SentimentResult]) -> Judgement:
        passed = [case_passes(case, r) for case, r in zip(cases, results, strict=True)]
        predicted = [r.label == "negative" for r in results]
        actual = [case.expected == "negative" for case in cases]
        return sum(passed) / len(cases), negative_f1(predicted, actual), None, None, None

    return judge


def _shipped_v1() -> Scorer:
    return FanTalkScorer(neutral=None)


SCORERS: tuple[tuple[str, Callable[[], Scorer]], ...] = (
    ("fantalk", FanTalkScorer),
    ("snownlp", SnowNLPScorer),
)
# Scored for accuracy only (no speed or memory figures): the shipped polarity model labelled as
# before the neutral head existed.
EXTRA_SCORERS: tuple[tuple[str, Callable[[], Scorer]], ...] = (("fantalk-v1", _shipped_v1),)


FAN_TALK_TABLES = (
    ("fan-talk", DEV_TABLE),
    ("fan-blind", BLIND_TABLE),
    ("fan-dev3", THIRD_DEV_TABLE),
    ("fan-blind2", SECOND_BLIND_TABLE),
    ("fan-blind3", THIRD_BLIND_TABLE),
    ("fan-blind4", FOURTH_BLIND_TABLE),
)


def _naive_for_splits(corpora: list[Corpus]) -> NaiveModel:
    return NaiveModel([e for corpus in corpora for e in corpus.train + corpus.dev])


def _naive_row(dataset: str, model: NaiveModel, examples: list[Example]) -> Row:
    scores = score_binary(model.negative([e.text for e in examples]), examples)
    angry = [e for e in examples if e.emotion == "anger"]
    anger = None
    if angry:
        anger = sum(model.negative([e.text for e in angry])) / len(angry)
    return Row(
        dataset, "naive", scores.accuracy, scores.negative_f1, anger, None, None,
        scores.rows, scores.negative_recall, scores.neutral_called_negative,
    )  # fmt: skip


def _binary_row(dataset: str, name: str, got: Scores) -> Row:
    return Row(
        dataset, name, got.accuracy, got.negative_f1, None, None, None,
        got.rows, got.negative_recall, got.neutral_called_negative,
    )  # fmt: skip


def run_loco(
    corpora: list[Corpus],
    train_cap: int | None,
    test_cap: int | None,
    jobs: int,
    only: Sequence[str] = (),
) -> list[Row]:
    """Leave-one-corpus-out rows, the folds run ``jobs`` at a time in fresh processes; ``only``
    names the left-out corpora to run (all of them when empty)."""
    fold_list = [f for f in folds(corpora, train_cap, test_cap) if not only or f.left_out in only]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        results = list(pool.map(run_fold, fold_list))
    rows: list[Row] = []
    for fold, scores in zip(fold_list, results, strict=True):
        rows += [_binary_row(fold.left_out, n, scores[n]) for n in LOCO_NAMES if n in scores]
    return rows


TOPIC_NAMES = ("fantalk", "fantalk-v1", "naive", "naive-rc")


def run_topics(corpora: list[Corpus], k: int, train_cap: int | None, jobs: int) -> list[Row]:
    """Topic-held-out SMP rows: one per fold and scorer ("smp-t0" ..), then the folds pooled
    ("smp-topic": every SMP row scored once, by the fold that held its topic out)."""
    fold_list = topic_folds(corpora, k, train_cap)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        results = list(pool.map(run_topic_fold, fold_list))
    rows: list[Row] = []
    for fold, called in zip(fold_list, results, strict=True):
        rows += [
            _binary_row(f"smp-t{fold.index}", n, score_binary(called[n], fold.test))
            for n in TOPIC_NAMES
        ]
    pooled = [e for fold in fold_list for e in fold.test]
    for name in TOPIC_NAMES:
        every = [c for result in results for c in result[name]]
        rows.append(_binary_row("smp-topic", name, score_binary(every, pooled)))
    return rows


def report_topics(rows: list[Row]) -> None:
    report(
        rows,
        "Topic-held-out SMP (topic groups dealt into folds; the recipe fitted on every other "
        "corpus and SMP's other groups; smp-topic: the folds pooled)",
    )
    for line in differences([row for row in rows if row.dataset == "smp-topic"]):
        print(line)


def run(data_dir: Path, limit: int | None, split: str = "test") -> list[Row]:
    rows: list[Row] = []
    try:
        corpora = load_corpora(data_dir)
    except FileNotFoundError as error:
        print(f"skipping corpora: {error}")
        corpora = []
    naive = _naive_for_splits(corpora) if corpora else None
    for corpus in corpora:
        held_out = corpus.test if split == "test" else corpus.dev
        rows_kept = [e for e in held_out if e.polarity is not None][:limit]
        texts = [e.text for e in rows_kept]
        judge = corpus_judge(rows_kept)
        rows += [
            measure(corpus.name, n, build, texts, judge) for n, build in SCORERS + EXTRA_SCORERS
        ]
        if naive is not None:
            rows.append(_naive_row(corpus.name, naive, rows_kept))
    # The blind tables are read only in a run that reports test figures.
    tables = [t for t in FAN_TALK_TABLES if split == "test" or t[1] not in UNSEEN_TABLES]
    for dataset, table in tables:
        cases = load_cases(table)
        texts = [case.text for case in cases]
        judge = fan_talk_judge(cases)
        rows += [measure(dataset, n, b, texts, judge) for n, b in SCORERS + EXTRA_SCORERS]
    return rows


def _figure(value: float | None, width: int = 6) -> str:
    return f"{value:{width}.3f}" if value is not None else f"{'-':>{width}}"


def report(rows: list[Row], title: str = "") -> None:
    if title:
        print(title)
    print(
        f"{'dataset':<10} {'scorer':<10} {'n':>5} {'acc':>6} {'negRec':>6} {'negF1':>6} "
        f"{'neu>neg':>7} {'anger':>6} {'posts/s':>9} {'rssMB':>6}"
    )
    for row in rows:
        speed = f"{row.posts_per_second:9.0f}" if row.posts_per_second is not None else f"{'-':>9}"
        rss = f"{row.peak_rss_mb:6.0f}" if row.peak_rss_mb is not None else f"{'-':>6}"
        print(
            f"{row.dataset:<10} {row.scorer:<10} {row.rows:5d} {row.accuracy:6.3f} "
            f"{_figure(row.negative_recall)} {row.negative_f1:6.3f} "
            f"{_figure(row.neutral_negative, 7)} {_figure(row.anger_recall)} {speed} {rss}"
        )


def differences(rows: list[Row], ours: str = "fantalk") -> list[str]:
    """One line per fold and reference: ours minus the reference, in accuracy points; then, over
    more than one fold, the mean accuracy of ours and of each reference."""
    by_fold: dict[str, dict[str, float]] = {}
    for row in rows:
        by_fold.setdefault(row.dataset, {})[row.scorer] = row.accuracy
    lines = []
    for dataset, accuracy in by_fold.items():
        for reference in REFERENCES:
            if ours in accuracy and reference in accuracy:
                gap = accuracy[ours] - accuracy[reference]
                lines.append(
                    f"  {dataset:<10} {ours} - {reference + ':':<9} {gap * 100:+.1f} points"
                )
    means = []
    names = (ours, *REFERENCES) if len(by_fold) > 1 else ()  # one fold: its row says it all
    for name in names:
        values = [a[name] for a in by_fold.values() if name in a]
        if values:
            means.append(f"{name} {sum(values) / len(values):.3f}")
    if len(means) > 1:
        lines.append(f"  mean accuracy over left-out corpora: {', '.join(means)}")
    return lines


def report_loco(rows: list[Row]) -> None:
    report(
        rows,
        "Leave-one-corpus-out (binary: negative iff label negative; trained on the other "
        "corpora in this run; naive-rc: naive on the review / COVID corpora only)",
    )
    for line in differences(rows):
        print(line)


def report_splits(rows: list[Row]) -> None:
    report(rows, "Seeded de-duplicated splits and fan-talk tables")
    by_dataset: dict[str, dict[str, float]] = {}
    for row in rows:
        if row.posts_per_second is not None:
            by_dataset.setdefault(row.dataset, {})[row.scorer] = row.posts_per_second
    for dataset, speeds in by_dataset.items():
        if speeds.get("snownlp") and speeds.get("fantalk"):
            print(
                f"speed ratio fantalk/snownlp on {dataset}: "
                f"{speeds['fantalk'] / speeds['snownlp']:.0f}x"
            )
    ours = [row for row in rows if row.scorer == "fantalk" and row.peak_rss_mb is not None]
    if ours:
        worst = max(ours, key=lambda row: row.peak_rss_mb or 0.0)
        peak = worst.peak_rss_mb or 0.0
        verdict = "within" if peak <= MEMORY_LIMIT_MB else "OVER"
        print(
            f"fantalk peak RSS (fresh process: import, load, score_many over a whole dataset): "
            f"{peak:.0f} MB on {worst.dataset}, {verdict} the {MEMORY_LIMIT_MB} MB limit"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--limit", type=int, default=None, help="held-out rows per corpus")
    parser.add_argument(
        "--split", choices=("test", "dev"), default="test", help="which held-out split to read"
    )
    parser.add_argument(
        "--train-cap",
        type=int,
        default=DEFAULT_TRAIN_CAP,
        help="training rows per corpus in a leave-one-corpus-out fold",
    )
    parser.add_argument(
        "--test-cap", type=int, default=DEFAULT_TEST_CAP, help="left-out rows scored per fold"
    )
    parser.add_argument("--jobs", type=int, default=2, help="folds run at once")
    parser.add_argument("--no-loco", action="store_true", help="only the seeded splits")
    parser.add_argument("--no-splits", action="store_true", help="no seeded splits or tables")
    parser.add_argument("--no-topics", action="store_true", help="no topic-held-out SMP folds")
    parser.add_argument(
        "--topic-folds", type=int, default=TOPIC_FOLDS, help="folds over SMP's topic groups"
    )
    parser.add_argument(
        "--fold",
        action="append",
        default=[],
        help="run only the fold that leaves this corpus out (repeatable; all folds by default)",
    )
    args = parser.parse_args(argv)  # fmt: skip
    if args.split == "dev":
        print("DEV splits: for checking the benchmark, not figures to report")
    if not args.no_loco:
        corpora = load_corpora(args.data)
        report_loco(run_loco(corpora, args.train_cap, args.test_cap, args.jobs, args.fold))
        print()
    if not args.no_topics:
        corpora = load_corpora(args.data)
        report_topics(run_topics(corpora, args.topic_folds, args.train_cap, args.jobs))
        print()
    if not args.no_splits:
        report_splits(run(args.data, args.limit, args.split))


if __name__ == "__main__":
    main()
