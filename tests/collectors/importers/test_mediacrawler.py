"""MediaCrawler exports, old (user_id, nickname) and new (creator_hash, masked nickname)."""

import hashlib
import io
import json

import pytest

from collectors.importers import ImportFormatError, read_rows
from tests.collectors.importers.helpers import (
    MEDIACRAWLER_NEW,
    MEDIACRAWLER_OLD,
    items,
    rejects,
    rows_by_line,
)

MC = "mediacrawler"


def hashed(uid: str) -> str:
    return "sha256:" + hashlib.sha256(uid.encode()).hexdigest()[:16]


def test_old_weibo_contents_json_array():
    path = MEDIACRAWLER_OLD / "weibo/json/1_search_contents_2026-06-02.json"
    mapped = items(path, MC)
    post = mapped["5040000000000001"]
    assert post["platform"] == "weibo"
    assert post["kind"] == "post"
    assert post["text"] == "星河手机新品发布会看完了，测评老王居然去了现场？"
    assert post["created_at"] == "2026-06-01T12:15:30+00:00"  # 20:15:30 in Shanghai
    assert post["author"] == {"uid": "2000001", "name": "数码小李"}
    assert post["url"] == "https://m.weibo.cn/detail/5040000000000001"
    assert post["metrics"] == {"likes": 23000, "reposts": 356, "comments": 1021, "views": None}
    assert post["raw"]["ip_location"] == "广东"  # the original row is kept whole
    assert mapped["5040000000000004"]["text"] == ""  # image-only posts have no text
    assert mapped["5040000000000004"]["metrics"]["likes"] == 1000000  # "100万+"
    assert set(rejects(path, MC)) == {3}  # the bad time; records count from 1 in a JSON array
    assert "create_time" in rejects(path, MC)[3]


def test_old_weibo_comments_csv_parents_and_line_numbers():
    path = MEDIACRAWLER_OLD / "weibo/csv/1_search_comments_2026-06-02.csv"
    rows = rows_by_line(path, MC)
    top, reply = rows[2].item, rows[3].item  # line 1 is the header
    assert top["kind"] == "comment"
    # Weibo writes a top-level comment's own id as its root: its parent is the post.
    assert top["parent_platform_id"] == "5040000000000001"
    assert reply["parent_platform_id"] == "5040000000100001"
    assert top["metrics"]["likes"] == 88
    assert rows[4].reason == "comment_id: missing"


def test_old_bilibili_jsonl_broken_line_does_not_stop_the_rest():
    path = MEDIACRAWLER_OLD / "bilibili/jsonl/1_search_contents_2026-06-02.jsonl"
    rows = rows_by_line(path, MC)
    assert "not valid JSON" in rows[2].reason
    video = rows[1].item
    assert video["kind"] == "video"
    assert video["text"] == "【测评老王】星河X9深度体验\n这次不吹不黑，说说缺点"
    assert video["metrics"]["views"] == 1396000
    assert video["url"] == "https://www.bilibili.com/video/av113500000000001"
    assert rows[3].item["platform_id"] == "113500000000003"


def test_old_douyin_csv_ids_stay_strings_and_image_posts_are_posts():
    path = MEDIACRAWLER_OLD / "douyin/csv/1_search_contents_2026-06-02.csv"
    mapped = items(path, MC)
    assert set(mapped) == {"7380000000000000001", "7380000000000000003"}
    assert mapped["7380000000000000001"]["kind"] == "video"
    assert mapped["7380000000000000001"]["text"] == "星河X9到底值不值？#数码 #测评"  # title == desc
    assert mapped["7380000000000000003"]["kind"] == "post"  # aweme_type 68: image post
    # Douyin accounts are listed and fetched by sec_uid, so authors are named by it too.
    assert mapped["7380000000000000001"]["author"]["uid"] == "MS4wLjABAAAA58000001"
    assert "missing the post id" in rejects(path, MC)[3]


def test_old_douyin_comments_json_with_empty_sticker_text():
    path = MEDIACRAWLER_OLD / "douyin/json/1_search_comments_2026-06-02.json"
    mapped = items(path, MC)
    assert mapped["7380000000100000001"]["parent_platform_id"] == "7380000000000000001"
    sticker = mapped["7380000000100000002"]
    assert sticker["text"] == ""
    assert sticker["parent_platform_id"] == "7380000000100000001"


