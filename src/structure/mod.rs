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
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::{LazyLock, OnceLock};

static OP_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,3})(?:\s*(bis|ter|quater|quinquies))?\s*\.(?:\s+|$)").unwrap()
});
/// Whether `t` starts with an operative number ("12. ", "3 bis. "): the digit
/// tested before the regex, which most lines would otherwise run.
fn starts_op_number(t: &str) -> bool {
    t.starts_with(|c: char| c.is_ascii_digit()) && OP_NUMBER.is_match(t)
}
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

/// The alternatives of [`RUN_IN`] that cut operative paragraphs and sub-paragraphs
/// (left open for the preambular one).
macro_rules! run_in_ops {
    () => {
        concat!(
            r"(?P<p>[;.:,])\s+(?:",
            r"(?P<num>\d{1,3})\s*\.(?:\s+(?P<word>[A-Z][A-Za-z-]*)|\s*$)",
            r"|(?P<head>[A-Z][A-Za-z ]+?)\s+(?P<hnum>\d{1,3})\s*\.\s+(?P<hword>[A-Z][A-Za-z-]*)",
            r"|(?:(?:and|or)\s+)?(?P<sub>\((?P<tok>[a-z]{1,2}|[ivx]{1,5})\))\s+[A-Z]",
        )
    };
}

/// A place inside a line where extraction ran the next paragraph on: after `;`, `.`
/// or `:` an operative number and a capitalised word ("...institutions; 12.
/// Welcomes"), after `;` or `:` a sub-paragraph label and a capitalised word ("...;
/// (c) Provide"), after a comma a capitalised word that may open a preambular
/// paragraph ("..., Recalling resolution 2532"). Whether the place is cut depends on
/// the sequence (see `split_run_ins`).
static RUN_IN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(concat!(run_in_ops!(), r"|(?P<pp>[A-Z][a-z]+\s)", r")")).unwrap());

/// [`RUN_IN`] without its preambular alternative, for lines read once the
/// operative part has begun: there a capitalised word after a comma or a full
/// stop (every sentence) cuts nothing, and matching it cost an audit of the
/// 1946-1994 archive a few per cent of its time.
static RUN_IN_OPS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(concat!(run_in_ops!(), r")")).unwrap());

/// Where a line was cut by [`split_run_ins`]: what the piece starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    /// A whole line, or the first piece of a line.
    Line,
    /// A paragraph run on in the line of the one before.
    RunIn,
}

/// The numbering an extraction's lines show, followed line by line to tell a run-in
/// paragraph ("...; 12. Welcomes") from a number inside prose ("paragraph 12 of").
#[derive(Default)]
struct RunInSeq {
    /// "The Security Council," seen: preambular paragraphs may follow.
    in_text: bool,
    /// Last operative number seen (0: none yet, still in the preamble).
    last: u32,
    letter: Option<u32>,
    roman: Option<u32>,
}

impl RunInSeq {
    fn number(&mut self, n: u32) {
        self.last = n;
        self.letter = None;
        self.roman = None;
    }

    /// Whether the sub-paragraph label `tok` continues the sequence (the next
    /// letter or roman numeral).
    fn continues_sub(&self, tok: &str) -> bool {
        let lv = letter_value(tok);
        let rv = roman_value(tok);
        (lv.is_some() && lv == self.letter.map(|v| v + 1))
            || (rv.is_some() && rv == self.roman.map(|v| v + 1))
    }

    /// Records the sub-paragraph label `tok`.
    fn sub(&mut self, tok: &str) {
        let lv = letter_value(tok);
        let rv = roman_value(tok);
        if lv.is_some() && lv == self.letter.map(|v| v + 1) {
            self.letter = lv;
            return;
        }
        if rv.is_some() && rv == self.roman.map(|v| v + 1) {
            self.roman = rv;
            return;
        }
        // A new level: "(i)" under a letter, "(a)" under a roman numeral or a
        // paragraph.
        if rv.is_some() && (tok.len() > 1 || tok == "i" && self.letter.is_some()) {
            self.roman = rv;
        } else {
            self.letter = lv;
            if lv.is_some() {
                self.roman = None;
            }
        }
    }

