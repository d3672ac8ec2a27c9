//! Tests of the ofac_csv parser on the real files (FIXME(issue 2): to be written).
