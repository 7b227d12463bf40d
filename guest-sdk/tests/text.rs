//! `str()` and `repr()` (the built-in `passto` functions) through
//! inheritance, natively: a type without `Display`/`Debug` answers with its
//! nearest base's, as Python's `__str__`/`__repr__` are inherited; only when
//! no type in the chain has one is the text made from the value.

use std::fmt;

use remoteobj_guest::bindings::remoteobj::guest::types::{CallArgs, Op, PasstoCall};
use remoteobj_guest::resolve::{Resolved, resolve};
use remoteobj_guest::{Remote, Value, remote};

/// The root: `Display` and `Debug` of its own.
#[remote]
#[derive(Default, Debug)]
pub struct Root {
    n: i64,
}

impl fmt::Display for Root {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<Root n={}>", self.n)
    }
}

/// Neither `Display` nor `Debug`: both come from `Root`.
#[remote]
#[derive(Default)]
pub struct Middle {
    m: i64,
    #[remote(base)]
    base: Root,
}

/// Its own `Display` and `Debug`, which win over the bases'.
#[remote]
#[derive(Default)]
pub struct Own {
    #[remote(base)]
    base: Middle,
}

impl fmt::Display for Own {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("own text")
    }
}

impl fmt::Debug for Own {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Own(debug)")
    }
}

/// Two levels, neither with `Display` or `Debug`.
#[remote]
#[derive(Default)]
pub struct Plain {
    p: i64,
    #[remote(base)]
    base: PlainBase,
}

/// The base of `Plain`.
#[remote]
#[derive(Default)]
pub struct PlainBase {
    q: i64,
}

fn passto(obj: &mut dyn Remote, supers: usize, function: &str) -> String {
    let mut path = vec![Op::Super; supers];
    path.push(Op::Passto(PasstoCall {
        function: function.into(),
        args: CallArgs {
            positional: vec![],
            named: vec![],
        },
    }));
    match resolve(obj, path) {
        Ok(Resolved::Value(Value::Text(text))) => text,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_type_without_display_or_debug_inherits_its_bases() {
    let mut obj = Middle {
        m: 1,
        base: Root { n: 2 },
    };
    assert_eq!(passto(&mut obj, 0, "str"), "<Root n=2>");
    assert_eq!(passto(&mut obj, 0, "repr"), "Root { n: 2 }");
    assert_eq!(passto(&mut obj, 1, "str"), "<Root n=2>");
}

#[test]
fn a_type_with_its_own_display_and_debug_uses_them() {
    let mut obj = Own::default();
    assert_eq!(passto(&mut obj, 0, "str"), "own text");
    assert_eq!(passto(&mut obj, 0, "repr"), "Own(debug)");
    // Its base has none of its own: the root's, two levels down.
    assert_eq!(passto(&mut obj, 1, "str"), "<Root n=0>");
    assert_eq!(passto(&mut obj, 2, "repr"), "Root { n: 0 }");
}

#[test]
fn without_any_in_the_chain_the_text_is_the_value() {
    let mut obj = Plain {
        p: 1,
        base: PlainBase { q: 2 },
    };
    assert_eq!(passto(&mut obj, 0, "str"), "{'p': 1, 'q': 2}");
    assert_eq!(passto(&mut obj, 0, "repr"), "<Plain {'p': 1, 'q': 2}>");
}
