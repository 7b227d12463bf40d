//! [`Owned`]: a typed client together with the object it drives.

use std::{future::Future, ops::Deref};

use remoteobj_protocol::ComponentSource;

use super::Client;
use crate::error::Error;
use crate::host::Host;
use crate::object::RemoteObject;

/// A typed client and the live object it drives, as `TClient::spawn`
/// returns them. It derefs to the client (`counter.inc()?`); the object's
/// own operations (join, stop, close, ...) are on [`object`](Self::object).
/// Dropping it closes the object, as dropping a [`RemoteObject`] does;
/// clones of the client outlive it and then answer
/// [`Error::NotListening`].
#[derive(Debug)]
pub struct Owned<C> {
    client: C,
    object: RemoteObject,
}

impl<C: Client> Owned<C> {
    /// Starts `component` with `host` and waits until it listens.
    pub fn spawn(host: &Host, component: ComponentSource) -> Result<Self, Error> {
        host.spawn(component).map(Self::new)
    }

    /// [`spawn`](Self::spawn) for async code.
    pub fn spawn_async(
        host: &Host,
        component: ComponentSource,
    ) -> impl Future<Output = Result<Self, Error>> + Send + use<C> {
        let spawning = host.spawn_async(component);
        async move { spawning.await.map(Self::new) }
    }

    /// The client of an object already started.
    pub fn new(object: RemoteObject) -> Self {
        Owned {
            client: C::from_proxy(object.proxy()),
            object,
        }
    }

    /// The client.
    pub fn client(&self) -> &C {
        &self.client
    }

    /// The object.
    pub fn object(&self) -> &RemoteObject {
        &self.object
    }

    /// The object and its client, apart.
    pub fn into_parts(self) -> (RemoteObject, C) {
        (self.object, self.client)
    }

    /// Closes the object (see [`RemoteObject::close`]).
    pub fn close(self) {
        self.object.close();
    }
}

impl<C> Deref for Owned<C> {
    type Target = C;

    fn deref(&self) -> &C {
        &self.client
    }
}
