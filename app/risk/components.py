"""The warning signs, each scored 0-100 with the stored posts that show it. Pure.

Each is a function of the inputs and the rules; app.risk.checks lists them with their weights
and words, in the order the engine runs them.
"""

from __future__ import annotations

import heapq
import math
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from app.risk.commercial import find_deal
from app.risk.inputs import PostFacts, RiskInputs
from app.risk.messages import Message, Params, render
from app.risk.stance import STANCE_WEIGHT, Stance, contempt_signal, stance_of
from sentiment import normalize

if TYPE_CHECKING:  # the rules list these checks (app.risk.checks) for their default weights
    from app.risk.rules import RiskRules

MAX_EVIDENCE = 5
# Most that product criticism can add to the stance weight: saturating(0.5, 1.5) is about 21,
# under the medium band, so criticism alone never makes a caution.
MAX_CRITICISM = 0.5
# Authors with at least this many followers count as creators when they withdraw from a deal.
CREATOR_FOLLOWERS = 10_000
# Words that place an alias-only mention in the KOL's world (creators, platforms, fans) rather
# than a namesake's: a footballer sharing a nickname is rarely written about with these.
CREATOR_CONTEXT = (
    "博主", "up主", "主播", "网红", "达人", "测评", "评测", "视频", "直播", "粉丝", "带货",
    "恰饭", "商单", "账号", "微博", "抖音", "小红书", "b站", "发帖", "动态", "评论区", "品牌",
    "年框", "直播间",
)  # fmt: skip
# Words from worlds a creator's namesake lives in (sport, fiction): "中超球员小旋风被禁赛" is
# about a footballer, whoever else is called 小旋风.
NAMESAKE_CONTEXT = (
    "球员", "球迷", "球队", "足协", "中超", "国足", "进球", "踢球", "俱乐部", "假球", "禁赛",
    "赛季", "转会", "联赛", "教练", "运动员", "奥运", "nba", "cba",
    "动画", "动漫", "漫画", "番剧", "角色", "剧中", "小说",
)  # fmt: skip
# Controversy cues by how grave a record they make.
SCANDAL_SEVERITY = 1.5
COURT = ("起诉", "诉讼", "被告", "判决", "败诉", "判赔", "赔偿", "名誉权", "诽谤", "侵权")
SANCTION = ("禁言", "封号", "封禁", "永封", "限流", "处罚", "罚款", "通报", "虚假宣传")
APOLOGY_OR_BREAK = (
    "道歉", "致歉", "解约", "终止合作", "取消合作", "偷税", "漏税", "抄袭",
    "售假", "假货", "货不对板", "成分不符",
)  # fmt: skip
CUE_SEVERITY = {
    **dict.fromkeys(COURT, 3.0),
    **dict.fromkeys(SANCTION, 3.0),
    **dict.fromkeys(APOLOGY_OR_BREAK, 2.0),
    **dict.fromkeys(("塌房", "翻车", "被曝"), SCANDAL_SEVERITY),
}  # fmt: skip
# A post that calls an accusation false (不实, 谣言) is a denial or a refutation, not a record.
REFUTATION = ("不实", "谣言", "造谣", "辟谣", "编造", "澄清", "假消息", "子虚乌有")
# What makes a refutation more than a fan's or the KOL's say-so: the accuser retracting
# (道歉, 删除) or an authority ruling on it (警方通报, 法院).
REFUTATION_AUTHORITY = ("道歉", "删除", "警方", "网警", "通报", "拘留", "官方", "法院")
# Records dated before a credible refutation count for this share: the accusation was answered.
REFUTED_WEIGHT = 0.25
# Hedged reports repeat an accusation without asserting it ("被传偷税？真的假的").
HEDGES = ("被传", "网传", "据传", "传闻", "真的假的", "是真的吗", "?")
HEDGED_WEIGHT = 0.5


def _any_of(words: Iterable[str]) -> re.Pattern[str]:
    """A pattern that finds any of the words: one scan of a text instead of one per word."""
    return re.compile("|".join(re.escape(word) for word in words))


REFUTES, REFUTATION_BY_AUTHORITY, HEDGED = map(_any_of, (REFUTATION, REFUTATION_AUTHORITY, HEDGES))
NAMESAKE_WORLD, CREATOR_WORLD = _any_of(NAMESAKE_CONTEXT), _any_of(CREATOR_CONTEXT)


@dataclass(frozen=True)
class Component:
    name: str
    score: float
    weight: float
    # What the component found, worded per language by app.risk.messages.
    message: Message
    evidence: tuple[PostFacts, ...] = ()

    @property
    def summary(self) -> str:
        """The English summary: the API contract's wording."""
        return render(self.message, "en")