    /// Follows a line's (or piece's) own label.
    fn line_start(&mut self, t: &str) {
        if meta::is_council_opener(t) {
            self.in_text = true;
            return;
        }
        if let Some(c) = OP_NUMBER.captures(t) {
            let n: u32 = c[1].parse().unwrap_or(0);
            if n == 1 || (n > self.last && n <= self.last + 40) {
                self.number(n);
            }
        } else if self.last > 0 {
            if let Some(c) = SUB_LABEL.captures(t) {
                if let Some(tok) = c.get(1).or(c.get(3)) {
                    self.sub(tok.as_str());
                }
            }
        }
    }
}

/// Cuts lines where extraction ran paragraphs together ("...rule of law institutions;
/// 12. Welcomes the completion ...; 13. Further underlines ..."), so each paragraph
/// starts a line of its own, as printed. Only in resolutions and drafts, and only
/// where the cut continues the sequence: the next operative number (or up to two
/// numbers on, before an operative verb) after `;`, `.` or `:`; the next
/// sub-paragraph letter or numeral after `;` or `:` (or an `(a)`/`(i)` opening a
/// list after `:`); `1.` before an operative verb, or a preambular opener, after a
/// comma in the preamble. Pieces are byte ranges of the line (labels included), so
/// no text is lost.
fn split_run_ins(
    text: &str,
    lines: Vec<Range<usize>>,
    kind: DocKind,
) -> (Vec<Range<usize>>, Vec<Piece>) {
    if !kind.is_resolution_like() {
        let n = lines.len();
        return (lines, vec![Piece::Line; n]);
    }
    let mut out: Vec<Range<usize>> = Vec::with_capacity(lines.len() + 16);
    let mut pieces = Vec::with_capacity(lines.len() + 16);
    let mut seq = RunInSeq::default();
    for (li, r) in lines.iter().enumerate() {
        let r = r.clone();
        let line = &text[r.clone()];
        seq.line_start(line.trim_start());
        let mut from = 0;
        if seq.last > 0 {
            if let Some(a) = headed_sub(line) {
                seq.sub("a");
                out.push(r.start..r.start + a);
                pieces.push(Piece::Line);
                from = a;
            }
        }
        // Cheap test first: a run-in needs punctuation followed by a space.
        let candidate = line.len() > 20
            && line
                .as_bytes()
                .windows(2)
                .any(|w| matches!(w[0], b';' | b'.' | b':' | b',') && w[1] == b' ');
        if !candidate {
            out.push(r.start + from..r.end);
            pieces.push(if from == 0 { Piece::Line } else { Piece::RunIn });
            continue;
        }
        // Preambular paragraphs run on only before the first operative number.
        let run_in = if seq.in_text && seq.last == 0 {
            &RUN_IN
        } else {
            &RUN_IN_OPS
        };
        for c in run_in.captures_iter(line) {
            let punct = c.name("p").map_or("", |m| m.as_str());
            let cut = if let Some(num) = c.name("num") {
                let n: u32 = num.as_str().parse().unwrap_or(0);
                // A number at the end of the line: its text opens the next line.
                let word = match c.name("word") {
                    Some(m) => m.as_str(),
                    None => lines[li + 1..]
                        .iter()
                        .map(|n| text[n.clone()].trim())
                        .find(|n| !n.is_empty())
                        .map_or("", first_word),
                };
                let ok = if punct == "," {
                    n == 1 && seq.last == 0 && is_op_verb(word)
                } else {
                    (n == seq.last + 1 && (seq.last > 0 || is_op_verb(word)))
                        || (seq.last > 0
                            && n > seq.last + 1
                            && n <= seq.last + 3
                            && is_op_verb(word))
                };
                if ok {
                    seq.number(n);
                }
                ok.then(|| num.start())
            } else if let (Some(head), Some(num)) = (c.name("head"), c.name("hnum")) {
                // A heading and the paragraph under it, both run on ("...; Additional
                // tasks 38. Further authorises ..."): the heading is cut off too.
                let n: u32 = num.as_str().parse().unwrap_or(0);
                let word = c.name("hword").map_or("", |m| m.as_str());
                // (The heading's length is checked here: a bounded repetition of a
                // character class would make the regex slow to build.)
                if punct != ","
                    && head.len() <= 80
                    && seq.last > 0
                    && n == seq.last + 1
                    && is_op_verb(word)
                {
                    seq.number(n);
                    out.push(r.start + from..r.start + head.start());
                    pieces.push(if from == 0 { Piece::Line } else { Piece::RunIn });
                    from = head.start();
                    Some(num.start())
                } else {
                    None
                }
            } else if let Some(sub) = c.name("sub") {
                let tok = c.name("tok").map_or("", |m| m.as_str());
                let ok = seq.last > 0
                    && matches!(punct, ";" | ":")
                    && (seq.continues_sub(tok) || (punct == ":" && (tok == "a" || tok == "i")));
                if ok {
                    seq.sub(tok);
                }
                ok.then(|| sub.start())
            } else if let Some(pp) = c.name("pp") {
                (punct == ","
                    && seq.in_text
                    && seq.last == 0
                    && is_strict_pp_opener(&line[pp.start()..]))
                .then(|| pp.start())
            } else {
                None
            };
            if let Some(at) = cut {
                out.push(r.start + from..r.start + at);
                pieces.push(if from == 0 { Piece::Line } else { Piece::RunIn });
                from = at;
                if let Some(a) = headed_sub(&line[at..]) {
                    out.push(r.start + from..r.start + at + a);
                    pieces.push(Piece::RunIn);
                    from = at + a;
                    seq.sub("a");
                }
            }
        }
        out.push(r.start + from..r.end);
        pieces.push(if from == 0 { Piece::Line } else { Piece::RunIn });
    }
    (out, pieces)
}

