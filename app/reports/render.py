"""HTML rendering with Jinja2 (autoescape on: post text is hostile input)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from app.reports.i18n import Lang, translate
from app.reports.schemas import Report
from app.reports.service import localised_report
from app.reports.svg import timeline_svg
from app.reports.timeline import RECENT_DAYS, SHANGHAI, recent_days

TEMPLATES = Path(__file__).parent / "templates"


def when(moment: datetime | None) -> str:
    """Asia/Shanghai wall time, the PR team's clock."""
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M") if moment else "—"


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def num(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def safe_url(url: str | None) -> str | None:
    """Only http(s) links: a post's url is as hostile as its text (javascript: and data:)."""
    if not url:
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


def environment(*template_dirs: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader([*template_dirs, TEMPLATES]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    filters: dict[str, Callable[..., Any]] = {
        "when": when, "pct": pct, "num": num, "safe_url": safe_url,
    }  # fmt: skip
    env.filters.update(filters)
    return env


_ENV = environment()


def report_context(report: Report, lang: Lang, archive_base: str = "") -> dict[str, Any]:
    """What _report_body.html reads; the dashboard passes the same to its watch page."""
    recent = recent_days(report.timeline, RECENT_DAYS)
    return {
        "report": localised_report(report, lang),
        "lang": lang,
        "t": partial(translate, lang),
        # Built here from numbers and escaped labels only (app.reports.svg).
        "timeline_svg": Markup(timeline_svg(report.timeline, lang)),
        "recent_svg": Markup(timeline_svg(recent, lang)) if recent else None,
        "recent_days": RECENT_DAYS,
        "archive_base": archive_base,
    }


def render_html(report: Report, lang: Lang, archive_base: str = "") -> str:
    return _ENV.get_template("report.html").render(report_context(report, lang, archive_base))
