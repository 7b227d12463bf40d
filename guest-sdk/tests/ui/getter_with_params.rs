use remoteobj_guest::remote;

#[remote]
struct Shape {
    size: f64,
}

#[remote]
impl Shape {
    #[remote(getter)]
    pub fn scaled(&self, by: f64) -> f64 {
        self.size * by
    }
}

fn main() {
    let mut s = Shape { size: 1.0 };
    let _ = (s.scaled(2.0), &mut s);
}
