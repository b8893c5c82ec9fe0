//! The DOCX writer (docx-rs): the output model as a Word document with real styles
//! (restyle the document by editing them), Word's own list numbering, a running head
//! with the symbol, a footer "Page X of Y", and the Council masthead as a table.
//!
//! The output is deterministic: fixed document-property dates, no random ids.

use super::model::{Align, Block, Doc, Inline, Masthead};
use super::{Paper, RenderError};
use docx_rs::{
    AbstractNumbering, AlignmentType, BorderType, BreakType, Docx, Footer, Header, IndentLevel,
    Level, LevelJc, LevelOverride, LevelText, LineSpacing, NumPages, NumberFormat, Numbering,
    NumberingId, PageMargin, PageNum, Paragraph, Run, RunFonts, SpecialIndentType, Start, Style,
    StyleType, Table, TableBorder, TableBorderPosition, TableBorders, TableCell, TableLayoutType,
    TableRow, WidthType,
};

/// Twentieths of a point per millimetre.
const TW_PER_MM: f32 = 56.692_913;
const FONT: &str = "Times New Roman";
/// Body size in half-points (11 pt).
const BODY: usize = 22;
/// Page margins in millimetres (top, right, bottom, left).
pub const MARGINS_MM: (f32, f32, f32, f32) = (25.0, 25.0, 22.0, 25.0);
/// Hanging indent of list labels.
const LABEL_MM: f32 = 10.0;

fn tw(mm: f32) -> i32 {
    (mm * TW_PER_MM).round() as i32
}

/// Abstract numbering ids: `Docx::new()` already defines numbering (and abstract
/// numbering) 1, so ours start at 2.
const ABS_PARAS: usize = 2;
const ABS_BULLET: usize = 3;
const NUM_BULLET: usize = 2;
/// Paragraph numbering of the body; annex `k` uses `NUM_PARAS + k` (restarted at 1).
const NUM_PARAS: usize = 3;

fn fonts() -> RunFonts {
    RunFonts::new()
        .ascii(FONT)
        .hi_ansi(FONT)
        .cs(FONT)
        .east_asia(FONT)
}

fn spacing(before_pt: u32, after_pt: u32) -> LineSpacing {
    LineSpacing::new()
        .before(before_pt * 20)
        .after(after_pt * 20)
}

fn styles(docx: Docx) -> Docx {
    let p = |id: &str, name: &str| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("BodyText")
            .q_format(true)
    };
    docx.add_style(
        Style::new("Normal", StyleType::Paragraph)
            .name("Normal")
            .fonts(fonts())
            .size(BODY)
            .line_spacing(spacing(0, 0))
            .q_format(true),
    )
    .add_style(
        p("BodyText", "Body Text")
            .align(AlignmentType::Both)
            .line_spacing(spacing(0, 6)),
    )
    .add_style(
        p("Title", "Title")
            .bold()
            .size(BODY + 4)
            .line_spacing(spacing(12, 12)),
    )
    .add_style(
        p("Heading1", "heading 1")
            .bold()
            .size(BODY + 2)
            .line_spacing(spacing(12, 6))
            .outline_lvl(0),
    )
    .add_style(
        p("Heading2", "heading 2")
            .bold()
            .italic()
            .size(BODY)
            .line_spacing(spacing(6, 6))
            .outline_lvl(1),
    )
    .add_style(
        p("ListNumber", "List Number")
            .align(AlignmentType::Both)
            .line_spacing(spacing(0, 6)),
    )
    .add_style(
        p("ListLetter", "List Number 2")
            .align(AlignmentType::Both)
            .line_spacing(spacing(0, 6)),
    )
    .add_style(
        p("ListBullet", "List Bullet")
            .align(AlignmentType::Both)
            .line_spacing(spacing(0, 4)),
    )
    .add_style(
        p("Quote", "Quote")
            .align(AlignmentType::Both)
            .indent(Some(tw(LABEL_MM)), None, Some(tw(LABEL_MM)), None)
            .line_spacing(spacing(0, 6)),
    )
    .add_style(
        p("Note", "Note")
            .size(BODY - 4)
            .indent(Some(tw(LABEL_MM)), None, None, None)
            .line_spacing(spacing(0, 6)),
    )
    .add_style(
        p("Signature", "Signature")
            .indent(Some(tw(80.0)), None, None, None)
            .line_spacing(spacing(0, 0)),
    )
    .add_style(
        p("AnnexLabel", "Annex Label")
            .bold()
            .size(BODY + 2)
            .line_spacing(spacing(0, 12)),
    )
    .add_style(p("Masthead", "Masthead").line_spacing(spacing(0, 0)))
    .add_style(p("Address", "Address").line_spacing(spacing(0, 0)))
    .add_style(p("TableText", "Table Text").line_spacing(spacing(2, 2)))
    .add_style(
        p("Header", "header")
            .size(BODY - 2)
            .align(AlignmentType::Right),
    )
    .add_style(
        p("Footer", "footer")
            .size(BODY - 2)
            .align(AlignmentType::Center),
    )
}

