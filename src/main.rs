fn main() {
    remoteobj_host::worker::main_if_worker();
    println!("{}", env!("REMOTEOBJ_GUEST_DIR"));
}
