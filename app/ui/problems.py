"""What was wrong with a dashboard form, in the reader's language: the API's validation detail
({field, problem, type, params}) worded through the catalogue."""

from __future__ import annotations

import re
from typing import Any

from app.i18n import CATALOGUE, Lang, label, translate


def form_problems(lang: Lang, detail: Any) -> list[str]:
    """One line per problem; [] when detail is not a validation list."""
    if not isinstance(detail, list):
        return []
    return [_problem(lang, item) for item in detail if isinstance(item, dict)]


def _problem(lang: Lang, item: dict[str, Any]) -> str:
    field = _field(lang, str(item.get("field", "")))
    if lang == "en":
        return f"{field}: {item.get('problem', '')}"
    key = f"pydantic.{item.get('type', '')}"
    params = {k: str(v) for k, v in (item.get("params") or {}).items()}
    if "expected" in params:  # the allowed codes ('weibo', 'bilibili' or ...), as words
        codes = _QUOTED.findall(params["expected"])
        params["expected"] = "、".join(_worded(code) for code in codes)
    try:
        problem = translate(lang, key, **params) if key in CATALOGUE else ""
    except (KeyError, IndexError, ValueError):
        problem = ""
    return f"{field}：{problem or translate(lang, 'form.problem')}"


_QUOTED = re.compile(r"'([^']*)'")
# Kinds of code a form field can take, looked up in this order.
_CODE_KINDS = ("platform", "stage", "d", "l", "hook", "lang")


def _worded(code: str) -> str:
    for kind in _CODE_KINDS:
        if f"{kind}.{code}" in CATALOGUE:
            return label("zh", kind, code)
    return code


def _field(lang: Lang, path: str) -> str:
    """executives.0.accounts.1.platform → 高管 1 · 平台账号 2 · 平台."""
    parts: list[str] = []
    for part in path.split("."):
        if part.isdigit():
            if parts:
                parts[-1] = f"{parts[-1]} {int(part) + 1}"
            continue
        key = f"field.{part}"
        parts.append(translate(lang, key) if key in CATALOGUE else part)
    return " · ".join(parts) or path