fn numbering(docx: Docx, annexes: usize) -> Docx {
    let label = tw(LABEL_MM);
    let paras = AbstractNumbering::new(ABS_PARAS)
        .add_level(
            Level::new(
                0,
                Start::new(1),
                NumberFormat::new("decimal"),
                LevelText::new("%1."),
                LevelJc::new("left"),
            )
            .indent(
                Some(label),
                Some(SpecialIndentType::Hanging(label)),
                None,
                None,
            )
            .paragraph_style("ListNumber"),
        )
        .add_level(
            Level::new(
                1,
                Start::new(1),
                NumberFormat::new("lowerLetter"),
                LevelText::new("(%2)"),
                LevelJc::new("left"),
            )
            .indent(
                Some(2 * label),
                Some(SpecialIndentType::Hanging(label)),
                None,
                None,
            )
            .paragraph_style("ListLetter"),
        );
    let bullet = AbstractNumbering::new(ABS_BULLET).add_level(
        Level::new(
            0,
            Start::new(1),
            NumberFormat::new("bullet"),
            LevelText::new("\u{2022}"),
            LevelJc::new("left"),
        )
        .indent(
            Some(tw(LABEL_MM + 5.0)),
            Some(SpecialIndentType::Hanging(tw(5.0))),
            None,
            None,
        )
        .fonts(fonts()),
    );
    let mut docx = docx
        .add_abstract_numbering(paras)
        .add_abstract_numbering(bullet)
        .add_numbering(Numbering::new(NUM_BULLET, ABS_BULLET))
        .add_numbering(Numbering::new(NUM_PARAS, ABS_PARAS));
    for k in 1..=annexes {
        docx = docx.add_numbering(
            Numbering::new(NUM_PARAS + k, ABS_PARAS).add_override(LevelOverride::new(0).start(1)),
        );
    }
    docx
}

fn runs(mut p: Paragraph, text: &Inline) -> Paragraph {
    for s in text {
        let mut r = Run::new().add_text(&s.text);
        if s.bold {
            r = r.bold();
        }
        if s.italic {
            r = r.italic();
        }
        p = p.add_run(r);
    }
    p
}

/// A paragraph ending with a colon introduces what follows: keep them together.
pub fn leads_in(text: &Inline) -> bool {
    text.last()
        .is_some_and(|s| s.text.trim_end().ends_with(':'))
}

fn para(style: &str, text: &Inline) -> Paragraph {
    runs(Paragraph::new().style(style), text)
}

