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


def raw_pdf(content: bytes, *, compress: bool = True) -> bytes:
    """A one-page PDF around a hand-written content stream (Helvetica as /F1), xref and all."""
    import zlib

    stream = zlib.compress(content, 9) if compress else content
    filt = b"/Filter /FlateDecode " if compress else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< " + filt + b"/Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def two_column_pdf(header: tuple[list[str], list[str]], body: str, signature: tuple[list[str], list[str]], *,
                   by_lines: bool) -> bytes:
    """A one-page document laid out as Nghị định 30/2020/NĐ-CP lays it out: the header block as two
    columns (issuer and number | motto, place and date), the body, the signature block as two
    columns (recipients | signer). ``by_lines`` writes the columns line by line, left then right,
    as some generators do; otherwise column after column, as a word processor's table does."""
    import fpdf

    regular = font_path()
    if regular is None:
        import pytest

        pytest.skip("no DejaVu Sans font (Debian fonts-dejavu-core) to write Vietnamese PDFs")
    pdf = fpdf.FPDF()
    pdf.set_auto_page_break(False)
    pdf.add_font("dv", fname=str(regular))
    pdf.set_font("dv", size=11)
    pdf.add_page()

    def columns(left: list[str], right: list[str], top: float) -> None:
        cells = [(0, k, t) for k, t in enumerate(left)] + [(1, k, t) for k, t in enumerate(right)]
        if by_lines:
            cells.sort(key=lambda c: (c[1], c[0]))
        for col, k, t in cells:
            pdf.set_xy(10 if col == 0 else 80, top + 6 * k)
            pdf.cell(65 if col == 0 else 120, 6, t, align="L" if col == 0 and left[0].startswith("Nơi") else "C")

    columns(*header, 15)
    pdf.set_xy(10, 20 + 6 * max(map(len, header)))
    pdf.multi_cell(190, 6, body)
    columns(*signature, pdf.get_y() + 6)
    return bytes(pdf.output())
