"""Every app consumer of the platform list (collectors.platforms) agrees with it: the API's
enums, the posts table, the settings, collection access and planning, messages and the UI."""

from __future__ import annotations

from typing import get_args

from app.collection.access import COLLECTED_PLATFORMS, base_url
from app.collection.plan import plan_platform
from app.collection.schemas import CollectedPlatform
from app.collection.subject import BrandNames, KolNames
from app.config import Settings
from app.i18n import label
from app.main import create_app
from app.models.post import PLATFORMS as STORED
from app.risk.messages import PLATFORM_ZH, Message, render
from app.schemas import Platform
from collectors.platforms import BY_NAME, COLLECTED, NAMES, PLATFORMS
from tests.app.collection.loopback import PLATFORMS as LOOPED
from tests.app.collection.loopback import loop_settings


def test_the_api_enums_and_the_table_hold_the_platforms_in_their_order():
    assert get_args(Platform) == NAMES == STORED
    assert get_args(CollectedPlatform) == COLLECTED == COLLECTED_PLATFORMS == LOOPED


def test_the_openapi_schema_lists_them(settings):
    spec = create_app(settings).openapi()
    post = spec["components"]["schemas"]["PostIn"]["properties"]["platform"]
    assert post["enum"] == list(NAMES)
    put = spec["paths"]["/v1/collection/platforms/{platform}"]["put"]["parameters"][0]
    assert put["schema"]["enum"] == list(COLLECTED)


def test_each_base_url_setting_belongs_to_a_platform_and_has_its_default():
    settings = Settings()
    own = {p.url_setting: p.base_url for p in PLATFORMS if p.base_url}
    fields = {
        n for n in Settings.model_fields if n.endswith("_base_url") and n != "public_base_url"
    }
    assert fields == set(own)
    assert {name: getattr(settings, name) for name in own} == own
    assert all(base_url(settings, p) for p in COLLECTED if BY_NAME[p].base_url)


def test_the_loopback_settings_point_every_reached_platform_at_the_stub(settings):
    looped = loop_settings(settings, "http://127.0.0.1:1")
    assert {base_url(looped, p) for p in COLLECTED if BY_NAME[p].base_url} == {"http://127.0.0.1:1"}


def test_plans_follow_what_a_platform_reads():
    brand = BrandNames("星河手机", [], [], [], [], ["星河手机"])
    kol = KolNames("测评老王", [], [], ["测评老王"])
    for name in COLLECTED:
        kinds = {item.kind for item in plan_platform(name, brand, kol, (), 0, 2, ["http://x/f"])}
        platform = BY_NAME[name]
        assert ("search" in kinds) == ("search" in platform.reads)
        assert ("bar" in kinds) == ("bars" in platform.reads)
        assert (kinds == {"user"}) == ("feeds" in platform.reads)


def test_messages_and_the_dashboard_name_every_platform_in_both_languages():
    assert PLATFORM_ZH == {p.name: p.zh for p in PLATFORMS}
    for p in PLATFORMS:
        assert label("zh", "platform", p.name) == p.zh
        assert label("en", "platform", p.name) == p.en
        said = render(Message("shortfall.one_platform", {"platform": p.name}), "zh")
        assert p.zh in said
