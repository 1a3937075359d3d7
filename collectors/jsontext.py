"""JSON text from outside (request bodies, export files), read so that one bad value stays one
bad value.

`json.loads` refuses a whole text for an integer of more than 4,300 digits (Python's limit on
reading long integers) and reads NaN, Infinity and 1e999, which no JSON column stores. Here
such a number becomes a BadNumber where it stood, so the record holding it can be refused and
its neighbours kept. A text nested deeper than the parser's recursion allows (about a thousand
levels) cannot be read at all: UnreadableJson, like any malformed text.

    value = loads('[{"likes": NaN}, {"likes": 3}]')   # [{"likes": BadNumber("NaN")}, {...}]
"""

from __future__ import annotations

import json
import math
from typing import Any


class UnreadableJson(ValueError):
    """The text as a whole is not JSON we can read; the message says why."""


class BadNumber:
    """A number JSON allows or Python reads that no database stores; `text` is as written."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text if len(text) <= 40 else f"{text[:20]}…({len(text)} characters)"

    def __repr__(self) -> str:
        return f"BadNumber({self.text!r})"


def _float(text: str) -> float | BadNumber:
    value = float(text)
    return value if math.isfinite(value) else BadNumber(text)


def _int(text: str) -> int | BadNumber:
    try:
        return int(text)
    except ValueError:  # over the 4,300 digits Python reads
        return BadNumber(text)


def loads(text: str | bytes) -> Any:
    """The JSON value of `text` (bytes must be UTF-8), with BadNumber for unstorable numbers."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")  # strict: json.loads would let encoded surrogates in
        except UnicodeDecodeError as exc:
            raise UnreadableJson(f"not UTF-8 (byte {exc.start}); send JSON as UTF-8") from exc
    try:
        try:
            return json.loads(text, parse_constant=BadNumber, parse_float=_float)
        except json.JSONDecodeError:
            raise
        except ValueError:  # an integer too long to read: again, reading each integer by hand
            return json.loads(text, parse_constant=BadNumber, parse_float=_float, parse_int=_int)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise UnreadableJson(f"not valid JSON: {exc.msg} ({where})") from None
    except RecursionError:
        raise UnreadableJson("nested too deeply to read (arrays within arrays...)") from None
