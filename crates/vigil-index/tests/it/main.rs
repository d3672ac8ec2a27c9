//! vigil-index integration tests: retrieval against brute force, on a
//! small fixture and on the real lists.

mod recall;
