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
        self.index = {gram: position for position, gram in enumerate(vocabulary)}
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

    def save(self, path: Path) -> None:
        vocabulary = "\n".join(sorted(self.index, key=self.index.__getitem__))
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
        model.index = self.index  # the same vocabulary, shared rather than rebuilt
        return model

    def sparse_rows(
        self, texts: Sequence[str]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], FloatArray]:
        """The batch as CSR parts (indptr, columns, values): L2-normalised sublinear TF-IDF of
        each text's known character n-grams. One dictionary lookup per n-gram in Python; the
        counting, weighting and normalising are done for the whole batch in numpy."""
        index_get = self.index.get
        sizes = self.ngram_sizes
        width = len(self.index)
        lengths: list[int] = []
        columns: list[int] = []
        for text in texts:
            found = [column for column in map(index_get, ngrams(text, sizes)) if column is not None]
            lengths.append(len(found))
            columns.extend(found)
        row_of = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        keys, counts = np.unique(
            row_of * width + np.array(columns, dtype=np.int64), return_counts=True
        )
        rows, cols = np.divmod(keys, width)
        raw = (1.0 + np.log(counts.astype(np.float32))) * self.idf[cols]
        norms = np.sqrt(np.bincount(rows, weights=raw * raw, minlength=len(texts)))
        values: FloatArray = (raw / norms[rows]).astype(np.float32)
        indptr: npt.NDArray[np.int64] = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=len(texts)), out=indptr[1:])
        columns_out: npt.NDArray[np.int64] = cols.astype(np.int64)
        return indptr, columns_out, values

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
