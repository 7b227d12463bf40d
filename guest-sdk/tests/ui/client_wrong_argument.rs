// On the host, an argument of the wrong type to a typed client's method,
// or to a field's setter, does not compile.
use remoteobj_guest::remote;

#[remote]
#[derive(Default)]
pub struct Counter {
    x: i64,
}

#[remote]
impl Counter {
    pub fn div(&self, by: i64) -> i64 {
        self.x / by
    }
}

fn drive(counter: &CounterClient) -> Result<(), Box<dyn std::error::Error>> {
    let _: i64 = counter.div("two")?;
    counter.set_x(true)?;
    Ok(())
}

fn main() {
    let _ = drive;
}
