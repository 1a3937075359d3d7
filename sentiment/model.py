"""The trained linear model: TF-IDF character n-grams → several linear heads, numpy only.

Heads (columns of ``weights``):
- one polarity expert per training domain (shared weights + that domain's own weights);
- a domain gate (softmax over the same domains) that says which expert a text resembles;
- anger and disgust (from the Weibo emotion labels).
The polarity margin is the gate-weighted mix of the experts' margins.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt

from sentiment.features import ngram_counts

ARTIFACT_NAME = "fantalk.npz"
FloatArray = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class Outputs:
    """Model outputs for one text."""

    margin: float  # polarity logit: > 0 positive
    anger: float  # 0..1
    disgust: float  # 0..1


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

    def features(self, text: str) -> tuple[npt.NDArray[np.int64], FloatArray]:
        """Column indices and L2-normalised sublinear TF-IDF values of a model-ready text."""
        index = self.index
        columns: list[int] = []
        counts: list[float] = []
        for gram, count in ngram_counts(text).items():
            column = index.get(gram)
            if column is not None:
                columns.append(column)
                counts.append(1.0 + math.log(count))
        column_array = np.array(columns, dtype=np.int64)
        values = np.array(counts, dtype=np.float32) * self.idf[column_array]
        norm = float(np.sqrt(values @ values))
        return column_array, values / norm if norm else values

    def predict_many(self, texts: Sequence[str]) -> list[Outputs]:
        if not texts:
            return []
        rows = [self.features(text) for text in texts]
        logits = np.tile(self.bias, (len(rows), 1))
        for row, (columns, values) in enumerate(rows):
            if len(columns):
                logits[row] += values @ self.weights[columns]
        return [
            self._outputs(row_logits) if len(columns) else NO_EVIDENCE
            for row_logits, (columns, _) in zip(logits, rows, strict=True)
        ]

    def _outputs(self, logits: FloatArray) -> Outputs:
        count = self.domain_count
        experts = logits[:count]
        gate = logits[count : 2 * count]
        gate = np.exp(gate - gate.max())
        gate /= gate.sum()
        anger, disgust = (1.0 / (1.0 + np.exp(-logits[2 * count : 2 * count + 2]))).tolist()
        return Outputs(margin=float(experts @ gate), anger=anger, disgust=disgust)
