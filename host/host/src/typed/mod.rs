//! Typed clients: a remote object's methods and fields as Rust methods
//! with their own parameter and return types, over a [`Proxy`].
//!
//! A guest crate compiled for the host's target (the host program depends
//! on it as an ordinary library) gives each `#[remote]` type `T` a client,
//! `TClient`: `counter.inc()?`, `counter.x()?`, `counter.set_x(10)?`,
//! `counter.another().append(6)?`. A misspelled method or an argument of
//! the wrong type is then a compile error, not a remote one. The clients
//! are built on what this module holds:
//!
//! - [`Client`]: what every typed client is (a proxy with typed methods);
//! - [`Typed`]: which client a value of a type is driven by when it is
//!   an attribute of a remote object (a `#[remote]` struct: its own; a
//!   `Vec<T>`: a [`ListClient`]; a map: a [`DictClient`]);
//! - [`Owned`]: a client together with the object it drives, as
//!   `TClient::spawn` returns it.
//!
//! The dynamic [`Proxy`] stays underneath: [`Client::proxy`] gives it for
//! whatever the typed methods do not cover.

mod call;
mod dict;
mod list;
mod objects;
mod owned;

use std::collections::{BTreeMap, HashMap, VecDeque};

pub use call::{Call, CallArgs, ThisFuture};
pub use dict::DictClient;
pub use list::ListClient;
pub use objects::ObjectsClient;
pub use owned::Owned;

use crate::proxy::Proxy;

/// A typed client: typed methods over a [`Proxy`] on one remote object (or
/// on something inside one). Cloning it is cheap; clones drive the same
/// object.
pub trait Client: Clone + Send + Sync + 'static {
    /// The client of what `proxy` designates. Nothing is sent: a proxy on
    /// an object of another type gives errors when the client is used.
    fn from_proxy(proxy: Proxy) -> Self;

    /// The dynamic proxy underneath.
    fn proxy(&self) -> &Proxy;
}

/// The typed client that drives a value of this type when the value lives
/// in a remote object (a field of a `#[remote]` struct, an item of a
/// container). `#[remote]` implements it for each struct; this crate for
/// the std containers the guest SDK makes remote, and for `Box<T>` and
/// `Option<T>` around a typed value (an `Option` that is `None` answers
/// with errors).
pub trait Typed {
    /// Its client.
    type Client: Client;

    /// The client of what `proxy` designates.
    fn client(proxy: Proxy) -> Self::Client {
        Self::Client::from_proxy(proxy)
    }
}

impl<T> Typed for Vec<T>
where
    T: Send + Sync + 'static,
{
    type Client = ListClient<T>;
}

impl<T> Typed for VecDeque<T>
where
    T: Send + Sync + 'static,
{
    type Client = ListClient<T>;
}

impl<K, V> Typed for BTreeMap<K, V>
where
    K: Send + Sync + 'static,
    V: Send + Sync + 'static,
{
    type Client = DictClient<K, V>;
}

impl<K, V, S> Typed for HashMap<K, V, S>
where
    K: Send + Sync + 'static,
    V: Send + Sync + 'static,
{
    type Client = DictClient<K, V>;
}

impl<T: Typed> Typed for Box<T> {
    type Client = T::Client;
}

impl<T: Typed> Typed for Option<T> {
    type Client = T::Client;
}

/// Implements [`Client`], `Clone` and `Debug` for a container's client (a
/// `proxy` field and a marker), and what every container has: `len`,
/// `is_empty`, `clear`.
macro_rules! proxy_client {
    ($name:ident < $($param:ident),* >) => {
        impl<$($param: Send + Sync + 'static),*> Client for $name<$($param),*> {
            fn from_proxy(proxy: Proxy) -> Self {
                $name {
                    proxy,
                    _types: ::std::marker::PhantomData,
                }
            }

            fn proxy(&self) -> &Proxy {
                &self.proxy
            }
        }

        impl<$($param),*> Clone for $name<$($param),*> {
            fn clone(&self) -> Self {
                $name {
                    proxy: self.proxy.clone(),
                    _types: ::std::marker::PhantomData,
                }
            }
        }

        impl<$($param),*> $name<$($param),*> {
            /// `len(container)`.
            pub fn len(&self) -> Result<u64, crate::Error> {
                self.proxy.len()
            }

            /// `len(container) == 0`.
            pub fn is_empty(&self) -> Result<bool, crate::Error> {
                self.proxy.is_empty()
            }

            /// `container.clear()`: removes every item.
            pub fn clear(&self) -> Result<(), crate::Error> {
                self.proxy.attr("clear").call(())
            }
        }

        impl<$($param),*> ::std::fmt::Debug for $name<$($param),*> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.proxy)
            }
        }
    };
}
use proxy_client;
