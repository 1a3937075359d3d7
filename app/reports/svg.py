"""Charts drawn on the server as inline SVG: no scripts, no external files, works in e-mail
and in the PDF. Pure: numbers in, markup out; every text is escaped."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from app.reports.i18n import translate
from app.reports.schemas import DayPoint

WIDTH, HEIGHT = 760, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 48, 18, 34
FONT = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"
BAR, LINE, MARK = "#8fa7c4", "#c62828", "#6a1b9a"
# A share of one or two posts swings 0-100% and says nothing: drawn from this many scored posts.
MIN_SCORED_FOR_SHARE = 3


def _text(x: float, y: float, content: str, anchor: str = "start", fill: str = "#444") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="11" text-anchor="{anchor}" '
        f'fill="{fill}">{escape(content)}</text>'
    )


def _bars(points: Sequence[DayPoint], step: float, plot_h: float, lang: str) -> list[str]:
    peak = max(p.posts for p in points) or 1
    parts = []
    for index, point in enumerate(points):
        height = point.posts / peak * plot_h
        share = "–" if point.negative_share is None else f"{point.negative_share:.0%}"
        label = f"{point.day}: {point.posts} {translate(lang, 'posts')}, {share}"
        parts.append(
            f'<rect x="{LEFT + index * step + step * 0.1:.1f}" y="{TOP + plot_h - height:.1f}" '
            f'width="{max(step * 0.8, 0.5):.1f}" height="{height:.1f}" fill="{BAR}">'
            f"<title>{escape(label)}</title></rect>"
        )
    parts.append(_text(LEFT - 6, TOP + 10, str(peak), "end"))
    parts.append(_text(LEFT - 6, TOP + plot_h, "0", "end"))
    return parts


def _share_line(points: Sequence[DayPoint], step: float, plot_h: float) -> list[str]:
    coords = [
        f"{LEFT + (i + 0.5) * step:.1f},{TOP + (1 - p.negative_share) * plot_h:.1f}"
        for i, p in enumerate(points)
        if p.negative_share is not None and p.scored >= MIN_SCORED_FOR_SHARE
    ]
    right = WIDTH - RIGHT + 6
    parts = [_text(right, TOP + 10, "100%", fill=LINE), _text(right, TOP + plot_h, "0%", fill=LINE)]
    if coords:
        parts.insert(
            0,
            f'<polyline points="{" ".join(coords)}" fill="none" stroke="{LINE}" '
            'stroke-width="1.6" stroke-linejoin="round"/>',
        )
    return parts


def _marks(points: Sequence[DayPoint], step: float, plot_h: float, lang: str) -> list[str]:
    parts = []
    for index, point in enumerate(points):
        if not point.rumour_start:
            continue
        x = LEFT + (index + 0.5) * step
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP:.1f}" x2="{x:.1f}" y2="{TOP + plot_h:.1f}" '
            f'stroke="{MARK}" stroke-dasharray="4 3" stroke-width="1.2">'
            f"<title>{escape(f'{point.day}: {point.collab_posts}')}</title></line>"
        )
        parts.append(_text(x + 3, TOP + 9, translate(lang, "rumour_mark"), fill=MARK))
    return parts


def _day_labels(points: Sequence[DayPoint], step: float, plot_h: float) -> list[str]:
    count = len(points)
    picks = sorted({0, count // 2, count - 1}) if count > 2 else list(range(count))
    return [
        _text(LEFT + (i + 0.5) * step, TOP + plot_h + 16, points[i].day.isoformat(), "middle")
        for i in picks
    ]


def timeline_svg(points: Sequence[DayPoint], lang: str) -> str:
    """Posts per day as bars, negative share as a line, rumour starts as dashed lines."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    title = escape(translate(lang, "timeline.caption"))
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'font-family="{FONT}"><title>{title}</title>'
    )
    frame = (
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#fafafa" '
        'stroke="#ddd"/>'
    )
    if not points:
        empty = _text(WIDTH / 2, HEIGHT / 2, translate(lang, "no_days"), "middle")
        return head + frame + empty + "</svg>"
    step = plot_w / len(points)
    body = [
        *_bars(points, step, plot_h, lang),
        *_share_line(points, step, plot_h),
        *_marks(points, step, plot_h, lang),
        *_day_labels(points, step, plot_h),
    ]
    return head + frame + "".join(body) + "</svg>"


def sparkline_svg(scores: Sequence[float], width: int = 120, height: int = 28) -> str:
    """Risk scores (0-100, oldest first) as a small line; one point draws a dot."""
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="spark" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img">'
    )
    if not scores:
        return head + "</svg>"

    def y(score: float) -> float:
        return 2 + (1 - max(0.0, min(score, 100.0)) / 100) * (height - 4)

    if len(scores) == 1:
        dot = f'<circle cx="{width / 2:.1f}" cy="{y(scores[0]):.1f}" r="2.5" fill="{LINE}"/>'
        return head + f"<title>{scores[0]:.0f}</title>" + dot + "</svg>"
    step = (width - 4) / (len(scores) - 1)
    coords = " ".join(f"{2 + i * step:.1f},{y(s):.1f}" for i, s in enumerate(scores))
    return (
        head
        + f"<title>{escape(' → '.join(f'{s:.0f}' for s in scores[-5:]))}</title>"
        + f'<polyline points="{coords}" fill="none" stroke="{LINE}" stroke-width="1.5"/></svg>'
    )
