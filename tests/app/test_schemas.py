from typing import get_args

from app.models.post import PLATFORMS
from app.risk.engine import DECISION_ORDER, level_of
from app.risk.rules import RiskRules
from app.schemas import Decision, Level, Platform, describe_validation_errors


def test_the_api_accepts_exactly_the_platforms_stored():
    assert set(get_args(Platform)) == set(PLATFORMS)


def test_the_documented_levels_and_decisions_are_the_engine_s():
    assert {level_of(score, RiskRules()) for score in range(101)} == set(get_args(Level))
    assert set(DECISION_ORDER) == set(get_args(Decision))


def test_validation_errors_say_where_and_what():
    errors = [
        {
            "type": "datetime_parsing",
            "loc": ("body", 0, "created_at"),
            "msg": "Input should be a valid datetime",
        },
        {"type": "missing", "loc": ("body",), "msg": "Field required"},
        {"type": "json_invalid", "loc": ("body", 12), "msg": "JSON decode error"},
    ]
    assert describe_validation_errors(errors) == [
        {
            "field": "0.created_at",
            "problem": "Input should be a valid datetime",
            "type": "datetime_parsing",
        },
        {"field": "body", "problem": "Field required", "type": "missing"},
        # A JSON syntax error's location is a character offset, not a field.
        {"field": "body", "problem": "JSON decode error", "type": "json_invalid"},
    ]


def test_webhooks_filter_on_exactly_the_event_types_stored():
    from app.models.alert import EVENT_TYPES
    from app.webhooks.schemas import EventType

    assert get_args(EventType) == EVENT_TYPES
