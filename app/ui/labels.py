"""Dashboard labels (Chinese first); report labels come from app.reports.i18n."""

from __future__ import annotations

from app.reports.i18n import translate

UI_ZH: dict[str, str] = {
    "app": "KOL 签约风险", "nav.watches": "监控列表", "nav.setup": "添加与设置",
    "nav.signout": "退出", "lang.switch": "English", "signin": "用 API 密钥登录",
    "signin.key": "API 密钥", "signin.go": "登录", "signin.bad": "密钥无效或已撤销",
    "signin.hint": "密钥只保存在本站的 HttpOnly Cookie 中，不会出现在网址里。",
    "w.brand": "品牌", "w.kol": "KOL", "w.stage": "阶段", "w.decision": "结论",
    "w.level": "等级", "w.trend": "风险走势", "w.collected": "最近采集", "w.alerts": "未关闭告警",
    "w.none": "还没有监控。去「添加与设置」创建品牌、KOL 和监控。", "w.open": "打开",
    "report.formats": "导出报告", "posts.title": "帖子浏览", "posts.filter": "筛选",
    "posts.any": "全部", "posts.since": "起始日期", "posts.until": "截止日期",
    "posts.entity": "同时提及", "posts.more": "下一页", "posts.none": "没有符合条件的帖子",
    "alerts.title": "告警历史", "alerts.none": "暂无告警", "alerts.ack": "确认",
    "alerts.acked": "已确认", "deliveries.title": "Webhook 投递记录",
    "deliveries.none": "暂无投递", "controls.title": "分析师操作",
    "irrelevant": "标为无关", "reason": "原因", "alias.exclude": "排除别名", "alias": "别名",
    "override.set": "人工决定", "override.revoke": "撤销人工决定", "submit": "提交",
    "controls.irrelevant": "已标为无关的帖子", "controls.aliases": "已排除的别名",
    "controls.overrides": "人工决定记录", "setup.brand": "添加品牌", "setup.kol": "添加 KOL",
    "setup.watch": "添加监控", "setup.webhook": "添加 Webhook", "name": "名称",
    "aliases.hint": "别名（逗号分隔）", "fandom": "粉丝名（逗号分隔）",
    "competitors": "竞品（逗号分隔）", "executives": "高管（每行：姓名 | 平台 | uid | 昵称）",
    "owned": "官方账号（每行：平台 | uid | 昵称）",
    "accounts": "平台账号（每行：平台 | uid | 昵称）", "tieba_bars": "贴吧（吧名，逗号分隔）",
    "kind": "类型", "url": "地址", "secret": "机器人密钥（钉钉/飞书加签时填写）",
    "min_level": "最低等级", "all_watches": "全部监控", "language": "消息语言",
    "created": "已创建", "secret.once": "签名密钥只显示这一次，请立即保存：",
    "existing": "已有", "error": "出错了", "back": "返回", "post.title": "存档帖子",
    "tombstone": "平台已删除", "metrics": "互动", "raw": "原始数据",
    "done.irrelevant": "已标为无关，评估已更新", "done.alias": "已排除别名，评估已更新",
    "done.override": "已记录人工决定", "done.revoke": "已撤销人工决定",
    "done.ack": "已确认告警", "done.brand": "已添加品牌", "done.kol": "已添加 KOL",
    "demo.sink": "演示用接收端",
    "shared.readonly": "这是一份分享报告中引用的存档帖子，只读。",
    "nav.usage": "用量", "usage.title": "用量统计", "usage.period": "{first} 至 {last}（北京时间）",
    "usage.posts": "已存帖子", "usage.api_calls": "API 调用", "usage.collection": "采集请求",
    "usage.deliveries": "告警投递", "usage.delivered": "成功", "usage.failed": "失败或重试",
    "usage.by_platform": "按平台", "usage.per_day": "按天", "usage.none": "暂无数据",
    "usage.admin_only": "用量统计需要管理员（admin）密钥",
}  # fmt: skip

