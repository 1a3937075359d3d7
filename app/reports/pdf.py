"""PDF from the report's HTML with WeasyPrint. Without CJK fonts a PDF would show boxes (tofu)
instead of the quotes, so it is refused with what to install."""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache

from app.errors import ServiceUnavailable

INSTALL_FONTS = "install CJK fonts: apt-get install fonts-noto-cjk"
INSTALL_LIBS = (
    "install WeasyPrint's system libraries: apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
    "libharfbuzz0b libfontconfig1"
)


def cjk_fonts_present() -> bool:
    """fontconfig knows a font covering Chinese (what WeasyPrint will use)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    found = subprocess.run(
        [fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=20, check=False
    )
    return found.returncode == 0 and bool(found.stdout.strip())


def weasyprint_loads() -> bool:
    try:
        import weasyprint  # type: ignore[import-untyped]  # noqa: F401
    except (ImportError, OSError):  # OSError: Pango or its friends are missing
        return False
    return True


@lru_cache(maxsize=1)
def pdf_problem() -> str | None:
    """None when PDFs can be made here; otherwise what to install. Checked once per process."""
    if not weasyprint_loads():
        return f"PDF reports are unavailable: {INSTALL_LIBS} (and pip install weasyprint)"
    if not cjk_fonts_present():
        return f"PDF reports are unavailable: {INSTALL_FONTS}"
    return None


def render_pdf(html: str) -> bytes:
    problem = pdf_problem()
    if problem is not None:
        raise ServiceUnavailable(problem, {"formats_available": ["html", "md", "json"]})
    from weasyprint import HTML

    pdf: bytes = HTML(string=html, media_type="print").write_pdf()
    return pdf
