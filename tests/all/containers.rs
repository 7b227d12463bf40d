//! Std containers behave like Python's, end to end on the containers guest.

use crate::common;

use std::collections::BTreeMap;

use remoteobj_host::{Args, ErrorKind, Value};

fn kind(result: Result<impl std::fmt::Debug, remoteobj_host::Error>) -> ErrorKind {
    match result {
        Err(e) => e.remote().unwrap_or_else(|| panic!("not remote: {e}")).kind,
        Ok(v) => panic!("expected an error, got {v:?}"),
    }
}

#[test]
fn vec_as_list() {
    let obj = common::spawn("containers");
    let items = obj.proxy().attr("items");
    items.attr("append").call::<()>((3,)).unwrap();
    items.attr("extend").call::<()>((vec![4, 5, 4],)).unwrap();
    items.attr("insert").call::<()>((0, 1)).unwrap();
    items.attr("insert").call::<()>((-1, 9)).unwrap();
    assert_eq!(items.get::<Vec<i64>>().unwrap(), [1, 3, 4, 5, 9, 4]);
    assert_eq!(items.attr("index").call::<u64>((4,)).unwrap(), 2);
    assert_eq!(items.attr("count").call::<u64>((4,)).unwrap(), 2);
    items.attr("remove").call::<()>((4,)).unwrap();
    assert_eq!(items.attr("pop").call::<i64>(()).unwrap(), 4);
    assert_eq!(items.attr("pop").call::<i64>((0,)).unwrap(), 1);
    assert_eq!(items.get::<Vec<i64>>().unwrap(), [3, 5, 9]);
    assert_eq!(items.item(-1).get::<i64>().unwrap(), 9);
    items.set_item(-3, 30).unwrap();
    items.del_item(1).unwrap();
    assert_eq!(items.get::<Vec<i64>>().unwrap(), [30, 9]);
    assert!(items.contains(9).unwrap());
    assert_eq!(items.len().unwrap(), 2);
    assert_eq!(
        kind(items.attr("remove").call::<()>((77,))),
        ErrorKind::Value
    );
    assert_eq!(
        kind(items.attr("index").call::<u64>((77,))),
        ErrorKind::Value
    );
    assert_eq!(kind(items.item(2).get::<i64>()), ErrorKind::Index);
    items.attr("clear").call::<()>(()).unwrap();
    assert_eq!(items.len().unwrap(), 0);
    assert_eq!(kind(items.attr("pop").call::<i64>(())), ErrorKind::Index);
}

#[test]
fn vecdeque_as_list() {
    let obj = common::spawn("containers");
    let queue = obj.proxy().attr("queue");
    queue.attr("append").call::<()>(("b",)).unwrap();
    queue.attr("insert").call::<()>((0, "a")).unwrap();
    queue.attr("append").call::<()>(("c",)).unwrap();
    assert_eq!(queue.get::<Vec<String>>().unwrap(), ["a", "b", "c"]);
    assert_eq!(queue.attr("pop").call::<String>((0,)).unwrap(), "a");
    assert_eq!(queue.item(-1).get::<String>().unwrap(), "c");
    assert!(queue.contains("b").unwrap());
    assert_eq!(kind(queue.attr("append").call::<()>((1,))), ErrorKind::Type);
}

#[test]
fn btreemap_with_text_keys_as_dict() {
    let obj = common::spawn("containers");
    let counts = obj.proxy().attr("counts");
    counts.set_item("apples", 3).unwrap();
    counts.set_item("pears", 5).unwrap();
    assert_eq!(counts.item("apples").get::<i64>().unwrap(), 3);
    assert_eq!(counts.attr("get").call::<i64>(("pears",)).unwrap(), 5);
    assert_eq!(
        counts.attr("get").call::<Option<i64>>(("plums",)).unwrap(),
        None
    );
    assert_eq!(counts.attr("get").call::<i64>(("plums", 0)).unwrap(), 0);
    assert_eq!(
        counts.attr("keys").call::<Vec<String>>(()).unwrap(),
        ["apples", "pears"]
    );
    assert_eq!(counts.attr("values").call::<Vec<i64>>(()).unwrap(), [3, 5]);
    assert_eq!(
        counts.attr("items").call::<Vec<(String, i64)>>(()).unwrap(),
        [("apples".to_string(), 3), ("pears".to_string(), 5)]
    );
    assert_eq!(
        counts.attr("setdefault").call::<i64>(("plums", 7)).unwrap(),
        7
    );
    assert_eq!(
        counts.attr("setdefault").call::<i64>(("plums", 8)).unwrap(),
        7
    );
    counts
        .attr("update")
        .call::<()>((BTreeMap::from([("kiwis", 1), ("apples", 4)]),))
        .unwrap();
    assert_eq!(counts.len().unwrap(), 4);
    assert_eq!(counts.attr("pop").call::<i64>(("kiwis",)).unwrap(), 1);
    assert_eq!(counts.attr("pop").call::<i64>(("kiwis", -1)).unwrap(), -1);
    counts.del_item("plums").unwrap();
    assert!(counts.contains("apples").unwrap());
    assert!(!counts.contains("plums").unwrap());
    assert!(
        !counts.contains(12).unwrap(),
        "a key of the wrong type is not in the dict"
    );
    assert_eq!(kind(counts.item("plums").get::<i64>()), ErrorKind::Key);
    assert_eq!(kind(counts.del_item("plums")), ErrorKind::Key);
    assert_eq!(
        kind(counts.attr("pop").call::<i64>(("plums",))),
        ErrorKind::Key
    );
    assert_eq!(
        kind(counts.set_item("bad", "not a number")),
        ErrorKind::Type
    );
    // A bad entry in update changes nothing.
    let bad = Value::Map(vec![
        (Value::from("ok"), Value::from(1)),
        (Value::from("bad"), Value::from("x")),
    ]);
    assert_eq!(
        kind(counts.attr("update").call::<()>((bad,))),
        ErrorKind::Type
    );
    assert!(!counts.contains("ok").unwrap());
    counts.attr("clear").call::<()>(()).unwrap();
    assert_eq!(counts.len().unwrap(), 0);
}

