"""The trained linear model: TF-IDF character n-grams → several linear heads, numpy only.

Heads (columns of ``weights``):
- one polarity expert per training domain (shared weights + that domain's own weights);
- a domain gate (softmax over the same domains) that says which expert a text resembles;
- anger and disgust (from the Weibo emotion labels).
The polarity margin is the gate-weighted mix of the experts' margins.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt

from sentiment.features import ngrams

ARTIFACT_NAME = "fantalk.npz"
FloatArray = npt.NDArray[np.float32]
# Artifacts written before meta carried "ngram_sizes" were trained on 1- to 3-grams.
LEGACY_NGRAM_SIZES = (1, 2, 3)


@dataclass(frozen=True, slots=True)
class Outputs:
    """Model outputs for one text."""

    margin: float  # polarity logit: > 0 positive
    anger: float  # 0..1
    disgust: float  # 0..1
    gate: tuple[float, ...] = ()  # domain probabilities, in meta["domains"] order
    neutral: float = 0.0  # the neutral head's logit (sentiment.neutral), 0 without one


# The n-gram table (``GramTable``) packs up to three characters into one int64 key: 21 bits per
# code point (Unicode ends at 0x10FFFF), PAD filling the slots of a shorter n-gram, and SEP marking
# the boundary between two texts of a batch. Neither is a code point, so no key that contains
# them is in the vocabulary.
_CODE_BITS = 21
PAD = (1 << _CODE_BITS) - 1
SEP = PAD - 1
_MAX_PACKED = 3
_HASH_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing
_EMPTY = -1


def _code_points(text: str) -> npt.NDArray[np.int64]:
    """The code points of ``text`` (lone surrogates included, as Python strings may hold them)."""
    raw = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return raw.astype(np.int64)


def _keys(
    first: npt.NDArray[np.int64], second: npt.NDArray[np.int64], third: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    return (first << (2 * _CODE_BITS)) | (second << _CODE_BITS) | third


class GramTable:
    """The vocabulary as an open-addressing hash table in numpy arrays, so that a batch's
    n-grams are looked up in a few vectorised passes instead of one Python dictionary lookup
    each. For 1- to 3-grams it finds exactly what ``LinearModel.index`` finds (a vocabulary
    lists each n-gram once); longer entries are left out, as no 1- to 3-gram query can match
    them."""

    def __init__(self, vocabulary: Sequence[str]) -> None:
        lengths = np.fromiter(map(len, vocabulary), dtype=np.int64, count=len(vocabulary))
        codes = np.append(_code_points("".join(vocabulary)), [PAD, PAD, PAD])
        starts = np.cumsum(lengths) - lengths
        packed = np.flatnonzero((lengths >= 1) & (lengths <= _MAX_PACKED))
        lengths, starts = lengths[packed], starts[packed]
        keys = _keys(
            codes[starts],
            np.where(lengths >= 2, codes[starts + 1], PAD),
            np.where(lengths >= 3, codes[starts + 2], PAD),
        )
        self.bits = max(4, int(2 * len(keys)).bit_length())  # at most half full
        # Linear probing, laid out at once: with the keys in order of their home slot, each
        # goes to its home slot or, if that is taken, to the slot after the previous key's,
        # i.e. slot_i = max(home_i, slot_(i-1) + 1) = i + max over j <= i of (home_j - j). The
        # table runs past 2**bits instead of wrapping around.
        homes = self._slots(keys)
        order = np.argsort(homes)
        steps = np.arange(len(keys), dtype=np.int64)
        placed = steps + np.maximum.accumulate(homes[order] - steps) if len(keys) else steps
        # No key sits more than ``probes - 1`` slots past its home slot.
        self.probes = int((placed - homes[order]).max()) + 1 if len(keys) else 1
        size = (1 << self.bits) + self.probes + 1
        self.keys = np.full(size, _EMPTY, dtype=np.int64)
        self.columns = np.zeros(size, dtype=np.int32)  # 4 MB less than int64
        self.keys[placed] = keys[order]
        self.columns[placed] = packed[order]

    def _slots(self, keys: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        hashed = (keys.astype(np.uint64) * _HASH_MULTIPLIER) >> np.uint64(64 - self.bits)
        return hashed.astype(np.int64)

    def lookup(
        self, texts: Sequence[str], sizes: tuple[int, ...]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """(row, column) of every n-gram of ``texts`` (of the given sizes) that is in the
        vocabulary, in no particular order."""
        lengths = np.array([len(text) for text in texts], dtype=np.int64)
        codes = np.append(_code_points("\n".join(texts)), [SEP, SEP])
        codes[np.cumsum(lengths + 1)[:-1] - 1] = SEP  # the joins, whatever character they are
        count = len(codes) - 2
        rows = np.repeat(np.arange(len(texts), dtype=np.int64), lengths + 1)[:count]
        first, second, third = codes[:count], codes[1 : count + 1], codes[2 : count + 2]
        padding = np.full(count, PAD, dtype=np.int64)
        by_size = {
            1: lambda: _keys(first, padding, padding),
            2: lambda: _keys(first, second, padding),
            3: lambda: _keys(first, second, third),
        }
        queries = np.concatenate([by_size[size]() for size in sizes])
        found = np.full(len(queries), _EMPTY, dtype=np.int64)
        waiting = np.arange(len(queries), dtype=np.int64)
        slots = self._slots(queries)
        # ``probes`` passes settle every query: found, or an empty slot or the last pass reached
        # (not in the vocabulary).
        for _ in range(self.probes):
            stored = self.keys[slots]
            hit = stored == queries[waiting]
            found[waiting[hit]] = self.columns[slots[hit]]
            going = ~hit & (stored != _EMPTY)
            waiting, slots = waiting[going], slots[going] + 1
            if not len(waiting):
                break
        known = found != _EMPTY
        return np.tile(rows, len(sizes))[known], found[known]


# A text with no known n-gram (empty, or fully read by the rules) gets no opinion from the
# model, rather than the class prior hidden in the bias.
NO_EVIDENCE = Outputs(margin=0.0, anger=0.0, disgust=0.0)


class LinearModel:
    def __init__(
        self,
        vocabulary: list[str],
        idf: FloatArray,
        weights: FloatArray,
        bias: FloatArray,
        meta: dict[str, object],
    ) -> None:
        self.vocabulary = vocabulary
        self.idf = idf.astype(np.float32)
        self.weights = weights.astype(np.float32)
        self.bias = bias.astype(np.float32)
        self.meta = meta
        domains = meta["domains"]
        assert isinstance(domains, list)
        self.domain_count = len(domains)
        self.version = str(meta["version"])
        sizes = meta.get("ngram_sizes", list(LEGACY_NGRAM_SIZES))
        assert isinstance(sizes, list)
        self.ngram_sizes = tuple(int(size) for size in sizes)
        packed = all(1 <= size <= _MAX_PACKED for size in self.ngram_sizes)
        self.table = GramTable(vocabulary) if packed and vocabulary else None

    @cached_property
    def index(self) -> dict[str, int]:
        """Column of each n-gram (training, and n-grams longer than the table packs); built on
        first use, since scoring 1- to 3-grams goes through the table."""
        return {gram: position for position, gram in enumerate(self.vocabulary)}

    def save(self, path: Path) -> None:
        vocabulary = "\n".join(self.vocabulary)
        np.savez_compressed(
            path,
            vocabulary=np.frombuffer(vocabulary.encode("utf-8"), dtype=np.uint8),
            idf=self.idf.astype(np.float16),
            weights=self.weights.astype(np.float16),
            bias=self.bias,
            meta=np.frombuffer(json.dumps(self.meta).encode("utf-8"), dtype=np.uint8),
        )

    @classmethod
    def load(cls, path: Path | None = None) -> LinearModel:
        source = path or resources.files("sentiment").joinpath("model", ARTIFACT_NAME)
        with source.open("rb") as handle, np.load(handle) as arrays:
            vocabulary = bytes(arrays["vocabulary"]).decode("utf-8").split("\n")
            meta = json.loads(bytes(arrays["meta"]).decode("utf-8"))
            return cls(vocabulary, arrays["idf"], arrays["weights"], arrays["bias"], meta)

    def with_head(self, head: FloatArray, bias: float) -> LinearModel:
        """This model with one more column after the emotion heads (the neutral head)."""
        weights = np.column_stack([self.weights[:, : 2 * self.domain_count + 2], head])
        biases = np.append(self.bias[: 2 * self.domain_count + 2], np.float32(bias))
        model = LinearModel([], self.idf, weights, biases, self.meta)
        model.vocabulary = self.vocabulary  # the same vocabulary, shared rather than rebuilt
        model.table = self.table
        return model

    def sparse_rows(
        self, texts: Sequence[str]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], FloatArray]:
        """The batch as CSR parts (indptr, columns, values): L2-normalised sublinear TF-IDF of
        each text's known character n-grams. The n-grams are looked up for the whole batch at
        once in the vocabulary's hash table (one dictionary lookup per n-gram in Python for
        n-grams longer than the table packs); the counting, weighting and normalising are done
        for the whole batch in numpy."""
        width = len(self.vocabulary)
        if self.table is not None:
            row_of, column_of = self.table.lookup(texts, self.ngram_sizes)
        else:
            row_of, column_of = self._lookup_each(texts)
        keys, counts = np.unique(row_of * width + column_of, return_counts=True)
        rows, cols = np.divmod(keys, width)
        raw = (1.0 + np.log(counts.astype(np.float32))) * self.idf[cols]
        norms = np.sqrt(np.bincount(rows, weights=raw * raw, minlength=len(texts)))
        values: FloatArray = (raw / norms[rows]).astype(np.float32)
        indptr: npt.NDArray[np.int64] = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=len(texts)), out=indptr[1:])
        columns_out: npt.NDArray[np.int64] = cols.astype(np.int64)
        return indptr, columns_out, values

    def _lookup_each(
        self, texts: Sequence[str]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        index_get = self.index.get
        lengths: list[int] = []
        columns: list[int] = []
        for text in texts:
            found = [
                column
                for column in map(index_get, ngrams(text, self.ngram_sizes))
                if column is not None
            ]
            lengths.append(len(found))
            columns.extend(found)
        rows = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        return rows, np.array(columns, dtype=np.int64)

    def logits_many(self, texts: Sequence[str]) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
        """Raw head logits per text (rows) and whether the text had any known n-gram."""
        indptr, cols, values = self.sparse_rows(texts)
        logits = np.tile(self.bias, (len(texts), 1))
        has = indptr[1:] > indptr[:-1]
        if len(cols):
            contributions = self.weights[cols] * values[:, None]
            starts = indptr[:-1][has]
            logits[has] += np.add.reduceat(contributions, starts, axis=0)
        return logits, has

    def predict_many(self, texts: Sequence[str]) -> list[Outputs]:
        if not texts:
            return []
        logits, has = self.logits_many(texts)
        count = self.domain_count
        gate = logits[:, count : 2 * count]
        gate = np.exp(gate - gate.max(axis=1, keepdims=True))
        gate /= gate.sum(axis=1, keepdims=True)
        margins = (logits[:, :count] * gate).sum(axis=1)
        emotions = 1.0 / (1.0 + np.exp(-logits[:, 2 * count : 2 * count + 2]))
        gates = gate.tolist()
        width = 2 * count + 2
        # Text with no known n-gram gets the neutral head's bias: "no evidence" is itself a
        # reading for "is this an opinion".
        heads = logits[:, width].tolist() if logits.shape[1] > width else [0.0] * len(texts)
        return [
            Outputs(margin, anger, disgust, tuple(row_gate), head)
            if known
            else Outputs(0.0, 0.0, 0.0, (), head)
            for margin, (anger, disgust), row_gate, known, head in zip(
                margins.tolist(), emotions.tolist(), gates, has.tolist(), heads, strict=True
            )
        ]
