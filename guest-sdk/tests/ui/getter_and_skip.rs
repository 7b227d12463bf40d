use remoteobj_guest::remote;

#[remote]
struct Shape {
    size: f64,
}

#[remote]
impl Shape {
    #[remote(getter, skip)]
    pub fn zxcv(&self) -> f64 {
        self.size / 5.0
    }
}

fn main() {
    let mut s = Shape { size: 1.0 };
    let _ = (s.zxcv(), &mut s);
}
