//! `remoteobj call GUEST EXPR...`

use std::process::ExitCode;

use anyhow::{Context, Result};

use super::eval::{Output, eval};
use super::sandbox::SandboxArgs;
use super::{expr, guests, json};

/// Parses every expression first (so a typo costs no worker), then
/// evaluates them in order on one object.
pub fn run(guest: &str, exprs: &[String], sandbox: &SandboxArgs) -> Result<ExitCode> {
    let parsed: Vec<expr::Expr> = exprs
        .iter()
        .map(|e| expr::parse(e).map_err(anyhow::Error::msg))
        .collect::<Result<_>>()
        .context("cannot parse the expression")?;
    let (name, source) = guests::resolve(guest)?;
    let obj = sandbox.apply(guests::host())?.spawn_named(name, source)?;
    let root = obj.proxy();
    for e in &parsed {
        match eval(&root, e) {
            Ok(Output::Value(v)) => println!("{}", json::to_json(&v)),
            Ok(Output::Object(p)) => {
                println!("{}", serde_json::json!({ "$self": p.path_string() }))
            }
            Err(err) => {
                print_error(&err);
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    obj.close();
    Ok(ExitCode::SUCCESS)
}

/// Prints an error as `error: Kind (Type): message`, with the guest trace.
pub fn print_error(err: &remoteobj_host::Error) {
    match err.remote() {
        Some(r) => {
            eprintln!("error: {} ({}): {}", r.kind, r.type_name, r.message);
            for frame in &r.trace {
                eprintln!("    at {frame}");
            }
        }
        None => eprintln!("error: {err}"),
    }
}
