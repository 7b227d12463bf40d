use remoteobj_guest::remote;

#[remote]
struct Shape {
    size: f64,
}

#[remote]
impl Shape {
    #[remote(getter)]
    pub fn zxcv(&mut self) -> remoteobj_guest::This {
        self.size /= 5.0;
        remoteobj_guest::This
    }
}

fn main() {
    let mut s = Shape { size: 1.0 };
    let _ = s.zxcv();
}
