//! Tests of the eu_fsf parser on the real files (FIXME(issue 2): to be written).
