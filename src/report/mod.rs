//! Printers: turn analysed documents into what users read (human diagnostics and a
//! coverage summary) or what tools read (JSON, SARIF). Printers only consume
//! results; they never read files or run analysis.

pub mod human;
pub mod json;
pub mod sarif;

use crate::analysis::{Analysis, Finding};
use crate::compare::{Alignment, Comparison, RelevantLink};
use crate::model::Document;
use std::ops::Range;

/// A document with its analysis, and for a comparison the previous text.
pub struct Checked {
    pub doc: Document,
    /// The analysis; in a comparison its findings are the comparison's.
    pub analysis: Analysis,
    pub against: Option<Against>,
}

/// The previous text a draft was compared with.
pub struct Against {
    pub doc: Document,
    pub analysis: Analysis,
    pub alignment: Alignment,
    pub relevant: Vec<RelevantLink>,
    pub carried_over: Vec<Finding>,
}

impl Checked {
    /// A draft with its comparison against `previous`.
    pub fn compared(doc: Document, previous: Document, c: Comparison) -> Checked {
        Checked {
            doc,
            analysis: c.draft,
            against: Some(Against {
                doc: previous,
                analysis: c.previous,
                alignment: c.alignment,
                relevant: c.relevant,
                carried_over: c.carried_over,
            }),
        }
    }
}

/// A file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub path: String,
    pub message: String,
}

/// The paragraph label of a finding, as diplomats cite it.
pub fn finding_label(doc: &Document, f: &Finding) -> Option<String> {
    f.paragraph.map(|p| doc.paragraphs[p].label.to_string())
}

/// An excerpt of the text around `span`: the clause it sits in, white space
/// collapsed, at most about 240 characters, cut at word boundaries.
pub fn excerpt(doc: &Document, para: usize, span: &Range<usize>) -> String {
    let p = &doc.paragraphs[para];
    let body = p.span.clone();
    let text = &doc.text;
    let s = span.start.clamp(body.start, body.end);
    let e = span.end.clamp(s, body.end);
    // Widen to the clause: back to the previous ';' or the paragraph start, forward
    // to the next ';' or the end, within a window.
    let window = 120;
    let mut a = text[body.start..s]
        .rfind([';', '\n'])
        .map_or(body.start, |i| body.start + i + 1);
    if s - a > window {
        a = floor_char(text, s - window);
        a = text[a..s].find(' ').map_or(a, |i| a + i + 1);
    }
    let mut b = text[e..body.end].find(';').map_or(body.end, |i| e + i + 1);
    if b - e > window {
        b = floor_char(text, e + window);
        b = text[e..b].rfind(' ').map_or(b, |i| e + i);
    }
    let mut out = String::new();
    if a > body.start {
        out.push_str("... ");
    }
    out.push_str(&collapse(&text[a..b]));
    if b < body.end {
        out.push_str(" ...");
    }
    out
}

fn floor_char(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// White space collapsed to single spaces.
pub fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}
