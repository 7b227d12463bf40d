use remoteobj_guest::remote;

#[remote]
#[derive(Default)]
struct A {
    a: i64,
}

#[remote]
struct B {
    #[remote(base)]
    first: A,
    #[remote(base)]
    second: A,
}

fn main() {}
