//! The end-to-end tests, one binary with a module per topic (linked once:
//! wasmtime is large). Every test drives real `remoteobj worker`
//! subprocesses running the real guest components built from `guests/`.

mod common;

mod active;
mod asynchronous;
mod bindgen;
mod cache;
mod cli;
mod concurrency;
mod containers;
mod errors;
mod inherit;
mod input;
mod levels;
mod lifecycle;
mod limits;
mod ops;
mod passto;
mod peers;
mod pipelining;
mod pool;
mod process;
mod python;
mod reliability;
mod restart;
mod sandbox;
mod typed;
