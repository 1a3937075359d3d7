"""Every page and report in Chinese shows words, not the codes the API keeps: no stage, platform,
decision, level, alert state, delivery outcome, webhook kind, error kind, post kind, sentiment,
component, cue kind or cue note in English. The catalogue itself is complete in both languages.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest

from alerts.registry import KINDS
from app.alerting.jobs import process_alerts
from app.i18n import CATALOGUE, cue_label, label
from app.ids import new_id
from app.models import AlertMessage, Coverage, DeliveryAttempt, Post, Watch
from app.models.post import PLATFORMS
from app.reports import pdf
from app.risk.checks import LABELS_ZH as COMPONENT_ZH
from app.risk.messages import DECISION_ZH, ERROR_KIND_ZH, LEVEL_ZH
from app.watches.schemas import STAGES
from tests.app.ui.conftest import csrf_of

# Codes that must never reach a Chinese reader (whole words, as they are stored).
CODES = {
    *STAGES, *PLATFORMS, *DECISION_ZH, *LEVEL_ZH, *COMPONENT_ZH, *ERROR_KIND_ZH,
    "firing", "resolved", "escalated", "delivered", "failed", "retry",
    *KINDS,
    "post", "comment", "repost", "article", "video",
    "negative", "neutral", "positive", "fandom", "executive", "competitor", "contempt",
    "hostile", "friendly", "sarcastic", "negated", "lapsed", "status", "outcome", "revoked",
}  # fmt: skip
TOKEN = re.compile(
    r"(?<![\w/._-])(" + "|".join(sorted(CODES, key=len, reverse=True)) + r")(?![\w/_-])"
)
CUE_KINDS = re.compile(r"\b(collab|controversy|withdrawal):")


class VisibleText(HTMLParser):
    """The text a reader sees (tooltips included), without styles or attribute values."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def leaks(text: str) -> list[str]:
    return sorted({m.group(1) for m in TOKEN.finditer(text)} | set(CUE_KINDS.findall(text)))


@pytest.fixture
def pages(ui, demo_watches, database, settings, clock):
    """The demo with an alert, a failed and a delivered attempt, and failed collection queries,
    so every part of every page has something to show."""
    no_go = demo_watches["硬核老刀"]
    process_alerts(database, settings, clock)
    clock.advance(seconds=40)
    process_alerts(database, settings, clock)
    with database.session_scope() as session:
        for index, message in enumerate(session.query(AlertMessage).all()):
            session.add(
                DeliveryAttempt(
                    id=new_id("att"), message_id=message.id, endpoint_id=message.endpoint_id,
                    attempted_at=clock() + timedelta(seconds=index),
                    outcome="failed" if index % 2 else "delivered", status_code=500,
                )
            )  # fmt: skip
        for platform, kind in (("weibo", "login_required"), ("tieba", "unreachable")):
            for query in ("search:a", "search:b", "user:1"):
                session.add(
                    Coverage(
                        watch_id=no_go, platform=platform, query=query, last_error_at=clock(),
                        last_error_kind=kind, updated_at=clock(),
                    )
                )  # fmt: skip
        posts = {
            kind: session.query(Post.id).filter(Post.kind == kind).limit(1).scalar()
            for kind in ("post", "comment")
        }
        news = session.query(Post.id).filter(Post.platform == "news").limit(1).scalar()
        pairings = session.query(Watch.kol_id, Watch.brand_id).all()
    urls = ["/ui/", "/ui/setup", "/ui/setup?done=watch"]
    for watch in demo_watches.values():
        urls += [f"/ui/watches/{watch}", f"/ui/watches/{watch}/report?format=html&lang=zh"]
        urls += [f"/ui/watches/{watch}/report?format=md&lang=zh"]
    urls += [f"/ui/posts/{post}" for post in (*posts.values(), news)]
    urls += [f"/ui/kols/{kol}/dossier?brand_id={brand}" for kol, brand in pairings]
    return urls


