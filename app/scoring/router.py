from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from app.deps import Reader, ScorerDep
from app.posts.schemas import ScoreOut
from app.scoring.service import result_out


class SentimentRequest(BaseModel):
    texts: list[str] = Field(min_length=1, max_length=1000)


class SentimentScored(ScoreOut):
    text: str
    # Calibrated P(negative / neutral / positive); empty for a scorer without a neutral class
    # (snownlp). Not stored with a post's score: only this endpoint shows it.
    probabilities: dict[str, float] = {}


class SentimentResponse(BaseModel):
    results: list[SentimentScored]


router = APIRouter(prefix="/v1/sentiment", tags=["sentiment"])


@router.post("")
def score_texts(body: SentimentRequest, scorer: ScorerDep, _caller: Reader) -> SentimentResponse:
    """Score phrases with the current model, to see how the scorer reads fan talk."""
    results = scorer.score_many(body.texts)
    return SentimentResponse(
        results=[
            SentimentScored(
                text=t,
                probabilities={k: round(v, 4) for k, v in r.probabilities.items()},
                **result_out(r),
            )
            for t, r in zip(body.texts, results, strict=True)
        ]
    )
