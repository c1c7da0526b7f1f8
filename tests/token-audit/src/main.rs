//! `token-audit`: see the library's documentation and `token-audit --help`.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use token_audit::cli::{run, Cli};

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let stderr = std::io::stderr();
    let progress = stderr.is_terminal();
    let code = run(
        &cli,
        &|name| std::env::var(name).ok(),
        &mut std::io::stdout().lock(),
        &mut stderr.lock(),
        progress,
    )
    .await;
    ExitCode::from(code)
}
