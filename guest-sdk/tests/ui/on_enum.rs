use remoteobj_guest::remote;

#[remote]
enum Switch {
    On {
        #[remote(skip)]
        level: u8,
    },
    Off,
}

fn main() {
    if let Switch::On { level } = (Switch::On { level: 1 }) {
        let _ = level;
    }
    let _ = Switch::Off;
}
