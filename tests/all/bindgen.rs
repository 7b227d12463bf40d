//! `remoteobj bindgen`: the files under `bindgen/` are what it writes for
//! every example guest (the Rust ones and the Python ones), from their
//! `describe` schemas. They are compiled here and drive the real guests;
//! a test checks that the command still writes exactly them (set
//! `REMOTEOBJ_BLESS=1` to rewrite them after a deliberate change).

use std::path::PathBuf;

use remoteobj_host::{Error, ErrorKind, Value};

use crate::common;

mod containers;
mod counter;
mod hostile;
mod inherit;
mod levels;
mod python_basic;
mod python_hostile;
mod python_inherit;
mod python_some_object;
mod python_stepper;
mod python_toggler;
mod stepper;
mod toggler;

/// A guest the files were written from.
enum Guest {
    /// Built into the binary: named.
    Builtin(&'static str),
    /// A test guest, by its component's path.
    Rust(&'static str),
    /// A Python guest, by its component's path.
    Python(&'static str),
}

/// Each file and the guest it was written from.
const FILES: &[(&str, Guest, &str)] = &[
    (
        "counter",
        Guest::Builtin("counter"),
        include_str!("bindgen/counter.rs"),
    ),
    (
        "containers",
        Guest::Builtin("containers"),
        include_str!("bindgen/containers.rs"),
    ),
    (
        "hostile",
        Guest::Builtin("hostile"),
        include_str!("bindgen/hostile.rs"),
    ),
    (
        "inherit",
        Guest::Builtin("inherit"),
        include_str!("bindgen/inherit.rs"),
    ),
    (
        "levels",
        Guest::Builtin("levels"),
        include_str!("bindgen/levels.rs"),
    ),
    (
        "toggler",
        Guest::Builtin("toggler"),
        include_str!("bindgen/toggler.rs"),
    ),
    (
        "stepper",
        Guest::Rust("stepper"),
        include_str!("bindgen/stepper.rs"),
    ),
    (
        "python_basic",
        Guest::Python("basic"),
        include_str!("bindgen/python_basic.rs"),
    ),
    (
        "python_hostile",
        Guest::Python("hostile"),
        include_str!("bindgen/python_hostile.rs"),
    ),
    (
        "python_inherit",
        Guest::Python("inherit"),
        include_str!("bindgen/python_inherit.rs"),
    ),
    (
        "python_some_object",
        Guest::Python("some_object"),
        include_str!("bindgen/python_some_object.rs"),
    ),
    (
        "python_stepper",
        Guest::Python("stepper"),
        include_str!("bindgen/python_stepper.rs"),
    ),
    (
        "python_toggler",
        Guest::Python("toggler"),
        include_str!("bindgen/python_toggler.rs"),
    ),
];

#[test]
fn bindgen_still_writes_the_files_compiled_here() {
    let bless = std::env::var_os("REMOTEOBJ_BLESS").is_some();
    let mut stale = Vec::new();
    for (file, guest, expected) in FILES {
        let arg = match guest {
            Guest::Builtin(name) => name.to_string(),
            Guest::Rust(name) => common::guest_path(name).display().to_string(),
            Guest::Python(name) => {
                if common::python_guest(name).is_none() {
                    continue;
                }
                let dir = env!("REMOTEOBJ_PYTHON_GUEST_DIR");
                PathBuf::from(dir)
                    .join(format!("{name}.wasm"))
                    .display()
                    .to_string()
            }
        };
        let out = common::command().args(["bindgen", &arg]).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "bindgen {arg}: {err}");
        let written = String::from_utf8(out.stdout).unwrap();
        if written != *expected {
            if bless {
                let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                    .join(format!("tests/all/bindgen/{file}.rs"));
                std::fs::write(path, &written).unwrap();
            }
            stale.push(format!(
                "tests/all/bindgen/{file}.rs (from `remoteobj bindgen {arg}`)"
            ));
        }
    }
    assert!(
        stale.is_empty() || bless,
        "bindgen writes other clients now; review the change and rerun with \
         REMOTEOBJ_BLESS=1 to rewrite: {stale:#?}"
    );
}

#[test]
fn a_bindgen_client_drives_the_counter() {
    use counter::CounterClient;
    let counter = CounterClient::spawn(&common::host(), common::guest("counter")).unwrap();
    counter.toggle(Some(true)).unwrap();
    assert!(counter.is_on().unwrap());
    counter.toggle(None).unwrap();
    assert!(!counter.is_on().unwrap(), "left out, it flips");
    counter.inc().unwrap();
    counter.another().append(6).unwrap();
    assert_eq!(counter.another().get(0).unwrap(), 6);
    // An attribute with a client is assigned as a whole value.
    counter.set_another(vec![1, 2]).unwrap();
    assert_eq!(counter.another().get_all().unwrap(), vec![1, 2]);
    counter.set_x(10).unwrap();
    let x = counter.chain().unwrap().chain().unwrap().x().unwrap();
    assert_eq!(x, 12);
    assert_eq!(counter.div(4).unwrap(), 3);
    assert_eq!(counter.measure("four").unwrap(), 4);
    match counter.div(0).unwrap_err() {
        Error::Remote(e) => assert_eq!(e.kind, ErrorKind::Value),
        other => panic!("{other}"),
    }
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap()
        .block_on(async {
            counter.set_x_async(41).await.unwrap();
            let chained = counter.chain_async().await.unwrap();
            assert_eq!(chained.x_async().await.unwrap(), 42);
            assert_eq!(counter.div_async(2).await.unwrap(), 21);
        });
}

#[test]
fn bindgen_clients_of_nested_objects_and_containers() {
    use containers::InventoryClient;
    let inv = InventoryClient::spawn(&common::host(), common::guest("containers")).unwrap();
    inv.items().append(3).unwrap();
    assert_eq!(inv.items().get_all().unwrap(), vec![3]);
    inv.queue().append("word".into()).unwrap();
    assert_eq!(inv.queue().get(0).unwrap(), "word");
    inv.counts().insert("a".into(), 1).unwrap();
    assert_eq!(inv.counts().get("a".into()).unwrap(), 1);
    inv.names().insert(7, "seven".into()).unwrap();
    assert_eq!(inv.names().items().unwrap(), vec![(7, "seven".to_string())]);
    inv.settings().set_label("main").unwrap();
    assert_eq!(
        inv.settings().greet("you", None).unwrap(),
        "hello, you, from main"
    );
    assert_eq!(
        inv.settings().greet("you", Some("hi")).unwrap(),
        "hi, you, from main"
    );
    assert_eq!(inv.settings().sum(vec![1, 2, 3]).unwrap(), 6);
    let louder = inv
        .settings()
        .louder(Some(2))
        .unwrap()
        .louder(None)
        .unwrap();
    assert_eq!(louder.level().unwrap(), 3);
    assert_eq!(inv.boxed().level_of().unwrap(), 0);
    assert!(inv.maybe().level().is_err(), "absent until attached");
    inv.attach(Some(5)).unwrap();
    assert_eq!(inv.maybe().level().unwrap(), 5);
    assert_eq!(inv.version().unwrap(), 3);
    inv.stock()
        .append(serde_json::json!({"name": "bolt", "qty": 1}))
        .unwrap();
    assert_eq!(inv.stock().get(0).restock(4).unwrap(), 5);
    assert_eq!(inv.stock().get(0).r#type().unwrap(), "");
}

#[test]
fn bindgen_clients_reach_bases() {
    let b = inherit::BClient::spawn(&common::host(), common::guest("inherit")).unwrap();
    assert_eq!(b.asdf().unwrap(), 6);
    assert_eq!(b.super_().asdf().unwrap(), 5);
    assert_eq!(b.relabel("x").unwrap().label().unwrap(), "x");
    b.set_x(20).unwrap();
    assert_eq!(b.zxcv().unwrap(), 1.0);
    let c = levels::CClient::spawn(&common::host(), common::guest("levels")).unwrap();
    assert_eq!(c.f().unwrap(), "C");
    assert_eq!(c.super_().f().unwrap(), "B");
    assert_eq!(c.super_().super_().f().unwrap(), "A");
    assert_eq!(c.who().unwrap(), "defined on A");
}

#[test]
fn bindgen_clients_of_the_test_guests() {
    let host = common::host();
    let toggler = toggler::TogglerClient::spawn(&host, common::guest("toggler")).unwrap();
    toggler.toggle(Some(true)).unwrap();
    assert!(toggler.is_on().unwrap());
    let stepper = stepper::StepperClient::spawn(&host, common::guest("stepper")).unwrap();
    let echoed = stepper.echo(Value::from("hi")).unwrap();
    assert_eq!(echoed, Value::from("hi"));
    stepper.set_fail(Some("no".into())).unwrap();
    assert_eq!(stepper.fail().unwrap().as_deref(), Some("no"));
    let hostile = hostile::HostileClient::spawn(&host, common::guest("hostile")).unwrap();
    assert_eq!(hostile.inc().unwrap(), 1);
    assert!(hostile.read_file("/etc/passwd").is_err(), "granted nothing");
}

#[test]
fn bindgen_clients_of_python_guests() {
    let host = common::host();
    let Some(source) = common::python_guest("some_object") else {
        return;
    };
    let obj = python_some_object::SomeObjectClient::spawn(&host, source).unwrap();
    // Unannotated: its parameters and results are dynamic values.
    obj.toggle(Some(Value::Bool(true))).unwrap();
    assert!(obj.is_on().unwrap());
    assert_eq!(obj.inc().unwrap(), Value::Null);
    assert_eq!(obj.x().unwrap(), 1);
    obj.another().append(Value::from(6)).unwrap();
    assert_eq!(obj.another().get(0).unwrap(), Value::from(6));
    assert_eq!(obj.measure(Value::from("four")).unwrap(), Value::from(4));
    // Annotated: the client has the annotations' types.
    let source = common::python_guest("inherit").expect("built with some_object");
    let b = python_inherit::BClient::spawn(&host, source).unwrap();
    assert_eq!(b.asdf().unwrap(), 6);
    assert_eq!(b.super_().asdf().unwrap(), 5);
    assert_eq!(b.relabel("y").unwrap().chain().unwrap().x().unwrap(), 1);
    assert_eq!(b.label().unwrap(), "y");
    assert_eq!(b.zxcv().unwrap(), 1.0);
    let basic = python_basic::BasicClient::spawn(&host, common::python_guest("basic").unwrap());
    let basic = basic.unwrap();
    assert_eq!(basic.something().unwrap(), 5);
    basic.append(Value::from(1)).unwrap();
    assert_eq!(basic.proxy().len().unwrap(), 1);
    let toggler = common::python_guest("toggler").unwrap();
    let toggler = python_toggler::SomeObjectClient::spawn(&host, toggler).unwrap();
    toggler.toggle(Some(Value::Bool(true))).unwrap();
    assert!(toggler.is_on().unwrap());
    let stepper = common::python_guest("stepper").unwrap();
    let stepper = python_stepper::StepperClient::spawn(&host, stepper).unwrap();
    assert_eq!(stepper.echo(Value::from(3)).unwrap(), Value::from(3));
    // `fail = None` in its `__init__`: optional, of any type.
    assert_eq!(stepper.fail().unwrap(), None);
    stepper.set_fail(Some(Value::from("no"))).unwrap();
    assert_eq!(stepper.fail().unwrap(), Some(Value::from("no")));
    let hostile = common::python_guest("hostile").unwrap();
    let hostile = python_hostile::HostileClient::spawn(&host, hostile).unwrap();
    assert_eq!(hostile.inc().unwrap(), Value::from(1));
}
