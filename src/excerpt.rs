//! Excerpts of a document: the clause a span stands in, white space collapsed,
//! cut at word boundaries. Printers show them; comparison measures the words of
//! a clause through [`clause_span`] and keeps excerpts for the previous text's
//! paragraphs, so both cut text the same way and neither depends on the other.

use crate::model::Document;
use std::ops::Range;

/// Bytes of context kept on each side of a span within its clause.
const WINDOW: usize = 120;

/// The clause around `span` in paragraph `para`: back to the previous `;` or
/// line break (or the paragraph's start), forward to the next `;` (or its end),
/// at most [`WINDOW`] bytes on each side, cut at spaces.
pub fn clause_span(doc: &Document, para: usize, span: &Range<usize>) -> Range<usize> {
    let p = &doc.paragraphs[para];
    let body = p.span.clone();
    let text = &doc.text;
    let s = span.start.clamp(body.start, body.end);
    let e = span.end.clamp(s, body.end);
    let mut a = text[body.start..s]
        .rfind([';', '\n'])
        .map_or(body.start, |i| body.start + i + 1);
    if s - a > WINDOW {
        a = floor_char(text, s - WINDOW);
        a = text[a..s].find(' ').map_or(a, |i| a + i + 1);
    }
    let mut b = text[e..body.end].find(';').map_or(body.end, |i| e + i + 1);
    if b - e > WINDOW {
        b = floor_char(text, e + WINDOW);
        b = text[e..b].rfind(' ').map_or(b, |i| e + i);
    }
    a..b
}

/// An excerpt of the text around `span`: its clause ([`clause_span`]), white
/// space collapsed, with "..." where the paragraph goes on.
pub fn excerpt(doc: &Document, para: usize, span: &Range<usize>) -> String {
    let body = doc.paragraphs[para].span.clone();
    let c = clause_span(doc, para, span);
    let mut out = String::new();
    if c.start > body.start {
        out.push_str("... ");
    }
    out.push_str(&collapse(&doc.text[c.clone()]));
    if c.end < body.end {
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
