"""HTML rendering with Jinja2 (autoescape on: post text is hostile input)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from app.i18n import Lang, template_words, translate
from app.reports.schemas import Report
from app.reports.service import localised_report
from app.reports.svg import timeline_svg
from app.reports.timeline import SHANGHAI, chart_windows

TEMPLATES = Path(__file__).parent / "templates"


def when(moment: datetime | None) -> str:
    """Asia/Shanghai wall time, the PR team's clock."""
    if moment is None:
        return "—"
    try:
        return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
    except OverflowError:  # a post stored dated 9999-12-31 (since refused) has no Shanghai time
        return moment.strftime("%Y-%m-%d %H:%M UTC")


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
    return {
        "report": localised_report(report, lang),
        **template_words(lang),
        "timeline_charts": timeline_charts(report, lang),
        "archive_base": archive_base,
    }


def timeline_charts(report: Report, lang: Lang) -> list[dict[str, Any]]:
    """The recent days first, then the whole history (summed per week or month when long)."""
    charts = []
    for window in chart_windows(report.timeline):
        # Built from numbers and escaped labels only (app.reports.svg).
        svg = Markup(timeline_svg(window.bars, lang, window.days_per_bar))
        key = "timeline.recent" if window.kind == "recent" else "timeline.full"
        caption = translate(lang, key, days=window.days) if window.days else ""
        if window.days_per_bar > 1:
            caption += translate(lang, "timeline.per_bar", days=window.days_per_bar)
        charts.append({"svg": svg, "caption": caption, "kind": window.kind})
    return charts


def render_html(report: Report, lang: Lang, archive_base: str = "") -> str:
    return _ENV.get_template("report.html").render(report_context(report, lang, archive_base))
