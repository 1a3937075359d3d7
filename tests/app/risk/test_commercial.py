"""find_deal: which posts announce a paid deal, and with whom, in the words creators use."""

import pytest

from app.risk.commercial import find_deal, platform_ad_label

KNOWN = {"曜川": "曜川", "曜川手机": "曜川", "澜屿": "澜屿", "朔风": "朔风"}


@pytest.mark.parametrize(
    ("text", "brands"),
    [
        ("#广告# 用了两周曜川X9，续航真的能打，感谢@曜川手机 的支持！", ["曜川"]),
        ("【广告】本期视频由曜川赞助，但观点都是我自己的。", ["曜川"]),
        ("官宣！很荣幸成为朔风的品牌合伙人，接下来一年请多指教", ["朔风"]),
        ("这期是商单，甲方爸爸是谁大家应该猜得到吧", []),
        ("和@青禾美妆官方 合作的第三期来啦，评论区抽三个人送同款", ["青禾美妆官方"]),
        ("感谢澜屿寄来的新机，这次合作的体验分享给大家", ["澜屿"]),
        ("今年和曜川签了年框，以后测评会标注利益相关", ["曜川"]),
    ],
)
def test_sponsored_posts_are_deals_with_the_brands_they_name(text, brands):
    deal = find_deal(text, KNOWN)
    assert deal is not None
    assert list(deal.brands) == brands


@pytest.mark.parametrize(
    "text",
    [
        "村里的合作社今年收成不错，大家辛苦了",  # 合作 in its everyday sense
        "和@阿杭 合作拍了个对比视频，周末见",  # another creator, not a brand
        "推广普通话，人人有责",
        "曜川X9这次的影像进步很大，推荐大家去线下店看看",  # a brand, no deal word
        "不是广告，自费买的曜川X9，用了一个月说说感受",  # the disclaimer denies it
        "澜屿新品发布会定在下周三",
    ],
)
def test_everyday_words_without_a_brand_or_with_a_disclaimer_are_no_deal(text):
    assert find_deal(text, KNOWN) is None


def test_a_weak_word_needs_a_named_brand():
    deal = find_deal("这次合作很愉快，感谢曜川", KNOWN)
    assert deal is not None
    assert deal.strength == "named"
    assert find_deal("这次合作很愉快", KNOWN) is None


def test_a_platform_ad_label_in_raw_is_a_deal_even_without_words():
    raw = {"aweme_id": "7584", "commerce_info": {"ad_type": 0, "is_ad": True}}
    deal = find_deal("新机上手，拍照真不错", KNOWN, raw)
    assert deal is not None
    assert deal.strength == "strong"
    assert deal.markers[0] == "platform:commerce_info.is_ad"


def test_platform_fields_that_say_no_ad_are_not_a_label():
    # As the recorded Douyin search answer has them (../shared/fixtures/platforms/douyin).
    assert platform_ad_label({"commerce_info": {"ad_type": 0, "is_ad": False}}) is None
    assert platform_ad_label({"is_ads": False, "is_commerce": False}) is None
    assert platform_ad_label(None) is None
    assert platform_ad_label({"promotion": {"adid": "ad-31"}}) == "promotion.adid"
