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
