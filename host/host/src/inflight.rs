//! The in-flight table: the requests registered and not answered yet, the
//! answers their callers have not taken yet, and the callers parked until
//! theirs comes. Nothing in it is allocated per request once its maps have
//! grown to the object's usual load: an answer is handed over in the table,
//! a parked caller is woken through its thread handle, and a future
//! awaiting its answer through its task's waker.

use std::{collections::HashMap, task::Waker, thread::Thread};

use remoteobj_protocol::Reply;

use crate::error::Error;

/// What a waiting caller receives.
pub(crate) type Answer = Result<Reply, Error>;

/// A request registered and not answered yet.
struct Waiter {
    /// Its frame is written (it counts in `pending_requests`).
    sent: bool,
    /// Its caller dropped the pending reply: the answer is not kept.
    abandoned: bool,
    /// The task of the future awaiting it, woken when its answer comes.
    waker: Option<Waker>,
}

/// The requests registered and not answered yet, and the answers not taken.
#[derive(Default)]
pub(crate) struct InFlight {
    waiting: HashMap<u64, Waiter>,
    answered: HashMap<u64, Answer>,
    /// Callers waiting (spinning, then parked) until their answer comes or
    /// they are asked to take the turn at reading.
    parked: Vec<(u64, Thread)>,
    /// How many waiters have a waker: futures, which never read the
    /// worker's output themselves, so the reader thread must.
    awaited: usize,
}

/// What became of an answer handed to the table.
#[derive(Debug)]
pub(crate) enum Delivery {
    /// Kept for its caller; `waiting` when that caller is a thread waiting
    /// for it now (and was woken); `waker`, the task of the future awaiting
    /// it, to wake once the table's lock is released (a waker may run the
    /// task, or drop it, which would take the lock again).
    Kept { waiting: bool, waker: Option<Waker> },
    /// Nobody takes it (a post, or a request timed out or abandoned): given
    /// back.
    Unclaimed(Answer),
}

impl InFlight {
    /// How many are registered and unanswered (sent or about to be).
    pub(crate) fn len(&self) -> usize {
        self.waiting.len()
    }

    /// How many were written to the worker and wait for their answer.
    pub(crate) fn sent(&self) -> usize {
        self.waiting.values().filter(|w| w.sent).count()
    }

    /// Registers request `id`, whose answer is then kept for
    /// [`take`](Self::take).
    pub(crate) fn register(&mut self, id: u64) {
        self.waiting.insert(
            id,
            Waiter {
                sent: false,
                abandoned: false,
                waker: None,
            },
        );
    }

    /// The future awaiting request `id` is woken through `waker` when the
    /// answer comes (replacing the waker it gave before); false when the
    /// request is not waiting any more (answered, or forgotten).
    pub(crate) fn set_waker(&mut self, id: u64, waker: &Waker) -> bool {
        let Some(waiter) = self.waiting.get_mut(&id) else {
            return false;
        };
        match &mut waiter.waker {
            Some(old) => old.clone_from(waker),
            none => {
                *none = Some(waker.clone());
                self.awaited += 1;
            }
        }
        true
    }

    /// Whether a future awaits an answer: someone must read for it.
    pub(crate) fn is_awaited(&self) -> bool {
        self.awaited > 0
    }

    /// Takes a waiter out of the table, keeping the count of wakers true.
    fn remove_waiter(&mut self, id: u64) -> Option<Waiter> {
        let waiter = self.waiting.remove(&id)?;
        if waiter.waker.is_some() {
            self.awaited -= 1;
        }
        Some(waiter)
    }

    /// Request `id`'s frame was written.
    pub(crate) fn mark_sent(&mut self, id: u64) {
        if let Some(waiter) = self.waiting.get_mut(&id) {
            waiter.sent = true;
        }
    }

    /// Request `id`'s answer, if it came.
    pub(crate) fn take(&mut self, id: u64) -> Option<Answer> {
        self.answered.remove(&id)
    }

