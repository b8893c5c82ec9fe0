//! The structure parser: turns a reader's [`Extracted`] text into a [`Document`]
//! with labelled paragraphs (`PP 4`, `OP 7 (a) (i)`, `para 34`, headings, annexes).
//!
//! Parsing never fails: odd input gives a document with fewer labels and warnings.
//! It works line by line, so it copes with what extraction produces: paragraphs
//! wrapped over lines, one paragraph per line, page furniture inside paragraphs,
//! operative numbers missing (inferred from the neighbours) or printed after the
//! paragraph's first line.

pub mod meta;

use crate::model::{line_starts, DocKind, Document, Label, Paragraph, Part};
use crate::read::{BlockKind, Extracted};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

static OP_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,3})(?:\s*(bis|ter|quater|quinquies))?\s*\.(?:\s+|$)").unwrap()
});
static SUB_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\(([a-z]{1,3}|[ivxlc]{1,6}|\d{1,2})(?:\s+(bis|ter))?\)|([a-z]|[ivx]{1,4})\))(?:\s+|$)").unwrap()
});
static BULLET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[•·▪◦‣●○■□➢►\-–—]\s+").unwrap());
static ROMAN_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[IVXL]{1,6}|[A-H])\.\s+[A-Z\p{Lu}]").unwrap());
static ANNEX_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:Annexes|Annex|ANNEX|Appendix|APPENDIX|Enclosure)(?:\s+(?:[IVX]+|\d+|[A-Z]))?(?:\s|$|:|\.)").unwrap()
});

/// Words that open a preambular paragraph besides participles in -ing.
const PP_OPENERS: &[&str] = &[
    "mindful",
    "aware",
    "conscious",
    "concerned",
    "deeply",
    "gravely",
    "seriously",
    "alarmed",
    "convinced",
    "determined",
    "desirous",
    "guided",
    "cognizant",
    "cognisant",
    "further",
    "also",
    "strongly",
    "encouraged",
    "reaffirming",
    "bearing",
    "having",
    "noting",
    "recalling",
    "taking",
    "acting",
    "emphasizing",
    "emphasising",
    "underlining",
    "welcoming",
    "recognizing",
    "recognising",
    "expressing",
    "stressing",
    "reiterating",
    "commending",
    "condemning",
    "appreciating",
    "acknowledging",
    "affirming",
    "determining",
    "considering",
    "believing",
    "regretting",
    "deploring",
    "underscoring",
    "highlighting",
    "remaining",
    "reaffirms",
    "sharply",
    "firmly",
    "particularly",
    "especially",
    "fully",
    "profoundly",
    "greatly",
    "disturbed",
    "dismayed",
    "shocked",
    "outraged",
    "appalled",
    "satisfied",
    "pleased",
    "encouraging",
    "urging",
    "calling",
    "demanding",
    "requesting",
    "inviting",
    "supporting",
    "looking",
    "paying",
    "anticipating",
    "seeking",
    "whereas",
    "reiterating",
];

/// Third-person verbs that open an operative paragraph.
const OP_VERBS: &[&str] = &[
    "decides",
    "demands",
    "authorizes",
    "authorises",
    "requests",
    "calls",
    "directs",
    "urges",
    "encourages",
    "invites",
    "supports",
    "welcomes",
    "notes",
    "takes",
    "recalls",
    "reaffirms",
    "reiterates",
    "stresses",
    "emphasizes",
    "emphasises",
    "underlines",
    "underscores",
    "recognizes",
    "recognises",
    "acknowledges",
    "commends",
    "expresses",
    "affirms",
    "condemns",
    "deplores",
    "highlights",
    "considers",
    "insists",
    "appeals",
    "looks",
    "agrees",
    "declares",
    "endorses",
    "approves",
    "reminds",
    "strongly",
    "further",
    "also",
    "regrets",
    "requires",
    "determines",
    "exhorts",
    "recommends",
    "remains",
    "pays",
    "underlining",
    "extends",
    "renews",
    "instructs",
    "notes",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SubKind {
    Letter,
    Roman,
    Digit,
    Bullet,
}

struct Builder<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    kind: DocKind,
    blocks_mode: bool,
    paras: Vec<Paragraph>,
    /// Index of the paragraph open for continuation lines.
    open: Option<usize>,
    part: Part,
    pp_count: u32,
    unnumbered: u32,
    /// Number of the current top-level operative (or numbered report) paragraph.
    top: Option<(String, usize)>,
    last_number: u32,
    subs: Vec<(String, SubKind, usize)>,
    bullet_count: u32,
    heading: Option<usize>,
    /// An operative paragraph started without a number, waiting for a bare
    /// number line that some extractions print after its first line.
    awaiting_number: Option<(usize, usize)>,
    /// A bare number line seen before its paragraph's text: (number, line start).
    bare_number: Option<(String, usize)>,
    warnings: Vec<String>,
}

