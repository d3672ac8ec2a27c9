//! Which lists a command loads: `--list [NAME=]PATH` (repeatable), else the
//! colon-separated `$VIGIL_LISTS`, else the current versions in the data
//! directory (`vigil lists update`), else the embedded demo list.

use anyhow::{Result, bail};
use clap::Args;
use std::path::PathBuf;
use std::str::FromStr;
use vigil_lists::{Loaded, demo_list};
use vigil_sources::Store;

/// The `--list` flag shared by every command that reads lists.
#[derive(Args, Debug, Clone, Default)]
pub(crate) struct ListArgs {
    /// A list file or folder to load; repeatable. `NAME=PATH` names the
    /// source explicitly (entity ids become NAME:<id>). Without it,
    /// $VIGIL_LISTS (colon-separated paths) is used, else the demo list.
    #[arg(long = "list", value_name = "[NAME=]PATH")]
    pub(crate) lists: Vec<ListSpec>,
    #[command(flatten)]
    pub(crate) data: DataDirArg,
}

/// The `--data-dir` flag: where `vigil lists update` keeps list versions.
#[derive(Args, Debug, Clone, Default)]
pub(crate) struct DataDirArg {
    /// The data directory holding downloaded list versions (default:
    /// $XDG_DATA_HOME/vigil or ~/.local/share/vigil). Without --list or
    /// $VIGIL_LISTS, the current version of each source there is loaded.
    #[arg(long, value_name = "DIR", env = "VIGIL_DATA_DIR")]
    pub(crate) data_dir: Option<PathBuf>,
}

impl DataDirArg {
    /// The data directory in effect.
    pub(crate) fn dir(&self) -> Result<PathBuf> {
        match &self.data_dir {
            Some(d) => Ok(d.clone()),
            None => Store::default_data_dir().ok_or_else(|| {
                anyhow::anyhow!(
                    "no data directory: this system has no home folder; give --data-dir DIR"
                )
            }),
        }
    }

    /// The list store of the data directory.
    pub(crate) fn store(&self) -> Result<Store> {
        Ok(Store::new(&self.dir()?))
    }
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
    DataDir,
    Demo,
}

impl ListArgs {
    /// The list specs in effect and where they came from.
    pub(crate) fn specs(&self) -> Result<(Vec<ListSpec>, Origin)> {
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
        // The data directory is optional: without a home folder or any
        // stored version the demo list is used.
        if let Ok(store) = self.data.store() {
            let current = store.current_lists()?;
            if !current.is_empty() {
                let specs = current
                    .into_iter()
                    .map(|(source, path)| ListSpec {
                        source: Some(source),
                        path,
                    })
                    .collect();
                return Ok((specs, Origin::DataDir));
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
                 VIGIL_LISTS=path1:path2, or download them with `vigil lists update`; \
                 see README.md."
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
