//! The structure parser on arbitrary text, as lines (TXT/PDF) or as blocks (DOCX:
//! one block per line) when the first byte is odd. See fuzz/README.md.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use wpslens::read::{Block, BlockKind, Extracted};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest).replace('\r', "");
    let blocks = (mode & 1 == 1).then(|| {
        let mut v = Vec::new();
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            let end = start + line.trim_end_matches('\n').len();
            let kind = match (mode >> 1) % 5 {
                0 if v.len() % 7 == 3 => BlockKind::Footnote,
                1 if v.len() % 3 == 1 => BlockKind::TableCell,
                _ => BlockKind::Body,
            };
            v.push(Block {
                span: start..end,
                kind,
                auto_label: None,
                list_level: None,
                heading_level: None,
            });
            start += line.len();
        }
        v
    });
    let ex = Extracted {
        text,
        blocks,
        warnings: Vec::new(),
    };
    common::check_extracted(&ex);
    let doc = wpslens::structure::parse("fuzz.txt", ex);
    common::check_document(&doc);
    common::analyse(doc);
});