def saturating(amount: float, half_at: float) -> float:
    """0-100, reaching 50 at `half_at` and approaching 100 as the amount grows."""
    return 100.0 * (1.0 - math.exp(-math.log(2) * amount / half_at)) if amount > 0 else 0.0


def strongest(
    posts: Iterable[PostFacts], key: Callable[[PostFacts], float]
) -> tuple[PostFacts, ...]:
    return tuple(heapq.nlargest(MAX_EVIDENCE, posts, key=key))  # = sorted(...)[:MAX_EVIDENCE]


def is_negative(post: PostFacts) -> bool:
    return post.label == "negative"


def about_the_kol(post: PostFacts) -> bool:
    """Whether a post naming the KOL is about them and not a namesake. A full name counts
    unless the words around it belong to another world (sport, fiction) more than to a
    creator's; an alias needs the creator's world to outweigh the other."""
    if post.by_kol or post.brand_side:
        return True
    if NAMESAKE_WORLD.search(post.text_norm) is None:  # most posts: nothing to weigh
        return post.kol_via == "name" or CREATOR_WORLD.search(post.text_norm) is not None
    namesake = sum(word in post.text_norm for word in NAMESAKE_CONTEXT)
    return _creator_words(post) > namesake


def _record_cues(post: PostFacts) -> list[str]:
    """Controversy cues that make a record. In the KOL's own posts 翻车 and 塌房 are about
    products or other people ("这款防晒翻车了"), so only court, sanction and apology words count."""
    terms = [c.split(":", 1)[1] for c in post.cues if c.startswith("controversy:")]
    if post.by_kol:
        terms = [t for t in terms if CUE_SEVERITY.get(t, 1.0) > SCANDAL_SEVERITY]
    return terms


def _rumour_talk(post: PostFacts) -> bool:
    """Talk of the deal itself uses record words but is no record: fans' anger at a rumour
    (翻车, 终止合作), or another creator dropping the brand over it (解约)."""
    return post.brand_side and (post.has_cue("collab") or post.has_cue("withdrawal"))


def pairing_posts(inputs: RiskInputs) -> list[PostFacts]:
    """Posts by others naming the KOL on the brand's side: naming the brand, its fans or
    executives, or written under the brand's own and its executives' posts. An alias that is
    an ordinary word (橙子 in "联名橙子味饮料") names the KOL only with a creator's world around
    it, or in the comment sections where the brand's fans talk about the deal."""
    return [
        p
        for p in inputs.posts
        if p.names_kol
        and p.brand_side
        and (p.kol_via != "alias" or p.in_venue or CREATOR_WORLD.search(p.text_norm) is not None)
    ]


def _creator_words(post: PostFacts) -> int:
    return sum(word in post.text_norm for word in CREATOR_CONTEXT)


def stance(inputs: RiskInputs, rules: RiskRules) -> Component:
    own = [(p, stance_of(p)) for p in inputs.posts if p.by_kol]
    judged = [(p, s) for p, s in own if s is not None]
    counts = Counter(s for _, s in judged)
    # Criticism of products adds a little and never more than MAX_CRITICISM: a prolific
    # reviewer's many negative reviews are not contempt and must not add up to it.
    criticism = min(STANCE_WEIGHT[Stance.CRITICAL] * counts[Stance.CRITICAL], MAX_CRITICISM)
    weight = sum(STANCE_WEIGHT.get(s, 0.0) for _, s in judged if s != Stance.CRITICAL) + criticism
    names: Params = {"kol": inputs.kol_name, "brand": inputs.brand_name}
    summary = (
        Message(
            "summary.stance.found",
            {
                **names,
                "contempt": counts[Stance.CONTEMPT],
                "hostile": counts[Stance.HOSTILE],
                "critical": counts[Stance.CRITICAL],
                "friendly": counts[Stance.FRIENDLY],
            },
        )
        if judged
        else Message("summary.stance.none", names)
    )
    order = {Stance.CONTEMPT: 3, Stance.HOSTILE: 2, Stance.CRITICAL: 1}
    flagged = [(p, s) for p, s in judged if s in order]
    ranked = sorted(flagged, key=lambda ps: (order[ps[1]], contempt_signal(ps[0])), reverse=True)
    evidence = tuple(p for p, _ in ranked[:MAX_EVIDENCE])
    return Component("stance", saturating(weight, 1.5), rules.weights["stance"], summary, evidence)


