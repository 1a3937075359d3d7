"""The report as Markdown: the same claims as the HTML, for chats, tickets and e-mail."""

from __future__ import annotations

import re
from functools import partial

from app.i18n import Lang, cue_label, label, translate
from app.reports.render import num, pct, safe_url, when
from app.reports.schemas import Report
from app.reports.service import localised_report
from app.risk.schemas import Evidence

# Markdown's own syntax plus HTML: a quote must read as text in any renderer.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|>~-])")


def md_text(text: str) -> str:
    """Escape for Markdown and for renderers that pass HTML through; one line."""
    flat = " ".join(text.split())
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", flat)


def _links(url: str | None, post_id: str, archive_base: str, lang: Lang) -> str:
    t = partial(translate, lang)
    archived = f"[{t('archived')}]({archive_base}/ui/posts/{post_id})"
    source = safe_url(url)
    return f"[{t('source')}](<{source}>) · {archived}" if source else archived


def _evidence_table(evidence: list[Evidence], archive_base: str, lang: Lang) -> list[str]:
    t = partial(translate, lang)
    if not evidence:
        return [f"_{t('no_evidence')}_", ""]
    keys = ("date", "platform", "author", "followers", "quote", "link", "sentiment", "cues")
    lines = ["| " + " | ".join(t(k) for k in keys) + " |", "|" + "---|" * len(keys)]
    joiner = "、" if lang == "zh" else ", "
    for e in evidence:
        cues = joiner.join(cue_label(lang, c) for c in e.cues)
        cells = [
            when(e.created_at), label(lang, "platform", e.platform),
            md_text(e.author.name or e.author.uid or "—"), num(e.author.followers),
            md_text(e.quote), _links(e.url, e.post_id, archive_base, lang),
            t("sent." + e.sentiment) if e.sentiment else "", md_text(cues),
        ]  # fmt: skip
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, ""]


def _verdict(report: Report, lang: Lang) -> list[str]:
    """The decision; a provisional one says so first, and what is missing."""
    t, risk = partial(translate, lang), report.risk
    decision = f"**{t('d.' + risk.decision)}**"
    if lang == "zh":
        decision += f" ({risk.decision.upper().replace('_', '-')})"
    if not risk.provisional:
        return [f"## {t('decision')}: {decision}", ""]
    return [f"## {t('provisional')}: {decision}", "", f"> {t('provisional.why')}", ""]


def _shortfalls(report: Report, lang: Lang) -> list[str]:
    if not report.risk.shortfalls:
        return []
    lines = [f"**{translate(lang, 'shortfalls')}**", ""]
    return [*lines, *(f"- {md_text(line)}" for line in report.risk.shortfalls), ""]


def _head(report: Report, lang: Lang) -> list[str]:
    t, risk = partial(translate, lang), report.risk
    low = f" ({t('confidence.low')})" if risk.provisional else ""
    lines = [
        f"# {t('report.title')}: {md_text(report.watch.brand_name)} × "
        f"{md_text(report.watch.kol_name)}",
        "",
        *_verdict(report, lang),
        f"- {t('level')}: {t('l.' + risk.level)}",
        f"- {t('score')}: {risk.score:.0f} / 100",
        f"- {t('confidence')}: {pct(risk.confidence)}{low}",
        f"- {t('as_of')}: {when(risk.as_of)}",
        f"- {t('stage')}: {label(lang, 'stage', report.watch.stage)}",
        "",
        *_shortfalls(report, lang),
    ]
    if risk.override:
        lines.append(
            f"- {t('override')}: **{t('d.' + risk.override.decision)}** — {t('rationale')}: "
            f"{md_text(risk.override.rationale)} ({md_text(risk.override.created_by)}, "
            f"{when(risk.override.created_at)})"
        )
    lines += [f"> {t('replay') if report.replay else t('notes')}: {md_text(n)}" for n in risk.notes]
    return [*lines, ""]


