use remoteobj_guest::remote;

#[remote]
#[derive(Default)]
struct Counter {
    x: i64,
}

#[remote]
impl Default for Counter {
    fn default() -> Self {
        Counter { x: 0 }
    }
}

fn main() {}
