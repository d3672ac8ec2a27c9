//! Tests of the uk_sanctions_list parser on the real files (FIXME(issue 2): to be written).
