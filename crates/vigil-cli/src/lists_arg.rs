//! Which lists a command loads: `--list [NAME=]PATH` (repeatable), else the
//! colon-separated `$VIGIL_LISTS`, else the embedded demo list.

use anyhow::{Result, bail};
use clap::Args;
use std::path::PathBuf;
use std::str::FromStr;
use vigil_lists::{Loaded, demo_list};

/// The `--list` flag shared by every command that reads lists.
#[derive(Args, Debug, Clone, Default)]
pub(crate) struct ListArgs {
    /// A list file or folder to load; repeatable. `NAME=PATH` names the
    /// source explicitly (entity ids become NAME:<id>). Without it,
    /// $VIGIL_LISTS (colon-separated paths) is used, else the demo list.
    #[arg(long = "list", value_name = "[NAME=]PATH")]
    pub(crate) lists: Vec<ListSpec>,
}

/// One `--list` value.
#[derive(Debug, Clone)]
pub(crate) struct ListSpec {
    pub(crate) source: Option<String>,
    pub(crate) path: PathBuf,
}

impl FromStr for ListSpec {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.trim().is_empty() {
            return Err("empty list path".to_string());
        }
        // NAME=PATH, unless the whole value is an existing path that happens
        // to contain '='.
        if let Some((name, path)) = s.split_once('=')
            && !PathBuf::from(s).exists()
        {
            let valid = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
            if !valid {
                return Err(format!(
                    "invalid list name {name:?}: use lower-case letters, digits, '-' and '_'"
                ));
            }
            return Ok(ListSpec {
                source: Some(name.to_string()),
                path: PathBuf::from(path),
            });
        }
        Ok(ListSpec {
            source: None,
            path: PathBuf::from(s),
        })
    }
}

/// Where the lists came from, for notices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    Flags,
    Env,
    Demo,
}

impl ListArgs {
    /// The list specs in effect and where they came from.
    fn specs(&self) -> Result<(Vec<ListSpec>, Origin)> {
        if !self.lists.is_empty() {
            return Ok((self.lists.clone(), Origin::Flags));
        }
        if let Some(env) = std::env::var_os("VIGIL_LISTS") {
            let env = env.to_string_lossy().to_string();
            let specs: Vec<ListSpec> = env
                .split(':')
                .filter(|p| !p.trim().is_empty())
                .map(ListSpec::from_str)
                .collect::<Result<_, _>>()
                .map_err(|e| anyhow::anyhow!("VIGIL_LISTS: {e}"))?;
            if !specs.is_empty() {
                return Ok((specs, Origin::Env));
            }
        }
        Ok((Vec::new(), Origin::Demo))
    }

    /// Loads the lists. Missing paths are an error; files that fail to load
    /// are reported by the caller from [`Loaded::errors`].
    pub(crate) fn load(&self) -> Result<(Loaded, Origin)> {
        let (specs, origin) = self.specs()?;
        if origin == Origin::Demo {
            eprintln!(
                "vigil: no list given: using the embedded DEMO list (fictional identities).\n\
                 vigil: load real lists with --list PATH (a file or folder, repeatable) or \
                 VIGIL_LISTS=path1:path2; see README.md."
            );
            let loaded = Loaded {
                lists: vec![demo_list()],
                ..Loaded::default()
            };
            return Ok((loaded, origin));
        }
        for s in &specs {
            if !s.path.exists() {
                bail!("list path {} does not exist", s.path.display());
            }
        }
        let loaded = vigil_lists::load_paths(
            specs
                .iter()
                .map(|s| (s.source.as_deref(), s.path.as_path())),
        );
        Ok((loaded, origin))
    }
}
