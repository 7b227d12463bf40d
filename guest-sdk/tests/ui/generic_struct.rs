use remoteobj_guest::remote;

#[remote]
struct Holder<T> {
    value: T,
}

fn main() {
    let h = Holder { value: 1 };
    let _ = h.value;
}
