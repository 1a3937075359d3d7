"""The demo's shortlist of three (issue 20): one competitor deal, one paid smear, both visible."""

from app.demo.seed import seed_demo
from sentiment import get_scorer


def _demo(app_client, database, clock):
    key = seed_demo(database, get_scorer(), clock())
    app_client.headers["Authorization"] = f"Bearer {key}"
    kols = {k["name"]: k["id"] for k in app_client.get("/v1/kols").json()}
    watches = {w["kol_id"]: w for w in app_client.get("/v1/watches").json()}
    return kols, watches


def test_the_paid_smear_is_flagged_and_left_out_of_the_backlash(app_client, database, clock):
    kols, watches = _demo(app_client, database, clock)
    watch = watches[kols["小满爱拆机"]]
    risk = app_client.get(f"/v1/watches/{watch['id']}/risk").json()
    assert risk["decision"] == "go"
    assert risk["reasons"][1].startswith("coordinated: 100 % of the negative posts in the last")
    found = next(c for c in risk["components"] if c["name"] == "coordinated")
    assert len(found["evidence"]) == 3
    assert all(e["author"]["followers"] < 10 for e in found["evidence"])
    velocity = next(c for c in risk["components"] if c["name"] == "velocity")
    assert velocity["score"] == 0
    url = f"/v1/watches/{watch['id']}/report"
    english = app_client.get(url, params={"format": "md", "lang": "en"}).text
    assert "coordinated: 100 %" in english
    chinese = app_client.get(url, params={"format": "html", "lang": "zh"}).text
    assert "疑似水军协同刷帖" in chinese
    assert "协同刷帖" in chinese  # the component's heading
    others = [w for k, w in watches.items() if k != kols["小满爱拆机"]]
    for other in others:
        reasons = app_client.get(f"/v1/watches/{other['id']}/risk").json()["reasons"]
        assert not any("coordinated" in r for r in reasons), "organic backlash is not named so"


def test_the_competitor_deal_shows_in_risk_and_dossier(app_client, database, clock):
    kols, watches = _demo(app_client, database, clock)
    watch = watches[kols["苏葵实验室"]]
    risk = app_client.get(f"/v1/watches/{watch['id']}/risk").json()
    assert risk["decision"] == "caution"
    assert any(r.startswith("competitor_deal") and "曜川" in r for r in risk["reasons"])
    dossier = app_client.get(
        f"/v1/kols/{kols['苏葵实验室']}/dossier", params={"brand_id": watch["brand_id"]}
    ).json()
    found = dossier["pairing"]["competitor_deals"]
    deals = {d["competitors"][0]: d["within_window"] for d in found}
    assert deals == {"曜川": True, "朔风": False}
    xiaoman = app_client.get(
        f"/v1/kols/{kols['小满爱拆机']}/dossier", params={"brand_id": watch["brand_id"]}
    ).json()
    assert xiaoman["pairing"]["competitor_deals"] == []
    assert len(xiaoman["pairing"]["brand_deals"]) >= 2  # the running collaboration
