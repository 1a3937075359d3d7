"""Coordinated activity: organic backlash stays organic, a paid smear is named and discounted."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from app.risk.coordinated import find_coordination, reduce_text, similar_groups
from app.risk.engine import assess
from app.risk.rules import DEFAULT_RULES
from sentiment import normalize
from tests.app.risk.test_engine import AS_OF, component, inputs, post

# Thirty accounts, three templates, ten minutes: what a bought smear looks like on Weibo. The
# copies differ a little (an emoji code, a punctuation mark, a tail) as paid posters vary them.
SMEAR_TEMPLATES = (
    "小鹿收了花漾的钱就开始洗白，这种人也配合作？花漾选人眼光真差，抵制！",
    "听说花漾要和小鹿合作，一个天天翻车的博主，花漾这是要自砸招牌吗",
    "花漾官宣小鹿的话我立刻退坑，这合作太恶心了，大家一起抵制花漾",
)
TAILS = ("", "[怒]", "！！", " 转发扩散", "[吐]", "。")
# Angry fans in their own words: many authors, varied words.
OPENERS = (
    "真的无语", "我是花漾老用户了", "刚看到消息", "说实话", "气死我了", "作为花漾粉丝",
    "不理解", "看了评论区", "冷静下来想了想", "第一次在这发言",
)  # fmt: skip
COMPLAINTS = (
    "小鹿之前怎么说我们的大家都忘了吗", "和这种博主合作是在打自己用户的脸",
    "小鹿的黑历史一搜一大把", "花漾的公关是不是没做过功课", "找小鹿来推新品我第一个不买",
    "签小鹿等于告诉老用户你们不重要", "这次合作让人寒心", "小鹿骂过的品牌还少吗",
)  # fmt: skip
ENDINGS = ("失望", "取关了", "等官方回应", "别让我们失望", "真的会脱粉", "再见了")


def _negative(text: str, **fields):
    base = {
        "text": text,
        "text_norm": normalize(text),
        "brand_roles": frozenset({"brand"}),
        "cues": ("collab:合作",),
        "label": "negative",
        "polarity": -0.8,
        "engagement": 3,
    }
    return post(**{**base, **fields})


def paid_smear(hours_ago: float = 6.0, accounts: int = 30, parent_of=None):
    """`accounts` bought accounts (0-8 followers), three templates, within ten minutes."""
    start = AS_OF - timedelta(hours=hours_ago)
    posts = []
    for n in range(accounts):
        text = SMEAR_TEMPLATES[n % 3] + TAILS[n % len(TAILS)]
        posts.append(
            _negative(
                text,
                author_uid=f"bot{n}",
                author_name=f"用户{7310000 + n}",
                author_followers=n % 9,
                created_at=start + timedelta(seconds=20 * n),
                parent_id=parent_of(n) if parent_of else None,
            )
        )
    return posts


def organic_backlash(authors: int = 40, hours: float = 40.0, followers: int = 120):
    """Fans writing in their own words, over `hours`."""
    posts = []
    for n in range(authors):
        text = (
            OPENERS[n % len(OPENERS)]
            + "，"
            + COMPLAINTS[(n * 3) % len(COMPLAINTS)]
            + "，"
            + ENDINGS[(n * 7) % len(ENDINGS)]
        )
        posts.append(
            _negative(
                text,
                author_uid=f"fan{n}",
                author_followers=followers + 37 * n,
                created_at=AS_OF - timedelta(hours=hours * (n + 1) / (authors + 1)),
            )
        )
    return posts


def baseline():
    """A month of occasional talk before the surge, so velocity has a baseline."""
    return [
        _negative(
            f"第{d}天，花漾和小鹿的合作还没消息吗",
            author_uid=f"old{d}",
            created_at=AS_OF - timedelta(days=d),
        )
        for d in range(3, 30, 4)
    ]


def reasons_text(result) -> str:
    return " ".join(result.reasons)


def test_templates_pasted_with_small_changes_fall_in_one_group():
    texts = [reduce_text(normalize(SMEAR_TEMPLATES[0] + tail)) for tail in TAILS]
    texts += [reduce_text(normalize(SMEAR_TEMPLATES[1]))]
    groups = sorted(similar_groups(texts, 0.7), key=len)
    assert [len(g) for g in groups] == [1, len(TAILS)]


def test_organic_backlash_is_not_named_coordinated():
    result = assess(inputs(*baseline(), *organic_backlash()), DEFAULT_RULES)
    assert "coordinated" not in [c.name for c in result.components]
    assert "coordinated" not in reasons_text(result)
    assert component(result, "velocity").score > 50


def test_real_fans_pasting_one_slogan_are_templated_not_coordinated():
    """控评 / a pasted 抵制 slogan by accounts with real followings counts as the backlash."""
    slogan = "抵制小鹿！花漾如果签小鹿，我们就不买了！"
    fans = [
        _negative(
            slogan,
            author_uid=f"fan{n}",
            author_followers=300 + 50 * n,
            created_at=AS_OF - timedelta(hours=5, seconds=-15 * n),
        )
        for n in range(30)
    ]
    coordination = find_coordination(fans, DEFAULT_RULES)
    assert len(coordination.templated) == 1
    assert not coordination.flagged
    result = assess(inputs(*baseline(), *fans), DEFAULT_RULES)
    assert "coordinated" not in reasons_text(result)
    assert component(result, "velocity").score > 50


def test_paid_smear_is_flagged_with_evidence_and_a_reason():
    smear = paid_smear()
    result = assess(inputs(*baseline(), *smear), DEFAULT_RULES)
    found = component(result, "coordinated")
    assert found.weight == 0.0
    assert len(found.evidence) == 3  # one post per template
    assert {p.post_id for p in found.evidence} <= {p.post_id for p in smear}
    coordinated = [r for r in result.reasons if r.startswith("coordinated")]
    assert coordinated == [
        "coordinated: 100 % of the negative posts in the last 48 h come from 3 clusters of "
        "near-identical text by 30 accounts, 30 of them looking bought (under 10 followers, "
        "new, or pasting across threads); their volume is discounted"
    ]
    # Right after the decision: alerts carry the first three reasons.
    assert result.reasons[1] == coordinated[0]
    # The smear's volume is left out of the fans' reaction.
    assert component(result, "velocity").score == 0
    before = assess(inputs(*baseline()), DEFAULT_RULES)
    assert component(result, "rumour").score == component(before, "rumour").score


def test_a_mixed_surge_is_split():
    organic, smear = organic_backlash(authors=20), paid_smear()
    mixed = assess(inputs(*baseline(), *organic, *smear), DEFAULT_RULES)
    alone = assess(inputs(*baseline(), *organic), DEFAULT_RULES)
    assert component(mixed, "coordinated").score == 60  # 30 of the 50 negative posts
    assert "60 % of the negative posts in the last 48 h" in reasons_text(mixed)
    assert component(mixed, "velocity").score == component(alone, "velocity").score
    assert component(mixed, "rumour").score == component(alone, "rumour").score


def test_new_accounts_and_cross_thread_pasting_look_bought_without_follower_counts():
    young = [
        replace(p, author_followers=None, author_since=p.created_at - timedelta(days=3))
        for p in paid_smear()
    ]
    assert find_coordination(young, DEFAULT_RULES).bought == 30
    # Each account pastes its template under three different threads.
    threads = []
    for n, p in enumerate(paid_smear(accounts=15)):
        for thread in range(3):
            threads.append(replace(p, post_id=f"{p.post_id}-{thread}", author_followers=None,
                                   parent_id=f"thread{(n + thread) % 5}"))  # fmt: skip
    assert find_coordination(threads, DEFAULT_RULES).bought == 15
    unknown = [replace(p, author_followers=None) for p in paid_smear()]
    assert not find_coordination(unknown, DEFAULT_RULES).flagged


def test_an_account_is_as_young_as_any_of_its_posts_says():
    """A reader may know the account's creation time from one post only (it read raw for the
    posts in a burst): the account's first post in the group is judged by it all the same."""
    smear = []
    for p in paid_smear():
        earlier = replace(p, post_id=f"{p.post_id}-0", author_followers=None,
                          created_at=p.created_at - timedelta(days=2))  # fmt: skip
        told = replace(p, author_followers=None, author_since=p.created_at - timedelta(days=4))
        smear += [earlier, told]
    assert find_coordination(smear, DEFAULT_RULES).bought == 30


