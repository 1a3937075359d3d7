"""Bilibili response shapes → posts: search results, uploads, dynamics and comment trees."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from collectors.base import as_dict, as_list, text_id
from collectors.errors import UnreadableItem
from collectors.importers.values import loose_count
from collectors.text import html_to_text, tidy
from collectors.timeparse import parse_time
from collectors.types import Author, CollectedPost, Metrics

PLATFORM = "bilibili"
VIDEO_COMMENTS = "1"


def video_url(bvid: str) -> str:
    return f"https://www.bilibili.com/video/{bvid}"


def _video(
    bvid: str,
    aid: Any,
    text: str,
    created: Any,
    author: Author,
    metrics: Metrics,
    raw: Any,
    now: datetime,
) -> CollectedPost:
    aid_text = text_id(aid)
    return CollectedPost(
        platform=PLATFORM,
        platform_id=bvid,
        kind="video",
        text=text,
        created=parse_time(created, now),
        author=author,
        url=video_url(bvid),
        metrics=metrics,
        raw=dict(raw),
        comment_ref=(
            {"type": VIDEO_COMMENTS, "oid": aid_text, "parent": bvid} if aid_text else None
        ),
    )


def _title_and_description(item: Mapping[str, Any]) -> str:
    title = html_to_text(item.get("title"))  # search titles carry <em class="keyword">
    description = tidy(str(item.get("description") or ""))
    return f"{title}\n{description}" if description and description != "-" else title


def search_result(item: Mapping[str, Any], now: datetime) -> CollectedPost:
    bvid = text_id(item.get("bvid"))
    if bvid is None:
        raise UnreadableItem("a search result without a bvid")
    return _video(
        bvid,
        item.get("aid"),
        _title_and_description(item),
        item.get("pubdate"),
        Author(text_id(item.get("mid")), item.get("author")),
        Metrics(
            likes=loose_count(item.get("like")),
            comments=loose_count(item.get("review")),
            views=loose_count(item.get("play")),
        ),
        item,
        now,
    )


def upload(item: Mapping[str, Any], now: datetime) -> CollectedPost:
    bvid = text_id(item.get("bvid"))
    if bvid is None:
        raise UnreadableItem("an upload without a bvid")
    return _video(
        bvid,
        item.get("aid"),
        _title_and_description(item),
        item.get("created"),
        Author(text_id(item.get("mid")), item.get("author")),
        Metrics(comments=loose_count(item.get("comment")), views=loose_count(item.get("play"))),
        item,
        now,
    )


def _dynamic_text(dynamic: Mapping[str, Any]) -> str:
    desc = as_dict(dynamic.get("desc"))
    major = as_dict(dynamic.get("major"))
    opus = as_dict(major.get("opus"))
    parts = [
        str(opus.get("title") or ""),
        str(desc.get("text") or as_dict(opus.get("summary")).get("text") or ""),
    ]
    for kind in ("archive", "article"):
        inner = as_dict(major.get(kind))
        parts += [str(inner.get("title") or ""), str(inner.get("desc") or "").strip("-")]
    return tidy("\n".join(p for p in parts if p))


def _dynamic_metrics(stat: Mapping[str, Any]) -> Metrics:
    return Metrics(
        likes=loose_count(as_dict(stat.get("like")).get("count")),
        reposts=loose_count(as_dict(stat.get("forward")).get("count")),
        comments=loose_count(as_dict(stat.get("comment")).get("count")),
    )


def dynamic_posts(item: Mapping[str, Any], now: datetime) -> list[CollectedPost]:
    """A dynamic; a video dynamic is stored as the video itself (same id as the upload list),
    a forward as a repost after the original it quotes."""
    posts: list[CollectedPost] = []
    orig = as_dict(item.get("orig"))
    orig_posts = dynamic_posts(orig, now) if orig.get("id_str") else []
    posts.extend(orig_posts)
    modules = as_dict(item.get("modules"))
    author = as_dict(modules.get("module_author"))
    dynamic = as_dict(modules.get("module_dynamic"))
    basic = as_dict(item.get("basic"))
    archive = as_dict(as_dict(dynamic.get("major")).get("archive"))
    who = Author(text_id(author.get("mid")), author.get("name"))
    metrics = _dynamic_metrics(as_dict(modules.get("module_stat")))
    if archive.get("bvid"):
        posts.append(
            _video(
                str(archive["bvid"]),
                archive.get("aid"),
                _dynamic_text(dynamic),
                author.get("pub_ts"),
                who,
                metrics,
                item,
                now,
            )
        )
        return posts
    dynamic_id = text_id(item.get("id_str"))
    if dynamic_id is None:
        raise UnreadableItem("a dynamic without an id")
    thread = text_id(basic.get("comment_id_str"))
    posts.append(
        CollectedPost(
            platform=PLATFORM,
            platform_id=dynamic_id,
            kind="repost" if orig_posts else "post",
            text=_dynamic_text(dynamic),
            created=parse_time(author.get("pub_ts"), now),
            author=who,
            url=f"https://t.bilibili.com/{dynamic_id}",
            metrics=metrics,
            raw=dict(item),
            parent_platform_id=orig_posts[-1].platform_id if orig_posts else None,
            tombstone_reason="hidden" if item.get("visible") is False else None,
            comment_ref=(
                {"type": str(basic.get("comment_type")), "oid": thread, "parent": dynamic_id}
                if thread
                else None
            ),
        )
    )
    return posts


def reply_posts(reply: Mapping[str, Any], parent: str, now: datetime) -> list[CollectedPost]:
    """A comment and the sub-replies the page carries under it."""
    rpid = text_id(reply.get("rpid_str") or reply.get("rpid"))
    if rpid is None:
        raise UnreadableItem("a reply without an rpid")
    member = as_dict(reply.get("member"))
    content = as_dict(reply.get("content"))
    root = text_id(reply.get("root"))
    hidden = reply.get("invisible") is True or reply.get("state") not in (None, 0)
    post = CollectedPost(
        platform=PLATFORM,
        platform_id=rpid,
        kind="comment",
        text=tidy(str(content.get("message") or "")),
        created=parse_time(reply.get("ctime"), now),
        author=Author(text_id(member.get("mid")), member.get("uname")),
        url=f"{video_url(parent)}#reply{rpid}" if parent.startswith("BV") else None,
        metrics=Metrics(
            likes=loose_count(reply.get("like")), comments=loose_count(reply.get("rcount"))
        ),
        raw={key: value for key, value in reply.items() if key != "replies"},
        parent_platform_id=parent,
        reply_to=text_id(reply.get("parent")) if root not in (None, "0") else None,
        tombstone_reason="hidden" if hidden else None,
    )
    children: list[CollectedPost] = []
    for child in as_list(reply.get("replies")):
        children.extend(reply_posts(as_dict(child), parent, now))
    return [post, *children]


def is_anonymous_cutoff(data: Mapping[str, Any], page: int) -> bool:
    """Page 2+ without login: `code 0`, `replies: null`, `page.num: 0` (not the end)."""
    return page >= 2 and data.get("replies") is None and as_dict(data.get("page")).get("num") == 0
