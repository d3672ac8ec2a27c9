//! Tests of the load parser on the real files (FIXME(issue 2): to be written).
