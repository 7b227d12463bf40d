//! Bad input from the host side: values nested too deep, paths too long,
//! component files too large. Each is refused with an error that names the
//! limit, before it can hurt the host (a stack overflow aborts the whole
//! process) or hang it, and the object stays usable.

use crate::common;

use remoteobj_host::{Args, ComponentSource, Error, MAX_DEPTH, Value};

/// `depth` arrays inside one another around a zero, built without
/// recursion.
fn nested(depth: usize) -> Value {
    let mut v = Value::Integer(0.into());
    for _ in 0..depth {
        v = Value::Array(vec![v]);
    }
    v
}

/// Drops a nested value without recursion (dropping recurses too).
fn unnest(mut v: Value) {
    while let Value::Array(mut items) = v {
        match items.pop() {
            Some(inner) => v = inner,
            None => break,
        }
    }
}

fn assert_too_deep<T: std::fmt::Debug>(what: &str, result: Result<T, Error>) {
    match result {
        Err(e @ Error::Encode(_)) => assert_eq!(
            e.to_string(),
            "cannot encode value: the value is nested more than 256 levels deep \
             (the limit, remoteobj_host::MAX_DEPTH); it was not sent",
            "{what}"
        ),
        other => panic!("{what}: expected Error::Encode, got {other:?}"),
    }
}

#[test]
fn a_value_nested_too_deep_is_refused_everywhere_without_crashing_the_host() {
    let obj = common::spawn("counter");
    let r = obj.proxy();
    let deep = nested(10_000);
    // A thread's default stack, 2 MiB: encoding 10,000 levels used to
    // overflow it, which aborts the host process.
    let deep = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn({
            let r = r.clone();
            move || {
                let list = r.attr("another");
                assert_too_deep("arg", r.attr("div").call::<i64>((&deep,)));
                assert_too_deep(
                    "kwarg",
                    r.attr("toggle")
                        .call::<()>(Args::new().kwarg("state", &deep)),
                );
                assert_too_deep(
                    "arg_value",
                    r.attr("div").call::<i64>(Args::new().arg_value(&deep)),
                );
                assert_too_deep("set_attr", r.set_attr("deep", &deep));
                assert_too_deep("set_item key", list.set_item(&deep, 1));
                assert_too_deep("set_item value", list.set_item(0, &deep));
                assert_too_deep("item", list.item(&deep).get::<i64>());
                assert_too_deep("del_item", list.del_item(&deep));
                assert_too_deep("contains", list.contains(&deep));
                assert_too_deep("passto", r.passto::<String>("str", (&deep,)));
                assert_too_deep("call_later", r.attr("div").call_later::<i64>((&deep,)));
                assert_too_deep("set_attr_later", r.set_attr_later("deep", &deep));
                assert_too_deep("set_attr_nowait", r.set_attr_nowait("deep", &deep));
                assert_too_deep("call_nowait", r.attr("div").call_nowait((&deep,)));
                let mut batch = r.batch();
                batch
                    .call(&r.attr("div"), (&deep,))
                    .set_attr(&r, "deep", &deep)
                    .set_item(&list, &deep, 1)
                    .get(&r.attr("x"));
                let mut results = batch.run().unwrap().into_iter();
                for what in ["batch call", "batch set_attr", "batch set_item"] {
                    assert_too_deep(what, results.next().unwrap());
                }
                assert_eq!(results.next().unwrap().unwrap(), Value::Integer(0.into()));
                deep
            }
        })
        .unwrap()
        .join()
        .expect("the thread encoding the deep value");
    unnest(deep);
    // Nothing was sent, and the object is as it was.
    assert_eq!(r.attr("x").get::<i64>().unwrap(), 0);
    assert!(!r.hasattr("deep").unwrap());
    r.attr("inc").call::<()>(()).unwrap();
    assert_eq!(r.attr("x").get::<i64>().unwrap(), 1);
}

#[test]
fn a_value_at_the_depth_limit_goes_there_and_back() {
    let obj = common::spawn("counter");
    let r = obj.proxy();
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            // One level past the limit is refused; the limit itself is
            // decoded by the guest, stored, encoded again and decoded by
            // the host.
            assert_too_deep("set_attr", r.set_attr("deep", nested(MAX_DEPTH + 1)));
            r.set_attr("deep", nested(MAX_DEPTH)).unwrap();
            let back: Value = r.attr("deep").get().unwrap();
            assert!(back == nested(MAX_DEPTH), "the value came back changed");
        })
        .unwrap()
        .join()
        .expect("the thread sending the value");
}

