//! Paths: the [`Op`]s a request carries, and the rules every path obeys on
//! both sides of the pipe.
//!
//! - [`check_path`]: what the guest could never resolve is refused before it
//!   is sent (too long, or a mutating op that is not the last).
//! - [`this_path`]: when the guest answers "the object itself" for a path,
//!   the path of that object.
//! - [`path_string`]: a path as Python would write it, for errors and logs.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;

use crate::depth::from_cbor;

/// One link of a path; mirrors `op` in `wit/remoteobj.wit`. Values are CBOR.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Op {
    /// `obj.name`
    GetAttr(String),
    /// `obj[key]`
    GetItem(ByteBuf),
    /// `obj(*args, **kwargs)`
    Call {
        /// Positional arguments.
        args: Vec<ByteBuf>,
        /// Named arguments, in order.
        kwargs: Vec<(String, ByteBuf)>,
    },
    /// `obj.name = value`
    SetAttr(String, ByteBuf),
    /// `obj[key] = value`
    SetItem(ByteBuf, ByteBuf),
    /// `del obj.name`
    DelAttr(String),
    /// `del obj[key]`
    DelItem(ByteBuf),
    /// `len(obj)`
    Len,
    /// `key in obj`
    Contains(ByteBuf),
    /// `super(type(obj), obj)`
    Super,
    /// `passto(func, obj, *args, **kwargs)`: a function the guest answers.
    PassTo {
        /// The function's name (`str`, `repr`, `list`, `hasattr`, `dir`, or
        /// one the guest exported).
        func: String,
        /// Positional arguments after the object.
        args: Vec<ByteBuf>,
        /// Named arguments.
        kwargs: Vec<(String, ByteBuf)>,
    },
}

impl Op {
    /// Whether the op changes the object (`setattr`, `setitem`, `delattr`,
    /// `delitem`): such an op ends a path.
    pub fn is_mutation(&self) -> bool {
        matches!(
            self,
            Op::SetAttr(..) | Op::SetItem(..) | Op::DelAttr(_) | Op::DelItem(_)
        )
    }
}

/// The longest path a request carries (the guest refuses longer ones too).
pub const MAX_PATH_LEN: usize = 256;

/// Why a path cannot be sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PathError {
    /// More links than [`MAX_PATH_LEN`].
    #[error("{len} links, over the limit of {MAX_PATH_LEN}")]
    TooLong {
        /// The path's length.
        len: usize,
    },
    /// An assignment or deletion followed by more ops.
    #[error("an assignment or deletion must be the last op")]
    MutationNotLast,
}

/// Refuses paths the guest could never resolve: at most [`MAX_PATH_LEN`]
/// links, and a mutating op only as the last.
pub fn check_path(path: &[Op]) -> Result<(), PathError> {
    if path.len() > MAX_PATH_LEN {
        return Err(PathError::TooLong { len: path.len() });
    }
    match path.iter().position(Op::is_mutation) {
        Some(pos) if pos + 1 != path.len() => Err(PathError::MutationNotLast),
        _ => Ok(()),
    }
}

/// The path of the object that `path` designates when the guest answered
/// "the object itself" ([`Reply::This`](crate::Reply::This)) for it.
///
/// Such an answer means every call in the path returned its receiver
/// (after a call returns a plain value, no later link can produce an
/// object). So each `name(...)` is dropped with its method lookup, and any
/// `super` before it too: `super.chain()` returning `self` returns the
/// object itself, not its base. `chain().chain()` is the root (`[]`). A
/// callable *attribute object* that returns itself is taken for a method's
/// receiver: its path is the attribute's owner.
pub fn this_path(path: &[Op]) -> Vec<Op> {
    let mut canonical = Vec::with_capacity(path.len());
    for op in path {
        match op {
            Op::Call { .. } => {
                if matches!(canonical.last(), Some(Op::GetAttr(_))) {
                    canonical.pop();
                }
                while matches!(canonical.last(), Some(Op::Super)) {
                    canonical.pop();
                }
            }
            other => canonical.push(other.clone()),
        }
    }
    canonical
}

/// Renders a path the way Python would write it (`another.append(…)[0]`;
/// `<object>` for the object itself). Keys are shown as their values.
pub fn path_string(path: &[Op]) -> String {
    let mut out = String::new();
    for op in path {
        let _ = match op {
            Op::GetAttr(name) if out.is_empty() => write!(out, "{name}"),
            Op::GetAttr(name) => write!(out, ".{name}"),
            Op::GetItem(k) => write!(out, "[{}]", show(k)),
            Op::Call { .. } => write!(out, "(…)"),
            Op::SetAttr(name, _) if out.is_empty() => write!(out, "{name} = …"),
            Op::SetAttr(name, _) => write!(out, ".{name} = …"),
            Op::SetItem(k, _) => write!(out, "[{}] = …", show(k)),
            Op::DelAttr(name) => write!(out, " del .{name}"),
            Op::DelItem(k) => write!(out, " del [{}]", show(k)),
            Op::Len => write!(out, " len()"),
            Op::Contains(k) => write!(out, " contains {}", show(k)),
            Op::PassTo { func, .. } => write!(out, " passto {func}(…)"),
            Op::Super if out.is_empty() => write!(out, "super"),
            Op::Super => write!(out, ".super"),
        };
    }
    if out.is_empty() {
        "<object>".into()
    } else {
        out
    }
}

