"""/ui/setup offers exactly the registry's channels, in its order, worded in the page's language."""

import re

from alerts.registry import CHANNELS, KINDS

OPTION = re.compile(r'<option value="([^"]+)">([^<]*)</option>')


def kind_options(page):
    select = page.split('<select name="kind">', 1)[1].split("</select>", 1)[0]
    return OPTION.findall(select)


def test_the_setup_page_lists_every_channel(ui):
    zh = kind_options(ui.get("/ui/setup").text)
    assert zh == [(kind, CHANNELS[kind].labels[0]) for kind in KINDS]
