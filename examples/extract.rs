//! Prints the text a reader extracts from a file: `cargo run --example extract FILE`.
fn main() {
    let path = std::env::args().nth(1).expect("usage: extract FILE");
    match wpslens::read::read_path(
        std::path::Path::new(&path),
        &wpslens::read::Limits::default(),
    ) {
        Ok(ex) => print!("{}", ex.text),
        Err(e) => eprintln!("{path}: {e}"),
    }
}