/// Parses extracted text into a document. `path` is kept for messages and used as
/// a last resort for the document symbol.
pub fn parse(path: &str, ex: Extracted) -> Document {
    let text = ex.text;
    let blocks_mode = ex.blocks.is_some();
    let mut lines: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            lines.push(start..i);
            start = i + 1;
        }
    }
    if start < text.len() {
        lines.push(start..text.len());
    }
    let line_strs: Vec<&str> = lines.iter().map(|r| &text[r.clone()]).collect();
    let kind = meta::detect_kind(&line_strs);

    // Per line: is it page furniture? Blocks from DOCX have none.
    let footnote_line: Vec<Option<BlockKind>> = match &ex.blocks {
        Some(blocks) => {
            let mut v = vec![None; lines.len()];
            for b in blocks {
                if let Ok(li) = lines.binary_search_by(|r| r.start.cmp(&b.span.start)) {
                    v[li] = Some(b.kind);
                }
            }
            v
        }
        None => vec![None; lines.len()],
    };
    let noise_line: Vec<bool> = if blocks_mode {
        vec![false; lines.len()]
    } else {
        line_strs.iter().map(|l| meta::is_noise_line(l)).collect()
    };
    // For each line, the index of the next line that starts with an operative number.
    let mut next_number_line = vec![usize::MAX; lines.len() + 1];
    for li in (0..lines.len()).rev() {
        next_number_line[li] = if OP_NUMBER.is_match(line_strs[li].trim_start()) {
            li
        } else {
            next_number_line[li + 1]
        };
    }

    let mut b = Builder {
        text: &text,
        line_starts: line_starts(&text),
        kind,
        blocks_mode,
        paras: Vec::new(),
        open: None,
        part: Part::Front,
        pp_count: 0,
        unnumbered: 0,
        top: None,
        last_number: 0,
        subs: Vec::new(),
        bullet_count: 0,
        heading: None,
        awaiting_number: None,
        bare_number: None,
        warnings: ex.warnings,
    };
    let mut noise: Vec<Range<usize>> = Vec::new();
    let mut prev: Option<usize> = None; // previous content line
    let mut blank_before = false;

    for li in 0..lines.len() {
        let span = lines[li].clone();
        let line = line_strs[li];
        let t = line.trim();
        if t.is_empty() {
            blank_before = true;
            continue;
        }
        if noise_line[li] && !(b.part == Part::Front && b.paras.len() < 12) {
            noise.push(span);
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let content = span.start + lead..span.end - (line.len() - line.trim_end().len());
        if let Some(bk) = footnote_line[li] {
            if bk == BlockKind::Footnote {
                b.footnote(content, t);
                prev = Some(li);
                blank_before = false;
                continue;
            }
        }
        // Text quoted inside a letter or report opens each paragraph with a quote mark.
        // A line of quote marks alone stays as it is (text is never dropped).
        let quoted = t.trim_start_matches(['“', '"', '‘']).trim_start();
        let (content, t) = if quoted.is_empty() {
            (content, t)
        } else {
            (
                content.start + (t.len() - quoted.len())..content.end,
                quoted,
            )
        };
        let prev_str = prev.map(|p| line_strs[p].trim()).unwrap_or("");
        let ctx = LineCtx {
            prev_terminal: prev.is_none() || ends_terminal(prev_str),
            prev_ends_colon: prev_str.trim_end().ends_with(':'),
            prev_list_end: prev.is_none() || ends_list_item(prev_str),
            prev_long: prev_str.chars().count() > 150,
            blank_before,
            next_is_label: next_content_is_label(&line_strs, &noise_line, li),
            next_is_sub: next_content_is_sub(&line_strs, &noise_line, li),
            next_number: next_number_line[li + 1],
            li,
        };
        b.line(content, t, &ctx, &line_strs);
        prev = Some(li);
        blank_before = false;
    }
    b.finish();

    let front: String = b
        .paras
        .iter()
        .filter(|p| p.part == Part::Front)
        .map(|p| &text[p.span.clone()])
        .collect::<Vec<_>>()
        .join("\n");
    let meta = meta::detect_metadata(&front, &text, path);
    // An adopted resolution's symbol settles draft or adopted.
    let kind = if kind == DocKind::DraftResolution
        && meta
            .symbol
            .as_deref()
            .is_some_and(|s| s.starts_with("S/RES/"))
    {
        DocKind::Resolution
    } else {
        kind
    };
    let Builder {
        paras,
        warnings,
        line_starts,
        ..
    } = b;
    Document {
        path: path.to_string(),
        kind,
        meta,
        line_starts,
        text,
        paragraphs: paras,
        noise,
        warnings,
    }
}

