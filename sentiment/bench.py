"""Benchmark ours against snownlp: ``python -m sentiment.bench [--data DIR] [--limit N]``.

For each corpus's de-duplicated TEST split (sentiment.datasets: rows neither training nor any
tuning choice ever saw), for the dev fan-talk table (eval/fan_talk.tsv, "fan-talk") and for the
blind fan-talk table (eval/fan_talk_blind.tsv, "fan-blind", never tuned on): accuracy and
negative-class F1 (a text counts as negative when its polarity is below 0), anger recall (Weibo
anger posts scored negative), posts/s of ``score_many`` on one core, and peak traced memory
while loading and scoring.
Fan-talk accuracy uses the table's own expectations (see sentiment.fantalk).
"""

from __future__ import annotations

import argparse
import gc
import resource
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sentiment.baseline import SnowNLPScorer
from sentiment.datasets import default_data_dir, load_corpora
from sentiment.fantalk import BLIND_TABLE, DEV_TABLE, FanTalkCase, case_passes, load_cases
from sentiment.results import Scorer, SentimentResult
from sentiment.scorer import FanTalkScorer

MIN_TIMING_SECONDS = 1.0
MEMORY_SAMPLE = 1000  # texts scored under tracemalloc (it slows scoring down)


@dataclass(frozen=True, slots=True)
class Row:
    dataset: str
    scorer: str
    accuracy: float
    negative_f1: float
    anger_recall: float | None
    posts_per_second: float
    peak_mb: float


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


def peak_memory_mb(build: Callable[[], Scorer], texts: Sequence[str]) -> float:
    """Peak traced allocation (MB) while building a fresh scorer and scoring a sample."""
    gc.collect()
    tracemalloc.start()
    build().score_many(texts[:MEMORY_SAMPLE])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def measure(
    dataset: str,
    name: str,
    build: Callable[[], Scorer],
    texts: Sequence[str],
    judge: Callable[[list[SentimentResult]], tuple[float, float, float | None]],
) -> Row:
    results, speed = timed(build(), texts)
    accuracy, f1, anger = judge(results)
    return Row(dataset, name, accuracy, f1, anger, speed, peak_memory_mb(build, texts))


def corpus_judge(
    actual_negative: list[bool], anger_mask: list[bool]
) -> Callable[[list[SentimentResult]], tuple[float, float, float | None]]:
    def judge(results: list[SentimentResult]) -> tuple[float, float, float | None]:
        predicted = [result.polarity < 0 for result in results]
        correct = sum(p == a for p, a in zip(predicted, actual_negative, strict=True))
        angry = [p for p, is_anger in zip(predicted, anger_mask, strict=True) if is_anger]
        anger = sum(angry) / len(angry) if angry else None
        return correct / len(results), negative_f1(predicted, actual_negative), anger

    return judge


def fan_talk_judge(
    cases: list[FanTalkCase],
) -> Callable[[list[SentimentResult]], tuple[float, float, float | None]]:
    def judge(results: list[SentimentResult]) -> tuple[float, float, float | None]:
        passed = [case_passes(case, r) for case, r in zip(cases, results, strict=True)]
        predicted = [r.label == "negative" for r in results]
        actual = [case.expected == "negative" for case in cases]
        return sum(passed) / len(cases), negative_f1(predicted, actual), None

    return judge


SCORERS: tuple[tuple[str, Callable[[], Scorer]], ...] = (
    ("fantalk", FanTalkScorer),
    ("snownlp", SnowNLPScorer),
)


def run(data_dir: Path, limit: int | None) -> list[Row]:
    rows: list[Row] = []
    try:
        corpora = load_corpora(data_dir)
    except FileNotFoundError as error:
        print(f"skipping corpora: {error}")
        corpora = []
    for corpus in corpora:
        test = [e for e in corpus.test if e.polarity is not None][:limit]
        texts = [e.text for e in test]
        judge = corpus_judge([e.polarity == 0 for e in test], [e.emotion == "anger" for e in test])
        rows += [measure(corpus.name, n, build, texts, judge) for n, build in SCORERS]
    for dataset, table in (("fan-talk", DEV_TABLE), ("fan-blind", BLIND_TABLE)):
        cases = load_cases(table)
        texts = [case.text for case in cases]
        rows += [measure(dataset, n, b, texts, fan_talk_judge(cases)) for n, b in SCORERS]
    return rows


def report(rows: list[Row]) -> None:
    print(
        f"{'dataset':<10} {'scorer':<8} {'acc':>6} {'negF1':>6} {'anger':>6} "
        f"{'posts/s':>9} {'peakMB':>7}"
    )
    for row in rows:
        anger = f"{row.anger_recall:.3f}" if row.anger_recall is not None else "-"
        print(
            f"{row.dataset:<10} {row.scorer:<8} {row.accuracy:6.3f} {row.negative_f1:6.3f} "
            f"{anger:>6} {row.posts_per_second:9.0f} {row.peak_mb:7.1f}"
        )
    by_dataset: dict[str, dict[str, float]] = {}
    for row in rows:
        by_dataset.setdefault(row.dataset, {})[row.scorer] = row.posts_per_second
    for dataset, speeds in by_dataset.items():
        if speeds.get("snownlp"):
            print(
                f"speed ratio fantalk/snownlp on {dataset}: "
                f"{speeds['fantalk'] / speeds['snownlp']:.0f}x"
            )
    max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process max RSS (both scorers, data, bench): {max_rss_mb:.0f} MB")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--limit", type=int, default=None, help="held-out rows per corpus")
    args = parser.parse_args(argv)
    report(run(args.data, args.limit))


if __name__ == "__main__":
    main()
