//! The values an active object's loop emits as it runs (Python remoteobj's
//! process whose function yields: an iterator on the host), and the queue
//! they wait in until the host takes them.
//!
//! The queue is bounded by [`Host::stream_capacity`](crate::Host::stream_capacity):
//! the worker sends no more than that many values ahead of the host, which
//! gives room back (a `Credit`) for each value it takes, so a host that
//! falls behind slows the loop down (its `emit` waits, answering requests)
//! instead of losing values or growing a queue without bound.

use std::{collections::VecDeque, marker::PhantomData, sync::Arc, time::Duration};

use remoteobj_protocol::RunEnd;
use serde::de::DeserializeOwned;
use serde_bytes::ByteBuf;

use crate::error::Error;
use crate::session::Session;
use crate::value::decode;

/// Values emitted and not taken yet, each with the instance whose loop
/// emitted it (the restarts before it).
#[derive(Debug, Default)]
pub(crate) struct Emitted {
    values: VecDeque<(u32, ByteBuf)>,
    /// Values taken (or skipped) whose room was not given back yet.
    owed: u32,
}

impl Emitted {
    /// Queues a value the loop of instance `generation` emitted; false when
    /// `capacity` values wait already (a worker that sent more than the
    /// host gave room for).
    pub(crate) fn push(&mut self, value: ByteBuf, generation: u32, capacity: u32) -> bool {
        if self.values.len() >= capacity as usize {
            return false;
        }
        self.values.push_back((generation, value));
        true
    }

    /// Drops the values of loops before instance `generation`: a stream
    /// following a later loop skips them (their room goes back).
    fn drop_before(&mut self, generation: u32) {
        while self.values.front().is_some_and(|(g, _)| *g < generation) {
            self.values.pop_front();
            self.owed += 1;
        }
    }

    /// Whether the oldest value waiting is one of instance `generation`'s.
    fn has(&self, generation: u32) -> bool {
        self.values.front().is_some_and(|(g, _)| *g == generation)
    }

    /// Takes the oldest value if instance `generation`'s loop emitted it,
    /// and says how much room to give back now: a quarter of `capacity` at
    /// a time, and all that is owed when the queue runs empty (the host is
    /// about to wait for the loop, which may be waiting for room).
    fn pop(&mut self, generation: u32, capacity: u32) -> Option<(ByteBuf, u32)> {
        if !self.has(generation) {
            return None;
        }
        let (_, value) = self.values.pop_front()?;
        self.owed += 1;
        let credit = if self.values.is_empty() || self.owed >= (capacity / 4).max(1) {
            self.take_owed()
        } else {
            0
        };
        Some((value, credit))
    }

    /// The room owed, to be given back now.
    fn take_owed(&mut self) -> u32 {
        std::mem::take(&mut self.owed)
    }

    /// Room that could not be given back, to be tried again.
    pub(crate) fn owe(&mut self, values: u32) {
        self.owed = self.owed.saturating_add(values);
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
        let session = self.session.clone();
        let generation = self.generation;
        let capacity = session.settings.stream_capacity;
        // After a room message that could not be written: how long to wait
        // before it is tried again.
        let mut retry = None;
        loop {
            let mut s = session.shared();
            s.emitted.drop_before(generation);
            if let Some((bytes, credit)) = s.emitted.pop(generation, capacity) {
                drop(s);
                session.give_room(credit);
                return Some(decode(&bytes));
            }
            // Nothing of this loop's waits: the room owed goes back before
            // the host waits, or the loop may wait for it too.
            // (Not while a failed one waits to be tried again: the room
            // stays owed meanwhile.)
            let owed = if retry.is_none() {
                s.emitted.take_owed()
            } else {
                0
            };
            if owed > 0 {
                drop(s);
                if !session.give_room(owed) {
                    retry = Some(Duration::from_secs(1));
                }
                continue;
            }
            let s = session.wait_while(s, retry, |s| {
                !s.emitted.has(generation)
                    && s.life.run_of(generation).is_none()
                    && (s.life.is_live() || s.life.is_reaping() || s.life.is_stopped())
            });
            if s.emitted.has(generation) {
                continue;
            }
            match s.life.run_of(generation) {
                Some(end) => {
                    self.done = true;
                    return match end {
                        RunEnd::Failed(e) => Some(Err(Error::Remote(e.clone()))),
                        RunEnd::Returned(_) => None,
                        RunEnd::NoLoop => Some(Err(Error::NoRunLoop {
                            object: session.name.clone(),
                        })),
                    };
                }
                None if !(s.life.is_live() || s.life.is_reaping() || s.life.is_stopped()) => {
                    self.done = true;
                    return Some(Err(s.life.error(&session.name)));
                }
                // Woken to try the room message again.
                None => retry = None,
            }
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
            assert!(q.push(ByteBuf::from(vec![i]), 0, 8));
        }
        assert!(
            !q.push(ByteBuf::from(vec![9]), 0, 8),
            "no more than the capacity"
        );
        let credits: Vec<u32> = std::iter::from_fn(|| q.pop(0, 8).map(|(_, c)| c)).collect();
        assert_eq!(credits, [0, 2, 0, 2, 0, 2, 0, 2]);
        assert!(q.push(ByteBuf::from(vec![1]), 0, 8));
        assert!(q.push(ByteBuf::from(vec![2]), 0, 8));
        assert_eq!(q.pop(0, 8).map(|(_, c)| c), Some(0));
        assert_eq!(
            q.pop(0, 8).map(|(_, c)| c),
            Some(2),
            "empty: all that is owed"
        );
    }

    #[test]
    fn a_stream_takes_only_its_own_loops_values() {
        let mut q = Emitted::default();
        q.push(ByteBuf::from(vec![1]), 0, 8);
        q.push(ByteBuf::from(vec![2]), 1, 8);
        // A stream of instance 1 skips instance 0's value (room owed)...
        assert!(q.pop(1, 8).is_none(), "not before the older one is dropped");
        q.drop_before(1);
        assert_eq!(
            q.pop(1, 8).map(|(v, c)| (v.into_vec(), c)),
            Some((vec![2], 2))
        );
        // ...and one of instance 0 never takes instance 1's.
        q.push(ByteBuf::from(vec![3]), 1, 8);
        q.drop_before(0);
        assert!(q.pop(0, 8).is_none());
        q.owe(3);
        assert_eq!(q.take_owed(), 3);
    }
}