#[test]
fn hashmap_with_integer_keys_as_dict() {
    let obj = common::spawn("containers");
    let names = obj.proxy().attr("names");
    names.set_item(1, "one").unwrap();
    names.set_item(-2, "minus two").unwrap();
    assert_eq!(names.item(-2).get::<String>().unwrap(), "minus two");
    assert!(names.contains(1).unwrap());
    assert_eq!(kind(names.set_item("three", "x")), ErrorKind::Type);
    let mut keys: Vec<i64> = names.attr("keys").call(()).unwrap();
    keys.sort();
    assert_eq!(keys, [-2, 1]);
}

#[test]
fn nested_remote_objects_are_traversed_in_place() {
    let obj = common::spawn("containers");
    let r = obj.proxy();
    r.attrs(&["settings.level"]).get::<i64>().unwrap();
    r.attr("settings").set_attr("level", 3).unwrap();
    r.attr("settings").set_attr("label", "loud").unwrap();
    // A String attribute reads as text, with len() and `in`.
    assert_eq!(r.attrs(&["settings.label"]).len().unwrap(), 4);
    assert!(r.attrs(&["settings.label"]).contains("ou").unwrap());
    assert_eq!(r.attrs(&["settings.level"]).get::<i64>().unwrap(), 3);
    let louder = r.attr("settings").attr("louder").call_chain(()).unwrap();
    assert_eq!(
        louder.path_string(),
        "settings",
        "the object a method returns as self"
    );
    louder
        .attr("louder")
        .call_chain(Args::new().kwarg("by", 10))
        .unwrap();
    assert_eq!(r.attrs(&["settings.level"]).get::<i64>().unwrap(), 14);
    r.attr("settings").attr("reset").call::<()>(()).unwrap();
    assert_eq!(r.attrs(&["settings.level"]).get::<i64>().unwrap(), 0);
    assert_eq!(r.attrs(&["settings.label"]).get::<String>().unwrap(), "");
    // In a Box: the same.
    r.attr("boxed").set_attr("level", 2).unwrap();
    r.attr("boxed").attr("louder").call_chain((5,)).unwrap();
    assert_eq!(r.attrs(&["boxed.level"]).get::<i64>().unwrap(), 7);
    // In an Option: None until attached.
    assert_eq!(r.attr("maybe").get::<Option<i64>>().unwrap(), None);
    let e = r.attrs(&["maybe.level"]).get::<i64>().unwrap_err();
    assert_eq!(e.remote().unwrap().type_name, "NoneType");
    r.attr("attach").call::<()>(()).unwrap();
    r.attr("maybe").set_attr("level", 9).unwrap();
    assert_eq!(r.attrs(&["maybe.level"]).get::<i64>().unwrap(), 9);
}

#[test]
fn lists_of_remote_objects_are_traversed_item_by_item() {
    let obj = common::spawn("containers");
    let stock = obj.proxy().attr("stock");
    let item = |name: &str, qty: i64| {
        BTreeMap::from([("name", Value::from(name)), ("qty", Value::from(qty))])
    };
    stock.attr("append").call::<()>((item("bolt", 3),)).unwrap();
    stock.attr("append").call::<()>((item("nut", 5),)).unwrap();
    stock
        .attr("insert")
        .call::<()>((0, item("gear", 1)))
        .unwrap();
    assert_eq!(stock.len().unwrap(), 3);
    assert_eq!(stock.item(2).attr("name").get::<String>().unwrap(), "nut");
    assert_eq!(stock.item(-1).attr("restock").call::<i64>((2,)).unwrap(), 7);
    stock.item(0).set_attr("qty", 4).unwrap();
    assert_eq!(stock.item(0).attr("qty").get::<i64>().unwrap(), 4);
    let popped: BTreeMap<String, Value> = stock.attr("pop").call((1,)).unwrap();
    assert_eq!(popped["name"], Value::from("bolt"));
    stock.del_item(0).unwrap();
    let rest: Vec<BTreeMap<String, Value>> = stock.get().unwrap();
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0]["qty"], Value::from(7));
    let e = stock
        .attr("append")
        .call::<()>(("not an item",))
        .unwrap_err();
    assert_eq!(e.remote().unwrap().kind, ErrorKind::Type);
    assert_eq!(
        kind(stock.item(5).attr("name").get::<String>()),
        ErrorKind::Index
    );
}

