"""The provider hook for platforms whose web APIs need a logged-in session plus obfuscated
per-request signatures (Douyin, Xiaohongshu). We do not reimplement those signatures.

A tenant configures a provider: an HTTP service it runs or buys (a signing proxy around its own
logged-in browser, or a data vendor) that accepts the platform's own request (path, query or
JSON body) at `provider_url`, adds session and signature, and answers with the platform's own
JSON body, either as-is or wrapped as `{"data": <platform body>}`. Our request carries
`Authorization: Bearer <provider token>` and `X-Kolrisk-Platform`. Without a provider the
adapter refuses with LoginRequired before any request is made.
"""

from __future__ import annotations

from typing import Any

from collectors.base import Access, as_dict
from collectors.errors import LoginRequired


def provider_root(access: Access, platform: str) -> str:
    if not access.provider_url:
        raise LoginRequired(
            f"{platform} needs a logged-in session and request signatures; configure a data "
            "provider for this tenant (PUT /v1/collection/platforms/" + platform + ")"
        )
    return access.provider_url.rstrip("/")


def provider_headers(access: Access, platform: str) -> dict[str, str]:
    headers = {"X-Kolrisk-Platform": platform}
    if access.provider_token:
        headers["Authorization"] = f"Bearer {access.provider_token}"
    return headers


def unwrap(body: Any, marker: str) -> Any:
    """The platform's body: as sent, or inside a provider's `data` envelope. `marker` is a
    key only the platform's body has at its root (Douyin `status_code`, XHS `success`)."""
    data = as_dict(body)
    if marker in data:
        return data
    inner = data.get("data")
    return inner if isinstance(inner, dict) and marker in inner else data
