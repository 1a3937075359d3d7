"""Every word the dashboard and the reports show, in Chinese (the default) and English: one
catalogue of (zh, en) pairs, so a label cannot exist in one language only.

Codes the API keeps (stages, platforms, decisions, alert states, error kinds...) are worded here
too, under `<kind>.<code>`; `label(lang, kind, code)` falls back to the code for one this
catalogue does not know yet. The risk engine's sentences (reasons, summaries, shortfalls) are
worded in app.risk.messages, whose code labels this catalogue reuses so a reason and the verdict
above it say the same words. Alert messages to chat robots have their own words
(alerts.formats.words): that library knows nothing of the app.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Literal

from alerts.registry import CHANNELS
from app.risk.checks import CHECKS
from app.risk.messages import DECISION_ZH, ERROR_KIND_ZH, LEVEL_ZH
from collectors.platforms import PLATFORMS

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

_PAGES: dict[str, tuple[str, str]] = {
    # Dashboard chrome and sign-in.
    "app": ("KOL 签约风险", "KOL deal risk"),
    "nav.watches": ("监控列表", "Watches"),
    "nav.setup": ("添加与设置", "Add & settings"),
    "nav.docs": ("API 文档", "API docs"),
    "nav.signout": ("退出", "Sign out"),
    "nav.audit": ("操作记录", "Audit log"),
    "lang.switch": ("English", "中文"),
    "signin": ("登录", "Sign in"),
    "signin.name": ("用户名", "User name"),
    "signin.password": ("密码", "Password"),
    "signin.with_key": ("或用 API 密钥登录", "Or sign in with an API key"),
    "signin.key": ("API 密钥", "API key"),
    "signin.go": ("登录", "Sign in"),
    "signin.bad": (
        "用户名或密码错误，或密钥无效、已撤销、已过期",
        "Wrong name or password, or an unknown, revoked or expired key",
    ),
    "signin.locked": (
        "登录失败次数过多，已暂时锁定。请 {minutes} 分钟后再试。",
        "Too many failed sign-ins: locked for now. Try again in {minutes} min.",
    ),
    "signin.hint": (
        "登录凭据只保存在本站的 HttpOnly Cookie 中，不会出现在网址里。",
        "Your sign-in is kept in an HttpOnly cookie of this site, never in a URL.",
    ),
    "signin.demo": (
        "演示：用 kolrisk serve --demo 打印的最后一行密钥登录。",
        "Demo: sign in with the key kolrisk serve --demo printed last.",
    ),
    # The watch list.
    "w.brand": ("品牌", "Brand"),
    "w.kol": ("KOL", "KOL"),
    "w.stage": ("阶段", "Stage"),
    "w.decision": ("结论", "Decision"),
    "w.level": ("等级", "Level"),
    "w.trend": ("风险走势", "Risk trend"),
    "w.trend.one": ("仅一次评估", "one assessment so far"),
    "w.trend.flat": ("无变化", "unchanged"),
    "w.collected": ("最近采集", "Last collection"),
    "w.collected.off": ("不采集", "not collected"),
    "w.collected.failed": ("全部失败", "all failed"),
    "w.alerts": ("未关闭告警", "Open alerts"),
    "w.none": (
        "还没有监控。去「添加与设置」创建品牌、KOL 和监控。",
        "No watches yet: add a brand, a KOL and a watch.",
    ),
    "w.open": ("打开", "open"),
    # The watch page.
    "report.formats": ("导出报告", "Export report"),
    "posts.title": ("帖子浏览", "Posts"),
    "posts.filter": ("筛选", "Filter"),
    "posts.any": ("全部", "any"),
    "posts.since": ("起始日期", "From day"),
    "posts.until": ("截止日期", "Until day"),
    "posts.entity": ("同时提及", "Also naming"),
    "posts.more": ("下一页", "Next page"),
    "posts.none": ("没有符合条件的帖子", "No posts match"),
    "alerts.title": ("告警历史", "Alert history"),
    "alerts.none": ("暂无告警", "No alerts"),
    "alerts.ack": ("确认", "Acknowledge"),
    "alerts.acked": ("已确认", "acknowledged"),
    "alerts.status": ("状态", "Status"),
    "alerts.pairing": ("合作", "Pairing"),
    "alerts.message": ("内容", "Message"),
    "deliveries.title": ("Webhook 投递记录", "Webhook deliveries"),
    "deliveries.none": ("暂无投递", "No deliveries yet"),
    "deliveries.channel": ("通道", "Channel"),
    "deliveries.outcome": ("结果", "Outcome"),
    "deliveries.http": ("HTTP 状态", "HTTP status"),
    "deliveries.ms": ("耗时（毫秒）", "Time (ms)"),
    "deliveries.test": ("测试", "test"),
    "deliveries.message": ("消息", "Message"),
    "controls.title": ("分析师操作", "Analyst controls"),
    "irrelevant": ("标为无关", "Mark irrelevant"),
    "reason": ("原因", "Reason"),
    "alias.exclude": ("排除别名", "Exclude alias"),
    "alias": ("别名", "Alias"),
    "override.set": ("人工决定", "Override decision"),
    "override.choose": ("选择决定…", "Choose a decision…"),
    "override.revoke": ("撤销人工决定", "Revoke override"),
    "revoked": ("已撤销", "revoked"),
    "submit": ("提交", "Submit"),
    "controls.irrelevant": ("已标为无关的帖子", "Posts marked irrelevant"),
    "controls.aliases": ("已排除的别名", "Excluded aliases"),
    "controls.overrides": ("人工决定记录", "Override history"),
    # Setup forms.
    "setup.brand": ("添加品牌", "Add a brand"),
    "setup.kol": ("添加 KOL", "Add a KOL"),
    "setup.watch": ("添加监控", "Add a watch"),
    "setup.webhook": ("添加 Webhook", "Add a webhook"),
    "name": ("名称", "Name"),
    "aliases.hint": ("别名（逗号分隔）", "Aliases (comma-separated)"),
    "fandom": ("粉丝名（逗号分隔）", "Fandom names (comma-separated)"),
    "competitors": ("竞品（逗号分隔）", "Competitors (comma-separated)"),
    "executives": (
        "高管（每行：姓名 | 平台 | uid | 昵称）",
        "Executives (one a line: name | platform | uid | handle)",
    ),
    "owned": (
        "官方账号（每行：平台 | uid | 昵称）",
        "Owned accounts (one a line: platform | uid | handle)",
    ),
    "accounts": (
        "平台账号（每行：平台 | uid | 昵称）",
        "Accounts (one a line: platform | uid | handle)",
    ),
    "accounts.platforms": ("平台：", "Platforms: "),
    "tieba_bars": ("贴吧（吧名，逗号分隔）", "Tieba bars (bar names, comma-separated)"),
    "kind": ("类型", "Kind"),
    "url": ("地址", "URL"),
    "secret": ("机器人密钥（钉钉/飞书加签时填写）", "Robot secret (DingTalk / Feishu signing)"),
    "min_level": ("最低等级", "Minimum level"),
    "all_watches": ("全部监控", "all watches"),
    "language": ("消息语言", "Message language"),
    "created": ("已创建", "Created"),
    "secret.once": (
        "签名密钥只显示这一次，请立即保存：",
        "The signing secret is shown this once; store it now:",
    ),
    "existing": ("已有", "Existing"),
    "disabled": ("已停用", "disabled"),
    "done.irrelevant": ("已标为无关，评估已更新", "Marked irrelevant; the assessment is updated"),
    "done.alias": ("已排除别名，评估已更新", "Alias excluded; the assessment is updated"),
    "done.override": ("已记录人工决定", "Override recorded"),
    "done.revoke": ("已撤销人工决定", "Override revoked"),
    "done.ack": ("已确认告警", "Alert acknowledged"),
    "done.brand": ("已添加品牌", "Brand added"),
    "done.kol": ("已添加 KOL", "KOL added"),
    "taken.brand": (
        "已有同名的品牌，请换一个名称（已有的品牌列在下方）",
        "A brand of this name exists already: choose another name (see the list below)",
    ),
    "taken.kol": (
        "已有同名的 KOL，请换一个名称（已有的 KOL 列在下方）",
        "A KOL of this name exists already: choose another name (see the list below)",
    ),
    "done.watch": ("已添加监控", "Watch added"),
    "demo.sink": ("演示用接收端", "demo receiver"),
    # Usage (/ui/usage) and shared reports.
    "nav.usage": ("用量", "Usage"),
    "usage.title": ("用量统计", "Usage"),
    "usage.period": ("{first} 至 {last}（北京时间）", "{first} to {last} (Beijing time)"),
    "usage.posts": ("已存帖子", "Posts stored"),
    "usage.api_calls": ("API 调用", "API calls"),
    "usage.collection": ("采集请求", "Collection requests"),
    "usage.deliveries": ("告警投递", "Alert deliveries"),
    "usage.delivered": ("成功", "delivered"),
    "usage.failed": ("失败或重试", "failed or retried"),
    "usage.by_platform": ("按平台", "By platform"),
    "usage.per_day": ("按天", "Per day"),
    "usage.none": ("暂无数据", "nothing yet"),
    "usage.admin_only": ("用量统计需要管理员（admin）权限", "Usage needs an admin key or role"),
    "shared.readonly": (
        "这是一份分享报告中引用的存档帖子，只读。",
        "An archived post cited by a shared report (read-only).",
    ),
    "err.removed_on_request": ("在请求下删除（{day}）", "removed on request ({day})"),
    # Errors and the archived post.
    "error": ("出错了", "Something went wrong"),
    "back": ("返回", "Back"),
    "post.title": ("存档帖子", "Archived post"),
    "post.kind": ("类型", "Kind"),
    "post.id": ("平台 ID", "Platform id"),
    "tombstone": ("平台已删除", "removed by the platform"),
    "metrics": ("互动", "Metrics"),
    "metrics.likes": ("赞", "likes"),
    "metrics.reposts": ("转发", "reposts"),
    "metrics.comments": ("评论", "comments"),
    "metrics.views": ("播放", "views"),
    "raw": ("原始数据", "Raw"),
}

_REPORT: dict[str, tuple[str, str]] = {
    "report.title": ("签约前风险报告", "Pre-contract risk report"),
    "decision": ("结论", "Decision"),
    "level": ("风险等级", "Level"),
    "score": ("风险分", "Score"),
    "confidence": ("置信度", "Confidence"),
    "confidence.low": ("偏低", "low"),
    "provisional": ("初步判断 · 数据不足", "Preliminary · not enough data"),
    "provisional.why": (
        "置信度偏低，这只是初步判断：补上下面缺少的数据后再下结论。",
        "Confidence is low: a first reading until the gaps below are filled.",
    ),
    "shortfalls": ("还缺什么", "What is missing"),
    "as_of": ("评估时间", "As of"),
    "generated": ("生成时间", "Generated"),
    "reasons": ("主要原因", "Why"),
    "components": ("各项风险与证据", "Components and evidence"),
    "weight": ("权重", "weight"),
    "timeline": ("时间线", "Timeline"),
    "timeline.caption": (
        "每日帖子数（柱，左轴）与负面占比（线，右轴），虚线为合作传闻/泄露开始",
        "Posts per day (bars, left axis) and negative share (line, right axis); dashed lines "
        "mark where collaboration talk (a leak or rumour) starts",
    ),
    "timeline.recent": ("最近 {days} 天", "The last {days} days"),
    "timeline.full": ("全部 {days} 天", "All {days} days"),
    "timeline.per_bar": ("（每柱 {days} 天）", " ({days} days a bar)"),
    "stance": ("KOL 对品牌方的立场记录", "The KOL's stance toward the brand's side"),
    "stance.shown": ("显示最近 {shown} 条，共 {total} 条", "the latest {shown} of {total}"),
    "coverage": ("数据覆盖", "Coverage"),
    "not_collected": ("未能采集", "Not collected"),
    "not_collected.listings": ("次查询", "listings"),
    "not_collected.details": ("查询明细（{n} 条）", "The {n} listings"),
    "all_collected": (
        "所有采集任务最近一次均成功",
        "Every collection query succeeded on its last run",
    ),
    "no_collection": (
        "尚无采集记录（数据来自导入或推送）",
        "No collection runs yet (posts came from imports or the push API)",
    ),
    "override": ("团队决定", "Team decision"),
    "computed": ("系统结论", "Computed decision"),
    "rationale": ("理由", "Rationale"),
    "by": ("记录人", "by"),
    "replay": ("回放", "Replay"),
    "notes": ("说明", "Notes"),
    "date": ("日期", "Date"),
    "platform": ("平台", "Platform"),
    "author": ("作者", "Author"),
    "followers": ("粉丝", "Followers"),
    "quote": ("原文", "Quote"),
    "link": ("链接", "Link"),
    "sentiment": ("情感", "Sentiment"),
    "cues": ("线索", "Cues"),
    "posts": ("帖子", "Posts"),
    "from": ("起", "From"),
    "to": ("止", "To"),
    "query": ("查询", "Query"),
    "last_success": ("最近成功", "Last success"),
    "last_error": ("最近失败", "Last error"),
    "error_kind": ("原因", "Cause"),
    "items": ("条目", "Items"),
    "towards": ("对象", "Towards"),
    "no_evidence": ("无证据帖子", "no evidence posts"),
    "no_days": ("暂无按日统计", "no daily counts yet"),
    "source": ("原帖", "source"),
    "archived": ("存档", "archived"),
    "pending_posts": ("条帖子尚未打分", "posts not scored yet"),
    "brand": ("品牌", "Brand"),
    "kol": ("KOL", "KOL"),
    "stage": ("阶段", "Stage"),
    "rumour_mark": ("传闻", "rumour"),
    "negative_share": ("负面占比", "negative share"),
    "per_day": ("每日帖子", "posts per day"),
    "page": ("第 {page} 页，共 {pages} 页", "page {page} of {pages}"),
    "model": ("模型", "model"),
    "watch": ("监控", "Watch"),
    "also_quoted": ("证据同上", "quotes as above"),
}

# Codes, worded: `<kind>.<code>`. English mostly reads as the code itself, made readable.
_CODES: dict[str, dict[str, tuple[str, str]]] = {
    "d": {
        c: (DECISION_ZH[c], e)
        for c, e in (("go", "GO"), ("caution", "CAUTION"), ("no_go", "NO-GO"))
    },
    "l": {c: (LEVEL_ZH[c], c) for c in LEVEL_ZH},
    "c": {check.name: (check.zh, check.en) for check in CHECKS},
    "platform": {p.name: (p.zh, p.en) for p in PLATFORMS},
    "err": {c: (zh, c.replace("_", " ")) for c, zh in ERROR_KIND_ZH.items()},
    "stage": {
        "shortlisted": ("候选", "shortlisted"),
        "negotiating": ("洽谈中", "negotiating"),
        "signed": ("已签约", "signed"),
        "live": ("合作中", "live"),
        "ended": ("已结束", "ended"),
        "dropped": ("已放弃", "dropped"),
    },  # fmt: skip
    "s": {
        "contempt": ("蔑视粉丝", "contempt for fans"),
        "hostile": ("敌视品牌", "hostile to the brand"),
        "critical": ("批评产品", "criticises products"),
        "neutral": ("中性", "neutral"),
        "friendly": ("友好", "friendly"),
        "competitor": ("谈及竞品", "about a competitor"),
    },
    "r": {
        "brand": ("品牌", "brand"),
        "fandom": ("粉丝群体", "fans"),
        "executive": ("高管", "executives"),
        "owned": ("官方账号", "official accounts"),
        "competitor": ("竞品", "competitor"),
        "kol": ("KOL", "KOL"),
    },  # fmt: skip
    "sent": {
        "negative": ("负面", "negative"),
        "neutral": ("中性", "neutral"),
        "positive": ("正面", "positive"),
    },  # fmt: skip
    "alert": {
        "firing": ("告警中", "firing"),
        "resolved": ("已解除", "resolved"),
    },  # fmt: skip
    "event": {
        "firing": ("风险预警", "risk alert"),
        "escalated": ("风险升级", "risk escalated"),
        "resolved": ("风险解除", "risk resolved"),
        "repeat": ("风险仍在持续", "still at risk"),
        "summary": ("批量变化", "summary"),
        "webhook_disabled": ("通道已停用", "channel disabled"),
        "test": ("测试消息", "test message"),
    },  # fmt: skip
    "outcome": {
        "delivered": ("已送达", "delivered"),
        "failed": ("失败", "failed"),
        "retry": ("稍后重试", "will retry"),
        "disabled": ("通道已停用", "channel disabled"),
    },  # fmt: skip
    "hook": {kind: channel.labels for kind, channel in CHANNELS.items()},
    "post": {
        "post": ("帖子", "post"),
        "comment": ("评论", "comment"),
        "repost": ("转发", "repost"),
        "article": ("文章", "article"),
        "video": ("视频", "video"),
    },  # fmt: skip
    "cue": {
        "collab": ("合作", "collaboration"),
        "controversy": ("争议", "controversy"),
        "withdrawal": ("退出", "withdrawal"),
    },  # fmt: skip
    # The sentiment library's notes on a cue, as in "[微笑] (sarcastic)".
    "note": {
        "sarcastic": ("反讽", "sarcastic"),
        "negated": ("否定", "negated"),
        "lapsed": ("不再支持", "lapsed"),
        "lapsed support": ("转粉为黑", "lapsed support"),
        "mock praise": ("反讽夸奖", "mock praise"),
        "mock congratulations": ("反讽祝贺", "mock congratulations"),
        "mock disbelief": ("反讽质疑", "mock disbelief"),
        "rhetorical": ("反问", "rhetorical"),
        "fandom contempt": ("蔑视粉丝", "fandom contempt"),
        "contempt": ("蔑视", "contempt"),
        "hostile": ("敌意", "hostile"),
        "dismissive": ("不屑", "dismissive"),
        "greed": ("逐利", "greed"),
        "scorning fans": ("骂粉丝", "scorning fans"),
        "defending the deal": ("为合作辩护", "defending the deal"),
        "calling the backlash an overreaction": ("认为小题大做", "overreaction"),
    },  # fmt: skip
    "lang": {"zh": ("中文", "Chinese"), "en": ("英文", "English")},
}

# The audit log page (app/ui/audit.py words actions, actor kinds and object types with label()).
_AUDIT: dict[str, tuple[str, str]] = {
    "audit.title": ("操作记录", "Audit log"),
    "audit.hint": (
        "谁在何时改了什么（密钥、密码等机密只记“已修改”，不记内容）。",
        "Who changed what, when (secrets are recorded as changed, never their value).",
    ),
    "audit.object_id": ("对象 ID", "Object id"),
    "audit.object_type": ("对象类型", "Object type"),
    "audit.at": ("时间", "When"),
    "audit.who": ("操作人", "Who"),
    "audit.action": ("操作", "Action"),
    "audit.object": ("对象", "Object"),
    "audit.changes": ("变更", "Changes"),
    "audit.none": ("没有符合条件的记录", "No entries match"),
    **{
        f"audit.kind.{code}": words
        for code, words in {
            "key": ("API 密钥", "API key"), "person": ("用户", "person"),
            "cli": ("命令行", "command line"), "share": ("分享链接", "shared link"),
        }.items()
    },
    **{
        f"audit.type.{code}": words
        for code, words in {
            "brand": ("品牌", "brand"), "kol": ("KOL", "KOL"), "watch": ("监控", "watch"),
            "webhook": ("Webhook", "webhook"), "alert": ("告警", "alert"),
            "api_key": ("API 密钥", "API key"), "user": ("用户", "person"),
            "collection_platform": ("采集平台", "collection platform"),
            "risk_rules": ("风险规则", "risk rules"),
            "share": ("分享报告", "shared report"), "author": ("作者（个人信息）", "author"),
            "tenant": ("租户", "tenant"),
        }.items()
    },
    **{
        f"audit.action.{code}": (zh, code.replace("_", " "))
        for code, zh in {
            "create": "创建", "update": "修改", "delete": "删除", "revoke": "撤销",
            "disable": "停用", "enable": "启用", "rotate_secret": "轮换密钥", "ack": "确认告警",
            "mark_irrelevant": "标为无关", "unmark_irrelevant": "取消无关",
            "exclude_alias": "排除别名", "include_alias": "恢复别名",
            "set_override": "人工决定", "revoke_override": "撤销人工决定",
            "add_silence": "静默告警", "remove_silence": "取消静默", "set_password": "重设密码",
            "open": "打开", "find": "查询个人信息", "erase": "删除个人信息",
        }.items()
    },
}  # fmt: skip

# Form errors: pydantic's error types, and the fields the dashboard's forms send.
_FORMS: dict[str, tuple[str, str]] = {
    "form.invalid": (
        "表单有误，请按下面的提示修改后重新提交：",
        "The form has problems; fix them and send it again:",
    ),
    "form.problem": ("请检查这一项", "check this value"),
    "pydantic.missing": ("必填", "required"),
    "pydantic.string_too_short": (
        "太短（至少 {min_length} 个字符）",
        "too short (at least {min_length} characters)",
    ),
    "pydantic.string_too_long": (
        "太长（最多 {max_length} 个字符）",
        "too long (at most {max_length} characters)",
    ),
    "pydantic.too_long": ("太多（最多 {max_length} 项）", "too many (at most {max_length})"),
    "pydantic.literal_error": ("只能是：{expected}", "must be one of: {expected}"),
    "pydantic.enum": ("只能是：{expected}", "must be one of: {expected}"),
    "pydantic.url_parsing": ("不是有效的网址", "not a valid URL"),
    "pydantic.url_scheme": (
        "网址须以 http:// 或 https:// 开头",
        "the URL must start with http:// or https://",
    ),
    "pydantic.name_too_short": (
        "「{value}」太短，无法可靠匹配（至少 {min} 个字符）",
        "'{value}' is too short to match reliably (at least {min} characters)",
    ),
    "pydantic.account_needs_id": (
        "账号需要 uid 或昵称（或两者）",
        "an account needs a uid, a handle, or both",
    ),
    "pydantic.bar_needs_name": ("贴吧需要吧名", "a Tieba bar needs a name"),
    "field.name": ("名称", "name"),
    "field.aliases": ("别名", "aliases"),
    "field.fandom_names": ("粉丝名", "fandom names"),
    "field.competitors": ("竞品", "competitors"),
    "field.executives": ("高管", "executives"),
    "field.owned_accounts": ("官方账号", "owned accounts"),
    "field.accounts": ("平台账号", "accounts"),
    "field.tieba_bars": ("贴吧", "Tieba bars"),
    "field.platform": ("平台", "platform"),
    "field.uid": ("uid", "uid"),
    "field.handle": ("昵称", "handle"),
    "field.brand_id": ("品牌", "brand"),
    "field.kol_id": ("KOL", "KOL"),
    "field.stage": ("阶段", "stage"),
    "field.kind": ("类型", "kind"),
    "field.url": ("地址", "URL"),
    "field.secret": ("机器人密钥", "robot secret"),
    "field.min_level": ("最低等级", "minimum level"),
    "field.language": ("消息语言", "message language"),
    "field.decision": ("决定", "decision"),
    "field.rationale": ("理由", "rationale"),
    "field.reason": ("原因", "reason"),
    "field.alias": ("别名", "alias"),
    "field.post_id": ("帖子", "post"),
    "status.400": ("请求有误", "Bad request"),
    "status.401": ("需要登录", "Sign-in needed"),
    "status.403": ("没有权限", "Not allowed"),
    "status.404": ("找不到", "Not found"),
    "status.409": ("与现有数据冲突", "Conflict"),
    "status.410": ("已删除或已失效", "Gone"),
    "status.422": ("填写有误", "Check the input"),
    "status.413": ("内容太大", "Too large"),
    "status.500": ("服务器出错", "Server error"),
    "status.503": ("暂时无法完成", "Unavailable"),
    "err.watch_exists": ("这个品牌和 KOL 已在监控中", "This brand and KOL are already watched"),
    "err.already_irrelevant": ("这条帖子已标为无关", "This post is already marked irrelevant"),
    "err.alias_excluded": ("别名「{alias}」已排除", "The alias {alias} is already excluded"),
    "err.alert_resolved": ("告警已解除，无需确认", "The alert is resolved: nothing to acknowledge"),
    "err.csrf": ("页面已过期：请刷新页面后重新提交", "The page is stale: reload it and send again"),
}

# Search, export, the shortlist comparison and fit (issue 20: search and fit).
_SEARCH_FIT: dict[str, tuple[str, str]] = {
    "search.q": ("搜索文字", "Search text"),
    "search.hint": (
        "如：翻车、续航（单字只在本监控内搜）",
        "e.g. 翻车 (one character: this watch only)",
    ),
    "export.title": ("导出当前筛选", "Export this filtered list"),
    "export.csv": ("导出 CSV（Excel 可直接打开）", "Export CSV (opens in Excel)"),
    "export.xlsx": ("导出 Excel (XLSX)", "Export Excel (XLSX)"),
    "cand.title": ("候选 KOL 对比", "Shortlist comparison"),
    "cand.link": ("候选 KOL 对比", "Compare the shortlist"),
    "cand.none": ("这个品牌还没有监控中的 KOL。", "No KOL is watched for this brand yet."),
    "cand.kol": ("KOL", "KOL"),
    "cand.change": ("较上周", "Since last week"),
    "cand.change_none": ("无一周前的记录", "no reading a week old"),
    "cand.top_reason": ("首要原因", "Top reason"),
    "cand.risk": ("风险（是否会引发反弹）", "Risk (would it backfire?)"),
    "cand.fit": (
        "契合度（是否适合品牌，与风险分开）",
        "Fit (is it right for the brand? kept apart from risk)",
    ),
    "cand.sort": ("排序", "Sort by"),
    "cand.report": ("对比报告", "Comparison report"),
    "cand.generated": ("生成于", "Generated"),
    "cand.brand_tone": ("品牌调性", "Brand tone"),
    "cand.category": ("品类", "Category"),
    "fit.score": ("契合分", "Fit score"),
    "fit.confidence": ("契合度置信度", "Fit confidence"),
    "fit.kol_tone": ("KOL 调性", "KOL tone"),
    "fit.gaps": ("数据不足之处", "What is thin or missing"),
    "fit.evidence": ("依据", "Evidence"),
    "fit.part.category": ("品类内容占比", "Share about the category"),
    "fit.part.tone": ("尖刻内容占比（轻蔑、讽刺、攻击）", "Share with contempt, sarcasm or attack"),
    "fit.part.audience": (
        "受众重合（评论者中的品牌粉丝）",
        "Audience overlap (commenters who are fans)",
    ),
    "fit.part.past_work": ("品类内的商业合作", "Paid work in the category"),
    "tone.gentle": ("温和", "gentle"),
    "tone.neutral": ("中性", "neutral"),
    "tone.sharp": ("犀利", "sharp"),
    "brand.category": ("品类（契合度用）", "Category (for fit)"),
    "brand.category_words": ("品类词（逗号分隔）", "Category words (comma-separated)"),
    "brand.tone": ("希望 KOL 的调性", "Tone wanted from a KOL"),
    "brand.fit_save": ("保存契合度设置", "Save fit settings"),
    "done.fit": ("契合度设置已保存。", "Fit settings saved."),
    "fit.msg.category": (
        "{total} 条本人帖子中 {found} 条属于该品类",
        "{found} of {total} own posts are about the category",
    ),
    "fit.msg.tone": (
        "{total} 条本人帖子中 {found} 条带轻蔑、讽刺或攻击",
        "{found} of {total} own posts carry contempt, sarcasm or attack",
    ),
    "fit.msg.audience": (
        "{total} 个评论该 KOL 的账号中 {found} 个也以品牌粉丝身份发言",
        "{found} of {total} accounts commenting on the KOL also speak as the brand's fans",
    ),
    "fit.msg.past_work": (
        "{found} 条本人帖子是该品类的商业合作",
        "{found} own posts show paid or partner work in the category",
    ),
    "fit.msg.no_words": ("品牌未设置品类词", "the brand has no category words set"),
    "fit.msg.no_posts": ("没有该 KOL 本人的帖子", "no posts by the KOL stored"),
    "fit.msg.no_scores": ("该 KOL 的帖子尚未评分", "no scored posts by the KOL"),
    "fit.msg.no_comments": (
        "未采集到该 KOL 帖子下的评论",
        "no comments under the KOL's posts collected",
    ),
    "fit.msg.thin": (
        "只有 {posts} 条本人帖子：数据偏少",
        "only {posts} own posts stored: thin data",
    ),
    "sort.score": ("风险分（低在前）", "Risk score (lowest first)"),
    "sort.-fit": ("契合分（高在前）", "Fit (best first)"),
    "sort.decision": ("结论", "Decision"),
    "sort.-followers": ("粉丝数（多在前）", "Followers (most first)"),
    "sort.-change": ("较上周变化（升得多在前）", "Change (largest rise first)"),
}

# The KOL dossier page (app/ui/dossier.py, issue 20): who a KOL is, commercially.
_DOSSIER: dict[str, tuple[str, str]] = {
    "dossier.title": ("商业档案", "Dossier"),
    "dossier.for_brand": ("对照品牌：{brand}", "For the brand: {brand}"),
    "dossier.open": ("KOL 商业档案", "KOL dossier"),
    "dossier.hint": (
        "根据已存档的帖子整理：账号、发帖节奏、互动水平和商业合作记录；每条合作都链接到原帖存档。",
        "From the stored posts: accounts, posting rhythm, engagement and deals; every deal "
        "links to its archived post.",
    ),
    "dossier.accounts": ("账号", "Accounts"),
    "dossier.account": ("账号", "Account"),
    "dossier.followers": ("粉丝数", "Followers"),
    "dossier.change": ("粉丝变化", "Change"),
    "dossier.history": ("粉丝记录（按采集日）", "Followers as collected (by day)"),
    "dossier.own_posts": ("本人帖子", "Own posts"),
    "dossier.rhythm": ("发帖节奏", "Posting rhythm"),
    "dossier.per_week": ("近 90 天每周", "Per week (90 days)"),
    "dossier.last_30": ("近 30 天", "Last 30 days"),
    "dossier.gap": ("发帖间隔中位数（小时）", "Median gap (hours)"),
    "dossier.hours": ("最常发帖时段（北京时间）", "Busiest hours (Beijing time)"),
    "dossier.first_last": ("最早 / 最近", "First / latest"),
    "dossier.engagement": ("互动水平（每条中位数）", "Typical engagement (median per post)"),
    "dossier.likes": ("点赞", "Likes"),
    "dossier.comments": ("评论", "Comments"),
    "dossier.reposts": ("转发", "Reposts"),
    "dossier.commercial": ("商业合作记录", "Commercial history"),
    "dossier.none": ("未发现", "None found"),
    "dossier.brands": ("品牌", "Brands"),
    "dossier.markers": ("标记", "Markers"),
    "dossier.date": ("日期", "Date"),
    "dossier.quote": ("原文", "Quote"),
    "dossier.competitor_deals": ("与竞品的合作", "Deals with competitors"),
    "dossier.competitors": ("竞品：{names}", "Competitors: {names}"),
    "dossier.no_competitors": (
        "这个品牌还没有设置竞品（在“添加与设置”里填写）。",
        "This brand has no competitors set (add them under Add & settings).",
    ),
    "dossier.within": ("近 {days} 天内，计入风险", "within {days} days: counts in the risk"),
    "dossier.older": ("较早", "older"),
    "dossier.days_ago": ("{days} 天前", "{days} days ago"),
    "dossier.brand_deals": (
        "与本品牌的过往合作及粉丝反应", "Past work with the brand, and how fans took it",
    ),
    "dossier.reception": (
        "{replies} 条回复：{negative} 负面 · {neutral} 中性 · {positive} 正面 · {unscored} 未打分",
        "{replies} replies: {negative} negative · {neutral} neutral · {positive} positive · "
        "{unscored} unscored",
    ),
    "dossier.risk_view": ("风险引擎记录", "From the risk engine"),
    "dossier.stance": ("立场记录", "Stance history"),
    "dossier.read": ("读取了 {posts} 条本人帖子", "{posts} own posts read"),
}  # fmt: skip

CATALOGUE: dict[str, tuple[str, str]] = {
    **_PAGES,
    **_DOSSIER,
    **_REPORT,
    **{f"{kind}.{code}": words for kind, codes in _CODES.items() for code, words in codes.items()},
    **_FORMS,
    **_AUDIT,
    **_SEARCH_FIT,
}


def pick_lang(value: str | None) -> Lang:
    return "en" if value == "en" else "zh"


def translate(lang: str, key: str, **values: object) -> str:
    """The label in lang. A key the catalogue lacks reads as itself (a missing label never
    breaks a page; tests/app/ui/test_i18n.py finds them)."""
    words = CATALOGUE.get(key)
    text = key if words is None else words[1 if lang == "en" else 0]
    return text.format(**values) if values else text


def label(lang: str, kind: str, code: str | None) -> str:
    """A code in words (`label("zh", "stage", "live")` → 合作中); an unknown code as itself."""
    if code is None:
        return "—"
    words = CATALOGUE.get(f"{kind}.{code}")
    return code if words is None else words[1 if lang == "en" else 0]


_NOTE = re.compile(r"^(?P<term>.*?)\s*\((?P<note>[a-z][a-z ]*)\)$")


def cue_label(lang: str, cue: str) -> str:
    """A cue as a reader says it: "collab:投了" → 合作：投了, "[微笑] (sarcastic)" → [微笑]（反讽）.
    In Chinese an English note the catalogue lacks is dropped rather than shown."""
    colon, (left, right) = ("：", ("（", "）")) if lang == "zh" else (": ", (" (", ")"))
    kind, sep, term = cue.partition(":")
    if sep and f"cue.{kind}" in CATALOGUE:
        return f"{label(lang, 'cue', kind)}{colon}{term}"
    noted = _NOTE.match(cue)
    if noted is None:
        return cue
    if f"note.{noted.group('note')}" not in CATALOGUE:
        return noted.group("term") if lang == "zh" else cue
    return f"{noted.group('term')}{left}{label(lang, 'note', noted.group('note'))}{right}"


def template_words(lang: Lang) -> dict[str, object]:
    """What every template reads its words through: t(key), code(kind, code), cue(cue)."""
    return {
        "lang": lang,
        "t": partial(translate, lang),
        "code": partial(label, lang),
        "cue": partial(cue_label, lang),
    }
