"""The report's sections agree across formats: the HTML (and the PDF, which prints it) shows
the Markdown's sections, in the same order, under the same headings."""

from __future__ import annotations

import html
import re

import pytest

from tests.app.reports.test_formats import report

H2 = re.compile(r"<h2[^>]*>(.*?)</h2>", re.S)


@pytest.mark.db
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_and_markdown_show_the_same_sections_in_order(app_client, demo, lang):
    watch = demo["硬核老刀"]
    page = report(app_client, watch, "html", lang=lang).text
    markdown = report(app_client, watch, "md", lang=lang).text
    in_html = [html.unescape(re.sub(r"<[^>]+>", "", h)).strip() for h in H2.findall(page)]
    in_markdown = [line[3:].strip() for line in markdown.splitlines() if line.startswith("## ")]
    # The Markdown opens with the verdict as a heading; the HTML shows it as a box.
    assert in_markdown[1:] == in_html
    assert len(in_html) >= 5
