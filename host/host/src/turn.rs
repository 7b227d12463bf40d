//! Whose turn it is to read the worker's output.
//!
//! A hand-off between threads costs a wake-up on each side, so the caller
//! waiting for an answer reads the pipe itself (leader/follower): the first
//! caller to wait takes the turn, reads frames and routes those that are not
//! its own, and steps back once its answer is in, waking one caller still
//! waiting to take over. The object's reader thread reads only once no
//! caller has for a little while ([`GRACE`], looked at every
//! [`CALLER_LOOK`] at most), so an idle object's log lines, emitted values
//! and death are still seen within milliseconds; it steps back once it has
//! handed an answer to a caller waiting for it (and routed what was
//! buffered behind it), since that caller is likely to send more. A future
//! awaiting its answer never reads: while one does, the reader thread takes
//! a free turn at once (its task woke it). The turn
//! lives with the in-flight table, under the session's lock: taking it and
//! finding one's answer in are one decision.

use std::time::{Duration, Instant};

/// How long the turn must have been free before the reader thread takes
/// it. Short enough that nobody notices a log line or a death late, long
/// enough that a caller sending request after request finds it free.
pub(crate) const GRACE: Duration = Duration::from_millis(2);

/// How often the reader thread looks at a turn a caller holds.
pub(crate) const CALLER_LOOK: Duration = Duration::from_millis(20);

/// Who reads the worker's output now.
#[derive(Debug)]
enum Reader {
    /// Nobody: the next caller to wait takes the turn, or the reader thread
    /// once it has been free for the grace period.
    Free { since: Instant },
    /// The reader thread.
    Thread,
    /// A caller waiting for its answer.
    Caller,
    /// The output ended or broke: nobody reads any more, and the reader
    /// thread settles how the worker ended.
    Finished,
}

/// Whose turn it is to read.
#[derive(Debug)]
pub(crate) struct Turn(Reader);

/// What the reader thread found when it asked for the turn.
pub(crate) enum ThreadTurn {
    /// It has the turn.
    Taken,
    /// Ask again after this long (or when woken).
    Later(Duration),
    /// The output ended: settle the end.
    Finished,
}

impl Turn {
    /// The reader thread reads first (the handshake, readiness).
    pub(crate) fn new() -> Self {
        Turn(Reader::Thread)
    }

    /// A waiting caller takes the turn if nobody has it.
    pub(crate) fn take_for_caller(&mut self) -> bool {
        let free = matches!(self.0, Reader::Free { .. });
        if free {
            self.0 = Reader::Caller;
        }
        free
    }

    /// The reader thread takes the turn if it has been free for the grace
    /// period, or at once when a future awaits an answer (`awaited`): a
    /// future never reads for itself.
    pub(crate) fn take_for_thread(&mut self, now: Instant, awaited: bool) -> ThreadTurn {
        match self.0 {
            Reader::Finished => ThreadTurn::Finished,
            Reader::Free { since } => match (since + GRACE).checked_duration_since(now) {
                Some(left) if !left.is_zero() && !awaited => ThreadTurn::Later(left),
                _ => {
                    self.0 = Reader::Thread;
                    ThreadTurn::Taken
                }
            },
            // A caller reads (for as long as its request takes): looked at
            // again now and then, not woken each time it steps back (a
            // wake-up per request is what the turn saves).
            Reader::Thread | Reader::Caller => ThreadTurn::Later(CALLER_LOOK),
        }
    }

    /// Whether nobody has the turn (and the output has not ended).
    pub(crate) fn is_free(&self) -> bool {
        matches!(self.0, Reader::Free { .. })
    }

    /// The reader steps back: the turn is free.
    pub(crate) fn give_back(&mut self) {
        if !matches!(self.0, Reader::Finished) {
            self.0 = Reader::Free {
                since: Instant::now(),
            };
        }
    }

    /// The output ended: nobody reads any more.
    pub(crate) fn finish(&mut self) {
        self.0 = Reader::Finished;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callers_take_a_free_turn_at_once_and_the_thread_after_the_grace() {
        let mut turn = Turn::new();
        assert!(!turn.take_for_caller(), "the reader thread reads first");
        let now = Instant::now();
        turn.give_back();
        assert!(matches!(
            turn.take_for_thread(now, false),
            ThreadTurn::Later(_)
        ));
        assert!(turn.is_free());
        assert!(turn.take_for_caller());
        assert!(!turn.take_for_caller(), "one reader at a time");
        assert!(matches!(
            turn.take_for_thread(now, true),
            ThreadTurn::Later(CALLER_LOOK)
        ));
        turn.give_back();
        assert!(matches!(
            turn.take_for_thread(Instant::now() + GRACE, false),
            ThreadTurn::Taken
        ));
        turn.give_back();
        assert!(
            matches!(
                turn.take_for_thread(Instant::now(), true),
                ThreadTurn::Taken
            ),
            "a future awaits: no grace"
        );
        turn.finish();
        turn.give_back();
        assert!(!turn.take_for_caller(), "nobody reads a finished output");
        assert!(matches!(
            turn.take_for_thread(Instant::now(), true),
            ThreadTurn::Finished
        ));
    }
}
