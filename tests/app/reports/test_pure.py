"""The pure parts: days, charts, escaping."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from app.reports.markdown import md_text
from app.reports.render import safe_url
from app.reports.schemas import DayPoint
from app.reports.svg import HEADROOM, LEVEL_COLOURS, TOP, nice_top, sparkline_svg, timeline_svg
from app.reports.timeline import chart_windows, day_points, recent_days

D = dt.date(2026, 1, 1)


def test_days_are_filled_shared_and_rumour_starts_marked():
    later = D + dt.timedelta(days=3)
    rows = [(D, "negative", 3), (D, "positive", 1), (D, "pending", 2), (later, "neutral", 1)]
    collab = {D: 1, D + dt.timedelta(days=1): 2, D + dt.timedelta(days=6): 1}
    points = day_points(rows, collab)
    assert [p.day for p in points] == [D + dt.timedelta(days=n) for n in range(7)]
    first = points[0]
    assert (first.posts, first.scored, first.negative, first.negative_share) == (6, 4, 3, 0.75)
    assert [p.rumour_start for p in points] == [True, False, False, False, False, False, True]
    assert points[2].negative_share is None


def test_replay_days_stop_at_the_cut():
    points = day_points([(D, "negative", 1), (D + dt.timedelta(days=2), "negative", 1)], {}, D)
    assert [p.day for p in points] == [D]


def test_a_long_history_gets_a_zoomed_window_of_its_last_days():
    year = day_points([(D, "neutral", 1), (D + dt.timedelta(days=364), "negative", 5)], {})
    recent = recent_days(year, 30)
    assert [p.day for p in recent] == [D + dt.timedelta(days=n) for n in range(335, 365)]
    assert recent[-1].negative == 5
    month = day_points([(D, "neutral", 1), (D + dt.timedelta(days=40), "negative", 5)], {})
    assert recent_days(month, 30) == []


def test_charts_parse_as_xml_with_and_without_data():
    points = day_points([(D, "negative", 3), (D, "neutral", 1)], {D: 1})
    for svg in (
        timeline_svg(points, "zh"),
        timeline_svg([], "en"),
        sparkline_svg([]),
        sparkline_svg([40.0]),
        sparkline_svg([10.0, 90.0, 50.0]),
    ):
        assert ET.fromstring(svg).tag.endswith("svg")


def test_markdown_escaping_and_safe_links():
    assert md_text("<b>*x*</b> | [a](b)") == r"&lt;b&gt;\*x\*&lt;/b&gt; \| \[a\]\(b\)"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("data:text/html,x") is None
    assert safe_url("https://weibo.com/1") == "https://weibo.com/1"


def _days(spec):
    """DayPoints from (posts, negative, rumour start) per day, from D."""
    return [
        DayPoint(
            day=D + dt.timedelta(days=i), posts=n, scored=n, negative=neg,
            negative_share=round(neg / n, 3) if n else None, collab_posts=int(r), rumour_start=r,
        )
        for i, (n, neg, r) in enumerate(spec)
    ]  # fmt: skip


def test_a_short_history_is_one_chart_a_long_one_recent_first_then_by_week_or_month():
    assert [w.kind for w in chart_windows(_days([(1, 0, False)] * 40))] == ["full"]
    recent, full = chart_windows(_days([(1, 0, False)] * 200))
    assert (recent.kind, len(recent.bars), recent.days_per_bar) == ("recent", 30, 1)
    assert (full.kind, full.days, full.days_per_bar, len(full.bars)) == ("full", 200, 7, 29)
    assert full.bars[-1].day == D + dt.timedelta(days=193)  # the last bar is the last 7 days
    assert sum(b.posts for b in full.bars) == 200
    assert chart_windows(_days([(1, 0, False)] * 1000))[1].days_per_bar == 30


def test_count_axes_end_on_round_numbers_with_round_quarters():
    assert [nice_top(n) for n in (0, 1, 4, 5, 57, 100, 101, 950)] == [
        4,
        4,
        4,
        8,
        60,
        100,
        120,
        1000,
    ]


def _svg(points, per_bar=1):
    return ET.fromstring(timeline_svg(points, "zh", per_bar))


NS = "{http://www.w3.org/2000/svg}"


def test_a_full_negative_share_stays_inside_the_plot_and_is_drawn_with_dots():
    root = _svg(_days([(5, 5, False)] * 20))
    line = root.find(f"{NS}polyline")
    ys = {float(xy.split(",")[1]) for xy in line.get("points").split()}
    assert ys == {TOP + HEADROOM}  # below the frame's top edge, not on it
    assert len(root.findall(f"{NS}circle")) == 20


def test_crowded_rumour_marks_merge_with_a_count_and_a_lone_one_keeps_its_word():
    spec = [(3, 1, 10 <= i < 18) for i in range(120)] + [(9, 9, True)]
    texts = [t.text for t in _svg(_days(spec)).findall(f"{NS}text")]
    assert "传闻 ×8" in texts
    assert texts.count("传闻") == 1  # the last day's, alone
    dashed = [
        line for line in _svg(_days(spec)).findall(f"{NS}line") if line.get("stroke-dasharray")
    ]
    assert len(dashed) == 2


def test_axes_have_ticks_on_both_sides_and_a_label_near_the_right_edge_reads_leftwards():
    root = _svg(_days([(1, 0, False)] * 29 + [(40, 38, True)]))
    texts = {t.text: t for t in root.findall(f"{NS}text")}
    assert {"0", "10", "20", "30", "40"} <= set(texts)
    assert {"0%", "25%", "50%", "75%", "100%"} <= set(texts)
    assert texts["传闻"].get("text-anchor") == "end"


def test_five_days_are_drawn_as_narrow_bars_at_the_right():
    bars = [
        r
        for r in _svg(_days([(2, 1, False)] * 5)).findall(f"{NS}rect")
        if r.find(f"{NS}title") is not None
    ]
    assert len(bars) == 5
    assert float(bars[0].get("x")) > 400  # right-aligned in at least 14 slots
    assert float(bars[0].get("width")) < 50


def test_sparklines_take_the_levels_colour():
    assert 'stroke="#2e7d32"' in sparkline_svg([10.0, 12.0], colour=LEVEL_COLOURS["low"])
