use remoteobj_guest::remote;

#[remote]
enum Switch {
    On,
    Off,
}

fn main() {
    let _ = [Switch::On, Switch::Off];
}
