//! Benchmarks of the hot paths: reading and parsing a draft, normalisation, the
//! one-pass scan, and the whole check of the largest real draft.
//!
//! Run with `cargo bench --bench scan`. Real documents come from ../shared/corpus
//! when present; otherwise the team's samples in corpus/ are used.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use std::path::Path;
use wpslens::analysis::{analyze, Options};
use wpslens::lexicon::Lexicon;
use wpslens::read::Limits;

fn largest_draft() -> (String, Vec<u8>) {
    let real = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/drafts/DRAFT-unbench-t3-10-MINUSCA-2023.txt");
    let p = if real.exists() {
        real
    } else {
        eprintln!("../shared/corpus not found: benchmarking corpus/mandate-previous.txt instead");
        Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/mandate-previous.txt")
    };
    (p.display().to_string(), std::fs::read(&p).unwrap())
}

fn bench(c: &mut Criterion) {
    let lex = Lexicon::embedded();
    let (path, bytes) = largest_draft();
    let limits = Limits::default();

    let mut g = c.benchmark_group("draft");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("read+parse", |b| {
        b.iter(|| {
            let ex =
                wpslens::read::read_bytes(Path::new(&path), black_box(&bytes), &limits).unwrap();
            wpslens::structure::parse(&path, ex)
        })
    });
    let ex = wpslens::read::read_bytes(Path::new(&path), &bytes, &limits).unwrap();
    let doc = wpslens::structure::parse(&path, ex);
    g.bench_function("analyze", |b| {
        b.iter(|| analyze(black_box(&doc), &lex, &Options::default()))
    });
    g.bench_function("check (read+parse+analyze)", |b| {
        b.iter(|| {
            let ex =
                wpslens::read::read_bytes(Path::new(&path), black_box(&bytes), &limits).unwrap();
            let d = wpslens::structure::parse(&path, ex);
            analyze(&d, &lex, &Options::default())
        })
    });
    g.finish();

    // Throughput on a large text: the draft repeated to about 8 MB.
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let big: String =
        std::iter::repeat_n(text.as_str(), (8 << 20) / text.len().max(1) + 1).collect();
    let ex = wpslens::read::Extracted {
        text: big.clone(),
        blocks: None,
        warnings: vec![],
    };
    let big_doc = wpslens::structure::parse("big.txt", ex);
    let mut g = c.benchmark_group("large");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(big.len() as u64));
    let spans: Vec<_> = big_doc.paragraphs.iter().map(|p| p.body.clone()).collect();
    g.bench_function("normalize", |b| {
        b.iter(|| wpslens::text::Normalized::build(black_box(&big), &spans))
    });
    let norm = wpslens::text::Normalized::build(&big, &spans);
    g.bench_function("matcher scan", |b| {
        b.iter(|| lex.matcher.scan(black_box(&norm.text), &norm.ranges))
    });
    g.bench_function("parse", |b| {
        b.iter(|| {
            let ex = wpslens::read::Extracted {
                text: big.clone(),
                blocks: None,
                warnings: vec![],
            };
            wpslens::structure::parse("big.txt", ex)
        })
    });
    g.bench_function("analyze", |b| {
        b.iter(|| analyze(black_box(&big_doc), &lex, &Options::default()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
