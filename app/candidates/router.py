from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from app.candidates import reads
from app.candidates.report import comparison_response
from app.candidates.schemas import CandidateSort, CandidatesOut
from app.deps import ClockDep, DatabaseDep, Reader, ScorerDep, SettingsDep
from app.errors import ErrorBody
from app.reports.output import archive_base

router = APIRouter(prefix="/v1/brands", tags=["brands"])


@router.get("/{brand_id}/candidates")
def list_candidates(
    brand_id: str,
    database: DatabaseDep,
    caller: Reader,
    scorer: ScorerDep,
    clock: ClockDep,
    settings: SettingsDep,
    sort: Annotated[
        CandidateSort,
        Query(
            description="score (risk, the default: safest first), fit, decision, followers, "
            "change or name; a leading `-` reverses (`-fit`: best fit first)."
        ),
    ] = "score",
    lang: Literal["en", "zh"] = "en",
) -> CandidatesOut:
    """Every KOL watched for the brand side by side: the current risk decision, level, score,
    confidence, stage, followers, top reason with its quote and the change since last week,
    and beside it (never mixed into the decision) the fit read with its evidence."""
    return reads.candidates(
        database, caller.tenant_id, brand_id, scorer, clock(), settings.inline_score_limit, sort,
        lang,
    )  # fmt: skip


@router.get(
    "/{brand_id}/candidates/report",
    response_model=CandidatesOut,
    responses={
        200: {
            "description": "The comparison as a page, Markdown, JSON or a PDF for the meeting.",
            "content": {
                "text/html": {"schema": {"type": "string"}},
                "text/markdown": {"schema": {"type": "string"}},
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
            },
        },
        503: {
            "description": "PDF only: the fonts or WeasyPrint it needs are not installed",
            "model": ErrorBody,
        },
    },
)
def candidates_report(
    brand_id: str,
    database: DatabaseDep,
    caller: Reader,
    scorer: ScorerDep,
    clock: ClockDep,
    settings: SettingsDep,
    format: Literal["html", "md", "json", "pdf"] = "html",
    sort: CandidateSort = "score",
    lang: Literal["en", "zh"] = "zh",
) -> Response:
    """The shortlist comparison for the meeting (one column per KOL, a row per risk
    component, the decision on top, fit apart), in the format asked for."""
    now = clock()
    comparison = reads.candidates(
        database, caller.tenant_id, brand_id, scorer, now, settings.inline_score_limit, sort, lang
    )
    return comparison_response(comparison, format, lang, now, archive_base(settings))
