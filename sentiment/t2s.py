"""Traditional → simplified Chinese as one character table.

opencc-python-reimplemented converts phrase by phrase in pure Python, which is far too slow for
every ingested post. We read its character dictionary once at import and keep the first
(most common) simplified candidate per character, so conversion is one ``str.translate`` pass.
Phrase-level subtleties (e.g. 乾隆 vs 乾淨) are lost; that is acceptable because aliases and post
text are both folded by the same table, so matching stays consistent.
"""

from __future__ import annotations

from importlib import resources


def _read_character_pairs() -> dict[int, str]:
    table: dict[int, str] = {}
    try:
        text = (
            resources.files("opencc")
            .joinpath("dictionary", "TSCharacters.txt")
            .read_text(encoding="utf-8")
        )
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return table  # degrade to no conversion rather than break every import
    for line in text.splitlines():
        source, _, targets = line.partition("\t")
        candidates = targets.split()
        if len(source) == 1 and candidates and candidates[0] != source:
            table[ord(source)] = candidates[0]
    return table


TRADITIONAL_TO_SIMPLIFIED: dict[int, str] = _read_character_pairs()
