"""PDFs made for the tests and the benchmark from texts we hold (fpdf2 with a Unicode font)."""

from __future__ import annotations

from pathlib import Path

FONT_DIRS = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/local/share/fonts"]


def font_path(bold: bool = False) -> Path | None:
    """DejaVu Sans (Debian `fonts-dejavu-core`, installed by `make test` where missing): it covers
    Vietnamese. None when no copy is found."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for d in FONT_DIRS:
        if (Path(d) / name).exists():
            return Path(d) / name
    try:
        import matplotlib

        p = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name
        return p if p.exists() else None
    except ImportError:
        return None


def make_pdf(text: str, table: list[tuple[str, ...]] | None = None, after: str = "", *,
             col_widths: tuple[int, ...] | None = None, footer: str | None = None, rotate: bool = False) -> bytes:
    """A text-layer PDF: ``text``, then ``table`` (first row the header, repeated on each page), then
    ``after``; ``footer`` printed at the bottom of every page (``{page}`` is its number)."""
    import fpdf

    regular, bold = font_path(), font_path(bold=True)
    if regular is None or bold is None:
        import pytest

        pytest.skip("no DejaVu Sans font (Debian fonts-dejavu-core) to write Vietnamese PDFs")

    class Doc(fpdf.FPDF):
        def footer(self):
            if footer:
                self.set_y(-12)
                self.set_font("dv", size=9)
                self.cell(0, 8, footer.format(page=self.page_no()), align="C")

    pdf = Doc()
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_font("dv", fname=str(regular))
    pdf.add_font("dv", style="B", fname=str(bold))
    pdf.set_font("dv", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, text)
    if table:
        with pdf.table(col_widths=col_widths, repeat_headings=1) as t:
            for r in table:
                row = t.row()
                for cell in r:
                    row.cell(cell)
    if after:
        pdf.multi_cell(0, 6, "\n" + after)
    data = bytes(pdf.output())
    if rotate:
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(data)
        for i in range(len(doc)):
            doc[i].set_rotation(90)
        import io

        buf = io.BytesIO()
        doc.save(buf)
        data = buf.getvalue()
    return data


def scan(pdf: bytes, dpi: int = 200, noise: float = 0.01, angle: float = 0.4, seed: int = 7) -> bytes:
    """An image-only PDF as a scanner makes it: pages rasterized, slightly turned, speckled."""
    import io
    import random

    import pypdfium2 as pdfium
    from PIL import Image

    rng = random.Random(seed)
    images = []
    doc = pdfium.PdfDocument(pdf)
    for i in range(len(doc)):
        img = doc[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
        px = img.load()
        w, h = img.size
        for _ in range(int(w * h * noise)):
            x, y = rng.randrange(w), rng.randrange(h)
            px[x, y] = 0 if rng.random() < 0.5 else 255
        images.append(img)
    doc.close()
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return buf.getvalue()
