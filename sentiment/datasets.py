"""Loading the labelled corpora in ../shared/data/sentiment (training and benchmark only).

Every text is normalised, duplicates are merged (majority label; ties dropped), and each corpus
is split once with a fixed seed, so training and the benchmark see the same held-out rows.
"""

from __future__ import annotations

import csv
import io
import random
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sentiment.textnorm import normalize

SPLIT_SEED = 20260105
HELD_OUT_FRACTION = 0.2

# Weibo emotion codes (see the data's SOURCE.md).
WEIBO_NEGATIVE = frozenset({"fear", "disgust", "sadness", "anger"})
WEIBO_POSITIVE = frozenset({"optimism", "gratitude"})
_WEIBO_CODES = {
    "0": "fear", "1": "disgust", "2": "optimism", "3": "surprise",
    "4": "gratitude", "5": "sadness", "6": "anger",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Example:
    text: str  # normalised
    polarity: int | None  # 1 positive, 0 negative, None (Weibo "surprise")
    emotion: str | None  # Weibo emotion name; None for review corpora


@dataclass(frozen=True, slots=True)
class Corpus:
    name: str
    domain: str  # "social" or "review"
    train: list[Example]
    held_out: list[Example]


def default_data_dir() -> Path:
    """../shared/data/sentiment relative to the repository root."""
    return Path(__file__).resolve().parents[2] / "shared" / "data" / "sentiment"


def _csv_rows(handle: Iterable[str]) -> Iterator[dict[str, str]]:
    yield from csv.DictReader(handle)


def _read_weibo(path: Path) -> Iterator[tuple[str, int | None, str | None]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in _csv_rows(handle):
            emotion = _WEIBO_CODES.get(row.get("label", "").strip())
            if emotion is None:
                continue
            polarity = 1 if emotion in WEIBO_POSITIVE else 0 if emotion in WEIBO_NEGATIVE else None
            yield row.get("review") or "", polarity, emotion


def _read_reviews(rows: Iterable[dict[str, str]]) -> Iterator[tuple[str, int | None, str | None]]:
    for row in rows:
        label = row.get("label", "").strip()
        if label in {"0", "1"}:
            yield row.get("review") or "", int(label), None


def _read_review_csv(path: Path) -> Iterator[tuple[str, int | None, str | None]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from _read_reviews(_csv_rows(handle))


def _read_review_zip(path: Path) -> Iterator[tuple[str, int | None, str | None]]:
    with zipfile.ZipFile(path) as archive:
        member = next(name for name in archive.namelist() if name.endswith(".csv"))
        with archive.open(member) as raw:
            yield from _read_reviews(_csv_rows(io.TextIOWrapper(raw, encoding="utf-8-sig")))


def deduplicate(rows: Iterable[tuple[str, int | None, str | None]]) -> list[Example]:
    """One example per normalised text, with its majority (polarity, emotion); ties dropped."""
    votes: defaultdict[str, Counter[tuple[int | None, str | None]]] = defaultdict(Counter)
    for raw_text, polarity, emotion in rows:
        text = normalize(raw_text)
        if text:
            votes[text][(polarity, emotion)] += 1
    examples: list[Example] = []
    for text, counter in votes.items():
        ranked = counter.most_common(2)
        if len(ranked) == 2 and ranked[0][1] == ranked[1][1]:
            continue  # annotators disagree evenly: no usable label
        polarity, emotion = ranked[0][0]
        examples.append(Example(text, polarity, emotion))
    return examples


def split(examples: list[Example], seed: int = SPLIT_SEED) -> tuple[list[Example], list[Example]]:
    """(train, held_out): a seeded shuffle of the text-sorted examples."""
    ordered = sorted(examples, key=lambda example: example.text)
    random.Random(seed).shuffle(ordered)
    cut = int(len(ordered) * HELD_OUT_FRACTION)
    return ordered[cut:], ordered[:cut]


_SOURCES = (
    ("weibo", "social", "covid19_weibo_labeled.csv", _read_weibo),
    ("hotel", "review", "ChnSentiCorp_htl_all.csv", _read_review_csv),
    ("waimai", "review", "waimai_10k.csv", _read_review_csv),
    ("shopping", "review", "online_shopping_10_cats.zip", _read_review_zip),
)
CORPUS_NAMES: tuple[str, ...] = tuple(source[0] for source in _SOURCES)


def load_corpora(data_dir: Path) -> list[Corpus]:
    """All corpora found in ``data_dir``; raises FileNotFoundError when none is there."""
    corpora: list[Corpus] = []
    for name, domain, filename, reader in _SOURCES:
        path = data_dir / filename
        if path.exists():
            train, held_out = split(deduplicate(reader(path)))
            corpora.append(Corpus(name, domain, train, held_out))
    if not corpora:
        raise FileNotFoundError(f"no labelled corpora found in {data_dir}")
    return corpora
