//! What the worker's readers and consumers share about the host's
//! messages: control messages are acted on the moment they are read, not
//! when the consumer gets to them, because an active object's loop may be
//! busy and leave the queue unread:
//! - [`ToWorker::Stop`] and [`ToWorker::Shutdown`] raise the stop flag that
//!   the guest's `should-stop` reads;
//! - [`ToWorker::Cancel`] and `Shutdown(Pending::Cancel)` mark requests that
//!   are still queued as withdrawn; the consumer then skips them, so they
//!   never run.
//!
//! - [`ToWorker::Credit`] adds to what the loop may still emit; it is
//!   forwarded too, so a loop waiting for room wakes up (a loop that is
//!   not waiting for room takes no notice).
//!
//! A [`ToWorker::Batch`] is unpacked into its requests as it arrives, and so
//! is a [`ToWorker::Post`]; consumers see plain requests, and the marks made
//! here say how each is answered ([`Answering`]).

use std::{
    collections::{HashMap, HashSet},
    sync::{
        Mutex,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
};

use remoteobj_pipe::lock;
use remoteobj_protocol::{Pending, ToWorker};

/// Requests that arrived and were not taken yet, and those of them the host
/// withdrew; requests that came in a batch or as posts, until answered.
#[derive(Default)]
struct Queue {
    waiting: HashSet<u64>,
    cancelled: HashSet<u64>,
    /// Came in a [`ToWorker::Batch`]: the batch it belongs to (its first
    /// id); the answer is held back while others of that batch are still
    /// to come.
    batched: HashMap<u64, u64>,
    /// Answers still to come per batch.
    batch_left: HashMap<u64, usize>,
    /// Came as a [`ToWorker::Post`]: only a failure is answered.
    quiet: HashSet<u64>,
}

impl Queue {
    /// Request `id` is answered (or dropped): whether others of its batch
    /// are still to come.
    fn batch_answered(&mut self, id: u64) -> bool {
        let Some(key) = self.batched.remove(&id) else {
            return false;
        };
        match self.batch_left.get_mut(&key) {
            Some(left) if *left > 1 => {
                *left -= 1;
                true
            }
            _ => {
                self.batch_left.remove(&key);
                false
            }
        }
    }
}

/// How an answer is written.
pub(crate) struct Answering {
    /// A post's success: nothing is written.
    pub(crate) silent: bool,
    /// A batch answer with more of a batch to come: held back.
    pub(crate) hold: bool,
}

/// What the readers and the consumers share.
#[derive(Default)]
pub(crate) struct Control {
    stop: AtomicBool,
    /// Shutdown arrived, or the input ended.
    closing: AtomicBool,
    queue: Mutex<Queue>,
    /// How many more values the loop may emit before the host takes some.
    credit: AtomicU64,
    /// The loop's last emit found no room: it waits for some.
    wants_room: AtomicBool,
}

impl Control {
    /// Acts on `msg` as it arrives; false when it needs no forwarding.
    fn arrived(&self, msg: &ToWorker) -> bool {
        match msg {
            ToWorker::Request(request) => {
                lock(&self.queue).waiting.insert(request.id);
            }
            ToWorker::Cancel { id } => {
                let mut queue = lock(&self.queue);
                if queue.waiting.contains(id) {
                    queue.cancelled.insert(*id);
                }
                return false;
            }
            ToWorker::Stop => self.stop.store(true, Ordering::SeqCst),
            ToWorker::Shutdown(pending) => {
                // Withdrawn before the loop can see the stop and take them.
                if *pending == Pending::Cancel {
                    let mut queue = lock(&self.queue);
                    let waiting: Vec<u64> = queue.waiting.iter().copied().collect();
                    queue.cancelled.extend(waiting);
                }
                self.closing.store(true, Ordering::SeqCst);
                self.stop.store(true, Ordering::SeqCst);
            }
            ToWorker::Credit(n) => {
                self.credit.fetch_add(u64::from(*n), Ordering::SeqCst);
            }
            ToWorker::Hello { .. } | ToWorker::Load(_) => {}
            // Unpacked by `unpack` as they are read.
            ToWorker::Batch(_) | ToWorker::Post(_) => {}
        }
        true
    }

    /// The input ended or broke: like `Shutdown`, the loop is asked to
    /// finish.
    pub(crate) fn input_ended(&self) {
        self.closing.store(true, Ordering::SeqCst);
        self.stop.store(true, Ordering::SeqCst);
    }

    /// Acts on `msg` as it arrives and returns the messages to forward: a
    /// batch or a post becomes its plain requests, marked.
    pub(crate) fn unpack(&self, msg: ToWorker) -> Vec<ToWorker> {
        let (requests, batched) = match msg {
            ToWorker::Batch(requests) => (requests, true),
            ToWorker::Post(request) => (vec![request], false),
            other => {
                return if self.arrived(&other) {
                    vec![other]
                } else {
                    Vec::new()
                };
            }
        };
        let mut queue = lock(&self.queue);
        match requests.first() {
            Some(first) if batched => {
                let key = first.id;
                for r in &requests {
                    if queue.batched.insert(r.id, key).is_none() {
                        *queue.batch_left.entry(key).or_default() += 1;
                    }
                }
            }
            _ => queue.quiet.extend(requests.iter().map(|r| r.id)),
        }
        queue.waiting.extend(requests.iter().map(|r| r.id));
        requests.into_iter().map(ToWorker::Request).collect()
    }

    /// How the answer to `id` is written (and forgets its marks).
    pub(crate) fn answering(&self, id: u64, ok: bool) -> Answering {
        let mut queue = lock(&self.queue);
        let silent = queue.quiet.remove(&id) && ok;
        let hold = queue.batch_answered(id);
        Answering { silent, hold }
    }

    /// Whether a message taken off the queue is still wanted.
    pub(crate) fn wanted(&self, msg: &ToWorker) -> bool {
        match msg {
            ToWorker::Request(request) => {
                let mut queue = lock(&self.queue);
                queue.waiting.remove(&request.id);
                let wanted = !queue.cancelled.remove(&request.id);
                if !wanted {
                    // Never answered: no mark may hold other answers back.
                    queue.batch_answered(request.id);
                    queue.quiet.remove(&request.id);
                }
                wanted
            }
            _ => true,
        }
    }

    /// Whether the loop was asked to finish (`Stop`, `Shutdown`, or the end
    /// of input).
    pub(crate) fn stop_requested(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// Whether the host closed the session (`Shutdown`, or the end of
    /// input), as far as the readers have seen.
    pub(crate) fn closing(&self) -> bool {
        self.closing.load(Ordering::SeqCst)
    }

    /// Asks a running loop to finish.
    pub(crate) fn request_stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
    }

    /// Sets how many values the loop may emit before the host takes any
    /// (the host's stream capacity, from its `Load`).
    pub(crate) fn set_credit(&self, values: u32) {
        self.credit.store(u64::from(values), Ordering::SeqCst);
    }

    /// Whether the loop waits for room in its stream and there is some
    /// now.
    pub(crate) fn room_for_waiting_loop(&self) -> bool {
        self.wants_room.load(Ordering::SeqCst) && self.credit.load(Ordering::SeqCst) > 0
    }

    /// Whether a `Credit` should wake the loop's current wait: its last
    /// emit found no room, and no stop was asked (after one the loop gives
    /// up emitting rather than wait).
    pub(crate) fn loop_wants_room(&self) -> bool {
        self.wants_room.load(Ordering::SeqCst) && !self.stop_requested()
    }

    /// The loop's wait for room is over (whatever ended it): a `Credit`
    /// wakes only the wait that follows a failed emit.
    pub(crate) fn room_wait_over(&self) {
        self.wants_room.store(false, Ordering::SeqCst);
    }

    /// Takes room for one emitted value; false when there is none (the
    /// loop then waits for some).
    pub(crate) fn take_credit(&self) -> bool {
        let taken = self
            .credit
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |c| c.checked_sub(1))
            .is_ok();
        self.wants_room.store(!taken, Ordering::SeqCst);
        taken
    }

    /// Gives back room taken for a value that was not sent.
    pub(crate) fn give_back_credit(&self) {
        self.credit.fetch_add(1, Ordering::SeqCst);
    }

    /// Whether request `id` is marked withdrawn.
    #[cfg(test)]
    pub(crate) fn is_cancelled(&self, id: u64) -> bool {
        lock(&self.queue).cancelled.contains(&id)
    }
}
