//! Deadlines for futures: a future awaiting an answer is woken when its
//! request's deadline passes, so its timeout holds under any async runtime
//! (or none). One thread for the whole process keeps the alarms, started
//! with the first one and parked until the nearest is due.

use std::{
    collections::BTreeMap,
    io,
    panic::{self, AssertUnwindSafe},
    sync::{Condvar, Mutex, OnceLock},
    task::Waker,
    thread,
    time::Instant,
};

use remoteobj_pipe::lock;

/// The alarms set and not rung or cancelled yet, nearest first; the `u64`
/// tells apart alarms set for one instant.
#[derive(Default)]
struct Alarms {
    set: BTreeMap<(Instant, u64), Waker>,
    next: u64,
}

/// The process's alarm clock: its alarms and the thread that rings them.
struct Clock {
    alarms: Mutex<Alarms>,
    /// Signalled when an alarm nearer than all others is set.
    nearer: Condvar,
}

/// The clock, its thread started on first use; the error when that thread
/// could not start.
fn clock() -> Result<&'static Clock, &'static io::Error> {
    static CLOCK: OnceLock<Result<&'static Clock, io::Error>> = OnceLock::new();
    CLOCK
        .get_or_init(|| {
            let clock: &'static Clock = Box::leak(Box::new(Clock {
                alarms: Mutex::default(),
                nearer: Condvar::new(),
            }));
            thread::Builder::new()
                .name("remoteobj-alarms".into())
                .spawn(move || clock.run())
                .map(|_| clock)
        })
        .as_ref()
        .copied()
}

impl Clock {
    /// Rings each alarm when it is due, for as long as the process runs.
    /// Wakers run with the lock released (one may drop its task, whose
    /// alarm then cancels itself), and a waker that panics costs only its
    /// own alarm.
    fn run(&self) {
        let mut alarms = lock(&self.alarms);
        let mut due = Vec::new();
        loop {
            let now = Instant::now();
            while let Some(entry) = alarms.set.first_entry() {
                if entry.key().0 > now {
                    break;
                }
                due.push(entry.remove());
            }
            if !due.is_empty() {
                drop(alarms);
                for waker in due.drain(..) {
                    let _ = panic::catch_unwind(AssertUnwindSafe(|| waker.wake()));
                }
                alarms = lock(&self.alarms);
                continue;
            }
            alarms = match alarms.set.keys().next() {
                Some(&(due, _)) => {
                    self.nearer
                        .wait_timeout(alarms, due.saturating_duration_since(now))
                        .unwrap_or_else(|p| p.into_inner())
                        .0
                }
                None => self.nearer.wait(alarms).unwrap_or_else(|p| p.into_inner()),
            };
        }
    }
}

/// An alarm that wakes a task at a deadline; dropping it cancels it.
#[derive(Debug)]
pub(crate) struct Alarm {
    key: (Instant, u64),
}

impl Alarm {
    /// Wakes `waker` once `due` has passed. Fails only when the process
    /// cannot start the thread that rings alarms.
    pub(crate) fn set(due: Instant, waker: &Waker) -> io::Result<Alarm> {
        let clock = clock().map_err(|e| io::Error::new(e.kind(), e.to_string()))?;
        let mut alarms = lock(&clock.alarms);
        let key = (due, alarms.next);
        alarms.next += 1;
        let nearest = alarms.set.keys().next().is_none_or(|first| key < *first);
        alarms.set.insert(key, waker.clone());
        drop(alarms);
        if nearest {
            clock.nearer.notify_one();
        }
        Ok(Alarm { key })
    }

    /// Wakes `waker` instead of the task given before. An alarm that has
    /// rung already (it may have woken the task given before) wakes
    /// `waker` now, so the deadline is never missed.
    pub(crate) fn rewake(&self, waker: &Waker) {
        let Ok(clock) = clock() else { return };
        let rung = match lock(&clock.alarms).set.get_mut(&self.key) {
            Some(kept) => {
                kept.clone_from(waker);
                false
            }
            None => true,
        };
        if rung {
            waker.wake_by_ref();
        }
    }
}

impl Drop for Alarm {
    fn drop(&mut self) {
        if let Ok(clock) = clock() {
            lock(&clock.alarms).set.remove(&self.key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::{
        sync::{
            Arc,
            atomic::{AtomicUsize, Ordering},
        },
        task::Wake,
        time::Duration,
    };

    struct Counting(AtomicUsize);

    impl Wake for Counting {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn alarms_ring_once_when_due_and_not_once_dropped() {
        let rung = Arc::new(Counting(AtomicUsize::new(0)));
        let waker = Waker::from(rung.clone());
        let soon = Alarm::set(Instant::now() + Duration::from_millis(20), &waker).unwrap();
        let dropped = Alarm::set(Instant::now() + Duration::from_millis(10), &waker).unwrap();
        drop(dropped);
        let deadline = Instant::now() + Duration::from_secs(10);
        while rung.0.load(Ordering::SeqCst) == 0 && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(5));
        }
        thread::sleep(Duration::from_millis(30));
        assert_eq!(rung.0.load(Ordering::SeqCst), 1, "only the alarm kept rang");
        drop(soon);
    }
}
