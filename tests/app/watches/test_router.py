import pytest

from tests.builders import brand_body, create_watch, kol_body

STAGES = ["shortlisted", "negotiating", "signed", "live", "ended", "dropped"]


@pytest.fixture
def pair(api):
    brand = api.post("/v1/brands", json=brand_body()).json()["id"]
    kol = api.post("/v1/kols", json=kol_body()).json()["id"]
    return brand, kol


def test_create_returns_the_object_with_string_ids(api, pair):
    brand, kol = pair
    response = api.post("/v1/watches", json={"brand_id": brand, "kol_id": kol, "stage": "signed"})
    assert response.status_code == 201, response.text
    watch = response.json()
    assert isinstance(watch["id"], str)
    assert watch["id"]
    assert (watch["brand_id"], watch["kol_id"], watch["stage"]) == (brand, kol, "signed")
    assert watch["id"] not in (brand, kol)


def test_stage_defaults_to_shortlisted(api, pair):
    brand, kol = pair
    response = api.post("/v1/watches", json={"brand_id": brand, "kol_id": kol})
    assert response.status_code == 201, response.text
    assert response.json()["stage"] == "shortlisted"


def test_list_and_get(api):
    watch = create_watch(api)
    listed = api.get("/v1/watches")
    assert listed.status_code == 200
    assert [w["id"] for w in listed.json()] == [watch["id"]]
    got = api.get(f"/v1/watches/{watch['id']}")
    assert got.status_code == 200
    assert got.json() == watch


@pytest.mark.parametrize("stage", STAGES)
def test_patch_stage(api, stage):
    watch = create_watch(api)
    response = api.patch(f"/v1/watches/{watch['id']}", json={"stage": stage})
    assert response.status_code == 200, response.text
    assert response.json()["stage"] == stage
    assert response.json()["brand_id"] == watch["brand_id"]
    assert api.get(f"/v1/watches/{watch['id']}").json()["stage"] == stage


def test_patch_cannot_move_a_watch_to_another_pairing(api):
    watch = create_watch(api)
    other = api.post("/v1/brands", json={"name": "青橙手机"}).json()["id"]
    response = api.patch(f"/v1/watches/{watch['id']}", json={"stage": "live", "brand_id": other})
    assert response.status_code == 422, response.text
    assert api.get(f"/v1/watches/{watch['id']}").json()["brand_id"] == watch["brand_id"]


def test_delete_then_not_found(api):
    watch = create_watch(api)
    assert api.delete(f"/v1/watches/{watch['id']}").status_code == 204
    assert api.get(f"/v1/watches/{watch['id']}").status_code == 404
    assert api.get(f"/v1/watches/{watch['id']}/risk").status_code == 404
    assert api.delete(f"/v1/watches/{watch['id']}").status_code == 404
    assert api.get("/v1/watches").json() == []
    # The brand and KOL stay, and are now free to delete.
    assert api.delete(f"/v1/brands/{watch['brand_id']}").status_code == 204
    assert api.delete(f"/v1/kols/{watch['kol_id']}").status_code == 204


def test_delete_a_watch_with_stored_risk(api):
    watch = create_watch(api)
    assert api.get(f"/v1/watches/{watch['id']}/risk").status_code == 200
    assert api.delete(f"/v1/watches/{watch['id']}").status_code == 204
    assert api.get(f"/v1/watches/{watch['id']}/risk/history").status_code == 404


def test_duplicate_watch_is_409_with_the_existing_id(api):
    watch = create_watch(api)
    body = {"brand_id": watch["brand_id"], "kol_id": watch["kol_id"], "stage": "live"}
    response = api.post("/v1/watches", json=body)
    assert response.status_code == 409, response.text
    assert response.json()["error"] == "conflict"
    assert response.json()["detail"] == {"fields": [], "watch_id": watch["id"]}
    assert len(api.get("/v1/watches").json()) == 1


def test_bad_stage_is_422_listing_the_stages(api, pair):
    brand, kol = pair
    response = api.post("/v1/watches", json={"brand_id": brand, "kol_id": kol, "stage": "maybe"})
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]["fields"]
    assert [d["field"] for d in detail] == ["stage"]
    assert "negotiating" in detail[0]["problem"]


def test_bad_stage_in_patch_is_422(api):
    watch = create_watch(api)
    response = api.patch(f"/v1/watches/{watch['id']}", json={"stage": "Signed"})
    assert response.status_code == 422, response.text
    assert api.get(f"/v1/watches/{watch['id']}").json()["stage"] == "negotiating"


@pytest.mark.parametrize("missing", ["brand_id", "kol_id"])
def test_unknown_brand_or_kol_is_422_saying_which(api, pair, missing):
    body = {"brand_id": pair[0], "kol_id": pair[1], missing: "nope_123"}
    response = api.post("/v1/watches", json=body)
    assert response.status_code == 422, response.text
    assert missing in response.json()["message"]
    assert "nope_123" in response.json()["message"]


def test_missing_ids_are_422(api):
    response = api.post("/v1/watches", json={"stage": "signed"})
    assert response.status_code == 422
    assert {d["field"] for d in response.json()["detail"]["fields"]} == {"brand_id", "kol_id"}


def test_unknown_field_is_refused(api, pair):
    brand, kol = pair
    response = api.post("/v1/watches", json={"brand_id": brand, "kol_id": kol, "stgae": "live"})
    assert response.status_code == 422, response.text
    assert [d["field"] for d in response.json()["detail"]["fields"]] == ["stgae"]
    assert api.get("/v1/watches").json() == []


@pytest.mark.parametrize("content", [b"{", b"brand_id=1", b"", b"[]"])
def test_malformed_body_is_4xx_not_500(api, content):
    headers = {"Content-Type": "application/json"}
    response = api.post("/v1/watches", content=content, headers=headers)
    assert 400 <= response.status_code < 500, response.text
