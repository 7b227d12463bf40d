//! Python remoteobj's Advanced example on the inherit guest: super, chaining,
//! lookups that fall through to the base, str/repr inherited, and its tests'
//! property `zxcv` (overridden by the derived type, the base's through super).
//! The tests made with `both_languages!` run on the Python inherit guest too.

use crate::common;

use remoteobj_host::{Error, ErrorKind, Resolved};

common::both_languages!(override_and_super, "inherit", "inherit", |obj| {
    let r = obj.proxy();
    assert_eq!(r.attr("asdf").call::<i64>(()).unwrap(), 6);
    // super(type(obj), obj).asdf(): the base's implementation.
    assert_eq!(r.super_().attr("asdf").call::<i64>(()).unwrap(), 5);
});

common::both_languages!(
    remote_chaining_gives_back_the_root_proxy,
    "inherit",
    "inherit",
    |obj| {
        let r = obj.proxy();
        let start: i64 = r.attr("x").get().unwrap();
        assert_eq!(start, 0);
        let chained = r
            .attr("chain")
            .call_chain(())
            .unwrap()
            .attr("chain")
            .call_chain(())
            .unwrap()
            .attr("chain")
            .call_chain(())
            .unwrap();
        assert_eq!(
            chained.path_string(),
            "<object>",
            "each chain() hands back the root proxy"
        );
        assert_eq!(chained.attr("x").get::<i64>().unwrap(), start + 3);
        // A value-returning method is not a chain, and a chain is not a value.
        assert!(matches!(
            r.attr("asdf").call_chain(()),
            Err(Error::NotSelf { .. })
        ));
        assert!(matches!(
            r.attr("chain").call::<i64>(()),
            Err(Error::ReturnedSelf { .. })
        ));
        assert_eq!(r.attr("x").get::<i64>().unwrap(), start + 4);
    }
);

common::both_languages!(
    super_chain_returns_the_object_itself,
    "inherit",
    "inherit",
    |obj| {
        let r = obj.proxy();
        // B.chain through the path `chain()` then `super.label`: one request.
        let label = r.attr("chain").call_proxy(()).super_().attr("label");
        assert_eq!(label.get::<String>().unwrap(), "made by A");
        match r.super_().attr("asdf").call_proxy(()).resolve().unwrap() {
            Resolved::Value(v) => assert_eq!(v, 5.into()),
            Resolved::Object(_) => panic!("asdf returns a value"),
        }
    }
);

#[test]
fn lookups_fall_through_to_the_base() {
    let obj = common::spawn("inherit");
    let r = obj.proxy();
    assert_eq!(r.attr("label").get::<String>().unwrap(), "made by A");
    r.set_attr("label", "changed through B").unwrap();
    assert_eq!(
        r.super_().attr("label").get::<String>().unwrap(),
        "changed through B"
    );
    let err = r.attr("lable").get::<String>().unwrap_err();
    let remote = err.remote().unwrap();
    assert_eq!(remote.kind, ErrorKind::Attribute);
    assert_eq!(remote.type_name, "B");
    assert!(
        remote.message.contains("did you mean `label`"),
        "{}",
        remote.message
    );
    let schema = obj.describe().unwrap();
    assert_eq!(schema.bases, ["A"]);
}

common::both_languages!(
    super_of_the_base_has_nothing_to_call,
    "inherit",
    "inherit",
    |obj| {
        let err = obj
            .proxy()
            .super_()
            .super_()
            .attr("asdf")
            .call::<i64>(())
            .unwrap_err();
        let remote = err.remote().unwrap();
        assert_eq!(remote.kind, ErrorKind::Attribute);
        assert!(remote.message.contains("no base"), "{}", remote.message);
    }
);

common::both_languages!(
    a_base_method_returning_self_returns_the_object_not_the_base,
    "inherit",
    "inherit",
    |obj| {
        let r = obj.proxy();
        // In one request: super().relabel("lazy") is the object itself, so
        // .asdf() on it is B's.
        let asdf = r
            .super_()
            .attr("relabel")
            .call_proxy(("lazy",))
            .attr("asdf")
            .call::<i64>(())
            .unwrap();
        assert_eq!(asdf, 6);
        assert_eq!(r.attr("label").get::<String>().unwrap(), "lazy");
        // Step by step: the proxy handed back is the root proxy.
        let same = r.super_().attr("relabel").call_chain(("eager",)).unwrap();
        assert_eq!(same.path_string(), "<object>");
        assert_eq!(same.attr("asdf").call::<i64>(()).unwrap(), 6);
        assert_eq!(same.attr("label").get::<String>().unwrap(), "eager");
    }
);

