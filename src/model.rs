//! The document model every reader's output is parsed into, and the only thing
//! analysis sees. It knows nothing of file formats.

use serde::Serialize;
use std::fmt;
use std::ops::Range;

/// What kind of Council product a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum DocKind {
    DraftResolution,
    Resolution,
    Report,
    Letter,
    MeetingSummary,
    Other,
}

impl DocKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::DraftResolution => "draft-resolution",
            DocKind::Resolution => "resolution",
            DocKind::Report => "report",
            DocKind::Letter => "letter",
            DocKind::MeetingSummary => "meeting-summary",
            DocKind::Other => "other",
        }
    }

    /// Resolutions and drafts have preambular and operative parts.
    pub fn is_resolution_like(self) -> bool {
        matches!(self, DocKind::DraftResolution | DocKind::Resolution)
    }
}

impl fmt::Display for DocKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Metadata found in the text itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Metadata {
    /// Document symbol as printed, normalised: `S/2018/221`, `S/RES/2467 (2019)`.
    pub symbol: Option<String>,
    /// Resolution number for adopted resolutions (`2467`).
    pub resolution_number: Option<u32>,
    /// Date as printed (`15 March 2018`).
    pub date: Option<String>,
    /// Year of the document when it can be told.
    pub year: Option<u16>,
    /// Mission (`UNMISS`) or, failing that, country or regime the text is about.
    pub mission: Option<String>,
    /// Title line (`Letter dated ...`, `Report of the Secretary-General on ...`).
    pub title: Option<String>,
}

/// Which part of the document a paragraph sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Part {
    /// Masthead, title and other lines before the body.
    Front,
    /// Preambular paragraphs of a resolution.
    Preamble,
    /// Operative paragraphs of a resolution.
    Operative,
    /// Body of a report, letter or summary.
    Body,
    /// Anything after an `Annex` heading.
    Annex,
    /// Footnotes and endnotes.
    Notes,
}

/// How a paragraph is cited by diplomats.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Label {
    /// Preambular paragraph, counted from 1: `PP 4`.
    Preambular(u32),
    /// Operative paragraph with sub-paragraph path: `OP 12`, `OP 12 (b)`, `OP 12 (b) (ii)`.
    /// `number` may carry a suffix like `bis` (`OP 5 bis`).
    Operative { number: String, subs: Vec<String> },
    /// Numbered paragraph of a report or letter: `para 34`, with sub-paragraphs.
    Numbered { number: String, subs: Vec<String> },
    /// A heading (section title), cited by its text.
    Heading(String),
    /// Annex paragraph: `Annex para 3`, or `Annex` for unnumbered text.
    Annex(Option<String>),
    /// Footnote: `note 3`.
    Note(String),
    /// Unnumbered text, cited by its position: `¶ 7` (seventh unnumbered block).
    Unnumbered(u32),
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Label::Preambular(n) => write!(f, "PP {n}"),
            Label::Operative { number, subs } => {
                write!(f, "OP {number}")?;
                write_subs(f, subs)
            }
            Label::Numbered { number, subs } => {
                write!(f, "para {number}")?;
                write_subs(f, subs)
            }
            Label::Heading(t) => {
                let short: String = t.chars().take(60).collect();
                write!(f, "heading \"{short}\"")
            }
            Label::Annex(Some(n)) => write!(f, "Annex para {n}"),
            Label::Annex(None) => f.write_str("Annex"),
            Label::Note(n) => write!(f, "note {n}"),
            Label::Unnumbered(n) => write!(f, "\u{b6} {n}"),
        }
    }
}

/// Sub-paragraph path: `(b) (ii)`; bullets (stored as `•3`) read `, bullet 3`.
fn write_subs(f: &mut fmt::Formatter<'_>, subs: &[String]) -> fmt::Result {
    for s in subs {
        match s.strip_prefix('\u{2022}') {
            Some(n) => write!(f, ", bullet {n}")?,
            None => write!(f, " ({s})")?,
        }
    }
    Ok(())
}

/// One paragraph of the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    pub label: Label,
    pub part: Part,
    /// Byte span of the paragraph in [`Document::text`], label included.
    pub span: Range<usize>,
    /// Byte span of the paragraph's content (after its label).
    pub body: Range<usize>,
    /// 1-based line and column (in characters) of the paragraph's first character.
    pub line: u32,
    pub column: u32,
    /// True when the paragraph's number was missing in the text and was inferred
    /// from its neighbours (PDF extraction sometimes drops it).
    pub inferred_number: bool,
    /// Index of the enclosing paragraph for sub-paragraphs (`OP 7 (a)` -> `OP 7`).
    pub parent: Option<usize>,
    /// Index of the section heading this paragraph falls under, if any.
    pub heading: Option<usize>,
    /// Byte spans of square-bracketed text still under negotiation.
    pub brackets: Vec<Range<usize>>,
    /// True for a heading paragraph.
    pub is_heading: bool,
}

/// A parsed document: the text and its structure.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The path (or name) the document was read from, as the user gave it.
    pub path: String,
    pub kind: DocKind,
    pub meta: Metadata,
    /// The source text as read (decoded and with `\n` line ends). Spans index into it.
    pub text: String,
    /// Byte offset of the start of each line, for line/column lookups.
    pub line_starts: Vec<usize>,
    pub paragraphs: Vec<Paragraph>,
    /// Spans of lines removed as noise (running heads, page numbers, job numbers).
    pub noise: Vec<Range<usize>>,
    /// Things the reader or parser noticed (e.g. "OP 7: number inferred").
    pub warnings: Vec<String>,
}

impl Document {
    /// Text of a paragraph, label included.
    pub fn para_text(&self, i: usize) -> &str {
        &self.text[self.paragraphs[i].span.clone()]
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let end = offset.min(self.text.len());
        let col = self.text.get(start..end).map_or(0, |s| s.chars().count());
        (line as u32 + 1, col as u32 + 1)
    }

    /// The paragraph whose span contains `offset`.
    pub fn paragraph_at(&self, offset: usize) -> Option<usize> {
        let i = self.paragraphs.partition_point(|p| p.span.start <= offset);
        let i = i.checked_sub(1)?;
        (self.paragraphs[i].span.contains(&offset)).then_some(i)
    }

    /// The top-level operative paragraph a (sub-)paragraph belongs to.
    pub fn root_of(&self, mut i: usize) -> usize {
        while let Some(p) = self.paragraphs[i].parent {
            i = p;
        }
        i
    }
}

/// Byte offsets of line starts in `text`.
pub fn line_starts(text: &str) -> Vec<usize> {
    let mut v = Vec::with_capacity(text.len() / 60 + 1);
    v.push(0);
    v.extend(memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
    v
}

fn memchr_iter(needle: u8, hay: &[u8]) -> impl Iterator<Item = usize> + '_ {
    hay.iter()
        .enumerate()
        .filter_map(move |(i, &b)| (b == needle).then_some(i))
}
