use remoteobj_guest::remote;

#[remote]
struct Counter {
    x: i64,
}

#[remote]
impl Counter {
    pub fn consume(self) -> i64 {
        self.x
    }
}

fn main() {
    let c = Counter { x: 1 };
    let _ = c.consume();
}