    /// Forgets request `id` (it timed out, or was never sent); an answer
    /// that came meanwhile is given back.
    pub(crate) fn forget(&mut self, id: u64) -> Option<Answer> {
        self.remove_waiter(id);
        self.answered.remove(&id)
    }

    /// Request `id`'s caller will not take its answer: one that came is
    /// dropped, one still to come is dropped when it comes.
    pub(crate) fn abandon(&mut self, id: u64) {
        self.unpark(id);
        if self.answered.remove(&id).is_none()
            && let Some(waiter) = self.waiting.get_mut(&id)
        {
            waiter.abandoned = true;
            if waiter.waker.take().is_some() {
                self.awaited -= 1;
            }
        }
    }

    /// Keeps `answer` for request `id`'s caller (waking it if it waits);
    /// gives it back when nobody takes it (a post, or a request timed out
    /// or abandoned).
    #[must_use = "an answer nobody waits for is given back"]
    pub(crate) fn deliver(&mut self, id: u64, answer: Answer) -> Delivery {
        match self.remove_waiter(id) {
            Some(waiter) if !waiter.abandoned => {
                self.answered.insert(id, answer);
                // A future's task does not read: it is not counted as a
                // caller waiting to take over the turn.
                Delivery::Kept {
                    waiting: self.wake(id),
                    waker: waiter.waker,
                }
            }
            _ => Delivery::Unclaimed(answer),
        }
    }

    /// Whether request `id`'s answer is in.
    pub(crate) fn is_answered(&self, id: u64) -> bool {
        self.answered.contains_key(&id)
    }

    /// Fails every request still waiting with `error`; returns the wakers
    /// of the futures awaiting them, to wake once the lock is released.
    #[must_use = "the futures failed must be woken"]
    pub(crate) fn fail_all(&mut self, error: &Error) -> Vec<Waker> {
        self.fail_all_but(&[], error)
    }

    /// Fails every request still waiting with `error`, except those in
    /// `keep` (they are still to be answered); returns the wakers of the
    /// futures awaiting them.
    #[must_use = "the futures failed must be woken"]
    pub(crate) fn fail_all_but(&mut self, keep: &[u64], error: &Error) -> Vec<Waker> {
        let failed: Vec<u64> = self
            .waiting
            .keys()
            .copied()
            .filter(|id| !keep.contains(id))
            .collect();
        let mut wakers = Vec::new();
        for id in failed {
            if let Delivery::Kept {
                waker: Some(waker), ..
            } = self.deliver(id, Err(error.clone()))
            {
                wakers.push(waker);
            }
        }
        wakers
    }

    /// The caller of request `id` waits on `thread` (spinning, then
    /// parked) until its answer comes.
    pub(crate) fn park(&mut self, id: u64, thread: Thread) {
        self.parked.push((id, thread));
    }

    /// The caller of request `id` no longer waits.
    pub(crate) fn unpark(&mut self, id: u64) {
        if let Some(at) = self.parked.iter().position(|(p, _)| *p == id) {
            self.parked.swap_remove(at);
        }
    }

    /// Wakes one parked caller whose answer has not come, to take the turn
    /// at reading; false when there is none.
    pub(crate) fn wake_a_reader(&self) -> bool {
        let next = self
            .parked
            .iter()
            .find(|(id, _)| !self.answered.contains_key(id));
        if let Some((_, thread)) = next {
            thread.unpark();
        }
        next.is_some()
    }

