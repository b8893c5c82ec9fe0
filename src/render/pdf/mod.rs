//! The PDF writer: our own layout (`layout.rs`) over Liberation Serif (`font.rs`),
//! written as PDF 1.7 with the fonts embedded as subset CID fonts (subsetter) with
//! ToUnicode maps, so the text extracts as written, in reading order.
//!
//! Why not printpdf: it pulls allsorts and a second lopdf for what is here a few
//! hundred lines, and does no line breaking, justification or pagination, which had
//! to be written anyway. The output is deterministic (no dates, no random ids).

pub mod font;
pub mod layout;

use super::model::Doc;
use super::{Paper, RenderError};
use font::{Metrics, Style, Usage};
use layout::{Ctx, Item, Piece, MM};
use std::fmt::Write as _;
use std::io::Write as _;

/// Page margins (top, right, bottom, left), as in the DOCX writer.
fn margins() -> (f32, f32, f32, f32) {
    let (t, r, b, l) = super::docx::MARGINS_MM;
    (t * MM, r * MM, b * MM, l * MM)
}

/// A number as PDF writes it: at most two decimals, no exponent.
fn num(out: &mut String, v: f32) {
    let r = (v * 100.0).round() / 100.0;
    if r == r.trunc() {
        let _ = write!(out, "{}", r as i64);
    } else {
        let _ = write!(out, "{r}");
    }
}

struct Content<'a> {
    fonts: &'a [Metrics],
    usage: &'a mut [Usage; 4],
    page_h: f32,
    out: String,
}

impl Content<'_> {
    fn text(&mut self, x: f32, baseline_from_top: f32, pieces: &[Piece], word_space: f32) {
        let y = self.page_h - baseline_from_top;
        self.out.push_str("BT\n");
        let mut cur: Option<(Style, f32)> = None;
        let mut first = true;
        for p in pieces {
            if cur != Some((p.style, p.size)) {
                let _ = write!(self.out, "/F{} ", p.style.index() + 1);
                num(&mut self.out, p.size);
                self.out.push_str(" Tf\n");
                cur = Some((p.style, p.size));
            }
            if first {
                num(&mut self.out, x);
                self.out.push(' ');
                num(&mut self.out, y);
                self.out.push_str(" Td\n");
                first = false;
            }
            let m = &self.fonts[p.style.index()];
            let usage = &mut self.usage[p.style.index()];
            let adj = if word_space > 0.0 {
                -word_space * 1000.0 / p.size
            } else {
                0.0
            };
            self.out.push_str("[<");
            for c in p.text.chars() {
                let g = usage.use_char(m, c);
                let _ = write!(self.out, "{g:04X}");
                if c == ' ' && adj != 0.0 {
                    self.out.push_str("> ");
                    num(&mut self.out, adj);
                    self.out.push_str(" <");
                }
            }
            self.out.push_str(">] TJ\n");
        }
        self.out.push_str("ET\n");
    }

    fn rule(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32) {
        num(&mut self.out, width);
        self.out.push_str(" w ");
        num(&mut self.out, x1);
        self.out.push(' ');
        num(&mut self.out, self.page_h - y1);
        self.out.push_str(" m ");
        num(&mut self.out, x2);
        self.out.push(' ');
        num(&mut self.out, self.page_h - y2);
        self.out.push_str(" l S\n");
    }
}

/// PDF objects under construction; object `n` is `objs[n - 1]`.
struct Pdf {
    objs: Vec<Vec<u8>>,
}

impl Pdf {
    fn reserve(&mut self) -> usize {
        self.objs.push(Vec::new());
        self.objs.len()
    }

    fn set(&mut self, id: usize, body: impl Into<Vec<u8>>) {
        self.objs[id - 1] = body.into();
    }

    fn add(&mut self, body: impl Into<Vec<u8>>) -> usize {
        let id = self.reserve();
        self.set(id, body);
        id
    }

    fn stream(&mut self, dict: &str, data: &[u8], compress: bool) -> usize {
        let (data, filter) = if compress {
            let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
            let _ = e.write_all(data);
            (e.finish().unwrap_or_default(), "/Filter /FlateDecode ")
        } else {
            (data.to_vec(), "")
        };
        let mut body =
            format!("<< {dict} {filter}/Length {} >>\nstream\n", data.len()).into_bytes();
        body.extend_from_slice(&data);
        body.extend_from_slice(b"\nendstream");
        self.add(body)
    }

