"""The pure parts: days, charts, escaping."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from app.reports.markdown import md_text
from app.reports.render import safe_url
from app.reports.svg import sparkline_svg, timeline_svg
from app.reports.timeline import day_points, recent_days

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
