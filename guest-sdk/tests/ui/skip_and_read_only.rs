use remoteobj_guest::remote;

#[remote]
struct Counter {
    #[remote(skip, read_only)]
    x: i64,
}

fn main() {
    let c = Counter { x: 1 };
    let _ = c.x;
}
