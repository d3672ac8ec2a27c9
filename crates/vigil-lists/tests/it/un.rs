//! Tests of the un parser on the real files (FIXME(issue 2): to be written).
