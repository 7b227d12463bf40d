//! Starting a worker process: the command, its pipes, its stderr tail, and
//! making sure it never outlives the host.

use std::{
    collections::VecDeque,
    ffi::OsString,
    io::{BufRead, BufReader, Read},
    path::PathBuf,
    process::{Child, ChildStderr, ChildStdin, ChildStdout, Command, ExitStatus, Stdio},
    sync::{Arc, Condvar, Mutex, OnceLock, mpsc},
    thread::{self, JoinHandle},
    time::Duration,
};

use crate::error::Error;
use crate::sync::lock;
use crate::worker::WORKER_ENV;

/// How the host starts a worker process.
///
/// By default it re-runs the current executable with [`WORKER_ENV`] set, so a
/// library user needs no second program: their `main` calls
/// [`main_if_worker`](crate::worker::main_if_worker) first. Any other program
/// that serves the worker protocol on its stdin/stdout can be named instead
/// and is run as given, such as `remoteobj worker` (the `remoteobj` binary's
/// hidden subcommand) or a program of yours that calls
/// [`worker::run`](crate::worker::run).
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
            None => std::env::current_exe().map_err(|e| Error::Spawn {
                program: "<current executable>".into(),
                message: e.to_string(),
            }),
        }
    }
}

/// The last lines a worker wrote to its stderr, for error messages.
#[derive(Default)]
pub(crate) struct StderrTail {
    inner: Mutex<(VecDeque<String>, bool)>,
    done: Condvar,
}

const TAIL_LINES: usize = 20;
const TAIL_LINE_LEN: usize = 500;

impl StderrTail {
    fn push(&self, line: String) {
        let mut g = lock(&self.inner);
        if g.0.len() == TAIL_LINES {
            g.0.pop_front();
        }
        g.0.push_back(line);
    }

    fn finish(&self) {
        lock(&self.inner).1 = true;
        self.done.notify_all();
    }

    /// The tail as text, after waiting up to `grace` for the stream to end
    /// (so the last words of a dying worker are included).
    pub(crate) fn text(&self, grace: Duration) -> String {
        let g = lock(&self.inner);
        let (g, _) = self
            .done
            .wait_timeout_while(g, grace, |(_, done)| !*done)
            .unwrap_or_else(|p| p.into_inner());
        g.0.iter().cloned().collect::<Vec<_>>().join("\n")
    }
}

/// A started worker process and its pipes.
pub(crate) struct Spawned {
    pub child: Child,
    pub stdin: ChildStdin,
    pub stdout: ChildStdout,
    pub stderr_tail: Arc<StderrTail>,
    pub stderr_thread: JoinHandle<()>,
}

impl Spawned {
    /// Ends a worker that was never used: killed, reaped, its stderr
    /// forwarder finished.
    pub(crate) fn discard(mut self) {
        let _ = kill_and_reap(&mut self.child);
        drop(self.stdin);
        let _ = self.stderr_thread.join();
    }
}

