//! Two waiting helpers every part of remoteobj uses: a lock that survives a
//! thread that panicked while holding it (the data behind these locks stays
//! consistent between statements, and a host must not fail every later call
//! because of one panic), and a deadline that never overflows.

use std::{
    sync::{Mutex, MutexGuard},
    time::{Duration, Instant},
};

/// Locks `m`, taking over the lock of a holder that panicked.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// `now + d`, or a year from now when that would overflow (a wait of
/// `Duration::MAX` means "for ever").
pub fn deadline_after(d: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(d)
        .unwrap_or_else(|| now + Duration::from_secs(365 * 24 * 3600))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn a_lock_outlives_a_panicked_holder() {
        let m = Arc::new(Mutex::new(1));
        let held = m.clone();
        let _ = std::thread::spawn(move || {
            let _guard = held.lock().unwrap();
            panic!("while holding the lock");
        })
        .join();
        assert!(m.is_poisoned());
        *lock(&m) += 1;
        assert_eq!(*lock(&m), 2);
    }

    #[test]
    fn a_deadline_for_ever_does_not_overflow() {
        let far = deadline_after(Duration::MAX);
        assert!(far > Instant::now() + Duration::from_secs(364 * 24 * 3600));
        let soon = deadline_after(Duration::from_millis(5));
        assert!(soon <= Instant::now() + Duration::from_millis(5));
    }
}
