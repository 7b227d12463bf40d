use remoteobj_guest::remote;

#[remote]
struct Shape {
    size: f64,
}

#[remote]
impl Shape {
    #[remote(getter)]
    pub fn zxcv(&self) -> f64 {
        self.size / 5.0
    }

    #[remote(setter)]
    pub fn set_zxcv(&mut self, value: f64) -> f64 {
        self.size = value * 5.0;
        self.size
    }
}

fn main() {
    let mut s = Shape { size: 1.0 };
    let _ = s.set_zxcv(s.zxcv());
}