fn masthead(m: &Masthead, text_width: i32) -> Table {
    let cell = |p: Paragraph, w: i32| {
        TableCell::new()
            .add_paragraph(p)
            .width(w as usize, WidthType::Dxa)
    };
    let left_w = text_width * 11 / 20;
    let right_w = text_width - left_w;
    let mp = || Paragraph::new().style("Masthead");
    let row1 = TableRow::new(vec![
        cell(mp().add_run(Run::new().add_text("United Nations")), left_w),
        cell(
            mp().align(AlignmentType::Right)
                .add_run(Run::new().add_text(&m.symbol).bold().size(34)),
            right_w,
        ),
    ]);
    let mut right = TableCell::new().width(right_w as usize, WidthType::Dxa);
    let small = |t: &str| mp().add_run(Run::new().add_text(t).size(BODY - 2));
    right = right
        .add_paragraph(small(&format!("Distr.: {}", m.distribution)).line_spacing(spacing(6, 0)))
        .add_paragraph(small(&m.date))
        .add_paragraph(small(""))
        .add_paragraph(small(&format!("Original: {}", m.original)).line_spacing(spacing(0, 6)));
    let row2 = TableRow::new(vec![
        cell(
            mp().line_spacing(spacing(6, 0))
                .add_run(Run::new().add_text(&m.organ).bold().size(40)),
            left_w,
        ),
        right,
    ]);
    let rule = |pos, size| {
        TableBorder::new(pos)
            .border_type(BorderType::Single)
            .size(size)
    };
    Table::new(vec![row1, row2])
        .set_grid(vec![left_w as usize, right_w as usize])
        .width(text_width as usize, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .set_borders(
            TableBorders::new()
                .clear_all()
                .set(rule(TableBorderPosition::InsideH, 12))
                .set(rule(TableBorderPosition::Bottom, 24)),
        )
}

fn table(rows: &[Vec<Inline>], header: bool, text_width: i32) -> Table {
    let cols = rows.first().map_or(1, Vec::len).max(1);
    // Column widths in proportion to the longest text of each column (at least 10 %).
    let mut longest = vec![1usize; cols];
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            longest[i] = longest[i].max(super::model::plain(c).chars().count().min(60));
        }
    }
    let total: usize = longest.iter().sum();
    let mut widths: Vec<usize> = longest
        .iter()
        .map(|l| (text_width as usize * l / total).max(text_width as usize / (cols * 3)))
        .collect();
    let sum: usize = widths.iter().sum();
    for w in &mut widths {
        *w = *w * text_width as usize / sum;
    }
    let trs: Vec<TableRow> = rows
        .iter()
        .enumerate()
        .map(|(ri, r)| {
            let cells = r
                .iter()
                .zip(&widths)
                .map(|(c, w)| {
                    let mut p = Paragraph::new().style("TableText");
                    for s in c {
                        let mut run = Run::new().add_text(&s.text);
                        if s.bold || (header && ri == 0) {
                            run = run.bold();
                        }
                        if s.italic {
                            run = run.italic();
                        }
                        p = p.add_run(run);
                    }
                    TableCell::new().add_paragraph(p).width(*w, WidthType::Dxa)
                })
                .collect();
            TableRow::new(cells).cant_split()
        })
        .collect();
    Table::new(trs)
        .set_grid(widths)
        .width(text_width as usize, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
}