def test_slow_copies_are_not_a_burst():
    """The same text once a day for a month is a meme, not a campaign."""
    slow = [
        replace(p, created_at=AS_OF - timedelta(days=n))
        for n, p in enumerate(paid_smear(accounts=30))
    ]
    assert not find_coordination(slow, DEFAULT_RULES).flagged


def test_the_kols_own_posts_are_never_counted():
    own = [replace(p, kol_via="author", author_uid="kol") for p in paid_smear()]
    assert not find_coordination(own, DEFAULT_RULES).flagged


def test_account_age_is_read_from_the_platforms_raw_fields():
    from datetime import UTC, datetime

    from app.risk.coordinated import account_created_at

    weibo = {"user": {"id": 1, "created_at": "Tue Jan 05 10:00:00 +0800 2021"}}
    assert account_created_at(weibo) == datetime(2021, 1, 5, 2, tzinfo=UTC)
    assert account_created_at({"author": {"create_time": 1767244660}}) == datetime(
        2026, 1, 1, 5, 17, 40, tzinfo=UTC
    )
    assert account_created_at({"account_created_at": "2026-11-01T00:00:00+08:00"}) is not None
    assert account_created_at({"user": {"created_at": "last year"}}) is None
    assert account_created_at({"author": {"create_time": True}}) is None
    assert account_created_at(None) is None


def test_only_talk_the_organic_checks_read_is_searched_for_bursts():
    # Velocity reads 30 days and rumour reads collaboration talk of any age: a smear of
    # 40 days ago counts only where it is collaboration talk.
    old_collab = paid_smear(hours_ago=40 * 24)
    old_other = [replace(p, cues=()) for p in old_collab]

    found_collab = assess(inputs(*baseline(), *old_collab), DEFAULT_RULES)
    found_other = assess(inputs(*baseline(), *old_other), DEFAULT_RULES)

    assert any(c.name == "coordinated" for c in found_collab.components)
    assert not any(c.name == "coordinated" for c in found_other.components)
