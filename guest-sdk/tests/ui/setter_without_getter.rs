use remoteobj_guest::remote;

#[remote]
struct Shape {
    size: f64,
}

#[remote]
impl Shape {
    #[remote(setter)]
    pub fn set_zxcv(&mut self, value: f64) {
        self.size = value * 5.0;
    }
}

fn main() {
    let mut s = Shape { size: 1.0 };
    s.set_zxcv(1.0);
}