#[test]
fn a_path_of_ten_thousand_links_builds_and_is_refused_when_sent() {
    let obj = common::spawn("counter");
    let r = obj.proxy();
    let start = std::time::Instant::now();
    let mut long = r.clone();
    for _ in 0..10_000 {
        long = long.attr("x");
    }
    // Reported, not asserted: building used to copy the whole path at
    // every link (quadratic; seconds for this one).
    eprintln!("building 10,000 links took {:?}", start.elapsed());
    let expected = "10000 links, over the limit of 256";
    match long.get::<i64>() {
        Err(Error::InvalidPath { path, message }) => {
            assert_eq!(message, expected);
            assert_eq!(path, "x.x.x.x.x.x.x.x…");
        }
        other => panic!("expected Error::InvalidPath, got {other:?}"),
    }
    // Every way of sending it says the same; a mutation at the end too.
    match long.set_attr("x", 1) {
        Err(Error::InvalidPath { message, .. }) => {
            assert_eq!(message, "10001 links, over the limit of 256")
        }
        other => panic!("set_attr: expected Error::InvalidPath, got {other:?}"),
    }
    match long.call_later::<i64>(()) {
        Err(Error::InvalidPath { message, .. }) => {
            assert_eq!(message, "10001 links, over the limit of 256")
        }
        other => panic!("call_later: expected Error::InvalidPath, got {other:?}"),
    }
    let mut batch = r.batch();
    batch.get(&long).get(&r.attr("x"));
    let results = batch.run().unwrap();
    assert!(
        matches!(&results[0], Err(Error::InvalidPath { message, .. }) if message == expected),
        "{:?}",
        results[0]
    );
    assert_eq!(results[1].as_ref().unwrap(), &Value::Integer(0.into()));
    // The longest path that is allowed still goes: the limit is where it was.
    let mut longest = r.clone();
    for _ in 0..remoteobj_host::MAX_PATH_LEN {
        longest = longest.super_();
    }
    let e = common::remote_error(longest.get::<i64>());
    assert!(!e.message.contains("over the limit"), "{e}");
    drop(long);
    assert_eq!(r.attr("x").get::<i64>().unwrap(), 0);
}

fn load_failure(result: Result<remoteobj_host::RemoteObject, Error>) -> String {
    match result {
        Err(Error::LoadFailed { message, .. }) => message,
        Err(other) => panic!("expected Error::LoadFailed, got {other}"),
        Ok(_) => panic!("expected Error::LoadFailed, the object started"),
    }
}

#[test]
fn a_device_as_the_component_fails_the_load_instead_of_being_read_for_ever() {
    let host = common::host().max_component_size(1024 * 1024);
    let message = load_failure(host.spawn(ComponentSource::file("/dev/zero")));
    assert!(
        message.starts_with("component file /dev/zero is over the limit of 1048576 bytes"),
        "{message}"
    );
}

#[test]
fn a_component_file_over_the_limit_fails_the_load_by_its_size() {
    let dir = std::env::temp_dir().join(format!("remoteobj-input-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // Sparse: over the default limit, taking no disk space.
    let path = dir.join("huge.wasm");
    let len = remoteobj_host::DEFAULT_MAX_COMPONENT + 1;
    std::fs::File::create(&path).unwrap().set_len(len).unwrap();
    let message = load_failure(common::host().spawn(ComponentSource::file(&path)));
    assert_eq!(
        message,
        format!(
            "component file {} is {len} bytes, over the limit of {} bytes",
            path.display(),
            len - 1
        )
    );
    std::fs::remove_dir_all(&dir).unwrap();

    // The limit is exact, for files and bytes alike.
    let counter = common::guest_path("counter");
    let size = std::fs::metadata(&counter).unwrap().len();
    let at_limit = common::host().max_component_size(size);
    let obj = at_limit.spawn(common::guest("counter")).unwrap();
    assert_eq!(obj.proxy().attr("x").get::<i64>().unwrap(), 0);
    let below = common::host().max_component_size(size - 1);
    let message = load_failure(below.spawn(common::guest("counter")));
    assert!(
        message.contains(&format!("is {size} bytes, over the limit of {}", size - 1)),
        "{message}"
    );
    let bytes = ComponentSource::bytes(std::fs::read(&counter).unwrap());
    let message = load_failure(below.spawn(bytes));
    assert!(
        message.starts_with(&format!("the component (sent as bytes) is {size} bytes")),
        "{message}"
    );
}
