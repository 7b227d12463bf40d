//! The two descriptor calls both directions need: waiting in `poll(2)`
//! until a descriptor is ready, and switching it to non-blocking mode.

use std::{io, os::fd::AsFd, time::Duration};

use rustix::event::{PollFd, PollFlags, Timespec, poll};
use rustix::fs::{OFlags, fcntl_getfl, fcntl_setfl};

/// Puts `fd` in non-blocking mode.
pub fn set_nonblocking(fd: &impl AsFd) -> io::Result<()> {
    let flags = fcntl_getfl(fd)?;
    fcntl_setfl(fd, flags | OFlags::NONBLOCK)?;
    Ok(())
}

/// Waits until `fd` has `events`, at most `timeout`; false on timeout.
/// Interrupted waits are resumed (with the whole timeout: callers with a
/// deadline loop anyway).
pub(crate) fn poll_for(
    fd: &impl AsFd,
    events: PollFlags,
    timeout: Option<Duration>,
) -> io::Result<bool> {
    // Longer than a year is for ever (and never overflows the timespec).
    let timeout = timeout
        .filter(|t| *t < Duration::from_secs(365 * 24 * 3600))
        .map(|t| {
            Timespec::try_from(t).unwrap_or(Timespec {
                tv_sec: 0,
                tv_nsec: 0,
            })
        });
    loop {
        let mut fds = [PollFd::new(fd, events)];
        match poll(&mut fds, timeout.as_ref()) {
            Ok(n) => return Ok(n > 0),
            Err(rustix::io::Errno::INTR) => {}
            Err(e) => return Err(e.into()),
        }
    }
}
