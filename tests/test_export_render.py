"""The exported .docx opens in LibreOffice, converts to PDF and has the expected pages.

Run as a script to refresh the page images in docs/ (one table page of each template):
    .venv/bin/python tests/test_export_render.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from export_samples import tt18_thcs_plan, tt57_plan  # noqa: E402

from assistant.catalog import default_catalog  # noqa: E402
from assistant.export import export_docx  # noqa: E402

pytestmark = pytest.mark.slow

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
DOCS = Path(__file__).resolve().parent.parent / "docs"
SAMPLES = {
    "2018": (tt18_thcs_plan, "tt18-2018", "MỨC 1, 2, 3"),
    "tt57": (tt57_plan, "tt57-2026-pho-thong", "Tóm tắt các vấn đề trọng tâm cần cải tiến"),
}


def to_pdf(docx: bytes, workdir: Path, name: str) -> Path:
    """Convert with LibreOffice headless, using a private profile so parallel runs do not collide."""
    source = workdir / f"{name}.docx"
    source.write_bytes(docx)
    profile = (workdir / "lo-profile").as_uri()
    cmd = [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
           str(workdir), str(source)]  # fmt: skip
    subprocess.run(cmd, check=True, capture_output=True, timeout=240)
    pdf = workdir / f"{name}.pdf"
    assert pdf.is_file(), "LibreOffice did not write the PDF"
    return pdf


def page_facts(pdf: Path) -> list[tuple[bool, str]]:
    """(is landscape, text) for every page."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    facts = []
    for page in doc:
        width, height = page.get_size()
        text = " ".join(page.get_textpage().get_text_range().split())  # cells wrap words onto lines
        facts.append((width > height, text))
    doc.close()
    return facts


def _export(key: str) -> bytes:
    make, framework_id, _ = SAMPLES[key]
    return export_docx(make(), default_catalog().get(framework_id))


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; it renders the PDF")
@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_docx_converts_to_pdf_with_landscape_table_pages(key, tmp_path):
    pages = page_facts(to_pdf(_export(key), tmp_path, key))
    assert len(pages) >= 3
    assert not pages[0][0] and not pages[-1][0], "first and last pages are portrait"
    landscape = [text for is_landscape, text in pages if is_landscape]
    assert landscape and SAMPLES[key][2] in landscape[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pages[0][1]
    assert not pages[0][1].lstrip().startswith("1"), "no page number on the first page"
    assert pages[1][1].lstrip().startswith("2"), "page numbers from page 2 on"
    assert "HIỆU TRƯỞNG" in pages[-1][1]


def refresh_images() -> None:
    """Write docs/export-2018.png and docs/export-tt57.png: the first table page at 60 dpi."""
    import tempfile

    DOCS.mkdir(exist_ok=True)
    for key in sorted(SAMPLES):
        with tempfile.TemporaryDirectory() as tmp:
            pdf = to_pdf(_export(key), Path(tmp), key)
            number = next(i for i, (is_landscape, _) in enumerate(page_facts(pdf), 1) if is_landscape)
            target = DOCS / f"export-{key}"
            cmd = ["pdftoppm", "-r", "60", "-png", "-f", str(number), "-l", str(number), "-singlefile",
                   str(pdf), str(target)]  # fmt: skip
            subprocess.run(cmd, check=True, timeout=120)
            print(f"{target}.png (page {number})")


if __name__ == "__main__":
    refresh_images()
