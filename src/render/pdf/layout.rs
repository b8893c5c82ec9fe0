//! Line breaking and pagination: the output model set in lines at real glyph widths
//! (break opportunities from unicode-linebreak, UAX #14), justified, then cut into
//! pages keeping headings with what follows, signature blocks whole and at least two
//! lines of a paragraph together at a page break.

use super::font::{Metrics, Style};
use crate::render::model::{letter_label, plain, Align, Block, Doc, Inline, Masthead};

pub const BODY: f32 = 11.0;
pub const LEADING: f32 = 1.2;
pub const MM: f32 = 72.0 / 25.4;

/// A piece of a line in one style.
#[derive(Clone, Debug)]
pub struct Piece {
    pub style: Style,
    pub size: f32,
    pub text: String,
}

/// Something drawn, positioned relative to the top of its row (y grows downwards;
/// `y` of text is its baseline).
#[derive(Clone, Debug)]
pub enum Item {
    Text {
        x: f32,
        y: f32,
        pieces: Vec<Piece>,
        /// Extra width added to each space (justification).
        word_space: f32,
    },
    Rule {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
    },
}

/// An unbreakable horizontal slice of the page.
#[derive(Clone, Debug, Default)]
pub struct Row {
    pub height: f32,
    pub items: Vec<Item>,
}

/// A laid-out block: rows, spacing, and how it may be broken.
#[derive(Clone, Debug, Default)]
pub struct Laid {
    pub rows: Vec<Row>,
    pub space_before: f32,
    pub space_after: f32,
    pub keep_together: bool,
    pub keep_with_next: bool,
    pub page_break_before: bool,
    /// A table's header row (`rows[0]`), repeated at the top of each page the
    /// table continues on.
    pub repeat_first_row: bool,
    /// Placed under the last row on a page when the block continues on the next
    /// (a table's closing rule).
    pub closing: Option<Row>,
}

pub struct Ctx<'a> {
    pub fonts: &'a [Metrics],
    pub width: f32,
}

impl Ctx<'_> {
    fn m(&self, s: Style) -> &Metrics {
        &self.fonts[s.index()]
    }

    fn text_width(&self, pieces: &[Piece]) -> f32 {
        pieces
            .iter()
            .map(|p| self.m(p.style).width(&p.text, p.size))
            .sum()
    }
}

/// One line of a paragraph as set: pieces and natural width.
struct Line {
    pieces: Vec<Piece>,
    width: f32,
    spaces: usize,
}

