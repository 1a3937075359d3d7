import pytest

from tests.builders import create_watch, kol_body


def create(api, **overrides):
    response = api.post("/v1/kols", json=kol_body(**overrides))
    assert response.status_code == 201, response.text
    return response.json()


def field_problem(response, field):
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == "invalid_input"
    problems = [d["problem"] for d in body["detail"]["fields"] if d["field"] == field]
    assert problems, f"no problem reported on {field!r}: {body['detail']}"
    assert field in body["message"]
    return " ".join(problems)


def test_create_returns_the_object_with_a_string_id(api):
    response = api.post("/v1/kols", json=kol_body())
    assert response.status_code == 201, response.text
    kol = response.json()
    assert isinstance(kol["id"], str)
    assert kol["id"]
    expected = kol_body()
    assert kol["name"] == expected["name"]
    assert kol["aliases"] == expected["aliases"]
    assert kol["accounts"] == expected["accounts"]


def test_list_and_get(api):
    first = create(api)
    second = create(api, name="数码小李", aliases=[], accounts=[])
    assert {k["id"] for k in api.get("/v1/kols").json()} == {first["id"], second["id"]}
    got = api.get(f"/v1/kols/{second['id']}")
    assert got.status_code == 200
    assert got.json() == second


def test_patch_changes_only_the_fields_given(api):
    kol = create(api)
    accounts = [{"platform": "bilibili", "uid": "77", "handle": "老王B站"}]
    response = api.patch(f"/v1/kols/{kol['id']}", json={"accounts": accounts})
    assert response.status_code == 200, response.text
    patched = response.json()
    assert patched["accounts"] == accounts
    assert patched["name"] == kol["name"]
    assert patched["aliases"] == kol["aliases"]
    assert api.get(f"/v1/kols/{kol['id']}").json()["accounts"] == accounts


def test_empty_patch_changes_nothing(api):
    kol = create(api)
    response = api.patch(f"/v1/kols/{kol['id']}", json={})
    assert response.status_code == 200, response.text
    assert {k: v for k, v in response.json().items() if k != "updated_at"} == {
        k: v for k, v in kol.items() if k != "updated_at"
    }


def test_delete_then_not_found(api):
    kol = create(api)
    assert api.delete(f"/v1/kols/{kol['id']}").status_code == 204
    assert api.get(f"/v1/kols/{kol['id']}").status_code == 404
    assert api.patch(f"/v1/kols/{kol['id']}", json={"aliases": []}).status_code == 404
    assert api.get("/v1/kols").json() == []


def test_duplicate_name_is_409(api):
    create(api)
    response = api.post("/v1/kols", json=kol_body(aliases=[]))
    assert response.status_code == 409, response.text
    assert response.json()["error"] == "conflict"
    assert len(api.get("/v1/kols").json()) == 1


def test_deleting_a_watched_kol_is_409_listing_the_watches(api):
    watch = create_watch(api)
    response = api.delete(f"/v1/kols/{watch['kol_id']}")
    assert response.status_code == 409, response.text
    assert response.json()["detail"] == {"fields": [], "watches": [watch["id"]]}
    assert api.get(f"/v1/kols/{watch['kol_id']}").status_code == 200


def test_deleting_a_kol_watched_twice_lists_both_watches(api):
    watch = create_watch(api)
    other_brand = api.post("/v1/brands", json={"name": "青橙手机"}).json()["id"]
    second = api.post("/v1/watches", json={"brand_id": other_brand, "kol_id": watch["kol_id"]})
    assert second.status_code == 201, second.text
    response = api.delete(f"/v1/kols/{watch['kol_id']}")
    assert response.status_code == 409
    listed = sorted(response.json()["detail"]["watches"])
    assert listed == sorted([watch["id"], second.json()["id"]])


@pytest.mark.parametrize("name", ["", "王"])
def test_empty_or_one_character_name_is_422(api, name):
    field_problem(api.post("/v1/kols", json=kol_body(name=name)), "name")


def test_one_character_alias_is_422_saying_why(api):
    problem = field_problem(api.post("/v1/kols", json=kol_body(aliases=["王"])), "aliases.0")
    assert "too short" in problem


def test_unknown_field_is_refused(api):
    body = kol_body()
    body["acounts"] = body.pop("accounts")  # typo
    field_problem(api.post("/v1/kols", json=body), "acounts")
    assert api.get("/v1/kols").json() == []


def test_bad_platform_in_an_account_is_422(api):
    response = api.post("/v1/kols", json=kol_body(accounts=[{"platform": "twitter", "uid": "1"}]))
    problem = field_problem(response, "accounts.0.platform")
    assert "weibo" in problem


def test_account_without_uid_or_handle_is_422(api):
    response = api.post("/v1/kols", json=kol_body(accounts=[{"platform": "weibo", "uid": ""}]))
    problem = field_problem(response, "accounts.0")
    assert "uid" in problem
    assert "handle" in problem


def test_unknown_field_in_an_account_is_refused(api):
    accounts = [{"platform": "weibo", "uid": "1", "handel": "老王"}]
    field_problem(api.post("/v1/kols", json=kol_body(accounts=accounts)), "accounts.0.handel")


@pytest.mark.parametrize("content", [b"{", b"[1,2", b"", b"42"])
def test_malformed_body_is_4xx_not_500(api, content):
    response = api.post("/v1/kols", content=content, headers={"Content-Type": "application/json"})
    assert 400 <= response.status_code < 500, response.text


def test_tieba_bars_are_kept_and_a_bars_only_patch_leaves_the_rest(api):
    kol = create(api, tieba_bars=["测评老王"])
    assert kol["tieba_bars"] == ["测评老王"]
    response = api.patch(f"/v1/kols/{kol['id']}", json={"tieba_bars": ["测评老王", "老王粉丝"]})
    assert response.status_code == 200, response.text
    patched = response.json()
    assert patched["tieba_bars"] == ["测评老王", "老王粉丝"]
    assert {k: v for k, v in patched.items() if k not in ("tieba_bars", "updated_at")} == {
        k: v for k, v in kol.items() if k not in ("tieba_bars", "updated_at")
    }


def test_a_tieba_bar_that_is_not_a_string_is_422(api):
    field_problem(api.post("/v1/kols", json=kol_body(tieba_bars=[3])), "tieba_bars.0")
