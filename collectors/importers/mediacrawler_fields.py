"""Which MediaCrawler platform wrote a row, and the field names its store modules use.

MediaCrawler names platforms weibo, bilibili, douyin, xhs, zhihu, tieba and kuaishou (in its
`--platform` option and its `data/<platform>/<json|jsonl|csv>/` folders). Field names differ per
platform but rarely clash, so most lookups use one candidate list for all of them.
"""

from __future__ import annotations

import re

from collectors.importers.base import Item

SOURCE_PLATFORMS = ("weibo", "bilibili", "douyin", "xhs", "zhihu", "tieba", "kuaishou")
TARGET_PLATFORM = {
    "weibo": "weibo",
    "bilibili": "bilibili",
    "douyin": "douyin",
    "xhs": "xiaohongshu",
    "zhihu": "zhihu",
    "tieba": "tieba",
    "kuaishou": "other",  # the contract has no kuaishou
}
# What users and MediaCrawler call each platform, in --platform and in folder and file names.
PLATFORM_NAMES = {
    "weibo": "weibo",
    "wb": "weibo",
    "bilibili": "bilibili",
    "bili": "bilibili",
    "douyin": "douyin",
    "dy": "douyin",
    "xhs": "xhs",
    "xiaohongshu": "xhs",
    "redbook": "xhs",
    "zhihu": "zhihu",
    "tieba": "tieba",
    "kuaishou": "kuaishou",
    "ks": "kuaishou",
    "other": "kuaishou",  # the only MediaCrawler platform we file under "other"
}

CONTENT_ID = ("note_id", "aweme_id", "video_id", "content_id", "dynamic_id")
COMMENT_ID = "comment_id"
PARENT_COMMENT_ID = ("parent_comment_id", "parment_comment_id")  # tieba's model spells it so
TITLE = ("title",)
BODY = ("content", "desc", "content_text", "text")
# Epoch fields first: create_date_time repeats create_time as Shanghai wall time.
TIME = ("create_time", "time", "created_time", "publish_time", "pub_ts", "create_date_time")
LIKES = ("liked_count", "like_count", "comment_like_count", "voteup_count", "total_liked")
COMMENTS = (
    "comments_count",
    "comment_count",
    "video_comment",
    "total_replay_num",
    "sub_comment_count",
    "total_comments",
)
REPOSTS = ("shared_count", "share_count", "video_share_count", "total_forwards")
VIEWS = ("video_play_count", "viewd_count", "viewed_count", "view_count")
PAGE_URL = ("note_url", "aweme_url", "content_url")
# Douyin rows carry sec_uid beside the numeric user_id; sec_uid is how Douyin accounts are
# listed and fetched (collectors.douyin does the same), so it wins where present.
AUTHOR_UID = ("sec_uid", "user_id")
AUTHOR_NAME = ("nickname", "user_nickname", "user_name")
CREATOR_HASH = "creator_hash"  # since 2026-07-01: sha256(uid)[:16] instead of the uid
# Only these platforms' `video_url` is the page; xhs puts media CDN links there.
VIDEO_URL_IS_PAGE = ("bilibili", "kuaishou")
# Profile rows (`*_creators_*` files) describe accounts, not posts.
CREATOR_ONLY = ("fans", "follows", "total_fans")

_BILIBILI_ONLY = ("video_play_count", "video_danmaku", "video_coin_count", "disliked_count")
_KUAISHOU_ONLY = ("viewd_count", "video_play_url")
_XHS_ONLY = ("xsec_token", "collected_count", "tag_list", "image_list", "pictures", "time")
_WEIBO_ONLY = ("shared_count", "comments_count", "create_date_time", "comment_like_count")
_PATH_TOKENS = re.compile(r"[\\/_.\-\s]+")


def platform_from_name(name: str | None) -> str | None:
    """A platform named in a path: MediaCrawler's `data/weibo/json/...`, or `xhs_notes.jsonl`."""
    if not name:
        return None
    for token in reversed(_PATH_TOKENS.split(name.lower())):
        if token in PLATFORM_NAMES and token != "other":
            return PLATFORM_NAMES[token]
    return None


def platform_from_fields(row: Item) -> str | None:
    """The platform a row's field names give away, or None when they fit several."""
    if "aweme_id" in row:
        return "douyin"
    if "tieba_name" in row or "parment_comment_id" in row:
        return "tieba"
    if "content_id" in row and ("content_type" in row or "voteup_count" in row):
        return "zhihu"
    if "dynamic_id" in row:
        return "bilibili"
    if "video_id" in row:
        return _video_platform(row)
    if "note_id" in row:
        return _note_platform(row)
    return None


def _video_platform(row: Item) -> str | None:
    if any(key in row for key in _BILIBILI_ONLY) or "video_favorite_count" in row:
        return "bilibili"
    if any(key in row for key in _KUAISHOU_ONLY):
        return "kuaishou"
    return None


def _note_platform(row: Item) -> str | None:
    if any(key in row for key in _XHS_ONLY):
        return "xhs"
    if any(key in row for key in _WEIBO_ONLY):
        return "weibo"
    return None
