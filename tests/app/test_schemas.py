from typing import get_args

from app.models.post import PLATFORMS
from app.schemas import Platform, describe_validation_errors


def test_the_api_accepts_exactly_the_platforms_stored():
    assert set(get_args(Platform)) == set(PLATFORMS)


def test_validation_errors_say_where_and_what():
    errors = [
        {"loc": ("body", 0, "created_at"), "msg": "Input should be a valid datetime"},
        {"loc": ("body",), "msg": "Field required"},
    ]
    assert describe_validation_errors(errors) == [
        {"field": "0.created_at", "problem": "Input should be a valid datetime"},
        {"field": "body", "problem": "Field required"},
    ]


def test_webhooks_filter_on_exactly_the_event_types_stored():
    from app.models.alert import EVENT_TYPES
    from app.webhooks.schemas import EventType

    assert get_args(EventType) == EVENT_TYPES