@pytest.mark.db
def test_every_page_and_report_in_chinese_shows_no_code(ui, pages, backend):
    if backend != "sqlite":
        pytest.skip("the words are the same on every database; one run is enough")
    found = {}
    for url in pages:
        answer = ui.get(url)
        assert answer.status_code == 200, url
        text = visible(answer.text) if "format=md" not in url else answer.text
        if leaked := leaks(text):
            found[url] = leaked
    assert found == {}


@pytest.mark.db
def test_errors_and_forms_in_chinese_show_no_code(ui, demo_watches, demo_key, backend):
    if backend != "sqlite":
        pytest.skip("one run is enough")
    token = csrf_of(ui.get("/ui/setup").text)
    bad_kol = ui.post("/ui/kols", data={"csrf": token, "name": "x", "accounts": "twitter | 1"})
    assert bad_kol.status_code == 422
    pairing = _first_pairing(ui, demo_watches, demo_key)
    twice = ui.post("/ui/watches", data={"csrf": token, **pairing})
    assert twice.status_code == 409
    assert "这个品牌和 KOL 已在监控中" in twice.text
    login = ui.get("/ui/login")
    for answer in (bad_kol, twice, login):
        assert leaks(visible(answer.text)) == []


def _first_pairing(ui, demo_watches, key):
    headers = {"Authorization": f"Bearer {key}"}
    watch = ui.get(f"/v1/watches/{demo_watches['硬核老刀']}", headers=headers).json()
    return {"brand_id": watch["brand_id"], "kol_id": watch["kol_id"], "stage": "signed"}


@pytest.mark.db
def test_the_pdf_in_chinese_shows_no_code(ui, demo_watches, backend):
    if backend != "sqlite":
        pytest.skip("one run is enough")
    if problem := pdf.pdf_problem():
        pytest.skip(problem)
    pypdf = pytest.importorskip("pypdf")
    answer = ui.get(f"/ui/watches/{demo_watches['硬核老刀']}/report?format=pdf&lang=zh")
    assert answer.status_code == 200
    pages = pypdf.PdfReader(io.BytesIO(answer.content)).pages
    text = "\n".join(page.extract_text() for page in pages)
    assert leaks(text) == []
    assert re.search(r"1 / \d+", text), "pages are numbered"


def test_the_catalogue_has_every_label_in_both_languages():
    for key, (zh, en) in CATALOGUE.items():
        assert zh.strip(), key
        assert en.strip(), key
        assert set(re.findall(r"{(\w+)", zh)) == set(re.findall(r"{(\w+)", en)), key


def test_templates_use_only_keys_the_catalogue_has():
    from pathlib import Path

    import app

    root = Path(app.__file__).parent
    used: set[str] = set()
    for template in root.glob("**/templates/*.html"):
        used |= set(re.findall(r"""\bt\(["']([\w.]+)["']""", template.read_text("utf-8")))
    fixed = {key for key in used if not key.endswith(".")}
    assert fixed - set(CATALOGUE) == set()
    # t("d." ~ decision) and the like: some key of that kind exists.
    for prefix in used - fixed:
        assert any(key.startswith(prefix) for key in CATALOGUE), prefix


@pytest.mark.parametrize(
    ("cue", "zh"),
    [
        ("collab:投了", "合作：投了"),
        ("controversy:起诉", "争议：起诉"),
        ("[微笑] (sarcastic)", "[微笑]（反讽）"),
        ("不+支持 (negated)", "不+支持（否定）"),
        ("X粉都是… (fandom contempt)", "X粉都是…（蔑视粉丝）"),
        ("some term (a note we never heard of)", "some term"),
        ("恶心", "恶心"),
    ],
)
def test_cues_read_in_chinese(cue, zh):
    assert cue_label("zh", cue) == zh
    assert cue_label("en", cue) != ""


def test_an_unknown_code_reads_as_itself_and_none_as_a_dash():
    assert label("zh", "stage", "live") == "合作中"
    assert label("zh", "platform", "kuaishou") == "kuaishou"
    assert label("en", "platform", None) == "—"
