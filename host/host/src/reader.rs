//! The reader thread of one object: reads the worker's frames until its
//! stdout closes, routing each answer to its caller by id and each log
//! line to the host's log; then reaps the worker and records how it ended.

use std::{io::BufReader, process::ChildStdout, time::Duration};

use remoteobj_pipe::{SpinRead, SpinWindow};
use remoteobj_protocol::{FromWorker, PROTOCOL_VERSION, read_frame};

use crate::error::{DeathCause, Error, Exit, KillReason};
use crate::session::Session;

/// How long a worker that closed its output gets to exit before it is
/// killed (it normally exits at once).
const EXIT_GRACE: Duration = Duration::from_secs(1);

/// Reads `stdout` until it closes or breaks, then ends the session.
pub(crate) fn read_loop(session: &Session, stdout: ChildStdout) {
    let window = SpinWindow::new(session.settings.wait.spin());
    let mut reader = BufReader::with_capacity(64 * 1024, SpinRead::new(stdout, window));
    let mut cause = DeathCause::Ended;
    let mut load_failed: Option<String> = None;
    loop {
        let msg = match read_frame::<_, FromWorker>(&mut reader, session.settings.max_frame) {
            Ok(Some(msg)) => msg,
            Ok(None) => break,
            Err(e) => {
                cause = DeathCause::Protocol(format!("bad frame from the worker: {e}"));
                break;
            }
        };
        match msg {
            FromWorker::Hello { version, .. } if version != PROTOCOL_VERSION => {
                cause = DeathCause::Protocol(format!(
                    "protocol version mismatch: worker speaks v{version}, host speaks v{PROTOCOL_VERSION}"
                ));
                break;
            }
            FromWorker::Hello { .. } => {}
            FromWorker::Ready => session.listening(),
            FromWorker::LoadFailed { message } => load_failed = Some(message),
            FromWorker::Response { id, .. } if !session.was_sent(id) => {
                cause = DeathCause::Protocol(format!(
                    "the worker answered request {id}, which was never sent"
                ));
                break;
            }
            FromWorker::Response { id, result } => {
                session.deliver(id, result.map_err(Error::Remote));
            }
            FromWorker::RunEnded(end) => session.run_ended(end),
            FromWorker::Restarted { count, reason } => session.restarted(count, &reason),
            FromWorker::Log { stream, line } => {
                tracing::info!(target: "remoteobj::guest", object = %session.name, pid = session.pid, stream = stream.as_str(), "{line}");
            }
            FromWorker::Emitted(value) => session.emitted(value),
            FromWorker::Caught { group, error } => session.caught(group, error),
            FromWorker::Stopped { answering } => session.stopped_listening(&answering),
            FromWorker::Fatal { message } => cause = DeathCause::Fatal(message),
        }
    }
    // When the host stopped reading (a bad frame, a version it cannot
    // speak), the worker may be alive and waiting: it is killed now.
    // Otherwise it closed its side and is exiting: it gets time to say how.
    let host_gave_up = matches!(cause, DeathCause::Protocol(_));
    let closing = session.shared().life.is_closing();
    let reaped = session.reap(if host_gave_up && !closing {
        Duration::ZERO
    } else {
        EXIT_GRACE
    });
    if reaped.killed && !closing {
        cause = match cause {
            DeathCause::Ended => DeathCause::Killed(KillReason::NoExit(EXIT_GRACE)),
            DeathCause::Fatal(why) => DeathCause::Fatal(format!(
                "{why} (then it did not exit within {EXIT_GRACE:?}, and the host killed it)"
            )),
            other => other,
        };
    }
    let exit = reaped.status.ok().and_then(Exit::from_status);
    let death = match load_failed {
        Some(message) => Error::LoadFailed {
            object: session.name.clone(),
            message,
        },
        None => Error::WorkerDied {
            object: session.name.clone(),
            pid: session.pid,
            cause,
            exit,
            stderr_tail: session.stderr_tail(Duration::from_millis(500)),
        },
    };
    session.ended(death, exit);
}
