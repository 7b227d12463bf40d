use remoteobj_guest::remote;

#[remote]
struct Pair(i64, i64);

fn main() {}
