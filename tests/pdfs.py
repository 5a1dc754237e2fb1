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


def _serif() -> tuple[Path, Path] | None:
    for d in FONT_DIRS:
        regular, bold = Path(d) / "DejaVuSerif.ttf", Path(d) / "DejaVuSerif-Bold.ttf"
        if regular.exists() and bold.exists():
            return regular, bold
    return None


def _office_pdf(left_margin: float | None = None):
    """An FPDF with its first page, the serif face offices print in as ``tx`` (regular and bold;
    DejaVu Sans where no serif is installed), page breaks 20 mm from the bottom; and the regular
    face's path. ``left_margin``: margins (left, 20, 15) mm. Skips the test without a font."""
    import fpdf

    regular, bold = _serif() or (font_path(), font_path(bold=True))
    if regular is None or bold is None:
        import pytest

        pytest.skip("no DejaVu font (Debian fonts-dejavu-core) to write Vietnamese PDFs")
    pdf = fpdf.FPDF()
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font("tx", fname=str(regular))
    pdf.add_font("tx", style="B", fname=str(bold))
    if left_margin is not None:
        pdf.set_margins(left_margin, 20, 15)
    pdf.add_page()
    return pdf, regular


def issued_pdf(header: tuple[list[str], list[str]], heading: list[str], body: list[str],
               signature: tuple[list[str], list[str]], *, ink: str | None = None, seal: bool = True) -> bytes:
    """A document as an office issues it (Nghị định 30/2020/NĐ-CP): the header as two columns
    (issuer over the number | motto over place and date), the kind and title centred in bold, the
    body over as many pages as it takes (a line starting with a Roman or Arabic numeral is a bold
    heading), the signature block as two columns (recipients | position, room to sign, name). With
    ``ink``, that text — the number written in after printing — is written in blue after ``Số:``
    (the header's number line is then ``Số:    /KH-UBND``); ``seal`` draws the red seal over the
    signer's position and a blue signature across it, as on every signed copy."""

    pdf, _ = _office_pdf(left_margin=25)

    def columns(left: list[str], right: list[str], top: float, *, left_align: str = "C") -> dict[str, tuple]:
        where = {}
        for col, lines in ((0, left), (1, right)):
            for k, t in enumerate(lines):
                x, w = (20, 70) if col == 0 else (90, 110)
                style = "B" if (t.isupper() and not t.startswith(("KT.", "TM.", "TL."))) or (col == 1 and k == 1
                                                                                             and lines is header[1]) else ""
                size = 10 if left_align == "L" and col == 0 else 12
                pdf.set_font("tx", style=style, size=size)
                pdf.set_xy(x, top + 6.5 * k)
                pdf.cell(w, 6.5, t, align=left_align if col == 0 else "C")
                where[t] = (x, top + 6.5 * k, w, pdf.get_string_width(t))
        return where

    head = columns(*header, 15)
    if ink is not None:
        line = next(t for t in header[0] if t.startswith("Số:"))
        x, y, w, tw = head[line]
        gap = x + (w - tw) / 2 + pdf.get_string_width("Số: ")
        pdf.set_text_color(20, 40, 170)
        pdf.set_font("tx", size=12)
        pdf.set_xy(gap - 1, y - 0.6)
        pdf.cell(pdf.get_string_width(ink) + 1, 6.5, ink)
        pdf.set_text_color(0, 0, 0)
    pdf.set_xy(25, 22 + 6.5 * max(map(len, header)))
    for k, t in enumerate(heading):
        pdf.set_font("tx", style="B", size=13 if k == 0 else 12)
        pdf.multi_cell(170, 6.5, t, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for para in body:
        strong = bool(para[:1].isdigit() or para.startswith(("I.", "II.", "III.", "IV.", "V.")))
        pdf.set_font("tx", style="B" if strong else "", size=12)
        pdf.multi_cell(170, 6.5, para, align="J", new_x="LMARGIN", new_y="NEXT")
    needed = 6.5 * max(len(signature[0]), len(signature[1]) + 4) + 10
    if pdf.get_y() + needed > pdf.h - 20:
        pdf.add_page()
    top = pdf.get_y() + 6
    right = list(signature[1][:-1]) + ["", "", "", signature[1][-1]]
    sig = columns(signature[0], right, top, left_align="L")
    if seal:
        x, y, w, tw = sig[signature[1][-2]]
        cx, cy = x + w / 2 - 14, y + 6
        with pdf.local_context(blend_mode="Multiply"):  # seal ink over the print, as on paper
            pdf.set_draw_color(215, 35, 40)
            pdf.set_line_width(1.1)
            pdf.ellipse(cx - 19, cy - 19, 38, 38)
            pdf.set_line_width(0.5)
            pdf.ellipse(cx - 14, cy - 14, 28, 28)
            pdf.set_text_color(215, 35, 40)
            pdf.set_font("tx", style="B", size=7)
            pdf.set_xy(cx - 14, cy - 12)
            pdf.cell(28, 4, "ỦY BAN NHÂN DÂN", align="C")
            pdf.set_font("tx", style="B", size=16)
            pdf.set_xy(cx - 6, cy - 2)
            pdf.cell(12, 8, "*", align="C")
            pdf.set_text_color(0, 0, 0)
            pdf.set_draw_color(25, 45, 160)
            pdf.set_line_width(0.4)
            pdf.polyline([(cx + 6, cy + 16), (cx + 14, cy + 7), (cx + 18, cy + 15), (cx + 26, cy + 6), (cx + 32, cy + 12),
                          (cx + 44, cy + 9)])
    return bytes(pdf.output())


def colour_scan(pdf: bytes, dpi: int = 200, noise: float = 0.0005, angle: float = 0.5, seed: int = 11) -> bytes:
    """:func:`scan` in colour, as an office scanner keeps the red seal and the blue ink."""
    import io
    import random

    import pypdfium2 as pdfium
    from PIL import Image

    rng = random.Random(seed)
    images = []
    doc = pdfium.PdfDocument(pdf)
    for i in range(len(doc)):
        img = doc[i].render(scale=dpi / 72).to_pil().convert("RGB")
        img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=(250, 250, 246))
        px = img.load()
        w, h = img.size
        for _ in range(int(w * h * noise)):
            x, y = rng.randrange(w), rng.randrange(h)
            px[x, y] = (30, 30, 30) if rng.random() < 0.5 else (255, 255, 255)
        images.append(img)
    doc.close()
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return buf.getvalue()


