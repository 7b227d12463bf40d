//! remoteobj guest SDK: expose a Rust type as a remote object from a
//! `wasm32-wasip2` component.
//!
//! Implement [`Remote`] for your type (fields as attributes, methods through
//! [`Remote::call_method`], a nested remote object through
//! [`Member::Object`], a base through [`Remote::base`]) and export it with one
//! line:
//!
//! ```ignore
//! #[derive(Default)]
//! struct Counter { x: i64 }
//!
//! impl remoteobj_guest::Remote for Counter { /* ... */ }
//!
//! remoteobj_guest::export!(Counter);
//! ```
//!
//! Std containers are remote objects already: a `Vec<T>` field behaves like a
//! Python list (`append`, `pop`, `insert`, item get/set/del with negative
//! indices, `len`, `in`).
//!
//! An active object also runs its own loop, exported with
//! `export!(Type, run = my_loop)`, and answers the host at the loop's
//! cooperative points ([`sleep`], [`yield_now`], [`process_requests`]); see
//! [`active`]. It may emit values as it runs ([`emit`], see [`stream`]),
//! end its listening by itself ([`stop_listening`]), and record errors for
//! the host while it goes on ([`catch`], see [`caught`]).

#![warn(missing_docs)]

pub mod active;
pub mod args;
#[doc(hidden)]
pub mod bindings;
pub mod caught;
pub mod containers;
mod describe_probe;
mod dispatch;
pub mod error;
pub mod passto;
pub mod remote;
pub mod resolve;
#[doc(hidden)]
pub mod runtime;
pub mod schema;
pub mod stream;
pub mod value;

pub use active::{Pending, process_requests, should_stop, sleep, stop_listening, yield_now};
pub use args::Args;
pub use caught::{catch, report};
pub use containers::Objects;
pub use error::{Error, ErrorKind, Result};
pub use remote::{Member, Remote, Return, This};
pub use remoteobj_guest_macros::remote;
pub use stream::emit;

#[doc(hidden)]
pub mod __private {
    pub use crate::describe_probe::*;
    pub use crate::dispatch::*;
}

/// The host library, for the typed clients `#[remote]` writes when the
/// crate is compiled for the host's target.
#[cfg(all(unix, not(target_family = "wasm")))]
#[doc(hidden)]
pub use remoteobj_host as __host;
pub use schema::Schema;
pub use value::{Value, decode, encode};

/// Exports a type as this component's remote object.
///
/// - `export!(Counter)` creates the object with `Default::default()` on
///   first use; `export!(Counter, Counter::new)` uses the given constructor
///   (a function or a closure without captures).
/// - `run = my_loop` makes it an active object: the worker calls
///   `my_loop(&mut object)` once the object is ready (see [`active`]). The
///   loop may return `()`, any serializable value, or a `Result` whose error
///   is an SDK [`Error`] (its kind is kept) or any `Display` error (a
///   `RuntimeError`); that is what the host's `join` gets.
/// - `functions(total, summary)` exports `#[remote]` free functions for
///   `passto`.
///
/// The optional parts come in this order:
/// `export!(Toggler, Toggler::new, run = my_loop, functions(total))`.
#[macro_export]
macro_rules! export {
    ($ty:ty) => {
        $crate::__export_object!($ty, <$ty as ::core::default::Default>::default, [], []);
    };
    ($ty:ty, run = $run:expr) => {
        $crate::__export_object!($ty, <$ty as ::core::default::Default>::default, [$run], []);
    };
    ($ty:ty, run = $run:expr, functions($($function:ident),* $(,)?)) => {
        $crate::__export_object!(
            $ty, <$ty as ::core::default::Default>::default, [$run], [$($function),*]
        );
    };
    ($ty:ty, functions($($function:ident),* $(,)?)) => {
        $crate::__export_object!(
            $ty, <$ty as ::core::default::Default>::default, [], [$($function),*]
        );
    };
    ($ty:ty, $init:expr) => {
        $crate::__export_object!($ty, $init, [], []);
    };
    ($ty:ty, $init:expr, run = $run:expr) => {
        $crate::__export_object!($ty, $init, [$run], []);
    };
    ($ty:ty, $init:expr, run = $run:expr, functions($($function:ident),* $(,)?)) => {
        $crate::__export_object!($ty, $init, [$run], [$($function),*]);
    };
    ($ty:ty, $init:expr, functions($($function:ident),* $(,)?)) => {
        $crate::__export_object!($ty, $init, [], [$($function),*]);
    };
}

