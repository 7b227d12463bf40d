//! Python guests (guest-sdk/python, built by componentize-py): Python
//! remoteobj's README object, driven through real workers with the same
//! proxies as the Rust guests, with Python's own semantics.

use crate::common;

use remoteobj_host::{Error, ErrorKind};

#[test]
fn the_advanced_example_super_is_the_base_and_chain_returns_self() {
    let Some(obj) = common::spawn_python("inherit") else {
        return;
    };
    let r = obj.proxy();
    assert_eq!(r.attr("asdf").call::<i64>(()).unwrap(), 6);
    // `super(type(obj), obj)`, as its code does: the base's 5.
    assert_eq!(r.super_().attr("asdf").call::<i64>(()).unwrap(), 5);
    assert_eq!(r.attr("x").get::<i64>().unwrap(), 0);
    let mut p = r.clone();
    for _ in 0..3 {
        p = p.attr("chain").call_chain(()).unwrap();
    }
    assert_eq!(p.attr("x").get::<i64>().unwrap(), 3);
    assert_eq!(obj.describe().unwrap().bases, ["A"]);
}

#[test]
fn the_basic_usage_object_is_a_list_with_attributes() {
    let Some(obj) = common::spawn_python("basic") else {
        return;
    };
    let r = obj.proxy();
    r.attr("append").call::<()>((5,)).unwrap();
    r.attr("another").attr("append").call::<()>((6,)).unwrap();
    assert_eq!(r.item(0).get::<i64>().unwrap(), 5);
    assert_eq!(r.attr("another").item(0).get::<i64>().unwrap(), 6);
    r.set_item(0, 6).unwrap();
    r.set_attr("something", 10).unwrap();
    assert_eq!(r.get::<Vec<i64>>().unwrap(), [6]);
    assert_eq!(r.attr("something").get::<i64>().unwrap(), 10);
    assert_eq!(r.len().unwrap(), 1);
    assert_eq!(r.list::<i64>().unwrap(), [6]);
}

#[test]
fn python_remoteobjs_readme_object_answers_as_in_python() {
    let Some(obj) = common::spawn_python("some_object") else {
        return;
    };
    let r = obj.proxy();
    r.attr("toggle").call::<()>((true,)).unwrap();
    assert!(r.attr("is_on").get::<bool>().unwrap());
    r.attr("inc").call::<()>(()).unwrap();
    r.attr("another").attr("append").call::<()>((6,)).unwrap();
    assert_eq!(r.attr("another").item(0).get::<i64>().unwrap(), 6);
    assert_eq!(r.attr("another").len().unwrap(), 1);
    assert!(r.attr("another").contains(6).unwrap());
    r.set_attr("x", 10).unwrap();
    r.attr("toggle")
        .call::<()>(remoteobj_host::Args::new().kwarg("state", false))
        .unwrap();
    assert!(!r.attr("is_on").get::<bool>().unwrap());
    // `return self` chains.
    let x: i64 = r
        .attr("chain")
        .call_chain(())
        .unwrap()
        .attr("chain")
        .call_chain(())
        .unwrap()
        .attr("x")
        .get()
        .unwrap();
    assert_eq!(x, 12);
    r.attr("another").del_item(0).unwrap();
    assert!(r.attr("another").is_empty().unwrap());
    assert!(r.hasattr("inc").unwrap());
    obj.close();
    assert_eq!(r.attr("x").get_or(-1i64).unwrap(), -1);
}

#[test]
fn python_exceptions_come_back_with_their_kind_and_traceback() {
    let Some(obj) = common::spawn_python("some_object") else {
        return;
    };
    let r = obj.proxy();
    let e = common::remote_error(r.attr("xx").get::<i64>());
    assert_eq!(
        (e.kind, e.type_name.as_str()),
        (ErrorKind::Attribute, "SomeObject")
    );
    assert!(e.message.contains("did you mean 'x'"), "{}", e.message);
    assert_eq!(e.trace, ["SomeObject.xx"]);
    let e = common::remote_error(r.attr("another").item(5).get::<i64>());
    assert_eq!(e.kind, ErrorKind::Index);
    let e = common::remote_error(r.attr("x").call::<i64>(()));
    assert_eq!(e.kind, ErrorKind::NotCallable);
    let e = common::remote_error(r.attr("toggle").call::<()>((1, 2, 3)));
    assert_eq!(e.kind, ErrorKind::Type);
    assert!(e.message.contains("positional arguments"), "{}", e.message);
    // A result CBOR cannot carry is a TypeError naming its type, not a hang.
    let e = common::remote_error(r.attr("inc").get::<i64>());
    assert_eq!(e.kind, ErrorKind::Type);
    assert!(e.message.contains("'method'"), "{}", e.message);
    // The object lives on.
    assert_eq!(r.attr("x").get::<i64>().unwrap(), 0);
    assert!(matches!(
        r.attr("another").item(0).get::<i64>(),
        Err(Error::Remote(_))
    ));
}

#[test]
fn describe_reads_the_class_with_inspect() {
    let Some(obj) = common::spawn_python("some_object") else {
        return;
    };
    let schema = obj.describe().unwrap();
    assert_eq!(schema.type_name, "SomeObject");
    assert_eq!(schema.doc, "Python remoteobj's README object.");
    let attrs: Vec<&str> = schema.attributes.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(attrs, ["another", "is_on", "x"]);
    let toggle = schema.methods.iter().find(|m| m.name == "toggle").unwrap();
    assert_eq!(toggle.params.len(), 1);
    assert!(toggle.params[0].optional);
    assert_eq!(toggle.params[0].default.as_deref(), Some("None"));
    assert!(!schema.active);
}

#[test]
fn the_python_sdks_own_unit_tests_pass() {
    if common::python_guest("some_object").is_none() {
        return;
    }
    let sdk = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("guest-sdk/python");
    let python = std::env::var("REMOTEOBJ_PYTHON").unwrap_or_else(|_| "python3".into());
    let out = std::process::Command::new(python)
        .args(["-m", "unittest", "discover", "-s", "tests"])
        .current_dir(&sdk)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .expect("running the Python SDK's unit tests");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_memory_error_is_an_error_of_the_call_and_the_object_lives_on() {
    let Some(obj) = common::spawn_python("hostile") else {
        return;
    };
    let r = obj.proxy();
    // A list larger than the address space: CPython raises MemoryError
    // before asking for memory, so the sandbox's limit is not involved.
    let e = common::remote_error(r.attr("huge").call::<u64>(()));
    assert_eq!(
        (e.kind, e.type_name.as_str()),
        (ErrorKind::Runtime, "Hostile")
    );
    assert!(e.message.starts_with("MemoryError"), "{e}");
    assert_eq!(r.attr("inc").call::<i64>(()).unwrap(), 1);
}