struct LineCtx {
    next_is_sub: bool,
    prev_terminal: bool,
    prev_ends_colon: bool,
    prev_list_end: bool,
    prev_long: bool,
    blank_before: bool,
    next_is_label: bool,
    next_number: usize,
    li: usize,
}

fn ends_terminal(s: &str) -> bool {
    let s = s.trim_end_matches(['"', '”', '’', '\'', ')', ']', '*', ' ']);
    s.ends_with([',', ';', ':', '.', '!', '?'])
}

/// A line that may close a list item before a sub-paragraph: punctuation, or a
/// closing "; and" / "or".
fn ends_list_item(s: &str) -> bool {
    ends_terminal(s) || s.trim_end().ends_with(" and") || s.trim_end().ends_with(" or")
}

fn next_content_is_label(lines: &[&str], noise: &[bool], li: usize) -> bool {
    for (j, l) in lines.iter().enumerate().skip(li + 1) {
        let t = l.trim_start();
        if t.is_empty() || noise[j] {
            continue;
        }
        return OP_NUMBER.is_match(t) || SUB_LABEL.is_match(t) || ROMAN_HEADING.is_match(t);
    }
    true
}

fn next_content_is_sub(lines: &[&str], noise: &[bool], li: usize) -> bool {
    for (j, l) in lines.iter().enumerate().skip(li + 1) {
        let t = l.trim_start();
        if t.is_empty() || noise[j] {
            continue;
        }
        return SUB_LABEL.is_match(t);
    }
    false
}

fn first_word(t: &str) -> &str {
    let end = t
        .find(|c: char| !(c.is_alphabetic() || c == '-'))
        .unwrap_or(t.len());
    &t[..end]
}

/// A preambular opener: a capitalised participle or adjective ("Recalling",
/// "Deeply concerned"). Lower-case ones ("including ...") are continuation lines in
/// wrapped text; one-paragraph-per-line files are handled by `prev_long`.
fn is_pp_opener(t: &str) -> bool {
    let w = first_word(t);
    if w.len() < 2 || !w.starts_with(|c: char| c.is_uppercase()) {
        return false;
    }
    (w.len() > 4 && w.is_ascii() && w[w.len() - 3..].eq_ignore_ascii_case("ing"))
        || in_word_list(PP_OPENERS, w)
        || (!w.is_ascii() && {
            let lw = w.to_lowercase();
            lw.ends_with("ing") && lw.len() > 4
        })
}

/// Whether `w`, lower-cased, is in `list` (lower-case words); no allocation for an
/// ASCII word, which any word of these lists is.
fn in_word_list(list: &[&str], w: &str) -> bool {
    if w.is_ascii() {
        list.iter()
            .any(|x| x.len() == w.len() && x.eq_ignore_ascii_case(w))
    } else {
        list.contains(&w.to_lowercase().as_str())
    }
}

fn is_op_verb(t: &str) -> bool {
    let w = first_word(t);
    if !w.starts_with(|c: char| c.is_uppercase()) {
        return false;
    }
    in_word_list(OP_VERBS, w)
}