/// Breaks `text` into lines no wider than `width`.
fn break_lines(ctx: &Ctx, text: &Inline, size: f32, width: f32, force_bold: bool) -> Vec<Line> {
    // The flat text with a style per byte range.
    let mut flat = String::new();
    let mut styles: Vec<(usize, Style)> = Vec::new();
    for s in text {
        styles.push((flat.len(), Style::of(s.bold || force_bold, s.italic)));
        flat.push_str(&s.text);
    }
    let style_at = |i: usize| {
        styles
            .iter()
            .rev()
            .find(|(start, _)| *start <= i)
            .map_or(Style::Regular, |(_, s)| *s)
    };
    let pieces_of = |a: usize, b: usize| -> Vec<Piece> {
        let mut out: Vec<Piece> = Vec::new();
        let mut cuts: Vec<usize> = styles
            .iter()
            .map(|(s, _)| *s)
            .filter(|s| *s > a && *s < b)
            .collect();
        cuts.push(b);
        let mut start = a;
        for c in cuts {
            if c > start {
                out.push(Piece {
                    style: style_at(start),
                    size,
                    text: flat[start..c].to_string(),
                });
            }
            start = c;
        }
        out
    };
    let measure = |a: usize, b: usize| -> f32 { ctx.text_width(&pieces_of(a, b)) };

    // Segments between break opportunities.
    let mut segs: Vec<(usize, usize)> = Vec::new();
    let mut prev = 0;
    for (idx, _) in unicode_linebreak::linebreaks(&flat) {
        if idx > prev {
            segs.push((prev, idx));
        }
        prev = idx;
    }
    let mut lines = Vec::new();
    let mut line_start: Option<usize> = None;
    let mut line_end = 0usize; // end without trailing spaces
    let mut cur_w = 0.0f32;
    let finish = |a: usize, b: usize, lines: &mut Vec<Line>| {
        let pieces = pieces_of(a, b);
        let w = ctx.text_width(&pieces);
        let spaces = flat[a..b].matches(' ').count();
        lines.push(Line {
            pieces,
            width: w,
            spaces,
        });
    };
    for (a, b) in segs {
        let trimmed_end = a + flat[a..b].trim_end().len();
        let seg_w = measure(a, trimmed_end);
        match line_start {
            None => {
                if seg_w > width {
                    // A word longer than the line: cut it by characters.
                    let mut s = a;
                    let mut w = 0.0;
                    for (i, c) in flat[a..trimmed_end].char_indices() {
                        let cw = ctx
                            .m(style_at(a + i))
                            .width(c.encode_utf8(&mut [0; 4]), size);
                        if w + cw > width && a + i > s {
                            finish(s, a + i, &mut lines);
                            s = a + i;
                            w = 0.0;
                        }
                        w += cw;
                    }
                    line_start = Some(s);
                    line_end = trimmed_end;
                    cur_w = w;
                } else {
                    line_start = Some(a);
                    line_end = trimmed_end;
                    cur_w = seg_w;
                }
            }
            Some(st) => {
                let gap = measure(line_end, a);
                if cur_w + gap + seg_w > width {
                    finish(st, line_end, &mut lines);
                    // Re-run this segment on a fresh line.
                    if seg_w > width {
                        let mut s = a;
                        let mut w = 0.0;
                        for (i, c) in flat[a..trimmed_end].char_indices() {
                            let cw = ctx
                                .m(style_at(a + i))
                                .width(c.encode_utf8(&mut [0; 4]), size);
                            if w + cw > width && a + i > s {
                                finish(s, a + i, &mut lines);
                                s = a + i;
                                w = 0.0;
                            }
                            w += cw;
                        }
                        line_start = Some(s);
                        cur_w = w;
                    } else {
                        line_start = Some(a);
                        cur_w = seg_w;
                    }
                    line_end = trimmed_end;
                } else {
                    cur_w += gap + seg_w;
                    line_end = trimmed_end;
                }
            }
        }
    }
    if let Some(st) = line_start {
        finish(st, line_end, &mut lines);
    }
    lines
}

/// Sets a paragraph: rows of lines starting at `x` (first line at `x_first`).
#[allow(clippy::too_many_arguments)]
fn set_para(
    ctx: &Ctx,
    text: &Inline,
    size: f32,
    x: f32,
    width: f32,
    align: Align,
    bold: bool,
    label: Option<(f32, &str)>,
) -> Vec<Row> {
    let lead = size * LEADING;
    let ascent = size * 0.891;
    let lines = break_lines(ctx, text, size, width, bold);
    let n = lines.len();
    let mut rows: Vec<Row> = lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let last = i + 1 == n;
            let (dx, ws) = match align {
                Align::Justify if !last && l.spaces > 0 => {
                    (0.0, (width - l.width) / l.spaces as f32)
                }
                Align::Center => ((width - l.width) / 2.0, 0.0),
                Align::Right => (width - l.width, 0.0),
                _ => (0.0, 0.0),
            };
            Row {
                height: lead,
                items: vec![Item::Text {
                    x: x + dx,
                    y: ascent + (lead - size) / 2.0,
                    pieces: l.pieces,
                    word_space: ws.max(0.0),
                }],
            }
        })
        .collect();
    if let (Some((lx, lab)), Some(first)) = (label, rows.first_mut()) {
        first.items.insert(
            0,
            Item::Text {
                x: lx,
                y: ascent + (lead - size) / 2.0,
                pieces: vec![Piece {
                    style: if bold { Style::Bold } else { Style::Regular },
                    size,
                    text: lab.to_string(),
                }],
                word_space: 0.0,
            },
        );
    }
    if rows.is_empty() {
        rows.push(Row {
            height: lead,
            items: Vec::new(),
        });
    }
    rows
}

