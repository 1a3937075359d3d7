"""Collaboration, controversy and withdrawal cues as fans and creators write them."""

import pytest

from app.posts.cues import find_cues
from sentiment import normalize


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("我决定不续锦鲤的年框了，没法和她出现在同一个合作名单里", "withdrawal:不续"),
        ("锦鲤和Vivi这次合作我也不接了", "withdrawal:不接了"),
        ("之前谈好的探店我推掉了", "withdrawal:推掉"),
        ("我已终止与锦鲤茶饮的年框合作", "withdrawal:终止"),
        ("锦鲤茶饮要签辣评Vivi做新品推荐官？", "collab:要签"),
        ("听说声屿找了拆解王恰饭", "collab:恰饭"),
        ("中超球员被法院判决", "controversy:判决"),
    ],
)
def test_cue_found(text: str, cue: str) -> None:
    found = find_cues(normalize(text))
    assert any(c.startswith(cue) for c in found), found


@pytest.mark.parametrize("text", ["今天测评五款防晒", "续航实测 28 小时", "这杯续杯免费"])
def test_no_cue_in_ordinary_talk(text: str) -> None:
    assert find_cues(normalize(text)) == []


@pytest.mark.parametrize(
    ("text", "cues"),
    [
        # Overlapping terms all count, and the order is the lists' order, not the text's.
        (
            "宣布终止合作",
            ["collab:合作", "controversy:终止合作", "withdrawal:终止合作"],
        ),
        ("解约后道歉，之前是品牌大使", [
            "collab:品牌大使", "collab:大使", "controversy:道歉", "controversy:解约",
            "withdrawal:解约",
        ]),
        ("合作合作", ["collab:合作"]),
        ("", []),
    ],
)  # fmt: skip
def test_every_term_found_once_in_list_order(text: str, cues: list[str]) -> None:
    assert find_cues(text) == cues
