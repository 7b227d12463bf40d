//! `passto`: functions the guest runs on an object for the host, built in
//! (str, repr, list, hasattr, dir) and exported by the guest author.

use crate::common;

use remoteobj_host::{Args, ErrorKind};

#[test]
fn str_and_repr_use_display_and_debug() {
    let obj = common::spawn("containers");
    let settings = obj.proxy().attr("settings");
    settings.set_attr("label", "quiet").unwrap();
    assert_eq!(settings.str_().unwrap(), "quiet at level 0");
    assert_eq!(
        settings.repr().unwrap(),
        "Settings { level: 0, label: \"quiet\" }"
    );
    // A type without Display shows its value, Python-style.
    let items = obj.proxy().attr("items");
    items.attr("extend").call::<()>((vec![1, 2],)).unwrap();
    assert_eq!(items.str_().unwrap(), "[1, 2]");
    assert_eq!(items.repr().unwrap(), "<list [1, 2]>");
    assert_eq!(obj.proxy().attr("version").str_().unwrap(), "3");
}

#[test]
fn list_iterates_explicitly() {
    let obj = common::spawn("containers");
    let r = obj.proxy();
    r.attr("items")
        .attr("extend")
        .call::<()>((vec![5, 6],))
        .unwrap();
    assert_eq!(r.attr("items").list::<i64>().unwrap(), [5, 6]);
    r.attr("counts").set_item("b", 2).unwrap();
    r.attr("counts").set_item("a", 1).unwrap();
    assert_eq!(
        r.attr("counts").list::<String>().unwrap(),
        ["a", "b"],
        "a dict lists its keys"
    );
    let e = r.attr("version").list::<i64>().unwrap_err();
    let remote = e.remote().unwrap();
    assert_eq!(remote.kind, ErrorKind::Type);
    assert!(
        remote.message.contains("not iterable"),
        "{}",
        remote.message
    );
}

#[test]
fn hasattr_and_dir() {
    let obj = common::spawn("containers");
    let r = obj.proxy();
    assert!(r.hasattr("items").unwrap());
    assert!(r.hasattr("attach").unwrap());
    assert!(
        !r.hasattr("secret").unwrap(),
        "skipped fields are not there remotely"
    );
    assert!(r.attr("settings").hasattr("reset").unwrap());
    let dir = r.attr("settings").dir().unwrap();
    assert_eq!(
        dir,
        [
            "greet", "label", "level", "level_of", "louder", "reset", "sum"
        ]
    );
}

#[test]
fn free_functions_exported_by_the_guest() {
    let obj = common::spawn("containers");
    let r = obj.proxy();
    r.attr("items")
        .attr("extend")
        .call::<()>((vec![1, 2, 3],))
        .unwrap();
    assert_eq!(r.passto::<i64>("total", ()).unwrap(), 6);
    assert_eq!(r.passto::<i64>("total", (10,)).unwrap(), 16);
    assert_eq!(
        r.passto::<i64>("total", Args::new().kwarg("extra", 1))
            .unwrap(),
        7
    );
    r.passto::<()>("clear_all", ()).unwrap();
    assert_eq!(r.attr("items").len().unwrap(), 0);
    // Its Err is a remote error; the wrong object is a type error.
    let e = r.passto::<()>("clear_all", ()).unwrap_err();
    assert_eq!(e.remote().unwrap().message, "nothing to clear");
    let e = r.attr("settings").passto::<i64>("total", ()).unwrap_err();
    let remote = e.remote().unwrap();
    assert_eq!(remote.kind, ErrorKind::Type);
    assert!(
        remote.message.contains("cannot be passed a `Settings`"),
        "{}",
        remote.message
    );
    let e = r.passto::<i64>("totl", ()).unwrap_err();
    let remote = e.remote().unwrap();
    assert_eq!(remote.kind, ErrorKind::Attribute);
    assert!(
        remote.message.contains("did you mean `total`"),
        "{}",
        remote.message
    );
}
