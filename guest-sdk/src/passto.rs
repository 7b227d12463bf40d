//! `passto`: functions the guest runs on an object for the host (Python's
//! `passto(func, obj, *args)`, minus shipping code across the sandbox).
//!
//! Built in: `str` and `repr` (the type's `Display`/`Debug`, or its nearest
//! base's, as [`Remote::display`] and [`Remote::debug`] answer; the value as
//! text when no type in the chain has one), `list` (explicit iteration: a list's items, a dict's keys),
//! `hasattr(name)` and `dir`. Anything else is looked up among the free
//! functions the component exported (`export!(T, init, functions(f, g))`).

use std::cell::RefCell;

use crate::args::Args;
use crate::error::{Error, ErrorKind, Result};
use crate::remote::{Remote, Return};
use crate::value::{Value, kind_of};

/// A free function exported for `passto`: called with the object first.
pub type FreeFunction = fn(&mut dyn Remote, &mut Args) -> Result<Return>;

thread_local! {
    static FUNCTIONS: RefCell<Vec<(&'static str, FreeFunction)>> = const { RefCell::new(Vec::new()) };
}

/// Registers the component's free functions (done by `export!`).
pub fn register(functions: &[(&'static str, FreeFunction)]) {
    FUNCTIONS.with(|f| {
        let mut f = f.borrow_mut();
        if f.is_empty() {
            f.extend_from_slice(functions);
        }
    });
}

const BUILT_IN: &[&str] = &["str", "repr", "list", "hasattr", "dir"];

/// Runs `func` on `obj`.
pub fn passto(obj: &mut dyn Remote, func: &str, args: &mut Args) -> Result<Return> {
    match func {
        "str" => {
            args.finish()?;
            let text = match obj.display() {
                Some(text) => text,
                None => text_of(&obj.to_value()?),
            };
            Ok(Return::Value(Value::Text(text)))
        }
        "repr" => {
            args.finish()?;
            let text = match obj.debug() {
                Some(text) => text,
                None => format!("<{} {}>", obj.type_name(), text_of(&obj.to_value()?)),
            };
            Ok(Return::Value(Value::Text(text)))
        }
        "list" => {
            args.finish()?;
            match obj.to_value()? {
                Value::Array(items) => Ok(Return::Value(Value::Array(items))),
                Value::Map(entries) => Ok(Return::Value(Value::Array(
                    entries.into_iter().map(|(k, _)| k).collect(),
                ))),
                Value::Text(s) => Ok(Return::Value(Value::Array(
                    s.chars().map(|c| Value::Text(c.to_string())).collect(),
                ))),
                other => Err(Error::type_error(
                    obj.type_name(),
                    format!("`{}` is not iterable", kind_of(&other)),
                )),
            }
        }
        "hasattr" => {
            let name: String = args.required(0, "name")?;
            args.finish()?;
            let found =
                obj.schema().has_name(&name) || !crate::dispatch::is_missing(&obj.getattr(&name));
            Ok(Return::Value(Value::Bool(found)))
        }
        "dir" => {
            args.finish()?;
            let schema = obj.schema();
            let mut names: Vec<String> = schema.names().into_iter().map(String::from).collect();
            names.sort();
            names.dedup();
            Ok(Return::Value(Value::Array(
                names.into_iter().map(Value::Text).collect(),
            )))
        }
        _ => {
            let found = FUNCTIONS.with(|f| {
                f.borrow()
                    .iter()
                    .find(|(name, _)| *name == func)
                    .map(|(_, f)| *f)
            });
            match found {
                Some(function) => function(obj, args),
                None => {
                    let mut known: Vec<&str> = BUILT_IN.to_vec();
                    let names: Vec<&'static str> =
                        FUNCTIONS.with(|f| f.borrow().iter().map(|(n, _)| *n).collect());
                    known.extend(names);
                    let mut e = Error::new(
                        ErrorKind::Attribute,
                        "passto",
                        format!(
                            "no function `{func}` to pass the object to (known: {})",
                            known.join(", ")
                        ),
                    );
                    if let Some(best) = crate::error::nearest(func, &known) {
                        e.message.push_str(&format!("; did you mean `{best}`?"));
                    }
                    Err(e)
                }
            }
        }
    }
}

/// Python-ish text of a value: what `str()` of plain data shows.
pub fn text_of(value: &Value) -> String {
    match value {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Integer(i) => i128::from(*i).to_string(),
        Value::Float(f) => f.to_string(),
        Value::Text(s) => s.clone(),
        Value::Bytes(b) => format!("b{:?}", String::from_utf8_lossy(b)),
        Value::Array(items) => {
            format!(
                "[{}]",
                items.iter().map(quoted).collect::<Vec<_>>().join(", ")
            )
        }
        Value::Map(entries) => format!(
            "{{{}}}",
            entries
                .iter()
                .map(|(k, v)| format!("{}: {}", quoted(k), quoted(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Tag(_, inner) => text_of(inner),
        _ => "?".into(),
    }
}

fn quoted(value: &Value) -> String {
    match value {
        Value::Text(s) => format!("'{}'", s.replace('\'', "\\'")),
        other => text_of(other),
    }
}
