//! Properties (`#[remote(getter)]`, `#[remote(setter)]`), natively: read
//! as attributes, assigned through their setter, overridden by a derived
//! type, reached through `super`, listed in the schema as attributes.

use std::collections::BTreeMap;

use remoteobj_guest::bindings::remoteobj::guest::types::{CallArgs, Op, PasstoCall, SetAttr};
use remoteobj_guest::resolve::{Resolved, resolve};
use remoteobj_guest::{Error, ErrorKind, Remote, Value, encode, remote};

/// The base: Python remoteobj's `ObjectA`.
#[remote]
pub struct Shape {
    size: f64,
    title: String,
    #[remote(skip)]
    read_count: u32,
}

impl Default for Shape {
    fn default() -> Self {
        Shape {
            size: 10.0,
            title: String::new(),
            read_count: 0,
        }
    }
}

#[remote]
impl Shape {
    /// A fifth of size.
    #[remote(getter)]
    pub fn zxcv(&self) -> f64 {
        self.size / 5.0
    }

    /// Sets size so that zxcv reads `value`.
    #[remote(setter)]
    pub fn set_zxcv(&mut self, value: f64) -> Result<(), Error> {
        if value < 0.0 {
            return Err(Error::value_error("Shape", "zxcv cannot be negative"));
        }
        self.size = value * 5.0;
        Ok(())
    }

    /// The title, upper-cased.
    #[remote(getter)]
    pub fn loud(&self) -> String {
        self.title.to_uppercase()
    }

    /// Sets the title from a borrowed string.
    #[remote(setter)]
    pub fn set_loud(&mut self, title: &str) {
        self.title = title.to_lowercase();
    }

    /// How many times it was read (a getter taking `&mut self`).
    #[remote(getter)]
    pub fn reads(&mut self) -> u32 {
        self.read_count += 1;
        self.read_count
    }

    /// Fails with an SDK error, whose kind is kept.
    #[remote(getter)]
    pub fn broken(&self) -> remoteobj_guest::Result<i64> {
        Err(Error::key_error("Shape", "nothing here"))
    }

    /// Fails with another error: a RuntimeError.
    #[remote(getter)]
    pub fn parsed(&self) -> Result<i64, std::num::ParseIntError> {
        "not a number".parse()
    }

    /// A method, which `Square` overrides with a property.
    pub fn area(&self) -> f64 {
        self.size * self.size
    }

    /// A method, which `Square`'s field of that name hides.
    pub fn side(&self) -> i64 {
        -1
    }
}

/// The derived type: Python remoteobj's `ObjectB`.
#[remote]
#[derive(Default)]
pub struct Square {
    side: i64,
    #[remote(dynamic)]
    extra: BTreeMap<String, Value>,
    #[remote(base)]
    base: Shape,
}

#[remote]
impl Square {
    /// A tenth of size: overrides Shape's, without a setter.
    #[remote(getter)]
    pub fn zxcv(&self) -> f64 {
        self.base.size / 10.0
    }

    /// A property where the base has a method.
    #[remote(getter)]
    pub fn area(&self) -> i64 {
        self.side * self.side
    }
}

fn cbor<T: serde::Serialize>(v: T) -> Vec<u8> {
    encode(&v).unwrap()
}

fn attr(name: &str) -> Op {
    Op::Getattr(name.into())
}

fn set(name: &str, value: Vec<u8>) -> Op {
    Op::Setattr(SetAttr {
        name: name.into(),
        value,
    })
}

fn no_args() -> CallArgs {
    CallArgs {
        positional: vec![],
        named: vec![],
    }
}

fn value(obj: &mut dyn Remote, path: Vec<Op>) -> Value {
    match resolve(obj, path) {
        Ok(Resolved::Value(v)) => v,
        other => panic!("{other:?}"),
    }
}

