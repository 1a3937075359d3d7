"""The demo tells its story: one no-go, one caution, one go, each for the intended reason."""

from app.demo.seed import seed_demo
from sentiment import get_scorer


def test_demo_watches_read_no_go_caution_go(app_client, database, clock):
    key = seed_demo(database, get_scorer(), clock())
    app_client.headers["Authorization"] = f"Bearer {key}"
    kols = {k["id"]: k["name"] for k in app_client.get("/v1/kols").json()}
    outcomes = {}
    for watch in app_client.get("/v1/watches").json():
        risk = app_client.get(f"/v1/watches/{watch['id']}/risk").json()
        outcomes[kols[watch["kol_id"]]] = (risk["decision"], risk["reasons"][0])
    assert outcomes["硬核老刀"][0] == "no_go"
    assert "stance" in outcomes["硬核老刀"][1]
    assert outcomes["苏葵实验室"][0] == "caution"
    assert outcomes["小满爱拆机"][0] == "go"


def test_seeding_twice_adds_nothing_but_a_new_key(database, clock):
    from sqlalchemy import func, select

    from app.models import Post

    first = seed_demo(database, get_scorer(), clock())
    with database.session_scope(write=False) as session:
        posts = session.scalar(select(func.count()).select_from(Post))
    second = seed_demo(database, get_scorer(), clock())
    assert first != second
    with database.session_scope(write=False) as session:
        assert session.scalar(select(func.count()).select_from(Post)) == posts
