//! Three levels of inheritance (C -> B -> A): lookups fall through every
//! level, and super / super.super reach each base.

use crate::common;

use remoteobj_host::ErrorKind;

#[test]
fn super_and_super_super() {
    let obj = common::spawn("levels");
    let r = obj.proxy();
    assert_eq!(r.attr("f").call::<String>(()).unwrap(), "C");
    assert_eq!(r.super_().attr("f").call::<String>(()).unwrap(), "B");
    assert_eq!(
        r.super_().super_().attr("f").call::<String>(()).unwrap(),
        "A"
    );
    let e = r
        .super_()
        .super_()
        .super_()
        .attr("f")
        .call::<String>(())
        .unwrap_err();
    assert_eq!(e.remote().unwrap().kind, ErrorKind::Attribute);
}

#[test]
fn lookups_fall_through_every_level() {
    let obj = common::spawn("levels");
    let r = obj.proxy();
    assert_eq!(r.attr("who").call::<String>(()).unwrap(), "defined on A");
    r.set_attr("a_value", 4).unwrap();
    r.set_attr("b_only", 2).unwrap();
    assert_eq!(r.attr("a_value").get::<i64>().unwrap(), 4);
    assert_eq!(r.super_().attr("b_only").get::<i64>().unwrap(), 2);
    assert_eq!(r.super_().super_().attr("a_value").get::<i64>().unwrap(), 4);
    let e = r.attr("a_valeu").get::<i64>().unwrap_err();
    let remote = e.remote().unwrap();
    assert_eq!(remote.type_name, "C");
    assert!(
        remote.message.contains("did you mean `a_value`"),
        "{}",
        remote.message
    );
}

#[test]
fn the_schema_lists_the_base_chain() {
    let obj = common::spawn("levels");
    let schema = obj.describe().unwrap();
    assert_eq!(schema.type_name, "C");
    assert_eq!(schema.bases, ["B", "A"]);
    let names: Vec<&str> = schema.methods.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["f", "who"]);
}

#[test]
fn str_and_repr_come_from_the_nearest_type_that_has_them() {
    let obj = common::spawn("levels");
    let r = obj.proxy();
    r.set_attr("a_value", 4).unwrap();
    r.set_attr("b_only", 2).unwrap();
    // C has neither: B's, not A's, and not C's value.
    assert_eq!(r.str_().unwrap(), "B with b_only 2");
    assert_eq!(r.repr().unwrap(), "B { b_only: 2, base: A { a_value: 4 } }");
    // B's own, then A's own.
    assert_eq!(r.super_().str_().unwrap(), "B with b_only 2");
    assert_eq!(r.super_().super_().str_().unwrap(), "A with a_value 4");
    assert_eq!(r.super_().super_().repr().unwrap(), "A { a_value: 4 }");
}
