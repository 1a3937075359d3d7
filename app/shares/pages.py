"""The archived-post page a shared report links to: standalone (no dashboard chrome, nothing
to sign in to), escaped like every page."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from fastapi.responses import HTMLResponse

from app.posts.schemas import PostOut
from app.reports.i18n import Lang
from app.reports.output import REPORT_CSP
from app.reports.render import environment
from app.ui.labels import ui_translate

ENV = environment(Path(__file__).parent / "templates")


def shared_post_page(post: PostOut, lang: Lang) -> HTMLResponse:
    html = ENV.get_template("shared_post.html").render(
        post=post, lang=lang, t=partial(ui_translate, lang)
    )
    return HTMLResponse(html, headers={"Content-Security-Policy": REPORT_CSP})
