"""/v1 bodies are read as JSON whatever Content-Type was declared (curl -d sends a form type),
and a body that is not JSON after all is answered with the header named."""

import pytest

FORM = "application/x-www-form-urlencoded"


@pytest.mark.parametrize("declared", [FORM, "text/plain", None])
def test_a_json_body_is_read_whatever_type_was_declared(api, declared):
    headers = {"content-type": declared} if declared else {}
    created = api.post("/v1/brands", content='{"name": "星河手机"}', headers=headers)
    assert created.status_code == 201, created.text
    assert created.json()["name"] == "星河手机"
    posts = '[{"platform": "weibo", "platform_id": "1", "text": "x", "created_at": "2026-11-20"}]'
    stored = api.post("/v1/posts", content=posts, headers=headers)
    assert stored.json()["inserted"] == 1


def test_a_form_body_is_refused_with_the_header_named(api):
    answer = api.post("/v1/brands", content="name=x", headers={"content-type": FORM})
    assert answer.status_code == 422
    message = answer.json()["message"]
    assert "not valid JSON" in message
    assert f"Content-Type: {FORM}" in message


def test_a_multipart_body_to_a_json_route_names_the_header(api):
    answer = api.post("/v1/brands", files={"file": ("a.json", b'{"name": "x"}')})
    assert answer.status_code == 422
    assert "Content-Type: application/json" in answer.json()["message"]
    assert "multipart/form-data" in answer.json()["message"]


def test_uploads_to_imports_stay_multipart(api):
    line = b'{"platform": "weibo", "platform_id": "9", "text": "x", "created_at": "2026-11-20"}\n'
    answer = api.post("/v1/imports", data={"format": "jsonl"}, files={"file": ("a.jsonl", line)})
    assert answer.status_code == 200, answer.text
    assert answer.json()["inserted"] == 1


def test_forms_of_the_dashboard_are_untouched(app_client):
    answer = app_client.post("/ui/login", data={"key": "nope"}, follow_redirects=False)
    assert answer.status_code == 401  # a form read as a form: the key was wrong, not the body
