//! Tests of the ofac_xml parser on the real files (FIXME(issue 2): to be written).