def controversy(inputs: RiskInputs, rules: RiskRules) -> Component:
    half_life = timedelta(days=rules.controversy_half_life_days)
    refuted_at = _credible_refutation(inputs)
    cues = {p.post_id: _record_cues(p) for p in inputs.posts}

    def gravity(post: PostFacts) -> float:
        age = max(inputs.as_of - post.created_at, timedelta(0))
        severity = max((CUE_SEVERITY.get(term, 1.0) for term in cues[post.post_id]), default=0.5)
        return severity / 3.0 * float(0.5 ** (age / half_life)) * _assertion(post, refuted_at)

    record = [
        p
        for p in inputs.posts
        if cues[p.post_id] and about_the_kol(p) and not _rumour_talk(p) and not _refutes(p)
    ]
    removed = [p for p in inputs.posts if p.by_kol and p.tombstone_reason]
    # Each post weighed once: the sum and the evidence's order read the same figures.
    weighed = {p.post_id: gravity(p) for p in (*record, *removed)}
    amount = sum(weighed[p.post_id] for p in record)
    amount += sum(0.5 * weighed[p.post_id] + 0.25 for p in removed)
    refuted = sum(_predates(p, refuted_at) for p in record)
    summary = _controversy_summary(len(record), len(removed), refuted, inputs.kol_name)
    evidence = strongest([*record, *removed], lambda p: weighed[p.post_id])
    return Component(
        "controversy", saturating(amount, 1.0), rules.weights["controversy"], summary, evidence
    )


def _refutes(post: PostFacts) -> bool:
    return REFUTES.search(post.text_norm) is not None


def _credible_refutation(inputs: RiskInputs) -> datetime | None:
    """When an accusation against the KOL was first retracted by others or ruled false by an
    authority. The KOL's own denial does not count: every accused KOL denies."""
    times = [
        p.created_at
        for p in inputs.posts
        if p.names_kol
        and not p.by_kol
        and _refutes(p)
        and REFUTATION_BY_AUTHORITY.search(p.text_norm) is not None
    ]
    return min(times, default=None)


def _assertion(post: PostFacts, refuted_at: datetime | None) -> float:
    """How firmly a record post stands: hedged reports and accusations since refuted weigh less."""
    weight = HEDGED_WEIGHT if HEDGED.search(post.text_norm) else 1.0
    if _predates(post, refuted_at):
        weight *= REFUTED_WEIGHT
    return weight


def _predates(post: PostFacts, refuted_at: datetime | None) -> bool:
    return refuted_at is not None and post.created_at <= refuted_at


def _controversy_summary(record: int, removed: int, refuted: int, kol: str) -> Message:
    if not record and not removed:
        return Message("summary.controversy.none")
    found: Params = {"count": record, "kol": kol}
    key = "summary.controversy.found"
    if removed:
        key, found = f"{key}_removed", {**found, "removed": removed}
    if refuted:
        key, found = f"{key}_refuted", {**found, "refuted": refuted}
    return Message(key, found)


# A negative post about the deal that names a competitor and not the brand's fans is as likely
# the rival camp's brigade ("拓扫yyds，阿泽就是松岩的水军") as the fandom's own revolt.
RIVAL_CAMP_WEIGHT = 0.25


def backlash_weight(post: PostFacts) -> float:
    """How much a negative pairing post counts as the brand's fans turning on the deal."""
    rival = "competitor" in post.brand_roles and "fandom" not in post.brand_roles
    return RIVAL_CAMP_WEIGHT if rival else 1.0


def _negativity(post: PostFacts) -> float:
    emotions = post.emotions
    return 0.8 + 0.2 * max(
        emotions.get("anger", 0.0), emotions.get("mockery", 0.0), emotions.get("disgust", 0.0)
    )


def rumour(inputs: RiskInputs, rules: RiskRules) -> Component:
    rumoured = [p for p in pairing_posts(inputs) if p.has_cue("collab") and p.scored]
    if not rumoured:
        return Component("rumour", 0.0, rules.weights["rumour"], Message("summary.rumour.none"))
    weights = {p.post_id: 1.0 + math.log1p(p.engagement) for p in rumoured}
    total = sum(weights.values())
    negative = sum(
        weights[p.post_id] * _negativity(p) * backlash_weight(p) for p in rumoured if is_negative(p)
    )
    defending = sum(weights[p.post_id] for p in rumoured if p.label == "positive")
    # Defenders count the other way; volume decides how far the share can be trusted.
    share = max(negative - 0.5 * defending, 0.0) / total
    score = 100.0 * share * (1.0 - math.exp(-len(rumoured) / 3.0))
    angry = sum(is_negative(p) for p in rumoured)
    summary = Message(
        "summary.rumour.found",
        {
            "posts": len(rumoured),
            "negative": angry,
            "supportive": sum(p.label == "positive" for p in rumoured),
        },
    )
    evidence = strongest(
        [p for p in rumoured if is_negative(p)], lambda p: weights[p.post_id] * _negativity(p)
    )
    return Component("rumour", score, rules.weights["rumour"], summary, evidence)