def test_old_xhs_times_are_milliseconds_and_media_links_are_not_urls():
    mapped = items(MEDIACRAWLER_OLD / "xhs/jsonl/1_search_contents_2026-06-02.jsonl", MC)
    note = mapped["6650a1b2000000001e03c4d5"]
    assert note["platform"] == "xiaohongshu"
    assert note["created_at"] == "2026-06-01T14:10:00+00:00"
    assert note["metrics"]["likes"] == 12000
    assert mapped["6650a1b2000000001e03c4d6"]["text"] == "测评老王的视频看完想退货"  # title in desc
    video = mapped["6650a1b2000000001e03c4d7"]
    assert video["kind"] == "video"
    assert video["url"].startswith("https://www.xiaohongshu.com/explore/")


def test_old_xhs_comments_with_a_line_that_is_not_json():
    path = MEDIACRAWLER_OLD / "xhs/jsonl/1_search_comments_2026-06-02.jsonl"
    rows = rows_by_line(path, MC)
    assert rows[1].item["parent_platform_id"] == "6650a1b2000000001e03c4d5"  # parent 0: the note
    assert "not valid JSON" in rows[2].reason
    assert rows[3].item["parent_platform_id"] == "6650a1c3000000000500d1e2"


def test_old_zhihu_answers_leave_out_the_question_and_articles_keep_their_title():
    path = MEDIACRAWLER_OLD / "zhihu/json/1_search_contents_2026-06-02.json"
    mapped = items(path, MC)
    answer, article = mapped["3500000001"], mapped["3500000002"]
    assert answer["kind"] == "post"
    assert answer["text"].startswith("利益相关")
    assert answer["metrics"]["likes"] == 1520  # voteup_count
    assert article["kind"] == "article"
    assert article["text"].startswith("星河X9长测报告\n")
    assert "created_time" in rejects(path, MC)[3]  # 0 means "no time", not 1970


def test_old_tieba_minute_and_month_precision_and_partial_dates_rejected():
    path = MEDIACRAWLER_OLD / "tieba/csv/1_search_contents_2026-06-02.csv"
    rows = rows_by_line(path, MC)
    thread = rows[2].item
    assert thread["time_precision"] == "minute"
    assert thread["author"] == {"uid": "tb.1.aa11bb22.cc33dd44", "name": "星河吧老哥"}
    assert thread["metrics"]["comments"] == 1204
    assert rows[3].item["time_precision"] == "month"
    assert "publish_time" in rows[4].reason


def test_old_kuaishou_goes_to_other():
    mapped = items(MEDIACRAWLER_OLD / "kuaishou/jsonl/1_search_contents_2026-06-02.jsonl", MC)
    video = mapped["3xk8m2p4q6r8s9t"]
    assert (video["platform"], video["kind"]) == ("other", "video")
    assert video["metrics"]["views"] == 2300000
    assert video["created_at"] == "2026-06-01T08:20:00+00:00"


def test_new_format_hashed_author_and_masked_name():
    path = MEDIACRAWLER_NEW / "weibo/jsonl/1_creator_contents_2026-11-10.jsonl"
    rows = rows_by_line(path, MC)
    post = rows[1].item
    assert post["author"] == {"uid": hashed("1000001"), "name": "测***王"}
    assert "user_id" not in post["raw"]
    assert "missing the time" in rows[3].reason
    assert "not valid JSON" in rows[4].reason


def test_new_format_creator_hash_is_lowercased():
    row = {"note_id": "1", "content": "x", "create_time": 1780000000, "shared_count": "0"}
    data = json.dumps({**row, "creator_hash": "ABCDEF0123456789"}).encode()
    [mapped] = read_rows(io.BytesIO(data), MC, "weibo")
    assert mapped.item["author"]["uid"] == "sha256:abcdef0123456789"