/// The DOCX bytes of `doc`.
pub fn write(doc: &Doc, paper: Paper) -> Result<Vec<u8>, RenderError> {
    let (w_pt, h_pt) = paper.size_pt();
    let (w, h) = ((w_pt * 20.0).round() as u32, (h_pt * 20.0).round() as u32);
    let (mt, mr, mb, ml) = MARGINS_MM;
    let text_width = w as i32 - tw(ml) - tw(mr);
    let annexes = doc
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Annex { .. }))
        .count();
    let mut docx = Docx::new()
        .page_size(w, h)
        .page_margin(
            PageMargin::new()
                .top(tw(mt))
                .right(tw(mr))
                .bottom(tw(mb))
                .left(tw(ml))
                .header(tw(12.0))
                .footer(tw(10.0)),
        )
        .default_fonts(fonts())
        .default_size(BODY)
        .created_at("2000-01-01T00:00:00Z")
        .updated_at("2000-01-01T00:00:00Z");
    docx = styles(docx);
    docx = numbering(docx, annexes);

    let has_masthead = doc.blocks.iter().any(|b| matches!(b, Block::Masthead(_)));
    let header = || {
        Header::new().add_paragraph(
            Paragraph::new()
                .style("Header")
                .add_run(Run::new().add_text(&doc.meta.symbol)),
        )
    };
    let footer = || {
        Footer::new().add_paragraph(
            Paragraph::new()
                .style("Footer")
                .add_run(Run::new().add_text("Page "))
                .add_page_num(PageNum::new())
                .add_run(Run::new().add_text(" of "))
                .add_num_pages(NumPages::new()),
        )
    };
    docx = docx.header(header()).footer(footer());
    if has_masthead {
        // The first page carries the masthead instead of the running head.
        docx = docx
            .first_header(Header::new())
            .first_footer(footer())
            .title_pg();
    }

    let mut num_id = NUM_PARAS;
    let mut pending_break = false;
    for b in &doc.blocks {
        let mut p =
            match b {
                Block::Masthead(m) => {
                    docx = docx.add_table(masthead(m, text_width));
                    continue;
                }
                Block::Table { rows, header } => {
                    docx = docx.add_table(table(rows, *header, text_width));
                    docx = docx.add_paragraph(Paragraph::new().style("Note"));
                    continue;
                }
                Block::Signature(lines) => {
                    // One paragraph per line, each kept with the next: the block stays whole.
                    let n = lines.len();
                    for (i, l) in lines.iter().enumerate() {
                        let mut p = para("Signature", l).keep_next(i + 1 < n).keep_lines(true);
                        if i == 0 {
                            p = p.line_spacing(spacing(18, 0));
                        }
                        if i + 1 == n {
                            p = p.line_spacing(spacing(0, 6));
                        }
                        if std::mem::take(&mut pending_break) {
                            p = p.page_break_before(true);
                        }
                        docx = docx.add_paragraph(p);
                    }
                    continue;
                }
                Block::Lines(lines) => {
                    let n = lines.len();
                    for (i, l) in lines.iter().enumerate() {
                        let mut p = para("Address", l).keep_next(i + 1 < n);
                        if i + 1 == n {
                            p = p.line_spacing(spacing(0, 6));
                        }
                        if std::mem::take(&mut pending_break) {
                            p = p.page_break_before(true);
                        }
                        docx = docx.add_paragraph(p);
                    }
                    continue;
                }
                Block::PageBreak => {
                    pending_break = true;
                    continue;
                }
                Block::Annex { label, title } => {
                    num_id += 1;
                    pending_break = false;
                    docx = docx.add_paragraph(
                        Paragraph::new()
                            .style("AnnexLabel")
                            .page_break_before(true)
                            .keep_next(true)
                            .add_run(Run::new().add_text(label)),
                    );
                    para("Title", title).keep_next(true)
                }
                Block::Title(t) => para("Title", t).keep_next(true),
                Block::Heading { level, text } => {
                    para(if *level == 1 { "Heading1" } else { "Heading2" }, text).keep_next(true)
                }
                Block::Para { text, align } => {
                    let p = para("BodyText", text).keep_next(leads_in(text));
                    match align {
                        Align::Justify => p,
                        Align::Left => p.align(AlignmentType::Left),
                        Align::Center => p.align(AlignmentType::Center),
                        Align::Right => p.align(AlignmentType::Right),
                    }
                }
                Block::Quote(t) => para("Quote", t),
                Block::Note(t) => para("Note", t),
                Block::Numbered { text, .. } => para("ListNumber", text)
                    .keep_next(leads_in(text))
                    .numbering(NumberingId::new(num_id), IndentLevel::new(0)),
                Block::Lettered { text, .. } => para("ListLetter", text)
                    .numbering(NumberingId::new(num_id), IndentLevel::new(1)),
                Block::Bullet(t) => para("ListBullet", t)
                    .numbering(NumberingId::new(NUM_BULLET), IndentLevel::new(0)),
            };
        if std::mem::take(&mut pending_break) {
            p = p.page_break_before(true);
        }
        docx = docx.add_paragraph(p);
    }
    if pending_break {
        docx = docx.add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)));
    }

    let mut xml = docx.build();
    xml.doc_props.core = core_xml(&doc.meta.title, &doc.meta.author).into_bytes();
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out)
        .map_err(|e| RenderError::Write(e.to_string()))?;
    Ok(out.into_inner())
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// docProps/core.xml with the title and author (docx-rs sets neither).
fn core_xml(title: &str, author: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:creator>{}</dc:creator><cp:lastModifiedBy>wpslens</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:modified><cp:revision>1</cp:revision></cp:coreProperties>"#,
        xml_escape(title),
        xml_escape(author)
    )
}
