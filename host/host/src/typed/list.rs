//! [`ListClient`]: a Python-style list inside a remote object (a `Vec<T>`
//! or `VecDeque<T>` field), with its items typed.

use std::marker::PhantomData;

use serde::{Serialize, de::DeserializeOwned};

use super::{Client, proxy_client};
use crate::error::Error;
use crate::pending::ReplyFuture;
use crate::proxy::Proxy;

/// A list of `T` inside a remote object: the operations the guest SDK gives
/// a `Vec<T>` (Python's list), each one request. Indices may be negative
/// (from the end), as in Python.
pub struct ListClient<T> {
    proxy: Proxy,
    _types: PhantomData<fn() -> T>,
}

proxy_client!(ListClient<T>);

impl<T: Serialize + DeserializeOwned + Send + Sync + 'static> ListClient<T> {
    /// The whole list.
    pub fn get_all(&self) -> Result<Vec<T>, Error> {
        self.proxy.get()
    }

    /// `list[index]`.
    pub fn get(&self, index: i64) -> Result<T, Error> {
        self.proxy.item(index).get()
    }

    /// `list[index] = item`.
    pub fn set(&self, index: i64, item: T) -> Result<(), Error> {
        self.proxy.set_item(index, item)
    }

    /// `del list[index]`.
    pub fn delete(&self, index: i64) -> Result<(), Error> {
        self.proxy.del_item(index)
    }

    /// `list.append(item)`.
    pub fn append(&self, item: T) -> Result<(), Error> {
        self.proxy.attr("append").call((item,))
    }

    /// `list.insert(index, item)`.
    pub fn insert(&self, index: i64, item: T) -> Result<(), Error> {
        self.proxy.attr("insert").call((index, item))
    }

    /// `list.pop()`: takes the last item off.
    pub fn pop(&self) -> Result<T, Error> {
        self.proxy.attr("pop").call(())
    }

    /// `list.pop(index)`.
    pub fn pop_at(&self, index: i64) -> Result<T, Error> {
        self.proxy.attr("pop").call((index,))
    }

    /// `list.remove(item)`: its first occurrence (a `ValueError` when there
    /// is none).
    pub fn remove(&self, item: T) -> Result<(), Error> {
        self.proxy.attr("remove").call((item,))
    }

    /// `item in list`.
    pub fn contains(&self, item: T) -> Result<bool, Error> {
        self.proxy.contains(item)
    }

    /// [`get`](Self::get) for async code.
    pub fn get_async(&self, index: i64) -> ReplyFuture<T> {
        self.proxy.item(index).get_async()
    }

    /// [`append`](Self::append) for async code.
    pub fn append_async(&self, item: T) -> ReplyFuture<()> {
        self.proxy.attr("append").call_async((item,))
    }

    /// [`len`](Self::len) for async code.
    pub fn len_async(&self) -> ReplyFuture<u64> {
        self.proxy.len_async()
    }
}
