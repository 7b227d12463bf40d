//! Two waiting helpers every part of the crate uses: a lock that survives a
//! thread that panicked while holding it (the data behind these locks stays
//! consistent between statements, and a host must not fail every later call
//! because of one panic), and a deadline that never overflows.

use std::{
    sync::{Mutex, MutexGuard},
    time::{Duration, Instant},
};

/// Locks `m`, taking over the lock of a holder that panicked.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// `now + d`, or a year from now when that would overflow (a wait of
/// `Duration::MAX` means "for ever").
pub(crate) fn deadline_after(d: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(d)
        .unwrap_or_else(|| now + Duration::from_secs(365 * 24 * 3600))
}