    fn finish(self, root: usize, info: usize) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
        let mut offsets = Vec::with_capacity(self.objs.len());
        for (i, o) in self.objs.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend_from_slice(o);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        let mut x = format!("xref\n0 {}\n0000000000 65535 f \n", self.objs.len() + 1);
        for o in offsets {
            let _ = writeln!(x, "{o:010} 00000 n ");
        }
        let _ = write!(
            x,
            "trailer\n<< /Size {} /Root {root} 0 R /Info {info} 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            self.objs.len() + 1
        );
        out.extend_from_slice(x.as_bytes());
        out
    }
}

/// A PDF text string: UTF-16BE with a byte-order mark, as hex.
fn pdf_text(s: &str) -> String {
    let mut h = String::from("<FEFF");
    for u in s.encode_utf16() {
        let _ = write!(h, "{u:04X}");
    }
    h.push('>');
    h
}

/// Six capital letters from the glyphs used: the subset tag (deterministic).
fn subset_tag(style: Style, usage: &Usage) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ style.index() as u64;
    for (g, (t, _)) in &usage.glyphs {
        for b in g.to_be_bytes().iter().chain(t.as_bytes()) {
            h ^= *b as u64;
            h = h.wrapping_mul(0x100_0000_01b3);
        }
    }
    (0..6)
        .map(|i| (b'A' + ((h >> (i * 5)) % 26) as u8) as char)
        .collect()
}

