//! Times the phases of `check` on one file: `cargo run --release --example phases FILE`.
use std::time::Instant;
use wpslens::analysis::{analyze, Options};
use wpslens::lexicon::Lexicon;
use wpslens::read::Limits;

fn main() {
    let path = std::env::args().nth(1).expect("usage: phases FILE");
    let t = Instant::now();
    let lex = Lexicon::embedded();
    let t_lex = t.elapsed();
    let t = Instant::now();
    let doc = wpslens::cli::load_document(std::path::Path::new(&path), &Limits::default()).unwrap();
    let t_parse = t.elapsed();
    let spans: Vec<_> = doc.paragraphs.iter().map(|p| p.body.clone()).collect();
    let t = Instant::now();
    let norm = wpslens::text::Normalized::build(&doc.text, &spans);
    let t_norm = t.elapsed();
    let t = Instant::now();
    let hits = lex.matcher.scan(&norm.text, &norm.ranges);
    let t_scan = t.elapsed();
    let t = Instant::now();
    let hits2 = lex.matcher.scan(&norm.text, &norm.ranges);
    let t_scan2 = t.elapsed();
    let t = Instant::now();
    let a = analyze(&doc, &lex, &Options::default());
    let t_an = t.elapsed();
    println!(
        "lexicon {t_lex:?}  read+parse {t_parse:?}  normalize {t_norm:?}  scan {t_scan:?} (again {t_scan2:?})  analyze {t_an:?}  hits {} {} findings {}",
        hits.iter().map(|h| h.len()).sum::<usize>(),
        hits2.len(),
        a.findings.len()
    );
}
