//! Page geometry: text runs with positions become lines in reading order, and the
//! page furniture of the UN document system (running heads, page numbers, job numbers,
//! barcode text) is taken out.
//!
//! Everything here is pure: it sees [`Span`]s, never the PDF library, so it is tested
//! with hand-made pages.
//!
//! # Lines
//! Runs are grouped into rows by their vertical extent (a run joins a row when at least
//! half of the smaller of the two overlaps the row's tallest run, so superscript note
//! markers stay on their line), rows are read top to bottom and each row left to
//! right. A paragraph number set in a hanging indent shares the baseline of the first
//! line of its paragraph, so it comes out first on that line ("7. Decides ..."),
//! whatever order the content stream drew them in. Inside a row, a gap wider than six
//! ems that is also more than three times the row's other gaps splits the row into
//! segments (the masthead's "United Nations ... S/2018/221", a footer's job number and
//! its "page/total"); segments are classified one by one and the segments kept are
//! joined again with four spaces. Single-column pages are assumed: two columns with
//! shared baselines would be read across.
//!
//! # Page furniture
//! A segment is removed only when it lies in the top or bottom band of its page
//! ([`BAND`] of the page height) AND one of these holds:
//! - it is made only of job-number tokens ("18-04567", "(E)", a six-digit date stamp
//!   "160318"), barcode text ("*1804567*"), "page/total" ("3/17", "page 3 of 17") and,
//!   after page 1, the document symbol, with at least one job number, barcode,
//!   page/total or symbol among them;
//! - it is "Please recycle";
//! - it is a bare page number ("7", "- 7 -") whose difference from the page's position
//!   in the file is the one most pages share (on at least two pages, or zero), so a
//!   "2024" that ends a paragraph at the foot of a page stays;
//! - after page 1, it equals the symbol of the page-1 masthead, or it has a letter
//!   and its text (digits ignored) recurs in the same band at the same height on at
//!   least half of the pages after page 1 (and at least two): a running head. A
//!   segment of figures only is never a running head by repetition (the last row of
//!   a table on each page would be one); the footers made of figures are job
//!   numbers, stamps and page numbers, which the rules above take.
//!
//! Page 1 keeps its masthead (symbol, "Distr.", date, "Original"): only job numbers,
//! barcode text, page numbers and "Please recycle" are taken from it.

use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Share of the page height, at the top and at the bottom, where running heads and
/// footers are looked for.
pub(crate) const BAND: f32 = 0.12;

/// One run of text with its position, in PDF points with the origin at the bottom
/// left of the page's visible box (y grows upwards).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Span {
    pub text: String,
    /// Left edge.
    pub x: f32,
    /// Baseline.
    pub y: f32,
    /// Advance width.
    pub w: f32,
    /// Font size (the run's height).
    pub size: f32,
}

/// The runs of one page.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageSpans {
    pub height: f32,
    pub spans: Vec<Span>,
}

/// A piece of a row: runs close enough to be read as one phrase.
#[derive(Debug, Clone)]
struct Segment {
    text: String,
    x: f32,
}

/// One visual line of a page.
#[derive(Debug, Clone)]
struct Row {
    /// Baseline of the row's tallest run.
    y: f32,
    /// Font size of the row's tallest run.
    size: f32,
    segments: Vec<Segment>,
    /// Which segments are page furniture.
    drop: Vec<bool>,
}

/// A line of output before hyphenated breaks are joined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OutLine {
    pub text: String,
    /// Leading spaces that stand for the line's indentation.
    pub indent: usize,
    /// The vertical gap above the line is wider than the document's line pitch:
    /// a new paragraph (never set for the first line of a page).
    pub gap_before: bool,
}

/// What [`assemble`] found.
#[derive(Debug, Default)]
pub(crate) struct Assembled {
    pub lines: Vec<OutLine>,
    /// Segments removed as page furniture.
    #[cfg_attr(not(test), allow(dead_code))]
    pub removed: usize,
}