/// A CBOR key as text (`?` when it does not decode).
fn show(bytes: &ByteBuf) -> String {
    match from_cbor::<ciborium::Value>(bytes) {
        Ok(value) => {
            let mut out = String::new();
            write_value(&value, &mut out);
            out
        }
        Err(_) => "?".into(),
    }
}

/// Writes a dynamic value as JSON-like text.
pub(crate) fn write_value(value: &ciborium::Value, out: &mut String) {
    use ciborium::Value;
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Integer(i) => {
            let _ = write!(out, "{}", i128::from(*i));
        }
        Value::Float(x) => {
            let _ = write!(out, "{x:?}");
        }
        Value::Text(s) => {
            let _ = write!(out, "{s:?}");
        }
        Value::Bytes(b) => {
            out.push_str("b\"");
            for byte in b {
                let _ = write!(out, "\\x{byte:02x}");
            }
            out.push('"');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(item, out);
            }
            out.push(']');
        }
        Value::Map(entries) => {
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(k, out);
                out.push_str(": ");
                write_value(v, out);
            }
            out.push('}');
        }
        Value::Tag(tag, inner) => {
            let _ = write!(out, "tag({tag}, ");
            write_value(inner, out);
            out.push(')');
        }
        _ => out.push_str("<unknown>"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cbor<T: Serialize>(v: T) -> ByteBuf {
        let mut out = Vec::new();
        ciborium::into_writer(&v, &mut out).unwrap();
        ByteBuf::from(out)
    }

    fn attr(name: &str) -> Op {
        Op::GetAttr(name.into())
    }

    fn call() -> Op {
        Op::Call {
            args: vec![],
            kwargs: vec![],
        }
    }

    #[test]
    fn a_mutation_must_be_last() {
        assert_eq!(check_path(&[]), Ok(()));
        assert_eq!(
            check_path(&[attr("a"), Op::SetAttr("x".into(), cbor(1))]),
            Ok(())
        );
        assert_eq!(
            check_path(&[Op::DelAttr("x".into()), Op::Len]),
            Err(PathError::MutationNotLast)
        );
        assert_eq!(
            check_path(&[Op::SetItem(cbor(0), cbor(1)), attr("a")]),
            Err(PathError::MutationNotLast)
        );
        assert_eq!(check_path(&[Op::DelItem(cbor(0))]), Ok(()));
    }

    #[test]
    fn a_path_has_at_most_max_path_len_links() {
        let long = vec![attr("a"); MAX_PATH_LEN];
        assert_eq!(check_path(&long), Ok(()));
        let longer = vec![attr("a"); MAX_PATH_LEN + 1];
        assert_eq!(
            check_path(&longer),
            Err(PathError::TooLong {
                len: MAX_PATH_LEN + 1
            })
        );
    }

    #[test]
    fn the_object_itself_drops_every_call_and_the_super_before_it() {
        // chain().chain() is the root.
        assert_eq!(
            this_path(&[attr("chain"), call(), attr("chain"), call()]),
            vec![]
        );
        // super.chain() returning self is the object, not its base.
        assert_eq!(this_path(&[Op::Super, attr("chain"), call()]), vec![]);
        assert_eq!(
            this_path(&[Op::Super, Op::Super, attr("chain"), call()]),
            vec![]
        );
        // A nested object's method returning self: that nested object.
        assert_eq!(
            this_path(&[
                attr("another"),
                Op::GetItem(cbor(0)),
                attr("relabel"),
                call()
            ]),
            vec![attr("another"), Op::GetItem(cbor(0))]
        );
        // A callable attribute object returning itself: its owner.
        assert_eq!(this_path(&[attr("f"), call()]), vec![]);
        assert_eq!(
            this_path(&[Op::GetItem(cbor(1)), call()]),
            vec![Op::GetItem(cbor(1))]
        );
    }

    #[test]
    fn paths_read_as_python() {
        assert_eq!(path_string(&[]), "<object>");
        assert_eq!(
            path_string(&[
                attr("another"),
                attr("append"),
                call(),
                Op::GetItem(cbor(0))
            ]),
            "another.append(…)[0]"
        );
        assert_eq!(path_string(&[Op::Super, attr("asdf")]), "super.asdf");
        assert_eq!(path_string(&[Op::SetAttr("x".into(), cbor(1))]), "x = …");
        assert_eq!(
            path_string(&[attr("d"), Op::SetItem(cbor("k"), cbor(1))]),
            "d[\"k\"] = …"
        );
        assert_eq!(
            path_string(&[attr("d"), Op::Contains(cbor(6))]),
            "d contains 6"
        );
        assert_eq!(
            path_string(&[Op::GetItem(ByteBuf::from(vec![0xff]))]),
            "[?]"
        );
        assert_eq!(
            path_string(&[Op::PassTo {
                func: "str".into(),
                args: vec![],
                kwargs: vec![]
            }]),
            " passto str(…)"
        );
    }

    #[test]
    fn values_show_as_json_like_text() {
        use ciborium::Value;
        let v = Value::Map(vec![
            (
                Value::Text("a".into()),
                Value::Array(vec![Value::Integer(1.into()), Value::Null]),
            ),
            (Value::Bool(true), Value::Bytes(vec![0, 255])),
            (
                Value::Float(1.5),
                Value::Tag(1, Box::new(Value::Integer((-2).into()))),
            ),
        ]);
        let mut out = String::new();
        write_value(&v, &mut out);
        assert_eq!(
            out,
            r#"{"a": [1, null], true: b"\x00\xff", 1.5: tag(1, -2)}"#
        );
    }
}
