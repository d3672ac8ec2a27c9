//! Integration tests of the `vigil` binary: each runs the built binary as
//! a user would, on the embedded demo list unless it says otherwise, with
//! inputs written to a fresh temporary folder. No network.

mod alerts;
mod audit;
mod batch;
mod compare;
mod http;
mod lists;
mod monitor;
mod screen;
mod serve;
mod tidy;
mod ui;
mod util;
