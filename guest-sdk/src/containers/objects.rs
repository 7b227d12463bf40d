//! `Objects<T>`: a list whose items are remote objects themselves, so a path
//! can go into an item (`stock[2].name`, `stock[-1].restock(3)`).
//!
//! A plain `Vec<T>` copies its items out as values; use `Objects<T>` when
//! the items are `#[remote]` types. New items (`append`, `insert`, item
//! assignment) are decoded from the host's value, so `T` derives
//! `Deserialize`.

use std::ops::{Deref, DerefMut};

use serde::{Deserialize, Serialize, de::DeserializeOwned};

use crate::args::Args;
use crate::error::{Error, Result};
use crate::remote::{Member, Remote, Return};
use crate::schema::Schema;
use crate::value::{Value, decode, short_type_name};

use super::index::{insert_position, pop_position, sequence_index};

/// A list of remote objects; dereferences to the `Vec<T>` it wraps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Objects<T>(pub Vec<T>);

impl<T> Default for Objects<T> {
    fn default() -> Self {
        Objects(Vec::new())
    }
}

impl<T> Deref for Objects<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.0
    }
}

impl<T> DerefMut for Objects<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        &mut self.0
    }
}

impl<T> From<Vec<T>> for Objects<T> {
    fn from(items: Vec<T>) -> Self {
        Objects(items)
    }
}

const METHODS: &[&str] = &["append", "insert", "pop", "clear"];

impl<T: Remote + DeserializeOwned + 'static> Remote for Objects<T> {
    fn type_name(&self) -> &str {
        "list"
    }

    fn to_value(&self) -> Result<Value> {
        Ok(Value::Array(
            self.0.iter().map(Remote::to_value).collect::<Result<_>>()?,
        ))
    }

    fn call_method(&mut self, name: &str, args: &mut Args) -> Option<Result<Return>> {
        if !METHODS.contains(&name) {
            return None;
        }
        Some((|| match name {
            "append" => {
                let item: T = args.required(0, "item")?;
                args.finish()?;
                self.0.push(item);
                Ok(Return::none())
            }
            "insert" => {
                let index: i64 = args.required(0, "index")?;
                let item: T = args.required(1, "item")?;
                args.finish()?;
                self.0.insert(insert_position(index, self.0.len()), item);
                Ok(Return::none())
            }
            "pop" => {
                let index: i64 = args.or_default(0, "index", -1)?;
                args.finish()?;
                let i = pop_position(index, self.0.len())?;
                Ok(Return::Value(self.0.remove(i).to_value()?))
            }
            "clear" => {
                args.finish()?;
                self.0.clear();
                Ok(Return::none())
            }
            _ => unreachable!("checked above"),
        })())
    }

    fn getattr(&mut self, name: &str) -> Result<Member<'_>> {
        Err(Error::no_attribute_among("list", name, METHODS))
    }

    fn getitem(&mut self, key: &Value) -> Result<Member<'_>> {
        let i = sequence_index("list", key, self.0.len())?;
        Ok(Member::Object(&mut self.0[i]))
    }

    fn setitem(&mut self, key: &Value, value: &[u8]) -> Result<()> {
        let i = sequence_index("list", key, self.0.len())?;
        self.0[i] = decode(value, "list item")?;
        Ok(())
    }

    fn delitem(&mut self, key: &Value) -> Result<()> {
        let i = sequence_index("list", key, self.0.len())?;
        self.0.remove(i);
        Ok(())
    }

    fn len(&self) -> Result<usize> {
        Ok(self.0.len())
    }

    fn schema(&self) -> Schema {
        let t = short_type_name::<T>();
        Schema::new("list")
            .method(
                "append",
                &[("item", &t, false)],
                "None",
                "Adds an item at the end.",
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
                "Removes an item and returns its value.",
            )
            .method("clear", &[], "None", "Removes every item.")
    }
}

/// On the host, a list of remote objects is driven by a list of their
/// typed clients.
#[cfg(all(unix, not(target_family = "wasm")))]
impl<T: crate::__host::typed::Typed> crate::__host::typed::Typed for Objects<T> {
    type Client = crate::__host::typed::ObjectsClient<T::Client>;
}
