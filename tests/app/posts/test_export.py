"""GET /v1/watches/{id}/posts?format=csv|xlsx: every filtered post as a file Excel opens."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import load_workbook

from app.posts import export
from tests.builders import create_watch, post_item


def _seed(api: Any) -> dict[str, Any]:
    watch = create_watch(api)
    items = [
        post_item(f"k{i}", f"测评老王第{i}条 翻车", created_at=f"2026-11-1{i}T10:00:00+08:00")
        for i in range(3)
    ]
    items.append(post_item("f", '=HYPERLINK("http://x") 测评老王'))
    items.append(post_item("other", "与此无关"))
    assert api.post("/v1/posts", json=items).json()["inserted"] == 5
    return watch


def test_csv_has_a_bom_every_filtered_post_and_chinese_text(api):
    watch = _seed(api)
    response = api.get(f"/v1/watches/{watch['id']}/posts", params={"format": "csv", "q": "翻车"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == list(export.COLUMNS)
    texts = [row[export.COLUMNS.index("text")] for row in rows[1:]]
    assert texts == ["测评老王第2条 翻车", "测评老王第1条 翻车", "测评老王第0条 翻车"]
    assert rows[1][export.COLUMNS.index("created_at")] == "2026-11-12T10:00:00+08:00"


def test_csv_ignores_the_page_size_and_defuses_formulas(api, monkeypatch):
    watch = _seed(api)
    monkeypatch.setattr(export, "PAGE", 1)  # several pages are walked
    response = api.get(f"/v1/watches/{watch['id']}/posts", params={"format": "csv", "limit": 1})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    texts = [row[export.COLUMNS.index("text")] for row in rows[1:]]
    assert len(texts) == 4
    assert '\'=HYPERLINK("http://x") 测评老王' in texts


def test_xlsx_opens_with_the_same_rows_as_text(api):
    watch = _seed(api)
    response = api.get(f"/v1/watches/{watch['id']}/posts", params={"format": "xlsx"})
    assert response.status_code == 200
    assert response.headers["content-type"] == export.MEDIA_TYPES["xlsx"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(export.COLUMNS)
    texts = [row[export.COLUMNS.index("text")] for row in rows[1:]]
    assert len(texts) == 4
    # Stored as a string cell, not a formula.
    assert '=HYPERLINK("http://x") 测评老王' in texts


def test_truncation_past_the_cap_is_said_in_a_header(api, monkeypatch):
    watch = _seed(api)
    monkeypatch.setattr(export, "MAX_ROWS", 2)
    response = api.get(f"/v1/watches/{watch['id']}/posts", params={"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 3
    assert "2" in response.headers["x-kolrisk-export-truncated"]


def test_another_tenants_watch_is_not_found(api, app_client, database):
    from tests.conftest import make_key

    watch = _seed(api)
    other = make_key(database, "other", ["read"])
    response = app_client.get(
        f"/v1/watches/{watch['id']}/posts",
        params={"format": "csv"},
        headers={"Authorization": f"Bearer {other}"},
    )
    assert response.status_code == 404
