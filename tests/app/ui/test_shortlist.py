"""The dashboard's 候选 KOL 对比 page, its report, the fit form and the watch page's export."""

from __future__ import annotations

import csv
import io

from tests.app.ui.conftest import csrf_of


def _brand_id(ui, demo_key) -> str:
    headers = {"Authorization": f"Bearer {demo_key}"}
    return str(ui.get("/v1/brands", headers=headers).json()[0]["id"])


def test_the_demo_shortlist_of_three_side_by_side(ui, demo_key):
    brand_id = _brand_id(ui, demo_key)
    page = ui.get(f"/ui/brands/{brand_id}/candidates")
    assert page.status_code == 200
    html = page.text
    assert "候选 KOL 对比" in html
    for name in ("硬核老刀", "苏葵实验室", "小满爱拆机"):
        assert name in html
    assert "契合度" in html  # fit, in its own rows
    assert html.count('<div class="decision d-') == 3


def test_the_comparison_report_in_every_format(ui, demo_key):
    brand_id = _brand_id(ui, demo_key)
    url = f"/ui/brands/{brand_id}/candidates/report"
    assert "候选 KOL 对比" in ui.get(url, params={"format": "html"}).text
    markdown = ui.get(url, params={"format": "md"}).text
    assert markdown.startswith("# 候选 KOL 对比")
    assert "硬核老刀" in markdown
    body = ui.get(url, params={"format": "json"}).json()
    assert len(body["candidates"]) == 3
    decisions = {c["kol_name"]: c["decision"] for c in body["candidates"]}
    assert decisions["硬核老刀"] == "no_go"
    assert decisions["小满爱拆机"] == "go"


def test_the_fit_form_saves_the_brand_settings(ui, demo_key):
    brand_id = _brand_id(ui, demo_key)
    page = ui.get(f"/ui/brands/{brand_id}/candidates").text
    saved = ui.post(
        f"/ui/brands/{brand_id}/fit",
        data={
            "csrf": csrf_of(page),
            "category": "耳机",
            "category_words": "耳机，降噪",
            "tone": "sharp",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303
    headers = {"Authorization": f"Bearer {demo_key}"}
    brand = ui.get(f"/v1/brands/{brand_id}", headers=headers).json()
    assert brand["category"] == "耳机"
    assert brand["category_words"] == ["耳机", "降噪"]
    assert brand["tone"] == "sharp"


def test_the_watch_page_searches_and_exports_its_filtered_posts(ui, demo_watches):
    watch_id = demo_watches["硬核老刀"]
    page = ui.get(f"/ui/watches/{watch_id}", params={"q": "投了"}).text
    assert 'id="export"' in page
    assert f"/ui/watches/{watch_id}/posts.csv?q=%E6%8A%95%E4%BA%86" in page
    assert "/ui/brands/" in page  # the link to the shortlist
    exported = ui.get(f"/ui/watches/{watch_id}/posts.csv", params={"q": "投了"})
    assert exported.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert len(rows) > 1
    assert all("投了" in row[9] for row in rows[1:])
    xlsx = ui.get(f"/ui/watches/{watch_id}/posts.xlsx")
    assert xlsx.content[:2] == b"PK"
