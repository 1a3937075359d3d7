"""Every sentence the risk engine can say, as a key with parameters and a template per language.

The engine keeps what it found (counts, scores, names) apart from how it is worded, so one
assessment reads in English for the API contract and in Chinese for a PR team's report. Keys and
parameters are stored in snapshot payloads: rename a key only with a fallback for old payloads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from collectors.platforms import PLATFORMS

MessageLang = Literal["en", "zh"]
Param = str | int | float
Params = dict[str, Param]

# Codes that read as themselves in English (the contract's words: no_go, high, stance) and as
# the report's labels in Chinese. app.i18n takes its labels from here, so a decision is
# worded the same in a reason as in the report's verdict.
DECISION_ZH = {"go": "可以签约", "caution": "谨慎推进", "no_go": "不建议签约"}
LEVEL_ZH = {"low": "低", "medium": "中", "high": "高", "critical": "严重"}
PLATFORM_ZH = {platform.name: platform.zh for platform in PLATFORMS}
# collectors.errors kinds and open collection gap kinds, as a PR team would say them.
ERROR_KIND_ZH = {
    "login_required": "需要登录", "captcha_required": "需要验证码", "rate_limited": "被限流",
    "blocked": "被平台拦截", "circuit_open": "连续失败后暂停", "signature_rejected": "签名被拒",
    "not_found": "内容不存在或已删除", "unsupported": "暂不支持", "transient": "临时故障",
    "error": "出错", "backfill": "历史回填中", "gap": "突发期间有遗漏",
    "unreachable": "无法连接", "internal": "内部错误",
}  # fmt: skip
# The span a coordinated-activity share is measured over.
PERIOD_ZH = {"in the last 48 h": "过去 48 小时", "about the pairing": "关于这次合作"}
# Names (KOL, brand) sit in Chinese templates without spaces around them, as Chinese names are
# written; numbers keep the customary half-width space.
# Parameters with these names hold codes and are translated; every other one is inserted as given.
CODE_PARAMS = {
    "decision": DECISION_ZH, "level": LEVEL_ZH, "platform": PLATFORM_ZH,
    "kind": ERROR_KIND_ZH, "period": PERIOD_ZH,
}  # fmt: skip
# `component` parameters hold a check's name, worded by its record (component_zh).
COMPONENT = "component"
# `grave` lists components with their scores ("stance:80,peer:76"); `summary` names a nested
# summary key whose parameters sit beside the outer message's (a driver reason quotes a summary).
# `gaps` lists platforms with the error kind that stopped them ("weibo:login_required,...").
GRAVE, SUMMARY, GAPS = "grave", "summary", "gaps"


@dataclass(frozen=True)
class Message:
    key: str
    params: Params = field(default_factory=dict)


@dataclass(frozen=True)
class Template:
    en: str
    zh: str

    def text(self, lang: MessageLang) -> str:
        return self.zh if lang == "zh" else self.en


_CONTROVERSY_EN = "{count} posts report lawsuits, bans, apologies or scandals around {kol}"
_CONTROVERSY_ZH = "{count} 条帖子报道了{kol}的诉讼、封禁、道歉或丑闻"
_REFUTED_EN = "; {refuted} of them predate a retraction or an official refutation and count little"
_REFUTED_ZH = "；其中 {refuted} 条早于爆料方撤回或官方辟谣，权重很低"

CATALOGUE: dict[str, Template] = {
    # Reasons (RiskOut.reasons), in the order the engine may emit them.
    "reason.insufficient_data": Template(
        "insufficient data: no post by or about {kol} yet",
        "数据不足：尚未找到{kol}本人发布或与其相关的帖子",
    ),
    "reason.decision.grave": Template(
        "{decision}: {grave}: at or above {threshold:g} on its own",
        "{decision}：{grave}，单项已达到 {threshold:g} 分的否决线",
    ),
    "reason.decision.level": Template(
        "{decision}: overall risk is {level} ({score:.0f})",
        "{decision}：整体风险为{level}（{score:.0f} 分）",
    ),
    "reason.decision.contempt": Template(
        "{decision}: the KOL has shown contempt for the brand's fans ({posts} posts)",
        "{decision}：KOL 有 {posts} 条帖子表现出对品牌粉丝的蔑视",
    ),
    "reason.decision.notable": Template(
        "{decision}: {grave}: at or above {threshold:g} on its own",
        "{decision}：{grave}，单项已达到 {threshold:g} 分的警示线",
    ),
    "reason.decision.unlinked": Template(
        "{decision}: only {posts} posts, and none ties the KOL to the brand: too little to clear",
        "{decision}：仅有 {posts} 条帖子，且没有一条将 KOL 与品牌联系起来，不足以判断可以签约",
    ),
    "reason.decision.clear": Template(
        "{decision}: no component shows material risk",
        "{decision}：各项均未显示实质风险",
    ),
    "reason.driver": Template(
        "{component} ({score:.0f}): {summary}",
        "{component}（{score:.0f} 分）：{summary}",
    ),
    "reason.coordinated": Template(
        "coordinated: {share} % of the negative posts {period} come from {clusters} clusters of "
        "near-identical text by {accounts} accounts, {bought} of them looking bought (under "
        "{followers} followers, new, or pasting across threads); their volume is discounted",
        "疑似水军协同刷帖：{period}的负面帖子中有 {share}% 来自 {clusters} 组几乎相同的文案，"
        "涉及 {accounts} 个账号，其中 {bought} 个疑似买来的账号（粉丝不足 {followers}、新注册或"
        "跨帖复制粘贴）；这部分声量已从舆情评估中扣除",
    ),
    "reason.thin_data": Template(
        "thin data: only {posts} posts, so confidence is {confidence:.2f}",
        "数据偏少：仅有 {posts} 条帖子，置信度为 {confidence:.2f}",
    ),
    "reason.pending": Template(
        "{posts} posts are not scored yet and are left out",
        "{posts} 条帖子尚未完成情感打分，未计入本次评估",
    ),
    "reason.not_collected": Template("not collected: {gaps}", "未能采集：{gaps}"),
    "reason.still_collecting": Template(
        "still collecting, some posts not fetched yet: {gaps}", "仍在补采，部分帖子尚未取回：{gaps}"
    ),
    # Component summaries (ComponentOut.summary).
    "summary.stance.found": Template(
        "{kol}'s own posts about {brand}: {contempt} show contempt for its fans, "
        "{hostile} are hostile, {critical} criticise products, {friendly} are friendly",
        "{kol}本人谈及{brand}的帖子中：{contempt} 条蔑视其粉丝，{hostile} 条带有敌意，"
        "{critical} 条批评产品，{friendly} 条态度友好",
    ),
    "summary.stance.none": Template(
        "no post by {kol} about {brand} found", "未找到{kol}本人谈及{brand}的帖子"
    ),
    "summary.controversy.found": Template(_CONTROVERSY_EN, _CONTROVERSY_ZH),
    "summary.controversy.found_removed": Template(
        _CONTROVERSY_EN + "; {removed} of the KOL's own posts were removed",
        _CONTROVERSY_ZH + "；KOL 本人有 {removed} 条帖子已被删除",
    ),
    "summary.controversy.found_refuted": Template(
        _CONTROVERSY_EN + _REFUTED_EN, _CONTROVERSY_ZH + _REFUTED_ZH
    ),
    "summary.controversy.found_removed_refuted": Template(
        _CONTROVERSY_EN + "; {removed} of the KOL's own posts were removed" + _REFUTED_EN,
        _CONTROVERSY_ZH + "；KOL 本人有 {removed} 条帖子已被删除" + _REFUTED_ZH,
    ),
    "summary.controversy.none": Template(
        "no lawsuits, bans, apologies or ended deals found", "未发现诉讼、封禁、道歉或解约记录"
    ),
    "summary.rumour.found": Template(
        "{posts} posts discuss a deal between them: {negative} negative, {supportive} supportive",
        "{posts} 条帖子讨论双方合作：{negative} 条负面，{supportive} 条支持",
    ),
    "summary.rumour.none": Template("no talk of a deal between them yet", "暂无关于双方合作的讨论"),
    "summary.velocity.found": Template(
        "{posts} negative posts about the pairing in the last 48 h ({venue} in the brand's "
        "own comment sections) against a baseline of {baseline:g} a day",
        "过去 48 小时有 {posts} 条关于这次合作的负面帖子（其中 {venue} 条在品牌自己的评论区），"
        "平时基线为每天 {baseline:g} 条",
    ),
    "summary.velocity.none": Template(
        "no recent surge of negative talk about the pairing", "近期没有关于这次合作的负面讨论激增"
    ),
    "summary.peer.found": Template(
        "{creators} creators publicly withdraw from deals with {brand} over this pairing "
        "({posts} posts)",
        "{creators} 位创作者因这次合作公开退出与{brand}的合作（共 {posts} 条帖子）",
    ),
    "summary.peer.none": Template("no peer withdrawals seen", "未见同行因此退出合作"),
    "summary.competitor_deal.found": Template(
        "{kol} announced {deals} deal(s) with the brand's competitors ({competitors}) in the last "
        "{days} days, the latest {latest} days ago",
        "{kol}在过去 {days} 天内发布了 {deals} 条与品牌竞品（{competitors}）的合作内容，"
        "最近一条在 {latest} 天前",
    ),
    "summary.competitor_deal.none": Template(
        "no deal by {kol} with the brand's competitors in the last {days} days",
        "过去 {days} 天内未见{kol}与品牌竞品合作",
    ),
    "summary.coordinated.found": Template(
        "{clusters} clusters of near-identical text by {accounts} accounts within "
        "{window} minutes each; {bought} accounts look bought and their {discounted} posts are "
        "left out of rumour and velocity",
        "{clusters} 组几乎相同的文案，各在 {window} 分钟内由共 {accounts} 个账号发出；"
        "其中 {bought} 个账号疑似买来的，它们的 {discounted} 条帖子不计入传闻期反应和负面增速",
    ),
    "summary.coverage": Template(
        "{posts} posts on {platforms} platforms, confidence {confidence:.2f}",
        "{platforms} 个平台共 {posts} 条帖子，置信度 {confidence:.2f}",
    ),
    # Shortfalls (RiskOut.shortfalls): what keeps a call from being firm, and what to do.
    "shortfall.no_posts": Template(
        "no post by or about {kol} yet: import the KOL's posts (kolrisk import) or send them to "
        "POST /v1/posts",
        "还没有{kol}本人或与其相关的帖子：用 kolrisk import 导入，或推送到 POST /v1/posts",
    ),
    "shortfall.few_posts": Template(
        "only {posts} posts (about {target} make a firm call): import or collect more of "
        "{kol}'s posts and of the talk about the pairing",
        "仅有 {posts} 条帖子（约 {target} 条才能下定论）：请导入或采集更多{kol}的帖子及关于"
        "这次合作的讨论",
    ),
    "shortfall.one_platform": Template(
        "every post is from {platform}: posts from other platforms would widen the view",
        "所有帖子都来自{platform}：补充其他平台的帖子可以看得更全",
    ),
    "shortfall.pending": Template(
        "{posts} posts are not scored yet: the score-posts job scores them within a minute",
        "{posts} 条帖子尚未打分：后台任务会在一分钟内完成",
    ),
    "shortfall.login": Template(
        "{platform} was not collected ({kind}): give it a login cookie or a data provider "
        "(PUT /v1/collection/platforms/{platform})",
        "{platform}未能采集（{kind}）：请配置登录 Cookie 或数据服务"
        "（PUT /v1/collection/platforms）",
    ),
    "shortfall.captcha": Template(
        "{platform} was not collected ({kind}): solve the captcha, then resume the platform",
        "{platform}未能采集（{kind}）：请完成验证码后恢复该平台的采集",
    ),
    "shortfall.unreachable": Template(
        "{platform} was not collected ({kind}): check this machine's network, or the platform's "
        "KOLRISK_..._BASE_URL setting",
        "{platform}未能采集（{kind}）：请检查本机网络或该平台的 KOLRISK_..._BASE_URL 设置",
    ),
    "shortfall.not_found": Template(
        "{platform} was not collected ({kind}): check the account ids and Tieba bar names",
        "{platform}未能采集（{kind}）：请检查账号 ID 和贴吧名称",
    ),
    "shortfall.unsupported": Template(
        "{platform} was not collected ({kind}): import its posts instead",
        "{platform}未能采集（{kind}）：请改用导入",
    ),
    "shortfall.retrying": Template(
        "{platform} was not collected ({kind}): the next passes try again",
        "{platform}未能采集（{kind}）：后续采集会自动重试",
    ),
    "shortfall.still_collecting": Template(
        "{platform} is still being collected ({kind}): the next passes fetch the rest",
        "{platform}仍在补采（{kind}）：后续采集会取回其余帖子",
    ),
}


def grave_param(scored: list[tuple[str, float]]) -> str:
    """The `grave` parameter: component names with their scores as the sentence shows them."""
    return ",".join(f"{name}:{score:.0f}" for name, score in scored)


def gaps_param(gaps: dict[str, str]) -> str:
    """The `gaps` parameter: platform and error kind pairs, sorted by platform."""
    return ",".join(f"{platform}:{kind}" for platform, kind in sorted(gaps.items()))


def render(message: Message, lang: MessageLang) -> str:
    """The sentence in lang. Raises KeyError for an unknown key or a missing parameter: callers
    holding an English text for the same sentence fall back to it (see render_or)."""
    values = {name: _value(name, value, lang) for name, value in message.params.items()}
    if SUMMARY in message.params:
        nested = {k: v for k, v in message.params.items() if k != SUMMARY}
        values[SUMMARY] = render(Message(str(message.params[SUMMARY]), nested), lang)
    text = template(message.key).text(lang).format(**values)
    return _ONE_COUNTED.sub(r"1 \1", text) if lang == "en" else text


# English templates say counts in the plural ("{posts} posts"); a count of one reads "1 post".
_ONE_COUNTED = re.compile(
    r"(?<![\d.,])1 (post|account|cluster|creator|day|follower|platform|minute)s\b"
)


def render_or(fallback: str, message: Message | None, lang: MessageLang) -> str:
    """The message in lang, else the stored text: payloads written before messages existed (or
    by a newer version with keys this one lacks) still show their English sentence."""
    if message is None:
        return fallback
    try:
        return render(message, lang)
    except (KeyError, ValueError, IndexError):
        return fallback


# A check's record (app.risk.checks) holds its words and, for one defined in a module of its
# own, its sentences. The records hold the checks, which word their findings with this module:
# they are read when a sentence is rendered, not when this module loads.


def template(key: str) -> Template:
    """The sentence of a key: the catalogue's, or a check's own (KeyError for neither)."""
    found = CATALOGUE.get(key)
    if found is not None:
        return found
    from app.risk.checks import TEMPLATES

    return TEMPLATES[key]


def component_zh() -> dict[str, str]:
    """The components' Chinese names."""
    from app.risk.checks import LABELS_ZH

    return LABELS_ZH


def _value(name: str, value: Param, lang: MessageLang) -> Param:
    if name == GRAVE:
        return _grave(str(value), lang)
    if name == GAPS:
        return _gaps(str(value), lang)
    if lang == "en":
        return value
    labels = component_zh() if name == COMPONENT else CODE_PARAMS.get(name)
    return value if labels is None else labels.get(str(value), str(value))


def _grave(value: str, lang: MessageLang) -> str:
    pairs = [item.partition(":") for item in value.split(",") if item]
    if lang == "en":
        return ", ".join(f"{name} {score}" for name, _, score in pairs)
    labels = component_zh()
    return "、".join(f"{labels.get(name, name)} {score} 分" for name, _, score in pairs)


def _gaps(value: str, lang: MessageLang) -> str:
    if "(" in value:  # payloads stored before gaps were codes: already worded in English
        return value
    pairs = [item.partition(":") for item in value.split(",") if item]
    if lang == "en":
        return ", ".join(f"{platform} ({kind})" for platform, _, kind in pairs)
    return "、".join(
        f"{PLATFORM_ZH.get(platform, platform)}（{ERROR_KIND_ZH.get(kind, kind)}）"
        for platform, _, kind in pairs
    )