def ruled_pdf(text: str, rows: list[tuple], after: str = "", *, col_widths: tuple[int, ...] | None = None,
              borders: str = "ALL", shaded: bool = False, landscape: bool = False, font_size: int = 11) -> bytes:
    """A text-layer PDF whose table is ruled as word processors and generators rule one: ``text``,
    then ``rows`` (the first the header, repeated on each page), then ``after``. A cell is its text,
    or ``(text, colspan, rowspan)`` for a merged cell — a group heading over the whole row
    (``I. NHIỆM VỤ CHUNG``), a lead unit over the several tasks it leads. ``borders`` is fpdf2's
    layout (``ALL`` draws each cell's rectangle; ``HORIZONTAL_LINES``, ``INTERNAL``… draw lines);
    ``shaded`` fills the header with grey (filled rectangles under the rulings)."""
    import fpdf
    from fpdf.fonts import FontFace

    regular, bold = font_path(), font_path(bold=True)
    if regular is None or bold is None:
        import pytest

        pytest.skip("no DejaVu Sans font (Debian fonts-dejavu-core) to write Vietnamese PDFs")
    pdf = fpdf.FPDF(orientation="L" if landscape else "P")
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_font("dv", fname=str(regular))
    pdf.add_font("dv", style="B", fname=str(bold))
    pdf.set_font("dv", size=font_size)
    pdf.add_page()
    pdf.multi_cell(0, 6, text)
    heading = FontFace(emphasis="BOLD", fill_color=(220, 220, 220) if shaded else None)
    with pdf.table(col_widths=col_widths, repeat_headings=1, borders_layout=borders, headings_style=heading,
                   line_height=font_size * 0.5) as t:
        for r in rows:
            row = t.row()
            for cell in r:
                if isinstance(cell, tuple):
                    value, colspan, rowspan = cell
                    row.cell(value, colspan=colspan, rowspan=rowspan)
                else:
                    row.cell(cell)
    if after:
        pdf.multi_cell(0, 6, "\n" + after)
    return bytes(pdf.output())


