//! `BTreeMap<K, V>` and `HashMap<K, V>` as Python dicts.

use std::{
    collections::{BTreeMap, HashMap},
    hash::{BuildHasher, Hash},
};

use serde::{Serialize, de::DeserializeOwned};

use crate::args::Args;
use crate::error::{Error, Result};
use crate::remote::{Member, Remote, Return};
use crate::schema::Schema;
use crate::value::{Value, decode, from_value, short_type_name, to_value};

use crate::value::show;

/// The methods a dict answers.
const DICT_METHODS: &[&str] = &[
    "get",
    "keys",
    "values",
    "items",
    "pop",
    "setdefault",
    "update",
    "clear",
];

/// What the dict methods need of a map.
trait Map<K, V> {
    fn length(&self) -> usize;
    fn lookup(&self, key: &K) -> Option<&V>;
    fn put(&mut self, key: K, value: V);
    fn take(&mut self, key: &K) -> Option<V>;
    fn pairs(&self) -> Vec<(&K, &V)>;
    fn empty(&mut self);
}

impl<K: Ord, V> Map<K, V> for BTreeMap<K, V> {
    fn length(&self) -> usize {
        self.len()
    }
    fn lookup(&self, key: &K) -> Option<&V> {
        self.get(key)
    }
    fn put(&mut self, key: K, value: V) {
        self.insert(key, value);
    }
    fn take(&mut self, key: &K) -> Option<V> {
        self.remove(key)
    }
    fn pairs(&self) -> Vec<(&K, &V)> {
        self.iter().collect()
    }
    fn empty(&mut self) {
        self.clear();
    }
}

impl<K: Eq + Hash, V, S: BuildHasher> Map<K, V> for HashMap<K, V, S> {
    fn length(&self) -> usize {
        self.len()
    }
    fn lookup(&self, key: &K) -> Option<&V> {
        self.get(key)
    }
    fn put(&mut self, key: K, value: V) {
        self.insert(key, value);
    }
    fn take(&mut self, key: &K) -> Option<V> {
        self.remove(key)
    }
    fn pairs(&self) -> Vec<(&K, &V)> {
        self.iter().collect()
    }
    fn empty(&mut self) {
        self.clear();
    }
}

fn key_of<K: DeserializeOwned>(key: &Value) -> Result<K> {
    from_value(key, "dict key")
}

fn missing(key: &Value) -> Error {
    Error::key_error("dict", show(key))
}

fn call<K, V>(map: &mut impl Map<K, V>, name: &str, args: &mut Args) -> Option<Result<Return>>
where
    K: Serialize + DeserializeOwned,
    V: Serialize + DeserializeOwned,
{
    if !DICT_METHODS.contains(&name) {
        return None;
    }
    Some((|| match name {
        "get" => {
            let key: Value = args.required(0, "key")?;
            let default: Option<Value> = args.optional(1, "default")?;
            args.finish()?;
            // A key of another type is simply not there (Python: no error).
            match key_of::<K>(&key).ok().and_then(|k| map.lookup(&k)) {
                Some(v) => Return::value(v),
                None => Ok(Return::Value(default.unwrap_or(Value::Null))),
            }
        }
        "keys" | "values" | "items" => {
            args.finish()?;
            let pairs = map.pairs();
            let out: Result<Vec<Value>> = pairs
                .iter()
                .map(|(k, v)| match name {
                    "keys" => to_value(k),
                    "values" => to_value(v),
                    _ => Ok(Value::Array(vec![to_value(k)?, to_value(v)?])),
                })
                .collect();
            Ok(Return::Value(Value::Array(out?)))
        }
        "pop" => {
            let key: Value = args.required(0, "key")?;
            let default: Option<Value> = args.optional(1, "default")?;
            args.finish()?;
            match (key_of::<K>(&key).ok().and_then(|k| map.take(&k)), default) {
                (Some(v), _) => Return::value(&v),
                (None, Some(d)) => Ok(Return::Value(d)),
                (None, None) => Err(missing(&key)),
            }
        }
        "setdefault" => {
            let key: Value = args.required(0, "key")?;
            let default: Value = args.or_default(1, "default", Value::Null)?;
            args.finish()?;
            let k: K = key_of(&key)?;
            if map.lookup(&k).is_none() {
                let v: V = from_value(&default, "dict.setdefault() default")?;
                map.put(key_of(&key)?, v);
            }
            Return::value(map.lookup(&k).expect("just inserted"))
        }
        "update" => {
            let other: Value = args.required(0, "other")?;
            args.finish()?;
            let Value::Map(entries) = other else {
                return Err(Error::type_error("dict", "dict.update() needs a dict"));
            };
            // Decode everything first: a bad entry changes nothing.
            let decoded: Result<Vec<(K, V)>> = entries
                .iter()
                .map(|(k, v)| Ok((key_of(k)?, from_value(v, "dict value")?)))
                .collect();
            for (k, v) in decoded? {
                map.put(k, v);
            }
            Ok(Return::none())
        }
        "clear" => {
            args.finish()?;
            map.empty();
            Ok(Return::none())
        }
        _ => unreachable!("checked above"),
    })())
}

