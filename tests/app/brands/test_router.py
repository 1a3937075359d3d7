import pytest

from tests.builders import brand_body, create_watch


def create(api, **overrides):
    response = api.post("/v1/brands", json=brand_body(**overrides))
    assert response.status_code == 201, response.text
    return response.json()


def test_create_returns_the_object_with_a_string_id(api):
    response = api.post("/v1/brands", json=brand_body())
    assert response.status_code == 201, response.text
    brand = response.json()
    assert isinstance(brand["id"], str)
    assert brand["id"]
    expected = brand_body()
    for field in ("name", "aliases", "fandom_names", "competitors", "executives", "owned_accounts"):
        assert brand[field] == expected[field], field
    assert brand["created_at"]
    assert brand["updated_at"]


def test_create_with_only_a_name_defaults_lists(api):
    response = api.post("/v1/brands", json={"name": "青橙"})
    assert response.status_code == 201, response.text
    brand = response.json()
    assert brand["aliases"] == brand["fandom_names"] == brand["competitors"] == []
    assert brand["executives"] == brand["owned_accounts"] == []


def test_names_are_trimmed_and_aliases_deduplicated(api):
    brand = create(api, name="  星河   手机 ", aliases=["星河", "星河", "ＸＨ", "XH"])
    assert brand["name"] == "星河 手机"
    assert brand["aliases"][:1] == ["星河"]
    assert brand["aliases"].count("星河") == 1
    # Full-width and half-width forms normalise to one alias.
    assert len(brand["aliases"]) == 2


def test_list_and_get(api):
    first = create(api)
    second = create(api, name="青橙手机", aliases=[])
    listed = api.get("/v1/brands")
    assert listed.status_code == 200
    assert {b["id"] for b in listed.json()} == {first["id"], second["id"]}
    got = api.get(f"/v1/brands/{first['id']}")
    assert got.status_code == 200
    assert got.json() == first


def test_patch_changes_only_the_fields_given(api):
    brand = create(api)
    response = api.patch(f"/v1/brands/{brand['id']}", json={"aliases": ["星河机", "XH手机"]})
    assert response.status_code == 200, response.text
    patched = response.json()
    assert patched["aliases"] == ["星河机", "XH手机"]
    for field in ("name", "fandom_names", "executives", "competitors", "owned_accounts"):
        assert patched[field] == brand[field], field
    assert api.get(f"/v1/brands/{brand['id']}").json()["aliases"] == ["星河机", "XH手机"]


def test_patch_can_empty_a_list(api):
    brand = create(api)
    response = api.patch(f"/v1/brands/{brand['id']}", json={"competitors": []})
    assert response.status_code == 200, response.text
    assert response.json()["competitors"] == []
    assert response.json()["aliases"] == brand["aliases"]


def test_patch_rename(api):
    brand = create(api)
    response = api.patch(f"/v1/brands/{brand['id']}", json={"name": "星河科技"})
    assert response.status_code == 200, response.text
    assert api.get(f"/v1/brands/{brand['id']}").json()["name"] == "星河科技"


def test_delete_then_not_found(api):
    brand = create(api)
    response = api.delete(f"/v1/brands/{brand['id']}")
    assert response.status_code == 204
    assert response.content == b""
    assert api.get(f"/v1/brands/{brand['id']}").status_code == 404
    assert api.delete(f"/v1/brands/{brand['id']}").status_code == 404
    assert api.get("/v1/brands").json() == []


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
def test_unknown_id_is_404_with_error_shape(api, method):
    response = api.request(method, "/v1/brands/brd_nope", json={} if method == "PATCH" else None)
    assert response.status_code == 404
    body = response.json()
    assert body["error"] == "not_found"
    assert "brd_nope" in body["message"]


def test_duplicate_name_is_409(api):
    create(api)
    response = api.post("/v1/brands", json=brand_body(aliases=[]))
    assert response.status_code == 409, response.text
    assert response.json()["error"] == "conflict"
    assert brand_body()["name"] in response.json()["message"]
    assert len(api.get("/v1/brands").json()) == 1


def test_rename_onto_an_existing_name_is_409(api):
    create(api)
    other = create(api, name="青橙手机", aliases=[])
    response = api.patch(f"/v1/brands/{other['id']}", json={"name": brand_body()["name"]})
    assert response.status_code == 409, response.text
    assert api.get(f"/v1/brands/{other['id']}").json()["name"] == "青橙手机"


def test_deleting_a_watched_brand_is_409_listing_the_watches(api):
    watch = create_watch(api)
    response = api.delete(f"/v1/brands/{watch['brand_id']}")
    assert response.status_code == 409, response.text
    assert response.json()["detail"] == {"fields": [], "watches": [watch["id"]]}
    assert api.get(f"/v1/brands/{watch['brand_id']}").status_code == 200
    assert api.delete(f"/v1/watches/{watch['id']}").status_code == 204
    assert api.delete(f"/v1/brands/{watch['brand_id']}").status_code == 204