fn heading_like(t: &str) -> bool {
    // The cheap tests first: most lines fail one of them.
    t.starts_with(|c: char| c.is_uppercase())
        && !t.trim_end().ends_with([',', ';', '.'])
        && t.len() < 400
        && t.chars().count() < 100
        && t.split_whitespace().nth(12).is_none()
        && !is_op_verb(t)
}

/// Lower-case roman numeral value, if `s` is one.
fn roman_value(s: &str) -> Option<u32> {
    if s.is_empty() || !s.chars().all(|c| matches!(c, 'i' | 'v' | 'x' | 'l' | 'c')) {
        return None;
    }
    let val = |c| match c {
        'i' => 1,
        'v' => 5,
        'x' => 10,
        'l' => 50,
        _ => 100,
    };
    let chars: Vec<u32> = s.chars().map(val).collect();
    let mut total = 0;
    for i in 0..chars.len() {
        if i + 1 < chars.len() && chars[i] < chars[i + 1] {
            total -= chars[i] as i64;
        } else {
            total += chars[i] as i64;
        }
    }
    (total > 0).then_some(total as u32)
}

fn letter_value(s: &str) -> Option<u32> {
    // a..z, then aa, bb (Word's lowerLetter) or aa, ab.
    let b = s.as_bytes();
    if b.is_empty() || !b.iter().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    if b.iter().all(|&c| c == b[0]) {
        Some((b.len() as u32 - 1) * 26 + (b[0] - b'a') as u32 + 1)
    } else if b.len() == 2 {
        Some(26 * (b[0] - b'a' + 1) as u32 + (b[1] - b'a') as u32 + 1)
    } else {
        None
    }
}

