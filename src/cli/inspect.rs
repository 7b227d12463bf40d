//! `remoteobj inspect GUEST`

use std::process::ExitCode;

use anyhow::Result;

use super::guests;

/// Prints the guest's schema as a table, or as JSON.
pub fn run(guest: &str, as_json: bool) -> Result<ExitCode> {
    let (name, source) = guests::resolve(guest)?;
    let obj = guests::host().spawn_named(name, source)?;
    let schema = obj.describe()?;
    obj.close();
    if as_json {
        println!("{}", serde_json::to_string_pretty(&schema)?);
    } else {
        print!("{schema}");
    }
    Ok(ExitCode::SUCCESS)
}
