"""PDF: made from the report's HTML with the Chinese quotes as text (not tofu), or a clear 503."""

from __future__ import annotations

import io

import pytest

from app.reports import pdf


@pytest.mark.db
def test_pdf_answers_503_naming_what_to_install(app_client, demo, monkeypatch):
    problem = f"PDF reports are unavailable: {pdf.INSTALL_FONTS}"
    monkeypatch.setattr(pdf, "pdf_problem", lambda: problem)
    response = app_client.get(f"/v1/watches/{demo['硬核老刀']}/report?format=pdf")
    assert response.status_code == 503
    assert response.json()["error"] == "unavailable"
    assert "fonts-noto-cjk" in response.json()["message"]


@pytest.mark.db
def test_pdf_embeds_the_chinese_quotes(app_client, demo, backend):
    if backend != "sqlite":
        pytest.skip("rendering is database-independent; one backend is enough")
    problem = pdf.pdf_problem()
    if problem:
        pytest.skip(problem)
    pypdf = pytest.importorskip("pypdf", reason="pip install pypdf (in the dev extra)")
    watch = demo["硬核老刀"]
    quote = app_client.get(f"/v1/watches/{watch}/report?format=json").json()["top_reasons"][0][
        "evidence"
    ][0]["quote"]
    response = app_client.get(f"/v1/watches/{watch}/report?format=pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    pages = pypdf.PdfReader(io.BytesIO(response.content)).pages
    text = "".join(page.extract_text() for page in pages)
    flat = "".join(text.split())
    assert "不建议签约" in flat
    assert "".join(quote.split())[:12] in flat