def field_problem(response, field):
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == "invalid_input"
    problems = [d["problem"] for d in body["detail"]["fields"] if d["field"] == field]
    assert problems, f"no problem reported on {field!r}: {body['detail']}"
    assert field in body["message"]
    return " ".join(problems)


@pytest.mark.parametrize("name", ["", "   ", "星"])
def test_empty_or_one_character_name_is_422(api, name):
    problem = field_problem(api.post("/v1/brands", json=brand_body(name=name)), "name")
    assert problem


def test_one_character_alias_is_422_saying_why(api):
    response = api.post("/v1/brands", json=brand_body(aliases=["星河", "星"]))
    problem = field_problem(response, "aliases.1")
    assert "too short" in problem
    assert "2" in problem


def test_one_character_fandom_name_is_422(api):
    field_problem(api.post("/v1/brands", json=brand_body(fandom_names=["粉"])), "fandom_names.0")


def test_unknown_field_is_refused(api):
    body = brand_body()
    body["alias"] = ["星河"]  # typo of "aliases"
    problem = field_problem(api.post("/v1/brands", json=body), "alias")
    assert "not permitted" in problem or "extra" in problem.lower()
    assert api.get("/v1/brands").json() == []


def test_unknown_field_in_patch_is_refused(api):
    brand = create(api)
    field_problem(api.patch(f"/v1/brands/{brand['id']}", json={"nmae": "新名"}), "nmae")
    assert api.get(f"/v1/brands/{brand['id']}").json()["name"] == brand["name"]


def test_bad_platform_in_an_owned_account_is_422(api):
    response = api.post(
        "/v1/brands", json=brand_body(owned_accounts=[{"platform": "myspace", "uid": "1"}])
    )
    problem = field_problem(response, "owned_accounts.0.platform")
    assert "weibo" in problem


def test_bad_platform_in_an_executive_account_is_422(api):
    executives = [{"name": "周总", "accounts": [{"platform": "Weibo ", "uid": "1"}]}]
    response = api.post("/v1/brands", json=brand_body(executives=executives))
    field_problem(response, "executives.0.accounts.0.platform")


def test_account_without_uid_or_handle_is_422(api):
    response = api.post("/v1/brands", json=brand_body(owned_accounts=[{"platform": "weibo"}]))
    problem = field_problem(response, "owned_accounts.0")
    assert "uid" in problem
    assert "handle" in problem


def test_account_with_only_a_handle_is_accepted(api):
    brand = create(api, owned_accounts=[{"platform": "bilibili", "handle": "星河官方"}])
    assert brand["owned_accounts"] == [{"platform": "bilibili", "uid": None, "handle": "星河官方"}]


def test_wrong_types_are_422(api):
    assert api.post("/v1/brands", json=brand_body(aliases="星河")).status_code == 422
    assert api.post("/v1/brands", json=brand_body(name=42)).status_code == 422


@pytest.mark.parametrize(
    "content", [b"{not json", b"", b"[]", b'"just a string"', b"null", b"\xff\xfe"]
)
def test_malformed_body_is_4xx_not_500(api, content):
    response = api.post("/v1/brands", content=content, headers={"Content-Type": "application/json"})
    assert 400 <= response.status_code < 500, response.text
    assert set(response.json()) >= {"error", "message"}


def test_malformed_patch_body_is_4xx(api):
    brand = create(api)
    response = api.patch(
        f"/v1/brands/{brand['id']}",
        content=b"{'name': 1",
        headers={"Content-Type": "application/json"},
    )
    assert 400 <= response.status_code < 500, response.text


def test_tieba_bars_are_optional_trimmed_deduplicated_and_patchable(api):
    assert create(api)["tieba_bars"] == []  # older clients never send the field
    brand = create(api, name="青橙手机", tieba_bars=[" 青橙 手机 ", "青橙 手机", "橙子"])
    assert brand["tieba_bars"] == ["青橙 手机", "橙子"]
    response = api.patch(f"/v1/brands/{brand['id']}", json={"tieba_bars": ["青橙"]})
    assert response.status_code == 200, response.text
    assert api.get(f"/v1/brands/{brand['id']}").json()["tieba_bars"] == ["青橙"]
    assert api.get(f"/v1/brands/{brand['id']}").json()["aliases"] == brand["aliases"]


def test_a_blank_tieba_bar_is_422_saying_what_a_bar_name_is(api):
    response = api.post("/v1/brands", json=brand_body(tieba_bars=["星河手机", "  "]))
    assert "f?kw=NAME" in field_problem(response, "tieba_bars.1")


def test_more_than_twenty_tieba_bars_is_422(api):
    bars = [f"吧{n}" for n in range(21)]
    field_problem(api.post("/v1/brands", json=brand_body(tieba_bars=bars)), "tieba_bars")