fn text_item(x: f32, y: f32, style: Style, size: f32, text: &str) -> Item {
    Item::Text {
        x,
        y,
        pieces: vec![Piece {
            style,
            size,
            text: text.to_string(),
        }],
        word_space: 0.0,
    }
}

fn masthead(ctx: &Ctx, m: &Masthead) -> Laid {
    let w = ctx.width;
    let sym_w = ctx.m(Style::Bold).width(&m.symbol, 17.0);
    let mut items = vec![
        text_item(0.0, 18.0, Style::Regular, 11.0, "United Nations"),
        text_item(w - sym_w, 18.0, Style::Bold, 17.0, &m.symbol),
        Item::Rule {
            x1: 0.0,
            y1: 25.0,
            x2: w,
            y2: 25.0,
            width: 0.75,
        },
        text_item(0.0, 52.0, Style::Bold, 20.0, &m.organ),
    ];
    let rx = w * 0.62;
    let mut y = 38.0;
    for (i, l) in [
        format!("Distr.: {}", m.distribution),
        m.date.clone(),
        String::new(),
        format!("Original: {}", m.original),
    ]
    .iter()
    .enumerate()
    {
        if !l.is_empty() {
            items.push(text_item(rx, y, Style::Regular, 10.0, l));
        }
        y += if i == 2 { 8.0 } else { 12.0 };
    }
    let bottom = y.max(60.0) + 2.0;
    items.push(Item::Rule {
        x1: 0.0,
        y1: bottom,
        x2: w,
        y2: bottom,
        width: 2.0,
    });
    Laid {
        rows: vec![Row {
            height: bottom + 2.0,
            items,
        }],
        space_after: 18.0,
        keep_together: true,
        ..Laid::default()
    }
}

