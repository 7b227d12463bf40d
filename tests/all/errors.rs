//! Errors raised in the guest come back structured: kind, type, message,
//! trace. None of them harms the object. The test made with
//! `both_languages!` runs on the Python guest of the counter's shape too;
//! the others hold the Rust SDK to its exact wording.

use crate::common;

use remoteobj_host::{Args, ErrorKind, Value};

// Each kind of error, as either SDK raises it, with the type it concerns,
// its message and its trace; the object is untouched after all of them.
common::both_languages!(
    every_kind_of_error_comes_back_and_harms_nothing,
    "counter",
    "some_object",
    |obj| {
        let r = obj.proxy();
        let ty = obj.describe().unwrap().type_name;
        let e = common::remote_error(r.attr("xx").get::<i64>());
        assert_eq!((e.kind, &e.type_name), (ErrorKind::Attribute, &ty), "{e}");
        assert!(e.message.contains("xx"), "{e}");
        assert!(e.message.contains("did you mean"), "{e}");
        assert_eq!(e.trace, [format!("{ty}.xx")]);
        let e = common::remote_error(r.attr("nope").call::<()>(()));
        assert_eq!(e.kind, ErrorKind::Attribute, "{e}");
        // A method's own error: its kind, and the source line first.
        let e = common::remote_error(r.attr("div").call::<i64>((0,)));
        assert_eq!((e.kind, &e.type_name), (ErrorKind::Value, &ty), "{e}");
        assert_eq!(e.message, "division by zero");
        assert_eq!(e.trace.last(), Some(&format!("{ty}.div()")), "{e}");
        assert!(e.trace.len() >= 2, "no source line: {e}");
        // Wrong arguments.
        let e = common::remote_error(r.attr("inc").call::<()>((1,)));
        assert_eq!(e.kind, ErrorKind::Type, "{e}");
        assert!(e.message.contains("positional argument"), "{e}");
        let e = common::remote_error(r.attr("toggle").call::<()>(Args::new().kwarg("sate", true)));
        assert_eq!(e.kind, ErrorKind::Type, "{e}");
        assert!(e.message.contains("keyword argument"), "{e}");
        assert!(e.message.contains("sate"), "{e}");
        let e = common::remote_error(r.attr("div").call::<i64>(()));
        assert_eq!(e.kind, ErrorKind::Type, "{e}");
        assert!(e.message.contains("by"), "{e}");
        // Index, key and callability.
        let e = common::remote_error(r.attr("another").item(3).get::<i64>());
        assert_eq!(e.kind, ErrorKind::Index, "{e}");
        let e = common::remote_error(r.attr("another").item("a").get::<i64>());
        assert_eq!(e.kind, ErrorKind::Type, "{e}");
        assert!(e.message.contains("indices must be integers"), "{e}");
        let e = common::remote_error(r.attr("x").call::<i64>(()));
        assert_eq!(e.kind, ErrorKind::NotCallable, "{e}");
        let e = common::remote_error(r.item(0).get::<i64>());
        assert_eq!(e.kind, ErrorKind::Unsupported, "{e}");
        assert!(e.message.contains("not subscriptable"), "{e}");
        r.set_attr("table", std::collections::BTreeMap::from([("a", 1)]))
            .unwrap();
        assert_eq!(r.attr("table").item("a").get::<i64>().unwrap(), 1);
        let e = common::remote_error(r.attr("table").item("b").get::<i64>());
        assert_eq!(e.kind, ErrorKind::Key, "{e}");
        let e = common::remote_error(r.attr("another").attr("pop").call::<i64>(()));
        assert_eq!(e.kind, ErrorKind::Index, "pop from an empty list: {e}");
        // The display: kind, type, message, then the trace, a line each.
        let text = r.attr("div").call::<i64>((0,)).unwrap_err().to_string();
        assert!(
            text.starts_with(&format!("ValueError ({ty}): division by zero\n    at "))
                && text.ends_with(&format!("\n    at {ty}.div()")),
            "{text}"
        );
        // Nothing changed along the way.
        assert_eq!(r.attr("x").get::<i64>().unwrap(), 0);
        assert!(r.attr("another").is_empty().unwrap());
    }
);

#[test]
fn missing_attribute_names_the_nearest() {
    let obj = common::spawn("counter");
    let e = common::remote_error(obj.proxy().attr("xx").get::<i64>());
    assert_eq!(e.kind, ErrorKind::Attribute);
    assert_eq!(e.type_name, "Counter");
    assert_eq!(
        e.message,
        "`Counter` has no attribute `xx`; did you mean `x`?"
    );
    assert_eq!(e.trace, ["Counter.xx"]);
    let e = common::remote_error(obj.proxy().attr("nope").call::<()>(()));
    assert_eq!(e.kind, ErrorKind::Attribute);
}

