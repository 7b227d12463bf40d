//! Every proxy op, end to end on the counter guest, and (the tests made
//! with `both_languages!`) on the Python guest of the same shape.

use crate::common;

use remoteobj_host::{Args, Error, ErrorKind, Resolved, Value};

common::both_languages!(
    getattr_resolves_typed_and_dynamic,
    "counter",
    "some_object",
    |obj| {
        let r = obj.proxy();
        assert_eq!(r.attr("x").get::<i64>().unwrap(), 0);
        assert!(!r.attr("is_on").get::<bool>().unwrap());
        assert_eq!(r.attr("x").value().unwrap(), Value::from(0));
        // The whole object resolves to its fields.
        let whole: std::collections::BTreeMap<String, Value> = r.get().unwrap();
        assert_eq!(whole["x"], Value::from(0));
        assert_eq!(whole["another"], Value::Array(vec![]));
    }
);

common::both_languages!(
    calls_with_positional_and_named_arguments,
    "counter",
    "some_object",
    |obj| {
        let r = obj.proxy();
        r.attr("inc").call::<()>(()).unwrap();
        r.attr("inc").call::<()>(()).unwrap();
        assert_eq!(r.attr("x").get::<i64>().unwrap(), 2);
        r.attr("toggle").call::<()>(()).unwrap();
        assert!(r.attr("is_on").get::<bool>().unwrap(), "toggle() flips");
        r.attr("toggle")
            .call::<()>(Args::new().kwarg("state", true))
            .unwrap();
        assert!(
            r.attr("is_on").get::<bool>().unwrap(),
            "toggle(state=True) sets"
        );
        r.attr("toggle").call::<()>((false,)).unwrap();
        assert!(
            !r.attr("is_on").get::<bool>().unwrap(),
            "toggle(False) sets"
        );
        r.set_attr("x", 84).unwrap();
        assert_eq!(r.attr("div").call::<i64>((2,)).unwrap(), 42);
        assert_eq!(
            r.attr("div")
                .call::<i64>(Args::new().kwarg("by", 4))
                .unwrap(),
            21
        );
    }
);

common::both_languages!(
    nested_chains_are_one_request_each,
    "counter",
    "some_object",
    |obj| {
        let r = obj.proxy();
        r.attr("another").attr("append").call::<()>((6,)).unwrap();
        r.attrs(&["another.append"]).call::<()>((7,)).unwrap();
        r.attrs(&["another", "insert"]).call::<()>((0, 5)).unwrap();
        assert_eq!(r.attr("another").get::<Vec<i64>>().unwrap(), vec![5, 6, 7]);
        assert_eq!(r.attr("another").item(0).get::<i64>().unwrap(), 5);
        assert_eq!(r.attr("another").item(-1).get::<i64>().unwrap(), 7);
        assert_eq!(r.attr("another").attr("pop").call::<i64>(()).unwrap(), 7);
        assert_eq!(
            r.attr("another").attr("index").call::<u64>((6,)).unwrap(),
            1
        );
    }
);

#[test]
fn setattr_setitem_delattr_delitem() {
    let obj = common::spawn("counter");
    let r = obj.proxy();
    r.set_attr("x", 10).unwrap();
    assert_eq!(r.attr("x").get::<i64>().unwrap(), 10);
    r.set_attr("another", vec![1, 2, 3]).unwrap();
    r.attr("another").set_item(0, 6).unwrap();
    r.attr("another").set_item(-1, 9).unwrap();
    assert_eq!(r.attr("another").get::<Vec<i64>>().unwrap(), vec![6, 2, 9]);
    r.attr("another").del_item(1).unwrap();
    assert_eq!(r.attr("another").get::<Vec<i64>>().unwrap(), vec![6, 9]);
    // Python-style extra attributes: created by setattr, removed by delattr.
    r.set_attr("something", "hello").unwrap();
    assert_eq!(r.attr("something").get::<String>().unwrap(), "hello");
    r.del_attr("something").unwrap();
    let err = r.attr("something").get::<String>().unwrap_err();
    assert_eq!(err.remote().unwrap().kind, ErrorKind::Attribute);
    // Fields cannot be deleted.
    let err = r.del_attr("x").unwrap_err();
    assert_eq!(err.remote().unwrap().kind, ErrorKind::Unsupported);
}

