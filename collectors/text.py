"""Post text as plain text: HTML stripped, emoji codes kept as one "[名称]" form.

Weibo puts its emoji only in `<img alt=[怒]>`, so alt texts are read before tags go, or the
sentiment lexicon would never see [怒]. Highlight markup (`<em class="keyword">`) just goes.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BREAKS = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "blockquote"})
_SKIPPED = frozenset({"script", "style"})
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_NEWLINES = re.compile(r"\s*\n\s*")
# Xiaohongshu writes its emoji as "[偷笑R]" and topics as "#话题[话题]#".
_XHS_EMOJI = re.compile(r"\[([^\[\]\s]{1,12})R\]")
_XHS_TOPIC = re.compile(r"#([^#\[\]]+)\[话题\]#")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag == "img":
            alt = dict(attrs).get("alt") or ""
            if alt.startswith("[") and alt.endswith("]"):
                self.parts.append(alt)
        elif tag in _BREAKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BREAKS and tag != "br":
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(html: str | None) -> str:
    """Plain text of an HTML fragment: emoji alt codes kept, line breaks kept, tags gone."""
    if not html:
        return ""
    if "<" not in html and "&" not in html:
        return tidy(html)
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return tidy("".join(collector.parts))


def tidy(text: str) -> str:
    return _NEWLINES.sub("\n", _SPACES.sub(" ", text)).strip()


def xhs_text(text: str | None) -> str:
    """Xiaohongshu's "[偷笑R]" as "[偷笑]" and "#话题[话题]#" as "#话题#"."""
    if not text:
        return ""
    return tidy(_XHS_TOPIC.sub(r"#\1#", _XHS_EMOJI.sub(r"[\1]", text)))
