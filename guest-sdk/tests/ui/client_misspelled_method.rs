// On the host, a misspelled method of a typed client does not compile.
use remoteobj_guest::remote;

#[remote]
#[derive(Default)]
pub struct Counter {
    x: i64,
}

#[remote]
impl Counter {
    pub fn inc(&mut self) {
        self.x += 1;
    }
}

fn drive(counter: &CounterClient) -> Result<(), Box<dyn std::error::Error>> {
    counter.icn()?;
    Ok(())
}

fn main() {
    let _ = drive;
}
