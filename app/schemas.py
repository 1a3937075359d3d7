"""Request/response pieces shared by several features."""

from __future__ import annotations

import datetime as dt
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, Generic, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from app.clock import SHANGHAI, TIME_RANGE, range_problem
from app.storable import NUL
from collectors.platforms import NAMES
from sentiment import normalize

# The platforms a post can come from (collectors.platforms), an enum in the API's schema; for
# the type checker a str (a Literal cannot be built from a tuple statically).
if TYPE_CHECKING:
    Platform = str
else:
    Platform = Literal[NAMES]

# The words a risk assessment, an alert and a score answer in (a test holds them to the engine).
Level = Literal["low", "medium", "high", "critical"]
Decision = Literal["go", "caution", "no_go"]
SentimentLabel = Literal["negative", "neutral", "positive"]

# A one-character name would match inside half the posts of a tenant.
MIN_NAME_CHARS = 2


def _clean_name(value: str) -> str:
    if NUL in value:  # PostgreSQL's text cannot hold it
        raise ValueError("holds a NUL character; leave it out")
    value = " ".join(value.split())
    if len(normalize(value)) < MIN_NAME_CHARS:
        # A named error type, so the dashboard can word it in Chinese (app.i18n).
        raise PydanticCustomError(
            "name_too_short",
            "'{value}' is too short to match reliably (at least {min} characters)",
            {"value": value, "min": MIN_NAME_CHARS},
        )
    return value


def _dedupe(values: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(normalize(value), value)
    return list(seen.values())


Name = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_clean_name)]
NameList = Annotated[list[Name], Field(max_length=200), AfterValidator(_dedupe)]


def _dedupe_exact(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _clean_bar(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise PydanticCustomError(
            "bar_needs_name", "a Tieba bar needs a name, as in tieba.baidu.com/f?kw=NAME"
        )
    return value


# Tieba bars (forums) to read, by name as in their address tieba.baidu.com/f?kw=NAME (without
# the 吧 the site shows after it). Read a few pages each pass: where a fandom gathers.
TiebaBar = Annotated[str, Field(max_length=100), AfterValidator(_clean_bar)]
TiebaBars = Annotated[list[TiebaBar], Field(max_length=20), AfterValidator(_dedupe_exact)]


class Strict(BaseModel):
    """Request bodies refuse unknown fields, so a typo is an error instead of silent loss."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Account(Strict):
    platform: Platform
    uid: str | None = Field(
        default=None, max_length=200, description="The platform's user id.", examples=["1000001"]
    )
    handle: str | None = Field(
        default=None, max_length=200, description="The display name.", examples=["测评老王"]
    )

    @model_validator(mode="after")
    def needs_uid_or_handle(self) -> Account:
        if not self.uid and not self.handle:
            raise PydanticCustomError(
                "account_needs_id", "an account needs a uid, a handle, or both"
            )
        return self


def _in_range(value: datetime) -> datetime:
    if problem := range_problem(value):
        raise ValueError(problem)
    return value


def _day_in_range(value: dt.date) -> dt.date:
    return _in_range(datetime.combine(value, dt.time(), SHANGHAI)).date()


# Every time and day the API is given (as_of, filters, silences): a year-1 date or one past
# 9999 once broke day arithmetic and answered 500. Posts also refuse times ahead of the clock.
_RANGE_TEXT = f"ISO 8601 (without an offset read as Asia/Shanghai), {TIME_RANGE}"
Moment = Annotated[datetime, AfterValidator(_in_range), Field(description=_RANGE_TEXT)]
Day = Annotated[dt.date, AfterValidator(_day_in_range), Field(description=_RANGE_TEXT)]


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


def describe_validation_errors(errors: Any) -> list[dict[str, Any]]:
    """Pydantic's error list, trimmed to where the problem is and what to fix; `type` is
    pydantic's error code, which the dashboard words in the reader's language."""
    described = []
    for item in errors:
        kind = item.get("type", "")
        if kind == "json_invalid":  # its location is a character offset, not a field
            location = []
        else:
            location = [str(part) for part in item.get("loc", ()) if part != "body"]
        described.append(
            {"field": ".".join(location) or "body", "problem": item.get("msg", ""), "type": kind}
        )
        params = {k: v for k, v in (item.get("ctx") or {}).items() if isinstance(v, str | int)}
        if params:
            described[-1]["params"] = params
    return described
