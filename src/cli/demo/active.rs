//! The second part of `remoteobj demo`: Python remoteobj's Full Example. The toggler
//! guest's own loop adds one to `x` every 10 ms step while `is_on`; the host
//! switches it on and off, as Python remoteobj's `run_local_stuff` does, reads `x`
//! along the way and prints a timeline.
//!
//! ```python
//! while time.time() - t0 < duration:
//!     obj.remote.toggle(True)
//!     time.sleep(2)
//!     obj.remote.toggle(False)
//!     time.sleep(2)
//! ```
//!
//! `x` must grow while the switch is on and stay put while it is off (the
//! loop reads `is_on` between steps, and requests are answered only between
//! steps, so after `toggle(False)` has answered no step can count).

use std::{
    thread,
    time::{Duration, Instant},
};

use anyhow::{Result, bail};
use remoteobj_host::{Host, Proxy};

use super::basic::check;
use crate::cli::guests;

/// How long the switch stays in each position.
const PHASE: Duration = Duration::from_millis(200);
/// On/off cycles shown.
const CYCLES: usize = 3;
/// How long an "on" phase may wait for the loop's first step on a machine
/// too loaded to take one in [`PHASE`].
const SLOW_MACHINE: Duration = Duration::from_secs(10);

struct Timeline {
    t0: Instant,
}

impl Timeline {
    /// Reads x and the loop's step count, and prints them after `host`
    /// (what the host just did) with the note `note(x)`.
    fn show(&self, r: &Proxy, host: &str, note: impl FnOnce(i64) -> String) -> Result<i64> {
        let x: i64 = r.attr("x").get()?;
        let steps: u64 = r.attr("steps").get()?;
        let line = format!(
            "  {:>5}ms  {host:<26} {x:>4} {steps:>6}   {}",
            self.t0.elapsed().as_millis(),
            note(x)
        );
        println!("{}", line.trim_end());
        Ok(x)
    }
}

/// Runs the Full Example.
pub fn run() -> Result<()> {
    println!(
        "Python remoteobj's Full Example: an active object (guests/toggler). Its own loop adds 1 to x\n\
         every 10 ms step while is_on, and answers the host while it sleeps between steps.\n"
    );
    let (name, source) = guests::resolve("toggler")?;
    let obj = Host::new().spawn_named(name, source)?;
    let r = obj.proxy();
    println!("  {:>7}  {:<26} {:>4} {:>6}", "t", "host", "x", "steps");
    let timeline = Timeline { t0: Instant::now() };
    for _ in 0..CYCLES {
        r.attr("toggle").call::<()>((true,))?;
        let on = timeline.show(&r, "obj.remote.toggle(True)", |_| String::new())?;
        let phase = Instant::now();
        thread::sleep(PHASE);
        while r.attr("x").get::<i64>()? == on {
            if phase.elapsed() > SLOW_MACHINE {
                bail!("x did not grow in {SLOW_MACHINE:?} while the switch was on");
            }
            thread::sleep(Duration::from_millis(10));
        }
        r.attr("toggle").call::<()>((false,))?;
        let off = timeline.show(&r, "obj.remote.toggle(False)", |x| {
            format!("+{} while on", x - on)
        })?;
        thread::sleep(PHASE);
        let later = timeline.show(&r, "obj.remote.x.__", |x| format!("+{} while off", x - off))?;
        check("x while the switch is off", later, off)?;
    }

    obj.stop()?;
    let x: i64 = r.attr("x").get()?;
    let joined: i64 = check("join()", obj.join()?, x)?;
    println!("\n  obj.stop(); obj.join()                  -> {joined} (what the loop returned)");
    r.attr("inc").call::<()>(())?;
    let after: i64 = check("x after the loop ended", r.attr("x").get()?, joined + 1)?;
    println!("  after the loop: obj.remote.inc(); .x.__ -> {after} (the object stays reachable)");
    let pid = obj.pid();
    obj.close();
    println!("  worker pid {pid} closed and reaped");
    Ok(())
}
