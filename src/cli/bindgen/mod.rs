//! `remoteobj bindgen GUEST`: a typed client, as Rust source, from the
//! schema a guest describes (any guest: one whose source you do not have,
//! or one in another language).

mod names;
mod rust;
mod types;

use std::{path::Path, process::ExitCode};

use anyhow::{Context, Result};

use super::guests;

/// Writes the client of `guest`'s object to `out`, or prints it.
pub fn run(guest: &str, out: Option<&Path>) -> Result<ExitCode> {
    let (name, source) = guests::resolve(guest)?;
    let obj = guests::host().spawn_named(name, source)?;
    let schema = obj.describe();
    obj.close();
    let schema = schema?;
    let text = rust::client(&schema, guest)
        .with_context(|| format!("the schema `{guest}` describes cannot be written as a client"))?;
    match out {
        Some(path) => std::fs::write(path, text)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
