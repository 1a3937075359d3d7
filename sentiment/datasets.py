"""Loading the labelled corpora in ../shared/data/sentiment (training and benchmark only).

Every text is normalised, duplicates are merged (majority label; ties dropped), and each corpus
is split with a seeded hash of the text into train / dev / test (about 80 / 10 / 10; the same text
gets the same part in every corpus, so nothing leaks across corpora):

- train: the only rows the model is fitted on (sentiment.train);
- dev: the rows every choice is made on (regularisation, mixing weights, lexicon scaling, bias,
  thresholds; see sentiment.tune);
- test: touched only by the benchmark (sentiment.bench), which reports nothing else.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sentiment.textnorm import normalize

SPLIT_SEED = 20260105
DEV_FRACTION = 0.1
TEST_FRACTION = 0.1

# Weibo emotion codes (see the data's SOURCE.md).
WEIBO_NEGATIVE = frozenset({"fear", "disgust", "sadness", "anger"})
WEIBO_POSITIVE = frozenset({"optimism", "gratitude"})
# SMP2020-EWECT labels, mapped to the COVID set's emotion names where they mean the same; "happy"
# and "neutral" are not negative (neutral is the only neutral class in the shared data).
_SMP_EMOTIONS = {
    "happy": "happy", "neutral": "neutral", "angry": "anger", "sad": "sadness", "fear": "fear",
    "surprise": "surprise",
}  # fmt: skip
SMP_NEGATIVE = frozenset({"anger", "sadness", "fear"})
# Emoji lost upstream in the SMP file: runs of ASCII "?" (its real question marks are full-width).
_LOST_EMOJI = re.compile(r"\?+")
_WEIBO_CODES = {
    "0": "fear", "1": "disgust", "2": "optimism", "3": "surprise",
    "4": "gratitude", "5": "sadness", "6": "anger",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Example:
    text: str  # normalised
    polarity: int | None  # 1 not negative (positive or neutral), 0 negative, None ("surprise")
    emotion: str | None  # Weibo emotion name ("neutral" on SMP); None for review corpora


@dataclass(frozen=True, slots=True)
class Corpus:
    name: str
    domain: str  # "social" or "review"
    train: list[Example]
    dev: list[Example]
    test: list[Example]


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


def blank_lost_emoji(text: str) -> str:
    """SMP text with its lost-emoji "?" runs blanked (before normalisation turns full-width
    question marks into ASCII ones)."""
    return _LOST_EMOJI.sub(" ", text)


def _read_smp(path: Path) -> Iterator[tuple[str, int | None, str | None]]:
    with path.open(encoding="utf-8") as handle:
        rows = json.load(handle)
    for row in rows:
        emotion = _SMP_EMOTIONS.get(str(row.get("label", "")).strip())
        if emotion is None:
            continue
        polarity = None if emotion == "surprise" else 0 if emotion in SMP_NEGATIVE else 1
        yield blank_lost_emoji(str(row.get("content") or "")), polarity, emotion


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


def bucket(text: str, seed: int = SPLIT_SEED) -> float:
    """A fixed pseudo-random number in [0, 1) for a normalised text (seeded hash)."""
    digest = hashlib.blake2b(f"{seed}:{text}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def split(
    examples: list[Example], seed: int = SPLIT_SEED
) -> tuple[list[Example], list[Example], list[Example]]:
    """(train, dev, test) by a seeded hash of each de-duplicated text.

    The split depends on the text alone, so a text that occurs in two corpora (the shopping set's
    酒店 category repeats most of the hotel set) lands in the same part in both: no dev or test
    text of one corpus is ever a training text of another.
    """
    parts: tuple[list[Example], list[Example], list[Example]] = ([], [], [])
    for example in sorted(examples, key=lambda example: example.text):
        position = bucket(example.text, seed)
        index = (
            2 if position < TEST_FRACTION else 1 if position < TEST_FRACTION + DEV_FRACTION else 0
        )
        parts[index].append(example)
    return parts


_SOURCES = (
    ("weibo", "social", "covid19_weibo_labeled.csv", _read_weibo),
    ("hotel", "review", "ChnSentiCorp_htl_all.csv", _read_review_csv),
    ("waimai", "review", "waimai_10k.csv", _read_review_csv),
    ("shopping", "review", "online_shopping_10_cats.zip", _read_review_zip),
    ("smp", "social", "smp2020_virus_train.json", _read_smp),
)
CORPUS_NAMES: tuple[str, ...] = tuple(source[0] for source in _SOURCES)


def load_corpora(data_dir: Path) -> list[Corpus]:
    """All corpora found in ``data_dir``; raises FileNotFoundError when none is there."""
    corpora: list[Corpus] = []
    for name, domain, filename, reader in _SOURCES:
        path = data_dir / filename
        if path.exists():
            train, dev, test = split(deduplicate(reader(path)))
            corpora.append(Corpus(name, domain, train, dev, test))
    if not corpora:
        raise FileNotFoundError(f"no labelled corpora found in {data_dir}")
    return corpora