    /// Wakes the caller waiting for `id`; false when none waits.
    fn wake(&self, id: u64) -> bool {
        let mut woke = false;
        for (_, thread) in self.parked.iter().filter(|(p, _)| *p == id) {
            thread.unpark();
            woke = true;
        }
        woke
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_bytes::ByteBuf;

    fn value() -> Answer {
        Ok(Reply::Value(ByteBuf::from(vec![0xf6])))
    }

    fn kept(delivery: Delivery) -> bool {
        matches!(delivery, Delivery::Kept { waiting: false, .. })
    }

    #[test]
    fn answers_reach_their_own_callers_once() {
        let mut table = InFlight::default();
        table.register(1);
        table.register(2);
        table.mark_sent(1);
        assert_eq!((table.len(), table.sent()), (2, 1));
        assert!(kept(table.deliver(2, value())));
        assert_eq!(table.len(), 1, "an answered request is not in flight");
        assert!(table.take(2).unwrap().is_ok());
        assert!(table.take(1).is_none(), "1 is not answered yet");
        // Nobody waits for 2 any more, nor for 7: the answer comes back.
        assert!(!kept(table.deliver(2, value())));
        assert!(!kept(table.deliver(7, value())));
        table.register(3);
        let _ = table.fail_all_but(&[3], &Error::Protocol("gone".into()));
        assert!(matches!(table.take(1), Some(Err(Error::Protocol(_)))));
        assert!(table.take(3).is_none(), "3 is still to be answered");
        table.register(1);
        let _ = table.fail_all(&Error::Protocol("gone".into()));
        assert!(table.take(3).unwrap().is_err());
        assert!(matches!(table.take(1), Some(Err(Error::Protocol(_)))));
        assert_eq!(table.len(), 0);
    }

    #[test]
    fn abandoned_and_forgotten_answers_are_not_kept() {
        let mut table = InFlight::default();
        table.register(1);
        table.abandon(1);
        assert!(!kept(table.deliver(1, value())), "given back, not kept");
        table.register(2);
        assert!(kept(table.deliver(2, value())));
        table.abandon(2);
        assert!(table.take(2).is_none(), "dropped with its caller");
        table.register(3);
        assert!(table.forget(3).is_none());
        assert!(!kept(table.deliver(3, value())));
        table.register(4);
        assert!(kept(table.deliver(4, value())));
        assert!(table.forget(4).is_some(), "an answer that came in time");
        assert_eq!(table.len(), 0);
        assert!(table.answered.is_empty());
    }

    /// Counts its wake-ups.
    struct Counting(std::sync::atomic::AtomicUsize);

    impl std::task::Wake for Counting {
        fn wake(self: std::sync::Arc<Self>) {
            self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
    }

    #[test]
    fn an_awaited_answer_wakes_its_task_and_the_count_of_futures_stays_true() {
        use std::sync::{Arc, atomic::Ordering};
        let counting = Arc::new(Counting(Default::default()));
        let waker = Waker::from(counting.clone());
        let mut table = InFlight::default();
        assert!(!table.set_waker(1, &waker), "1 is not registered");
        for id in 1..=4 {
            table.register(id);
            assert!(table.set_waker(id, &waker));
        }
        assert!(
            table.set_waker(1, &waker),
            "a second poll replaces the waker"
        );
        assert!(table.is_awaited());
        let Delivery::Kept {
            waiting: false,
            waker: Some(woken),
        } = table.deliver(1, value())
        else {
            panic!("1's waker is handed back");
        };
        woken.wake();
        assert_eq!(counting.0.load(Ordering::SeqCst), 1);
        assert!(table.forget(2).is_none());
        table.abandon(3);
        let failed = table.fail_all(&Error::Protocol("gone".into()));
        assert_eq!(failed.len(), 1, "4 was failed; 3 was abandoned");
        assert!(!table.is_awaited());
        assert_eq!(table.awaited, 0);
    }

    #[test]
    fn a_parked_caller_is_woken_by_its_answer_or_to_read() {
        let mut table = InFlight::default();
        let me = std::thread::current();
        table.register(1);
        table.register(2);
        table.park(1, me.clone());
        table.park(2, me);
        assert!(matches!(
            table.deliver(1, value()),
            Delivery::Kept { waiting: true, .. }
        ));
        assert!(table.is_answered(1));
        // 1's answer is in: 2 is the one asked to read.
        assert!(table.wake_a_reader());
        table.unpark(2);
        assert!(!table.wake_a_reader(), "1 has its answer");
        table.unpark(1);
        assert!(table.parked.is_empty());
    }
}
