//! Loading lists and building the index, shared by every command that
//! screens; load problems are reported on stderr, never silently dropped.

use crate::lists_arg::ListArgs;
use anyhow::{Result, bail};
use std::time::Instant;
use vigil_index::Index;

/// Loads the lists the flags name and builds the index.
pub(crate) fn build(args: &ListArgs, quiet: bool) -> Result<Index> {
    let start = Instant::now();
    let (loaded, _) = args.load()?;
    for e in &loaded.errors {
        eprintln!("vigil: warning: list not loaded: {e}");
    }
    if loaded.lists.is_empty() {
        bail!("no list could be loaded (see the warnings above)");
    }
    let skipped: usize = loaded.lists.iter().map(|l| l.diagnostics.len()).sum();
    let index = vigil_serve::index_of(loaded.lists);
    if !quiet {
        let s = index.stats();
        eprintln!(
            "vigil: {} entities from {} list(s) indexed in {:.2?}{}",
            s.entities,
            index.lists().len(),
            start.elapsed(),
            if skipped > 0 {
                format!("; {skipped} list diagnostic(s), see `vigil lists show --diagnostics`")
            } else {
                String::new()
            }
        );
    }
    Ok(index)
}
