//! vigil-core: the entity model, name normalisation and scoring of vigil,
//! the watchlist screening engine.
//!
//! This crate does no I/O and knows no async runtime, HTTP or database: it
//! turns values into values, so that every score can be reproduced from its
//! inputs.
//!
//! - [`entity`]: the one model every list is read into ([`Entity`], [`Name`],
//!   [`Identifier`]...).
//! - [`date`]: dates with their precision ([`FuzzyDate`]).
//! - [`country`]: ISO 3166-1 codes and the lookup from list spellings.
//! - [`script`]: which script a name is written in.
//! - [`input`]: user input (flags, CSV cells, JSON fields) read into a
//!   screening query, with errors that name the field.
//!
//! ```
//! use vigil_core::{Country, FuzzyDate, Name, NameKind, Script};
//!
//! let name = Name::new("Шамсидин Фаридуни", NameKind::OriginalScript).unwrap();
//! assert_eq!(name.script, Script::Cyrillic);
//! assert_eq!(Country::lookup("Tajik").unwrap().as_str(), "TJ");
//! assert_eq!(FuzzyDate::parse("circa 1965").unwrap().to_string(), "circa 1965");
//! ```
#![deny(missing_docs)]

pub mod country;
pub mod date;
pub mod entity;
pub mod fnv;
pub mod input;
pub mod script;

pub use country::Country;
pub use date::{FuzzyDate, PartialDate, Precision};
pub use entity::{
    Address, Entity, Gender, IdKind, Identifier, Name, NameKind, NamePart, PartKind, Schema,
};
pub use script::Script;
pub mod matching;
pub mod names;
pub mod text;