fn table(ctx: &Ctx, rows: &[Vec<Inline>], header: bool) -> Laid {
    let cols = rows.first().map_or(1, Vec::len).max(1);
    let mut longest = vec![1usize; cols];
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            longest[i] = longest[i].max(plain(c).chars().count().min(60));
        }
    }
    let pad = 3.0;
    let size = BODY - 1.0;
    // No column narrower than its longest word (a header in bold), when the
    // page allows: words are not broken inside a cell.
    let mut word = vec![0.0f32; cols];
    for (ri, r) in rows.iter().enumerate() {
        let style = if header && ri == 0 {
            Style::Bold
        } else {
            Style::Regular
        };
        for (i, c) in r.iter().enumerate() {
            for w in plain(c).split_whitespace() {
                word[i] = word[i].max(ctx.m(style).width(w, size) + 2.0 * pad + 1.0);
            }
        }
    }
    // A very long word (a file name) is broken rather than squeezing the rest.
    for w in &mut word {
        *w = w.min(ctx.width / cols as f32);
    }
    let total: usize = longest.iter().sum();
    let mut widths: Vec<f32> = longest
        .iter()
        .map(|l| (ctx.width * *l as f32 / total as f32).max(ctx.width / (cols * 3) as f32))
        .collect();
    if word.iter().sum::<f32>() <= ctx.width {
        // Widen the columns whose words do not fit, taking the room from the
        // others in proportion to what they have above their own minimum.
        for _ in 0..cols {
            let short: f32 = widths
                .iter()
                .zip(&word)
                .map(|(w, m)| (m - w).max(0.0))
                .sum();
            if short <= 0.01 {
                break;
            }
            let spare: f32 = widths
                .iter()
                .zip(&word)
                .map(|(w, m)| (w - m).max(0.0))
                .sum();
            let take = short.min(spare);
            for (w, m) in widths.iter_mut().zip(&word) {
                if *w < *m {
                    *w = *m;
                } else if spare > 0.0 {
                    *w -= (*w - m) / spare * take;
                }
            }
        }
    }
    let sum: f32 = widths.iter().sum();
    for w in &mut widths {
        *w *= ctx.width / sum;
    }
    let mut out = Vec::new();
    for (ri, r) in rows.iter().enumerate() {
        let mut x = 0.0;
        let mut cells = Vec::new();
        let mut h: f32 = 0.0;
        for (c, w) in r.iter().zip(&widths) {
            let lines = set_para(
                ctx,
                c,
                size,
                x + pad,
                w - 2.0 * pad,
                Align::Left,
                header && ri == 0,
                None,
            );
            let ch: f32 = lines.iter().map(|l| l.height).sum();
            h = h.max(ch);
            cells.push(lines);
            x += w;
        }
        let height = h + 2.0 * pad;
        let mut items = Vec::new();
        for cell in cells {
            let mut y = pad;
            for line in cell {
                for it in line.items {
                    if let Item::Text {
                        x,
                        y: by,
                        pieces,
                        word_space,
                    } = it
                    {
                        items.push(Item::Text {
                            x,
                            y: y + by,
                            pieces,
                            word_space,
                        });
                    }
                }
                y += line.height;
            }
        }
        // Grid: top line of the row, vertical lines; the last row closes the grid.
        let lw = if header && ri <= 1 { 0.9 } else { 0.4 };
        items.push(Item::Rule {
            x1: 0.0,
            y1: 0.0,
            x2: ctx.width,
            y2: 0.0,
            width: lw,
        });
        let mut x = 0.0;
        for w in std::iter::once(0.0).chain(widths.iter().copied()) {
            x += w;
            items.push(Item::Rule {
                x1: x,
                y1: 0.0,
                x2: x,
                y2: height,
                width: 0.4,
            });
        }
        if ri + 1 == rows.len() {
            items.push(Item::Rule {
                x1: 0.0,
                y1: height,
                x2: ctx.width,
                y2: height,
                width: 0.9,
            });
        }
        out.push(Row { height, items });
    }
    Laid {
        rows: out,
        space_before: 4.0,
        space_after: 10.0,
        repeat_first_row: header && rows.len() > 1,
        closing: Some(Row {
            height: 0.0,
            items: vec![Item::Rule {
                x1: 0.0,
                y1: 0.0,
                x2: ctx.width,
                y2: 0.0,
                width: 0.9,
            }],
        }),
        ..Laid::default()
    }
}

