//! Resolving a request's path against the root object, link by link, inside
//! the guest: the whole chain is one round trip.

use std::iter::Peekable;
use std::vec::IntoIter;

use crate::args::Args;
use crate::bindings::remoteobj::guest::types::{CallArgs, Op};
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

/// The longest path the resolver accepts (it walks one level per link).
pub const MAX_PATH_LEN: usize = 256;

/// How far a walk got.
enum Walk {
    /// The path is resolved.
    Done(Resolved),
    /// A method returned its own object and links remain. The walk goes on
    /// from the object itself, which is not necessarily the one the method
    /// ran on: `super.chain().x` continues on the object, not on its base.
    /// [`continue_on`] (the object's owner in the path) picks it up.
    SelfReturned,
}

/// Resolves `path` against `root`.
pub fn resolve(root: &mut dyn Remote, path: Vec<Op>) -> Result<Resolved> {
    if path.len() > MAX_PATH_LEN {
        return Err(Error::new(
            ErrorKind::InvalidRequest,
            "path",
            format!(
                "a path of {} links is over the limit of {MAX_PATH_LEN}",
                path.len()
            ),
        ));
    }
    continue_on(root, &mut path.into_iter().peekable())
}

/// Walks the rest of the path on `obj`, an object in its own right (the root
/// or a member): when one of its methods returns self, the walk goes on here.
fn continue_on(obj: &mut dyn Remote, ops: &mut Ops) -> Result<Resolved> {
    loop {
        match walk(obj, ops)? {
            Walk::Done(resolved) => return Ok(resolved),
            Walk::SelfReturned => {}
        }
    }
}

fn walk(obj: &mut dyn Remote, ops: &mut Ops) -> Result<Walk> {
    let Some(mut op) = ops.next() else {
        return Ok(Walk::Done(Resolved::Value(obj.to_value()?)));
    };
    let calls = matches!(ops.peek(), Some(Op::Call(_)));
    // The trace frame is written only when the link fails (formatting it
    // for every link was a good part of a small request's cost). `step`
    // leaves `op` as it found it, but for the arguments it takes.
    step(obj, &mut op, ops).map_err(|e| e.at(frame(obj.type_name(), &op, calls)))
}

/// Takes the arguments out of a call (which `Args` consumes).
fn take_args(args: &mut CallArgs) -> CallArgs {
    CallArgs {
        positional: std::mem::take(&mut args.positional),
        named: std::mem::take(&mut args.named),
    }
}

fn step(obj: &mut dyn Remote, op: &mut Op, ops: &mut Ops) -> Result<Walk> {
    match op {
        Op::Getattr(name) => {
            let name = name.as_str();
            if matches!(ops.peek(), Some(Op::Call(_))) {
                let Some(Op::Call(call)) = ops.next() else {
                    unreachable!("peeked a call")
                };
                let mut args = Args::new(name, call);
                if let Some(ret) = obj.call_method(name, &mut args) {
                    return after_return(ret?, ops);
                }
                return match obj.getattr(name)? {
                    Member::Object(callee) => {
                        // An object that is called and returns itself is
                        // that object: the walk goes on from it.
                        match after_return(callee.call(&mut args)?, ops)? {
                            Walk::SelfReturned => continue_on(callee, ops).map(Walk::Done),
                            done => Ok(done),
                        }
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
            let member = obj.getattr(name)?;
            walk_member(member, ops)
        }
        Op::Getitem(key) => {
            let key: Value = decode(key, "key")?;
            let member = obj.getitem(&key)?;
            walk_member(member, ops)
        }
        Op::Call(call) => {
            let mut args = Args::new(obj.type_name().to_string(), take_args(call));
            after_return(obj.call(&mut args)?, ops)
        }
        Op::Setattr(set) => {
            must_be_last(ops)?;
            obj.setattr(&set.name, &set.value)?;
            Ok(Walk::Done(Resolved::Value(Value::Null)))
        }
        Op::Setitem(set) => {
            must_be_last(ops)?;
            let key: Value = decode(&set.key, "key")?;
            obj.setitem(&key, &set.value)?;
            Ok(Walk::Done(Resolved::Value(Value::Null)))
        }
        Op::Delattr(name) => {
            must_be_last(ops)?;
            obj.delattr(name)?;
            Ok(Walk::Done(Resolved::Value(Value::Null)))
        }
        Op::Delitem(key) => {
            must_be_last(ops)?;
            let key: Value = decode(key, "key")?;
            obj.delitem(&key)?;
            Ok(Walk::Done(Resolved::Value(Value::Null)))
        }
        Op::Len => {
            let n = obj.len()?;
            continue_with_value(Value::from(n as u64), ops)
        }
        Op::Contains(key) => {
            let key: Value = decode(key, "key")?;
            let found = obj.contains(&key)?;
            continue_with_value(Value::Bool(found), ops)
        }
        Op::Passto(call) => {
            let mut args = Args::new(call.function.clone(), take_args(&mut call.args));
            after_return(crate::passto::passto(obj, &call.function, &mut args)?, ops)
        }
        Op::Super => {
            let ty = obj.type_name().to_string();
            match obj.base() {
                // The base is the same object seen as its base class: a
                // method there returning self hands the walk back up.
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

fn walk_member(member: Member<'_>, ops: &mut Ops) -> Result<Walk> {
    match member {
        Member::Object(obj) => continue_on(obj, ops).map(Walk::Done),
        Member::Value(v) => continue_with_value(v, ops),
    }
}

fn after_return(ret: Return, ops: &mut Ops) -> Result<Walk> {
    match ret {
        Return::This if ops.peek().is_none() => Ok(Walk::Done(Resolved::This)),
        Return::This => Ok(Walk::SelfReturned),
        Return::Value(v) => continue_with_value(v, ops),
    }
}

fn continue_with_value(value: Value, ops: &mut Ops) -> Result<Walk> {
    if ops.peek().is_none() {
        Ok(Walk::Done(Resolved::Value(value)))
    } else {
        continue_on(&mut ValueObject(value), ops).map(Walk::Done)
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

/// The trace frame of a failed link: `op` on an object of type `ty`,
/// `calls` when the next link called it.
fn frame(ty: &str, op: &Op, calls: bool) -> String {
    let key = |k: &[u8]| {
        decode::<Value>(k, "key")
            .map(|v| crate::value::show(&v))
            .unwrap_or_else(|_| "?".into())
    };
    match op {
        Op::Getattr(name) if calls => format!("{ty}.{name}()"),
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
        Op::Passto(call) => format!("{}({ty})", call.function),
    }
}
