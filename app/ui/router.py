"""All dashboard routes under /ui."""

from __future__ import annotations

from fastapi import APIRouter

from app.ui import audit, demo_sink, dossier, forms, shortlist, views

router = APIRouter()
router.include_router(views.router)
router.include_router(forms.router)
router.include_router(demo_sink.router)
router.include_router(audit.router)
router.include_router(shortlist.router)
router.include_router(dossier.router)