@pytest.mark.parametrize(
    ("relative", "platform", "platform_id", "kind"),
    [
        ("bilibili/csv/1_search_contents_2026-11-10.csv", "bilibili", "114000000000001", "video"),
        (
            "bilibili/jsonl/1_search_comments_2026-11-10.jsonl",
            "bilibili",
            "240000000001",
            "comment",
        ),
        (
            "douyin/jsonl/1_search_contents_2026-11-10.jsonl",
            "douyin",
            "7430000000000000001",
            "video",
        ),
        (
            "xhs/json/1_search_contents_2026-11-10.json",
            "xiaohongshu",
            "6730a1b2000000001e03aaa1",
            "post",
        ),
        ("zhihu/csv/1_search_contents_2026-11-10.csv", "zhihu", "3600000001", "post"),
        ("zhihu/jsonl/1_search_comments_2026-11-10.jsonl", "zhihu", "11000000001", "comment"),
        ("tieba/jsonl/1_search_contents_2026-11-10.jsonl", "tieba", "9200000001", "post"),
        ("tieba/jsonl/1_search_comments_2026-11-10.jsonl", "tieba", "150000000001", "comment"),
        ("kuaishou/csv/1_search_contents_2026-11-10.csv", "other", "3xnewvideo0001", "video"),
        ("weibo/csv/1_detail_comments_2026-11-10.csv", "weibo", "5100000000200001", "comment"),
    ],
)
def test_new_format_every_platform(relative, platform, platform_id, kind):
    item = items(MEDIACRAWLER_NEW / relative, MC)[platform_id]
    assert (item["platform"], item["kind"]) == (platform, kind)
    assert item["author"]["uid"].startswith("sha256:")
    assert "***" in item["author"]["name"]
    assert item["created_at"].endswith("+00:00")


def test_new_format_malformed_rows_are_reported_by_line():
    bili = rejects(MEDIACRAWLER_NEW / "bilibili/csv/1_search_contents_2026-11-10.csv", MC)
    assert "not-a-time" in bili[3]
    xhs = rejects(MEDIACRAWLER_NEW / "xhs/json/1_search_contents_2026-11-10.json", MC)
    assert "missing the post id" in xhs[2]


def test_comment_parents_in_the_new_format():
    tieba = items(MEDIACRAWLER_NEW / "tieba/jsonl/1_search_comments_2026-11-10.jsonl", MC)
    assert tieba["150000000001"]["parent_platform_id"] == "9200000001"
    weibo = items(MEDIACRAWLER_NEW / "weibo/csv/1_detail_comments_2026-11-10.csv", MC)
    assert weibo["5100000000200002"]["author"]["uid"] == hashed("9001")
    assert weibo["5100000000200002"]["parent_platform_id"] == "5100000000200001"


def test_platform_from_fields_when_the_path_has_none():
    path = MEDIACRAWLER_NEW / "unlabelled_contents.jsonl"
    rows = rows_by_line(path, MC)
    assert rows[1].item["platform"] == "douyin"  # aweme_id
    assert "pass --platform" in rows[2].reason
    forced = rows_by_line(path, MC, "kuaishou")
    assert forced[2].item["platform"] == "other"


def test_platform_hint_in_an_upload_name():
    data = json.dumps({"video_id": "42", "title": "t", "create_time": 1780000000}).encode()
    [row] = read_rows(io.BytesIO(data), MC, name="bilibili_search_contents.jsonl")
    assert row.item["platform"] == "bilibili"


def test_explicit_platform_accepts_both_namings():
    path = MEDIACRAWLER_OLD / "xhs/jsonl/1_search_contents_2026-06-02.jsonl"
    for name in ("xhs", "xiaohongshu"):
        assert {i["platform"] for i in items(path, MC, name).values()} == {"xiaohongshu"}


def test_unknown_platform_is_refused_up_front():
    with pytest.raises(ImportFormatError, match="unknown platform"):
        list(
            read_rows(
                MEDIACRAWLER_OLD / "weibo/json/1_search_contents_2026-06-02.json", MC, "myspace"
            )
        )


def test_creator_profile_rows_are_explained():
    data = json.dumps({"user_id": "1", "nickname": "n", "fans": "10万", "follows": 3}).encode()
    [row] = read_rows(io.BytesIO(data), MC, "weibo")
    assert "creator" in row.reason
