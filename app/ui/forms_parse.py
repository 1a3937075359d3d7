"""Form fields into API request bodies: lists, account lines. Validation stays in the schemas."""

from __future__ import annotations

import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from app.errors import Unprocessable
from app.risk.messages import PLATFORM_ZH
from app.schemas import describe_validation_errors
from app.storable import NUL

_LIST_SPLIT = re.compile(r"[,，、;\n]+")
M = TypeVar("M", bound=BaseModel)


def field(form: FormData, name: str) -> str:
    value = form.get(name)
    if not isinstance(value, str):
        return ""
    if NUL in value:  # PostgreSQL's text cannot hold it; the API refuses it too
        raise Unprocessable(f"{name}: holds a NUL character; leave it out")
    return value.strip()


def names(form: FormData, name: str) -> list[str]:
    return [part.strip() for part in _LIST_SPLIT.split(field(form, name)) if part.strip()]


# A platform may be written as people say it (微博) or as the API's code (weibo).
PLATFORM_BY_NAME = {name: code for code, name in PLATFORM_ZH.items()}


def account_of(cells: list[str]) -> dict[str, Any]:
    """platform | uid | handle, where uid or handle may be left empty."""
    platform, uid, handle = (cells + ["", "", ""])[:3]
    platform = PLATFORM_BY_NAME.get(platform, platform.lower())
    return {"platform": platform, "uid": uid or None, "handle": handle or None}


def lines(form: FormData, name: str) -> list[list[str]]:
    rows = []
    for line in field(form, name).splitlines():
        if line.strip():
            rows.append([cell.strip() for cell in line.split("|")])
    return rows


def executives(form: FormData, name: str) -> list[dict[str, Any]]:
    people = []
    for cells in lines(form, name):
        accounts = [account_of(cells[1:])] if len(cells) > 1 and any(cells[1:]) else []
        people.append({"name": cells[0], "accounts": accounts})
    return people


def validated(model: type[M], data: dict[str, Any]) -> M:
    """The schema's own checks, reported as the API reports them (422 with what to fix)."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        detail = describe_validation_errors(exc.errors())
        message = "; ".join(f"{d['field']}: {d['problem']}" for d in detail)
        raise Unprocessable(message, detail) from exc
