//! Name knowledge and prepared names: what the matcher knows about how
//! names are built (variant families, compounds, particles, titles, legal
//! forms, common names) and the per-word forms it compares.

pub mod knowledge;
pub mod phonetic;
pub mod prepare;

pub use prepare::{PreparedName, Role, Token, prepare, prepare_listed};
