//! The in-flight table: one waiter per request registered and not answered
//! yet, each with its own channel, so answers are routed to their callers
//! by id and no lock is held across a round trip.

use std::{
    collections::HashMap,
    sync::mpsc::{self, Receiver, SyncSender},
};

use remoteobj_protocol::Reply;

use crate::error::Error;

/// What a waiting caller receives.
pub(crate) type Answer = Result<Reply, Error>;

/// A caller waiting for its answer.
struct Waiter {
    tx: SyncSender<Answer>,
    /// Its frame is written (it counts in `pending_requests`).
    sent: bool,
}

/// The requests registered and not answered yet.
#[derive(Default)]
pub(crate) struct InFlight {
    waiters: HashMap<u64, Waiter>,
}

impl InFlight {
    /// How many are registered (sent or about to be).
    pub(crate) fn len(&self) -> usize {
        self.waiters.len()
    }

    /// How many were written to the worker and wait for their answer.
    pub(crate) fn sent(&self) -> usize {
        self.waiters.values().filter(|w| w.sent).count()
    }

    /// Registers request `id`; its answer comes on the receiver (which has
    /// room for it, so delivering never blocks).
    pub(crate) fn register(&mut self, id: u64) -> Receiver<Answer> {
        let (tx, rx) = mpsc::sync_channel(1);
        self.waiters.insert(id, Waiter { tx, sent: false });
        rx
    }

    /// Request `id`'s frame was written.
    pub(crate) fn mark_sent(&mut self, id: u64) {
        if let Some(waiter) = self.waiters.get_mut(&id) {
            waiter.sent = true;
        }
    }

    /// Forgets request `id` (it timed out, or was never sent).
    pub(crate) fn remove(&mut self, id: u64) {
        self.waiters.remove(&id);
    }

    /// Hands `answer` to request `id`'s caller; gives it back when nobody
    /// waits for it (a post, or a request that timed out).
    #[must_use = "an answer nobody waits for is given back"]
    pub(crate) fn deliver(&mut self, id: u64, answer: Answer) -> Option<Answer> {
        match self.waiters.remove(&id) {
            Some(waiter) => {
                // A caller that dropped its pending reply is gone: its
                // answer is dropped here.
                let _ = waiter.tx.send(answer);
                None
            }
            None => Some(answer),
        }
    }

    /// Fails every request still waiting with `error`.
    pub(crate) fn fail_all(&mut self, error: &Error) {
        self.fail_all_but(&[], error);
    }

    /// Fails every request still waiting with `error`, except those in
    /// `keep` (they are still to be answered).
    pub(crate) fn fail_all_but(&mut self, keep: &[u64], error: &Error) {
        self.waiters.retain(|id, waiter| {
            if keep.contains(id) {
                return true;
            }
            let _ = waiter.tx.send(Err(error.clone()));
            false
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_bytes::ByteBuf;

    fn value() -> Answer {
        Ok(Reply::Value(ByteBuf::from(vec![0xf6])))
    }

    #[test]
    fn answers_reach_their_own_callers_once() {
        let mut table = InFlight::default();
        let one = table.register(1);
        let two = table.register(2);
        table.mark_sent(1);
        assert_eq!((table.len(), table.sent()), (2, 1));
        assert!(table.deliver(2, value()).is_none());
        assert!(two.try_recv().unwrap().is_ok());
        assert!(one.try_recv().is_err(), "1 is not answered yet");
        // Nobody waits for 2 any more, nor for 7: the answer comes back.
        assert!(table.deliver(2, value()).is_some());
        assert!(table.deliver(7, value()).is_some());
        let three = table.register(3);
        table.fail_all_but(&[3], &Error::Protocol("gone".into()));
        assert!(matches!(one.try_recv().unwrap(), Err(Error::Protocol(_))));
        assert!(three.try_recv().is_err(), "3 is still to be answered");
        let one = table.register(1);
        table.fail_all(&Error::Protocol("gone".into()));
        assert!(three.try_recv().unwrap().is_err());
        assert!(matches!(one.try_recv().unwrap(), Err(Error::Protocol(_))));
        assert_eq!(table.len(), 0);
    }

    #[test]
    fn a_dropped_receiver_does_not_block_delivery() {
        let mut table = InFlight::default();
        drop(table.register(1));
        assert!(table.deliver(1, value()).is_none());
        let _rx = table.register(2);
        table.remove(2);
        assert!(table.deliver(2, value()).is_some());
    }
}
