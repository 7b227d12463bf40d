//! Evaluating a parsed expression through a proxy.

use remoteobj_host::{Args, Error, Proxy, Resolved, Value};

use super::expr::{Expr, Link};

/// What an expression produced.
pub enum Output {
    /// A value (assignments and deletions give `null`).
    Value(Value),
    /// The object itself (a method returned `self`), at this path.
    Object(Proxy),
}

/// Evaluates `expr` on the object `root` points at.
pub fn eval(root: &Proxy, expr: &Expr) -> Result<Output, Error> {
    match expr {
        Expr::Get(path) => match build(root, path).resolve()? {
            Resolved::Value(v) => Ok(Output::Value(v)),
            Resolved::Object(p) => Ok(Output::Object(p)),
        },
        Expr::Set(path, value) => {
            let (target, last) = split(root, path);
            match last {
                Some(Link::Attr(name)) => target.set_attr(name, value)?,
                Some(Link::Item(key)) => target.set_item(key, value)?,
                _ => return Err(not_assignable(root, path, "assign to")),
            }
            Ok(Output::Value(Value::Null))
        }
        Expr::Del(path) => {
            let (target, last) = split(root, path);
            match last {
                Some(Link::Attr(name)) => target.del_attr(name)?,
                Some(Link::Item(key)) => target.del_item(key)?,
                _ => return Err(not_assignable(root, path, "delete")),
            }
            Ok(Output::Value(Value::Null))
        }
        Expr::Len(path) => Ok(Output::Value(Value::from(build(root, path).len()?))),
        Expr::Contains(value, path) => Ok(Output::Value(Value::Bool(
            build(root, path).contains(value)?,
        ))),
        Expr::PassTo(func, path, args) => {
            let args = args.iter().fold(Args::new(), |a, v| a.arg(v));
            Ok(Output::Value(build(root, path).passto(func, args)?))
        }
    }
}

fn not_assignable(root: &Proxy, path: &[Link], what: &str) -> Error {
    Error::InvalidPath {
        path: build(root, path).path_string(),
        message: format!("can only {what} an attribute or an item"),
    }
}

/// The proxy for all links but the last, and the last link (none for the
/// object itself, `self`).
fn split<'a>(root: &Proxy, path: &'a [Link]) -> (Proxy, Option<&'a Link>) {
    match path.split_last() {
        Some((last, prefix)) => (build(root, prefix), Some(last)),
        None => (root.clone(), None),
    }
}

fn build(root: &Proxy, path: &[Link]) -> Proxy {
    path.iter().fold(root.clone(), |p, link| match link {
        Link::Attr(name) => p.attr(name.clone()),
        Link::Item(key) => p.item(key),
        Link::Super => p.super_(),
        Link::Call { args, kwargs } => {
            let mut a = Args::new();
            for v in args {
                a = a.arg(v);
            }
            for (k, v) in kwargs {
                a = a.kwarg(k.clone(), v);
            }
            p.call_proxy(a)
        }
    })
}
