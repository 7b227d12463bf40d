//! The guest's own logic, natively (no wasm, no worker): the resolver
//! walking paths against `#[remote]` objects, argument decoding, `super`
//! and methods returning the object itself. The end-to-end tests run the
//! same through real workers.

use std::collections::BTreeMap;

use remoteobj_guest::bindings::remoteobj::guest::types::{
    CallArgs, NamedArg, Op, PasstoCall, SetAttr, SetItem,
};
use remoteobj_guest::resolve::{MAX_PATH_LEN, Resolved, resolve};
use remoteobj_guest::{Args, ErrorKind, This, Value, encode, remote};

/// A base class.
#[remote]
#[derive(Default)]
pub struct Base {
    label: String,
}

#[remote]
impl Base {
    /// 5, overridden in `Derived`.
    pub fn asdf(&self) -> i64 {
        5
    }

    /// Sets the label and returns the object itself.
    pub fn relabel(&mut self, label: String) -> This {
        self.label = label;
        This
    }
}

/// A derived class with a list, an optional parameter and a default.
#[remote]
#[derive(Default)]
pub struct Derived {
    x: i64,
    #[remote(read_only)]
    fixed: i64,
    items: Vec<i64>,
    #[remote(dynamic)]
    extra: BTreeMap<String, Value>,
    #[remote(base)]
    base: Base,
}

#[remote]
impl Derived {
    /// 6.
    pub fn asdf(&self) -> i64 {
        6
    }

    /// Adds `by` (1 unless given) and returns the object itself.
    pub fn chain(&mut self, #[remote(default = 1)] by: i64) -> This {
        self.x += by;
        This
    }

    /// `x`, or `x` times `times`.
    pub fn scaled(&self, times: Option<i64>) -> i64 {
        self.x * times.unwrap_or(1)
    }
}

fn cbor<T: serde::Serialize>(v: T) -> Vec<u8> {
    encode(&v).unwrap()
}

fn attr(name: &str) -> Op {
    Op::Getattr(name.into())
}

fn call(positional: Vec<Vec<u8>>, named: Vec<(&str, Vec<u8>)>) -> Op {
    Op::Call(CallArgs {
        positional,
        named: named
            .into_iter()
            .map(|(name, value)| NamedArg {
                name: name.into(),
                value,
            })
            .collect(),
    })
}

fn value(obj: &mut Derived, path: Vec<Op>) -> Value {
    match resolve(obj, path) {
        Ok(Resolved::Value(v)) => v,
        other => panic!("{other:?}"),
    }
}