/// Turns the pages' runs into lines in reading order without page furniture.
pub(crate) fn assemble(pages: &[PageSpans]) -> Assembled {
    let mut rows: Vec<Vec<Row>> = pages.iter().map(page_rows).collect();
    let removed = mark_furniture(pages, &mut rows);
    let lines = layout_lines(&rows);
    Assembled { lines, removed }
}

// ---------------------------------------------------------------------------
// Rows and segments
// ---------------------------------------------------------------------------

fn page_rows(page: &PageSpans) -> Vec<Row> {
    let mut spans: Vec<&Span> = page
        .spans
        .iter()
        .filter(|s| !s.text.trim().is_empty())
        .collect();
    spans.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));

    struct Building<'a> {
        lo: f32,
        hi: f32,
        y: f32,
        size: f32,
        members: Vec<&'a Span>,
    }
    let mut building: Vec<Building> = Vec::new();
    for s in spans {
        let size = height_of(s);
        let (lo, hi) = (s.y, s.y + size);
        // Sorted by baseline, so only the last few rows can take the run.
        let start = building.len().saturating_sub(4);
        let found = building[start..].iter().rposition(|r| {
            let overlap = hi.min(r.hi) - lo.max(r.lo);
            overlap >= 0.5 * size.min(r.hi - r.lo)
        });
        match found {
            Some(i) => {
                let r = &mut building[start + i];
                if size > r.size {
                    r.lo = lo;
                    r.hi = hi;
                    r.y = s.y;
                    r.size = size;
                }
                r.members.push(s);
            }
            None => building.push(Building {
                lo,
                hi,
                y: s.y,
                size,
                members: vec![s],
            }),
        }
    }
    let mut rows: Vec<Row> = building
        .into_iter()
        .map(|mut b| {
            b.members.sort_by(|a, b| a.x.total_cmp(&b.x));
            let segments = segments_of(&b.members, b.size);
            let drop = vec![false; segments.len()];
            Row {
                y: b.y,
                size: b.size,
                segments,
                drop,
            }
        })
        .filter(|r| !r.segments.is_empty())
        .collect();
    rows.sort_by(|a, b| b.y.total_cmp(&a.y));
    rows
}

fn height_of(s: &Span) -> f32 {
    if s.size.is_finite() && s.size > 0.1 {
        s.size
    } else {
        1.0
    }
}

/// Splits a row (runs sorted by x) at gaps that are far wider than its other gaps.
fn segments_of(members: &[&Span], size: f32) -> Vec<Segment> {
    let gaps: Vec<f32> = members
        .windows(2)
        .map(|w| w[1].x - (w[0].x + w[0].w))
        .collect();
    let mut split = vec![false; gaps.len()];
    if gaps.iter().any(|&g| g > 6.0 * size) {
        let median_of = |mut v: Vec<f32>| -> f32 {
            v.sort_by(f32::total_cmp);
            v.get(v.len() / 2).copied().unwrap_or(0.0)
        };
        // With many gaps, leaving one out hardly moves the median: compute it once
        // (and keep a row of thousands of runs linear).
        let all = median_of(gaps.iter().map(|g| g.max(0.0)).collect());
        for (i, &g) in gaps.iter().enumerate() {
            if g <= 6.0 * size {
                continue;
            }
            let median = if gaps.len() > 8 {
                all
            } else {
                median_of(
                    gaps.iter()
                        .enumerate()
                        .filter(|&(j, _)| j != i)
                        .map(|(_, &g)| g.max(0.0))
                        .collect(),
                )
            };
            split[i] = g > 3.0 * median;
        }
    }
    let mut segments = Vec::new();
    let mut text = String::new();
    let mut x = members.first().map(|s| s.x).unwrap_or(0.0);
    for (i, s) in members.iter().enumerate() {
        if i > 0 {
            if split[i - 1] {
                push_segment(&mut segments, &mut text, x);
                x = s.x;
            } else {
                let prev = members[i - 1];
                let gap = s.x - (prev.x + prev.w);
                let spaced =
                    text.ends_with(char::is_whitespace) || s.text.starts_with(char::is_whitespace);
                if !spaced && gap > 0.15 * height_of(prev).min(height_of(s)) {
                    text.push(' ');
                }
            }
        }
        text.push_str(&s.text);
    }
    push_segment(&mut segments, &mut text, x);
    segments
}