def plan_pdf(header: tuple[list[str], list[str]], heading: list[str], body: list[str], rows: list[tuple],
             signature: tuple[list[str], list[str]], *, col_widths: tuple[int, ...], shaded: bool = True) -> bytes:
    """A plan as an office issues it with its task table (Nghị định 30/2020/NĐ-CP): the header as two
    columns (issuer over the number | motto over place and date), the kind and title in bold, the body,
    then the ruled table over as many pages as it takes — ``rows`` as for :func:`ruled_pdf`, the
    header row shaded and repeated on each page, merged cells allowed — and the signature block as
    two columns (recipients | position and signer)."""
    from fpdf.fonts import FontFace

    pdf, _ = _office_pdf(left_margin=20)

    def columns(left: list[str], right: list[str], top: float, size: int = 12) -> None:
        for col, lines in ((0, left), (1, right)):
            for k, t in enumerate(lines):
                pdf.set_font("tx", style="B" if t.isupper() else "", size=size)
                pdf.set_xy(20 if col == 0 else 90, top + 6 * k)
                pdf.cell(70 if col == 0 else 110, 6, t, align="C")

    columns(*header, 15)
    pdf.set_xy(20, 22 + 6 * max(map(len, header)))
    for k, t in enumerate(heading):
        pdf.set_font("tx", style="B", size=13 if k == 0 else 12)
        pdf.multi_cell(175, 6.5, t, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("tx", size=12)
    for para in body:
        pdf.multi_cell(175, 6.5, para, align="J", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("tx", size=11)
    heading_style = FontFace(emphasis="BOLD", fill_color=(225, 225, 225) if shaded else None)
    with pdf.table(col_widths=col_widths, repeat_headings=1, headings_style=heading_style, line_height=5.5) as t:
        for r in rows:
            row = t.row()
            for cell in r:
                if isinstance(cell, tuple):
                    row.cell(cell[0], colspan=cell[1], rowspan=cell[2])
                else:
                    row.cell(cell)
    if pdf.get_y() + 6 * (len(signature[1]) + 4) > pdf.h - 20:
        pdf.add_page()
    top = pdf.get_y() + 8
    for col, lines in ((0, signature[0]), (1, list(signature[1][:-1]) + ["", "", "", signature[1][-1]])):
        for k, t in enumerate(lines):
            pdf.set_font("tx", style="B" if t.isupper() else "", size=10 if col == 0 else 12)
            pdf.set_xy(20 if col == 0 else 100, top + 6 * k)
            pdf.cell(75 if col == 0 else 95, 6, t, align="L" if col == 0 else "C")
    return bytes(pdf.output())


def stamped_pdf(body: str, *, number: str | None, day: str | None) -> bytes:
    """An issued decision whose text layer leaves the number and day blank (``Số:        /QĐ-UBND``,
    ``ngày      tháng 9``) and whose page shows them written in — an image in each gap, as a scan of
    the number stamp or the clerk's pen lands in the exported PDF. ``None``: the gap left empty (a draft)."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    pdf, regular = _office_pdf()
    pdf.set_font("tx", size=12)
    gaps = {}
    for x, y, w, line in ((15, 15, 70, "ỦY BAN NHÂN DÂN"), (15, 21, 70, "TỈNH LÂM ĐỒNG"),
                          (15, 29, 70, "Số:          /QĐ-UBND"), (90, 15, 110, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                          (90, 21, 110, "Độc lập - Tự do - Hạnh phúc"),
                          (90, 29, 110, "Lâm Đồng, ngày         tháng 9 năm 2025")):
        pdf.set_xy(x, y)
        pdf.cell(w, 6.5, line, align="C")
        left = x + (w - pdf.get_string_width(line)) / 2
        if line.startswith("Số:"):
            gaps["number"] = (left + pdf.get_string_width("Số: "), y, pdf.get_string_width("         "))
        elif "ngày" in line:
            gaps["day"] = (left + pdf.get_string_width("Lâm Đồng, ngày "), y, pdf.get_string_width("        "))
    font = ImageFont.truetype(str(regular), 60)
    for key, value in (("number", number), ("day", day)):
        if value is None:
            continue
        image = Image.new("RGB", (60 * len(value) + 20, 90), (255, 255, 255))
        ImageDraw.Draw(image).text((6, 8), value, font=font, fill=(25, 45, 170))
        buf = io.BytesIO()
        image.save(buf, format="PNG")
        x, y, w = gaps[key]
        pdf.image(buf, x=x + 0.5, y=y - 0.3, h=6.8)
    pdf.set_xy(15, 45)
    pdf.set_font("tx", style="B", size=13)
    pdf.cell(180, 7, "QUYẾT ĐỊNH", align="C")
    pdf.set_xy(15, 55)
    pdf.set_font("tx", size=12)
    pdf.multi_cell(180, 6.5, body)
    return bytes(pdf.output())
