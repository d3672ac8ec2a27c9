//! Tests of the ofac_enhanced parser on the real files (FIXME(issue 2): to be written).
