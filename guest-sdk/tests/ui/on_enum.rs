use remoteobj_guest::remote;

#[remote]
enum Switch {
    On,
    Off,
}

fn main() {}
