use remoteobj_guest::remote;

#[remote]
pub fn total(count: i64) -> i64 {
    count
}

fn main() {
    let _ = total(1);
}