fn push_segment(segments: &mut Vec<Segment>, text: &mut String, x: f32) {
    let clean = clean_text(text);
    if !clean.is_empty() {
        segments.push(Segment { text: clean, x });
    }
    text.clear();
}

/// Collapses white space (including no-break and other Unicode spaces) to single
/// spaces, drops control and zero-width characters and soft hyphens that are not at
/// the end, and expands Latin ligatures.
pub(crate) fn clean_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let expanded: &str = match c {
            '\u{FB00}' => "ff",
            '\u{FB01}' => "fi",
            '\u{FB02}' => "fl",
            '\u{FB03}' => "ffi",
            '\u{FB04}' => "ffl",
            '\u{FB05}' | '\u{FB06}' => "st",
            _ => "",
        };
        if !expanded.is_empty() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push_str(expanded);
            continue;
        }
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if c == '\u{AD}' {
            // A soft hyphen is visible only where a line breaks: keep it there, as
            // the hyphenation rule's strongest clue.
            let at_end = chars.clone().all(char::is_whitespace);
            if at_end && !out.is_empty() && !pending_space {
                out.push(c);
            }
            continue;
        }
        if c.is_control() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}') {
            continue;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    out
}

// ---------------------------------------------------------------------------
// Page furniture
// ---------------------------------------------------------------------------

static SYMBOL: LazyLock<Regex> = LazyLock::new(|| {
    // S/2018/221, S/RES/2467 (2019), S/PRST/2024/3, A/78/123-S/2024/1, S/2024/999/Rev.1
    Regex::new(r"^[A-Z]{1,5}(?:/[A-Za-z0-9.\-]*[A-Za-z0-9])+(?: ?\(\d{4}\))?$").unwrap()
});
static PAGE_TOTAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i:page )?(\d{1,4}) ?(?:/|(?i:of)) ?(\d{1,4})$").unwrap());
static BARE_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[-–—] ?)?(\d{1,4})(?: ?[-–—])?$").unwrap());
static JOB: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{2}-\d{5}[A-Z]?$").unwrap());
static LANG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\([A-Z]{1,2}\)$").unwrap());
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\(\d{4}\)$").unwrap());
static DATE_STAMP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{6}$").unwrap());
static BARCODE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\*\d{6,9}[A-Z]?\*$").unwrap());
static PARAGRAPH_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,3}\.|\((?:[a-z]{1,2}|[ivxl]{1,6})\)) ").unwrap());
static PLEASE_RECYCLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i)please recycle\W*$").unwrap());

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Band {
    Top,
    Bottom,
}

fn band_of(row: &Row, page: &PageSpans) -> Option<Band> {
    let band = BAND * page.height;
    if page.height - (row.y + row.size) < band {
        Some(Band::Top)
    } else if row.y < band {
        Some(Band::Bottom)
    } else {
        None
    }
}

/// True for a segment made only of job-number, barcode, page/total and (when `symbol`
/// is given) document-symbol tokens, with at least one strong one among them.
fn is_stamp(text: &str, n_pages: usize, symbol: Option<&str>) -> bool {
    if let Some(c) = PAGE_TOTAL.captures(text) {
        return page_total_ok(&c, n_pages);
    }
    let mut strong = false;
    for tok in text.split(' ') {
        if JOB.is_match(tok) || BARCODE.is_match(tok) || symbol == Some(tok) {
            strong = true;
        } else if let Some(c) = PAGE_TOTAL.captures(tok) {
            if !page_total_ok(&c, n_pages) {
                return false;
            }
            strong = true;
        } else if !(LANG.is_match(tok) || DATE_STAMP.is_match(tok) || YEAR.is_match(tok)) {
            return false;
        }
    }
    strong
}

fn page_total_ok(c: &regex::Captures, n_pages: usize) -> bool {
    let n: usize = c[1].parse().unwrap_or(0);
    let total: usize = c[2].parse().unwrap_or(0);
    n >= 1 && n <= total && total >= n_pages
}

