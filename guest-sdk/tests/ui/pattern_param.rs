use remoteobj_guest::remote;

#[remote]
struct Counter {
    x: i64,
}

#[remote]
impl Counter {
    pub fn add(&mut self, (a, b): (i64, i64)) {
        self.x += a + b;
    }
}

fn main() {
    let mut c = Counter { x: 0 };
    c.add((1, 2));
}