impl Builder<'_> {
    fn push(
        &mut self,
        span: Range<usize>,
        body_start: usize,
        label: Label,
        part: Part,
        parent: Option<usize>,
    ) -> usize {
        let ix = self.paras.len();
        let (line, column) = pos(self.text, &self.line_starts, span.start);
        let is_heading = matches!(label, Label::Heading(_));
        if is_heading {
            self.heading = Some(ix);
        }
        self.paras.push(Paragraph {
            label,
            part,
            body: body_start..span.end,
            span,
            line,
            column,
            inferred_number: false,
            parent,
            heading: if is_heading { None } else { self.heading },
            brackets: Vec::new(),
            is_heading,
        });
        self.open = Some(ix);
        ix
    }

    /// A heading line: it closes the open paragraph and is never continued.
    fn push_heading(&mut self, content: Range<usize>, t: &str, part: Part) {
        let label = Label::Heading(t.to_string());
        self.push(content.clone(), content.start, label, part, None);
        self.open = None;
    }

    fn extend_open(&mut self, content: &Range<usize>) -> bool {
        if let Some(o) = self.open {
            self.paras[o].span.end = content.end;
            self.paras[o].body.end = content.end;
            true
        } else {
            false
        }
    }

    fn footnote(&mut self, content: Range<usize>, t: &str) {
        let num: String = t
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '*')
            .collect();
        let body =
            content.start + num.len() + (t[num.len()..].len() - t[num.len()..].trim_start().len());
        let num = if num.is_empty() { "?".into() } else { num };
        self.push(content, body, Label::Note(num), Part::Notes, None);
        self.open = None;
    }

    fn numbered_label(&self, number: &str, subs: Vec<String>) -> Label {
        match self.part {
            Part::Annex => {
                let mut s = number.to_string();
                for x in &subs {
                    s.push_str(&format!(" ({x})"));
                }
                Label::Annex(Some(s))
            }
            Part::Operative | Part::Preamble => Label::Operative {
                number: number.to_string(),
                subs,
            },
            _ => Label::Numbered {
                number: number.to_string(),
                subs,
            },
        }
    }

    fn start_numbered(
        &mut self,
        content: Range<usize>,
        body_start: usize,
        number: String,
        n: u32,
    ) -> usize {
        if self.part == Part::Preamble
            || (self.part == Part::Front && self.kind.is_resolution_like())
        {
            self.part = Part::Operative;
        } else if self.part == Part::Front {
            self.part = Part::Body;
        }
        if n > self.last_number + 1 && self.part == Part::Operative && self.last_number > 0 {
            self.warnings.push(format!(
                "OP {} to OP {} are not in the text (numbering jumps from {} to {n})",
                self.last_number + 1,
                n - 1,
                self.last_number
            ));
        }
        self.last_number = n;
        self.subs.clear();
        self.bullet_count = 0;
        let label = self.numbered_label(&number, Vec::new());
        let part = self.part;
        let ix = self.push(content, body_start, label, part, None);
        self.top = Some((number, ix));
        self.awaiting_number = None;
        ix
    }

    fn line(&mut self, content: Range<usize>, t: &str, cx: &LineCtx, lines: &[&str]) {
        let resolution = self.kind.is_resolution_like();

        if resolution && meta::is_council_opener(t) && self.part == Part::Front {
            // A bare number before the opener does not carry it: it stays before.
            self.flush_bare_number();
            self.unnumbered += 1;
            let n = self.unnumbered;
            self.push(content, 0, Label::Unnumbered(n), Part::Front, None);
            let p = self.paras.last_mut().unwrap();
            p.body = p.span.clone();
            self.part = Part::Preamble;
            self.open = None;
            return;
        }

        // A bare number seen on the line before: this line carries its text.
        if let Some((number, at)) = self.bare_number.take() {
            let n: u32 = number
                .split_whitespace()
                .next()
                .and_then(|x| x.parse().ok())
                .unwrap_or(0);
            let span = at..content.end;
            self.start_numbered(span, content.start, number, n);
            return;
        }

        if ANNEX_HEADING.is_match(t)
            && t.chars().count() < 250
            && (cx.prev_terminal || cx.blank_before || self.blocks_mode)
        {
            self.part = Part::Annex;
            self.last_number = 0;
            self.top = None;
            self.subs.clear();
            let label = Label::Heading(t.to_string());
            self.push(content.clone(), content.start, label, Part::Annex, None);
            self.open = None;
            return;
        }

        if let Some(c) = OP_NUMBER.captures(t) {
            let n: u32 = c[1].parse().unwrap_or(0);
            let suffix = c.get(2).map(|m| m.as_str());
            let number = match suffix {
                Some(s) => format!("{n} {s}"),
                None => n.to_string(),
            };
            let rest_at = content.start + c.get(0).unwrap().end();
            let bare = rest_at >= content.end;
            if bare && suffix.is_none() {
                if let Some((ix, started)) = self.awaiting_number {
                    if cx.li <= started + 3 && n == self.last_number {
                        // "Stresses the importance ...\n 3.\n elements of ...": the
                        // number printed after the paragraph's first line.
                        self.awaiting_number = None;
                        self.paras[ix].inferred_number = false;
                        self.extend_open(&content);
                        return;
                    }
                }
            }
            let acceptable = self.blocks_mode
                || match self.part {
                    Part::Front | Part::Preamble => n == 1 || self.last_number == 0,
                    _ => {
                        (n > self.last_number && n <= self.last_number + 4)
                            || (n > self.last_number
                                && n <= self.last_number + 40
                                && is_op_verb(&t[c.get(0).unwrap().end()..]))
                            || (suffix.is_some() && n == self.last_number)
                            || (n == 1 && self.part == Part::Annex && self.last_number == 0)
                    }
                } && (cx.prev_terminal
                    || cx.blank_before
                    || self.open.is_none()
                    || (n == self.last_number + 1 && is_op_verb(&t[c.get(0).unwrap().end()..])));
            if acceptable {
                if bare {
                    self.bare_number = Some((number, content.start));
                    return;
                }
                self.start_numbered(content, rest_at, number, n);
                return;
            }
        }

        let in_numbered =
            self.top.is_some() && matches!(self.part, Part::Operative | Part::Body | Part::Annex);
        if in_numbered {
            if let Some(c) = SUB_LABEL.captures(t) {
                let token = c.get(1).or(c.get(3)).unwrap().as_str().to_string();
                let suffix = c.get(2).map(|m| m.as_str().to_string());
                let body_at = content.start + c.get(0).unwrap().end();
                if cx.prev_list_end
                    || cx.blank_before
                    || self.blocks_mode
                    || self.expected_next(&token)
                {
                    self.start_sub(content, body_at, token, suffix);
                    return;
                }
            }
            if let Some(m) = BULLET.find(t) {
                if cx.prev_list_end || cx.blank_before || self.blocks_mode {
                    self.bullet_count += 1;
                    let token = format!("\u{2022}{}", self.bullet_count);
                    let (parent, mut path) = self.sub_parent(SubKind::Bullet);
                    path.push(token);
                    let label = self.numbered_label(&self.top.as_ref().unwrap().0.clone(), path);
                    let part = self.part;
                    let ix = self.push(
                        content.clone(),
                        content.start + m.end(),
                        label,
                        part,
                        Some(parent),
                    );
                    self.subs.retain(|s| s.1 != SubKind::Bullet);
                    let tok = format!("\u{2022}{}", self.bullet_count);
                    self.subs.push((tok, SubKind::Bullet, ix));
                    return;
                }
            }
        }

        if (!resolution || self.part == Part::Body || self.part == Part::Annex)
            && ROMAN_HEADING.is_match(t)
            && t.chars().count() < 160
            && !t.ends_with([';', ','])
        {
            {
                if self.part == Part::Front {
                    self.part = Part::Body;
                }
                self.top = None;
                self.subs.clear();
                let label = Label::Heading(t.to_string());
                let part = self.part;
                self.push(content.clone(), content.start, label, part, None);
                self.open = None;
                return;
            }
        }

        // A Word paragraph that does not end a sentence or clause and is followed by
        // one that does not open a paragraph is one paragraph broken in two (DOCX
        // made from extracted text keeps the extraction's line breaks).
        if self.blocks_mode
            && (!cx.prev_terminal || t.starts_with(|c: char| c.is_lowercase()))
            && self.open.is_some_and(|o| !self.paras[o].is_heading)
            && !is_pp_opener(t)
            && !is_op_verb(t)
            && !heading_like(t)
        {
            self.extend_open(&content);
            return;
        }

        // A line without a label: a new paragraph or a continuation.
        let starts_new = self.blocks_mode
            || self.open.is_none()
            // A blank line ends a paragraph unless the text goes on in lower case
            // (a page break inside a paragraph).
            || (cx.prev_terminal
                && (cx.prev_long || (cx.blank_before && !t.starts_with(|c: char| c.is_lowercase()))));
        match self.part {
            Part::Front => {
                if resolution && is_pp_opener(t) && (cx.prev_terminal || cx.blank_before) {
                    self.part = Part::Preamble;
                    self.new_pp(content);
                } else if !resolution
                    && (t.chars().count() > 100 || (cx.blank_before && self.paras.len() > 8))
                {
                    self.part = Part::Body;
                    self.new_unnumbered(content);
                } else {
                    self.unnumbered += 1;
                    let n = self.unnumbered;
                    self.push(
                        content.clone(),
                        content.start,
                        Label::Unnumbered(n),
                        Part::Front,
                        None,
                    );
                }
            }
            Part::Preamble => {
                if heading_like(t) && !is_pp_opener(t) && cx.prev_terminal && cx.next_is_label {
                    // A heading over the first operative paragraphs.
                    self.part = Part::Operative;
                    self.push_heading(content, t, Part::Operative);
                } else if is_op_verb(t) && cx.prev_terminal && !is_pp_opener(t) {
                    self.start_unnumbered_op(content, cx, lines);
                } else if (cx.prev_terminal && (is_pp_opener(t) || cx.prev_long))
                    // Preambular paragraphs open with a participle or adjective; a
                    // blank line alone (a page break) does not start one, but a
                    // file with one paragraph per line does.
                    || !self.extend_open(&content)
                {
                    self.new_pp(content);
                }
            }
            Part::Operative => {
                if is_op_verb(t)
                    && cx.prev_terminal
                    && (self.blocks_mode || self.awaiting_number.is_none())
                {
                    self.start_unnumbered_op(content, cx, lines);
                } else if heading_like(t)
                    && cx.prev_terminal
                    && cx.next_is_label
                    && (cx.blank_before
                        || cx.prev_long
                        || self.blocks_mode
                        || t.chars().count() < 60)
                {
                    // A heading inside a task list ("Urgent temporary measures:"
                    // before "(iii)") keeps the list going.
                    if !cx.next_is_sub {
                        self.top = None;
                        self.subs.clear();
                    }
                    self.push_heading(content, t, Part::Operative);
                } else if (self.blocks_mode && !cx.prev_ends_colon) || !self.extend_open(&content) {
                    // In Word a lead-in ("To carry out the following tasks:") after a
                    // sub-paragraph heading belongs to it.
                    self.new_unnumbered(content);
                }
            }
            Part::Body | Part::Annex | Part::Notes => {
                if heading_like(t)
                    && (cx.blank_before || self.blocks_mode)
                    && cx.prev_terminal
                    && t.chars().count() < 80
                {
                    self.top = None;
                    self.subs.clear();
                    let part = self.part;
                    self.push_heading(content, t, part);
                } else if starts_new
                    || (cx.blank_before && t.starts_with(|c: char| c.is_uppercase()))
                    || !self.extend_open(&content)
                {
                    self.new_unnumbered(content);
                }
            }
        }
    }

    fn new_pp(&mut self, content: Range<usize>) {
        self.pp_count += 1;
        let n = self.pp_count;
        self.push(
            content.clone(),
            content.start,
            Label::Preambular(n),
            Part::Preamble,
            None,
        );
    }

    fn new_unnumbered(&mut self, content: Range<usize>) {
        let label = match self.part {
            Part::Annex => Label::Annex(None),
            _ => {
                self.unnumbered += 1;
                Label::Unnumbered(self.unnumbered)
            }
        };
        let part = self.part;
        self.top = None;
        self.subs.clear();
        self.push(content.clone(), content.start, label, part, None);
    }

    /// An operative paragraph whose first line has no number.
    fn start_unnumbered_op(&mut self, content: Range<usize>, cx: &LineCtx, lines: &[&str]) {
        if self.part != Part::Operative {
            self.part = Part::Operative;
        }
        let next = cx.next_number;
        let next_n: Option<(u32, bool)> = (next != usize::MAX).then(|| {
            let t = lines[next].trim();
            let c = OP_NUMBER.captures(t).unwrap();
            (
                c[1].parse().unwrap_or(0),
                c.get(0).unwrap().end() >= t.len(),
            )
        });
        let expected = self.last_number + 1;
        let (number, inferred, awaiting) = match next_n {
            // The number follows on its own line within the next lines.
            Some((n, true)) if n == expected && next <= cx.li + 3 => (expected, false, true),
            // A gap in the numbering: this is the missing paragraph.
            Some((n, _)) if n == expected + 1 => (expected, true, false),
            // The last paragraphs, unnumbered ("Decides to remain seized").
            None => (expected, true, false),
            // Numbers go on without a gap: a line of the previous paragraph.
            _ => {
                if self.extend_open(&content) {
                    return;
                }
                (expected, true, false)
            }
        };
        let label_number = number.to_string();
        self.last_number = number;
        self.subs.clear();
        self.bullet_count = 0;
        let label = self.numbered_label(&label_number, Vec::new());
        let ix = self.push(content, 0, label, Part::Operative, None);
        let p = &mut self.paras[ix];
        p.body = p.span.clone();
        p.inferred_number = inferred;
        self.top = Some((label_number.clone(), ix));
        if awaiting {
            self.awaiting_number = Some((ix, cx.li));
        } else if inferred && self.blocks_mode {
            // DOCX paragraphs without numbers are ordinary in Word drafts.
        } else if inferred {
            self.warnings.push(format!(
                "OP {label_number}: number missing in the text, inferred from the neighbouring paragraphs"
            ));
        }
    }

    /// Whether `token` is the natural next sibling of the current sub-paragraph.
    fn expected_next(&self, token: &str) -> bool {
        match self.subs.iter().rev().find(|s| s.1 != SubKind::Bullet) {
            None => token == "a" || token == "i" || token == "1",
            Some((last, kind, _)) => match kind {
                SubKind::Letter => {
                    letter_value(token) == letter_value(last).map(|v| v + 1) || token == "i"
                }
                SubKind::Roman => roman_value(token) == roman_value(last).map(|v| v + 1),
                SubKind::Digit => {
                    token.parse::<u32>().ok() == last.parse::<u32>().ok().map(|v| v + 1)
                }
                SubKind::Bullet => false,
            },
        }
    }

    /// The parent paragraph and label path for a new sub-paragraph of `kind`,
    /// popping deeper levels.
    fn sub_parent(&mut self, kind: SubKind) -> (usize, Vec<String>) {
        if let Some(pos) = self.subs.iter().position(|s| s.1 == kind) {
            self.subs.truncate(pos);
        }
        let parent = self
            .subs
            .last()
            .map(|s| s.2)
            .unwrap_or(self.top.as_ref().unwrap().1);
        let path = self.subs.iter().map(|s| s.0.clone()).collect();
        (parent, path)
    }

    fn classify_sub(&self, token: &str) -> SubKind {
        if token.chars().all(|c| c.is_ascii_digit()) {
            return SubKind::Digit;
        }
        let letter_level = self.subs.iter().rev().find(|s| s.1 == SubKind::Letter);
        let roman_level = self.subs.iter().rev().find(|s| s.1 == SubKind::Roman);
        if let Some(rv) = roman_value(token) {
            // Next roman after the open roman level.
            if let Some((last, _, _)) = roman_level {
                if roman_value(last).map(|v| v + 1) == Some(rv) {
                    return SubKind::Roman;
                }
            }
            // Next letter after the open letter level ("h" then "i").
            if let Some((last, _, _)) = letter_level {
                if letter_value(last).map(|v| v + 1) == letter_value(token) {
                    return SubKind::Letter;
                }
                if rv == 1 {
                    return SubKind::Roman;
                }
            }
            // "(ii)" with nothing open, or "(i)" directly under a paragraph.
            if token.len() > 1 || (rv == 1 && letter_level.is_none()) {
                return SubKind::Roman;
            }
        }
        SubKind::Letter
    }

    fn start_sub(
        &mut self,
        content: Range<usize>,
        body_at: usize,
        token: String,
        suffix: Option<String>,
    ) {
        let kind = self.classify_sub(&token);
        // Roman numerals only nest under letters when a letter level is open; digits
        // under whatever is open; letters directly under the paragraph.
        if kind == SubKind::Letter {
            self.subs.retain(|s| {
                s.1 != SubKind::Letter
                    && s.1 != SubKind::Roman
                    && s.1 != SubKind::Digit
                    && s.1 != SubKind::Bullet
            });
        }
        self.subs.retain(|s| s.1 != SubKind::Bullet);
        let (parent, mut path) = self.sub_parent(kind);
        let shown = match &suffix {
            Some(s) => format!("{token} {s}"),
            None => token.clone(),
        };
        path.push(shown.clone());
        let number = self.top.as_ref().unwrap().0.clone();
        let label = self.numbered_label(&number, path);
        let part = self.part;
        let ix = self.push(content, body_at, label, part, Some(parent));
        self.subs.push((shown, kind, ix));
        self.bullet_count = 0;
    }

    /// A bare number whose text never came: kept as an empty paragraph, in its place.
    fn flush_bare_number(&mut self) {
        if let Some((number, at)) = self.bare_number.take() {
            let n: u32 = number.parse().unwrap_or(0);
            let end = self.text[at..]
                .find('\n')
                .map_or(self.text.len(), |e| at + e);
            self.start_numbered(at..end, end, number, n);
        }
    }

    fn finish(&mut self) {
        self.flush_bare_number();
        // Square brackets: text still under negotiation.
        let text = self.text;
        for p in &mut self.paras {
            let s = &text[p.span.clone()];
            let mut depth = 0usize;
            let mut open_at = 0usize;
            for (i, c) in s.char_indices() {
                match c {
                    '[' => {
                        if depth == 0 {
                            open_at = i;
                        }
                        depth += 1;
                    }
                    ']' if depth > 0 => {
                        depth -= 1;
                        if depth == 0 {
                            p.brackets
                                .push(p.span.start + open_at..p.span.start + i + 1);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

/// 1-based line and column (characters) of `offset` in `text`.
fn pos(text: &str, line_starts: &[usize], offset: usize) -> (u32, u32) {
    let line = line_starts.partition_point(|&s| s <= offset).max(1) - 1;
    let col = text[line_starts[line]..offset].chars().count() as u32 + 1;
    (line as u32 + 1, col)
}