/// The expansion of [`export!`] once its optional parts are sorted out.
#[doc(hidden)]
#[macro_export]
macro_rules! __export_object {
    ($ty:ty, $init:expr, [$($run:expr)?], [$($function:ident),*]) => {
        // The component's exports exist only in the component: compiled for
        // the host (for its typed clients), the crate exports nothing, so
        // several guest crates can be linked into one host program.
        #[cfg(target_family = "wasm")]
        const _: () = {
            $crate::__export_object_items!($ty, $init, [$($run)?], [$($function),*]);
        };
    };
}

/// The component's export items (see [`__export_object`]).
#[doc(hidden)]
#[macro_export]
macro_rules! __export_object_items {
    ($ty:ty, $init:expr, [$($run:expr)?], [$($function:ident),*]) => {
        #[doc(hidden)]
        pub struct __RemoteobjExport;

        ::std::thread_local! {
            static __REMOTEOBJ_OBJECT: ::core::cell::RefCell<::core::option::Option<$ty>> =
                const { ::core::cell::RefCell::new(::core::option::Option::None) };
        }

        /// Runs `f` on the component's object, created on first use; `None`
        /// when it is already in use.
        #[doc(hidden)]
        fn __remoteobj_with<R>(
            f: impl ::core::ops::FnOnce(&mut $ty) -> R,
        ) -> ::core::option::Option<R> {
            __REMOTEOBJ_OBJECT.with(|cell| {
                let mut slot = cell.try_borrow_mut().ok()?;
                let init: fn() -> $ty = $init;
                ::core::option::Option::Some(f(slot.get_or_insert_with(init)))
            })
        }

        #[doc(hidden)]
        static __REMOTEOBJ_FUNCTIONS: &[(&str, $crate::passto::FreeFunction)] =
            &[$((::core::stringify!($function), $function::__remote_call as $crate::passto::FreeFunction)),*];

        impl $crate::bindings::exports::remoteobj::guest::object::Guest for __RemoteobjExport {
            fn invoke(
                path: ::std::vec::Vec<$crate::bindings::remoteobj::guest::types::Op>,
            ) -> ::core::result::Result<
                $crate::bindings::remoteobj::guest::types::Outcome,
                $crate::bindings::remoteobj::guest::types::Error,
            > {
                $crate::passto::register(__REMOTEOBJ_FUNCTIONS);
                __remoteobj_with(|obj| $crate::runtime::answer(obj, path))
                    .unwrap_or_else(|| ::core::result::Result::Err($crate::runtime::busy()))
            }

            fn describe() -> $crate::bindings::remoteobj::guest::types::Schema {
                let mut schema = __remoteobj_with(|obj| $crate::runtime::describe(obj))
                    .unwrap_or_else($crate::runtime::busy_schema);
                schema.active = $crate::__export_active!($($run)?);
                schema
            }

            fn run() -> ::core::option::Option<
                ::core::result::Result<
                    ::std::vec::Vec<u8>,
                    $crate::bindings::remoteobj::guest::types::Error,
                >,
            > {
                $crate::passto::register(__REMOTEOBJ_FUNCTIONS);
                $crate::__export_run!(__remoteobj_with $(, $run)?)
            }
        }

        $crate::bindings::__export_world!(__RemoteobjExport with_types_in $crate::bindings);
    };
}

/// Whether the object has a loop of its own.
#[doc(hidden)]
#[macro_export]
macro_rules! __export_active {
    () => {
        false
    };
    ($run:expr) => {
        true
    };
}

/// The body of the `run` export: nothing for a passive object, the author's
/// loop for an active one.
#[doc(hidden)]
#[macro_export]
macro_rules! __export_run {
    ($with:ident) => {
        ::core::option::Option::None
    };
    ($with:ident, $run:expr) => {{
        #[allow(unused_imports)]
        use $crate::__private::{
            FailureIsError as _, FailureViaDisplay as _, RunReturnsResult as _,
            RunReturnsValue as _,
        };
        $with(|obj| {
            let type_name = ::std::string::String::from($crate::Remote::type_name(&*obj));
            let returned = ($run)(obj);
            let value = match (&$crate::__private::RunReturn::new(returned)).split() {
                ::core::result::Result::Ok(value) => value,
                ::core::result::Result::Err(failure) => {
                    ::core::result::Result::Err((&failure).to_remote_error())
                }
            };
            $crate::runtime::run_end(value, ::core::stringify!($run), &type_name)
        })
        .unwrap_or_else(|| {
            ::core::option::Option::Some(::core::result::Result::Err($crate::runtime::busy()))
        })
    }};
}
