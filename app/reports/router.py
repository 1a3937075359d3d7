"""GET /v1/watches/{id}/report?format=html|md|json|pdf[&as_of=][&lang=zh|en]"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Response

from app.clock import as_utc
from app.deps import ClockDep, DatabaseDep, Reader, ReplicaDep, ScorerDep, SettingsDep
from app.errors import ErrorBody
from app.i18n import Lang
from app.reports.output import report_response
from app.reports.reads import ReportRequest, build_report
from app.schemas import Moment

router = APIRouter(prefix="/v1/watches", tags=["reports"])

Format = Literal["html", "md", "json", "pdf"]


@router.get(
    "/{watch_id}/report",
    response_class=Response,
    responses={
        200: {
            "description": "the report in the format asked for",
            "content": {
                "text/html": {},
                "text/markdown": {},
                "application/json": {"schema": {"$ref": "#/components/schemas/Report"}},
                "application/pdf": {},
            },
        },
        503: {
            "description": "PDF only: the fonts or WeasyPrint it needs are not installed",
            "model": ErrorBody,
        },
    },
)
def get_report(
    watch_id: str,
    database: DatabaseDep,
    replica: ReplicaDep,
    caller: Reader,
    scorer: ScorerDep,
    clock: ClockDep,
    settings: SettingsDep,
    format: Format = "html",
    as_of: Moment | None = None,
    lang: Lang = "zh",
) -> Response:
    """The pre-contract report: decision, reasons with quotes, evidence, timeline, stance
    history and coverage. With `as_of`, a replay of what was known then (never stored)."""
    request = ReportRequest(caller.tenant_id, watch_id, as_utc(as_of) if as_of else None)
    limit = settings.inline_score_limit
    report = build_report(database, request, scorer, clock, limit, replica)
    return report_response(report, format, lang, settings)