/// A task-list heading with its first item run on: "(ii) Implementation of the
/// agreement and support to the electoral process (a) Provide technical ...".
static HEADED_SUB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*\((?:[ivx]{1,5})\)\s+([A-Z][^;:,.()\[\]]+?)\s(\(a\))\s+[A-Z]").unwrap()
});

/// Where the first item of a headed task list starts in `s`, if `s` is one.
fn headed_sub(s: &str) -> Option<usize> {
    if !s.trim_start().starts_with('(') {
        return None;
    }
    let c = HEADED_SUB.captures(s)?;
    // A heading, not a sentence (the length is checked here, see RUN_IN).
    (c.get(1)?.len() <= 120).then(|| c.get(2).map(|m| m.start()))?
}

/// Words that open a preambular paragraph and hardly ever start a line in the
/// middle of a sentence: enough to start a new paragraph after a line that does not
/// end with a comma (the text cut short or run together by extraction).
const STRICT_PP_OPENERS: &[&str] = &[
    "recalling",
    "reaffirming",
    "expressing",
    "condemning",
    "welcoming",
    "noting",
    "stressing",
    "recognizing",
    "recognising",
    "underlining",
    "commending",
    "emphasizing",
    "emphasising",
    "reiterating",
    "acknowledging",
    "underscoring",
    "deploring",
    "determining",
    "considering",
    "affirming",
    "appreciating",
    "highlighting",
    "encouraging",
    "urging",
    "demanding",
    "regretting",
    "remaining",
    "mindful",
    "concerned",
    "alarmed",
    "convinced",
    "cognizant",
    "cognisant",
    "conscious",
    "determined",
    "guided",
];

/// A preambular opener that starts a paragraph wherever it starts a line: one of
/// [`STRICT_PP_OPENERS`], or a fixed opening ("Taking note", "Paying tribute",
/// "Bearing in mind", "Acting under", "Deeply concerned", "Further recalling").
fn is_strict_pp_opener(t: &str) -> bool {
    let w = first_word(t);
    if w.len() < 4 || !w.starts_with(|c: char| c.is_ascii_uppercase()) {
        return false;
    }
    if in_word_list(&STRICT_PP_OPENER_SET, w) {
        return true;
    }
    let next = first_word(t[w.len()..].trim_start());
    let lower = next.starts_with(|c: char| c.is_lowercase());
    match w.to_ascii_lowercase().as_str() {
        "taking" => next == "note" || next == "into",
        "paying" => next == "tribute",
        "bearing" => next == "in",
        "acting" => next == "under",
        "having" => lower && (next.ends_with("ed") || next == "heard" || next == "taken"),
        "looking" => next == "forward",
        "calling" => next == "upon" || next == "on" || next == "for",
        "further" | "also" | "deeply" | "gravely" | "seriously" | "strongly" | "greatly" => {
            lower
                && (in_word_list(&STRICT_PP_OPENER_SET, next)
                    || next.ends_with("ing")
                    || next.ends_with("ed"))
        }
        _ => false,
    }
}