/// Starts a worker process for the object called `name`.
pub(crate) fn spawn(cmd: &WorkerCommand, name: &str) -> Result<Spawned, Error> {
    let program = cmd.resolve()?;
    if cmd.program.is_none() && std::env::var_os(WORKER_ENV).is_some() {
        // We are a worker that went on to run the program's own code: it
        // would start copies of itself without end.
        return Err(Error::Spawn {
            program: program.display().to_string(),
            message: format!(
                "this process is itself a worker ({WORKER_ENV} is set): call \
                 remoteobj_host::worker::main_if_worker() first thing in main"
            ),
        });
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
        .stderr(Stdio::piped());
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: prctl is async-signal-safe and touches no memory of ours.
        unsafe {
            command.pre_exec(|| {
                // The worker is killed when the thread that spawned it exits,
                // so a host that dies leaves no orphan behind.
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                // Its own process group, so that killing it takes anything it
                // started along (and a Ctrl-C meant for the host is the
                // host's to handle).
                if libc::setpgid(0, 0) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    let mut child = spawn_from_long_lived_thread(command).map_err(|e| Error::Spawn {
        program: program.display().to_string(),
        message: e.to_string(),
    })?;
    let (Some(stdin), Some(stdout), Some(stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(Error::Spawn {
            program: program.display().to_string(),
            message: "no pipes".into(),
        });
    };
    let stderr_tail = Arc::new(StderrTail::default());
    let tail = stderr_tail.clone();
    let object = name.to_string();
    let pid = child.id();
    let stderr_thread = match thread::Builder::new()
        .name(format!("remoteobj-stderr-{pid}"))
        .spawn(move || forward_stderr(stderr, &tail, &object, pid))
    {
        Ok(handle) => handle,
        Err(e) => {
            let _ = kill_and_reap(&mut child);
            return Err(Error::Spawn {
                program: program.display().to_string(),
                message: e.to_string(),
            });
        }
    };
    Ok(Spawned {
        child,
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
    static SPAWNER: OnceLock<Mutex<mpsc::Sender<Job>>> = OnceLock::new();
    let spawner = SPAWNER.get_or_init(|| {
        let (tx, rx) = mpsc::channel::<Job>();
        thread::Builder::new()
            .name("remoteobj-spawner".into())
            .spawn(move || {
                for (mut command, reply) in rx {
                    let _ = reply.send(command.spawn());
                }
            })
            .expect("starting the remoteobj spawner thread");
        Mutex::new(tx)
    });
    let (reply_tx, reply_rx) = mpsc::sync_channel(1);
    let sent = lock(spawner).send((command, reply_tx));
    if sent.is_err() {
        return Err(std::io::Error::other("the spawner thread is gone"));
    }
    reply_rx
        .recv()
        .map_err(|_| std::io::Error::other("the spawner thread is gone"))?
}

/// Logs each line of the worker's own stderr and keeps the tail.
fn forward_stderr(stderr: ChildStderr, tail: &StderrTail, object: &str, pid: u32) {
    let mut reader = BufReader::new(stderr);
    let mut line = Vec::new();
    loop {
        line.clear();
        // Bounded: a line longer than the cap is cut into pieces.
        match (&mut reader)
            .take(TAIL_LINE_LEN as u64)
            .read_until(b'\n', &mut line)
        {
            Ok(0) | Err(_) => break,
            Ok(_) => {
                let text = String::from_utf8_lossy(&line).trim_end().to_string();
                tracing::warn!(target: "remoteobj::worker", object, pid, "{text}");
                tail.push(text);
            }
        }
    }
    tail.finish();
}

/// Kills a worker and everything in its process group, then reaps it.
pub(crate) fn kill_and_reap(child: &mut Child) -> std::io::Result<ExitStatus> {
    #[cfg(target_os = "linux")]
    // SAFETY: kill(2) has no memory-safety preconditions; the group id is the
    // worker's own pid (see setpgid in `spawn`), not yet reaped, so not reused.
    unsafe {
        libc::kill(-(child.id() as i32), libc::SIGKILL);
    }
    let _ = child.kill();
    child.wait()
}

/// Says how a process ended, in words.
pub(crate) fn describe_exit(status: ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    if let Some(sig) = status.signal() {
        let name = match sig {
            libc::SIGKILL => " (SIGKILL)",
            libc::SIGTERM => " (SIGTERM)",
            libc::SIGSEGV => " (SIGSEGV)",
            libc::SIGABRT => " (SIGABRT)",
            libc::SIGBUS => " (SIGBUS)",
            libc::SIGILL => " (SIGILL)",
            _ => "",
        };
        format!("killed by signal {sig}{name}")
    } else {
        match status.code() {
            Some(code) => format!("exited with code {code}"),
            None => "exited".into(),
        }
    }
}
