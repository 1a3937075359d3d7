"""Text no database stores is a 422 wherever it is typed: a lone surrogate or NUL in a JSON
body (names, texts to score...) or NUL in the address. Before, /v1/sentiment answered 500
for a lone surrogate while /v1/brands answered 422, and NUL reached PostgreSQL (500)."""

import pytest

from tests.builders import brand_body

JSON = {"content-type": "application/json"}


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/v1/sentiment", '{"texts": ["x \\ud800 y"]}'),
        ("/v1/sentiment", '{"texts": ["ok", "\\udfff"]}'),
        ("/v1/brands", '{"name": "x \\ud800 y"}'),
        ("/v1/kols", '{"name": "测评老王", "aliases": ["\\udc00别名"]}'),
    ],
)
def test_a_lone_surrogate_anywhere_in_a_body_is_a_422(api, url, body):
    response = api.post(url, content=body, headers=JSON)
    assert response.status_code == 422, response.text
    assert "lone surrogate" in response.json()["message"]


def test_a_surrogate_pair_written_as_escapes_is_text_like_any(api):
    response = api.post("/v1/sentiment", content='{"texts": ["\\ud83d\\ude00 好"]}', headers=JSON)
    assert response.status_code == 200, response.text


def test_nul_in_a_name_is_a_422_on_every_database(api):
    response = api.post("/v1/brands", json=brand_body(name="星河\x00手机"))
    assert response.status_code == 422, response.text
    assert "NUL" in response.json()["message"]
    assert api.get("/v1/brands").json() == []


@pytest.mark.parametrize(
    "url", ["/v1/brands/brd_x%00", "/v1/posts?platform=weibo&platform_id=a%00"]
)
def test_nul_in_the_address_is_a_422(api, url):
    response = api.get(url)
    assert response.status_code == 422, response.text
    assert response.json()["detail"]["fields"][0]["field"] == "address"