/// Marks page furniture in `rows` (see the module documentation); returns how many
/// segments were marked.
fn mark_furniture(pages: &[PageSpans], rows: &mut [Vec<Row>]) -> usize {
    let n_pages = pages.len();

    // The masthead symbol: the first symbol-like segment in the top quarter of page 1.
    let masthead_symbol: Option<String> = rows.first().and_then(|page_rows| {
        let height = pages[0].height;
        page_rows
            .iter()
            .filter(|r| r.y > 0.75 * height)
            .flat_map(|r| r.segments.iter())
            .flat_map(|s| s.text.split(' '))
            .find(|t| SYMBOL.is_match(t) && t.contains('/'))
            .map(str::to_owned)
    });

    // Bare page numbers: the offset between printed number and position in the file
    // that most pages share.
    let mut offsets: HashMap<i64, usize> = HashMap::new();
    for (p, page_rows) in rows.iter().enumerate() {
        for row in page_rows {
            if band_of(row, &pages[p]).is_none() {
                continue;
            }
            for seg in &row.segments {
                if let Some(c) = BARE_NUMBER.captures(&seg.text) {
                    let n: i64 = c[1].parse().unwrap_or(-1);
                    *offsets.entry(n - (p as i64 + 1)).or_default() += 1;
                }
            }
        }
    }
    let page_offset = offsets
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.abs().cmp(&a.0.abs())))
        .filter(|&(&off, &count)| count >= 2 || off == 0)
        .map(|(&off, _)| off);

    // Running heads and footers by repetition, pages after the first only.
    let mut repeats: HashMap<(Band, String), Vec<(usize, f32)>> = HashMap::new();
    for (p, page_rows) in rows.iter().enumerate().skip(1) {
        for row in page_rows {
            if let Some(band) = band_of(row, &pages[p]) {
                for seg in row.segments.iter().filter(|s| has_letter(&s.text)) {
                    repeats
                        .entry((band, repeat_key(&seg.text)))
                        .or_default()
                        .push((p, row.y));
                }
            }
        }
    }
    let needed = n_pages.saturating_sub(1).div_ceil(2).max(2);
    let mut repeated: HashMap<(Band, String), f32> = HashMap::new();
    for (key, places) in repeats {
        let mut ys: Vec<f32> = places.iter().map(|p| p.1).collect();
        ys.sort_by(f32::total_cmp);
        let median = ys[ys.len() / 2];
        let mut pages_seen: Vec<usize> = places
            .iter()
            .filter(|(_, y)| (y - median).abs() <= 4.0)
            .map(|(p, _)| *p)
            .collect();
        pages_seen.dedup();
        if pages_seen.len() >= needed {
            repeated.insert(key, median);
        }
    }

    let mut removed = 0;
    for (p, page_rows) in rows.iter_mut().enumerate() {
        let symbol = if p > 0 {
            masthead_symbol.as_deref()
        } else {
            None
        };
        for row in page_rows.iter_mut() {
            let Some(band) = band_of(row, &pages[p]) else {
                continue;
            };
            for (i, seg) in row.segments.iter().enumerate() {
                let t = seg.text.as_str();
                let furniture = is_stamp(t, n_pages, symbol)
                    || (band == Band::Bottom && PLEASE_RECYCLE.is_match(t))
                    || BARE_NUMBER.captures(t).is_some_and(|c| {
                        let n: i64 = c[1].parse().unwrap_or(-1);
                        page_offset == Some(n - (p as i64 + 1))
                    })
                    || (p > 0
                        && has_letter(t)
                        && repeated
                            .get(&(band, repeat_key(t)))
                            .is_some_and(|&y| (row.y - y).abs() <= 4.0));
                if furniture {
                    row.drop[i] = true;
                    removed += 1;
                }
            }
        }
    }
    removed
}

fn has_letter(s: &str) -> bool {
    s.chars().any(char::is_alphabetic)
}

