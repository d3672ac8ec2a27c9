//! Tests of the ftm parser on the real files (FIXME(issue 2): to be written).
