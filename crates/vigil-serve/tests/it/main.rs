//! Tests of the HTTP API driven through the router, without a socket: each
//! builds a server state over the embedded demo list and sends requests
//! with `tower::ServiceExt::oneshot`.

mod fuzz;
mod reload;
mod routes;
mod subjects;
mod util;