fn error(obj: &mut dyn Remote, path: Vec<Op>) -> Error {
    match resolve(obj, path) {
        Err(e) => e,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_property_is_read_and_the_derived_one_overrides_the_base() {
    let mut obj = Square::default();
    assert_eq!(value(&mut obj, vec![attr("zxcv")]), Value::from(1.0));
    assert_eq!(
        value(&mut obj, vec![Op::Super, attr("zxcv")]),
        Value::from(2.0)
    );
    // Not overridden: the base's, through the derived type.
    assert_eq!(value(&mut obj, vec![attr("loud")]), Value::from(""));
    // A base's getter reached through the derived type runs once per read.
    assert_eq!(value(&mut obj, vec![attr("reads")]), Value::from(1));
    assert_eq!(value(&mut obj, vec![attr("reads")]), Value::from(2));
}

#[test]
fn assignment_goes_through_the_setter_or_is_refused() {
    let mut obj = Square::default();
    // Square's zxcv has no setter: read-only, even though Shape's has one,
    // and not created in the dynamic map either.
    let e = error(&mut obj, vec![set("zxcv", cbor(3.0))]);
    assert_eq!(e.kind, ErrorKind::Attribute);
    assert_eq!(e.message, "attribute `zxcv` of `Square` is read-only");
    assert!(obj.extra.is_empty());
    // super.zxcv = 4 runs Shape's setter.
    value(&mut obj, vec![Op::Super, set("zxcv", cbor(4.0))]);
    assert_eq!(obj.base.size, 20.0);
    assert_eq!(value(&mut obj, vec![attr("zxcv")]), Value::from(2.0));
    // The setter's Err keeps its kind; the value is type-checked as a field's.
    let e = error(&mut obj, vec![Op::Super, set("zxcv", cbor(-1.0))]);
    assert_eq!(e.kind, ErrorKind::Value);
    let e = error(&mut obj, vec![Op::Super, set("zxcv", cbor("ten"))]);
    assert_eq!(e.kind, ErrorKind::Type);
    assert!(e.message.contains("Shape.zxcv"), "{}", e.message);
    // A base's setter through the derived type, with a borrowed parameter.
    value(&mut obj, vec![set("loud", cbor("Hello"))]);
    assert_eq!(obj.base.title, "hello");
    assert_eq!(value(&mut obj, vec![attr("loud")]), Value::from("HELLO"));
    // A base's getter-only property, through the derived type: the base says
    // it is read-only (not that Square has no such attribute).
    let e = error(&mut obj, vec![set("reads", cbor(0))]);
    assert_eq!(e.message, "attribute `reads` of `Shape` is read-only");
}

#[test]
fn a_getters_err_is_a_remote_error() {
    let mut obj = Square::default();
    assert_eq!(error(&mut obj, vec![attr("broken")]).kind, ErrorKind::Key);
    assert_eq!(
        error(&mut obj, vec![attr("parsed")]).kind,
        ErrorKind::Runtime
    );
}

#[test]
fn a_property_is_not_a_method() {
    let mut obj = Square {
        side: 3,
        ..Square::default()
    };
    let call = || Op::Call(no_args());
    // Calling it calls its value, which is not callable.
    let e = error(&mut obj, vec![attr("zxcv"), call()]);
    assert_eq!(e.kind, ErrorKind::NotCallable);
    // Square's property hides Shape's method of the same name...
    assert_eq!(value(&mut obj, vec![attr("area")]), Value::from(9));
    let e = error(&mut obj, vec![attr("area"), call()]);
    assert_eq!(e.kind, ErrorKind::NotCallable);
    // ...which super still reaches.
    assert_eq!(
        value(&mut obj, vec![Op::Super, attr("area"), call()]),
        Value::from(100.0)
    );
    // So does a field.
    let e = error(&mut obj, vec![attr("side"), call()]);
    assert_eq!(e.kind, ErrorKind::NotCallable);
    assert_eq!(
        value(&mut obj, vec![Op::Super, attr("side"), call()]),
        Value::from(-1)
    );
    // A setter is no method either.
    let e = error(&mut obj, vec![Op::Super, attr("set_zxcv"), call()]);
    assert_eq!(e.kind, ErrorKind::Attribute);
}

#[test]
fn the_schema_lists_properties_as_attributes() {
    let obj = Square::default();
    let schema = obj.schema();
    let find = |name: &str| schema.attributes.iter().find(|a| a.name == name);
    let zxcv = find("zxcv").expect("zxcv is an attribute");
    assert_eq!(zxcv.type_, "f64");
    assert!(zxcv.read_only, "Square's zxcv has no setter");
    assert_eq!(
        zxcv.doc,
        "A tenth of size: overrides Shape's, without a setter."
    );
    assert!(
        !find("loud").unwrap().read_only,
        "Shape's loud has a setter"
    );
    assert_eq!(find("area").unwrap().type_, "i64");
    assert_eq!(find("broken").unwrap().type_, "i64");
    // Shape's methods are hidden by Square's property and field.
    let methods: Vec<&str> = schema.methods.iter().map(|m| m.name.as_str()).collect();
    assert!(methods.is_empty(), "{methods:?}");
    // The base's own schema: its zxcv is assignable.
    assert!(!Shape::default().schema().attributes[2].read_only);
    // The object's value is its fields only: properties are computed.
    let Value::Map(fields) = obj.to_value().unwrap() else {
        panic!("a map")
    };
    let keys: Vec<Value> = fields.into_iter().map(|(k, _)| k).collect();
    assert_eq!(keys, [Value::from("side"), "size".into(), "title".into()]);
}

#[test]
fn dir_hasattr_and_suggestions_see_properties() {
    let mut obj = Square::default();
    let passto = |function: &str, positional: Vec<Vec<u8>>| {
        Op::Passto(PasstoCall {
            function: function.into(),
            args: CallArgs {
                positional,
                named: vec![],
            },
        })
    };
    let Value::Array(names) = value(&mut obj, vec![passto("dir", vec![])]) else {
        panic!("a list")
    };
    assert!(names.iter().any(|n| *n == "zxcv".into()), "{names:?}");
    assert!(!names.iter().any(|n| *n == "set_zxcv".into()), "{names:?}");
    assert_eq!(
        value(&mut obj, vec![passto("hasattr", vec![cbor("loud")])]),
        Value::Bool(true)
    );
    let e = error(&mut obj, vec![attr("zxvc")]);
    assert!(e.message.contains("did you mean `zxcv`"), "{}", e.message);
}

/// A getter and a setter over a field of the same name (the usual Rust
/// accessor): the property wins, so the setter's check cannot be bypassed.
#[remote]
#[derive(Default)]
pub struct Account {
    balance: i64,
}

#[remote]
impl Account {
    /// The balance.
    #[remote(getter)]
    pub fn balance(&self) -> i64 {
        self.balance
    }

    /// Refuses a negative balance.
    #[remote(setter)]
    pub fn set_balance(&mut self, value: i64) -> Result<(), Error> {
        if value < 0 {
            return Err(Error::value_error("Account", "no overdraft"));
        }
        self.balance = value;
        Ok(())
    }

    /// A method named like a base-class attribute elsewhere.
    pub fn label(&self) -> &'static str {
        "account"
    }
}

/// A base whose getter raises an AttributeError of its own, and which has
/// a field and a method of one name.
#[remote]
#[derive(Default)]
pub struct Lazy {
    label: String,
}

#[remote]
impl Lazy {
    /// Not loaded yet.
    #[remote(getter)]
    pub fn data(&self) -> remoteobj_guest::Result<i64> {
        Err(Error::no_attribute("Lazy", "data (not loaded yet)"))
    }

    /// A method of the same name as the field.
    pub fn label(&self) -> String {
        self.label.clone()
    }
}

/// Derives from `Lazy`.
#[remote]
#[derive(Default)]
pub struct Eager {
    #[remote(base)]
    lazy: Lazy,
}

#[test]
fn a_property_hides_a_field_of_its_name() {
    let mut obj = Account::default();
    assert_eq!(
        error(&mut obj, vec![set("balance", cbor(-5))]).kind,
        ErrorKind::Value
    );
    assert_eq!(value(&mut obj, vec![attr("balance")]), Value::from(0));
    value(&mut obj, vec![set("balance", cbor(7))]);
    assert_eq!(value(&mut obj, vec![attr("balance")]), Value::from(7));
    let schema = obj.schema();
    let listed: Vec<&str> = schema.attributes.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(listed, ["balance"], "listed once");
    assert!(
        !schema.attributes[0].read_only,
        "as the property: it has a setter"
    );
}

#[test]
fn a_base_getters_own_attribute_error_is_kept() {
    let mut obj = Eager::default();
    let e = error(&mut obj, vec![attr("data")]);
    assert_eq!(e.kind, ErrorKind::Attribute);
    assert!(e.message.contains("not loaded yet"), "{}", e.message);
}

#[test]
fn a_bases_field_and_method_of_one_name_are_both_listed() {
    let schema = Eager::default().schema();
    assert!(schema.attributes.iter().any(|a| a.name == "label"));
    assert!(schema.methods.iter().any(|m| m.name == "label"));
}
