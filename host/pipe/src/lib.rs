//! Pipe plumbing both remoteobj processes use, the host and its workers
//! alike: each end of a host ↔ worker pipe waits and writes the same way.
//!
//! - [`wait`]: waiting for a message, blocking in the kernel or spinning
//!   first ([`SpinRead`], [`recv_until`], [`poll_readable`]);
//! - [`write`](mod@write): non-blocking writes that give up when the reader stalls
//!   ([`write_all_progressing`]), never a hang;
//! - [`sync`]: a lock that survives a panicked holder, a deadline that never
//!   overflows.
//!
//! Unix only; every system call goes through `rustix`, with no `unsafe`.

#![forbid(unsafe_code)]

mod fd;
pub mod sync;
pub mod wait;
pub mod write;

pub use fd::set_nonblocking;
pub use sync::{deadline_after, lock};
pub use wait::{SpinRead, SpinWindow, poll_readable, recv_until, spin_pause};
pub use write::{WriteError, write_all_progressing};
