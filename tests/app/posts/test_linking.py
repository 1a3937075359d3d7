"""The pure matcher: names, aliases, handles, traditional characters, boundaries, authorship."""

import pytest

from app.posts.linking import EntityRef, Matcher, brand_entities, kol_entities
from sentiment import normalize

BRAND = brand_entities(
    "b1",
    "星河手机",
    ["星河", "Xinghe"],
    ["河粉"],
    [{"name": "周总", "accounts": [{"platform": "weibo", "uid": "9001", "handle": "星河周总"}]}],
    ["青橙", "OPPO"],
    [{"platform": "weibo", "uid": "9000", "handle": "星河官微"}],
)
KOL = kol_entities(
    "k1", "测评老王", ["老王测评"], [{"platform": "weibo", "uid": "1000001", "handle": "王大锤"}]
)
MATCHER = Matcher([*BRAND, *KOL])


def found(text, platform="weibo", author=None):
    return {
        (m.ref.role, m.ref.target, m.via) for m in MATCHER.match(normalize(text), platform, author)
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("星河新机发布", {("brand", "星河手机", "text")}),
        ("河粉们冲", {("fandom", "河粉", "text")}),
        ("測評老王又翻車了", {("kol", "测评老王", "text")}),
        ("@王大锤 你怎么看星河", {("kol", "测评老王", "text"), ("brand", "星河手机", "text")}),
        ("ＸＩＮＧＨＥ yyds", {("brand", "星河手机", "text")}),
        ("周总回应了", {("executive", "周总", "text")}),
        ("青橙比星河好", {("competitor", "青橙", "text"), ("brand", "星河手机", "text")}),
        ("oppo find x8", {("competitor", "OPPO", "text")}),
        ("this is opposite of what we want", set()),
        ("无关的一条微博", set()),
    ],
)
def test_names_are_found_in_normalised_text(text, expected):
    assert found(text) == expected


def test_longest_alias_is_reported_as_matched():
    matches = MATCHER.match(normalize("星河手机真香"), "weibo", None)
    assert [m.matched for m in matches if m.ref.role == "brand"] == ["星河手机"]


def test_authorship_by_account_uid_on_the_same_platform():
    assert found("今天测评五款防晒", author="1000001") == {("kol", "测评老王", "author")}
    assert found("今天测评五款防晒", platform="douyin", author="1000001") == set()
    assert ("owned", "星河手机", "author") in found("新品上市", author="9000")


def test_authorship_wins_over_a_name_in_the_text():
    matches = MATCHER.match(normalize("我是测评老王"), "weibo", "1000001")
    assert [(m.ref, m.via) for m in matches] == [(EntityRef("k1", "kol", "测评老王"), "author")]


def test_empty_matcher_matches_nothing():
    assert Matcher([]).match("星河", "weibo", "1") == []
    assert Matcher([]).empty


def test_hashed_author_uid_from_new_mediacrawler_exports_is_the_kols_own_post():
    from app.posts.linking import hashed_uid

    assert hashed_uid("1000001").startswith("sha256:")
    assert len(hashed_uid("1000001")) == len("sha256:") + 16
    assert found("今天测评五款防晒", author=hashed_uid("1000001")) == {
        ("kol", "测评老王", "author")
    }
