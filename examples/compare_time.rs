//! Runs one comparison many times, for profilers:
//! `cargo run --release --example compare_time -- PREVIOUS DRAFT [N]`.
use wpslens::compare::{compare, CompareOptions};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: compare_time PREVIOUS DRAFT [N]");
        std::process::exit(2);
    }
    let limits = wpslens::read::Limits::default();
    let a = wpslens::cli::load_document(args[1].as_ref(), &limits).unwrap();
    let b = wpslens::cli::load_document(args[2].as_ref(), &limits).unwrap();
    let n: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(20);
    let lex = wpslens::lexicon::Lexicon::embedded();
    let t = std::time::Instant::now();
    let mut findings = 0;
    for _ in 0..n {
        findings += compare(&lex, &a, &b, &CompareOptions::default())
            .draft
            .findings
            .len();
    }
    eprintln!(
        "{:.2} ms per comparison ({findings} findings)",
        t.elapsed().as_secs_f64() * 1000.0 / n as f64
    );
}
