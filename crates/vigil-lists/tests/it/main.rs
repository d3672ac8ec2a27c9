//! vigil-lists integration tests: every parser on the real list files in
//! `../shared/data/lists` (skipped with a notice when absent), plus
//! loading, detection and fuzzing of the parsers.

mod diff;
mod eu_fsf;
mod ftm;
mod fuzz;
mod internal_csv;
mod load;
mod ofac_advanced;
mod ofac_csv;
mod ofac_enhanced;
mod ofac_xml;
mod support;
mod uk_conlist;
mod uk_sanctions_list;
mod un;