/// Text with digits replaced, so "2/17" and "3/17" or "18-04123" on every page compare equal.
fn repeat_key(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                '#'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Lines, indentation and paragraph gaps
// ---------------------------------------------------------------------------

fn layout_lines(rows: &[Vec<Row>]) -> Vec<OutLine> {
    // Kept rows: (first segment's x, text, baseline, size), per page.
    let kept: Vec<Vec<(f32, String, f32, f32)>> = rows
        .iter()
        .map(|page_rows| {
            page_rows
                .iter()
                .filter_map(|row| {
                    let segs: Vec<&Segment> = row
                        .segments
                        .iter()
                        .zip(&row.drop)
                        .filter(|(_, &d)| !d)
                        .map(|(s, _)| s)
                        .collect();
                    let first = segs.first()?;
                    let text = segs
                        .iter()
                        .map(|s| s.text.as_str())
                        .collect::<Vec<_>>()
                        .join("    ");
                    Some((first.x, text, row.y, row.size))
                })
                .collect()
        })
        .collect();

    // The text block's left edge: the most common starting x, for odd and for even
    // pages (mirrored margins), or for all pages when one side has few lines.
    let mode = |parity: Option<usize>| -> (f32, usize) {
        let mut starts: HashMap<i32, usize> = HashMap::new();
        let mut n = 0;
        for (p, page) in kept.iter().enumerate() {
            if parity.is_some_and(|k| p % 2 != k) {
                continue;
            }
            for (x, ..) in page {
                *starts.entry(x.round() as i32).or_default() += 1;
                n += 1;
            }
        }
        let x = starts
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map_or(0.0, |(&x, _)| x as f32);
        (x, n)
    };
    let (all, _) = mode(None);
    let margins: Vec<f32> = (0..2)
        .map(|k| match mode(Some(k)) {
            (x, n) if n >= 20 => x,
            _ => all,
        })
        .collect();

    // The usual distance between consecutive baselines.
    let mut pitches: Vec<f32> = Vec::new();
    for page in &kept {
        for w in page.windows(2) {
            let d = w[0].2 - w[1].2;
            let size = w[0].3.max(w[1].3);
            if d >= 0.9 * size && d <= 3.0 * size {
                pitches.push(d);
            }
        }
    }
    pitches.sort_by(f32::total_cmp);
    let pitch = pitches.get(pitches.len() / 2).copied();

    let mut out: Vec<OutLine> = Vec::new();
    for (p, page) in kept.iter().enumerate() {
        let margin = margins[p % 2];
        for (i, (x, text, y, size)) in page.iter().enumerate() {
            let gap_before = if i > 0 {
                pitch.is_some_and(|p| {
                    let d = page[i - 1].2 - y;
                    d > 1.25 * p.max(0.9 * size)
                })
            } else {
                // First line of a page: a new paragraph if the last line of the page
                // before ends a clause and this one starts with a paragraph number or
                // is indented.
                out.last().is_some_and(|prev| {
                    prev.text.ends_with([',', ';', ':', '.'])
                        && (PARAGRAPH_LABEL.is_match(text) || *x > margin + 0.5 * size)
                })
            };
            let indent = if *x > margin {
                ((x - margin) / size.max(1.0)).round().clamp(0.0, 8.0) as usize
            } else {
                0
            };
            out.push(OutLine {
                text: text.clone(),
                indent,
                gap_before,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str, x: f32, y: f32, size: f32) -> Span {
        // Advance width: half an em per character, as a rough proportional font.
        let w = text.chars().count() as f32 * size * 0.5;
        Span {
            text: text.into(),
            x,
            y,
            w,
            size,
        }
    }

    fn page(spans: Vec<Span>) -> PageSpans {
        PageSpans {
            height: 842.0,
            spans,
        }
    }

    fn texts(a: &Assembled) -> Vec<String> {
        a.lines.iter().map(|l| l.text.clone()).collect()
    }

    #[test]
    fn hanging_label_comes_first_whatever_the_drawing_order() {
        let p = page(vec![
            span("Decides to extend the mandate", 116.0, 500.0, 10.0),
            span("until 2025;", 116.0, 484.0, 10.0),
            span("7.", 94.0, 500.0, 10.0),
        ]);
        let a = assemble(&[p]);
        assert_eq!(
            texts(&a),
            ["7. Decides to extend the mandate", "until 2025;"]
        );
    }

    #[test]
    fn superscript_marker_stays_on_its_line() {
        let p = page(vec![
            span("protection advisers", 116.0, 500.0, 10.0),
            span("1", 211.0, 504.0, 6.0),
            span("to all field offices;", 116.0, 486.0, 10.0),
        ]);
        let a = assemble(&[p]);
        assert_eq!(texts(&a), ["protection advisers1", "to all field offices;"]);
    }

    #[test]
    fn spaces_come_from_gaps_and_runs_are_not_split_inside_words() {
        let p = page(vec![
            Span {
                text: "Secu".into(),
                x: 100.0,
                y: 500.0,
                w: 20.0,
                size: 10.0,
            },
            Span {
                text: "rity".into(),
                x: 120.2,
                y: 500.0,
                w: 15.0,
                size: 10.0,
            },
            Span {
                text: "Council".into(),
                x: 138.0,
                y: 500.0,
                w: 30.0,
                size: 10.0,
            },
            Span {
                text: " and  ".into(),
                x: 168.0,
                y: 500.0,
                w: 20.0,
                size: 10.0,
            },
            Span {
                text: "women\u{a0}".into(),
                x: 188.0,
                y: 500.0,
                w: 25.0,
                size: 10.0,
            },
        ]);
        assert_eq!(texts(&assemble(&[p])), ["Security Council and women"]);
    }

    #[test]
    fn clean_text_normalises_spaces_ligatures_and_soft_hyphens() {
        assert_eq!(clean_text("  a\u{a0}\u{2009}b\tc  "), "a b c");
        assert_eq!(clean_text("e\u{FB00}orts \u{FB01}nal"), "efforts final");
        assert_eq!(clean_text("peace\u{AD}keeping"), "peacekeeping");
        assert_eq!(clean_text("peace\u{AD} "), "peace\u{AD}");
        assert_eq!(clean_text("a\u{200B}b\u{7}"), "ab");
    }

    /// A three-page UN-style document: masthead, heads, footers.
    fn un_pages() -> Vec<PageSpans> {
        let mut pages = Vec::new();
        pages.push(page(vec![
            span("United Nations", 68.0, 755.0, 14.0),
            span("S/2018/221", 392.0, 755.0, 10.0),
            span("Security Council", 68.0, 719.0, 18.0),
            span("Distr.: General", 392.0, 719.0, 10.0),
            span("12 March 2018", 392.0, 705.0, 10.0),
            span("The Security Council,", 145.0, 650.0, 10.0),
            span("Recalling its resolution 1325 (2000),", 145.0, 628.0, 10.0),
            span("18-04123 (E)    160318", 68.0, 66.0, 10.0),
            span("*1804123*", 68.0, 52.0, 10.0),
            span("Please recycle", 68.0, 39.0, 10.0),
        ]));
        for (p, word) in [(2, "two"), (3, "three")] {
            let head_x = if p % 2 == 0 { 68.0 } else { 477.0 };
            let mut spans = vec![
                span("S/2018/221", head_x, 795.0, 10.0),
                // Body text high and low on the page, inside the bands.
                span(
                    &format!("Body line at the top of page {word},"),
                    116.0,
                    759.0,
                    10.0,
                ),
                span(&format!("and more text on {word}."), 116.0, 743.0, 10.0),
                span(&format!("Last lines of page {word}"), 116.0, 97.0, 10.0),
                span("18-04123", 68.0, 66.0, 10.0),
                span(&format!("{p}/3"), 516.0, 39.0, 10.0),
            ];
            if p == 3 {
                spans.push(span("2018", 116.0, 81.0, 10.0));
            }
            pages.push(page(spans));
        }
        pages
    }

    #[test]
    fn furniture_goes_and_masthead_and_body_stay() {
        let a = assemble(&un_pages());
        let t = texts(&a);
        assert_eq!(
            t,
            [
                "United Nations    S/2018/221",
                "Security Council    Distr.: General",
                "12 March 2018",
                "The Security Council,",
                "Recalling its resolution 1325 (2000),",
                "Body line at the top of page two,",
                "and more text on two.",
                "Last lines of page two",
                "Body line at the top of page three,",
                "and more text on three.",
                "Last lines of page three",
                "2018",
            ]
        );
        assert_eq!(a.removed, 3 + 3 * 2);
    }

    #[test]
    fn bare_page_numbers_go_when_they_count_pages() {
        let pages: Vec<PageSpans> = (1..=3)
            .map(|p| {
                page(vec![
                    span("Some body text on the page", 116.0, 600.0, 10.0),
                    span(&format!("- {} -", p + 1), 290.0, 30.0, 9.0),
                ])
            })
            .collect();
        let t = texts(&assemble(&pages));
        assert_eq!(t, vec!["Some body text on the page"; 3]);
    }

    #[test]
    fn a_lone_number_that_is_not_a_page_number_stays() {
        let pages = vec![
            page(vec![
                span("Text", 116.0, 600.0, 10.0),
                span("1", 290.0, 30.0, 9.0),
            ]),
            page(vec![
                span("Text", 116.0, 600.0, 10.0),
                span("2", 290.0, 30.0, 9.0),
            ]),
            page(vec![
                span("Text", 116.0, 600.0, 10.0),
                span("2019", 116.0, 80.0, 10.0),
                span("3", 290.0, 30.0, 9.0),
            ]),
        ];
        let t = texts(&assemble(&pages));
        assert_eq!(t, ["Text", "Text", "Text", "2019"]);
    }

    #[test]
    fn rows_of_figures_at_the_foot_of_every_page_stay() {
        // A table running over pages: its last row on each page sits at the same
        // height in the bottom band, and differs from page to page only in digits.
        let pages: Vec<PageSpans> = (0..4)
            .map(|p| {
                page(vec![
                    span("Year Share", 116.0, 600.0, 10.0),
                    span(&format!("{}", 2010 + p), 116.0, 80.0, 10.0),
                    span(&format!("{}.5 %", 40 + p), 300.0, 80.0, 10.0),
                    span(&format!("{}", p + 1), 290.0, 30.0, 9.0),
                ])
            })
            .collect();
        let t = texts(&assemble(&pages));
        assert_eq!(
            t,
            [
                "Year Share",
                "2010    40.5 %",
                "Year Share",
                "2011    41.5 %",
                "Year Share",
                "2012    42.5 %",
                "Year Share",
                "2013    43.5 %",
            ]
        );
    }

    #[test]
    fn symbol_like_body_text_and_symbols_outside_the_bands_stay() {
        let pages = vec![
            page(vec![
                span("S/2018/221", 392.0, 800.0, 10.0),
                span("Body", 116.0, 600.0, 10.0),
            ]),
            page(vec![
                span("S/2018/221", 477.0, 800.0, 10.0),
                span("S/2018/221", 116.0, 400.0, 10.0),
                span("S/2018/143", 116.0, 790.0 - 16.0 * 3.0, 10.0),
            ]),
        ];
        let t = texts(&assemble(&pages));
        assert_eq!(t, ["S/2018/221", "Body", "S/2018/143", "S/2018/221"]);
    }

    #[test]
    fn stamps() {
        assert!(is_stamp("18-04567 (E) 160318", 17, None));
        assert!(is_stamp("18-04567 (E) 160318 160318", 17, None));
        assert!(is_stamp("*1804567*", 17, None));
        assert!(is_stamp("3/17", 17, None));
        assert!(is_stamp("Page 3 of 17", 17, None));
        assert!(is_stamp("3/17 18-04567", 17, None));
        assert!(is_stamp("S/2018/221 18-04567", 17, Some("S/2018/221")));
        assert!(is_stamp("S/RES/2467 (2019)", 17, Some("S/RES/2467")));
        assert!(!is_stamp("S/RES/2467 (2019)", 17, None));
        assert!(!is_stamp("S/2018/221", 17, None));
        assert!(!is_stamp("18/17", 17, None));
        assert!(!is_stamp("1/2", 17, None));
        assert!(!is_stamp("160318", 17, None));
        assert!(!is_stamp("(E)", 17, None));
        assert!(!is_stamp("resolution 18-04567", 17, None));
    }

    #[test]
    fn symbols() {
        for s in [
            "S/2018/221",
            "S/RES/2467 (2019)",
            "S/PRST/2024/3",
            "S/2024/999/Rev.1",
            "A/78/123-S/2024/1",
        ] {
            assert!(SYMBOL.is_match(s), "{s}");
        }
        for s in ["S/2018/221.", "2018/221", "Security", "S/2018/221,"] {
            assert!(!SYMBOL.is_match(s), "{s}");
        }
    }

    #[test]
    fn indentation_and_paragraph_gaps() {
        let p = page(vec![
            span("Recalling its resolutions,", 145.0, 700.0, 10.0),
            span("and its statements,", 116.0, 684.0, 10.0),
            span("and more.", 116.0, 668.0, 10.0),
            span("1.", 94.0, 646.0, 10.0),
            span("Decides;", 116.0, 646.0, 10.0),
            span("(a)", 116.0, 624.0, 10.0),
            span("Protection of civilians", 139.0, 624.0, 10.0),
            span("continued", 139.0, 608.0, 10.0),
        ]);
        let a = assemble(&[p]);
        let got: Vec<(usize, bool, &str)> = a
            .lines
            .iter()
            .map(|l| (l.indent, l.gap_before, l.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (3, false, "Recalling its resolutions,"),
                (0, false, "and its statements,"),
                (0, false, "and more."),
                (0, true, "1. Decides;"),
                (0, true, "(a) Protection of civilians"),
                (2, false, "continued"),
            ]
        );
    }

    #[test]
    fn mirrored_margins_do_not_indent_every_line() {
        let body = |left: f32| -> PageSpans {
            let mut spans = vec![span("First line of a paragraph,", left + 28.0, 700.0, 10.0)];
            for i in 1..25 {
                spans.push(span("continued text", left, 700.0 - 16.0 * i as f32, 10.0));
            }
            page(spans)
        };
        let a = assemble(&[body(116.0), body(90.0), body(116.0)]);
        let indents: Vec<usize> = a
            .lines
            .iter()
            .map(|l| l.indent)
            .filter(|&i| i > 0)
            .collect();
        assert_eq!(indents, [3, 3, 3]);
    }

    #[test]
    fn page_boundary_gap_before_a_new_paragraph_only() {
        let pages = vec![
            page(vec![span("Acting under Chapter VII,", 145.0, 400.0, 10.0)]),
            page(vec![
                span("1.", 94.0, 700.0, 10.0),
                span("Decides to", 116.0, 700.0, 10.0),
                span("extend", 116.0, 684.0, 10.0),
            ]),
            page(vec![span("and to report.", 116.0, 700.0, 10.0)]),
            page(vec![
                span("Noting", 145.0, 700.0, 10.0),
                span("further", 116.0, 684.0, 10.0),
            ]),
        ];
        let gaps: Vec<bool> = assemble(&pages)
            .lines
            .iter()
            .map(|l| l.gap_before)
            .collect();
        assert_eq!(gaps, [false, true, false, false, true, false]);
    }

    #[test]
    fn a_row_of_many_scattered_runs_stays_linear() {
        let spans: Vec<Span> = (0..50_000)
            .map(|i| span("x", i as f32 * 100.0, 500.0, 10.0))
            .collect();
        let t = std::time::Instant::now();
        let a = assemble(&[page(spans)]);
        assert_eq!(a.lines.len(), 1);
        assert!(
            t.elapsed() < std::time::Duration::from_secs(5),
            "{:?}",
            t.elapsed()
        );
    }

    #[test]
    fn wide_justified_gaps_do_not_split_a_line() {
        // A short line stretched to full width: all gaps are wide, none stands out.
        let p = page(vec![
            span("3.", 94.0, 500.0, 10.0),
            span("Requests", 116.0, 500.0, 10.0),
            span("the", 260.0, 500.0, 10.0),
            span("Secretary-", 470.0, 500.0, 10.0),
        ]);
        assert_eq!(texts(&assemble(&[p])), ["3. Requests the Secretary-"]);
    }
}
