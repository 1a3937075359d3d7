"""The dossier page: a KOL's accounts, rhythm, engagement and deals, from a watch's page."""

from __future__ import annotations


def _ids(ui, demo_key, name):
    headers = {"Authorization": f"Bearer {demo_key}"}
    kol = next(k for k in ui.get("/v1/kols", headers=headers).json() if k["name"] == name)
    watch = next(
        w for w in ui.get("/v1/watches", headers=headers).json() if w["kol_id"] == kol["id"]
    )
    return kol["id"], watch


def test_the_watch_page_links_to_the_dossier_with_its_brand(ui, demo_key):
    kol_id, watch = _ids(ui, demo_key, "苏葵实验室")
    page = ui.get(f"/ui/watches/{watch['id']}").text
    assert f'href="/ui/kols/{kol_id}/dossier?brand_id={watch["brand_id"]}"' in page


def test_the_dossier_page_shows_the_competitor_deal_with_its_archived_post(ui, demo_key):
    kol_id, watch = _ids(ui, demo_key, "苏葵实验室")
    page = ui.get(f"/ui/kols/{kol_id}/dossier", params={"brand_id": watch["brand_id"]})
    assert page.status_code == 200
    html = page.text
    assert "与竞品的合作" in html
    competitor_section = html.split('id="competitor-deals"')[1].split("</section>")[0]
    assert "本期视频由曜川赞助" in competitor_section
    assert "近 182 天内，计入风险" in competitor_section
    assert "/ui/posts/pst_" in competitor_section
    english = ui.get(
        f"/ui/kols/{kol_id}/dossier", params={"brand_id": watch["brand_id"], "lang": "en"}
    )
    assert "Deals with competitors" in english.text


def test_a_dossier_without_a_brand_and_an_unknown_kol(ui, demo_key):
    kol_id, _ = _ids(ui, demo_key, "小满爱拆机")
    page = ui.get(f"/ui/kols/{kol_id}/dossier")
    assert page.status_code == 200
    assert 'id="competitor-deals"' not in page.text
    assert "官宣：小满爱拆机和澜屿正式合作啦" in page.text
    assert ui.get("/ui/kols/nope/dossier").status_code == 404