fn embed_font(
    pdf: &mut Pdf,
    m: &Metrics,
    style: Style,
    usage: &Usage,
) -> Result<usize, RenderError> {
    let sub = subsetter::subset(m.data, 0, &usage.remapper)
        .map_err(|e| RenderError::Write(format!("font subset: {e:?}")))?;
    let file = pdf.stream(&format!("/Length1 {}", sub.len()), &sub, true);
    let name = format!("{}+{}", subset_tag(style, usage), style.base_name());
    let k = 1000.0 / m.upem;
    let flags = 32
        | 2
        | if matches!(style, Style::Italic | Style::BoldItalic) {
            64
        } else {
            0
        };
    let stem = if matches!(style, Style::Bold | Style::BoldItalic) {
        140
    } else {
        80
    };
    let desc = pdf.add(format!(
        "<< /Type /FontDescriptor /FontName /{name} /Flags {flags} /FontBBox [{} {} {} {}] /ItalicAngle {} /Ascent {} /Descent {} /CapHeight {} /StemV {stem} /FontFile2 {file} 0 R >>",
        (m.bbox[0] * k).round(), (m.bbox[1] * k).round(), (m.bbox[2] * k).round(), (m.bbox[3] * k).round(),
        m.italic_angle, (m.ascent * k).round(), (m.descent * k).round(), (m.cap_height * k).round()
    ));
    let mut widths = String::from("[0 [");
    let max = usage.glyphs.keys().next_back().copied().unwrap_or(0);
    for g in 0..=max {
        let adv = usage.glyphs.get(&g).map_or(0, |(_, a)| *a);
        let _ = write!(widths, "{} ", (adv as f32 * k).round() as i64);
    }
    widths.push_str("]]");
    let cid = pdf.add(format!(
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor {desc} 0 R /DW 0 /W {widths} /CIDToGIDMap /Identity >>"
    ));
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let mapped: Vec<(&u16, &String)> = usage
        .glyphs
        .iter()
        .filter(|(_, (t, _))| !t.is_empty())
        .map(|(g, (t, _))| (g, t))
        .collect();
    for chunk in mapped.chunks(100) {
        let _ = writeln!(cmap, "{} beginbfchar", chunk.len());
        for (g, t) in chunk {
            let _ = write!(cmap, "<{g:04X}> <");
            for u in t.encode_utf16() {
                let _ = write!(cmap, "{u:04X}");
            }
            cmap.push_str(">\n");
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    let to_unicode = pdf.stream("", cmap.as_bytes(), true);
    Ok(pdf.add(format!(
        "<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H /DescendantFonts [{cid} 0 R] /ToUnicode {to_unicode} 0 R >>"
    )))
}

/// The PDF bytes of `doc`.
pub fn write(doc: &Doc, paper: Paper) -> Result<Vec<u8>, RenderError> {
    let fonts = font::metrics().map_err(RenderError::Write)?;
    let (pw, ph) = paper.size_pt();
    let (mt, mr, mb, ml) = margins();
    let ctx = Ctx {
        fonts,
        width: pw - ml - mr,
    };
    let laid = layout::lay_out(&ctx, doc);
    let pages = layout::paginate(&laid, ph - mt - mb);
    let total = pages.len();
    let has_masthead = doc
        .blocks
        .first()
        .is_some_and(|b| matches!(b, super::model::Block::Masthead(_)));

    let mut usage: [Usage; 4] = Default::default();
    let mut contents = Vec::with_capacity(total);
    for (i, page) in pages.iter().enumerate() {
        let mut c = Content {
            fonts,
            usage: &mut usage,
            page_h: ph,
            out: String::with_capacity(8192),
        };
        c.out.push_str("0 g 0 G\n");
        // Running head: the symbol, right-aligned (not above the masthead).
        let first_with_masthead = i == 0 && has_masthead;
        let head = !first_with_masthead && !doc.meta.symbol.is_empty();
        if head {
            let w = fonts[0].width(&doc.meta.symbol, 10.0);
            let pieces = [Piece {
                style: Style::Regular,
                size: 10.0,
                text: doc.meta.symbol.clone(),
            }];
            c.text(pw - mr - w, mt - 8.0 * MM, &pieces, 0.0);
        }
        for placed in page {
            for it in &placed.row.items {
                match it {
                    Item::Text {
                        x,
                        y,
                        pieces,
                        word_space,
                    } => c.text(ml + x, mt + placed.top + y, pieces, *word_space),
                    Item::Rule {
                        x1,
                        y1,
                        x2,
                        y2,
                        width,
                    } => c.rule(
                        ml + x1,
                        mt + placed.top + y1,
                        ml + x2,
                        mt + placed.top + y2,
                        *width,
                    ),
                }
            }
        }
        let folio = format!("Page {} of {}", i + 1, total);
        let w = fonts[0].width(&folio, 10.0);
        let pieces = [Piece {
            style: Style::Regular,
            size: 10.0,
            text: folio,
        }];
        c.text((pw - w) / 2.0, ph - mb + 12.0 * MM, &pieces, 0.0);
        contents.push(c.out);
    }

    let mut pdf = Pdf { objs: Vec::new() };
    let catalog = pdf.reserve();
    let pages_id = pdf.reserve();
    let mut font_refs = String::new();
    for s in Style::ALL {
        let u = &usage[s.index()];
        if u.is_empty() {
            continue;
        }
        let id = embed_font(&mut pdf, &fonts[s.index()], s, u)?;
        let _ = write!(font_refs, "/F{} {id} 0 R ", s.index() + 1);
    }
    let resources = pdf.add(format!("<< /Font << {font_refs}>> >>"));
    let mut kids = String::new();
    for c in &contents {
        let content = pdf.stream("", c.as_bytes(), true);
        let page = pdf.add(format!(
            "<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {} {}] /Resources {resources} 0 R /Contents {content} 0 R >>",
            pw, ph
        ));
        let _ = write!(kids, "{page} 0 R ");
    }
    pdf.set(
        pages_id,
        format!("<< /Type /Pages /Kids [{kids}] /Count {total} >>"),
    );
    pdf.set(
        catalog,
        format!("<< /Type /Catalog /Pages {pages_id} 0 R /Lang (en) /ViewerPreferences << /DisplayDocTitle true >> >>"),
    );
    let info = pdf.add(format!(
        "<< /Title {} /Author {} /Creator (wpslens) /Producer (wpslens {}) >>",
        pdf_text(&doc.meta.title),
        pdf_text(&doc.meta.author),
        env!("CARGO_PKG_VERSION")
    ));
    Ok(pdf.finish(catalog, info))
}
