//! Starting a worker process: the command, its pipes, its own process
//! group, and making sure it never outlives the host.

use std::{
    ffi::OsString,
    os::unix::process::CommandExt,
    path::PathBuf,
    process::{Child, ChildStdin, ChildStdout, Command, Stdio},
    sync::{Arc, Mutex, OnceLock, mpsc},
    thread::{self, JoinHandle},
};

use remoteobj_pipe::lock;
use remoteobj_protocol::WORKER_ENV;

use crate::error::Error;
use crate::process::WorkerProcess;
use crate::stderr::{StderrTail, forward_stderr};

/// How the host starts a worker process.
///
/// By default it re-runs the current executable with [`WORKER_ENV`] set, so a
/// library user needs no second program: their `main` calls
/// [`main_if_worker`](crate::main_if_worker) first. Any other program
/// that serves the worker protocol on its stdin/stdout can be named instead
/// and is run as given, such as `remoteobj worker` (the `remoteobj` binary's
/// hidden subcommand) or a program of yours that calls
/// [`run_worker`](crate::run_worker). Without the crate's `worker` feature
/// there is no `main_if_worker`: a program must be named with
/// [`program`](Self::program).
#[derive(Debug, Clone, Default)]
pub struct WorkerCommand {
    program: Option<PathBuf>,
    args: Vec<OsString>,
    env: Vec<(OsString, OsString)>,
}

impl WorkerCommand {
    /// Re-run the current executable (the default).
    pub fn current_exe() -> Self {
        Self::default()
    }

    /// Run `program` instead.
    pub fn program(program: impl Into<PathBuf>) -> Self {
        WorkerCommand {
            program: Some(program.into()),
            ..Self::default()
        }
    }

    /// Add an argument.
    pub fn arg(mut self, arg: impl Into<OsString>) -> Self {
        self.args.push(arg.into());
        self
    }

    /// Set an environment variable for the worker process (the worker's own
    /// environment; the guest sees none of it).
    pub fn env(mut self, key: impl Into<OsString>, value: impl Into<OsString>) -> Self {
        self.env.push((key.into(), value.into()));
        self
    }

    fn resolve(&self) -> Result<PathBuf, Error> {
        match &self.program {
            Some(p) => Ok(p.clone()),
            None => std::env::current_exe().map_err(|e| {
                Error::spawn_io("<current executable>", "finding the current executable", e)
            }),
        }
    }
}

/// A started worker process and its pipes.
pub(crate) struct Spawned {
    pub(crate) process: WorkerProcess,
    pub(crate) stdin: ChildStdin,
    pub(crate) stdout: ChildStdout,
    pub(crate) stderr_tail: Arc<StderrTail>,
    pub(crate) stderr_thread: JoinHandle<()>,
}

impl Spawned {
    /// Ends a worker that was never used: killed (unless it has been
    /// reaped already), reaped, its stderr forwarder finished.
    pub(crate) fn discard(mut self) {
        let _ = self.process.kill_and_reap();
        drop(self.stdin);
        let _ = self.stderr_thread.join();
    }
}

/// Starts a worker process for the object called `name`.
pub(crate) fn spawn(cmd: &WorkerCommand, name: &str) -> Result<Spawned, Error> {
    let program = cmd.resolve()?;
    let shown = program.display().to_string();
    if cmd.program.is_none() && std::env::var_os(WORKER_ENV).is_some() {
        // We are a worker that went on to run the program's own code: it
        // would start copies of itself without end.
        return Err(Error::spawn(
            shown,
            format!(
                "this process is itself a worker ({WORKER_ENV} is set): call \
                 remoteobj_host::main_if_worker() first thing in main"
            ),
        ));
    }
    let mut command = Command::new(&program);
    if cmd.program.is_none() {
        // Re-running ourselves: this is what makes `main_if_worker` divert.
        command.env(WORKER_ENV, "1");
    }
    command
        .args(&cmd.args)
        .envs(cmd.env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Its own process group, so that killing it takes anything it
        // started along (and a Ctrl-C meant for the host is the host's to
        // handle).
        .process_group(0);
    #[cfg(target_os = "linux")]
    // SAFETY: the hook runs in the child between fork and exec, where only
    // async-signal-safe calls are allowed: it makes one prctl(2) system
    // call, allocating nothing and taking no lock.
    unsafe {
        command.pre_exec(|| {
            // The worker is killed when the thread that spawned it exits,
            // so a host that dies leaves no orphan behind.
            rustix::process::set_parent_process_death_signal(Some(rustix::process::Signal::KILL))
                .map_err(std::io::Error::from)
        });
    }
    let mut child = spawn_from_long_lived_thread(command)
        .map_err(|e| Error::spawn_io(&shown, "running it", e))?;
    let (Some(stdin), Some(stdout), Some(stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        let _ = WorkerProcess::new(child).kill_and_reap();
        return Err(Error::spawn(shown, "it was started without pipes"));
    };
    let mut process = WorkerProcess::new(child);
    let stderr_tail = Arc::new(StderrTail::default());
    let tail = stderr_tail.clone();
    let object = name.to_string();
    let pid = process.id();
    let stderr_thread = match thread::Builder::new()
        .name(format!("remoteobj-stderr-{pid}"))
        .spawn(move || forward_stderr(stderr, &tail, &object, pid))
    {
        Ok(handle) => handle,
        Err(e) => {
            let _ = process.kill_and_reap();
            return Err(Error::spawn_io(shown, "starting its stderr thread", e));
        }
    };
    Ok(Spawned {
        process,
        stdin,
        stdout,
        stderr_tail,
        stderr_thread,
    })
}

/// Runs `Command::spawn` on one thread that lives as long as the process.
///
/// `PR_SET_PDEATHSIG` fires when the *thread* that forked the child exits,
/// not the process: spawning from a short-lived caller thread would kill the
/// worker with that thread. A dedicated spawner thread ends only with the
/// process, which is exactly when workers must go.
fn spawn_from_long_lived_thread(command: Command) -> std::io::Result<Child> {
    type Job = (Command, mpsc::SyncSender<std::io::Result<Child>>);
    static SPAWNER: OnceLock<Option<Mutex<mpsc::Sender<Job>>>> = OnceLock::new();
    let spawner = SPAWNER.get_or_init(|| {
        let (tx, rx) = mpsc::channel::<Job>();
        thread::Builder::new()
            .name("remoteobj-spawner".into())
            .spawn(move || {
                for (mut command, reply) in rx {
                    let _ = reply.send(command.spawn());
                }
            })
            .ok()
            .map(|_| Mutex::new(tx))
    });
    let Some(spawner) = spawner else {
        return Err(std::io::Error::other(
            "the thread that starts workers could not be started",
        ));
    };
    let (reply_tx, reply_rx) = mpsc::sync_channel(1);
    let sent = lock(spawner).send((command, reply_tx));
    if sent.is_err() {
        return Err(std::io::Error::other("the spawner thread is gone"));
    }
    reply_rx
        .recv()
        .map_err(|_| std::io::Error::other("the spawner thread is gone"))?
}
