"""Benchmark ours against snownlp: ``python -m sentiment.bench [--data DIR] [--limit N]``.

For each corpus's de-duplicated TEST split (sentiment.datasets: rows neither training nor any
tuning choice ever saw), for the dev fan-talk tables (eval/fan_talk.tsv, "fan-talk",
eval/fan_talk_blind.tsv, "fan-blind", first written blind, and eval/fan_talk_dev3.tsv,
"fan-dev3") and for the blind fan-talk tables (eval/fan_talk_blind2.tsv .. fan_talk_blind4.tsv,
"fan-blind2" .. "fan-blind4", never tuned on): accuracy and negative-class F1 (a text counts as
negative when its polarity is below 0), anger recall (Weibo anger posts scored negative), posts/s
of ``score_many`` on one core, and the scorer's peak memory.
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
from sentiment.datasets import default_data_dir, load_corpora
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
from sentiment.results import Scorer, SentimentResult
from sentiment.scorer import FanTalkScorer

MIN_TIMING_SECONDS = 1.0
MEMORY_LIMIT_MB = 300  # issue #3: the scorer's peak memory


@dataclass(frozen=True, slots=True)
class Row:
    dataset: str
    scorer: str
    accuracy: float
    negative_f1: float
    anger_recall: float | None
    posts_per_second: float
    peak_rss_mb: float


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


def measure(
    dataset: str,
    name: str,
    build: Callable[[], Scorer],
    texts: Sequence[str],
    judge: Callable[[list[SentimentResult]], tuple[float, float, float | None]],
) -> Row:
    results, speed = timed(build(), texts)
    accuracy, f1, anger = judge(results)
    return Row(dataset, name, accuracy, f1, anger, speed, peak_rss_mb(name, texts))


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


FAN_TALK_TABLES = (
    ("fan-talk", DEV_TABLE),
    ("fan-blind", BLIND_TABLE),
    ("fan-dev3", THIRD_DEV_TABLE),
    ("fan-blind2", SECOND_BLIND_TABLE),
    ("fan-blind3", THIRD_BLIND_TABLE),
    ("fan-blind4", FOURTH_BLIND_TABLE),
)


def run(data_dir: Path, limit: int | None, split: str = "test") -> list[Row]:
    rows: list[Row] = []
    try:
        corpora = load_corpora(data_dir)
    except FileNotFoundError as error:
        print(f"skipping corpora: {error}")
        corpora = []
    for corpus in corpora:
        held_out = corpus.test if split == "test" else corpus.dev
        rows_kept = [e for e in held_out if e.polarity is not None][:limit]
        texts = [e.text for e in rows_kept]
        judge = corpus_judge(
            [e.polarity == 0 for e in rows_kept], [e.emotion == "anger" for e in rows_kept]
        )
        rows += [measure(corpus.name, n, build, texts, judge) for n, build in SCORERS]
    # The blind tables are read only in a run that reports test figures.
    tables = [t for t in FAN_TALK_TABLES if split == "test" or t[1] not in UNSEEN_TABLES]
    for dataset, table in tables:
        cases = load_cases(table)
        texts = [case.text for case in cases]
        rows += [measure(dataset, n, b, texts, fan_talk_judge(cases)) for n, b in SCORERS]
    return rows


def report(rows: list[Row]) -> None:
    print(
        f"{'dataset':<10} {'scorer':<8} {'acc':>6} {'negF1':>6} {'anger':>6} "
        f"{'posts/s':>9} {'rssMB':>6}"
    )
    for row in rows:
        anger = f"{row.anger_recall:.3f}" if row.anger_recall is not None else "-"
        print(
            f"{row.dataset:<10} {row.scorer:<8} {row.accuracy:6.3f} {row.negative_f1:6.3f} "
            f"{anger:>6} {row.posts_per_second:9.0f} {row.peak_rss_mb:6.0f}"
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
    ours = [row for row in rows if row.scorer == "fantalk"]
    if ours:
        worst = max(ours, key=lambda row: row.peak_rss_mb)
        verdict = "within" if worst.peak_rss_mb <= MEMORY_LIMIT_MB else "OVER"
        print(
            f"fantalk peak RSS (fresh process: import, load, score_many over a whole dataset): "
            f"{worst.peak_rss_mb:.0f} MB on {worst.dataset}, {verdict} the "
            f"{MEMORY_LIMIT_MB} MB limit"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--limit", type=int, default=None, help="held-out rows per corpus")
    parser.add_argument(
        "--split", choices=("test", "dev"), default="test", help="which held-out split to read"
    )
    args = parser.parse_args(argv)
    if args.split == "dev":
        print("DEV splits: for checking the benchmark, not figures to report")
    report(run(args.data, args.limit, args.split))


if __name__ == "__main__":
    main()
