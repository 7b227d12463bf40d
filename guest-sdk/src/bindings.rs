//! Guest-side bindings generated from `wit/` (the one `generate!` call).

wit_bindgen::generate!({
    world: "remote-object",
    path: "wit",
    pub_export_macro: true,
    default_bindings_module: "remoteobj_guest::bindings",
    export_macro_name: "__export_world",
    additional_derives: [PartialEq],
});
