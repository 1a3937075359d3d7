"""The API, the database model and the dashboard offer exactly the registry's channels."""

import pytest

from alerts.registry import CHANNELS, KINDS
from app.i18n import label


def test_the_openapi_kind_enum_is_the_registry(api):
    schemas = api.get("/openapi.json").json()["components"]["schemas"]
    for name in ("WebhookCreate", "WebhookOut"):
        assert schemas[name]["properties"]["kind"]["enum"] == list(KINDS), name


def test_an_unknown_kind_is_refused_naming_the_field(api):
    response = api.post("/v1/webhooks", json={"kind": "telegram", "url": "http://127.0.0.1:9/x"})
    assert response.status_code == 422
    assert "kind" in response.text


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_can_be_added_and_its_secret_rule_holds(api, kind):
    rule = CHANNELS[kind].secret
    body = {"kind": kind, "url": "http://127.0.0.1:9/x"}
    created = api.post("/v1/webhooks", json=body)
    assert created.status_code == 201, created.text
    assert created.json()["kind"] == kind
    assert (created.json()["secret"] is not None) == (rule == "generated")
    with_secret = api.post("/v1/webhooks", json=body | {"secret": "SECabc"})
    assert with_secret.status_code == (201 if rule == "robot" else 422), with_secret.text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_dashboard_words_every_channel_as_the_registry_does(lang):
    for kind in KINDS:
        assert label(lang, "hook", kind) == CHANNELS[kind].labels[lang == "en"]
