//! Prints how the lexicon's regex terms are run: `cargo run --example plan`.
fn main() {
    let lex = wpslens::lexicon::Lexicon::embedded();
    let (anchored, free, lits) = lex.matcher.regex_plan();
    println!("anchored regexes {anchored} ({lits} prefix literals), free regexes {free}");
    for r in lex.matcher.free_regexes() {
        println!("  free: {r}");
    }
}
