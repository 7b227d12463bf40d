use remoteobj_guest::remote;

#[remote]
struct Counter {
    x: i64,
}

#[remote]
impl Default for Counter {
    fn default() -> Self {
        Counter { x: 0 }
    }
}

fn main() {
    let c = Counter::default();
    let _ = c.x;
}
