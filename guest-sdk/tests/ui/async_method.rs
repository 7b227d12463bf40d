use remoteobj_guest::remote;

#[remote]
struct Counter {
    x: i64,
}

#[remote]
impl Counter {
    pub async fn later(&self) -> i64 {
        self.x
    }
}

fn main() {
    let c = Counter { x: 1 };
    drop(c.later());
}