/// Lays out every block.
pub fn lay_out(ctx: &Ctx, doc: &Doc) -> Vec<Laid> {
    let w = ctx.width;
    let label_w = 10.0 * MM;
    let mut out: Vec<Laid> = Vec::new();
    let mut pending_break = false;
    for b in &doc.blocks {
        let mut laid = match b {
            Block::Masthead(m) => masthead(ctx, m),
            Block::Title(t) => Laid {
                rows: set_para(ctx, t, BODY + 2.0, 0.0, w * 0.85, Align::Left, true, None),
                space_before: 6.0,
                space_after: 12.0,
                keep_with_next: true,
                ..Laid::default()
            },
            Block::Heading { level, text } => {
                let (size, t): (f32, Inline) = if *level == 1 {
                    (BODY + 1.0, text.clone())
                } else {
                    (
                        BODY,
                        text.iter()
                            .map(|s| crate::render::model::Span {
                                italic: true,
                                ..s.clone()
                            })
                            .collect(),
                    )
                };
                Laid {
                    rows: set_para(ctx, &t, size, 0.0, w, Align::Left, true, None),
                    space_before: if *level == 1 { 12.0 } else { 6.0 },
                    space_after: 6.0,
                    keep_with_next: true,
                    ..Laid::default()
                }
            }
            Block::Para { text, align } => Laid {
                rows: set_para(ctx, text, BODY, 0.0, w, *align, false, None),
                space_after: 6.0,
                ..Laid::default()
            },
            Block::Quote(t) => Laid {
                rows: set_para(
                    ctx,
                    t,
                    BODY,
                    label_w,
                    w - 2.0 * label_w,
                    Align::Justify,
                    false,
                    None,
                ),
                space_after: 6.0,
                ..Laid::default()
            },
            Block::Note(t) => Laid {
                rows: set_para(
                    ctx,
                    t,
                    BODY - 2.0,
                    label_w,
                    w - label_w,
                    Align::Left,
                    false,
                    None,
                ),
                space_after: 6.0,
                ..Laid::default()
            },
            Block::Numbered { number, text } => Laid {
                rows: set_para(
                    ctx,
                    text,
                    BODY,
                    label_w,
                    w - label_w,
                    Align::Justify,
                    false,
                    Some((0.0, &format!("{number}."))),
                ),
                space_after: 6.0,
                ..Laid::default()
            },
            Block::Lettered { letter, text } => Laid {
                rows: set_para(
                    ctx,
                    text,
                    BODY,
                    2.0 * label_w,
                    w - 2.0 * label_w,
                    Align::Justify,
                    false,
                    Some((label_w, &format!("({})", letter_label(*letter)))),
                ),
                space_after: 6.0,
                ..Laid::default()
            },
            Block::Bullet(t) => Laid {
                rows: set_para(
                    ctx,
                    t,
                    BODY,
                    label_w + 5.0 * MM,
                    w - label_w - 5.0 * MM,
                    Align::Justify,
                    false,
                    Some((label_w, "\u{2022}")),
                ),
                space_after: 4.0,
                ..Laid::default()
            },
            Block::Table { rows, header } => table(ctx, rows, *header),
            Block::Signature(lines) => {
                let x = 80.0 * MM;
                let mut rows = Vec::new();
                for l in lines {
                    rows.extend(set_para(ctx, l, BODY, x, w - x, Align::Left, false, None));
                }
                let height = rows.iter().map(|r| r.height).sum();
                let mut items = Vec::new();
                let mut y = 0.0;
                for r in rows {
                    for it in r.items {
                        if let Item::Text {
                            x,
                            y: by,
                            pieces,
                            word_space,
                        } = it
                        {
                            items.push(Item::Text {
                                x,
                                y: y + by,
                                pieces,
                                word_space,
                            });
                        }
                    }
                    y += r.height;
                }
                Laid {
                    rows: vec![Row { height, items }],
                    space_before: 18.0,
                    space_after: 6.0,
                    keep_together: true,
                    ..Laid::default()
                }
            }
            Block::Lines(lines) => {
                let mut rows = Vec::new();
                for l in lines {
                    rows.extend(set_para(ctx, l, BODY, 0.0, w, Align::Left, false, None));
                }
                Laid {
                    rows,
                    space_after: 6.0,
                    ..Laid::default()
                }
            }
            Block::PageBreak => {
                pending_break = true;
                continue;
            }
            Block::Annex { label, title } => {
                let mut rows = set_para(
                    ctx,
                    &vec![crate::render::model::Span {
                        text: label.clone(),
                        bold: true,
                        italic: false,
                    }],
                    BODY + 1.0,
                    0.0,
                    w,
                    Align::Left,
                    true,
                    None,
                );
                rows.push(Row {
                    height: 12.0,
                    items: Vec::new(),
                });
                rows.extend(set_para(
                    ctx,
                    title,
                    BODY + 2.0,
                    0.0,
                    w * 0.85,
                    Align::Left,
                    true,
                    None,
                ));
                Laid {
                    rows,
                    space_after: 12.0,
                    keep_together: true,
                    keep_with_next: true,
                    page_break_before: true,
                    ..Laid::default()
                }
            }
        };
        if std::mem::take(&mut pending_break) {
            laid.page_break_before = true;
        }
        if let Block::Para { text, .. } | Block::Numbered { text, .. } = b {
            laid.keep_with_next |= crate::render::docx::leads_in(text);
        }
        out.push(laid);
    }
    out
}

