"""/docs loads from this server alone (offline, and where CDNs are unreachable), and the
OpenAPI document declares the bearer scheme so "Authorize" sends the key."""

import re

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('docs') / 'docs.db'}"
    with TestClient(create_app(Settings(database_url=url))) as made:
        yield made


def test_docs_load_every_file_from_this_server(client):
    page = client.get("/docs")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources, "the page loads Swagger UI's files"
    for source in sources:
        assert source.startswith("/"), f"{source} is not served here"
        assert client.get(source).status_code == 200, source
    assert "cdn" not in page.text.lower()
    assert '"validatorUrl": null' in page.text  # no badge fetched from the public validator
    assert '"persistAuthorization": true' in page.text


def test_the_bearer_scheme_is_declared_on_every_v1_operation(client):
    document = client.get("/openapi.json").json()
    scheme = document["components"]["securitySchemes"]["apiKey"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            secured = operation.get("security") == [{"apiKey": []}]
            assert secured == path.startswith("/v1/"), f"{method.upper()} {path}"


def test_bodies_and_answers_say_what_their_fields_mean(client):
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    for name, fields in {
        "BrandCreate": ("name", "fandom_names", "competitors", "owned_accounts"),
        "KolCreate": ("name", "aliases", "accounts"),
        "WatchCreate": ("brand_id", "kol_id", "stage"),
        "WatchOut": ("decision", "score", "confidence", "provisional"),
        "RiskOut": ("decision", "reasons", "confidence", "provisional", "shortfalls"),
    }.items():
        schema = schemas[name]
        for field in fields:
            assert schema["properties"][field].get("description"), f"{name}.{field}"
    assert schemas["BrandCreate"]["examples"][0]["fandom_names"] == ["河粉"]
    assert schemas["WatchCreate"]["examples"]
