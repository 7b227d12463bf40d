use remoteobj_guest::remote;

#[remote]
struct Counter {
    x: i64,
}

#[remote]
impl Counter {
    pub fn add<T: Into<i64>>(&mut self, n: T) {
        self.x += n.into();
    }
}

fn main() {
    let mut c = Counter { x: 0 };
    c.add(1i32);
}
