//! The async forms of the object's and the host's operations that are not
//! one request: starting an object, joining its loop, closing it. They wait
//! on a process or on a loop, so each runs its blocking form on a thread of
//! its own (see `off_thread`); describing the object is one request, awaited
//! like a proxy's. None needs a particular runtime.

use std::{future::Future, time::Duration};

use remoteobj_protocol::{ComponentSource, Reply, RequestBody, Schema};
use serde::de::DeserializeOwned;

use crate::awaiting::Awaiting;
use crate::error::Error;
use crate::host::Host;
use crate::object::{RemoteObject, join_until};
use crate::off_thread::off_thread;

impl Host {
    /// [`spawn`](Self::spawn) for async code: starts a worker for
    /// `component` and resolves once the object listens.
    pub fn spawn_async(
        &self,
        component: ComponentSource,
    ) -> impl Future<Output = Result<RemoteObject, Error>> + Send + use<> {
        let host = self.clone();
        async move { off_thread("remoteobj-spawn", move || host.spawn(component)).await }
    }

    /// [`spawn_named`](Self::spawn_named) for async code.
    pub fn spawn_named_async<N: Into<String>>(
        &self,
        name: N,
        component: ComponentSource,
    ) -> impl Future<Output = Result<RemoteObject, Error>> + Send + use<N> {
        let (host, name) = (self.clone(), name.into());
        async move { off_thread("remoteobj-spawn", move || host.spawn_named(name, component)).await }
    }
}

impl RemoteObject {
    /// [`describe`](Self::describe) for async code: the object's schema.
    pub fn describe_async(&self) -> impl Future<Output = Result<Schema, Error>> + Send + use<> {
        let session = self.session.clone();
        async move {
            let timeout = session.settings.request_timeout;
            let ticket = session.submit_one(RequestBody::Describe, timeout)?;
            match Awaiting::new(ticket).await? {
                Reply::Schema(schema) => Ok(schema),
                other => Err(Error::Protocol(format!("describe answered with {other:?}"))),
            }
        }
    }

    /// [`join`](Self::join) for async code: resolves once the object's own
    /// loop has ended, to what it returned. Dropping the future stops
    /// nothing: the loop goes on.
    pub fn join_async<T: DeserializeOwned + Send + 'static>(
        &self,
    ) -> impl Future<Output = Result<T, Error>> + Send + use<T> {
        self.join_within(None)
    }

    /// [`join_timeout`](Self::join_timeout) for async code.
    pub fn join_timeout_async<T: DeserializeOwned + Send + 'static>(
        &self,
        timeout: Duration,
    ) -> impl Future<Output = Result<T, Error>> + Send + use<T> {
        self.join_within(Some(timeout))
    }

    fn join_within<T: DeserializeOwned + Send + 'static>(
        &self,
        timeout: Option<Duration>,
    ) -> impl Future<Output = Result<T, Error>> + Send + use<T> {
        let session = self.session.clone();
        async move { off_thread("remoteobj-join", move || join_until(&session, timeout)).await }
    }

    /// [`close`](Self::close) for async code: resolves once the worker is
    /// shut down and reaped.
    pub async fn close_async(self) {
        // Closing cannot fail; the thread could only fail to start, and
        // then the object is closed here, where it is dropped.
        let _ = off_thread("remoteobj-close", move || {
            self.close();
            Ok(())
        })
        .await;
    }

    /// [`close_and_join`](Self::close_and_join) for async code: closes the
    /// object and resolves to what its loop returned.
    pub async fn close_and_join_async<T: DeserializeOwned + Send + 'static>(
        self,
    ) -> Result<T, Error> {
        off_thread("remoteobj-close", move || self.close_and_join()).await
    }
}
