use remoteobj_guest::remote;

#[remote]
struct Shape {
    size: f64,
}

#[remote]
impl Shape {
    #[remote(getter)]
    #[remote(setter)]
    pub fn set_zxcv(&mut self) -> f64 {
        self.size
    }
}

fn main() {
    let mut s = Shape { size: 1.0 };
    let _ = s.set_zxcv();
}