/// Whether a line ends in the middle of a sentence: a hyphen, or a word that cannot
/// end a paragraph ("the", "of", "and").
fn ends_mid_sentence(s: &str) -> bool {
    let s = s.trim_end();
    if s.ends_with(['-', '‐', '‑', '–', '—', '(', '/']) {
        return true;
    }
    let start = s
        .rfind(|c: char| !c.is_alphabetic())
        .map_or(0, |i| i + s[i..].chars().next().map_or(1, char::len_utf8));
    in_word_list(&MID_SENTENCE_SET, &s[start..])
}

/// "..., Yemen and Bulgaria, 29": a comma followed by a footnote number.
fn ends_with_footnote_mark(s: &str) -> bool {
    let s = s.trim_end();
    let d = s.trim_end_matches(|c: char| c.is_ascii_digit());
    d.len() < s.len() && s.len() - d.len() <= 3 && d.trim_end().ends_with(',')
}

const MID_SENTENCE_WORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "of",
    "and",
    "or",
    "nor",
    "but",
    "to",
    "in",
    "on",
    "for",
    "by",
    "with",
    "at",
    "from",
    "into",
    "upon",
    "over",
    "under",
    "between",
    "among",
    "against",
    "about",
    "through",
    "throughout",
    "towards",
    "toward",
    "within",
    "without",
    "during",
    "after",
    "before",
    "per",
    "via",
    "its",
    "their",
    "his",
    "her",
    "our",
    "this",
    "these",
    "those",
    "that",
    "which",
    "who",
    "whom",
    "whose",
    "as",
    "all",
    "such",
    "both",
    "each",
    "other",
    "is",
    "are",
    "be",
    "been",
    "has",
    "have",
    "was",
    "were",
    "will",
    "shall",
    "should",
    "would",
    "may",
    "can",
    "not",
    "than",
    "including",
    "inter",
    "alia",
    "further",
    "also",
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
    let kind = {
        let line_strs: Vec<&str> = lines.iter().map(|r| &text[r.clone()]).collect();
        meta::detect_kind(&line_strs)
    };
    // Paragraphs run together on one line are cut apart before anything else.
    let (lines, pieces) = split_run_ins(&text, lines, kind);
    let line_strs: Vec<&str> = lines.iter().map(|r| &text[r.clone()]).collect();

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
        next_number_line[li] = if starts_op_number(line_strs[li].trim_start()) {
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
    let mut runs = RunInWarnings::default();
    let mut pending_host: Option<usize> = None;
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
            prev_mid_sentence: ends_mid_sentence(prev_str),
            prev_footnote_comma: ends_with_footnote_mark(prev_str),
            starts_upper: t.starts_with(|c: char| c.is_uppercase()),
            starts_adopted: t.starts_with("Adopted"),
            cut: pieces[li] == Piece::RunIn,
            prev_list_end: prev.is_none() || ends_list_item(prev_str),
            prev_long: prev_str.chars().count() > 150,
            blank_before,
            next_is_label: next_content_is_label(&line_strs, &noise_line, li),
            next_is_sub: next_content_is_sub(&line_strs, &noise_line, li),
            next_number: next_number_line[li + 1],
            li,
        };
        let before = b.paras.len();
        // After a run-in heading, the run goes on from its last paragraph.
        let host = b.open.or_else(|| runs.last());
        b.line(content.clone(), t, &ctx, &line_strs);
        if pieces[li] == Piece::RunIn {
            // A run-in paragraph the parser took as a paragraph of its own (or its
            // number alone, whose text opens the next line).
            match (b.paras.len() > before, host) {
                (true, Some(_)) if b.paras[before].is_heading => {}
                (true, Some(h)) => runs.note(h, before, &b.paras),
                (false, Some(h)) if b.bare_number.is_some() => pending_host = Some(h),
                _ => {}
            }
        } else if let Some(h) = pending_host.take() {
            if b.paras.len() > before {
                runs.note(h, before, &b.paras);
            }
        }
        prev = Some(li);
        blank_before = false;
    }
    runs.flush(&b.paras);
    b.warnings.append(&mut runs.warnings);
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

/// Run-in paragraphs read apart, gathered into one warning per run: "OP 12 to OP 16
/// were run into OP 11 ...".
#[derive(Default)]
struct RunInWarnings {
    /// (host paragraph, run-in paragraphs) of the run being gathered.
    run: Option<(usize, Vec<usize>)>,
    warnings: Vec<String>,
}

