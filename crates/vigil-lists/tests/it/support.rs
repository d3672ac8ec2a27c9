//! Helpers for the integration tests: load a shared list file, find an
//! entity, and format its facts compactly for pinning (the renderings are
//! the unit tests' own, from `src/pin.rs`).

#[path = "../../src/pin.rs"]
mod pin;

pub use pin::{codes, dates, ids, names};
use std::path::Path;
use vigil_core::Entity;
use vigil_lists::{List, load_path};

/// Loads one shared list file or folder, which must give exactly one list
/// and no error; `None` (with a notice) when the shared data is absent.
pub fn load_one(relative: &str) -> Option<List> {
    let path = vigil_testdata::list_path(relative)?;
    Some(load_single(&path))
}

/// Loads a path that must give exactly one list and no error.
pub fn load_single(path: &Path) -> List {
    let loaded = load_path(path, None);
    assert!(loaded.errors.is_empty(), "errors: {:?}", loaded.errors);
    assert_eq!(loaded.lists.len(), 1, "lists from {}", path.display());
    loaded.lists.into_iter().next().unwrap()
}

/// The entity with this id.
pub fn entity<'a>(list: &'a List, id: &str) -> &'a Entity {
    list.entities
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no entity {id}"))
}
