//! Benchmarks of `wpslens::annotate`: the largest real draft (TXT) written as a new
//! DOCX with a comment per finding, the real Word draft edited in place with a comment
//! on every paragraph, and with a tracked change on every third paragraph.
//!
//! Run with `cargo bench --bench annotate`. Real documents come from ../shared/corpus
//! when present; otherwise the team's samples in corpus/ and the DOCX fixtures are used.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use std::path::{Path, PathBuf};
use wpslens::analysis::{analyze, Options};
use wpslens::annotate::{annotate, check_comments, AnnotateOptions, Comment, Redline};
use wpslens::lexicon::Lexicon;
use wpslens::read::{Format, Limits};

fn pick(real: &str, fallback: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let p = root.join("../shared/corpus").join(real);
    if p.exists() {
        p
    } else {
        eprintln!("{real} not found: benchmarking {fallback} instead");
        root.join(fallback)
    }
}

fn bench(c: &mut Criterion) {
    let lex = Lexicon::embedded();
    let limits = Limits::default();
    let opts = AnnotateOptions {
        date: "2026-03-01".into(),
        ..AnnotateOptions::default()
    };
    let mut g = c.benchmark_group("annotate");

    let txt = pick(
        "drafts/DRAFT-unbench-t3-10-MINUSCA-2023.txt",
        "corpus/mandate-previous.txt",
    );
    let bytes = std::fs::read(&txt).unwrap();
    let doc = wpslens::cli::load_document(&txt, &limits).unwrap();
    let findings = analyze(&doc, &lex, &Options::default()).findings;
    let comments = check_comments(&doc, &findings, &lex);
    g.bench_function("txt-findings", |b| {
        b.iter(|| annotate(black_box(&bytes), Format::Text, &doc, &comments, &[], &opts).unwrap())
    });

    let docx = pick(
        "pdf/S-2018-221-draft.docx",
        "tests/fixtures/docx/numbering.docx",
    );
    let bytes = std::fs::read(&docx).unwrap();
    let doc = wpslens::cli::load_document(&docx, &limits).unwrap();
    let every: Vec<Comment> = (0..doc.paragraphs.len())
        .map(|i| Comment {
            paragraph: i,
            span: None,
            text: "comment".into(),
        })
        .collect();
    g.bench_function("docx-comment-every-paragraph", |b| {
        b.iter(|| annotate(black_box(&bytes), Format::Docx, &doc, &every, &[], &opts).unwrap())
    });
    let redlines: Vec<Redline> = doc
        .paragraphs
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 3 == 0)
        .map(|(i, p)| Redline::Changed {
            paragraph: i,
            previous: doc.text[p.body.clone()].replacen("the", "all the", 1),
        })
        .collect();
    g.bench_function("docx-redline-every-third-paragraph", |b| {
        b.iter(|| annotate(black_box(&bytes), Format::Docx, &doc, &[], &redlines, &opts).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
