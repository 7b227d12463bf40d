use remoteobj_guest::remote;

#[remote]
struct Pair(i64, i64);

fn main() {
    let p = Pair(1, 2);
    let _ = p.0 + p.1;
}
