//! Times the per-document phases of an audit over files already in memory, so disk
//! and output writing are left out: `cargo run --release --example audit_phases DIR...`.
//! Prints the total of each phase over every file (best of three rounds).
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use wpslens::analysis::{analyze, Options};
use wpslens::lexicon::Lexicon;
use wpslens::read::Limits;

fn walk(p: &Path, out: &mut Vec<PathBuf>) {
    if p.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(p)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for e in entries {
            walk(&e, out);
        }
    } else {
        out.push(p.to_path_buf());
    }
}

fn main() {
    let mut files = Vec::new();
    for a in std::env::args().skip(1) {
        walk(Path::new(&a), &mut files);
    }
    let data: Vec<(String, Vec<u8>)> = files
        .iter()
        .filter_map(|p| Some((p.display().to_string(), std::fs::read(p).ok()?)))
        .collect();
    let bytes: usize = data.iter().map(|d| d.1.len()).sum();
    let lex = Lexicon::embedded();
    let limits = Limits::default();
    let opts = Options::default();
    let mut best = [Duration::MAX; 7];
    for _ in 0..3 {
        let mut t = [Duration::ZERO; 7];
        for (path, b) in &data {
            let s = Instant::now();
            let Ok(ex) = wpslens::read::read_bytes(Path::new(path), b, &limits) else {
                continue;
            };
            t[0] += s.elapsed();
            let s = Instant::now();
            let doc = wpslens::structure::parse(path, ex);
            t[1] += s.elapsed();
            let s = Instant::now();
            let a = analyze(&doc, &lex, &opts);
            t[2] += s.elapsed();
            let s = Instant::now();
            let r = wpslens::audit::record::summarize(
                path.clone(),
                b.len() as u64,
                "txt",
                &doc,
                &a,
                &lex,
            );
            t[3] += s.elapsed();
            std::hint::black_box(r);
            // Inside analyse: normalisation, rejoining, the matcher.
            let spans: Vec<_> = doc
                .paragraphs
                .iter()
                .filter(|p| p.part != wpslens::model::Part::Front)
                .map(|p| p.body.clone())
                .collect();
            let s = Instant::now();
            let mut norm = wpslens::text::Normalized::build_skipping(&doc.text, &spans, &doc.noise);
            t[4] += s.elapsed();
            let s = Instant::now();
            norm.rejoin_split_words(&lex.vocab);
            t[5] += s.elapsed();
            let s = Instant::now();
            std::hint::black_box(lex.matcher.scan(&norm.text, &norm.ranges));
            t[6] += s.elapsed();
        }
        for i in 0..7 {
            best[i] = best[i].min(t[i]);
        }
    }
    let total: Duration = best[..4].iter().sum();
    println!(
        "{} files, {:.1} MB: read {:?}  parse {:?}  analyze {:?}  summarize {:?}  total {:?} ({:.1} MB/s, {:.0} µs a file)",
        data.len(),
        bytes as f64 / 1e6,
        best[0],
        best[1],
        best[2],
        best[3],
        total,
        bytes as f64 / 1e6 / total.as_secs_f64(),
        total.as_secs_f64() * 1e6 / data.len() as f64
    );
    println!(
        "  inside analyse: normalise {:?}  rejoin {:?}  matcher {:?}",
        best[4], best[5], best[6]
    );
}
