"""Collaboration and controversy cues: words that say a deal is rumoured or a scandal exists.

Matched against normalised text (sentiment.normalize). Each list notes where its words come from.
"""

from __future__ import annotations

import hashlib
from typing import Any

import ahocorasick

# How fans and trade press talk about a paid partnership: 恰饭/商单/年框/广子 are platform slang
# for sponsored content and annual frame contracts; 投了 is "(the brand) paid for him"; 加盟 is
# how education and sports brands announce a signing.
COLLABORATION_TERMS = (
    "合作", "恰饭", "商单", "年框", "代言", "投了", "官宣", "广子", "推广", "赞助",
    "签约", "联名", "品牌大使", "挂车", "带货", "植入", "要签", "签下", "推荐官", "大使",
    "加盟", "签他", "签她",
)  # fmt: skip

# Controversy record: court cases, platform sanctions, apologies, ended deals, scandals, and the
# live-commerce scandal words of trade press (被曝, 售假, 货不对板: a product not as sold).
CONTROVERSY_TERMS = (
    "起诉", "诉讼", "被告", "判决", "败诉", "判赔", "赔偿", "名誉权", "诽谤", "侵权",
    "禁言", "封号", "封禁", "永封", "限流", "处罚", "罚款", "通报", "虚假宣传",
    "道歉", "致歉", "解约", "终止合作", "取消合作", "塌房", "翻车", "抄袭", "偷税", "漏税",
    "被曝", "售假", "假货", "货不对板", "成分不符",
)  # fmt: skip

# Peer withdrawal: another creator publicly dropping a deal with the brand, in the words
# creators use when they announce it (不续年框, 不会续约, 推掉, 解约) as well as the formal ones.
WITHDRAWAL_TERMS = (
    "取消年框", "退出合作", "不再合作", "拒绝合作", "不接了", "不续", "解约", "终止合作",
    "取消合作", "结束合作", "终止与", "结束与", "推掉", "拒接", "不合作了", "不再接",
    "不会续", "不再续",
)  # fmt: skip

# Stored posts carry the cues of the vocabulary they were ingested with; the refresh-cues job
# brings them up to this one (app.posts.recue).
VOCABULARY_VERSION = hashlib.sha256(
    repr((COLLABORATION_TERMS, CONTROVERSY_TERMS, WITHDRAWAL_TERMS)).encode()
).hexdigest()[:16]


def _cue_automaton() -> tuple[list[str], Any]:
    """Every "kind:term" in output order, and an automaton from each term to its positions
    there (解约 is both a controversy and a withdrawal cue)."""
    labels = [f"collab:{term}" for term in COLLABORATION_TERMS]
    labels += [f"controversy:{term}" for term in CONTROVERSY_TERMS]
    labels += [f"withdrawal:{term}" for term in WITHDRAWAL_TERMS]
    positions: dict[str, list[int]] = {}
    for index, label in enumerate(labels):
        positions.setdefault(label.split(":", 1)[1], []).append(index)
    automaton = ahocorasick.Automaton()
    for term, indexes in positions.items():
        automaton.add_word(term, tuple(indexes))
    automaton.make_automaton()
    return labels, automaton


_LABELS, _AUTOMATON = _cue_automaton()


def find_cues(text_norm: str) -> list[str]:
    """Cues in a post, as "kind:term", in a stable order: the order of the lists above.

    One pass of an automaton that reports overlapping terms too (合作 inside 终止合作), so the
    result is what testing each term with `in` gives, at a fraction of the cost.
    """
    if not text_norm:
        return []
    found: set[int] = set()
    for _end, indexes in _AUTOMATON.iter(text_norm):
        found.update(indexes)
    return [_LABELS[index] for index in sorted(found)]
