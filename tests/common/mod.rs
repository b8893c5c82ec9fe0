//! Helpers shared by the integration tests: one way to load a document, one way to
//! find a paragraph, one way to reach the real Council documents in ../shared, one
//! way to run the binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use wpslens::model::Document;
use wpslens::read::Limits;

/// A real Council document from `../shared/corpus`, or `None` (with a message on
/// stderr) when the folder is absent, so the test can skip.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus")
        .join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!(
            "skipped: {} not found (the shared corpus is not beside the repository)",
            p.display()
        );
        None
    }
}

/// A file of the repository (corpus/ or tests/fixtures/).
pub fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

pub fn load(path: &Path) -> Document {
    wpslens::cli::load_document(path, &Limits::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn parse_text(text: &str) -> Document {
    let ex = wpslens::read::text::read_text(text.as_bytes(), &Limits::default()).unwrap();
    wpslens::structure::parse("test.txt", ex)
}

/// The label of the first paragraph whose text contains `needle`.
pub fn label_of(doc: &Document, needle: &str) -> String {
    let i = (0..doc.paragraphs.len())
        .find(|&i| {
            doc.para_text(i)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .contains(needle)
        })
        .unwrap_or_else(|| panic!("no paragraph of {} contains {needle:?}", doc.path));
    doc.paragraphs[i].label.to_string()
}

/// Runs the `wpslens` binary with `args`.
pub fn run_wpslens(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wpslens"))
        .args(args)
        .output()
        .expect("run wpslens")
}

/// The standard error of a run, as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
