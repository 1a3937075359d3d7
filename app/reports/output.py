"""One report in the format asked for, as an HTTP response (the API and the dashboard)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Response
from fastapi.responses import HTMLResponse, JSONResponse

from app.config import Settings
from app.i18n import Lang
from app.reports.markdown import render_markdown
from app.reports.pdf import render_pdf
from app.reports.render import render_html
from app.reports.schemas import Report

# The report runs no script and loads nothing from elsewhere; say so to the browser too.
REPORT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)


def archive_base(settings: Settings) -> str:
    """Where archived-post links point: absolute, so a forwarded report's links still work."""
    return str(getattr(settings, "public_base_url", "")).rstrip("/")


def report_response(
    report: Report, fmt: str, lang: Lang, settings: Settings, archive: str | None = None
) -> Response:
    """`archive` replaces the address archived-post links start with (a shared report's own)."""
    base = archive_base(settings) if archive is None else archive
    return formatted(
        f"kolrisk-report-{report.watch.id}",
        fmt,
        lambda: report.model_dump(mode="json", by_alias=True),
        lambda: render_markdown(report, lang, base),
        lambda: render_html(report, lang, base),
    )


def formatted(
    name: str,
    fmt: str,
    as_json: Callable[[], Any],
    as_markdown: Callable[[], str],
    as_html: Callable[[], str],
) -> Response:
    """One document as the response its format asks for (only that format is rendered); a
    PDF is the HTML through WeasyPrint."""
    if fmt == "json":
        return JSONResponse(as_json())
    if fmt == "md":
        return Response(
            as_markdown(),
            media_type="text/markdown; charset=utf-8",
            headers={"Content-Disposition": f'inline; filename="{name}.md"'},
        )
    html = as_html()
    if fmt == "pdf":
        return Response(
            render_pdf(html),
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'},
        )
    return HTMLResponse(html, headers={"Content-Security-Policy": REPORT_CSP})
