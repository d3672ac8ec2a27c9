//! `vigil users` and `vigil settings`: the accounts that sign in to the
//! web UI, and the settings an administrator changes (the four-eyes rule).
//! Every change is audited under the command-line actor.

use crate::cmd::alerts::Db;
use crate::database_arg::{block_on, cli_actor};
use anyhow::{Context, Result, bail};
use clap::Subcommand;
use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;
use vigil_store::{Role, UserChange};

/// `vigil users ...`
#[derive(Subcommand)]
pub(crate) enum UsersCommand {
    /// Make an account; the password is read from standard input (a
    /// prompt without echo on a terminal).
    Add {
        #[command(flatten)]
        db: Db,
        /// The name to sign in with (lower-case letters, digits, . _ - @).
        username: String,
        /// analyst, supervisor or admin.
        #[arg(long, default_value = "analyst")]
        role: String,
        /// The name shown (default: the username).
        #[arg(long, default_value = "")]
        name: String,
    },
    /// List the accounts.
    List {
        #[command(flatten)]
        db: Db,
    },
    /// Change an account's role, disable or enable it, or set a new
    /// password (read from standard input).
    Set {
        #[command(flatten)]
        db: Db,
        /// The account.
        username: String,
        /// A new role.
        #[arg(long)]
        role: Option<String>,
        /// Refuse sign-in and end its sessions.
        #[arg(long, conflicts_with = "enable")]
        disable: bool,
        /// Allow sign-in again.
        #[arg(long)]
        enable: bool,
        /// Read a new password from standard input.
        #[arg(long)]
        password: bool,
    },
}

/// `vigil settings ...`
#[derive(Subcommand)]
pub(crate) enum SettingsCommand {
    /// Show every setting and its value.
    Show {
        #[command(flatten)]
        db: Db,
    },
    /// Change a setting: `four_eyes on|off` (whether a true match needs a
    /// second person's approval).
    Set {
        #[command(flatten)]
        db: Db,
        /// The setting.
        key: String,
        /// Its new value.
        value: String,
    },
}

/// Reads a password: a prompt without echo on a terminal, else the first
/// line of standard input.
fn read_password(prompt: &str) -> Result<String> {
    let stdin = std::io::stdin();
    let terminal = stdin.is_terminal();
    if terminal {
        eprint!("{prompt}: ");
        std::io::stderr().flush().ok();
        let _ = std::process::Command::new("stty").arg("-echo").status();
    }
    let mut line = String::new();
    let read = stdin.lock().read_line(&mut line);
    if terminal {
        let _ = std::process::Command::new("stty").arg("echo").status();
        eprintln!();
    }
    read.context("cannot read the password from standard input")?;
    let password = line.trim_end_matches(['\r', '\n']).to_string();
    if password.is_empty() {
        bail!("no password on standard input");
    }
    Ok(password)
}

pub(crate) fn run(cmd: UsersCommand) -> Result<ExitCode> {
    block_on(async move {
        match cmd {
            UsersCommand::Add {
                db,
                username,
                role,
                name,
            } => {
                let role = Role::parse(&role)?;
                let password = read_password("password")?;
                let store = db.open().await?;
                let user = store
                    .create_user(&cli_actor(), &username, &name, role, &password)
                    .await?;
                store.close().await;
                println!("account {} ({}) made", user.username, user.role.as_str());
            }
            UsersCommand::List { db } => {
                let store = db.open().await?;
                let users = store.users().await?;
                store.close().await;
                if users.is_empty() {
                    println!("no account: make one with `vigil users add NAME --role admin`");
                }
                for u in users {
                    println!(
                        "{:<24} {:<10} {:<8} {}  {}",
                        u.username,
                        u.role.as_str(),
                        if u.active { "active" } else { "disabled" },
                        u.created_at,
                        u.display_name
                    );
                }
            }
            UsersCommand::Set {
                db,
                username,
                role,
                disable,
                enable,
                password,
            } => {
                let change = UserChange {
                    role: role.as_deref().map(Role::parse).transpose()?,
                    active: (disable || enable).then_some(enable),
                    password: password
                        .then(|| read_password("new password"))
                        .transpose()?,
                };
                if change == UserChange::default() {
                    bail!("nothing to change: give --role, --disable, --enable or --password");
                }
                let store = db.open().await?;
                let user = store.update_user(&cli_actor(), &username, &change).await?;
                store.close().await;
                println!(
                    "account {}: {}, {}",
                    user.username,
                    user.role.as_str(),
                    if user.active { "active" } else { "disabled" }
                );
            }
        }
        Ok(ExitCode::SUCCESS)
    })
}

pub(crate) fn run_settings(cmd: SettingsCommand) -> Result<ExitCode> {
    block_on(async move {
        match cmd {
            SettingsCommand::Show { db } => {
                let store = db.open().await?;
                for (key, _) in vigil_store::accounts::SETTINGS {
                    println!("{key} = {}", store.setting(key).await?);
                }
                store.close().await;
            }
            SettingsCommand::Set { db, key, value } => {
                let store = db.open().await?;
                store.set_setting(&cli_actor(), &key, &value).await?;
                println!("{key} = {}", store.setting(&key).await?);
                store.close().await;
            }
        }
        Ok(ExitCode::SUCCESS)
    })
}
