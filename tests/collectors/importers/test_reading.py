"""Opening files and streams: BOMs, sniffing JSON from CSV, encodings, progress, formats."""

import io

import pytest

from collectors.importers import FORMATS, ImportFormatError, ImportReader, read_rows
from collectors.jsontext import BadNumber

ITEM = b'{"platform": "weibo", "platform_id": "1", "text": "t", "created_at": "2026-11-01"}'


class OneWayStream(io.RawIOBase):
    """A stream that cannot seek, like a pipe."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_formats():
    assert FORMATS == ("mediacrawler", "weibo-crawler", "jsonl", "csv")
    with pytest.raises(ImportFormatError, match="mediacrawler, weibo-crawler, jsonl, csv"):
        ImportReader(io.BytesIO(b""), "xlsx")


def test_csv_with_bom_and_crlf():
    data = "\ufeffplatform,platform_id,text,created_at\r\nweibo,9,你好,2026-11-01 10:00\r\n"
    [row] = read_rows(io.BytesIO(data.encode()), "csv")
    assert row.line == 2
    assert row.item["platform"] == "weibo"
    assert row.item["time_precision"] == "minute"


def test_a_stream_that_cannot_seek_is_read_too():
    [row] = read_rows(OneWayStream(ITEM + b"\n"), "jsonl")
    assert row.item["platform_id"] == "1"


def test_a_json_array_is_accepted_as_jsonl():
    [row] = read_rows(io.BytesIO(b"[" + ITEM + b"]"), "jsonl")
    assert row.line == 1


def test_a_broken_first_line_is_still_json_lines():
    [bad, good] = read_rows(io.BytesIO(b"{oops\n" + ITEM + b"\n"), "jsonl")
    assert (bad.line, good.line) == (1, 2)
    assert bad.reason
    assert good.item


def test_json_lines_keep_integers_beyond_64_bits_and_mark_nan():
    lines = [
        b'{"platform_id": "1", "likes": 123456789012345678901234567890}',
        b'{"platform_id": "2", "score": NaN}',
        b'{"platform_id": "3", "text": "\xe5\xa5\xbd"}',
    ]
    rows = list(read_rows(io.BytesIO(b"\n".join(lines)), "jsonl"))
    assert rows[0].item["likes"] == 123456789012345678901234567890
    assert isinstance(rows[1].item["score"], BadNumber)  # ingest refuses that row alone
    assert rows[2].item["text"] == "好"


def test_blank_lines_are_skipped_but_counted():
    rows = list(read_rows(io.BytesIO(b"\n" + ITEM + b"\n\n" + ITEM + b"\n"), "jsonl"))
    assert [row.line for row in rows] == [2, 4]


def test_a_broken_json_document_is_a_format_error():
    with pytest.raises(ImportFormatError, match="not a valid JSON document"):
        list(read_rows(io.BytesIO(b'[{"a": 1},'), "mediacrawler", "weibo"))


def test_files_that_are_not_utf8_are_a_format_error():
    data = "platform,platform_id,text,created_at\nweibo,1,星河,2026-11-01\n".encode("gbk")
    with pytest.raises(ImportFormatError, match="UTF-8"):
        list(read_rows(io.BytesIO(data), "csv"))


def test_empty_files_have_no_rows():
    for fmt in FORMATS:
        assert list(read_rows(io.BytesIO(b""), fmt)) == []


def test_bytes_read_reaches_the_size():
    data = ITEM + b"\n"
    with ImportReader(io.BytesIO(data * 1000), "jsonl") as reader:
        assert reader.total_bytes == len(data) * 1000
        assert sum(1 for _ in reader.rows()) == 1000
        assert reader.bytes_read == reader.total_bytes


def test_the_callers_stream_stays_open():
    stream = io.BytesIO(ITEM + b"\n")
    list(read_rows(stream, "jsonl"))
    assert not stream.closed