UI_EN: dict[str, str] = {
    "app": "KOL deal risk", "nav.watches": "Watches", "nav.setup": "Add & settings",
    "nav.signout": "Sign out", "lang.switch": "中文", "signin": "Sign in with an API key",
    "signin.key": "API key", "signin.go": "Sign in", "signin.bad": "unknown or revoked key",
    "signin.hint": "The key is kept in an HttpOnly cookie of this site, never in a URL.",
    "w.brand": "Brand", "w.kol": "KOL", "w.stage": "Stage", "w.decision": "Decision",
    "w.level": "Level", "w.trend": "Risk trend", "w.collected": "Last collection",
    "w.alerts": "Open alerts", "w.none": "No watches yet: add a brand, a KOL and a watch.",
    "w.open": "open", "report.formats": "Export report", "posts.title": "Posts",
    "posts.filter": "Filter", "posts.any": "any", "posts.since": "From day",
    "posts.until": "Until day", "posts.entity": "Also naming", "posts.more": "Next page",
    "posts.none": "No posts match", "alerts.title": "Alert history", "alerts.none": "No alerts",
    "alerts.ack": "Acknowledge", "alerts.acked": "acknowledged",
    "deliveries.title": "Webhook deliveries", "deliveries.none": "No deliveries yet",
    "controls.title": "Analyst controls", "irrelevant": "Mark irrelevant", "reason": "Reason",
    "alias.exclude": "Exclude alias", "alias": "Alias", "override.set": "Override decision",
    "override.revoke": "Revoke override", "submit": "Submit",
    "controls.irrelevant": "Posts marked irrelevant", "controls.aliases": "Excluded aliases",
    "controls.overrides": "Override history", "setup.brand": "Add a brand",
    "setup.kol": "Add a KOL", "setup.watch": "Add a watch", "setup.webhook": "Add a webhook",
    "name": "Name", "aliases.hint": "Aliases (comma-separated)",
    "fandom": "Fandom names (comma-separated)", "competitors": "Competitors (comma-separated)",
    "executives": "Executives (one a line: name | platform | uid | handle)",
    "owned": "Owned accounts (one a line: platform | uid | handle)",
    "accounts": "Accounts (one a line: platform | uid | handle)", "kind": "Kind", "url": "URL",
    "tieba_bars": "Tieba bars (bar names, comma-separated)",
    "secret": "Robot secret (DingTalk / Feishu signing)", "min_level": "Minimum level",
    "all_watches": "all watches", "language": "Message language", "created": "Created",
    "secret.once": "The signing secret is shown this once; store it now:",
    "existing": "Existing", "error": "Something went wrong", "back": "Back",
    "post.title": "Archived post", "tombstone": "removed by the platform", "metrics": "Metrics",
    "raw": "Raw", "done.irrelevant": "Marked irrelevant; the assessment is updated",
    "done.alias": "Alias excluded; the assessment is updated",
    "done.override": "Override recorded", "done.revoke": "Override revoked",
    "done.ack": "Alert acknowledged", "done.brand": "Brand added", "done.kol": "KOL added",
    "demo.sink": "demo receiver",
    "shared.readonly": "An archived post cited by a shared report (read-only).",
    "nav.usage": "Usage", "usage.title": "Usage",
    "usage.period": "{first} to {last} (Beijing time)",
    "usage.posts": "Posts stored", "usage.api_calls": "API calls",
    "usage.collection": "Collection requests", "usage.deliveries": "Alert deliveries",
    "usage.delivered": "delivered", "usage.failed": "failed or retried",
    "usage.by_platform": "By platform", "usage.per_day": "Per day", "usage.none": "nothing yet",
    "usage.admin_only": "Usage needs an admin key",
}  # fmt: skip

UI_LABELS = {"zh": UI_ZH, "en": UI_EN}


def ui_translate(lang: str, key: str, **values: object) -> str:
    text = UI_LABELS.get(lang, UI_ZH).get(key)
    if text is None:
        return translate(lang, key, **values)
    return text.format(**values) if values else text
