//! The `remoteobj` command line: one file per subcommand, the expression
//! language in `expr`, its evaluation in `eval`.

mod bench;
mod bindgen;
mod cache;
mod call;
mod demo;
mod eval;
mod expr;
mod guests;
mod inspect;
mod json;
mod python;
mod sandbox;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Drive objects that live in WebAssembly sandboxes.
///
/// Each object runs as a wasm component in its own worker subprocess; the
/// commands below start one, send it requests through a proxy, and print
/// what comes back. Guest output is logged to stderr (set RUST_LOG to change
/// what is shown, e.g. RUST_LOG=debug).
#[derive(Debug, Parser)]
#[command(name = "remoteobj", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run Python remoteobj's examples on built-in guests.
    ///
    /// First its basic usage on the counter guest: toggle, inc, read x and
    /// another, chain, and a missing attribute's error. Then its Full
    /// Example on the toggler guest: an active object whose own loop counts
    /// while the host switches it on and off, shown as a timeline, then
    /// stopped and joined. Every step is checked; a wrong answer exits 1.
    Demo,
    /// Evaluate expressions on a guest, in order, one JSON value per line.
    ///
    /// GUEST is a .wasm component file, a Python guest's .py source
    /// (componentized first, cached), or the name of a built-in guest
    /// (counter, inherit, containers, levels, toggler, hostile). Expressions: `x`, `inc()`,
    /// `another.append(6)`, `another[0]`, `x = 10`, `toggle(state=true)`,
    /// `super.asdf()`, `chain().chain().x`, `del name`, `len(another)`,
    /// `6 in another`, `str(path)`, `repr(path)`, `list(path)`, `dir(path)`,
    /// `hasattr(path, 'name')`, `passto(path, 'function', args...)`, where
    /// `self` is the object itself.
    /// Assignments and deletions print null; a method that returns the
    /// object itself prints {"$self": PATH}. The first error is printed with
    /// its kind and message and ends the run with exit code 1.
    ///
    /// The object is granted nothing (no files, environment, arguments or
    /// network) unless the flags below grant it; they also set its limits.
    Call {
        /// The guest component (a path to a .wasm or a Python .py file, or a built-in name).
        guest: String,
        /// The expressions to evaluate.
        #[arg(required = true)]
        exprs: Vec<String>,
        #[command(flatten)]
        sandbox: sandbox::SandboxArgs,
    },
    /// Print a guest's schema: its attributes, methods and bases.
    ///
    /// Also whether it runs its own loop (an active object), and the type's
    /// documentation.
    /// GUEST is a .wasm component file, a Python guest's .py source
    /// (componentized first, cached), or a built-in guest name.
    Inspect {
        /// The guest component (a path to a .wasm or a Python .py file, or a built-in name).
        guest: String,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Print a typed Rust client of a guest's object, from its schema.
    ///
    /// The client is what `#[remote]` writes for a Rust guest's own types,
    /// for any guest: one whose source you do not have, or a Python guest.
    /// It has a method per remote method with the schema's parameter and
    /// result types (`Option` for a parameter that may be left out), a
    /// getter, and a setter unless read-only, per attribute, the clients of
    /// nested objects and containers, and async forms; it builds on
    /// `remoteobj_host::typed`. What the schema does not type (Python's
    /// unannotated parameters, bytes, a guest's own serde types) is a
    /// dynamic `remoteobj_host::Value`. GUEST is a .wasm component file, a
    /// Python guest's .py source, or a built-in guest name.
    Bindgen {
        /// The guest component (a path to a .wasm or a Python .py file, or a built-in name).
        guest: String,
        /// Write the client to this file instead of printing it.
        #[arg(long, short)]
        out: Option<std::path::PathBuf>,
    },
    /// Compile a guest into the compiled-code cache.
    ///
    /// Workers load a component from the cache instead of compiling it
    /// (they also fill it themselves on first use); this does it ahead of
    /// time, for objects with the default limits. GUEST is a .wasm
    /// component file, a Python guest's .py source, or a built-in guest
    /// name. Prints the entry's path.
    Compile {
        /// The guest component (a path to a .wasm or a Python .py file, or a built-in name).
        guest: String,
        /// Refuse a component larger than this many bytes (a host's
        /// `Host::max_component_size`; 256 MiB by default).
        #[arg(long, value_name = "BYTES", default_value_t = remoteobj_host::DEFAULT_MAX_COMPONENT)]
        max_component_size: u64,
    },
    /// Show or clear the compiled-code cache.
    ///
    /// The cache is at $REMOTEOBJ_CACHE_DIR, else
    /// $XDG_CACHE_HOME/remoteobj, else ~/.cache/remoteobj. Workers use it
    /// only while it is private to the user (a directory of theirs, mode
    /// 0700); nothing is evicted, `clear` empties it.
    Cache {
        /// What to do.
        #[arg(value_enum, default_value = "list")]
        action: cache::CacheAction,
    },
    /// Measure performance: latency, throughput, spawn time and memory.
    ///
    /// In one run, side by side: a raw pipe ping-pong between two processes
    /// (the baseline), then round trips through the real stack on the
    /// built-in counter guest (getattr, method call, setattr, a 3-link
    /// chain, a call with a 64 KiB argument), in the blocking and the
    /// spinning wait modes; pipelined, batched and fire-and-forget ops/s;
    /// spawn to listening (cold compile, warm cache, from a pool of workers,
    /// handed over from a pool of loaded objects); workers
    /// spawned at once; idle worker memory. Then the same for a Python
    /// guest of the counter's shape (cold compile, warm and pooled spawn,
    /// getattr and method call as ratios to the Rust guest's, idle memory).
    /// Prints p50, p99 and p99.9, ratios to the baseline and which of the project's
    /// targets are met or missed (the targets come from the raw pipe's limit
    /// on 2-core machines). Build with `--release` for meaningful figures.
    /// Takes about 40 s (release build).
    Bench(bench::BenchArgs),
    /// Echo fixed-size messages (the bench's raw pipe baseline).
    #[command(hide = true)]
    BenchEcho {
        /// Spin this long before blocking on a read.
        #[arg(long, default_value_t = 0)]
        spin_us: u64,
    },
    /// Serve the worker protocol on stdin/stdout (started by the host).
    #[command(hide = true)]
    Worker,
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Demo => demo::run(),
        Command::Call {
            guest,
            exprs,
            sandbox,
        } => call::run(&guest, &exprs, &sandbox),
        Command::Inspect { guest, json } => inspect::run(&guest, json),
        Command::Bindgen { guest, out } => bindgen::run(&guest, out.as_deref()),
        Command::Compile {
            guest,
            max_component_size,
        } => cache::compile(&guest, max_component_size),
        Command::Cache { action } => cache::run(action),
        Command::Bench(args) => bench::run(&args),
        Command::BenchEcho { spin_us } => bench::echo(spin_us).map(|()| ExitCode::SUCCESS),
        Command::Worker => Ok(ExitCode::from(
            remoteobj_host::run_worker().clamp(0, 255) as u8
        )),
    }
}