impl RunInWarnings {
    /// Paragraph `ix` was run on in the line of paragraph `host`.
    fn note(&mut self, host: usize, ix: usize, paras: &[Paragraph]) {
        if let Some((h, v)) = &mut self.run {
            // The next paragraph of the same run: its host is one of the run's.
            if *h == host || v.contains(&host) {
                v.push(ix);
                return;
            }
        }
        self.flush(paras);
        self.run = Some((host, vec![ix]));
    }

    /// The last paragraph of the run being gathered.
    fn last(&self) -> Option<usize> {
        self.run.as_ref().and_then(|(_, v)| v.last().copied())
    }

    fn flush(&mut self, paras: &[Paragraph]) {
        if let Some((h, v)) = self.run.take() {
            // Unnumbered annex text has no label to cite.
            if matches!(paras[h].label, Label::Annex(None))
                || v.iter()
                    .any(|&i| matches!(paras[i].label, Label::Annex(None)))
            {
                return;
            }
            let host = &paras[h].label;
            let first = &paras[v[0]].label;
            let last = &paras[*v.last().unwrap()].label;
            self.warnings.push(if v.len() == 1 {
                format!(
                    "{first} was run into {host} in the text (no line break before it) and is read as a paragraph of its own"
                )
            } else {
                format!(
                    "{first} to {last} were run into {host} in the text (no line break before them) and are read as paragraphs of their own"
                )
            });
        }
    }
}

struct LineCtx {
    next_is_sub: bool,
    /// The previous line ends in the middle of a sentence ("of the", a hyphen).
    prev_mid_sentence: bool,
    /// The previous line ends with a comma and a footnote number ("Bulgaria, 29").
    prev_footnote_comma: bool,
    starts_upper: bool,
    starts_adopted: bool,
    /// The line is a paragraph cut from the line before by `split_run_ins`.
    cut: bool,
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
        return starts_op_number(t) || SUB_LABEL.is_match(t) || ROMAN_HEADING.is_match(t);
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
        || in_word_list(&PP_OPENER_SET, w)
        || (!w.is_ascii() && {
            let lw = w.to_lowercase();
            lw.ends_with("ing") && lw.len() > 4
        })
}

/// A list of lower-case words, looked up through a hash set built on first use
/// (structure tests several lists on every line of every document).
struct WordSet {
    words: &'static [&'static str],
    set: OnceLock<HashSet<&'static str, BuildHasherDefault<Fnv>>>,
}

/// FNV-1a: these keys are short words from our own lists, where SipHash's
/// protection against chosen keys buys nothing and costs most of a lookup.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

impl WordSet {
    const fn new(words: &'static [&'static str]) -> WordSet {
        WordSet {
            words,
            set: OnceLock::new(),
        }
    }
}

/// Whether `w`, lower-cased, is in `list`; no allocation for an ASCII word, which
/// any word of these lists is.
fn in_word_list(list: &WordSet, w: &str) -> bool {
    let set = list
        .set
        .get_or_init(|| list.words.iter().copied().collect());
    let mut buf = [0u8; 32];
    if w.is_ascii() && w.len() <= buf.len() {
        let lower = &mut buf[..w.len()];
        lower.copy_from_slice(w.as_bytes());
        lower.make_ascii_lowercase();
        std::str::from_utf8(lower).is_ok_and(|l| set.contains(l))
    } else {
        set.contains(w.to_lowercase().as_str())
    }
}

static PP_OPENER_SET: WordSet = WordSet::new(PP_OPENERS);
static STRICT_PP_OPENER_SET: WordSet = WordSet::new(STRICT_PP_OPENERS);
static OP_VERB_SET: WordSet = WordSet::new(OP_VERBS);
static MID_SENTENCE_SET: WordSet = WordSet::new(MID_SENTENCE_WORDS);

