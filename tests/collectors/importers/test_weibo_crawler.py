"""dataabc/weibo-crawler CSV (current and older headers) and JSON."""

import io

import pytest

from collectors.importers import ImportFormatError, read_rows
from collectors.importers.weibo_crawler import mid_from_bid
from tests.collectors.importers.helpers import WEIBO_CRAWLER, items, rejects, rows_by_line

WC = "weibo-crawler"
CSV_PATH = WEIBO_CRAWLER / "weibo" / "测评老王" / "1000001.csv"
JSON_PATH = WEIBO_CRAWLER / "1000001.json"


def test_csv_author_comes_from_the_path_weibo_crawler_writes():
    post = items(CSV_PATH, WC)["5090000000000001"]
    assert post["author"] == {"uid": "1000001", "name": "测评老王"}
    assert post["platform"] == "weibo"
    assert post["url"] == "https://weibo.com/1000001/PqRsTuVw1"


def test_csv_counts_and_full_date():
    post = items(CSV_PATH, WC)["5090000000000001"]
    assert post["metrics"] == {"likes": 23000, "reposts": 1000000, "comments": 1021325}
    assert (post["created_at"], post["time_precision"]) == ("2026-10-20T11:30:00+00:00", "second")


def test_csv_day_only_dates_keep_day_precision():
    post = items(CSV_PATH, WC)["5090000000000003"]
    assert (post["created_at"], post["time_precision"]) == ("2026-10-21T16:00:00+00:00", "day")


def test_csv_reposts_point_at_the_source_weibo():
    repost = items(CSV_PATH, WC)["5090000000000002"]
    assert repost["kind"] == "repost"
    assert repost["parent_platform_id"] == "5089000000000009"
    assert repost["raw"]["源微博正文"] == "星河X10，今日开售！"


def test_csv_malformed_rows_by_line():
    found = rejects(CSV_PATH, WC)
    assert set(found) == {5, 6}
    assert "missing the weibo id" in found[5]
    assert "'某天'" in found[6]


def test_older_header_and_bid_ids_become_mids():
    [row] = read_rows(WEIBO_CRAWLER / "weibo" / "2000001.csv", WC)
    post = row.item
    assert post["platform_id"] == mid_from_bid("Lz1AbCdEf")
    assert post["platform_id"].isdigit()
    assert post["author"] == {"uid": "2000001"}
    assert post["time_precision"] == "minute"
    assert post["metrics"] == {"likes": 321, "reposts": 12, "comments": 45}


@pytest.mark.parametrize(
    ("bid", "mid"),
    [("ImTGkcdDn", "4454572602912349"), ("ImFwIjaTF", "4454028484570123"), ("123", "123")],
)
def test_mid_from_bid_matches_weibo_crawler_readme_pairs(bid, mid):
    assert mid_from_bid(bid) == mid


def test_json_user_block_names_every_weibo():
    post = items(JSON_PATH, WC)["5090000000000011"]
    assert post["author"] == {"uid": "1000001", "name": "测评老王", "followers": 3521000}
    assert post["text"] == "X不会死，死的是X粉。"
    assert post["created_at"] == "2026-10-25T14:41:07+00:00"  # full_created_at wins
    assert post["metrics"] == {"likes": 8841, "reposts": 1000000, "comments": 12030}
    assert post["url"] == "https://weibo.com/1000001/QaBcDeFg1"


def test_json_retweets_and_malformed_records():
    repost = items(JSON_PATH, WC)["5090000000000012"]
    assert (repost["kind"], repost["parent_platform_id"]) == ("repost", "5089000000000019")
    assert repost["time_precision"] == "day"
    rows = rows_by_line(JSON_PATH, WC)
    assert "26号晚上" in rows[3].reason
    assert "missing the weibo id" in rows[4].reason


def test_json_that_is_not_weibo_crawler_is_refused():
    with pytest.raises(ImportFormatError, match="weibo-crawler JSON"):
        list(read_rows(io.BytesIO(b'{"data": []}'), WC))


def test_other_platforms_are_refused():
    with pytest.raises(ImportFormatError, match="Weibo posts only"):
        list(read_rows(CSV_PATH, WC, "douyin"))
