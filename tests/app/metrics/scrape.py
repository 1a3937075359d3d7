"""Reading /metrics back: sample values by name and labels."""

from __future__ import annotations

from typing import Any

from prometheus_client.parser import text_string_to_metric_families


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(text: str, name: str, **labels: Any) -> float | None:
    wanted = frozenset((key, str(label)) for key, label in labels.items())
    return samples(text).get((name, wanted))
