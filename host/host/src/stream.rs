//! The values an active object's loop emits as it runs (Python remoteobj's
//! process whose function yields: an iterator on the host), and the queue
//! they wait in until the host takes them.
//!
//! The queue is bounded by [`Host::stream_capacity`](crate::Host::stream_capacity):
//! the worker sends no more than that many values ahead of the host, which
//! gives room back (a `Credit`) for each value it takes, so a host that
//! falls behind slows the loop down (its `emit` waits, answering requests)
//! instead of losing values or growing a queue without bound.

use std::{collections::VecDeque, marker::PhantomData, sync::Arc};

use remoteobj_protocol::RunEnd;
use serde::de::DeserializeOwned;
use serde_bytes::ByteBuf;

use crate::error::Error;
use crate::session::Session;
use crate::value::decode;

/// Values emitted and not taken yet.
#[derive(Debug, Default)]
pub(crate) struct Emitted {
    values: VecDeque<ByteBuf>,
    /// Values taken whose room was not given back yet.
    owed: u32,
}

impl Emitted {
    /// Queues a value; false when `capacity` values wait already (a
    /// worker that sent more than the host gave room for).
    pub(crate) fn push(&mut self, value: ByteBuf, capacity: u32) -> bool {
        if self.values.len() >= capacity as usize {
            return false;
        }
        self.values.push_back(value);
        true
    }

    /// Takes the oldest value, and says how much room to give back now:
    /// a quarter of `capacity` at a time, and all that is owed when the
    /// queue runs empty (the host is about to wait for the loop, which may
    /// be waiting for room).
    fn pop(&mut self, capacity: u32) -> Option<(ByteBuf, u32)> {
        let value = self.values.pop_front()?;
        self.owed += 1;
        let credit = if self.values.is_empty() || self.owed >= (capacity / 4).max(1) {
            std::mem::take(&mut self.owed)
        } else {
            0
        };
        Some((value, credit))
    }

    fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// The values an active object's loop emits, decoded as `T`, as they come
/// (see [`RemoteObject::stream`](crate::RemoteObject::stream)).
///
/// Each item is a value, or the error that ended the stream: what the loop
/// failed with (or the trap that ended it), or why the object went away.
/// After the loop returns, the stream ends once the values it emitted are
/// taken; [`RemoteObject::join`](crate::RemoteObject::join) then gives what
/// it returned.
pub struct Stream<T> {
    session: Arc<Session>,
    /// The instance whose loop the stream follows.
    generation: u32,
    done: bool,
    _values: PhantomData<fn() -> T>,
}

impl<T> Stream<T> {
    pub(crate) fn new(session: Arc<Session>) -> Self {
        let generation = session.shared().life.restarts();
        Stream {
            session,
            generation,
            done: false,
            _values: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for Stream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stream")
            .field("object", &self.session.name)
            .field("done", &self.done)
            .finish()
    }
}

impl<T: DeserializeOwned> Iterator for Stream<T> {
    type Item = Result<T, Error>;

    /// Waits for the next value (as long as the loop runs without emitting
    /// one: [`RemoteObject::stop`](crate::RemoteObject::stop) asks it to
    /// finish).
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let session = &self.session;
        let generation = self.generation;
        let s = session.shared();
        let mut s = session.wait_while(s, None, |s| {
            s.emitted.is_empty()
                && s.life.run_of(generation).is_none()
                && (s.life.is_live() || s.life.is_reaping() || s.life.is_stopped())
        });
        if let Some((bytes, credit)) = s.emitted.pop(session.settings.stream_capacity) {
            drop(s);
            if credit > 0 {
                session.give_room(credit);
            }
            return Some(decode(&bytes));
        }
        self.done = true;
        match s.life.run_of(generation) {
            Some(RunEnd::Failed(e)) => Some(Err(Error::Remote(e.clone()))),
            Some(RunEnd::Returned(_)) => None,
            Some(RunEnd::NoLoop) => Some(Err(Error::NoRunLoop {
                object: session.name.clone(),
            })),
            None => Some(Err(s.life.error(&session.name))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn room_goes_back_in_quarters_and_all_of_it_when_the_queue_empties() {
        let mut q = Emitted::default();
        for i in 0..8u8 {
            assert!(q.push(ByteBuf::from(vec![i]), 8));
        }
        assert!(
            !q.push(ByteBuf::from(vec![9]), 8),
            "no more than the capacity"
        );
        let credits: Vec<u32> = std::iter::from_fn(|| q.pop(8).map(|(_, c)| c)).collect();
        assert_eq!(credits, [0, 2, 0, 2, 0, 2, 0, 2]);
        assert!(q.push(ByteBuf::from(vec![1]), 8));
        assert!(q.push(ByteBuf::from(vec![2]), 8));
        assert_eq!(q.pop(8).map(|(_, c)| c), Some(0));
        assert_eq!(q.pop(8).map(|(_, c)| c), Some(2), "empty: all that is owed");
    }
}
