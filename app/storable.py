"""What the databases store, checked before they are asked: one value they refuse would
otherwise fail a whole batch of posts (a 500, and the good posts lost with it).

* Text: no lone surrogates (half of a UTF-16 pair, "\\ud800": not UTF-8, refused), no NUL
  (PostgreSQL's text cannot hold it: removed from posts, refused in what people type).
* Integers: within 64 bits in BIGINT columns (metrics, followers).
* JSON (a post's raw): finite numbers of readable length, text as above, keys included, at
  most MAX_JSON_DEPTH levels deep, so every page that shows it can write it out again.

No database access: the import worker checks posts with it too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from math import isfinite
from typing import Any

from collectors.jsontext import BadNumber

MAX_INT64 = 2**63 - 1
MAX_JSON_DEPTH = 64
NUL = "\x00"

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def surrogate_problem(text: str) -> str | None:
    try:
        text.encode()  # UTF-8 encoding is faster at finding none than any search
        return None
    except UnicodeEncodeError:
        found = _LONE_SURROGATE.search(text)
    assert found is not None
    return (
        f"holds a lone surrogate (U+{ord(found.group()):04X}, half of a UTF-16 pair) at "
        f"character {found.start()}: send text as UTF-8"
    )


def without_nul(text: str) -> str:
    return text.replace(NUL, "") if NUL in text else text


@dataclass(frozen=True)
class JsonCheck:
    problem: str | None = None
    has_nul: bool = False


def check_json(value: Any, max_depth: int = MAX_JSON_DEPTH) -> JsonCheck:
    """Walks a JSON value (dicts, lists, str, int, float, bool, None) without recursion. Its
    text, keys included, is checked in one piece at the end: one search instead of one a
    string (a post's raw is checked on every ingest)."""
    texts: list[str] = []
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            texts.extend(node)
            children: Any = node.values()
        else:
            children = node
        if set(map(type, children)) <= _FLAT:  # most raw: text and counts, read at C speed
            texts.append("".join(map(str, children)))
            continue
        for child in children:
            kind = type(child)
            if kind is str:
                texts.append(child)
            elif kind in _PLAIN:
                continue
            elif kind is float:
                if not isfinite(child):  # NaN and Infinity, read by a plain json.loads
                    return JsonCheck(f"the number {child} cannot be stored (not finite)")
            elif isinstance(child, _CONTAINERS):
                if depth >= max_depth:
                    return JsonCheck(f"nests deeper than {max_depth} levels")
                stack.append((child, depth + 1))
            elif problem := _scalar_problem(child):
                return JsonCheck(problem)
    text = "".join(texts)
    return JsonCheck(surrogate_problem(text), NUL in text)


# By exact type first: raw is walked on every ingest, and most of it is these.
_PLAIN = frozenset({int, bool, type(None)})
_FLAT = _PLAIN | {str}  # a container of only these needs no walking
_CONTAINERS = (dict, list)


def _scalar_problem(value: Any) -> str | None:
    if isinstance(value, float):
        return None if isfinite(value) else f"the number {value} cannot be stored (not finite)"
    if isinstance(value, int | str):  # subclasses (an IntEnum, a str subclass)
        return None  # JSON columns take integers of any length; BadNumber marks the rest
    if isinstance(value, BadNumber):
        return f"the number {value.text} cannot be stored (not finite, or too long)"
    return f"{type(value).__name__} is not a JSON value"


def json_without_nul(value: Any) -> Any:
    """A copy without NUL characters, in keys and text alike (only called when there are)."""
    if isinstance(value, str):
        return without_nul(value)
    if isinstance(value, dict):
        return {without_nul(k): json_without_nul(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_without_nul(v) for v in value]
    return value
