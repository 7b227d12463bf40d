//! The one `bindgen!` call: host-side bindings generated from `wit/`.

wasmtime::component::bindgen!({
    world: "remote-object",
    path: "wit",
});

pub use remoteobj::guest::types as wit;
