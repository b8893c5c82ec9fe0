//! Benchmarks of `compare`: the two largest real drafts, and alignment of a long
//! report with a shuffled and renumbered copy of itself (alignment must stay
//! near-linear in the paragraph count).
//!
//! Run with `cargo bench --bench compare`. Real documents come from ../shared/corpus
//! when present; otherwise the team's samples in corpus/ are used.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion};
use std::path::Path;
use wpslens::compare::{align, compare, CompareOptions, Words};
use wpslens::lexicon::Lexicon;
use wpslens::model::Document;
use wpslens::read::Limits;

fn load(rel: &str, fallback: &str) -> Document {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let real = root.join("../shared/corpus").join(rel);
    let p = if real.exists() {
        real
    } else {
        eprintln!("{rel} not found: using {fallback}");
        root.join(fallback)
    };
    wpslens::cli::load_document(&p, &Limits::default()).unwrap()
}

/// A report of `n` numbered paragraphs built from a real text's sentences.
fn long_report(n: usize, seed: &Document, shuffle: bool) -> Document {
    let sentences: Vec<&str> = seed
        .text
        .split(['.', ';'])
        .map(str::trim)
        .filter(|s| s.split_whitespace().count() > 12)
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    if shuffle {
        // Move every tenth paragraph to the end and insert new ones: renumbering
        // and moves, deterministic.
        let moved: Vec<usize> = order.iter().copied().filter(|i| i % 10 == 3).collect();
        order.retain(|i| i % 10 != 3);
        order.extend(moved);
    }
    let mut text = String::from("Report of the Secretary-General\n\nI. Introduction\n\n");
    for (k, &i) in order.iter().enumerate() {
        let a = sentences[i % sentences.len()];
        let b = sentences[(i * 7 + 3) % sentences.len()];
        text.push_str(&format!("{}. {a}, and {b}.\n\n", k + 1));
    }
    let ex =
        wpslens::read::read_bytes(Path::new("r.txt"), text.as_bytes(), &Limits::default()).unwrap();
    wpslens::structure::parse("r.txt", ex)
}

fn bench(c: &mut Criterion) {
    let lex = Lexicon::embedded();
    let a = load(
        "drafts/DRAFT-unbench-t3-10-MINUSCA-2023.txt",
        "corpus/mandate-previous.txt",
    );
    let b = load(
        "drafts/DRAFT-unbench-t3-08-MINUSMA-2022.txt",
        "corpus/mandate-draft.txt",
    );
    let opts = CompareOptions::default();
    c.bench_function("compare two largest drafts", |bn| {
        bn.iter(|| compare(&lex, black_box(&a), black_box(&b), &opts))
    });
    c.bench_function("compare largest draft with itself", |bn| {
        bn.iter(|| compare(&lex, black_box(&a), black_box(&a), &opts))
    });
    let mut g = c.benchmark_group("align report");
    for n in [50usize, 200, 800] {
        let p = long_report(n, &a, false);
        let d = long_report(n, &a, true);
        let (pw, dw) = (Words::of(&p), Words::of(&d));
        g.bench_with_input(BenchmarkId::from_parameter(n), &n, |bn, _| {
            bn.iter(|| align::align(black_box(&p), &pw, black_box(&d), &dw))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
