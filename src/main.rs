use clap::Parser;

fn main() {
    let cli = wpslens::cli::Cli::parse();
    std::process::exit(wpslens::cli::run(cli));
}
