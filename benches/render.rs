//! Rendering benchmarks: the two-page meeting summary (corpus/letters) to DOCX and to
//! PDF, from data to bytes, with the template environment built once (as in a batch).
//!
//! Run with `cargo bench --bench render`. Whole-command timings (1,000 letters in one
//! batch, pandoc for comparison) are in the README.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use std::path::Path;
use wpslens::render::{load_data, OutputFormat, RenderOptions, Renderer};

fn bench(c: &mut Criterion) {
    let data = load_data(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/letters/meeting-summary.toml"),
    )
    .unwrap();
    let r = Renderer::new(None).unwrap();
    let opts = RenderOptions::default();
    // Fonts are parsed once per process; do it before measuring.
    r.render("meeting-summary", &data, OutputFormat::Pdf, &opts)
        .unwrap();
    let mut g = c.benchmark_group("meeting-summary (2 pages)");
    g.bench_function("template + markup -> model", |b| {
        b.iter(|| r.document("meeting-summary", black_box(&data)).unwrap())
    });
    g.bench_function("docx", |b| {
        b.iter(|| {
            r.render(
                "meeting-summary",
                black_box(&data),
                OutputFormat::Docx,
                &opts,
            )
            .unwrap()
        })
    });
    g.bench_function("pdf", |b| {
        b.iter(|| {
            r.render(
                "meeting-summary",
                black_box(&data),
                OutputFormat::Pdf,
                &opts,
            )
            .unwrap()
        })
    });
    g.bench_function("docx + pdf", |b| {
        b.iter(|| {
            let d = r.document("meeting-summary", black_box(&data)).unwrap();
            let x = wpslens::render::write(&d, OutputFormat::Docx, &opts).unwrap();
            let p = wpslens::render::write(&d, OutputFormat::Pdf, &opts).unwrap();
            (x, p)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
