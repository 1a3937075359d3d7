"""What every importer yields: one ImportRow per record of the file, mapped or explained."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from collectors.platforms import ALIASES, NAMES

Item = dict[str, Any]

# Our platform codes, and the names other tools use for them (collectors.platforms).
CONTRACT_PLATFORMS = NAMES
PLATFORM_ALIASES = ALIASES


class ImportFormatError(ValueError):
    """The file as a whole cannot be read in the format asked for (not one bad row)."""


@dataclass(frozen=True, slots=True)
class ImportRow:
    """One record of an import file.

    `line` is the 1-based line of the record in the file for JSONL and CSV (CSV counts the header
    as line 1), and the 1-based position of the record for whole-document JSON. Exactly one of
    `item` (a POST /v1/posts item) and `reason` (why the record could not be mapped) is set.
    """

    line: int
    item: Item | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Broken:
    """A record that could not even be parsed (a bad JSON line, a JSON value that is no object)."""

    reason: str


def contract_platform(name: str) -> str:
    name = name.strip().lower()
    return PLATFORM_ALIASES.get(name, name)


def first_value(row: Item, keys: tuple[str, ...]) -> Any:
    """The first of `keys` holding something: None and "" (empty CSV cells) count as absent."""
    for key in keys:
        value = row.get(key)
        if value is not None and value != "":
            return value
    return None


def id_text(value: Any) -> str | None:
    """Platform ids as strings: 19-digit ids are unsafe as JSON numbers elsewhere."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else None
    text = str(value).strip()
    return text or None
