use remoteobj_guest::remote;

#[remote]
struct Shape {
    size: f64,
}

#[remote]
impl Shape {
    #[remote(getter)]
    pub fn unit() -> f64 {
        1.0
    }
}

fn main() {
    let s = Shape { size: Shape::unit() };
    let _ = s.size;
}
