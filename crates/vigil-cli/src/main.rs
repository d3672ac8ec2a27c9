//! The `vigil` command: screen names against watchlists, inspect lists.
//!
//! Each subcommand lives in its own file under `cmd/`; the flags shared by
//! several (which lists to load) are in `lists_arg.rs`.

mod cmd;
mod lists_arg;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// vigil: watchlist screening with cross-script name matching and explained scores.
#[derive(Parser)]
#[command(name = "vigil", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Inspect watchlists.
    #[command(subcommand)]
    Lists(cmd::lists::ListsCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Lists(c) => cmd::lists::run(c),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("vigil: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
