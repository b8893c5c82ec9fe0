//! The template engine: the input is a user template and its data, separated by the
//! first NUL byte. The template is installed as `fuzz.jinja` over the embedded ones
//! (the set `--templates DIR` builds, through `TemplateSet::with_files`), so it can
//! include, import and extend the embedded templates and partials. The data part is
//! read as JSON, else as TOML; without a NUL, or when it is neither, the sample data
//! of the `transmittal` template (corpus/letters/transmittal.toml) is used.
//!
//! Checks: no panic; every error is one line; a document that renders is written to
//! DOCX, whose XML parts are well-formed and hold only characters XML allows, and
//! to PDF. Termination is the fuel's job (libFuzzer's -timeout catches a hang).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::LazyLock;
use wpslens::render::{self, OutputFormat, RenderOptions, Renderer, TemplateSet};

static SAMPLE: LazyLock<serde_json::Value> = LazyLock::new(|| {
    render::parse_data(
        include_str!("../../corpus/letters/transmittal.toml"),
        Path::new("transmittal.toml"),
    )
    .expect("the sample data parses")
});

fn data_of(bytes: &[u8]) -> serde_json::Value {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return SAMPLE.clone();
    };
    for name in ["data.json", "data.toml"] {
        if let Ok(v) = render::parse_data(text, Path::new(name)) {
            return v;
        }
    }
    SAMPLE.clone()
}

fn one_line(what: &str, msg: &str) {
    assert!(
        !msg.is_empty() && !msg.contains('\n') && !msg.contains('\r'),
        "{what} error is not one line: {msg:?}"
    );
}

/// Every XML part of the DOCX parses, and holds only characters XML 1.0 allows.
fn check_docx(bytes: &[u8]) {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a DOCX is a ZIP");
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().expect("entry name").into_owned();
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let mut xml = String::new();
        f.read_to_string(&mut xml).expect("XML parts are UTF-8");
        let bad = xml.chars().find(|&c| {
            !matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        });
        assert!(
            bad.is_none(),
            "{name} holds {bad:?}, which XML does not allow"
        );
        let mut r = quick_xml::Reader::from_str(&xml);
        loop {
            match r.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{name}: malformed XML: {e}"),
            }
        }
    }
}

fuzz_target!(|input: &[u8]| {
    let (template, data) = match input.iter().position(|&b| b == 0) {
        Some(i) => (&input[..i], data_of(&input[i + 1..])),
        None => (input, SAMPLE.clone()),
    };
    // `--templates DIR` reads templates as UTF-8 text (others are refused).
    let Ok(template) = std::str::from_utf8(template) else {
        return;
    };
    let renderer = Renderer::with_set(TemplateSet::with_files([("fuzz.jinja", template)]));
    let doc = match renderer.document("fuzz", &data) {
        Ok(doc) => doc,
        Err(e) => return one_line("template", &e.to_string()),
    };
    let opts = RenderOptions::default();
    match render::write(&doc, OutputFormat::Docx, &opts) {
        Ok(b) => check_docx(&b),
        Err(e) => one_line("DOCX", &e.to_string()),
    }
    match render::write(&doc, OutputFormat::Pdf, &opts) {
        Ok(b) => assert!(b.starts_with(b"%PDF-"), "a PDF starts with %PDF-"),
        Err(e) => one_line("PDF", &e.to_string()),
    }
});