#[test]
fn read_only_and_skipped_fields() {
    let obj = common::spawn("containers");
    let r = obj.proxy();
    assert_eq!(r.attr("version").get::<u32>().unwrap(), 3);
    let e = r.set_attr("version", 4).unwrap_err();
    let remote = e.remote().unwrap();
    assert_eq!(
        remote.kind,
        ErrorKind::Attribute,
        "Python: can't set attribute"
    );
    assert!(remote.message.contains("read-only"), "{}", remote.message);
    assert_eq!(kind(r.attr("secret").get::<String>()), ErrorKind::Attribute);
    assert_eq!(kind(r.set_attr("secret", "x")), ErrorKind::Attribute);
    assert!(
        r.attr("has_secret").call::<bool>(()).unwrap(),
        "the field is there, just not remote"
    );
    let whole: BTreeMap<String, Value> = r.get().unwrap();
    assert!(!whole.contains_key("secret"));
    assert!(whole.contains_key("version"));
}

#[test]
fn describe_lists_fields_methods_docs_and_defaults() {
    let obj = common::spawn("containers");
    let schema = obj.describe().unwrap();
    assert_eq!(schema.type_name, "Inventory");
    assert_eq!(schema.doc, "A bag of containers.");
    let attrs: Vec<&str> = schema.attributes.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        attrs,
        [
            "items", "queue", "counts", "names", "settings", "boxed", "maybe", "stock", "version"
        ]
    );
    let items = &schema.attributes[0];
    assert_eq!(items.type_name, "Vec<i64>");
    assert_eq!(items.doc, "A list of integers.");
    assert!(schema.attributes[8].read_only);
    let has_secret = schema
        .methods
        .iter()
        .find(|m| m.name == "has_secret")
        .unwrap();
    assert_eq!(has_secret.returns, "bool");
    let attach = schema.methods.iter().find(|m| m.name == "attach").unwrap();
    assert_eq!(attach.doc, "Creates the optional settings, at `level`.");
    assert_eq!(attach.params[0].default.as_deref(), Some("0"));
    assert!(attach.params[0].optional);
    assert!(
        schema
            .to_string()
            .contains("  attach(level: i64 = 0) -> None"),
        "{schema}"
    );
    // The default is used when the argument is left out.
    obj.proxy().attr("attach").call::<()>(()).unwrap();
    assert_eq!(obj.proxy().attrs(&["maybe.level"]).get::<i64>().unwrap(), 0);
    obj.proxy().attr("attach").call::<()>((5,)).unwrap();
    assert_eq!(obj.proxy().attrs(&["maybe.level"]).get::<i64>().unwrap(), 5);
}

#[test]
fn method_signatures_users_write() {
    let obj = common::spawn("containers");
    let settings = obj.proxy().attr("settings");
    settings.set_attr("label", "the guest").unwrap();
    assert_eq!(settings.attr("level_of").call::<i64>(()).unwrap(), 0);
    assert_eq!(
        settings.attr("greet").call::<String>(("you",)).unwrap(),
        "hello, you, from the guest"
    );
    assert_eq!(
        settings
            .attr("greet")
            .call::<String>(Args::new().arg("you").kwarg("word", "bye"))
            .unwrap(),
        "bye, you, from the guest"
    );
    assert_eq!(
        settings.attr("sum").call::<i64>((vec![1, 2, 3],)).unwrap(),
        6
    );
    assert_eq!(
        settings
            .attr("sum")
            .call::<i64>(Args::new().kwarg("args", vec![4]))
            .unwrap(),
        4
    );
    assert_eq!(
        kind(settings.attr("sum").call::<i64>((Vec::<i64>::new(),))),
        ErrorKind::Value
    );
    // A method read without a call says what it is.
    let e = settings.attr("reset").get::<i64>().unwrap_err();
    assert!(
        e.remote()
            .unwrap()
            .message
            .contains("is a method of `Settings`"),
        "{e}"
    );
    // A raw identifier is its plain name remotely.
    let stock = obj.proxy().attr("stock");
    let item = BTreeMap::from([("name", Value::from("cog")), ("qty", Value::from(1))]);
    stock.attr("append").call::<()>((item,)).unwrap();
    stock.item(0).set_attr("type", "metal").unwrap();
    assert_eq!(stock.item(0).attr("type").get::<String>().unwrap(), "metal");
}

#[test]
fn dict_lookups_with_a_key_of_another_type_find_nothing() {
    let obj = common::spawn("containers");
    let counts = obj.proxy().attr("counts");
    counts.set_item("a", 1).unwrap();
    assert_eq!(counts.attr("get").call::<i64>((1, -1)).unwrap(), -1);
    assert_eq!(counts.attr("pop").call::<i64>((1, -2)).unwrap(), -2);
    assert_eq!(kind(counts.item(1).get::<i64>()), ErrorKind::Key);
}
