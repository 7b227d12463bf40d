//! `Vec<T>` and `VecDeque<T>` as Python lists.

use std::collections::VecDeque;

use serde::{Serialize, de::DeserializeOwned};

use crate::args::Args;
use crate::error::{Error, Result};
use crate::remote::{Member, Remote, Return};
use crate::schema::Schema;
use crate::value::{Value, decode, from_value, short_type_name, to_value};

use super::index::{insert_position, pop_position, sequence_index};

/// The methods a list answers.
const LIST_METHODS: &[&str] = &[
    "append", "extend", "insert", "pop", "remove", "index", "count", "clear",
];

/// What the list methods need of a sequence.
trait Seq<T> {
    fn length(&self) -> usize;
    fn at(&self, i: usize) -> &T;
    fn at_mut(&mut self, i: usize) -> &mut T;
    fn insert_at(&mut self, i: usize, item: T);
    fn remove_at(&mut self, i: usize) -> T;
    fn empty(&mut self);
}

impl<T> Seq<T> for Vec<T> {
    fn length(&self) -> usize {
        self.len()
    }
    fn at(&self, i: usize) -> &T {
        &self[i]
    }
    fn at_mut(&mut self, i: usize) -> &mut T {
        &mut self[i]
    }
    fn insert_at(&mut self, i: usize, item: T) {
        self.insert(i, item);
    }
    fn remove_at(&mut self, i: usize) -> T {
        self.remove(i)
    }
    fn empty(&mut self) {
        self.clear();
    }
}

impl<T> Seq<T> for VecDeque<T> {
    fn length(&self) -> usize {
        self.len()
    }
    fn at(&self, i: usize) -> &T {
        &self[i]
    }
    fn at_mut(&mut self, i: usize) -> &mut T {
        &mut self[i]
    }
    fn insert_at(&mut self, i: usize, item: T) {
        self.insert(i, item);
    }
    fn remove_at(&mut self, i: usize) -> T {
        self.remove(i).expect("index checked")
    }
    fn empty(&mut self) {
        self.clear();
    }
}

fn position<T: PartialEq>(seq: &impl Seq<T>, item: &T) -> Option<usize> {
    (0..seq.length()).find(|&i| seq.at(i) == item)
}

fn call<T>(seq: &mut impl Seq<T>, name: &str, args: &mut Args) -> Option<Result<Return>>
where
    T: Serialize + DeserializeOwned + PartialEq,
{
    if !LIST_METHODS.contains(&name) {
        return None;
    }
    Some((|| match name {
        "append" => {
            let item: T = args.required(0, "item")?;
            args.finish()?;
            let end = seq.length();
            seq.insert_at(end, item);
            Ok(Return::none())
        }
        "extend" => {
            let items: Vec<T> = args.required(0, "items")?;
            args.finish()?;
            for item in items {
                let end = seq.length();
                seq.insert_at(end, item);
            }
            Ok(Return::none())
        }
        "insert" => {
            let index: i64 = args.required(0, "index")?;
            let item: T = args.required(1, "item")?;
            args.finish()?;
            seq.insert_at(insert_position(index, seq.length()), item);
            Ok(Return::none())
        }
        "pop" => {
            let index: i64 = args.or_default(0, "index", -1)?;
            args.finish()?;
            let i = pop_position(index, seq.length())?;
            Return::value(&seq.remove_at(i))
        }
        "remove" | "index" => {
            let item: T = args.required(0, "item")?;
            args.finish()?;
            match (name, position(seq, &item)) {
                ("remove", Some(i)) => {
                    seq.remove_at(i);
                    Ok(Return::none())
                }
                ("index", Some(i)) => Return::value(&i),
                _ => Err(Error::value_error(
                    "list",
                    format!("list.{name}(x): x not in list"),
                )),
            }
        }
        "count" => {
            let item: T = args.required(0, "item")?;
            args.finish()?;
            Return::value(&(0..seq.length()).filter(|&i| *seq.at(i) == item).count())
        }
        "clear" => {
            args.finish()?;
            seq.empty();
            Ok(Return::none())
        }
        _ => unreachable!("checked above"),
    })())
}

fn schema<T>() -> Schema {
    let t = short_type_name::<T>();
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

macro_rules! list_remote {
    ($ty:ident) => {
        impl<T> Remote for $ty<T>
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
                call(self, name, args)
            }

            fn getattr(&mut self, name: &str) -> Result<Member<'_>> {
                Err(Error::no_attribute_among("list", name, LIST_METHODS))
            }

            fn getitem(&mut self, key: &Value) -> Result<Member<'_>> {
                let i = sequence_index("list", key, Seq::length(self))?;
                Member::value(Seq::at(self, i))
            }

            fn setitem(&mut self, key: &Value, value: &[u8]) -> Result<()> {
                let i = sequence_index("list", key, Seq::length(self))?;
                *Seq::at_mut(self, i) = decode(value, "list item")?;
                Ok(())
            }

            fn delitem(&mut self, key: &Value) -> Result<()> {
                let i = sequence_index("list", key, Seq::length(self))?;
                Seq::remove_at(self, i);
                Ok(())
            }

            fn len(&self) -> Result<usize> {
                Ok(Seq::length(self))
            }

            fn contains(&self, key: &Value) -> Result<bool> {
                Ok(from_value::<T>(key, "item").is_ok_and(|item| position(self, &item).is_some()))
            }

            fn schema(&self) -> Schema {
                schema::<T>()
            }
        }
    };
}

list_remote!(Vec);
list_remote!(VecDeque);
