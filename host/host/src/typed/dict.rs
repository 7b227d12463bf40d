//! [`DictClient`]: a Python-style dict inside a remote object (a
//! `BTreeMap<K, V>` or `HashMap<K, V>` field), its keys and values typed.

use std::marker::PhantomData;

use serde::{Serialize, de::DeserializeOwned};

use super::{Client, proxy_client};
use crate::error::Error;
use crate::pending::ReplyFuture;
use crate::proxy::Proxy;

/// A dict from `K` to `V` inside a remote object: the operations the guest
/// SDK gives a map (Python's dict), each one request.
pub struct DictClient<K, V> {
    proxy: Proxy,
    _types: PhantomData<fn() -> (K, V)>,
}

proxy_client!(DictClient<K, V>);

impl<K, V> DictClient<K, V>
where
    K: Serialize + DeserializeOwned + Send + Sync + 'static,
    V: Serialize + DeserializeOwned + Send + Sync + 'static,
{
    /// `dict[key]` (a `KeyError` when it is missing).
    pub fn get(&self, key: K) -> Result<V, Error> {
        self.proxy.item(key).get()
    }

    /// `dict.get(key)`: `None` when it is missing.
    pub fn get_opt(&self, key: K) -> Result<Option<V>, Error> {
        self.proxy.attr("get").call((key,))
    }

    /// `dict[key] = value`.
    pub fn insert(&self, key: K, value: V) -> Result<(), Error> {
        self.proxy.set_item(key, value)
    }

    /// `del dict[key]`.
    pub fn delete(&self, key: K) -> Result<(), Error> {
        self.proxy.del_item(key)
    }

    /// `dict.pop(key)`: its value, taken out (a `KeyError` when it is
    /// missing).
    pub fn pop(&self, key: K) -> Result<V, Error> {
        self.proxy.attr("pop").call((key,))
    }

    /// `dict.keys()`.
    pub fn keys(&self) -> Result<Vec<K>, Error> {
        self.proxy.attr("keys").call(())
    }

    /// `dict.values()`.
    pub fn values(&self) -> Result<Vec<V>, Error> {
        self.proxy.attr("values").call(())
    }

    /// `dict.items()`.
    pub fn items(&self) -> Result<Vec<(K, V)>, Error> {
        self.proxy.attr("items").call(())
    }

    /// `key in dict`.
    pub fn contains_key(&self, key: K) -> Result<bool, Error> {
        self.proxy.contains(key)
    }

    /// [`get`](Self::get) for async code.
    pub fn get_async(&self, key: K) -> ReplyFuture<V> {
        self.proxy.item(key).get_async()
    }

    /// [`insert`](Self::insert) for async code.
    pub fn insert_async(&self, key: K, value: V) -> ReplyFuture<()> {
        self.proxy.set_item_async(key, value)
    }
}
