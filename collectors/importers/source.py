"""Opening an import file and walking its records without loading it whole.

JSONL and CSV stream line by line; a JSON document (an array, or weibo-crawler's object) is
read whole, as the format leaves no other choice. Bytes read so far are exposed for progress.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO

from collectors import jsontext
from collectors.importers.base import Broken, ImportFormatError

Source = str | os.PathLike[str] | IO[bytes]
Record = tuple[int, Any]  # (line or record number, parsed value or Broken)

SNIFF_BYTES = 4096
SPOOL_BYTES = 8 * 1024 * 1024
# Post texts (long Weibo, Zhihu answers) exceed the csv module's default 128 KiB field limit.
CSV_FIELD_LIMIT = 64 * 1024 * 1024
csv.field_size_limit(CSV_FIELD_LIMIT)


class OpenedFile:
    """A seekable binary handle with its name (for hints) and size (for an ETA)."""

    def __init__(self, source: Source, name: str | None = None) -> None:
        self._owned = not hasattr(source, "read")
        if self._owned:
            path = Path(source)  # type: ignore[arg-type]
            self.binary: BinaryIO = path.open("rb")
            self.name: str | None = name or str(path)
        else:
            self.binary = _seekable(source)  # type: ignore[arg-type]
            self.name = name or _stream_name(source)
        self.total_bytes = _size(self.binary)
        self.first_char = _first_char(self.binary)
        self._text: io.TextIOWrapper | None = None

    @property
    def is_json(self) -> bool:
        return self.first_char in ("[", "{")

    @property
    def bytes_read(self) -> int:
        try:
            return self.binary.tell()
        except (OSError, ValueError):
            return 0

    def text(self) -> io.TextIOWrapper:
        """The file as text: UTF-8, with or without the BOM that Excel and the crawlers write."""
        self.binary.seek(0)
        self._text = io.TextIOWrapper(self.binary, encoding="utf-8-sig", newline="")
        return self._text

    def close(self) -> None:
        if self._text is not None and not self._owned:
            self._text.detach()  # the caller's stream stays open
        elif self._text is not None:
            self._text.close()
        if self._owned:
            self.binary.close()


def _seekable(stream: IO[bytes]) -> BinaryIO:
    if stream.seekable():
        return stream  # type: ignore[return-value]
    spooled = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    shutil.copyfileobj(stream, spooled)
    spooled.seek(0)
    return spooled  # type: ignore[return-value]


def _stream_name(stream: Any) -> str | None:
    name = getattr(stream, "name", None)
    return name if isinstance(name, str) else None


def _size(binary: BinaryIO) -> int | None:
    try:
        start = binary.tell()
        size = binary.seek(0, io.SEEK_END)
        binary.seek(start)
        return size
    except (OSError, ValueError):
        return None


def _first_char(binary: BinaryIO) -> str:
    """The first meaningful character, to tell a JSON array, JSON lines and CSV apart."""
    head = binary.read(SNIFF_BYTES)
    binary.seek(0)
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    return text[:1].decode("ascii", errors="ignore")  # "" for an empty or non-ASCII start


def _decoded(records: Iterator[Record]) -> Iterator[Record]:
    try:
        yield from records
    except UnicodeDecodeError as exc:
        raise ImportFormatError(
            f"the file is not UTF-8 (byte {exc.start} of a chunk); save it as UTF-8 and retry"
        ) from exc


def json_document(opened: OpenedFile) -> Any:
    try:
        return jsontext.loads(opened.text().read())
    except jsontext.UnreadableJson as exc:
        raise ImportFormatError(
            f"not a valid JSON document ({exc}); for one object per line use JSON lines"
        ) from exc
    except UnicodeDecodeError as exc:
        raise ImportFormatError("the file is not UTF-8; save it as UTF-8 and retry") from exc


def json_array_records(opened: OpenedFile) -> Iterator[Record]:
    document = json_document(opened)
    values = document if isinstance(document, list) else [document]
    for number, value in enumerate(values, start=1):
        yield number, value if isinstance(value, dict) else _not_an_object(value)


def jsonl_records(opened: OpenedFile) -> Iterator[Record]:
    return _decoded(_jsonl_lines(opened))


def _jsonl_lines(opened: OpenedFile) -> Iterator[Record]:
    for number, line in enumerate(opened.text(), start=1):
        if not line.strip():
            continue
        try:
            value = jsontext.loads(line)
        except jsontext.UnreadableJson as exc:
            yield number, Broken(str(exc))
            continue
        yield number, value if isinstance(value, dict) else _not_an_object(value)


def csv_records(opened: OpenedFile) -> Iterator[Record]:
    return _decoded(_csv_rows(opened))


def _csv_rows(opened: OpenedFile) -> Iterator[Record]:
    reader = csv.DictReader(opened.text())
    if not reader.fieldnames:
        return
    last_line = reader.line_num
    try:
        for row in reader:
            start, last_line = last_line + 1, reader.line_num
            extra = row.pop(None, None)
            if extra:
                row["_extra_columns"] = extra
            yield start, row
    except csv.Error as exc:
        raise ImportFormatError(f"CSV line {reader.line_num}: {exc}") from exc


def json_or_jsonl_records(opened: OpenedFile) -> Iterator[Record]:
    """JSON exports come as arrays (`.json`) or one object per line (`.jsonl`): tell by content."""
    if opened.first_char == "[" or (opened.first_char == "{" and not _first_line_is_json(opened)):
        return json_array_records(opened)
    return jsonl_records(opened)


def _first_line_is_json(opened: OpenedFile) -> bool:
    """JSON lines if one of the first few lines is an object by itself; a pretty-printed
    document's lines never are. Looking past line 1 keeps a broken first line from misleading."""
    try:
        for _ in range(3):
            line = opened.binary.readline(SPOOL_BYTES).removeprefix(b"\xef\xbb\xbf")
            if not line:
                break
            try:
                if isinstance(jsontext.loads(line), dict):
                    return True
            except ValueError:
                continue
        return False
    finally:
        opened.binary.seek(0)


def _not_an_object(value: Any) -> Broken:
    return Broken(f"each record must be a JSON object, got {type(value).__name__}")