common::both_languages!(len_and_contains, "counter", "some_object", |obj| {
    let r = obj.proxy();
    let another = r.attr("another");
    assert_eq!(another.len().unwrap(), 0);
    assert!(another.is_empty().unwrap());
    another.attr("extend").call::<()>((vec![4, 5, 6],)).unwrap();
    assert_eq!(another.len().unwrap(), 3);
    assert!(another.contains(5).unwrap());
    assert!(!another.contains(7).unwrap());
    assert!(
        !another.contains("five").unwrap(),
        "a value of another type is simply not in the list"
    );
    // len of a plain value read through the path.
    r.set_attr("words", vec!["a", "b"]).unwrap();
    assert_eq!(r.attr("words").len().unwrap(), 2);
    let err = r.attr("x").len().unwrap_err();
    assert_eq!(err.remote().unwrap().kind, ErrorKind::Unsupported);
});

common::both_languages!(
    lazy_calls_resolve_later_and_chain_in_one_request,
    "counter",
    "some_object",
    |obj| {
        let r = obj.proxy();
        let lazy = r.attr("inc").call_proxy(());
        assert_eq!(
            r.attr("x").get::<i64>().unwrap(),
            0,
            "call_proxy sends nothing"
        );
        assert_eq!(lazy.get::<Option<i64>>().unwrap(), None);
        assert_eq!(r.attr("x").get::<i64>().unwrap(), 1);
        // chain().chain().x as one path: the guest continues on the returned self.
        let x = r
            .attr("chain")
            .call_proxy(())
            .attr("chain")
            .call_proxy(())
            .attr("x");
        assert_eq!(x.get::<i64>().unwrap(), 3);
        match r.attr("chain").call_proxy(()).resolve().unwrap() {
            Resolved::Object(p) => assert_eq!(p.path_string(), "<object>"),
            Resolved::Value(v) => panic!("chain() resolved to a value: {v:?}"),
        }
    }
);

common::both_languages!(
    a_result_of_the_wrong_type_is_a_decode_error,
    "counter",
    "some_object",
    |obj| {
        match obj.proxy().attr("x").get::<String>() {
            Err(Error::Decode { expected, message }) => {
                assert!(expected.contains("String"), "{expected}");
                assert!(!message.is_empty());
            }
            other => panic!("expected a decode error, got {other:?}"),
        }
        // The object is still fine afterwards.
        assert_eq!(obj.proxy().attr("x").get::<i64>().unwrap(), 0);
    }
);

#[test]
fn describe_reports_the_schema() {
    let obj = common::spawn("counter");
    let schema = obj.describe().unwrap();
    assert_eq!(schema.type_name, "Counter");
    let attrs: Vec<&str> = schema.attributes.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(attrs, ["x", "is_on", "another"]);
    let toggle = schema.methods.iter().find(|m| m.name == "toggle").unwrap();
    assert_eq!(toggle.params[0].name, "state");
    assert!(toggle.params[0].optional);
}

common::both_languages!(
    paths_up_to_the_limit_resolve_and_longer_ones_are_refused,
    "counter",
    "some_object",
    |obj| {
        // 127 chained calls plus the final getattr: 255 links, one request.
        let p = (0..127).fold(obj.proxy(), |p, _| p.attr("chain").call_proxy(()));
        assert_eq!(p.attr("x").get::<i64>().unwrap(), 127);
        let too_long = (0..200).fold(obj.proxy(), |p, _| p.attr("chain").call_proxy(()));
        match too_long.attr("x").get::<i64>() {
            Err(Error::InvalidPath { message, .. }) => {
                assert!(message.contains("over the limit"), "{message}")
            }
            other => panic!("{other:?}"),
        }
    }
);
