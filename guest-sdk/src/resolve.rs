//! Resolving a request's path against the root object, link by link, inside
//! the guest: the whole chain is one round trip.

use std::iter::Peekable;
use std::vec::IntoIter;

use crate::args::Args;
use crate::bindings::remoteobj::guest::types::Op;
use crate::containers::ValueObject;
use crate::error::{Error, ErrorKind, Result};
use crate::remote::{Member, Remote, Return};
use crate::value::{Value, decode};

/// What a path resolved to.
#[derive(Debug, PartialEq)]
pub enum Resolved {
    /// A value.
    Value(Value),
    /// The object the last method was called on.
    This,
}

type Ops = Peekable<IntoIter<Op>>;

/// Resolves `path` against `root`.
pub fn resolve(root: &mut dyn Remote, path: Vec<Op>) -> Result<Resolved> {
    walk(root, &mut path.into_iter().peekable())
}

fn walk(obj: &mut dyn Remote, ops: &mut Ops) -> Result<Resolved> {
    let Some(op) = ops.next() else {
        return Ok(Resolved::Value(obj.to_value()?));
    };
    let frame = frame(obj.type_name(), &op, ops.peek());
    step(obj, op, ops).map_err(|e| e.at(frame))
}

fn step(obj: &mut dyn Remote, op: Op, ops: &mut Ops) -> Result<Resolved> {
    match op {
        Op::Getattr(name) => {
            if matches!(ops.peek(), Some(Op::Call(_))) {
                let Some(Op::Call(call)) = ops.next() else {
                    unreachable!("peeked a call")
                };
                let mut args = Args::new(name.clone(), call);
                if let Some(ret) = obj.call_method(&name, &mut args) {
                    return after_return(obj, ret?, ops);
                }
                return match obj.getattr(&name)? {
                    Member::Object(callee) => {
                        let ret = callee.call(&mut args)?;
                        after_return(callee, ret, ops)
                    }
                    Member::Value(v) => Err(Error::new(
                        ErrorKind::NotCallable,
                        crate::value::kind_of(&v),
                        format!(
                            "attribute `{name}` is a {}, not a method",
                            crate::value::kind_of(&v)
                        ),
                    )),
                };
            }
            let member = obj.getattr(&name)?;
            walk_member(member, ops)
        }
        Op::Getitem(key) => {
            let key: Value = decode(&key, "key")?;
            let member = obj.getitem(&key)?;
            walk_member(member, ops)
        }
        Op::Call(call) => {
            let mut args = Args::new(obj.type_name().to_string(), call);
            let ret = obj.call(&mut args)?;
            after_return(obj, ret, ops)
        }
        Op::Setattr(set) => {
            must_be_last(ops)?;
            obj.setattr(&set.name, &set.value)?;
            Ok(Resolved::Value(Value::Null))
        }
        Op::Setitem(set) => {
            must_be_last(ops)?;
            let key: Value = decode(&set.key, "key")?;
            obj.setitem(&key, &set.value)?;
            Ok(Resolved::Value(Value::Null))
        }
        Op::Delattr(name) => {
            must_be_last(ops)?;
            obj.delattr(&name)?;
            Ok(Resolved::Value(Value::Null))
        }
        Op::Delitem(key) => {
            must_be_last(ops)?;
            let key: Value = decode(&key, "key")?;
            obj.delitem(&key)?;
            Ok(Resolved::Value(Value::Null))
        }
        Op::Len => {
            let n = obj.len()?;
            continue_with_value(Value::from(n as u64), ops)
        }
        Op::Contains(key) => {
            let key: Value = decode(&key, "key")?;
            let found = obj.contains(&key)?;
            continue_with_value(Value::Bool(found), ops)
        }
        Op::Super => {
            let ty = obj.type_name().to_string();
            match obj.base() {
                Some(base) => walk(base, ops),
                None => Err(Error::new(
                    ErrorKind::Attribute,
                    ty.clone(),
                    format!("`{ty}` has no base, so `super` has nothing to call"),
                )),
            }
        }
    }
}

fn walk_member(member: Member<'_>, ops: &mut Ops) -> Result<Resolved> {
    match member {
        Member::Object(obj) => walk(obj, ops),
        Member::Value(v) => continue_with_value(v, ops),
    }
}

fn after_return(obj: &mut dyn Remote, ret: Return, ops: &mut Ops) -> Result<Resolved> {
    match ret {
        Return::This if ops.peek().is_none() => Ok(Resolved::This),
        Return::This => walk(obj, ops),
        Return::Value(v) => continue_with_value(v, ops),
    }
}

fn continue_with_value(value: Value, ops: &mut Ops) -> Result<Resolved> {
    if ops.peek().is_none() {
        Ok(Resolved::Value(value))
    } else {
        walk(&mut ValueObject(value), ops)
    }
}

fn must_be_last(ops: &mut Ops) -> Result<()> {
    match ops.peek() {
        None => Ok(()),
        Some(_) => Err(Error::new(
            ErrorKind::InvalidRequest,
            "path",
            "an assignment or deletion must be the last link of a path",
        )),
    }
}

fn frame(ty: &str, op: &Op, next: Option<&Op>) -> String {
    let key = |k: &[u8]| {
        decode::<Value>(k, "key")
            .map(|v| crate::containers::show(&v))
            .unwrap_or_else(|_| "?".into())
    };
    match op {
        Op::Getattr(name) if matches!(next, Some(Op::Call(_))) => format!("{ty}.{name}()"),
        Op::Getattr(name) => format!("{ty}.{name}"),
        Op::Getitem(k) => format!("{ty}[{}]", key(k)),
        Op::Call(_) => format!("{ty}()"),
        Op::Setattr(s) => format!("{ty}.{} = …", s.name),
        Op::Setitem(s) => format!("{ty}[{}] = …", key(&s.key)),
        Op::Delattr(name) => format!("del {ty}.{name}"),
        Op::Delitem(k) => format!("del {ty}[{}]", key(k)),
        Op::Len => format!("len({ty})"),
        Op::Contains(_) => format!("… in {ty}"),
        Op::Super => format!("super({ty})"),
    }
}
