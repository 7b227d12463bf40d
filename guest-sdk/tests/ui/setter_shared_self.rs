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
    pub fn set_zxcv(&self, value: f64) {
        let _ = (self.size, value);
    }
}

fn main() {
    let mut s = Shape { size: 1.0 };
    s.set_zxcv(s.zxcv());
    let _ = &mut s;
}
