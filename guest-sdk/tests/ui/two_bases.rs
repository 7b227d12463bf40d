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

fn main() {
    let b = B {
        first: A::default(),
        second: A::default(),
    };
    let _ = (b.first.a, b.second.a);
}
