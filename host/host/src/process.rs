//! A worker process from spawn to reaped: waiting for it, killing it with
//! its process group, and never signalling a process group once the
//! worker is reaped (its pid, which is also the group's id, may then belong
//! to another process).

use std::{
    io,
    process::{Child, ExitStatus},
    sync::Mutex,
    thread,
    time::{Duration, Instant},
};

use remoteobj_pipe::lock;
use rustix::process::{Pid, Signal, kill_process_group};

/// A worker process, leader of its own process group (see
/// [`spawn`](crate::spawn::spawn)).
#[derive(Debug)]
pub(crate) struct WorkerProcess {
    child: Child,
    /// The status it was reaped with, once it was: from then on its pid is
    /// not ours any more.
    reaped: Option<ExitStatus>,
    /// Sends `SIGKILL` to the process group with this id (the tests watch
    /// what is sent).
    kill_group: fn(Pid),
}

/// How [`reap_within`] ended a process.
#[derive(Debug)]
pub(crate) struct Reaped {
    /// The status it ended with, or why it could not be waited for.
    pub(crate) status: io::Result<ExitStatus>,
    /// It did not exit within the grace period and was killed.
    pub(crate) killed: bool,
}

impl WorkerProcess {
    /// Takes over a child started in its own process group.
    pub(crate) fn new(child: Child) -> Self {
        WorkerProcess {
            child,
            reaped: None,
            kill_group: |pid| {
                let _ = kill_process_group(pid, Signal::KILL);
            },
        }
    }

    /// Its process id.
    pub(crate) fn id(&self) -> u32 {
        self.child.id()
    }

    /// The status it ended with, reaping it if it has just exited; `None`
    /// while it runs. Does not wait.
    pub(crate) fn try_reap(&mut self) -> io::Result<Option<ExitStatus>> {
        if self.reaped.is_none() {
            self.reaped = self.child.try_wait()?;
        }
        Ok(self.reaped)
    }

    /// Sends `SIGKILL` to its process group, which takes along anything it
    /// started. Nothing is sent once it is reaped.
    fn signal_group(&self) {
        if self.reaped.is_some() {
            return;
        }
        // Not reaped, so not reusable: the group id is still the worker's.
        // (A pid of 0 or 1 would mean every process: never.)
        let pid = i32::try_from(self.child.id()).ok().filter(|&pid| pid > 1);
        if let Some(pid) = pid.and_then(Pid::from_raw) {
            (self.kill_group)(pid);
        }
    }

    /// Kills it (and its process group, unless it is reaped already) and
    /// reaps it; the status it ended with.
    pub(crate) fn kill_and_reap(&mut self) -> io::Result<ExitStatus> {
        if let Some(status) = self.reaped {
            return Ok(status);
        }
        self.signal_group();
        // In case it left its group: the process itself (std checks that it
        // is not reaped).
        let _ = self.child.kill();
        let status = self.child.wait()?;
        self.reaped = Some(status);
        Ok(status)
    }
}

/// Waits up to `grace` for the process to exit, then kills it; reaps it
/// either way. The lock is taken only for each look, so that others (a
/// `kill` on another thread) get their turn meanwhile.
pub(crate) fn reap_within(process: &Mutex<WorkerProcess>, grace: Duration) -> Reaped {
    let deadline = remoteobj_pipe::deadline_after(grace);
    loop {
        let mut p = lock(process);
        match p.try_reap() {
            Ok(Some(status)) => {
                return Reaped {
                    status: Ok(status),
                    killed: false,
                };
            }
            Err(e) => {
                return Reaped {
                    status: Err(e),
                    killed: false,
                };
            }
            Ok(None) if Instant::now() >= deadline => {
                return Reaped {
                    status: p.kill_and_reap(),
                    killed: true,
                };
            }
            Ok(None) => {
                drop(p);
                thread::sleep(Duration::from_millis(2));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::process::{CommandExt, ExitStatusExt};
    use std::process::Command;

    fn start(script: &str) -> WorkerProcess {
        WorkerProcess::new(
            Command::new("/bin/sh")
                .args(["-c", script])
                .process_group(0)
                .spawn()
                .unwrap(),
        )
    }

    thread_local! {
        static SIGNALLED: std::cell::RefCell<Vec<i32>> = const { std::cell::RefCell::new(Vec::new()) };
    }

    /// A process whose group kills are recorded, not sent.
    fn watched(script: &str) -> WorkerProcess {
        let mut p = start(script);
        p.kill_group = |pid| SIGNALLED.with(|s| s.borrow_mut().push(pid.as_raw_nonzero().get()));
        p
    }

    #[test]
    fn a_reaped_process_group_is_never_signalled() {
        // What a worker pool does with an idle worker that died: look, then
        // discard it.
        let mut p = watched("exit 3");
        let status = loop {
            if let Some(status) = p.try_reap().unwrap() {
                break status;
            }
            thread::sleep(Duration::from_millis(1));
        };
        assert_eq!(status.code(), Some(3));
        // Its pid may be another process's (another worker's group) by now:
        // killing it sends nothing and reports how it ended.
        assert_eq!(p.kill_and_reap().unwrap().code(), Some(3));
        assert_eq!(SIGNALLED.with(|s| s.borrow().clone()), Vec::<i32>::new());
        // While it runs, its group is signalled (then it is killed itself).
        let mut p = watched("sleep 60");
        let pid = p.id() as i32;
        assert_eq!(p.kill_and_reap().unwrap().signal(), Some(9));
        assert_eq!(SIGNALLED.with(|s| s.borrow().clone()), vec![pid]);
    }

    #[test]
    fn killing_takes_the_group_along() {
        // The shell starts a child in its group, then waits.
        let dir = std::env::temp_dir().join(format!("remoteobj-group-{}", std::process::id()));
        let pidfile = dir.with_extension("pid");
        let mut p = start(&format!("sleep 60 & echo $! > {}; wait", pidfile.display()));
        let grandchild = loop {
            match std::fs::read_to_string(&pidfile) {
                Ok(s) if s.ends_with('\n') => break s.trim().parse::<u32>().unwrap(),
                _ => thread::sleep(Duration::from_millis(2)),
            }
        };
        let _ = std::fs::remove_file(&pidfile);
        let status = p.kill_and_reap().unwrap();
        assert_eq!(status.signal(), Some(9));
        // The grandchild went with its group (a zombie until init reaps it).
        let gone = |pid: u32| {
            std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .map_or(true, |s| s.split_whitespace().nth(2) == Some("Z"))
        };
        let t = Instant::now();
        while !gone(grandchild) {
            assert!(
                t.elapsed() < Duration::from_secs(10),
                "the grandchild lives on"
            );
            thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn a_process_that_does_not_exit_in_time_is_killed() {
        let p = Mutex::new(start("sleep 60"));
        let reaped = reap_within(&p, Duration::from_millis(50));
        assert!(reaped.killed);
        assert_eq!(reaped.status.unwrap().signal(), Some(9));
        let p = Mutex::new(start("exit 0"));
        let reaped = reap_within(&p, Duration::from_secs(10));
        assert!(!reaped.killed);
        assert!(reaped.status.unwrap().success());
    }
}
