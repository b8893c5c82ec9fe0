//! Shared by the targets: run the rest of the pipeline on what a reader gave and
//! check the invariants every later phase relies on (ARCHITECTURE.md).
#![allow(dead_code)]

use std::sync::LazyLock;
use wpslens::analysis::{self, Options};
use wpslens::lexicon::Lexicon;
use wpslens::model::Document;
use wpslens::read::{Extracted, Limits, ReadError};
use wpslens::report::{self, human::Style, Checked};

pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::embedded);

/// Limits a little tighter than the defaults so that one input cannot make the
/// fuzzer itself run out of memory (libFuzzer stops at 2 GB RSS).
pub fn limits() -> Limits {
    Limits {
        max_input_bytes: 8 * 1024 * 1024,
        max_uncompressed_bytes: 64 * 1024 * 1024,
        max_text_bytes: 16 * 1024 * 1024,
        ..Limits::default()
    }
}

/// A reader's result: errors must be one line; text goes through the whole pipeline.
pub fn after_read(name: &str, r: Result<Extracted, ReadError>) {
    match r {
        Ok(ex) => {
            check_extracted(&ex);
            let doc = wpslens::structure::parse(name, ex);
            check_document(&doc);
            analyse(doc);
        }
        Err(e) => {
            let msg = e.to_string();
            assert!(
                !msg.is_empty() && !msg.contains('\n'),
                "error message {msg:?}"
            );
        }
    }
}

pub fn check_extracted(ex: &Extracted) {
    assert!(!ex.text.contains('\r'), "reader left a carriage return");
    if let Some(blocks) = &ex.blocks {
        let mut end = 0;
        for b in blocks {
            assert!(b.span.start >= end, "blocks overlap or go backwards: {b:?}");
            assert!(b.span.end <= ex.text.len(), "block out of the text: {b:?}");
            assert!(ex.text.is_char_boundary(b.span.start) && ex.text.is_char_boundary(b.span.end));
            assert!(
                !ex.text[b.span.clone()].contains('\n'),
                "block spans two lines: {b:?}"
            );
            if let Some(l) = &b.auto_label {
                assert!(
                    b.span.start <= l.start && l.end <= b.span.end,
                    "label outside its block: {b:?}"
                );
            }
            end = b.span.end;
        }
    }
}

pub fn check_document(doc: &Document) {
    let t = &doc.text;
    let ok = |r: &std::ops::Range<usize>| {
        r.start <= r.end
            && r.end <= t.len()
            && t.is_char_boundary(r.start)
            && t.is_char_boundary(r.end)
    };
    let mut end = 0;
    for (i, p) in doc.paragraphs.iter().enumerate() {
        assert!(
            ok(&p.span),
            "paragraph {i} span {:?} is not a span of the text",
            p.span
        );
        assert!(ok(&p.body), "paragraph {i} body {:?}", p.body);
        assert!(
            p.span.start <= p.body.start && p.body.end <= p.span.end,
            "paragraph {i}: body outside span"
        );
        assert!(p.span.start >= end, "paragraph {i} overlaps the one before");
        end = p.span.end;
        for b in &p.brackets {
            assert!(
                ok(b) && p.span.start <= b.start && b.end <= p.span.end,
                "paragraph {i}: bracket {b:?} outside"
            );
        }
        if let Some(parent) = p.parent {
            assert!(
                parent < i,
                "paragraph {i}: parent {parent} is not before it"
            );
        }
        if let Some(h) = p.heading {
            assert!(
                h < i && doc.paragraphs[h].is_heading,
                "paragraph {i}: heading {h}"
            );
        }
    }
    for n in &doc.noise {
        assert!(ok(n), "noise span {n:?}");
    }
}

pub fn analyse(doc: Document) {
    let analysis = analysis::analyze(&doc, &LEXICON, &Options::default());
    for f in &analysis.findings {
        if let Some(s) = &f.span {
            assert!(
                s.end <= doc.text.len()
                    && doc.text.is_char_boundary(s.start)
                    && doc.text.is_char_boundary(s.end),
                "finding span {s:?}"
            );
        }
    }
    for o in &analysis.areas {
        for e in &o.evidence {
            assert!(
                e.span.end <= doc.text.len()
                    && doc.text.is_char_boundary(e.span.start)
                    && doc.text.is_char_boundary(e.span.end),
                "evidence span {:?}",
                e.span
            );
        }
    }
    let checked = [Checked {
        doc,
        analysis,
        against: None,
    }];
    let json = report::json::render(&checked, &[], &LEXICON);
    assert!(serde_json_ok(&json));
    let _ = report::sarif::render(&checked, &[], &LEXICON);
    let _ = report::human::render(
        &checked,
        &[],
        &LEXICON,
        Style { color: true },
        true,
        wpslens::lexicon::Severity::Info,
    );
}

fn serde_json_ok(s: &str) -> bool {
    // The JSON printer must always produce one well-formed object.
    s.trim_start().starts_with('{') && s.trim_end().ends_with('}')
}
