"""The shortlist comparison for the meeting: HTML, Markdown, JSON or PDF, through the reports'
rendering (the same escaping, styles and WeasyPrint path)."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from fastapi import Response

from app.candidates.schemas import CandidatesOut
from app.i18n import Lang, label, template_words, translate
from app.reports.markdown import md_text
from app.reports.output import formatted
from app.reports.render import environment, num, pct, when

_ENV = environment()
FIT_PARTS = ("category", "tone", "audience", "past_work")


def component_names(comparison: CandidatesOut) -> list[str]:
    """Every component any candidate has, in the order the first shows them."""
    return list(dict.fromkeys(c.name for cand in comparison.candidates for c in cand.components))


def context(
    comparison: CandidatesOut, lang: Lang, generated_at: datetime, archive_base: str = ""
) -> dict[str, Any]:
    return {
        "comparison": comparison,
        "component_names": component_names(comparison),
        "generated_at": generated_at,
        "archive_base": archive_base,
        **template_words(lang),
    }


def render_html(
    comparison: CandidatesOut, lang: Lang, generated_at: datetime, archive_base: str = ""
) -> str:
    page = _ENV.get_template("comparison.html")
    return page.render(context(comparison, lang, generated_at, archive_base))


def render_markdown(comparison: CandidatesOut, lang: Lang, generated_at: datetime) -> str:
    t = partial(translate, lang)
    cands = comparison.candidates
    lines = [f"# {t('cand.title')}: {md_text(comparison.brand_name)}", ""]
    lines.append(f"{t('cand.generated')}: {when(generated_at)}")
    lines.append("")
    if not cands:
        return "\n".join([*lines, t("cand.none"), ""])
    head = [""] + [md_text(c.kol_name) for c in cands]
    lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]

    def row(name: str, cells: list[str]) -> None:
        lines.append("| " + " | ".join([name, *cells]) + " |")

    row(t("decision"), [label(lang, "d", c.effective_decision or c.decision) for c in cands])
    row(t("score"), [f"{c.score:.0f} ({label(lang, 'l', c.level)})" for c in cands])
    row(t("confidence"), [pct(c.confidence) for c in cands])
    row(t("followers"), [num(c.followers) for c in cands])
    row(t("cand.change"), [f"{c.change.score:+.0f}" if c.change else "—" for c in cands])
    row(t("cand.top_reason"), [md_text(c.top_reason or "—") for c in cands])
    for name in component_names(comparison):
        cells = []
        for cand in cands:
            comp = next((x for x in cand.components if x.name == name), None)
            cells.append(f"{comp.score:.0f}" if comp else "—")
        row(label(lang, "c", name), cells)
    row(t("fit.score"), [f"{c.fit.score:.0f}" if c.fit.score is not None else "—" for c in cands])
    row(t("fit.confidence"), [pct(c.fit.confidence) for c in cands])
    for part in FIT_PARTS:
        row(t(f"fit.part.{part}"), [md_text(_part_summary(c, part)) for c in cands])
    lines.append("")
    for cand in cands:
        if cand.top_quote:
            lines.append(f"- {md_text(cand.kol_name)}: {md_text(cand.top_quote.quote)}")
    return "\n".join([*lines, ""])


def _part_summary(cand: Any, part: str) -> str:
    found = next((p for p in cand.fit.parts if p.name == part), None)
    return found.summary if found else "—"


def comparison_response(
    comparison: CandidatesOut, fmt: str, lang: Lang, generated_at: datetime, archive_base: str
) -> Response:
    return formatted(
        f"kolrisk-shortlist-{comparison.brand_id}",
        fmt,
        lambda: comparison.model_dump(mode="json"),
        lambda: render_markdown(comparison, lang, generated_at),
        lambda: render_html(comparison, lang, generated_at, archive_base),
    )
