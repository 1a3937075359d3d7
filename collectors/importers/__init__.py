"""Importers of other tools' exports: each record of a file becomes a POST /v1/posts item.

    with ImportReader("data/weibo/jsonl/1_search_contents_2026-11-01.jsonl", "mediacrawler") as r:
        for row in r.rows():
            row.line, row.item or row.reason

DB-free: the app sends the items through its one ingest path. Formats: "mediacrawler",
"weibo-crawler", "jsonl" and "csv" (our own item shape).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import TracebackType

from collectors.importers import mediacrawler, own, weibo_crawler
from collectors.importers.base import CONTRACT_PLATFORMS, ImportFormatError, ImportRow, Item
from collectors.importers.mediacrawler_fields import PLATFORM_NAMES
from collectors.importers.source import OpenedFile, Source

__all__ = [
    "FORMATS",
    "PLATFORMS",
    "ImportFormatError",
    "ImportReader",
    "ImportRow",
    "Item",
    "read_rows",
]

_Reader = Callable[[OpenedFile, str | None], Iterator[ImportRow]]
_READERS: dict[str, _Reader] = {
    "mediacrawler": mediacrawler.rows,
    "weibo-crawler": weibo_crawler.rows,
    "jsonl": own.jsonl_rows,
    "csv": own.csv_rows,
}
FORMATS = tuple(_READERS)
# What --platform accepts: our names, plus the names MediaCrawler uses (xhs, kuaishou, ...).
PLATFORMS = tuple(sorted(set(CONTRACT_PLATFORMS) | set(PLATFORM_NAMES)))


class ImportReader:
    """An open import file: its rows, and how far into the file reading has got."""

    def __init__(
        self, source: Source, fmt: str, platform: str | None = None, name: str | None = None
    ) -> None:
        if fmt not in _READERS:
            raise ImportFormatError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
        if platform and platform.strip().lower() not in PLATFORMS:
            choices = ", ".join(PLATFORMS)
            raise ImportFormatError(f"unknown platform {platform!r}; use one of {choices}")
        self._read = _READERS[fmt]
        self._platform = platform.strip().lower() if platform else None
        self._opened = OpenedFile(source, name)

    @property
    def total_bytes(self) -> int | None:
        return self._opened.total_bytes

    @property
    def bytes_read(self) -> int:
        return self._opened.bytes_read

    def rows(self) -> Iterator[ImportRow]:
        return self._read(self._opened, self._platform)

    def close(self) -> None:
        self._opened.close()

    def __enter__(self) -> ImportReader:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def read_rows(
    source: Source, fmt: str, platform: str | None = None, name: str | None = None
) -> Iterator[ImportRow]:
    """Every record of the file, mapped to an item or explained; the file closes at the end."""
    with ImportReader(source, fmt, platform, name) as reader:
        yield from reader.rows()
