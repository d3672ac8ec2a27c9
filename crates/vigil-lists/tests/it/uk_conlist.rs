//! Tests of the uk_conlist parser on the real files (FIXME(issue 2): to be written).
