"""An alert about a surge that is partly a paid smear says so among its reasons."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.alerting.events import ingest_transitions
from app.models import AlertEvent

BRAND = {"name": "花漾", "aliases": [], "fandom_names": ["漾粉"], "competitors": []}
KOL = {"name": "小鹿测评", "aliases": [], "accounts": [{"platform": "weibo", "uid": "k1"}]}
TEMPLATES = (
    "小鹿测评收了花漾的钱就开始洗白，这种人也配合作？花漾选人眼光真差，抵制！",
    "听说花漾要和小鹿测评合作，一个天天收钱的博主，花漾这是要自砸招牌吗",
    "花漾官宣小鹿测评的话我立刻退坑，这合作太恶心了，大家一起抵制花漾",
)
FANS = (
    "真的无语，花漾和小鹿测评合作是在打漾粉的脸，失望",
    "作为漾粉，小鹿测评骂过我们多少次了，花漾还要找他合作？寒心",
    "花漾的公关是不是没做功课，和小鹿测评合作我第一个不买，取关了",
    "小鹿测评的黑历史一搜一大把，花漾居然要合作，等官方回应",
    "花漾找小鹿测评合作，老用户都不重要了吗，真的会脱粉",
    "冷静下来想了想，花漾和小鹿测评合作还是接受不了，再见了",
)


def surge(now):
    items = []
    for n in range(30):  # thirty accounts with almost no followers, ten minutes
        items.append(
            {
                "platform": "weibo",
                "platform_id": f"bot-{n}",
                "text": TEMPLATES[n % 3] + "！" * (n % 4),
                "created_at": (now - timedelta(hours=5, seconds=-20 * n)).isoformat(),
                "author": {"uid": f"b{n}", "name": f"用户{n}", "followers": n % 9},
            }
        )
    for n in range(24):  # fans in their own words, over a day
        items.append(
            {
                "platform": "weibo",
                "platform_id": f"fan-{n}",
                "text": FANS[n % 6] + "。" * (n // 6),
                "created_at": (now - timedelta(hours=1 + n)).isoformat(),
                "author": {"uid": f"f{n}", "name": f"漾粉{n}", "followers": 200 + 40 * n},
            }
        )
    return items  # fmt: skip


def test_the_alert_carries_the_coordinated_reason(api, database, clock):
    brand = api.post("/v1/brands", json=BRAND).json()
    kol = api.post("/v1/kols", json=KOL).json()
    watch = api.post("/v1/watches", json={"brand_id": brand["id"], "kol_id": kol["id"]}).json()
    assert api.post("/v1/posts", json=surge(clock())).json()["rejected"] == []
    risk = api.get(f"/v1/watches/{watch['id']}/risk").json()
    assert risk["decision"] in ("caution", "no_go")
    with database.session_scope() as session:
        ingest_transitions(session, clock())
    with database.session_scope(write=False) as session:
        event = session.scalar(select(AlertEvent).where(AlertEvent.watch_id == watch["id"]))
    assert event is not None
    [line] = [r for r in event.payload["reasons"] if r.startswith("coordinated")]
    assert "3 clusters of near-identical text by 30 accounts" in line
    assert any("水军" in r for r in event.payload["reasons_zh"])