/// A row placed on a page: its top (from the top of the text area) and content.
pub struct Placed<'a> {
    pub top: f32,
    pub row: &'a Row,
}

/// Cuts the laid-out blocks into pages of `height` points.
pub fn paginate(blocks: &[Laid], height: f32) -> Vec<Vec<Placed<'_>>> {
    let mut pages: Vec<Vec<Placed>> = vec![Vec::new()];
    let mut y = 0.0f32;
    // What a block needs on the current page before it may start there.
    let need = |i: usize| -> f32 {
        let mut total = 0.0;
        let mut j = i;
        loop {
            let b = &blocks[j];
            let rows_h: f32 = if b.keep_together {
                b.rows.iter().map(|r| r.height).sum()
            } else {
                // At least two lines (no orphan), or the whole of a short paragraph.
                let n = if b.rows.len() <= 3 { b.rows.len() } else { 2 };
                b.rows.iter().take(n).map(|r| r.height).sum()
            };
            let full: f32 = b.rows.iter().map(|r| r.height).sum();
            if b.keep_with_next && j + 1 < blocks.len() {
                total += full + b.space_after + blocks[j + 1].space_before;
                j += 1;
            } else {
                total += rows_h;
                break;
            }
        }
        total
    };
    for (i, b) in blocks.iter().enumerate() {
        let page_empty = pages.last().is_none_or(|p| p.is_empty());
        if b.page_break_before && !page_empty {
            pages.push(Vec::new());
            y = 0.0;
        }
        let page_empty = pages.last().is_none_or(|p| p.is_empty());
        let before = if page_empty { 0.0 } else { b.space_before };
        if !page_empty && y + before + need(i).min(height) > height {
            pages.push(Vec::new());
            y = 0.0;
        } else {
            y += before;
        }
        let n = b.rows.len();
        for (k, row) in b.rows.iter().enumerate() {
            let page_empty = pages.last().is_none_or(|p| p.is_empty());
            // Widows: do not leave the last line of a paragraph alone on the next page.
            let widow = !b.keep_together && n >= 4 && k == n - 2 && {
                let rest = row.height + b.rows[n - 1].height;
                y + rest > height
            };
            if !page_empty && (y + row.height > height + 0.01 || widow) {
                if k > 0 {
                    if let Some(c) = &b.closing {
                        pages
                            .last_mut()
                            .expect("a page")
                            .push(Placed { top: y, row: c });
                    }
                }
                pages.push(Vec::new());
                y = 0.0;
                if k > 0 && b.repeat_first_row {
                    let head = &b.rows[0];
                    pages.last_mut().expect("a page").push(Placed {
                        top: 0.0,
                        row: head,
                    });
                    y = head.height;
                }
            }
            pages
                .last_mut()
                .expect("a page")
                .push(Placed { top: y, row });
            y += row.height;
        }
        y += b.space_after;
    }
    if pages.len() > 1 && pages.last().is_some_and(|p| p.is_empty()) {
        pages.pop();
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::markup::inline;

    #[test]
    fn a_table_longer_than_a_page_repeats_its_header_and_closes_each_page() {
        let fonts = crate::render::pdf::font::metrics().unwrap();
        let ctx = Ctx {
            fonts,
            width: 450.0,
        };
        let mut rows = vec![vec![
            inline("Year"),
            inline("Documents"),
            inline("Regressions"),
        ]];
        for y in 1946..2026 {
            rows.push(vec![
                inline(&y.to_string()),
                inline(&(y % 97).to_string()),
                inline(&(y % 7).to_string()),
            ]);
        }
        let laid = table(&ctx, &rows, true);
        let blocks = [laid];
        let pages = paginate(&blocks, 300.0);
        assert!(pages.len() >= 3, "{} pages", pages.len());
        let b = &blocks[0];
        let header = &b.rows[0];
        let closing = b.closing.as_ref().unwrap();
        let mut body = Vec::new();
        for (i, page) in pages.iter().enumerate() {
            assert!(
                std::ptr::eq(page[0].row, header),
                "page {i} starts without the header"
            );
            assert_eq!(page[0].top, 0.0);
            let last = page.last().unwrap();
            if i + 1 < pages.len() {
                assert!(std::ptr::eq(last.row, closing), "page {i} is not closed");
            }
            let mut y = 0.0;
            for p in page {
                assert!(p.top + 0.01 >= y && p.top + p.row.height <= 300.01);
                y = p.top + p.row.height;
                if !std::ptr::eq(p.row, header) && !std::ptr::eq(p.row, closing) {
                    body.push(p.row as *const Row);
                }
            }
        }
        // Every body row once, in order.
        let expected: Vec<*const Row> = b.rows[1..].iter().map(|r| r as *const Row).collect();
        assert_eq!(body, expected);
        // "Regressions" (bold) fits its column on one line.
        let header_lines = header
            .items
            .iter()
            .filter(|it| matches!(it, Item::Text { .. }))
            .count();
        assert_eq!(header_lines, 3, "a header cell broke over lines");
    }

    #[test]
    fn lines_never_exceed_the_measure_and_keep_every_word() {
        let fonts = crate::render::pdf::font::metrics().unwrap();
        let ctx = Ctx {
            fonts,
            width: 200.0,
        };
        let text = inline(
            "Requests the **Secretary-General** to include in his reports *gender analysis* and \
             sex- and age-disaggregated data, see https://example.org/a-very-long-address-without-any-break-opportunity-at-all, \
             Hélène Dufrêne-Muñoz — “quoted” – end",
        );
        let lines = break_lines(&ctx, &text, 11.0, 200.0, false);
        assert!(lines.len() > 4);
        for l in &lines {
            assert!(l.width <= 200.01, "{} > 200", l.width);
        }
        let joined: String = lines
            .iter()
            .map(|l| l.pieces.iter().map(|p| p.text.as_str()).collect::<String>())
            .collect::<Vec<_>>()
            .join(" ");
        let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert_eq!(squash(&joined), squash(&crate::render::model::plain(&text)));
        assert!(lines
            .iter()
            .any(|l| l.pieces.iter().any(|p| p.style == Style::Bold)));
    }

    #[test]
    fn headings_stay_with_their_paragraph_and_signatures_whole() {
        let fonts = crate::render::pdf::font::metrics().unwrap();
        let ctx = Ctx {
            fonts,
            width: 400.0,
        };
        let mut src = String::new();
        for i in 0..9 {
            src.push_str(&format!("::heading Section {i}\n\n"));
            for _ in 0..3 {
                src.push_str("::numbered The Council reaffirms its commitment to the full, equal and meaningful participation of women in all stages of peace processes and in decision-making at all levels, and underlines the need for gender analysis.\n\n");
            }
            src.push_str("::signature\n(Signed) A\nAmbassador\nPermanent Representative\n\n");
        }
        let doc = crate::render::markup::parse(&src).unwrap();
        let laid = lay_out(&ctx, &doc);
        let pages = paginate(&laid, 300.0);
        assert!(pages.len() > 3);
        for (n, page) in pages.iter().enumerate() {
            let last = page.last().unwrap();
            let bottom = last.top + last.row.height;
            assert!(bottom <= 300.01, "page {n} overflows: {bottom}");
            // No page ends with a heading.
            let heading_last = laid.iter().any(|b| {
                b.keep_with_next && b.rows.last().is_some_and(|r| std::ptr::eq(r, last.row))
            });
            assert!(!heading_last, "page {n} ends with a heading");
        }
        // Each signature block is one row, so it is never split.
        assert!(laid
            .iter()
            .filter(|b| b.keep_together)
            .all(|b| b.rows.len() == 1));
    }
}