def velocity(inputs: RiskInputs, rules: RiskRules) -> Component:
    """Negative pairing talk in the last 48 hours against its own daily baseline (median / MAD)."""
    pairing = pairing_posts(inputs)
    negative = [p for p in pairing if is_negative(p)]
    recent_from = inputs.as_of - timedelta(hours=48)
    recent = [p for p in negative if p.created_at >= recent_from]
    defenders = sum(p.label == "positive" and p.created_at >= recent_from for p in pairing)
    per_day = Counter(
        (inputs.as_of - p.created_at).days for p in negative if p.created_at < recent_from
    )
    daily = [per_day.get(day, 0) for day in range(2, 30)]
    median = statistics.median(daily)
    spread = 1.4826 * statistics.median(abs(d - median) for d in daily)
    # Comments under the brand's own and executives' posts are where the fandom gathers.
    # Defenders offset half their number, as in the rumour component; the rival camp counts little.
    weighted = (
        sum((2.0 if p.in_venue else 1.0) * backlash_weight(p) for p in recent) - 0.5 * defenders
    )
    recent_rate = max(weighted, 0.0) / 2.0
    surprise = (recent_rate - median) / (spread + 1.0)
    score = max(0.0, min(100.0, 20.0 * surprise))
    venue = sum(p.in_venue for p in recent)
    summary = (
        Message(
            "summary.velocity.found", {"posts": len(recent), "venue": venue, "baseline": median}
        )
        if recent
        else Message("summary.velocity.none")
    )
    return Component(
        "velocity",
        score,
        rules.weights["velocity"],
        summary,
        strongest(recent, lambda p: p.engagement),
    )


def peer(inputs: RiskInputs, rules: RiskRules) -> Component:
    """Other creators publicly withdrawing from their deals with the brand over this KOL."""
    withdrawals = [p for p in pairing_posts(inputs) if p.has_cue("withdrawal")]
    by_author: dict[str, PostFacts] = {}
    for post in withdrawals:
        by_author.setdefault(post.author_uid or post.post_id, post)
    creators = [p for p in by_author.values() if (p.author_followers or 0) >= CREATOR_FOLLOWERS]
    # Reports of someone else's withdrawal repeat the news: together they add at most half of
    # what one creator withdrawing does.
    amount = len(creators) + 0.125 * min(len(by_author) - len(creators), 4)
    summary = (
        Message(
            "summary.peer.found",
            {"creators": len(creators), "brand": inputs.brand_name, "posts": len(withdrawals)},
        )
        if withdrawals
        else Message("summary.peer.none")
    )
    evidence = strongest(by_author.values(), lambda p: p.author_followers or 0)
    return Component("peer", saturating(amount, 1.0), rules.weights["peer"], summary, evidence)


def competitor_deals(inputs: RiskInputs, window: timedelta) -> list[tuple[PostFacts, list[str]]]:
    """The KOL's own posts in the window announcing a deal with one of the brand's competitors,
    with the competitors named. A post naming the brand too is a comparison, not that deal."""
    known = {normalize(name): name for name in inputs.competitor_names}
    found = []
    for post in inputs.posts:
        age = inputs.as_of - post.created_at
        if not post.by_kol or "brand" in post.brand_roles or not timedelta(0) <= age <= window:
            continue
        deal = find_deal(post.text, known)
        rivals = [b for b in deal.brands if b in inputs.competitor_names] if deal else []
        if rivals:
            found.append((post, rivals))
    return found


def competitor_deal(inputs: RiskInputs, rules: RiskRules) -> Component:
    """A recent deal with a rival: a KOL who promoted 青橙 last month is another risk for 星河."""
    window = timedelta(days=rules.competitor_deal_days)
    deals = competitor_deals(inputs, window)
    weight = rules.weights.get("competitor_deal", 0.0)
    if not deals:
        none: Params = {"kol": inputs.kol_name, "days": rules.competitor_deal_days}
        message = Message("summary.competitor_deal.none", none)
        return Component("competitor_deal", 0.0, weight, message)

    def freshness(post: PostFacts) -> float:
        return 1.0 - 0.5 * (inputs.as_of - post.created_at) / window

    amount = sum(freshness(p) for p, _ in deals)
    score = min(rules.competitor_deal_max, rules.competitor_deal_score * amount)
    rivals = sorted({name for _, names in deals for name in names})
    latest = min((inputs.as_of - p.created_at).days for p, _ in deals)
    params: Params = {
        "kol": inputs.kol_name,
        "deals": len(deals),
        "competitors": "、".join(rivals),
        "days": rules.competitor_deal_days,
        "latest": latest,
    }
    message = Message("summary.competitor_deal.found", params)
    evidence = strongest([p for p, _ in deals], freshness)
    return Component("competitor_deal", score, weight, message, evidence)
