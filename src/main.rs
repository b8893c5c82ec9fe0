use clap::Parser;

fn main() {
    let cli = wpslens::cli::Cli::parse();
    wpslens::cli::run_and_exit(cli)
}
