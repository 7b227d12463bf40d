//! Standard containers as remote objects, behaving like Python's: `Vec<T>`
//! as `list`; plain values (copies) as read-only data to index into.

use serde::{Serialize, de::DeserializeOwned};

use crate::args::Args;
use crate::error::{Error, Result};
use crate::remote::{Member, Remote, Return};
use crate::schema::Schema;
use crate::value::{Value, decode, from_value, kind_of, to_value};

/// Maps a Python-style index (negative counts from the end) onto `0..len`.
pub fn sequence_index(type_name: &str, key: &Value, len: usize) -> Result<usize> {
    let Value::Integer(i) = key else {
        return Err(Error::type_error(
            type_name,
            format!("{type_name} indices must be integers, not {}", kind_of(key)),
        ));
    };
    let i = i128::from(*i);
    let idx = if i < 0 { i + len as i128 } else { i };
    if idx < 0 || idx >= len as i128 {
        return Err(Error::index_error(
            type_name,
            format!("{type_name} index {i} out of range (len {len})"),
        ));
    }
    Ok(idx as usize)
}

/// Short text for a value in messages and traces.
pub fn show(v: &Value) -> String {
    match v {
        Value::Text(s) => format!("{s:?}"),
        Value::Integer(i) => i128::from(*i).to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "None".into(),
        other => kind_of(other).to_string(),
    }
}

impl<T> Remote for Vec<T>
where
    T: Serialize + DeserializeOwned + PartialEq + 'static,
{
    fn type_name(&self) -> &str {
        "list"
    }

    fn to_value(&self) -> Result<Value> {
        to_value(self)
    }

    fn call_method(&mut self, name: &str, args: &mut Args) -> Option<Result<Return>> {
        list_method(self, name, args)
    }

    fn getattr(&mut self, name: &str) -> Result<Member<'_>> {
        Err(Error::no_attribute_among("list", name, LIST_METHODS))
    }

    fn getitem(&mut self, key: &Value) -> Result<Member<'_>> {
        let i = sequence_index("list", key, self.len())?;
        Member::value(&self[i])
    }

    fn setitem(&mut self, key: &Value, value: &[u8]) -> Result<()> {
        let i = sequence_index("list", key, self.len())?;
        self[i] = decode(value, "list item")?;
        Ok(())
    }

    fn delitem(&mut self, key: &Value) -> Result<()> {
        let i = sequence_index("list", key, self.len())?;
        self.remove(i);
        Ok(())
    }

    fn len(&self) -> Result<usize> {
        Ok(Vec::len(self))
    }

    fn contains(&self, key: &Value) -> Result<bool> {
        Ok(from_value::<T>(key, "item").is_ok_and(|item| self.as_slice().contains(&item)))
    }

    fn schema(&self) -> Schema {
        let t = crate::value::short_type_name::<T>();
        Schema::new("list")
            .method(
                "append",
                &[("item", &t, false)],
                "None",
                "Adds an item at the end.",
            )
            .method(
                "extend",
                &[("items", &format!("list[{t}]"), false)],
                "None",
                "Adds items at the end.",
            )
            .method(
                "insert",
                &[("index", "int", false), ("item", &t, false)],
                "None",
                "Inserts before index.",
            )
            .method(
                "pop",
                &[("index", "int", true)],
                &t,
                "Removes and returns an item (the last by default).",
            )
            .method(
                "remove",
                &[("item", &t, false)],
                "None",
                "Removes the first equal item.",
            )
            .method(
                "index",
                &[("item", &t, false)],
                "int",
                "Position of the first equal item.",
            )
            .method(
                "count",
                &[("item", &t, false)],
                "int",
                "Number of equal items.",
            )
            .method("clear", &[], "None", "Removes every item.")
    }
}

const LIST_METHODS: &[&str] = &[
    "append", "extend", "insert", "pop", "remove", "index", "count", "clear",
];

fn list_method<T>(list: &mut Vec<T>, name: &str, args: &mut Args) -> Option<Result<Return>>
where
    T: Serialize + DeserializeOwned + PartialEq,
{
    let run = |list: &mut Vec<T>, args: &mut Args| -> Result<Return> {
        match name {
            "append" => {
                let item: T = args.required(0, "item")?;
                args.finish()?;
                list.push(item);
                Ok(Return::none())
            }
            "extend" => {
                let items: Vec<T> = args.required(0, "items")?;
                args.finish()?;
                list.extend(items);
                Ok(Return::none())
            }
            "insert" => {
                let index: i64 = args.required(0, "index")?;
                let item: T = args.required(1, "item")?;
                args.finish()?;
                let len = list.len() as i64;
                let at = if index < 0 {
                    (index + len).max(0)
                } else {
                    index.min(len)
                };
                list.insert(at as usize, item);
                Ok(Return::none())
            }
            "pop" => {
                let index: i64 = args.or_default(0, "index", -1)?;
                args.finish()?;
                if list.is_empty() {
                    return Err(Error::index_error("list", "pop from empty list"));
                }
                let i = sequence_index("list", &Value::from(index), list.len())?;
                Return::value(&list.remove(i))
            }
            "remove" | "index" | "count" => {
                let item: T = args.required(0, "item")?;
                args.finish()?;
                let pos = list.iter().position(|x| *x == item);
                match (name, pos) {
                    ("count", _) => Return::value(&list.iter().filter(|x| **x == item).count()),
                    ("remove", Some(i)) => {
                        list.remove(i);
                        Ok(Return::none())
                    }
                    ("index", Some(i)) => Return::value(&i),
                    _ => Err(Error::value_error(
                        "list",
                        format!("list.{name}(x): x not in list"),
                    )),
                }
            }
            "clear" => {
                args.finish()?;
                list.clear();
                Ok(Return::none())
            }
            _ => unreachable!("checked by the caller"),
        }
    };
    LIST_METHODS.contains(&name).then(|| run(list, args))
}

/// A plain value (a copy of data the object returned): it can be indexed,
/// measured and searched, not changed.
pub struct ValueObject(pub Value);

impl Remote for ValueObject {
    fn type_name(&self) -> &str {
        kind_of(&self.0)
    }

    fn to_value(&self) -> Result<Value> {
        Ok(self.0.clone())
    }

    fn getitem(&mut self, key: &Value) -> Result<Member<'_>> {
        match &self.0 {
            Value::Array(items) => {
                let i = sequence_index("list", key, items.len())?;
                Ok(Member::Value(items[i].clone()))
            }
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| Member::Value(v.clone()))
                .ok_or_else(|| Error::key_error("dict", show(key))),
            other => Err(Error::unsupported(
                kind_of(other),
                format!("`{}` is not subscriptable", kind_of(other)),
            )),
        }
    }

    fn len(&self) -> Result<usize> {
        match &self.0 {
            Value::Array(items) => Ok(items.len()),
            Value::Map(entries) => Ok(entries.len()),
            Value::Text(s) => Ok(s.chars().count()),
            Value::Bytes(b) => Ok(b.len()),
            other => Err(Error::unsupported(
                kind_of(other),
                format!("`{}` has no len()", kind_of(other)),
            )),
        }
    }

    fn contains(&self, key: &Value) -> Result<bool> {
        match (&self.0, key) {
            (Value::Array(items), _) => Ok(items.as_slice().contains(key)),
            (Value::Map(entries), _) => Ok(entries.iter().any(|(k, _)| k == key)),
            (Value::Text(s), Value::Text(sub)) => Ok(s.contains(sub.as_str())),
            (other, _) => Err(Error::unsupported(
                kind_of(other),
                format!("`{}` does not support `in`", kind_of(other)),
            )),
        }
    }
}
