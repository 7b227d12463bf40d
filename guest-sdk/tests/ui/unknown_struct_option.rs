use remoteobj_guest::remote;

#[remote(title = "Counter")]
struct Counter {
    x: i64,
}

fn main() {
    let c = Counter { x: 1 };
    let _ = c.x;
}
