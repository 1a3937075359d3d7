"""Labels in Chinese (the default) and English, shared by the report and the dashboard."""

from __future__ import annotations

from typing import Literal

from app.risk.messages import COMPONENT_ZH, DECISION_ZH, LEVEL_ZH

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

ZH: dict[str, str] = {
    "report.title": "签约前风险报告", "decision": "结论", "level": "风险等级", "score": "风险分",
    "confidence": "置信度", "as_of": "评估时间", "generated": "生成时间",
    "reasons": "主要原因", "components": "各项风险与证据", "weight": "权重",
    "timeline": "时间线",
    "timeline.caption": "每日帖子数（柱）与负面占比（线），虚线为合作传闻/泄露开始",
    "timeline.recent": "最近 {days} 天（同上，放大显示）",
    "stance": "KOL 对品牌方的立场记录", "stance.shown": "显示最近 {shown} 条，共 {total} 条",
    "coverage": "数据覆盖", "not_collected": "未能采集",
    "all_collected": "所有采集任务最近一次均成功",
    "no_collection": "尚无采集记录（数据来自导入或推送）",
    "override": "团队决定", "computed": "系统结论", "rationale": "理由", "by": "记录人",
    "replay": "回放", "notes": "说明", "date": "日期", "platform": "平台", "author": "作者",
    "followers": "粉丝", "quote": "原文", "link": "链接", "sentiment": "情感", "cues": "线索",
    "posts": "帖子", "from": "起", "to": "止", "query": "查询", "last_success": "最近成功",
    "last_error": "最近失败", "error_kind": "错误", "items": "条目", "towards": "对象",
    "no_evidence": "无证据帖子", "no_days": "暂无按日统计", "source": "原帖", "archived": "存档",
    "pending_posts": "条帖子尚未打分", "brand": "品牌", "kol": "KOL", "stage": "阶段",
    "rumour_mark": "传闻", "negative_share": "负面占比", "per_day": "每日帖子",
    # Decision, level and component names are the risk messages' own, so a reason reads the
    # same words as the verdict above it.
    **{f"d.{code}": label for code, label in DECISION_ZH.items()},
    **{f"l.{code}": label for code, label in LEVEL_ZH.items()},
    **{f"c.{code}": label for code, label in COMPONENT_ZH.items()},
    "s.contempt": "蔑视粉丝", "s.hostile": "敌视品牌", "s.critical": "批评产品",
    "s.neutral": "中性", "s.friendly": "友好", "s.competitor": "谈及竞品",
    "r.brand": "品牌", "r.fandom": "粉丝群体", "r.executive": "高管", "r.owned": "官方账号",
    "r.competitor": "竞品", "r.kol": "KOL",
    "sent.negative": "负面", "sent.neutral": "中性", "sent.positive": "正面",
}  # fmt: skip

EN: dict[str, str] = {
    "report.title": "Pre-contract risk report", "decision": "Decision", "level": "Level",
    "score": "Score", "confidence": "Confidence", "as_of": "As of", "generated": "Generated",
    "reasons": "Why", "components": "Components and evidence", "weight": "weight",
    "timeline": "Timeline",
    "timeline.caption": "Posts per day (bars) and negative share (line); dashed lines mark "
    "where collaboration talk (a leak or rumour) starts",
    "timeline.recent": "The last {days} days (as above, zoomed in)",
    "stance": "The KOL's stance toward the brand's side", "stance.shown":
    "the latest {shown} of {total}", "coverage": "Coverage", "not_collected": "Not collected",
    "all_collected": "Every collection query succeeded on its last run",
    "no_collection": "No collection runs yet (posts came from imports or the push API)",
    "override": "Team decision", "computed": "Computed decision", "rationale": "Rationale",
    "by": "by", "replay": "Replay", "notes": "Notes", "date": "Date", "platform": "Platform",
    "author": "Author", "followers": "Followers", "quote": "Quote", "link": "Link",
    "sentiment": "Sentiment", "cues": "Cues", "posts": "Posts", "from": "From", "to": "To",
    "query": "Query", "last_success": "Last success", "last_error": "Last error",
    "error_kind": "Error", "items": "Items", "towards": "Towards",
    "no_evidence": "no evidence posts", "no_days": "no daily counts yet", "source": "source",
    "archived": "archived", "pending_posts": "posts not scored yet", "brand": "Brand",
    "kol": "KOL", "stage": "Stage", "rumour_mark": "rumour", "negative_share": "negative share",
    "per_day": "posts per day",
    "d.go": "GO", "d.caution": "CAUTION", "d.no_go": "NO-GO",
    "l.low": "low", "l.medium": "medium", "l.high": "high", "l.critical": "critical",
    "s.contempt": "contempt for fans", "s.hostile": "hostile to the brand",
    "s.critical": "criticises products", "s.neutral": "neutral", "s.friendly": "friendly",
    "s.competitor": "about a competitor",
    "r.brand": "brand", "r.fandom": "fans", "r.executive": "executives", "r.owned": "official",
    "r.competitor": "competitor", "r.kol": "KOL",
    "c.stance": "stance", "c.controversy": "controversy record", "c.rumour": "rumour reaction",
    "c.velocity": "negative velocity", "c.peer": "peer withdrawal", "c.coverage": "coverage",
    "sent.negative": "negative", "sent.neutral": "neutral", "sent.positive": "positive",
}  # fmt: skip

LABELS: dict[str, dict[str, str]] = {"zh": ZH, "en": EN}


def pick_lang(value: str | None) -> Lang:
    return "en" if value == "en" else "zh"


def translate(lang: str, key: str, **values: object) -> str:
    """The label in lang, else English, else the key (a missing label never breaks a page)."""
    text = LABELS.get(lang, ZH).get(key) or EN.get(key) or key
    return text.format(**values) if values else text