fn is_op_verb(t: &str) -> bool {
    let w = first_word(t);
    if !w.starts_with(|c: char| c.is_uppercase()) {
        return false;
    }
    in_word_list(&OP_VERB_SET, w)
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
            self.warnings.push(if n == self.last_number + 2 {
                format!(
                    "OP {} is not in the text (numbering jumps from {} to {n})",
                    self.last_number + 1,
                    self.last_number
                )
            } else {
                format!(
                    "OP {} to OP {} are not in the text (numbering jumps from {} to {n})",
                    self.last_number + 1,
                    n - 1,
                    self.last_number
                )
            });
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
                    || cx.cut
                    || self.expected_next(&token)
                {
                    self.start_sub(content, body_at, token, suffix, cx.prev_ends_colon);
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
                } else if !t.starts_with(|c: char| c.is_lowercase())
                    && cx.prev_terminal
                    && (is_pp_opener(t) || cx.prev_long)
                {
                    // Preambular paragraphs open with a participle or adjective; a
                    // blank line alone (a page break) does not start one, but a
                    // file with one paragraph per line does. A line in lower case
                    // goes on with the paragraph before, whatever ends it.
                    self.new_pp(content);
                } else if !cx.prev_terminal
                    && !cx.prev_mid_sentence
                    && is_strict_pp_opener(t)
                    && self
                        .open
                        .is_some_and(|o| matches!(self.paras[o].label, Label::Preambular(_)))
                {
                    // "... the Special Representative of the Chairperson\nExpressing
                    // concern over ...": the paragraph before was cut short.
                    let cut = self.paras[self.open.unwrap()].label.to_string();
                    self.new_pp(content);
                    if cx.prev_footnote_comma {
                        return;
                    }
                    let words: Vec<&str> = t.split_whitespace().take(5).collect();
                    self.warnings.push(format!(
                        "{cut} does not end with a comma as a preambular paragraph does (the text may be cut short there); \
                         the next line, \u{201c}{} \u{2026}\u{201d}, is read as {}",
                        words.join(" "),
                        Label::Preambular(self.pp_count)
                    ));
                } else if !self.extend_open(&content) {
                    self.new_pp(content);
                }
            }
            Part::Operative => {
                if let Some(last) = self.closing_paragraph(cx) {
                    // "24. Decides to remain actively seized of the matter." closes
                    // the operative part: text after it is an annex whose heading the
                    // extraction lost.
                    self.part = Part::Annex;
                    self.last_number = 0;
                    self.top = None;
                    self.subs.clear();
                    self.warnings.push(format!(
                        "the text after {last} (\u{201c}remain seized of the matter\u{201d}) has no heading of its own; it is read as an annex"
                    ));
                    self.push(
                        content.clone(),
                        content.start,
                        Label::Annex(None),
                        Part::Annex,
                        None,
                    );
                } else if is_op_verb(t)
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
                    // An annex's own list items ("(a) To submit ...").
                    || (self.part == Part::Annex
                        && self.top.is_none()
                        && cx.prev_list_end
                        && SUB_LABEL.is_match(t))
                    || !self.extend_open(&content)
                {
                    self.new_unnumbered(content);
                }
            }
        }
    }

    /// The label of the open paragraph when it is the operative part's closing
    /// formula ("Decides to remain seized of the matter.") and the line before ends
    /// it.
    fn closing_paragraph(&self, cx: &LineCtx) -> Option<String> {
        let o = self.open?;
        let p = &self.paras[o];
        // The adoption note and footnotes of an adopted resolution are no annex.
        if !cx.starts_upper || cx.starts_adopted {
            return None;
        }
        if !cx.prev_terminal || p.parent.is_some() || !matches!(p.label, Label::Operative { .. }) {
            return None;
        }
        let t = self.text[p.span.clone()].trim_end().trim_end_matches('.');
        let tail = t.len().saturating_sub(20);
        (t.is_char_boundary(tail) && t[tail..].eq_ignore_ascii_case("seized of the matter"))
            .then(|| p.label.to_string())
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
        opens_list: bool,
    ) {
        let kind = self.classify_sub(&token);
        // Roman numerals only nest under letters when a letter level is open; digits
        // under whatever is open; letters directly under the paragraph.
        if kind == SubKind::Letter {
            // Letters go directly under the paragraph, or under a roman numeral
            // opened directly under it: a mandate's task areas "(i) Protection of
            // civilians" each with tasks "(a)", "(b)" (cited "OP 34 (i) (b)").
            // An "(a)" after a lead-in ending with a colon opens a list under the
            // open roman numeral ("(vii) Without prejudice ...: (a) To assist").
            let nested = token == "a"
                && opens_list
                && self.subs.last().is_some_and(|s| s.1 == SubKind::Roman);
            if !nested {
                let keep = usize::from(self.subs.first().is_some_and(|s| s.1 == SubKind::Roman));
                self.subs.truncate(keep);
            }
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
