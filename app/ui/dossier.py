"""The KOL dossier as a dashboard page: /ui/kols/{id}/dossier[?brand_id=]."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from app.deps import ClockDep, ReadSession, ScorerDep
from app.dossier.service import build_dossier
from app.risk.schemas import summary_text
from app.ui.pages import HtmlErrorRoute, page
from app.ui.session import UiLang, UiReader

router = APIRouter(prefix="/ui", include_in_schema=False, route_class=HtmlErrorRoute)


@router.get("/kols/{kol_id}/dossier")
def dossier_page(
    request: Request, kol_id: str, caller: UiReader, lang: UiLang, session: ReadSession,
    scorer: ScorerDep, clock: ClockDep,
    brand_id: Annotated[str | None, Query(max_length=40)] = None,
) -> HTMLResponse:  # fmt: skip
    dossier = build_dossier(session, caller.tenant_id, kol_id, brand_id or None, scorer, clock())
    summaries = {}
    if dossier.pairing is not None:
        for component in (dossier.pairing.competitor_deal, dossier.pairing.controversy):
            summaries[component.name] = summary_text(component, lang)
    return page(
        request, "dossier.html", lang, dossier=dossier, summaries=summaries, archive_base=""
    )
