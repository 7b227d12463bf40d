use remoteobj_guest::remote;

#[remote]
struct Counter {
    x: i64,
}

#[remote]
impl Counter {
    pub fn toggle(&mut self, #[remote(default = Some(true))] state: Option<bool>) {
        let _ = state;
    }
}

fn main() {
    let mut c = Counter { x: 0 };
    c.toggle(None);
    let _ = c.x;
}