#[test]
fn str_and_repr_are_the_bases_when_the_type_has_none() {
    let obj = common::spawn("inherit");
    let r = obj.proxy();
    // Python's str(obj) on a B runs A.__str__; B has no Display.
    assert_eq!(r.str_().unwrap(), "<A label=made by A>");
    assert_eq!(r.super_().str_().unwrap(), "<A label=made by A>");
    assert_eq!(r.repr().unwrap(), "A { label: \"made by A\", size: 10.0 }");
    r.set_attr("label", "changed").unwrap();
    assert_eq!(r.str_().unwrap(), "<A label=changed>");
}

common::both_languages!(
    a_property_is_read_and_the_derived_one_overrides_the_base,
    "inherit",
    "inherit",
    |obj| {
        let r = obj.proxy();
        // Python remoteobj's test_attribute_access_and_update and test_super:
        // obj.remote.zxcv.get_() is ObjectB's, obj.remote.super.zxcv ObjectA's.
        assert_eq!(r.attr("zxcv").get::<f64>().unwrap(), 1.0);
        assert_eq!(r.super_().attr("zxcv").get::<f64>().unwrap(), 2.0);
        assert!(r.hasattr("zxcv").unwrap());
        let dir = r.dir().unwrap();
        assert!(dir.iter().any(|n| n == "zxcv"), "{dir:?}");
        assert!(!dir.iter().any(|n| n == "set_zxcv"), "{dir:?}");
        let err = r.attr("zxvc").get::<f64>().unwrap_err();
        let remote = err.remote().unwrap();
        // (`zxcv` or 'zxcv': each language quotes names its own way.)
        assert!(
            remote.message.contains("did you mean") && remote.message.contains("zxcv"),
            "{}",
            remote.message
        );
    }
);

#[test]
fn a_property_is_assigned_through_its_setter_or_refused_without_one() {
    let obj = common::spawn("inherit");
    let r = obj.proxy();
    // A's setter, through super: both properties follow A's size.
    r.super_().set_attr("zxcv", 4.0).unwrap();
    assert_eq!(r.super_().attr("zxcv").get::<f64>().unwrap(), 4.0);
    assert_eq!(r.attr("zxcv").get::<f64>().unwrap(), 2.0);
    assert_eq!(r.attr("size").get::<f64>().unwrap(), 20.0);
    // The setter's own error keeps its kind; the value is type-checked.
    let err = r.super_().set_attr("zxcv", -1.0).unwrap_err();
    assert_eq!(err.remote().unwrap().kind, ErrorKind::Value);
    let err = r.super_().set_attr("zxcv", "ten").unwrap_err();
    let remote = err.remote().unwrap();
    assert_eq!(remote.kind, ErrorKind::Type);
    assert!(remote.message.contains("A.zxcv"), "{}", remote.message);
    // B's zxcv has no setter: read-only, and nothing changed.
    let err = r.set_attr("zxcv", 1.0).unwrap_err();
    let remote = err.remote().unwrap();
    assert_eq!(remote.kind, ErrorKind::Attribute);
    assert_eq!(remote.message, "attribute `zxcv` of `B` is read-only");
    // An error the SDK raises has no source line of the author's: only the
    // path's frame.
    assert_eq!(remote.trace, ["B.zxcv = …"]);
    assert_eq!(r.attr("zxcv").get::<f64>().unwrap(), 2.0);
}

#[test]
fn a_property_is_an_attribute_not_a_method() {
    let obj = common::spawn("inherit");
    let r = obj.proxy();
    let schema = obj.describe().unwrap();
    let zxcv = schema
        .attributes
        .iter()
        .find(|a| a.name == "zxcv")
        .expect("zxcv is listed as an attribute");
    assert_eq!(zxcv.type_name, "f64");
    assert!(zxcv.read_only, "B's zxcv has no setter");
    assert!(
        !schema
            .methods
            .iter()
            .any(|m| m.name == "zxcv" || m.name == "set_zxcv"),
        "{:?}",
        schema.methods
    );
    // obj.zxcv() calls the value, a float: not callable.
    let err = r.attr("zxcv").call::<f64>(()).unwrap_err();
    let remote = err.remote().unwrap();
    assert_eq!(remote.kind, ErrorKind::NotCallable);
    assert!(
        remote.message.contains("not a method"),
        "{}",
        remote.message
    );
    // The whole value is the fields: a property is computed.
    let whole: std::collections::BTreeMap<String, remoteobj_host::Value> = r.get().unwrap();
    assert!(!whole.contains_key("zxcv"), "{whole:?}");
}
