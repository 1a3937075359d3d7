"""Message wording in Chinese (the default) and English."""

from __future__ import annotations

TITLES = {
    "zh": {
        "firing": "风险预警",
        "escalated": "风险升级",
        "resolved": "风险解除",
        "repeat": "风险仍在持续",
        "summary": "风险等级批量变化",
        "webhook_disabled": "告警通道已停用",
        "weekly_digest": "kolrisk 定期简报",
        "operator": "kolrisk 运维提醒",
        "test": "kolrisk 测试消息",
        "digest": "kolrisk 风险提醒",
    },
    "en": {
        "firing": "Risk alert",
        "escalated": "Risk escalated",
        "resolved": "Risk resolved",
        "repeat": "Still at risk",
        "summary": "Risk levels changed",
        "webhook_disabled": "Alert channel disabled",
        "weekly_digest": "kolrisk digest",
        "operator": "kolrisk operator alert",
        "test": "kolrisk test message",
        "digest": "kolrisk risk alerts",
    },
}

LEVELS = {
    "zh": {"low": "低", "medium": "中", "high": "高", "critical": "严重"},
    "en": {"low": "low", "medium": "medium", "high": "high", "critical": "critical"},
}

DECISIONS = {
    "zh": {"go": "可以合作", "caution": "谨慎推进", "no_go": "不建议合作"},
    "en": {"go": "go", "caution": "caution", "no_go": "no-go"},
}

PHRASES = {
    "zh": {
        "risk": "风险{level}，建议：{decision}",
        "score": "风险分 {before} → {after}",
        "score_new": "风险分 {after}",
        "reasons": "主要原因",
        "evidence": "证据",
        "source": "原帖",
        "open": "查看详情",
        "more": "……另有 {n} 条，见告警列表",
        "summary_model_change": "情感模型更新后重新评分，{n} 个合作的风险发生变化：",
        "summary_rules": "决策规则调整后，{n} 个合作的风险发生变化：",
        "summary_storm": "{n} 个合作的风险同时发生变化：",
        "count": "{level}：{n} 个",
        "test_body": "这是一条测试消息，说明 kolrisk 可以送达这个通道。",
        "alerts": "告警列表",
        "digest_period": "过去 {days} 天（{first} 至 {last}）",
        "digest_decisions": "合作决策（{n} 个监控）：",
        "digest_watch": "{decision}（风险{level}，{score} 分）",
        "digest_changed": "，由「{before}」改变",
        "digest_posts": "，新增帖子 {n} 条（负面 {negative} 条）",
        "digest_evidence": "新证据：",
        "digest_collection": "采集状况：",
        "digest_collection_ok": "采集正常：{n} 个平台最近一次均成功",
        "digest_no_collection": "本期没有采集记录（数据来自导入或推送）",
        "digest_platform": "{platform}：{listings} 个查询，{failing} 个失败（{kinds}）",
        "operator_login_required": (
            "{platform} 的登录凭证已连续 {hours} 小时失效（login_required），该平台的采集已停止："
            "请更新 Cookie 或数据服务凭证（PUT /v1/collection/platforms/{platform}）。"
        ),
        "operator_collection_lag": (
            "采集落后：{watches} 个监控超过 {minutes} 分钟未按计划采集，后台任务可能已停止。"
        ),
        "operator_job_lag": "后台任务 {job} 已 {minutes} 分钟没有成功运行（{state}）。",
    },
    "en": {
        "risk": "{level} risk, decision: {decision}",
        "score": "score {before} → {after}",
        "score_new": "score {after}",
        "reasons": "Top reasons",
        "evidence": "Evidence",
        "source": "post",
        "open": "Open the watch",
        "more": "…and {n} more, see the alert list",
        "summary_model_change": "After the sentiment model changed, {n} pairings changed risk:",
        "summary_rules": "After the decision rules changed, {n} pairings changed risk:",
        "summary_storm": "{n} pairings changed risk at once:",
        "count": "{level}: {n}",
        "test_body": "This is a test message: kolrisk can reach this channel.",
        "alerts": "Alert list",
        "digest_period": "The last {days} days ({first} to {last})",
        "digest_decisions": "Decisions on the {n} watched pairings:",
        "digest_watch": "{decision} ({level} risk, score {score})",
        "digest_changed": ", was {before}",
        "digest_posts": ", {n} new posts ({negative} negative)",
        "digest_evidence": "New evidence:",
        "digest_collection": "Collection:",
        "digest_collection_ok": "Collection is healthy: the last runs on {n} platforms succeeded",
        "digest_no_collection": "No collection this period (posts came from imports or pushes)",
        "digest_platform": "{platform}: {failing} of {listings} queries failing ({kinds})",
        "operator_login_required": (
            "{platform} credentials have failed for {hours} hours (login_required) and its "
            "collection has stopped: renew the cookie or provider token "
            "(PUT /v1/collection/platforms/{platform})."
        ),
        "operator_collection_lag": (
            "Collection is behind: {watches} watches are more than {minutes} minutes overdue; "
            "background work may have stopped."
        ),
        "operator_job_lag": "Background job {job}: no success for {minutes} minutes ({state}).",
    },
}


def lang(language: str) -> str:
    return language if language in TITLES else "zh"


def title(language: str, key: str) -> str:
    return TITLES[lang(language)].get(key, key)


def phrase(language: str, key: str, **values: object) -> str:
    return PHRASES[lang(language)][key].format(**values)


def level_label(language: str, level: str | None) -> str:
    return LEVELS[lang(language)].get(level or "", level or "?")


def decision_label(language: str, decision: str | None) -> str:
    return DECISIONS[lang(language)].get(decision or "", decision or "?")
