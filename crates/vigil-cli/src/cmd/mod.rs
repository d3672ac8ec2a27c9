//! One module per subcommand.

pub(crate) mod alerts;
pub(crate) mod audit;
pub(crate) mod batch;
pub(crate) mod compare;
pub(crate) mod eval;
pub(crate) mod lists;
pub(crate) mod monitor;
pub(crate) mod screen;
pub(crate) mod serve;
pub(crate) mod users;
