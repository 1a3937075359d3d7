"""Dashboard pages for issue 20: the shortlist comparison (候选 KOL 对比), its report, the
brand's fit settings, and a watch's filtered posts as a file."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse

from app.brands import service as brands_service
from app.brands.schemas import BrandUpdate
from app.candidates import reads as candidates_reads
from app.candidates.report import comparison_response, context
from app.deps import ClockDep, DatabaseDep, ReadSession, ScorerDep, SettingsDep, WriteSession
from app.i18n import pick_lang
from app.posts import export
from app.reports.output import archive_base
from app.schemas import Day
from app.ui.forms_parse import field, names, validated
from app.ui.pages import HtmlErrorRoute, back_to, page
from app.ui.session import CheckedForm, UiLang, UiReader, UiWriter
from app.ui.views import post_filter
from app.watches import service as watches_service

router = APIRouter(prefix="/ui", include_in_schema=False, route_class=HtmlErrorRoute)

SORTS = ("score", "-fit", "decision", "-followers", "-change")


@router.get("/brands/{brand_id}/candidates")
def candidates_page(
    request: Request, brand_id: str, caller: UiReader, lang: UiLang, database: DatabaseDep,
    scorer: ScorerDep, clock: ClockDep, settings: SettingsDep, sort: str = "score",
    done: str | None = None,
) -> HTMLResponse:  # fmt: skip
    chosen = sort if sort in SORTS else "score"
    now = clock()
    comparison = candidates_reads.candidates(
        database, caller.tenant_id, brand_id, scorer, now, settings.inline_score_limit,
        chosen, lang,  # type: ignore[arg-type]
    )  # fmt: skip
    words = context(comparison, lang, now)
    for name in ("lang", "t", "code", "cue"):  # page() sets its own words (the same catalogue)
        words.pop(name)
    with database.session_scope(write=False) as session:
        brand = brands_service.get(session, caller.tenant_id, brand_id)
        fit_settings = {
            "category": brand.category or "",
            "category_words": "，".join(brand.category_words or []),
            "tone": brand.tone,
        }
    return page(
        request, "candidates.html", lang, **words, sort=chosen, sorts=SORTS,
        fit_settings=fit_settings, done="fit" if done == "fit" else None,
    )  # fmt: skip


@router.get("/brands/{brand_id}/candidates/report")
def candidates_report(
    brand_id: str, caller: UiReader, database: DatabaseDep, scorer: ScorerDep,
    clock: ClockDep, settings: SettingsDep, format: str = "html", sort: str = "score",
    lang: str | None = None,
) -> Response:  # fmt: skip
    """The API's comparison report, signed in by the dashboard's cookie."""
    fmt = format if format in ("html", "md", "json", "pdf") else "html"
    words = pick_lang(lang)
    now = clock()
    comparison = candidates_reads.candidates(
        database, caller.tenant_id, brand_id, scorer, now, settings.inline_score_limit,
        sort if sort in SORTS else "score", words,  # type: ignore[arg-type]
    )  # fmt: skip
    return comparison_response(comparison, fmt, words, now, archive_base(settings))


@router.post("/brands/{brand_id}/fit")
def save_fit(
    brand_id: str, form: CheckedForm, caller: UiWriter, session: WriteSession,
    settings: SettingsDep, clock: ClockDep,
) -> Response:  # fmt: skip
    data: dict[str, Any] = {
        "category_words": names(form, "category_words"),
        "tone": field(form, "tone") or "neutral",
    }
    if category := field(form, "category"):
        data["category"] = category
    body = validated(BrandUpdate, data)
    brands_service.update(
        session, caller.tenant_id, brand_id, body, settings.inline_relink_max_posts,
        caller.who, clock(),
    )  # fmt: skip
    return back_to(f"/ui/brands/{brand_id}/candidates?done=fit")


@router.get("/watches/{watch_id}/posts.{kind}")
def export_posts(
    watch_id: str, kind: str, caller: UiReader, session: ReadSession,
    platform: str | None = None, sentiment: str | None = None, entity: str | None = None,
    since: Annotated[Day | None, Query()] = None,
    until: Annotated[Day | None, Query()] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:  # fmt: skip
    """The watch page's filtered posts as CSV or XLSX (the API's export, by cookie)."""
    chosen: export.ExportFormat = "xlsx" if kind == "xlsx" else "csv"
    flt = post_filter(platform, sentiment, entity, since, until, None, q)
    watch = watches_service.get(session, caller.tenant_id, watch_id)
    return export.response(session, watch, flt, chosen)
