//! The lexicon loader: the embedded lexicon with one of its files (chosen by the
//! first byte) replaced by the input. The other files stay valid, so validation and
//! regex compilation are reached. See fuzz/README.md.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wpslens::lexicon::{Lexicon, Sources};

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let Ok(content) = std::str::from_utf8(rest) else {
        return;
    };
    let mut src = Sources::embedded();
    let i = which as usize % src.files.len();
    src.files[i].1 = content.to_owned();
    match Lexicon::load(&src) {
        Ok(lex) => {
            // A lexicon that loads must scan a document without trouble.
            let text = "Recalling its resolution 1325 (2000),\n1. Requests the Secretary-General to ensure the full, equal and meaningful participation of women;\n";
            let ex = wpslens::read::text::read_text(text.as_bytes(), &Default::default()).unwrap();
            let doc = wpslens::structure::parse("fuzz.txt", ex);
            let _ = wpslens::analysis::analyze(&doc, &lex, &Default::default());
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            for e in errors {
                let s = e.to_string();
                assert!(!s.contains('\n'), "lexicon error on two lines: {s:?}");
                assert!(e.line >= 1 && e.column >= 1);
            }
        }
    }
});
