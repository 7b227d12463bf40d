use remoteobj_guest::remote;

#[remote]
struct Counter {
    #[remote(readonly)]
    x: i64,
}

fn main() {
    let c = Counter { x: 1 };
    let _ = c.x;
}
