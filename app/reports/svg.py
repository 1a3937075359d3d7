"""Charts drawn on the server as inline SVG: no scripts, no external files, works in e-mail
and in the PDF. Pure: numbers in, markup out; every text is escaped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from app.i18n import translate
from app.reports.schemas import DayPoint

WIDTH, HEIGHT = 760, 250
# The band above the plot holds the rumour labels, clear of the axis labels at its sides.
LEFT, RIGHT, TOP, BOTTOM = 44, 48, 30, 34
# Headroom inside the plot, so a 100% share or the highest bar never sits on the frame.
HEADROOM = 8
FONT = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"
BAR, LINE, MARK, GRID = "#8fa7c4", "#c62828", "#6a1b9a", "#e4e4e4"
# A share of one or two posts swings 0-100% and says nothing: drawn from this many scored posts.
MIN_SCORED_FOR_SHARE = 3
# Rumour marks closer than this many pixels merge into one, labelled with how many it holds.
MIN_MARK_GAP = 46
X_LABELS = 6
# A short history is drawn in this many slots, latest at the right, so five days never turn
# into five slabs.
MIN_SLOTS = 14


@dataclass(frozen=True)
class Plot:
    """Where the bars go: x of a bar's left edge, y of a value, the axes' scales."""

    bars: int
    count_top: int  # the count the top gridline stands for

    @property
    def slots(self) -> int:
        return max(self.bars, MIN_SLOTS)

    @property
    def width(self) -> float:
        return WIDTH - LEFT - RIGHT

    @property
    def height(self) -> float:
        return HEIGHT - TOP - BOTTOM

    @property
    def step(self) -> float:
        return self.width / self.slots

    def x(self, index: float) -> float:
        """Left edge of bar `index`; bars are right-aligned when there are fewer than slots."""
        return LEFT + (self.slots - self.bars + index) * self.step

    def y(self, fraction: float) -> float:
        """0 at the bottom, 1 at the top gridline (HEADROOM below the frame)."""
        return TOP + HEADROOM + (1 - fraction) * (self.height - HEADROOM)


def nice_top(peak: int) -> int:
    """The smallest round count at least `peak` whose quarters are whole round numbers."""
    quarter = max(peak, 1) / 4
    for power in range(0, 9):
        for mantissa in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8):
            step = mantissa * 10**power
            if step == int(step) and step >= quarter:
                return int(step) * 4
    return max(peak, 1)


def _text(x: float, y: float, content: str, anchor: str = "start", fill: str = "#444") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="11" text-anchor="{anchor}" '
        f'fill="{fill}">{escape(content)}</text>'
    )


def _grid(plot: Plot) -> list[str]:
    """Four gridlines: posts on the left axis, negative share on the right, at the same lines."""
    parts = []
    for quarter in range(5):
        y = plot.y(quarter / 4)
        stroke = "#bbb" if quarter == 0 else GRID
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="{stroke}"/>'
        )
        parts.append(_text(LEFT - 6, y + 4, f"{plot.count_top * quarter // 4:,}", "end"))
        parts.append(_text(WIDTH - RIGHT + 6, y + 4, f"{quarter * 25}%", fill=LINE))
    return parts


def _span(point: DayPoint, days_per_bar: int) -> str:
    if days_per_bar <= 1:
        return point.day.isoformat()
    return f"{point.day.isoformat()} … {point.day + dt.timedelta(days=days_per_bar - 1)}"


def _bars(points: Sequence[DayPoint], plot: Plot, days_per_bar: int, lang: str) -> list[str]:
    parts = []
    for index, point in enumerate(points):
        top = plot.y(point.posts / plot.count_top)
        share = "–" if point.negative_share is None else f"{point.negative_share:.0%}"
        label = f"{_span(point, days_per_bar)}: {point.posts} {translate(lang, 'posts')}, {share}"
        parts.append(
            f'<rect x="{plot.x(index) + plot.step * 0.12:.1f}" y="{top:.1f}" '
            f'width="{max(plot.step * 0.76, 0.8):.1f}" height="{plot.y(0) - top:.1f}" '
            f'fill="{BAR}"><title>{escape(label)}</title></rect>'
        )
    return parts


def _share_line(points: Sequence[DayPoint], plot: Plot) -> list[str]:
    coords = [
        (plot.x(i + 0.5), plot.y(p.negative_share))
        for i, p in enumerate(points)
        if p.negative_share is not None and p.scored >= MIN_SCORED_FOR_SHARE
    ]
    if not coords:
        return []
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    dots = [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.2" fill="{LINE}"/>' for x, y in coords]
    return [
        f'<polyline points="{line}" fill="none" stroke="{LINE}" stroke-width="2" '
        'stroke-linejoin="round"/>',
        *dots,
    ]


def _clusters(points: Sequence[DayPoint], plot: Plot) -> list[list[int]]:
    """Indexes of rumour starts, neighbours closer than MIN_MARK_GAP pixels merged."""
    clusters: list[list[int]] = []
    for index, point in enumerate(points):
        if not point.rumour_start:
            continue
        if clusters and (index - clusters[-1][0]) * plot.step < MIN_MARK_GAP:
            clusters[-1].append(index)
        else:
            clusters.append([index])
    return clusters


def _marks(points: Sequence[DayPoint], plot: Plot, lang: str) -> list[str]:
    parts = []
    for cluster in _clusters(points, plot):
        first, last = plot.x(cluster[0] + 0.5), plot.x(cluster[-1] + 0.5)
        days = ", ".join(f"{points[i].day} ({points[i].collab_posts})" for i in cluster)
        if last > first:  # a merged cluster shades the span it covers (see-through)
            parts.append(
                f'<rect x="{first:.1f}" y="{TOP:.1f}" width="{last - first:.1f}" '
                f'height="{plot.height:.1f}" fill="{MARK}" fill-opacity="0.08"/>'
            )
        parts.append(
            f'<line x1="{first:.1f}" y1="{TOP - 4:.1f}" x2="{first:.1f}" y2="{plot.y(0):.1f}" '
            f'stroke="{MARK}" stroke-dasharray="4 3" stroke-width="1.2">'
            f"<title>{escape(days)}</title></line>"
        )
        word = translate(lang, "rumour_mark")
        label = word if len(cluster) == 1 else f"{word} ×{len(cluster)}"
        # Near the right edge the label reads leftwards, clear of the percentage axis.
        if first > WIDTH - RIGHT - 60:
            parts.append(_text(first - 4, TOP - 8, label, "end", MARK))
        else:
            parts.append(_text(first + 4, TOP - 8, label, "start", MARK))
    return parts


def _day_labels(points: Sequence[DayPoint], plot: Plot, days_per_bar: int) -> list[str]:
    """About six dates, counted back from the latest bar so it is always labelled."""
    every = max(1, -(-len(points) // X_LABELS))
    short = days_per_bar == 1 and len(points) <= 45
    picks = range(len(points) - 1, -1, -every)
    return [
        _text(
            plot.x(i + 0.5),
            plot.y(0) + 16,
            points[i].day.strftime("%m-%d" if short else "%Y-%m-%d"),
            "middle",
        )
        for i in picks
    ]


def timeline_svg(points: Sequence[DayPoint], lang: str, days_per_bar: int = 1) -> str:
    """Posts per bar (a day, or days_per_bar days summed), negative share as a line on its own
    axis, rumour starts as dashed lines (merged where they crowd)."""
    title = escape(translate(lang, "timeline.caption"))
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'font-family="{FONT}"><title>{title}</title>'
    )
    if not points:
        frame = (
            f'<rect x="{LEFT}" y="{TOP}" width="{WIDTH - LEFT - RIGHT}" '
            f'height="{HEIGHT - TOP - BOTTOM}" fill="#fafafa" stroke="#ddd"/>'
        )
        empty = _text(WIDTH / 2, HEIGHT / 2, translate(lang, "no_days"), "middle")
        return head + frame + empty + "</svg>"
    plot = Plot(len(points), nice_top(max(p.posts for p in points)))
    body = [
        *_grid(plot),
        *_bars(points, plot, days_per_bar, lang),
        *_marks(points, plot, lang),
        *_share_line(points, plot),
        *_day_labels(points, plot, days_per_bar),
    ]
    return head + "".join(body) + "</svg>"


LEVEL_COLOURS = {"low": "#2e7d32", "medium": "#e65100", "high": LINE, "critical": LINE}


def sparkline_svg(
    scores: Sequence[float], width: int = 120, height: int = 28, colour: str = LINE
) -> str:
    """Risk scores (0-100, oldest first) as a small line in the latest level's colour; one point
    draws a dot."""
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="spark" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img">'
    )
    if not scores:
        return head + "</svg>"

    def y(score: float) -> float:
        return 2 + (1 - max(0.0, min(score, 100.0)) / 100) * (height - 4)

    if len(scores) == 1:
        dot = f'<circle cx="{width / 2:.1f}" cy="{y(scores[0]):.1f}" r="2.5" fill="{colour}"/>'
        return head + f"<title>{scores[0]:.0f}</title>" + dot + "</svg>"
    step = (width - 4) / (len(scores) - 1)
    coords = " ".join(f"{2 + i * step:.1f},{y(s):.1f}" for i, s in enumerate(scores))
    return (
        head
        + f"<title>{escape(' → '.join(f'{s:.0f}' for s in scores[-5:]))}</title>"
        + f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="1.5"/></svg>'
    )
