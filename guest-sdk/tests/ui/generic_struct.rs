use remoteobj_guest::remote;

#[remote]
struct Holder<T> {
    value: T,
}

fn main() {}