fn error_kind(obj: &mut Derived, path: Vec<Op>) -> ErrorKind {
    match resolve(obj, path) {
        Err(e) => e.kind,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_chain_resolves_in_one_walk() {
    let mut obj = Derived::default();
    let append = vec![attr("items"), attr("append"), call(vec![cbor(6)], vec![])];
    assert_eq!(value(&mut obj, append), Value::Null);
    assert_eq!(
        value(&mut obj, vec![attr("items"), Op::Getitem(cbor(0))]),
        Value::from(6)
    );
    assert_eq!(
        value(&mut obj, vec![attr("items"), Op::Len]),
        Value::from(1u64)
    );
    assert_eq!(
        value(&mut obj, vec![attr("items"), Op::Contains(cbor(6))]),
        Value::Bool(true)
    );
}

#[test]
fn super_runs_the_base_and_self_returned_continues_on_the_object() {
    let mut obj = Derived::default();
    let asdf = || vec![attr("asdf"), call(vec![], vec![])];
    assert_eq!(value(&mut obj, asdf()), Value::from(6));
    let mut through_super = vec![Op::Super];
    through_super.extend(asdf());
    assert_eq!(value(&mut obj, through_super), Value::from(5));
    // super.relabel(..) returns the object itself: the rest runs on the
    // object, not on its base (Python's `super().relabel(..).asdf()`).
    let path = vec![
        Op::Super,
        attr("relabel"),
        call(vec![cbor("new")], vec![]),
        attr("asdf"),
        call(vec![], vec![]),
    ];
    assert_eq!(value(&mut obj, path), Value::from(6));
    assert_eq!(value(&mut obj, vec![attr("label")]), Value::from("new"));
    // A method returning self at the end of a path is `This`.
    match resolve(&mut obj, vec![attr("chain"), call(vec![], vec![])]) {
        Ok(Resolved::This) => {}
        other => panic!("{other:?}"),
    }
    let chained = vec![
        attr("chain"),
        call(vec![], vec![]),
        attr("chain"),
        call(vec![], vec![("by", cbor(10))]),
        attr("x"),
    ];
    assert_eq!(value(&mut obj, chained), Value::from(12));
}

#[test]
fn arguments_decode_like_python() {
    let mut obj = Derived {
        x: 3,
        ..Derived::default()
    };
    let scaled = |args, kwargs| vec![attr("scaled"), call(args, kwargs)];
    assert_eq!(value(&mut obj, scaled(vec![], vec![])), Value::from(3));
    assert_eq!(
        value(&mut obj, scaled(vec![cbor(2)], vec![])),
        Value::from(6)
    );
    assert_eq!(
        value(&mut obj, scaled(vec![], vec![("times", cbor(4))])),
        Value::from(12)
    );
    // Wrong type, too many, unknown keyword, twice: TypeErrors.
    for bad in [
        scaled(vec![cbor("two")], vec![]),
        scaled(vec![cbor(1), cbor(2)], vec![]),
        scaled(vec![], vec![("nope", cbor(1))]),
        scaled(vec![cbor(1)], vec![("times", cbor(1))]),
        scaled(vec![], vec![("times", cbor(1)), ("times", cbor(2))]),
    ] {
        assert_eq!(error_kind(&mut obj, bad), ErrorKind::Type);
    }
}

#[test]
fn args_report_what_is_missing_and_what_is_left() {
    let mut args = Args::new(
        "f",
        CallArgs {
            positional: vec![cbor(1)],
            named: vec![NamedArg {
                name: "b".into(),
                value: cbor("x"),
            }],
        },
    );
    assert_eq!(args.required::<i64>(0, "a").unwrap(), 1);
    let missing = args.required::<i64>(2, "c").unwrap_err();
    assert!(
        missing.message.contains("missing required argument `c`"),
        "{missing:?}"
    );
    let left = args.finish().unwrap_err();
    assert!(
        left.message.contains("unexpected keyword argument `b`"),
        "{left:?}"
    );
    assert_eq!(
        args.optional::<String>(1, "b").unwrap().as_deref(),
        Some("x")
    );
    args.finish().unwrap();
}

#[test]
fn attributes_obey_their_options() {
    let mut obj = Derived::default();
    let set = |name: &str, v| {
        vec![Op::Setattr(SetAttr {
            name: name.into(),
            value: cbor(v),
        })]
    };
    assert_eq!(value(&mut obj, set("x", 4)), Value::Null);
    assert_eq!(value(&mut obj, vec![attr("x")]), Value::from(4));
    // Read-only refuses; a dynamic attribute is created, then deleted.
    assert_eq!(error_kind(&mut obj, set("fixed", 1)), ErrorKind::Attribute);
    assert_eq!(value(&mut obj, set("something", 10)), Value::Null);
    assert_eq!(value(&mut obj, vec![attr("something")]), Value::from(10));
    assert_eq!(
        value(&mut obj, vec![Op::Delattr("something".into())]),
        Value::Null
    );
    assert_eq!(
        error_kind(&mut obj, vec![attr("something")]),
        ErrorKind::Attribute
    );
    // Setting an item on a list, and a missing attribute's suggestion.
    let setitem = vec![
        attr("items"),
        Op::Setitem(SetItem {
            key: cbor(0),
            value: cbor(1),
        }),
    ];
    assert_eq!(error_kind(&mut obj, setitem), ErrorKind::Index);
    let e = resolve(&mut obj, vec![attr("xx")]).unwrap_err();
    assert!(e.message.contains("did you mean `x`"), "{}", e.message);
    assert_eq!(e.trace, vec!["Derived.xx".to_string()]);
}

#[test]
fn paths_the_guest_could_never_resolve_are_refused() {
    let mut obj = Derived::default();
    // A mutation that is not last.
    let path = vec![Op::Delattr("x".into()), Op::Len];
    assert_eq!(error_kind(&mut obj, path), ErrorKind::InvalidRequest);
    // Too long.
    let path = vec![Op::Super; MAX_PATH_LEN + 1];
    assert_eq!(error_kind(&mut obj, path), ErrorKind::InvalidRequest);
    // A value is not callable; passto a function nobody exported.
    let path = vec![attr("x"), call(vec![], vec![])];
    assert_eq!(error_kind(&mut obj, path), ErrorKind::NotCallable);
    let path = vec![Op::Passto(PasstoCall {
        function: "nope".into(),
        args: CallArgs {
            positional: vec![],
            named: vec![],
        },
    })];
    assert_ne!(resolve(&mut obj, path).unwrap_err().message, "");
}

#[test]
fn an_error_made_in_the_guests_code_says_where() {
    let line = line!() + 1;
    let e = remoteobj_guest::Error::runtime("T", "failed");
    assert_eq!(e.trace, vec![format!("{}:{line}:13", file!())]);
}
