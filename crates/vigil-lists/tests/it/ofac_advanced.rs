//! Tests of the ofac_advanced parser on the real files (FIXME(issue 2): to be written).
