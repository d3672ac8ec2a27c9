//! The store's tests, run against SQLite and against a real PostgreSQL
//! server (started by `scripts/postgres.sh`, which installs Debian's
//! package when it is missing): the same tests, the same expectations.

mod accounts;
mod audit;
mod backends;
mod cases;
mod views;
