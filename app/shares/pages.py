"""The archived-post page a shared report links to: standalone (no dashboard chrome, nothing
to sign in to), escaped like every page."""

from __future__ import annotations

from pathlib import Path

from fastapi.responses import HTMLResponse

from app.i18n import Lang, template_words
from app.posts.schemas import PostOut
from app.reports.output import REPORT_CSP
from app.reports.render import environment

ENV = environment(Path(__file__).parent / "templates")


def shared_post_page(post: PostOut, lang: Lang) -> HTMLResponse:
    html = ENV.get_template("shared_post.html").render(post=post, **template_words(lang))
    return HTMLResponse(html, headers={"Content-Security-Policy": REPORT_CSP})
