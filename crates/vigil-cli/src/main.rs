//! The `vigil` command: screen names against watchlists, inspect lists.
//!
//! Each subcommand lives in its own file under `cmd/`; the flags shared by
//! several (which lists to load) are in `lists_arg.rs`.

// The doc comments of the argument structs are clap's --help text, written
// for a terminal ("kind:value[:CC]", "NAME:<id>"), not rustdoc markup.
#![allow(rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags)]

mod cmd;
mod database_arg;
mod engine;
mod lists_arg;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// mimalloc: preparing names and screening allocate many small strings
/// on every core, where it is faster than the system allocator (see
/// docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// vigil: watchlist screening with cross-script name matching and explained scores.
#[derive(Parser)]
#[command(name = "vigil", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Screen one name against the lists.
    Screen(cmd::screen::ScreenArgs),
    /// Screen a file of records (CSV or JSON lines) into JSON lines or CSV.
    Batch(cmd::batch::BatchArgs),
    /// Score two names against each other, with the explanation.
    Compare(cmd::compare::CompareArgs),
    /// Inspect, download and compare watchlists: show, update, versions,
    /// sources, diff.
    #[command(subcommand)]
    Lists(cmd::lists::ListsCommand),
    /// Measure accuracy on the evaluation sets and generated variations.
    Eval(cmd::eval::EvalArgs),
    /// Serve the screening API over HTTP (vigil's /v1, yente's /match,
    /// W3C reconciliation, metrics, OpenAPI).
    Serve(cmd::serve::ServeArgs),
    /// Make and hash API keys for `serve --api-keys`.
    #[command(subcommand)]
    ApiKey(cmd::serve::ApiKeyCommand),
    /// Alerts raised by `batch --record`: list, show, decide, review.
    #[command(subcommand)]
    Alerts(cmd::alerts::AlertsCommand),
    /// Re-screen the stored subjects against the listed entities added or
    /// changed since the last run, raising only what is new.
    Monitor(cmd::monitor::MonitorArgs),
    /// Check and export the tamper-evident audit log.
    #[command(subcommand)]
    Audit(cmd::audit::AuditCommand),
    /// The accounts that sign in to the web UI: add, list, set.
    #[command(subcommand)]
    Users(cmd::users::UsersCommand),
    /// Settings an administrator changes (the four-eyes rule): show, set.
    #[command(subcommand)]
    Settings(cmd::users::SettingsCommand),
}

fn main() -> ExitCode {
    quiet_on_broken_pipe();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Screen(a) => cmd::screen::run(a),
        Command::Batch(a) => cmd::batch::run(a),
        Command::Compare(a) => cmd::compare::run(a),
        Command::Lists(c) => cmd::lists::run(c),
        Command::Eval(a) => cmd::eval::run(a),
        Command::Serve(a) => cmd::serve::run(a),
        Command::ApiKey(c) => cmd::serve::api_key(c),
        Command::Audit(c) => cmd::audit::run(c),
        Command::Users(c) => cmd::users::run(c),
        Command::Settings(c) => cmd::users::run_settings(c),
        Command::Alerts(c) => cmd::alerts::run(c),
        Command::Monitor(a) => cmd::monitor::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("vigil: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Output piped into a reader that stops early (`vigil screen ... | head`)
/// ends the process quietly, as Unix tools do, instead of a panic at the
/// next print to the closed pipe.
fn quiet_on_broken_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.contains("Broken pipe") {
            std::process::exit(0);
        }
        default(info);
    }));
}

#[cfg(test)]
mod tests {
    /// clap checks the flags (no two with one name, defaults that parse)
    /// only in debug builds at run time; this checks them in every build.
    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
