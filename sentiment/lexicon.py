"""The domain lexicon (lexicon/terms.tsv) and a longest-match scanner over normalised text.

The TSV holds one entry per line with a note on where it comes from; see its header. Matching
uses one Aho-Corasick automaton and keeps the longest match at each position, so guard entries
such as 灿烂 or 不好意思 shadow the shorter scored words inside them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import ahocorasick

NEGATOR = "negator"
INTENSIFIER = "intensifier"
GUARD = "guard"
SARCASM = "sarcasm"
EMOJI = "emoji"


@dataclass(frozen=True, slots=True)
class Entry:
    term: str
    kind: str
    polarity: float
    intensity: float
    anger: float
    disgust: float
    mockery: float
    note: str


@dataclass(frozen=True, slots=True)
class Hit:
    """One lexicon entry found in a text at ``[start, end)``."""

    entry: Entry
    start: int
    end: int


def parse_entries(text: str) -> list[Entry]:
    """Entries from TSV text; ``#`` lines are comments. Raises ValueError on a malformed row."""
    entries: list[Entry] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 8 or not fields[7].strip():
            raise ValueError(f"terms.tsv line {number}: expected 8 fields with a note: {line!r}")
        term, kind, *numbers, note = fields
        polarity, intensity, anger, disgust, mockery = (float(value) for value in numbers)
        entries.append(Entry(term, kind, polarity, intensity, anger, disgust, mockery, note))
    return entries


def _is_ascii_word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


class Lexicon:
    """Entries by term plus a compiled automaton for scanning normalised text."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries: dict[str, Entry] = {entry.term: entry for entry in entries}
        self._automaton: Any = ahocorasick.Automaton()
        for term, entry in self.entries.items():
            # (length, entry, needs ASCII word boundaries): "yyds" must not fire inside a longer
            # Latin word or URL.
            self._automaton.add_word(term, (len(term), entry, term.isascii() and term.isalnum()))
        self._automaton.make_automaton()

    def scan(self, text: str) -> list[Hit]:
        """Non-overlapping hits, longest first at each position, left to right."""
        if not text or not self.entries:
            return []
        longest_at: dict[int, tuple[int, Entry]] = {}
        for end_index, (length, entry, ascii_word) in self._automaton.iter(text):
            start = end_index - length + 1
            if ascii_word and not self._ascii_word_bounded(text, start, end_index + 1):
                continue
            known = longest_at.get(start)
            if known is None or length > known[0]:
                longest_at[start] = (length, entry)
        hits: list[Hit] = []
        covered_until = 0
        for start in sorted(longest_at):
            if start >= covered_until:
                length, entry = longest_at[start]
                covered_until = start + length
                hits.append(Hit(entry, start, covered_until))
        return hits

    @staticmethod
    def _ascii_word_bounded(text: str, start: int, end: int) -> bool:
        before = text[start - 1] if start > 0 else " "
        after = text[end] if end < len(text) else " "
        return not _is_ascii_word_char(before) and not _is_ascii_word_char(after)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon shipped in the package, parsed once."""
    text = resources.files("sentiment").joinpath("lexicon", "terms.tsv").read_text("utf-8")
    return Lexicon(parse_entries(text))
