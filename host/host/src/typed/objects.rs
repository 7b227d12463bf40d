//! [`ObjectsClient`]: a list of remote objects inside a remote object (the
//! guest SDK's `Objects<T>`), each item driven by its own typed client.

use std::marker::PhantomData;

use serde::{Serialize, de::DeserializeOwned};

use super::{Client, proxy_client};
use crate::error::Error;
use crate::proxy::Proxy;

/// A list of remote objects, each driven by a `C` (the guest SDK's
/// `Objects<T>` makes `ObjectsClient<TClient>`).
pub struct ObjectsClient<C> {
    proxy: Proxy,
    _types: PhantomData<fn() -> C>,
}

proxy_client!(ObjectsClient<C>);

impl<C: Client> ObjectsClient<C> {
    /// The client of `list[index]` (nothing is sent).
    pub fn get(&self, index: i64) -> C {
        C::from_proxy(self.proxy.item(index))
    }

    /// `list.append(item)`: `item` is the new object's value (its fields),
    /// which the guest decodes into the object.
    pub fn append<T: Serialize>(&self, item: T) -> Result<(), Error> {
        self.proxy.attr("append").call((item,))
    }

    /// `list.pop()`: the last object, taken out, as its value.
    pub fn pop<T: DeserializeOwned>(&self) -> Result<T, Error> {
        self.proxy.attr("pop").call(())
    }
}
