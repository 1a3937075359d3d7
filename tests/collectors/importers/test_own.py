"""Our own item shape as JSON lines and as CSV."""

from tests.collectors.importers.helpers import OWN, rows_by_line


def test_jsonl_items_pass_through_and_platform_fills_gaps():
    rows = rows_by_line(OWN / "items.jsonl", "jsonl", "weibo")
    assert rows[1].item["author"] == {"uid": "u100", "name": "爆料君", "followers": 12000}
    assert rows[2].item["platform"] == "weibo"  # from --platform
    assert "not valid JSON" in rows[3].reason
    assert "platform_id" not in rows[4].item  # ingest explains what is missing
    assert "JSON object" in rows[5].reason
    assert rows[6].item["source_app"] == "知乎"  # unknown fields reach ingest, which keeps them


def test_csv_columns_become_the_item_shape():
    rows = rows_by_line(OWN / "items.csv", "csv")
    item = rows[2].item
    assert item == {
        "platform": "weibo",
        "platform_id": "csv-1",
        "text": "CSV 导入：星河官微评论区沦陷",
        "kind": "post",
        "url": "https://weibo.com/u200/csv1",
        "created_at": "2026-11-18T12:00:00+00:00",
        "time_precision": "second",
        "collected_at": "2026-11-19T00:00:00+00:00",
        "author": {"uid": "u200", "name": "数据组", "followers": 15000},
        "metrics": {"likes": 2345, "reposts": 12},
        "raw": {"team_note": "周会用"},
    }


def test_csv_multiline_text_and_line_numbers_of_later_rows():
    rows = rows_by_line(OWN / "items.csv", "csv", "weibo")
    assert rows[3].item["text"] == '多行\n文本，带逗号, 和"引号"'
    assert rows[3].item["platform"] == "weibo"
    # Row 3 spans two lines, so the next rows start on lines 5 and 6.
    assert "created_at" in rows[5].reason
    assert rows[6].reason == "likes: '很多' is not a count"


def test_csv_without_platform_leaves_it_to_ingest():
    rows = rows_by_line(OWN / "items.csv", "csv")
    assert rows[3].item["platform"] == ""