fn schema<K, V>() -> Schema {
    let (k, v) = (short_type_name::<K>(), short_type_name::<V>());
    Schema::new("dict")
        .method(
            "get",
            &[("key", &k, false), ("default", &v, true)],
            &v,
            "The value for key, or default.",
        )
        .method("keys", &[], &format!("list[{k}]"), "The keys.")
        .method("values", &[], &format!("list[{v}]"), "The values.")
        .method(
            "items",
            &[],
            &format!("list[({k}, {v})]"),
            "The (key, value) pairs.",
        )
        .method(
            "pop",
            &[("key", &k, false), ("default", &v, true)],
            &v,
            "Removes key and returns its value.",
        )
        .method(
            "setdefault",
            &[("key", &k, false), ("default", &v, true)],
            &v,
            "The value for key, inserting default first if missing.",
        )
        .method(
            "update",
            &[("other", &format!("dict[{k}, {v}]"), false)],
            "None",
            "Inserts every pair of other.",
        )
        .method("clear", &[], "None", "Removes every pair.")
}

macro_rules! dict_remote {
    ($map:ty, [$($bound:tt)*], [$($extra:tt)*]) => {
        impl<K, V $($extra)*> Remote for $map
        where
            K: Serialize + DeserializeOwned + $($bound)* + 'static,
            V: Serialize + DeserializeOwned + 'static,
        {
            fn type_name(&self) -> &str {
                "dict"
            }

            fn to_value(&self) -> Result<Value> {
                to_value(self)
            }

            fn call_method(&mut self, name: &str, args: &mut Args) -> Option<Result<Return>> {
                call(self, name, args)
            }

            fn getattr(&mut self, name: &str) -> Result<Member<'_>> {
                Err(Error::no_attribute_among("dict", name, DICT_METHODS))
            }

            fn getitem(&mut self, key: &Value) -> Result<Member<'_>> {
                match key_of::<K>(key).ok().and_then(|k| Map::lookup(self, &k)) {
                    Some(v) => Member::value(v),
                    None => Err(missing(key)),
                }
            }

            fn setitem(&mut self, key: &Value, value: &[u8]) -> Result<()> {
                let v: V = decode(value, "dict value")?;
                Map::put(self, key_of(key)?, v);
                Ok(())
            }

            fn delitem(&mut self, key: &Value) -> Result<()> {
                match key_of::<K>(key).ok().and_then(|k| Map::take(self, &k)) {
                    Some(_) => Ok(()),
                    None => Err(missing(key)),
                }
            }

            fn len(&self) -> Result<usize> {
                Ok(Map::length(self))
            }

            fn contains(&self, key: &Value) -> Result<bool> {
                Ok(key_of::<K>(key).is_ok_and(|k| Map::lookup(self, &k).is_some()))
            }

            fn schema(&self) -> Schema {
                schema::<K, V>()
            }
        }
    };
}

dict_remote!(BTreeMap<K, V>, [Ord], []);
dict_remote!(HashMap<K, V, S>, [Eq + Hash], [, S: BuildHasher + 'static]);
