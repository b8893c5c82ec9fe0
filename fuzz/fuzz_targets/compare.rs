//! Compare (issue 3): the input is a previous text and a draft separated by a NUL
//! byte, both parsed as TXT. Without a NUL the text is compared with itself, which
//! must align every paragraph with itself, unchanged, and give no finding.
//! See fuzz/README.md.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use wpslens::compare::{self, Change};
use wpslens::lexicon::Severity;
use wpslens::read::Extracted;
use wpslens::report::{self, human::Style, Checked};

fn doc(text: &[u8]) -> wpslens::model::Document {
    let text = String::from_utf8_lossy(text).replace('\r', "");
    wpslens::structure::parse(
        "fuzz.txt",
        Extracted {
            text,
            blocks: None,
            warnings: Vec::new(),
        },
    )
}

fuzz_target!(|data: &[u8]| {
    let opts = compare::CompareOptions::default();
    match data.iter().position(|&b| b == 0) {
        Some(i) => {
            let (prev, draft) = (doc(&data[..i]), doc(&data[i + 1..]));
            let c = compare::compare(&common::LEXICON, &prev, &draft, &opts);
            let al = &c.alignment;
            assert_eq!(al.to_draft.len(), prev.paragraphs.len());
            assert_eq!(al.to_previous.len(), draft.paragraphs.len());
            for l in &al.links {
                assert!(l.previous.is_some() || l.draft.is_some());
                assert!(l.previous.is_none_or(|p| p < prev.paragraphs.len()));
                assert!(l.draft.is_none_or(|d| d < draft.paragraphs.len()));
            }
            // Every paragraph of both sides appears in at least one link.
            for p in 0..prev.paragraphs.len() {
                assert!(
                    al.links.iter().any(|l| l.previous == Some(p)),
                    "previous {p} lost"
                );
            }
            for d in 0..draft.paragraphs.len() {
                assert!(
                    al.links.iter().any(|l| l.draft == Some(d)),
                    "draft {d} lost"
                );
            }
            // The printers of a comparison.
            let checked = [Checked::compared(draft, prev, c)];
            let lex = &*common::LEXICON;
            let json = report::json::render(&checked, &[], lex);
            assert!(json.trim_start().starts_with('{') && json.trim_end().ends_with('}'));
            let _ = report::sarif::render(&checked, &[], lex);
            let _ = report::human::render(
                &checked,
                &[],
                lex,
                Style { color: false },
                true,
                Severity::Info,
            );
        }
        None => {
            let d = doc(data);
            let c = compare::compare(&common::LEXICON, &d, &d, &opts);
            for (i, l) in c.alignment.links.iter().enumerate() {
                assert_eq!(
                    (l.previous, l.draft, l.change),
                    (Some(i), Some(i), Change::Unchanged),
                    "{l:?}"
                );
            }
            assert_eq!(c.alignment.links.len(), d.paragraphs.len());
            assert!(c.draft.findings.is_empty(), "{:?}", c.draft.findings);
        }
    }
});