#[test]
fn wrong_argument_types_are_type_errors() {
    let obj = common::spawn("counter");
    let r = obj.proxy();
    let e = common::remote_error(r.attr("toggle").call::<()>(Args::new().kwarg("state", 3)));
    assert_eq!(e.kind, ErrorKind::Type);
    assert!(
        e.message
            .contains("toggle() argument `state`: expected Option<bool>, got int 3"),
        "{}",
        e.message
    );
    let e = common::remote_error(r.attrs(&["another.append"]).call::<()>(("six",)));
    assert_eq!(e.kind, ErrorKind::Type);
    assert_eq!(
        e.trace,
        ["list.append()", "Counter.another"],
        "innermost frame first"
    );
    let e = common::remote_error(r.set_attr("x", "ten"));
    assert_eq!(e.kind, ErrorKind::Type);
    assert!(
        e.message.contains("expected i64, got str \"ten\""),
        "{}",
        e.message
    );
    let e = common::remote_error(r.attr("inc").call::<()>((1,)));
    assert_eq!(e.kind, ErrorKind::Type);
    assert!(
        e.message
            .contains("takes 0 positional argument(s) but 1 were given"),
        "{}",
        e.message
    );
    let e = common::remote_error(r.attr("toggle").call::<()>(Args::new().kwarg("sate", true)));
    assert!(
        e.message.contains("unexpected keyword argument `sate`"),
        "{}",
        e.message
    );
    let e = common::remote_error(r.attr("div").call::<i64>(()));
    assert!(
        e.message.contains("missing required argument `by`"),
        "{}",
        e.message
    );
    let e = common::remote_error(
        r.attr("toggle")
            .call::<()>(Args::new().arg(true).kwarg("state", false)),
    );
    assert!(
        e.message.contains("multiple values for argument `state`"),
        "{}",
        e.message
    );
    let e = common::remote_error(
        r.attr("toggle")
            .call::<()>(Args::new().kwarg("state", true).kwarg("state", false)),
    );
    assert!(
        e.message
            .contains("keyword argument `state` more than once"),
        "{}",
        e.message
    );
    // Nothing changed along the way.
    assert_eq!(r.attr("x").get::<i64>().unwrap(), 0);
}

#[test]
fn a_type_error_names_the_kind_that_came_once_with_the_value() {
    let obj = common::spawn("counter");
    let r = obj.proxy();
    let cases: [(Value, &str); 6] = [
        (Value::Float(1.5), "got float 1.5"),
        (Value::Null, "got None"),
        (Value::Bool(true), "got bool true"),
        (Value::Bytes(vec![1]), "got bytes"),
        (Value::Array(vec![]), "got list"),
        (Value::Map(vec![]), "got dict"),
    ];
    for (value, got) in cases {
        let e = common::remote_error(r.set_attr("x", &value));
        assert_eq!(e.kind, ErrorKind::Type);
        assert_eq!(e.message, format!("Counter.x: expected i64, {got}"));
    }
    // The command line's `x = 1.5` too.
    let out = common::command()
        .args(["call", "counter", "x = 1.5"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("expected i64, got float 1.5"), "{stderr}");
    assert!(!stderr.contains("float float"), "{stderr}");
    assert_eq!(r.attr("x").get::<i64>().unwrap(), 0);
}

#[test]
fn a_method_that_fails() {
    let obj = common::spawn("counter");
    let e = common::remote_error(obj.proxy().attr("div").call::<i64>((0,)));
    assert_eq!(e.kind, ErrorKind::Value);
    assert_eq!(e.type_name, "Counter");
    assert_eq!(e.message, "division by zero");
    // Innermost first: the line that made the error, then the path.
    assert_eq!(e.trace.len(), 2, "{:?}", e.trace);
    assert!(
        e.trace[0].starts_with("counter/src/lib.rs:"),
        "{:?}",
        e.trace
    );
    assert_eq!(e.trace[1], "Counter.div()");
}

#[test]
fn index_key_and_callability_errors() {
    let obj = common::spawn("counter");
    let r = obj.proxy();
    let e = common::remote_error(r.attr("another").item(3).get::<i64>());
    assert_eq!(e.kind, ErrorKind::Index);
    let e = common::remote_error(r.attr("another").item("a").get::<i64>());
    assert_eq!(e.kind, ErrorKind::Type);
    assert!(
        e.message.contains("indices must be integers, not str"),
        "{}",
        e.message
    );
    let e = common::remote_error(r.attr("x").call::<i64>(()));
    assert_eq!(e.kind, ErrorKind::NotCallable);
    let e = common::remote_error(r.item(0).get::<i64>());
    assert_eq!(e.kind, ErrorKind::Unsupported);
    assert!(e.message.contains("not subscriptable"), "{}", e.message);
    r.set_attr("table", std::collections::BTreeMap::from([("a", 1)]))
        .unwrap();
    assert_eq!(r.attr("table").item("a").get::<i64>().unwrap(), 1);
    let e = common::remote_error(r.attr("table").item("b").get::<i64>());
    assert_eq!(e.kind, ErrorKind::Key);
    let e = common::remote_error(r.attr("another").attr("pop").call::<i64>(()));
    assert_eq!(e.kind, ErrorKind::Index, "pop from an empty list");
}

#[test]
fn remote_errors_display_kind_type_message_and_trace() {
    let obj = common::spawn("counter");
    let err = obj.proxy().attr("div").call::<i64>((0,)).unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with("ValueError (Counter): division by zero\n    at counter/src/lib.rs:")
            && text.ends_with("\n    at Counter.div()")
            && text.lines().count() == 3,
        "{text}"
    );
}