def _reasons(report: Report, archive_base: str, lang: Lang) -> list[str]:
    lines = [f"## {translate(lang, 'reasons')}", ""]
    for index, reason in enumerate(report.top_reasons, 1):
        lines.append(f"{index}. **{md_text(reason.text)}**")
        for e in reason.evidence:
            lines.append(
                f"    - 「{md_text(e.quote)}」 — {md_text(e.author.name or '—')}, "
                f"{label(lang, 'platform', e.platform)}, {when(e.created_at)}, "
                f"{_links(e.url, e.post_id, archive_base, lang)}"
            )
        if reason.quotes_above:
            lines.append(f"    - _{translate(lang, 'also_quoted')}_")
    return [*lines, ""]


def _timeline(report: Report, lang: Lang) -> list[str]:
    t = partial(translate, lang)
    lines = [f"## {t('timeline')}", "", f"_{t('timeline.caption')}_", ""]
    lines += ["| " + t("date") + " | " + t("posts") + " | " + t("negative_share") + " | |"]
    lines.append("|---|---|---|---|")
    for day in report.timeline:
        mark = f"**{t('rumour_mark')}** ({day.collab_posts})" if day.rumour_start else ""
        lines.append(f"| {day.day} | {day.posts} | {pct(day.negative_share)} | {mark} |")
    return [*lines, ""]


def _components(report: Report, archive_base: str, lang: Lang) -> list[str]:
    t = partial(translate, lang)
    lines = [f"## {t('components')}", ""]
    for c in report.risk.components:
        lines += [f"### {t('c.' + c.name)} — {c.score:.0f}", "", md_text(c.summary), ""]
        if c.name != "coverage":
            lines += _evidence_table(c.evidence, archive_base, lang)
    return lines


def _stance(report: Report, lang: Lang) -> list[str]:
    t = partial(translate, lang)
    shown = t("stance.shown", shown=len(report.stance_history), total=report.stance_total)
    lines = [f"## {t('stance')}", "", f"_{shown}_", ""]
    for s in report.stance_history:
        towards = "、".join(t("r." + r) for r in s.towards)
        lines.append(
            f"- **{when(s.created_at)}** {t('s.' + s.stance)} ({towards}, "
            f"{label(lang, 'platform', s.platform)}): 「{md_text(s.quote)}」"
        )
    return [*lines, ""]


def _coverage(report: Report, lang: Lang) -> list[str]:
    t, cov = partial(translate, lang), report.coverage
    lines = [f"## {t('coverage')}", "", f"{cov.posts} {t('posts')}: {when(cov.from_)} — "
             f"{when(cov.to)}", ""]  # fmt: skip
    lines += [
        f"- {label(lang, 'platform', p.platform)}: {p.posts} ({when(p.from_)} — {when(p.to)})"
        for p in cov.platforms
    ]
    lines += ["", f"### {t('not_collected')}", ""]
    if not cov.collection:
        lines.append(t("no_collection"))
    elif not cov.not_collected:
        lines.append(t("all_collected"))
    for g in cov.not_collected_groups:  # grouped: one line per platform and cause
        lines.append(
            f"- {label(lang, 'platform', g.platform)}: {label(lang, 'err', g.kind)} × "
            f"{g.listings} {t('not_collected.listings')} ({t('last_error')} "
            f"{when(g.last_error_at)}, {t('last_success')} {when(g.last_success_at)})"
        )
    models = ", ".join(report.risk.model_versions)
    return [*lines, "", f"_{t('model')}: {models}_", ""]


def render_markdown(report: Report, lang: Lang, archive_base: str = "") -> str:
    report = localised_report(report, lang)
    sections = [
        _head(report, lang),
        _reasons(report, archive_base, lang),
        _timeline(report, lang),
        _components(report, archive_base, lang),
        _stance(report, lang),
        _coverage(report, lang),
    ]
    return "\n".join(line for section in sections for line in section)
